"""`kgrag verify "text"`: check the claims of any text against the graph."""

from __future__ import annotations

from collections.abc import Sequence

import typer
from rich.markup import escape
from rich.table import Table

from kgrag.api import KGRAG
from kgrag.cli.common import console, print_json
from kgrag.config import load_settings
from kgrag.errors import UserError
from kgrag.records import Claim

VERDICT_STYLE = {"supported": "green", "contradicted": "bold red", "not_in_kg": "yellow", "unlinked": "dim"}


def verify(
    text: str = typer.Argument(..., help="The text to check, e.g. an answer from another system."),
    as_json: bool = typer.Option(False, "--json", help="Print the claims as JSON."),
) -> None:
    """Extract the claims of TEXT as triples and check each against the graph (supported, contradicted,
    not in the graph, unlinked), with the edges behind each verdict."""
    if not text.strip():
        raise UserError("the text is empty; give the statements to check, e.g. kgrag verify \"FBN1 is associated "
                        "with Marfan syndrome.\"")
    with KGRAG(load_settings()) as kg:
        result = kg.verify(text)
    if as_json:
        print_json(result.to_dict())
        return
    show_claims(result.claims)
    for note in result.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
    if result.groundedness is not None:
        console.print(f"groundedness: {result.groundedness:.2f} (supported / checkable claims)")


def show_claims(claims: Sequence[Claim]) -> None:
    if not claims:
        return
    table = Table("verdict", "claim", "evidence", title="claims checked against the graph", title_justify="left")
    for claim in claims:
        relation = f"{'NOT ' if claim.negated else ''}{claim.predicate}"
        subject = claim.subject.name or claim.subject.text
        obj = claim.object.name or claim.object.text
        evidence = "; ".join(f"{claim.evidence_text(e)} ({e.source} {e.source_release})".replace(" )", ")")
                             for e in claim.evidence[:2])
        style = VERDICT_STYLE[claim.verdict]
        table.add_row(f"[{style}]{claim.verdict}[/]", escape(f"{subject} —{relation}→ {obj}"),
                      escape(evidence or claim.reason))
    console.print(table)
