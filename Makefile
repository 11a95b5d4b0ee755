# The README's commands. `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Demo data stays inside the checkout unless the caller chose a data directory.
export KGRAG_DATA_DIR ?= $(CURDIR)/.kgrag
export HF_HUB_OFFLINE := 1

.PHONY: setup demo test lint bench app clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first and pinned: an open range would pull GBs of CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[cpu,dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/kgrag ingest hpo
	$(BIN)/kgrag graph stats
	$(BIN)/kgrag graph search "marfan"
	$(BIN)/kgrag graph show OMIM:154700 --edges 5
	$(BIN)/kgrag graph path "Marfan syndrome" "Ectopia lentis"
	$(BIN)/kgrag graph path "Marfan syndrome" "Loeys-Dietz syndrome 1" --limit 3

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check kgrag ingest graph_schema app tests benchmarks
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/bench_hpo.py
	$(BIN)/python benchmarks/bench_umls.py
	$(BIN)/python benchmarks/bench_neo4j.py

app: setup
	$(BIN)/pip install --quiet -e '.[cpu,dev,app]'
	$(BIN)/kgrag app

clean:
	rm -rf $(VENV) .kgrag .pytest_cache .mypy_cache .ruff_cache
