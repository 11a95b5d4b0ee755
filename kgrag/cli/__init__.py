"""The `kgrag` command line: `kgrag ask|verify|ddx|ingest|graph|index|eval|config|export|app ...`.

`main()` owns the exit codes: 0 success, 1 a user error (bad input, unknown id, missing file,
bad usage) printed as one line, 2 an internal error (set KGRAG_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import os
import sys
import traceback

import typer
from typer.exceptions import Abort, TyperException

from kgrag.cli import (
    ask_cmd,
    config_cmd,
    ddx_cmd,
    eval_cmd,
    export_cmd,
    feedback_cmd,
    graph_cmd,
    index_cmd,
    ingest_cmd,
    verify_cmd,
)
from kgrag.cli.common import console_err
from kgrag.errors import UserError

app = typer.Typer(
    name="kgrag",
    help="Medical question answering grounded in a knowledge graph, with claim verification.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(ingest_cmd.app, name="ingest")
app.add_typer(graph_cmd.app, name="graph")
app.add_typer(index_cmd.app, name="index")
app.add_typer(eval_cmd.app, name="eval")
app.add_typer(config_cmd.app, name="config")
app.add_typer(export_cmd.app, name="export")
app.add_typer(feedback_cmd.app, name="feedback")
app.command("ask")(ask_cmd.ask)
app.command("verify")(verify_cmd.verify)
app.command("ddx")(ddx_cmd.ddx)


@app.command("app")
def run_app(
    port: int = typer.Option(8501, help="Port to serve on."),
    address: str = typer.Option("127.0.0.1", help="Address to bind (0.0.0.0 only inside a container)."),
) -> None:
    """Start the Streamlit clinician app (needs `pip install kgrag[app]`)."""
    import importlib.util
    from pathlib import Path

    if importlib.util.find_spec("streamlit") is None:
        raise UserError("the app needs Streamlit: pip install 'kgrag[app]'")
    import app as app_package

    page = Path(app_package.__file__).with_name("main.py")
    command = [sys.executable, "-m", "streamlit", "run", str(page), "--server.address", address,
               "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "viewer"]
    os.execv(sys.executable, command)  # become the server: Ctrl-C and kill reach Streamlit, no orphan is left


def main(argv: list[str] | None = None) -> int:
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="kgrag", standalone_mode=False)
    except UserError as exc:
        console_err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        return 1
    except TyperException as exc:  # bad usage: unknown option, missing argument
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            console_err.print(f"error: {exc.format_message()}", highlight=False)
        return 1
    except (Abort, KeyboardInterrupt):
        console_err.print("aborted")
        return 1
    except Exception as exc:  # noqa: BLE001 - the one place that turns bugs into exit code 2
        if os.environ.get("KGRAG_DEBUG"):
            traceback.print_exc()
        console_err.print(f"[bold red]internal error:[/] {type(exc).__name__}: {exc} "
                          "(set KGRAG_DEBUG=1 for the traceback)", highlight=False, soft_wrap=True)
        return 2
    return result if isinstance(result, int) else 0
