"""`kgrag export neo4j-import DIR` and `kgrag graph copy --to neo4j`: move the embedded graph to Neo4j."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from kgrag.cli.common import console, console_err, print_json
from kgrag.config import load_settings
from kgrag.errors import UserError
from kgrag.graph import Neo4jGraphStore, SQLiteGraphStore
from kgrag.graph.transfer import TransferReport, copy_graph, export_neo4j_import

app = typer.Typer(help="Export the graph for other systems.", no_args_is_help=True)


def _embedded_store() -> SQLiteGraphStore:
    settings = load_settings()
    if not settings.graph_path.is_file():
        raise UserError(f"no embedded graph at {settings.graph_path}: load one first (kgrag ingest ...)")
    return SQLiteGraphStore(settings.graph_path)


def _progress_bar(label: str, total: int) -> Progress:
    progress = Progress("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console_err)
    progress.add_task(label, total=total)
    return progress


@app.command("neo4j-import")
def neo4j_import(
    directory: Path = typer.Argument(..., help="Where to write the CSV files (created if missing)."),
    database: str = typer.Option("neo4j", help="Database name for the printed neo4j-admin command."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Write `neo4j-admin database import full` CSVs from the embedded store and print the import command."""
    store = _embedded_store()
    try:
        stats = store.stats()
        with _progress_bar("export", stats.nodes + stats.edges) as progress:
            task = progress.task_ids[0]
            report = export_neo4j_import(store, directory, database, lambda n: progress.advance(task, n))
    finally:
        store.close()
    _print(report, as_json, f"wrote {report.concepts:,} concepts, {report.referenced_nodes:,} referenced ids and "
           f"{report.relations:,} relations to {directory} in {report.seconds:.1f} s. Stop Neo4j, then run:")


def copy_to_neo4j(batch_size: int, as_json: bool) -> None:
    settings = load_settings()
    store = _embedded_store()
    target = Neo4jGraphStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value(),
                             settings.neo4j_database)
    try:
        stats = store.stats()
        with _progress_bar(f"copy to {settings.neo4j_uri}", stats.nodes + stats.edges) as progress:
            task = progress.task_ids[0]
            report = copy_graph(store, target, batch_size=batch_size, progress=lambda n: progress.advance(task, n))
    finally:
        store.close()
        target.close()
    _print(report, as_json, f"copied {report.concepts:,} concepts and {report.relations:,} relations to "
           f"{settings.neo4j_uri} (database {settings.neo4j_database}) in {report.seconds:.1f} s")


def _print(report: TransferReport, as_json: bool, message: str) -> None:
    if as_json:
        print_json(vars(report))
        return
    console.print(message, soft_wrap=True)
    if report.command:
        console.print(report.command, soft_wrap=True, markup=False)
