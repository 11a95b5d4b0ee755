"""`kgrag ask "question"`: answer from the graph and the literature with numbered citations."""

from __future__ import annotations

import sys

import typer
from rich.markup import escape
from rich.table import Table

from kgrag.answering.policy import VERIFY_MODES, VerificationPolicy, verify_mode
from kgrag.api import KGRAG
from kgrag.cli.common import console, console_err, print_json
from kgrag.cli.ddx_cmd import show_differential
from kgrag.cli.verify_cmd import show_claims
from kgrag.config import load_settings
from kgrag.errors import UserError
from kgrag.records import Answer, Evidence, Stage


def ask(
    question: str = typer.Argument(..., help="The question; options may follow on their own lines (A. ..., B. ...)."),
    option: list[str] = typer.Option([], "--option", "-o", help="A multiple-choice option as LETTER=TEXT "
                                     "(repeat: -o A=Aspirin -o B=Warfarin)."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole answer as JSON."),
    no_kg: bool = typer.Option(False, "--no-kg", help="Do not use graph facts."),
    no_passages: bool = typer.Option(False, "--no-passages", help="Do not use literature passages."),
    stream: bool = typer.Option(False, "--stream", help="Print the answer as the model writes it."),
    verify: str = typer.Option("", "--verify", help="flag (default: mark contradicted claims), revise (one "
                               "rewrite when the answer contradicts the graph), abstain (withhold it), or off."),
) -> None:
    """Answer a medical question with [K#] graph facts and [P#] passages as cited evidence, and check the
    answer's claims against the graph."""
    options = _parse_options(option)
    settings = load_settings()
    try:
        mode = verify_mode(verify or settings.verify_mode)
    except UserError:  # the API's rule, said in the option's words
        raise UserError(f"--verify {verify!r}: use one of {', '.join(VERIFY_MODES)}") from None
    if stream and not VerificationPolicy(mode).streams:
        console_err.print("[dim]--stream is ignored with --verify abstain: the answer is shown once checked[/]")
        stream = False
    with KGRAG(settings) as kg:
        if stream and not as_json:
            answer = kg.ask(question, options, use_kg=not no_kg, use_passages=not no_passages, on_token=_write,
                            on_stage=lambda stage: console_err.print(f"[dim]{STAGE_LABELS[stage]}...[/]"),
                            verify=mode)
            sys.stdout.write("\n")
        else:
            with console_err.status(STAGE_LABELS["loading"] + "...") as status:
                answer = kg.ask(question, options, use_kg=not no_kg, use_passages=not no_passages,
                                on_stage=lambda stage: status.update(STAGE_LABELS[stage] + "..."),
                                verify=mode)
    if as_json:
        print_json(answer.to_dict())
        return
    _show(answer, printed=stream)


STAGE_LABELS: dict[Stage, str] = {
    # The first run with a local model also dequantizes and converts it once (about 30 s for the default).
    "loading": "loading the linker, the passage index and the model (a first run also prepares the model, once)",
    "linking": "linking the question",
    "retrieving": "retrieving graph facts and passages", "generating": "generating the answer",
    "verifying": "checking the answer's claims against the graph", "revising": "asking the model to revise",
}


def _write(piece: str) -> None:
    sys.stdout.write(piece)
    sys.stdout.flush()


def _parse_options(values: list[str]) -> dict[str, str] | None:
    options: dict[str, str] = {}
    for value in values:
        letter, sep, text = value.partition("=")
        if not sep or len(letter.strip()) != 1 or not letter.strip().isalpha():
            raise UserError(f"--option {value!r}: write it as LETTER=TEXT, e.g. -o A=Aspirin")
        options[letter.strip().upper()] = text
    return options or None


def _show(answer: Answer, printed: bool) -> None:
    if answer.graph_answer is not None:  # what the graph says by itself, before the model's words
        graph = answer.graph_answer
        console.print(f"[bold blue]graph answer[/] [dim](from the graph alone, {escape(', '.join(graph.sources))})"
                      f"[/]: {escape(graph.text)}", soft_wrap=True)
        if graph.choice:
            console.print(f"[dim]graph evidence favours option {escape(graph.choice)}[/]")
        if answer.differential is not None:
            show_differential(answer.differential)
        console.print("[bold]model's answer:[/]" if not printed else "[dim](the model's answer is above)[/]")
    if printed and answer.original_text is not None:  # the streamed text was revised or withheld
        console.print("[bold]after verification:[/]")
    if not printed or answer.original_text is not None:
        console.print(escape(answer.text), soft_wrap=True)
    for notice in answer.notices:
        console.print(f"[yellow]note:[/] {escape(notice)}", soft_wrap=True)
    _show_evidence(answer)
    show_claims(answer.claims)
    if answer.groundedness is not None:
        console.print(f"groundedness: {answer.groundedness:.2f} (supported / checkable claims)")
    if answer.linked_concepts:
        linked = ", ".join(f"{c.mention} -> {c.id} {c.name}" for c in answer.linked_concepts[:8])
        console.print(f"[dim]linked: {escape(linked)}[/]", soft_wrap=True)
    stages = ", ".join(f"{stage} {ms:,.0f} ms" for stage, ms in answer.timings.items())
    console.print(f"[dim]plan: {escape(answer.plan.reason)}[/]", soft_wrap=True)
    console.print(f"[dim]{escape(answer.model)} · {answer.prompt_version} · {stages}[/]", soft_wrap=True)


def _show_evidence(answer: Answer) -> None:
    """Every [K#]/[P#] the model was offered, cited or not, with how each was used: a reader sees what the
    answer could have relied on even when the model cited nothing."""
    offered: list[Evidence] = [*answer.facts, *answer.passages]
    if not offered:
        return
    used = {c.id: c.method for c in answer.citations}
    table = Table("id", "used", "evidence", "source", title="evidence offered", title_justify="left")
    for item in offered:
        text = item.text if len(item.text) <= 240 else item.text[:237] + "..."
        mark = {"model": "cited", "attributed": "attributed*"}.get(used.get(item.id, ""), "")
        table.add_row(item.id, mark, escape(text), escape(item.source))
    console.print(table)
    if "attributed" in used.values():
        console.print("[dim]* the model cited nothing; kgrag attributed these by word overlap[/]")
