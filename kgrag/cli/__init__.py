"""The `kgrag` command line: `kgrag ask|verify|ddx|ingest|graph|index|eval|config|export|app ...`.

`main()` owns the exit codes: 0 success, 1 a user error (bad input, unknown id, missing file,
bad usage) printed as one line, 2 an internal error (set KGRAG_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import typer
from typer.exceptions import Abort, TyperException

from kgrag.cli.common import console_err
from kgrag.errors import UserError

# Command groups and commands by module, imported only when invoked: `kgrag graph stats` must not pay for
# torch, bm25s or the answering stack that `ask` needs (a fresh `graph stats` stays well under a second).
_GROUPS = {"ingest": "ingest_cmd", "graph": "graph_cmd", "index": "index_cmd", "eval": "eval_cmd",
           "config": "config_cmd", "export": "export_cmd", "feedback": "feedback_cmd"}
_COMMANDS = {"ask": ("ask_cmd", "ask"), "verify": ("verify_cmd", "verify"), "ddx": ("ddx_cmd", "ddx")}


def build_app(only: str | None = None) -> typer.Typer:
    """The command tree: all of it (for help and unknown commands), or just the one command being run."""
    root = typer.Typer(
        name="kgrag",
        help="Medical question answering grounded in a knowledge graph, with claim verification.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    root.callback()(_group)  # a group even with one command registered (Typer would collapse it into the root)
    for name, module in _GROUPS.items():
        if only in (None, name):
            root.add_typer(importlib.import_module(f"kgrag.cli.{module}").app, name=name)
    for name, (module, function) in _COMMANDS.items():
        if only in (None, name):
            root.command(name)(getattr(importlib.import_module(f"kgrag.cli.{module}"), function))
    if only in (None, "app"):
        root.command("app")(run_app)
    return root


def _group() -> None:
    """Medical question answering grounded in a knowledge graph, with claim verification."""


def _invoked(argv: list[str]) -> str | None:
    """The command named first on the line, when it is one this CLI has; else None (build everything)."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in (*_GROUPS, *_COMMANDS, "app") else None


def run_app(
    port: int = typer.Option(8501, help="Port to serve on."),
    address: str = typer.Option("127.0.0.1", help="Address to bind (0.0.0.0 only inside a container)."),
) -> None:
    """Start the Streamlit clinician app (needs the app extra: `pip install "kgrag\\[app]"`)."""
    import importlib.util
    from pathlib import Path

    if importlib.util.find_spec("streamlit") is None:
        raise UserError("the app needs Streamlit: pip install 'kgrag[app]'")
    spec = importlib.util.find_spec("app")  # found, not imported: nothing imports the app
    if spec is None or spec.origin is None:
        raise UserError("the app package is not installed beside kgrag")
    page = Path(spec.origin).with_name("main.py")
    command = [sys.executable, "-m", "streamlit", "run", str(page), "--server.address", address,
               "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "viewer"]
    os.execv(sys.executable, command)  # become the server: Ctrl-C and kill reach Streamlit, no orphan is left


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = typer.main.get_command(build_app(_invoked(args)))
    try:
        result = command.main(args=args, prog_name="kgrag", standalone_mode=False)
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
