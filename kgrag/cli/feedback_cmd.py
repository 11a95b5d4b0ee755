"""`kgrag feedback export`: the clinicians' thumbs and comments, for review or fine-tuning data."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kgrag.cli.common import console_err
from kgrag.config import load_settings
from kgrag.feedback import EXPORT_FORMATS, FeedbackStore

app = typer.Typer(help="Feedback given in the app.", no_args_is_help=True)


@app.command("export")
def export(
    fmt: str = typer.Option("jsonl", "--format", help=f"{' or '.join(EXPORT_FORMATS)}."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Every feedback row with its question, answer, claim, verdict, evidence ids and model."""
    settings = load_settings()
    if not settings.feedback_path.exists():
        console_err.print(f"no feedback yet ({settings.feedback_path} does not exist)")
        return
    store = FeedbackStore(settings.feedback_path)
    try:
        text = store.export(fmt)
    finally:
        store.close()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console_err.print(f"wrote {output}")
