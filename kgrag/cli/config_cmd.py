"""`kgrag config show`: the effective settings, secrets masked."""

from __future__ import annotations

import typer
from rich.table import Table

from kgrag.cli.common import console, print_json
from kgrag.config import load_settings

app = typer.Typer(help="Show the effective configuration.", no_args_is_help=True)


@app.command("show")
def show(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Print the effective settings (env KGRAG_*, kgrag.toml, defaults); secrets are masked."""
    settings = load_settings().masked()
    if as_json:
        print_json(settings)
        return
    table = Table("setting", "value", title="kgrag settings")
    for name, value in settings.items():
        table.add_row(f"KGRAG_{name.upper()}", str(value))
    console.print(table)
