"""Run the `kgrag` CLI and SIGKILL it at an exact point, for the crash-safety tests.

    python -m tests.support.kill_at WHEN:MODULE:QUALNAME:N [WHEN:MODULE:QUALNAME:N ...] -- kgrag-args...

Each spec wraps one function or method (`ingest.common:BatchWriter.flush`) so that its N-th call, counted
across every instance, kills this process with SIGKILL either `before` the call runs or `after` it returns.
SIGKILL, not an exception: no `finally`, no `except`, no `atexit` runs, exactly as when the OOM killer or a
power cut ends a load. The production code has no test hooks; this launcher only wraps what already exists.
With no spec left to fire, the CLI exits normally with its own exit code.

`run_forked` does the same in a forked child of the test process instead of a fresh interpreter: the child
inherits the modules already imported (sentence-transformers alone takes 5-10 s to import on two cores), so
the crash tests can afford dozens of killed and resumed loads. Either way the load runs in its own process
and dies by a real SIGKILL.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ingest.common import LoadReport

WHENS = ("before", "after")

# The `killed_then_resumed` fixture (tests/conftest.py): run a load with a crash armed at its n-th batch write,
# expect it to die there, run it again and return the second report. In-process, for the fast resume tests.
KilledThenResumed = Callable[[Callable[[], LoadReport], int], LoadReport]


def _die() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _wrap(function: Callable[..., Any], when: str, nth: int) -> Callable[..., Any]:
    calls = {"n": 0}

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == nth and when == "before":
            _die()
        result = function(*args, **kwargs)
        if calls["n"] == nth and when == "after":
            _die()
        return result

    return wrapper


def arm(spec: str) -> None:
    """Install one `WHEN:MODULE:QUALNAME:N` kill point."""
    try:
        when, module_name, qualname, nth = spec.split(":")
    except ValueError:
        raise SystemExit(f"bad kill point {spec!r}: expected WHEN:MODULE:QUALNAME:N") from None
    if when not in WHENS:
        raise SystemExit(f"bad kill point {spec!r}: WHEN is one of {', '.join(WHENS)}")
    owner: Any = importlib.import_module(module_name)
    *path, name = qualname.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
    if isinstance(original, (staticmethod, classmethod)):
        raise SystemExit(f"bad kill point {spec!r}: static and class methods are not supported")
    setattr(owner, name, _wrap(original, when, int(nth)))


def main(argv: list[str]) -> int:
    if "--" not in argv:
        raise SystemExit("usage: python -m tests.support.kill_at SPEC... -- kgrag-args...")
    split = argv.index("--")
    for spec in argv[:split]:
        arm(spec)
    from kgrag.cli import main as kgrag_main

    return kgrag_main(argv[split + 1:])


def run_forked(specs: Sequence[str], argv: Sequence[str], env: Mapping[str, str | None], log: Path,
               timeout: int = 300) -> int:
    """Run `main(specs -- argv)` in a forked child, its environment changed by `env` (None removes a variable)
    and its output in `log`.

    Returns what `subprocess` would: the exit code, or minus the signal that ended the child. A child still
    running after `timeout` seconds is ended by SIGALRM (so a hang fails the test instead of blocking it)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the test process
        code = 3
        try:
            out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(out, 1)
            os.dup2(out, 2)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - lives until _exit
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            for key, value in env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            signal.alarm(timeout)
            code = main([*specs, "--", *argv])
        except BaseException:  # noqa: BLE001 - report anything, then leave without running the parent's cleanup
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
