"""`kgrag ddx FINDING... [--exclude FINDING] [--phenopacket FILE]`: a ranked differential diagnosis from
phenotypes, each candidate with the findings it explains and through which of its annotations."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from kgrag.api import KGRAG
from kgrag.cli.common import console, console_err, print_json
from kgrag.config import load_settings
from kgrag.diagnosis import Differential
from kgrag.errors import UserError


def ddx(
    findings: list[str] = typer.Argument(None, help="Observed findings: HPO ids (HP:0001166), term names or free "
                                         "text (\"long fingers, dislocated lens, no seizures\")."),
    exclude: list[str] = typer.Option([], "--exclude", "-x", help="An excluded finding (repeatable)."),
    phenopacket: Path | None = typer.Option(None, "--phenopacket", help="A GA4GH Phenopacket v2 JSON file: its "
                                            "observed and excluded phenotypic features are added."),
    limit: int = typer.Option(10, "--limit", min=1, max=100, help="How many candidates to show."),
    as_json: bool = typer.Option(False, "--json", help="Print the differential as JSON."),
) -> None:
    """Rank the graph's OMIM diseases by how well their HPO annotations explain the findings (information
    content of the best common ancestor, weighted by annotation frequency; an excluded finding counts against
    a disease that almost always shows it)."""
    if not findings and phenopacket is None:
        raise UserError("give findings, e.g. kgrag ddx HP:0001166 \"ectopia lentis\", or --phenopacket FILE")
    with KGRAG(load_settings()) as kg:
        with console_err.status("reading the phenotype model from the graph..."):
            kg.diagnoser  # noqa: B018 - load once, with a status line
        result = kg.diagnose(findings or [], exclude, phenopacket=str(phenopacket) if phenopacket else None,
                             limit=limit)
    if as_json:
        print_json(result.to_dict())
        return
    show_differential(result)


def show_differential(result: Differential) -> None:
    given = ", ".join(f"{f.name} ({f.id})" for f in result.observed)
    console.print(f"[bold]observed:[/] {escape(given)}")
    if result.excluded:
        console.print(f"[bold]excluded:[/] {escape(', '.join(f'{f.name} ({f.id})' for f in result.excluded))}")
    for reason in result.unresolved:
        console.print(f"[yellow]not used:[/] {escape(reason)}")
    table = Table("#", "disease", "score", "explains", "against", title=f"differential over "
                  f"{result.diseases_ranked:,} diseases ({result.scorer})", title_justify="left")
    for c in result.candidates:
        explains = "; ".join(
            f"{m.finding_name}" + ("" if m.annotation == m.finding else f" ~ {m.annotation_name}")
            + (f" [{m.frequency}]" if m.frequency else "") for m in c.matches)
        against = "; ".join(f"{a.finding_name} absent [{a.frequency}]" for a in c.against)
        missing = f" (not: {', '.join(f.name for f in c.unexplained)})" if c.unexplained else ""
        table.add_row(str(c.rank), escape(f"{c.name} ({c.id})"), f"{c.score:.2f}", escape(explains + missing),
                      escape(against))
    console.print(table)
    if result.releases:
        release = result.releases[0]
        console.print(f"[dim]source: {release.source} {release.version}[/]")
