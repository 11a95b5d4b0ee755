"""Helpers shared by CLI commands: consoles, settings and store opening, JSON output, progress bars."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)

from kgrag.config import Settings, load_settings
from kgrag.graph import GraphStore, open_graph_store

console = Console(highlight=False)
console_err = Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, nothing else on it."""
    print(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))


@contextmanager
def open_store(settings: Settings | None = None) -> Iterator[GraphStore]:
    store = open_graph_store(settings or load_settings())
    try:
        yield store
    finally:
        store.close()


@contextmanager
def file_progress(enabled: bool = True) -> Iterator[Callable[[str, int], Callable[[int], None]] | None]:
    """A progress factory for ingestors: one bar per file, advanced by bytes read (on stderr)."""
    if not enabled:
        yield None
        return
    columns = ("{task.description}", BarColumn(), TaskProgressColumn(), DownloadColumn(),
               TransferSpeedColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console_err, transient=False) as progress:

        def factory(label: str, total: int) -> Callable[[int], None]:
            task = progress.add_task(label, total=total)
            return lambda n: progress.advance(task, n)

        yield factory
