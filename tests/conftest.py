"""Shared fixtures: the backend-parametrized `store`, a copy of the tiny HPO release, CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kgrag.cli import main
from kgrag.graph import GraphStore, SQLiteGraphStore

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

StoreFactory = Callable[[Path], GraphStore]

# Every GraphStore implementation registers here; the conformance suite runs against each.
STORE_FACTORIES: dict[str, StoreFactory] = {
    "sqlite": lambda tmp: SQLiteGraphStore(tmp / "graph.sqlite"),
}


@pytest.fixture(params=sorted(STORE_FACTORIES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    graph = STORE_FACTORIES[request.param](tmp_path)
    yield graph
    graph.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SQLiteGraphStore]:
    graph = SQLiteGraphStore(tmp_path / "graph.sqlite")
    yield graph
    graph.close()


@pytest.fixture
def hpo_release(tmp_path: Path) -> Path:
    """A writable copy of the tiny HPO release, so a test can corrupt it."""
    target = tmp_path / "hpo"
    shutil.copytree(FIXTURES / "hpo_mini", target)
    return target


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point KGRAG_DATA_DIR at a fresh directory and keep any kgrag.toml in the cwd out of the way."""
    directory = tmp_path / "data"
    monkeypatch.setenv("KGRAG_DATA_DIR", str(directory))
    monkeypatch.setenv("KGRAG_CONFIG", str(tmp_path / "absent.toml"))
    for name in ("KGRAG_GRAPH_BACKEND", "KGRAG_NEO4J_PASSWORD", "KGRAG_BATCH_SIZE"):
        monkeypatch.delenv(name, raising=False)
    return directory


@pytest.fixture
def crash_on_write(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], Callable[[], None]]:
    """Arm a crash: the n-th `SQLiteGraphStore.write_batch` raises KeyboardInterrupt, as a kill mid-load would,
    before anything of that batch is written. Returns the function that disarms it."""

    def arm(n: int) -> Callable[[], None]:
        real = SQLiteGraphStore.write_batch
        calls = {"n": 0}

        def write_batch(self: SQLiteGraphStore, concepts: Any, relations: Any) -> None:
            calls["n"] += 1
            if calls["n"] == n:
                raise KeyboardInterrupt("simulated crash")
            real(self, concepts, relations)

        monkeypatch.setattr(SQLiteGraphStore, "write_batch", write_batch)
        return lambda: monkeypatch.setattr(SQLiteGraphStore, "write_batch", real)

    return arm


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Callable[..., CliResult]:
    """Run `kgrag ARGS...` in-process through the real entry point (exit codes included)."""

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
