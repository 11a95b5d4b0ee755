"""Helpers shared by CLI commands: consoles, settings and store opening, JSON output, progress bars, check
reports."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from kgrag.config import Settings, load_settings
from kgrag.errors import MissingStoreError
from kgrag.graph import GraphStore, open_graph_store
from kgrag.records import CheckResult
from kgrag.records.checks import exit_code

if TYPE_CHECKING:  # imported where used: a graph command never loads bm25s, scipy or the linker
    from kgrag.linking.dictionary import DictionaryLinker
    from kgrag.text.passage_index import PassageIndex

console = Console(highlight=False)
console_err = Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, nothing else on it."""
    print(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))


def report_checks(title: str, results: Sequence[CheckResult], as_json: bool) -> int:
    """Print integrity check results (a table, then each problem with examples and its repair; or JSON) and
    return the exit code: 0 when every check passed, 1 when any found a problem."""
    code = exit_code(results)
    if as_json:
        print_json({"ok": code == 0, "checks": [r.to_dict() for r in results]})
        return code
    table = Table("check", "status", "checked", "problems", "note", title=title)
    for r in results:
        status = "[green]ok[/]" if r.ok else "[bold red]problem[/]"
        table.add_row(r.name, status, f"{r.checked:,}", f"{r.problems:,}", r.note)
    console.print(table)
    for r in results:
        if r.ok:
            continue
        console.print(f"[bold red]{r.name}[/]: {r.problems:,} problem(s)")
        for example in r.examples:
            console.print(f"  {example}", soft_wrap=True)
        console.print(f"  [bold]repair:[/] {r.hint}", soft_wrap=True)
    console.print("no problems found" if code == 0 else "problems found (exit code 1)")
    return code


@contextmanager
def open_passage_index(settings: Settings | None = None, *, create: bool = False) -> Iterator[PassageIndex]:
    """The passage index; a command that only reads (`create` False) refuses a data dir that has none."""
    from kgrag.text.passage_index import PassageIndex

    settings = settings or load_settings()
    if not create and not settings.passages_path.is_file():
        raise MissingStoreError(f"there is no passage index in {settings.data_dir} ({settings.passages_path.name} "
                                "does not exist): index literature first (`kgrag ingest literature PATH`)")
    with PassageIndex.open(settings) as index:
        yield index


def make_linker(store: GraphStore) -> DictionaryLinker | None:
    """A dictionary linker over the graph's names, or None while the graph is empty."""
    from kgrag.linking.dictionary import DictionaryLinker

    linker = DictionaryLinker.from_concepts(store.iter_concepts())
    return linker if linker.size else None


@contextmanager
def open_store(settings: Settings | None = None, *, create: bool = False) -> Iterator[GraphStore]:
    """The configured graph store; only loads pass `create` (read-only commands never create the data dir)."""
    store = open_graph_store(settings or load_settings(), create=create)
    try:
        yield store
    finally:
        store.close()


class BytesColumn(DownloadColumn):
    """Bytes read of a file; blank for count-only tasks (passages embedded), which have no known total."""

    def render(self, task: Task) -> Text:
        return super().render(task) if task.total is not None else Text("")


class RowRateColumn(ProgressColumn):
    """Rows read so far and rows per second, from the `rows` field the ingest callback updates."""

    def render(self, task: Task) -> Text:
        rows = int(task.fields.get("rows", 0))
        elapsed = task.finished_time if task.finished else task.elapsed
        rate = f"{rows / elapsed:,.0f} rows/s" if elapsed else "-"
        return Text(f"{rows:,} rows  {rate}", style="progress.data.speed")


@contextmanager
def file_progress(enabled: bool = True) -> Iterator[Callable[[str, int], Callable[[int, int], None]] | None]:
    """A progress factory for ingestors: one bar per file, advanced by bytes, showing rows/s (on stderr)."""
    if not enabled:
        yield None
        return
    columns = ("{task.description}", BarColumn(), TaskProgressColumn(), BytesColumn(), RowRateColumn(),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console_err, transient=False) as progress:

        def factory(label: str, total: int) -> Callable[[int, int], None]:
            task = progress.add_task(label, total=total or None, rows=0)  # 0: a count with no known end
            counted = {"rows": 0}

            def advance(nbytes: int, rows: int) -> None:
                counted["rows"] += rows
                progress.update(task, advance=nbytes, rows=counted["rows"])

            return advance

        yield factory
