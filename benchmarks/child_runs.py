"""Loads run in child processes for the load benchmarks: start one, read its JSON result, kill it half-way.

Shared by bench_umls.py and bench_primekg.py: each benchmark re-invokes its own script with a `--child-*`
flag so that every load has a fresh process (its own peak RSS, a real SIGKILL).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any


def status_mb(field: str) -> float:
    """A /proc/self/status memory field (VmRSS:, VmHWM:) in MB; 0 where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def spawn(script: str, *args: str, env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """`script ARGS` in a new interpreter, its stdout captured; `env` adds variables to this one's."""
    return subprocess.Popen([sys.executable, script, *args], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, **env} if env else None)


def result(process: subprocess.Popen[str]) -> dict[str, Any]:
    """The JSON object on the child's last line of output; a failed child ends the benchmark."""
    out, _ = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"child failed with {process.returncode}")
    data: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return data


def kill_when_journal_reaches(process: subprocess.Popen[str], journal: Path, file_name: str, line: int,
                              poll_s: float = 0.1) -> int:
    """SIGKILL the child once its load journal records `file_name` committed past `line`; the line it had
    reached. Ends the benchmark if the load finished first."""
    while process.poll() is None:
        time.sleep(poll_s)
        try:
            state = json.loads(journal.read_text(encoding="utf-8"))["files"].get(file_name, {})
        except (OSError, ValueError, KeyError):
            continue
        if state.get("line", 0) >= line:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return int(state["line"])
    raise SystemExit(f"the load finished before it could be killed at {file_name} line {line:,}")


def kill_at_and_resume(script: str, source: Path, data_dir: Path, journal: Path, file_name: str, line: int,
                       poll_s: float = 0.1) -> dict[str, Any]:
    """Load `source` into `data_dir` in a child (`script --child-load SOURCE DATA_DIR`), SIGKILL it once the
    journal has `file_name` committed past `line`, then load again to the end: the resumed run's result, with
    the line it was killed at."""
    killed_at = kill_when_journal_reaches(spawn(script, "--child-load", str(source), str(data_dir)), journal,
                                          file_name, line, poll_s)
    resumed = result(spawn(script, "--child-load", str(source), str(data_dir)))
    resumed["killed_at_line"] = killed_at
    return resumed


def add_child_arguments(parser: argparse.ArgumentParser, source: str) -> None:
    """The hidden options a benchmark's children are started with (`spawn(script, "--child-load", ...)`)."""
    parser.add_argument("--child-load", nargs=2, metavar=(source, "DATA_DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--child-baseline", nargs=2, metavar=(source, "DB"), help=argparse.SUPPRESS)


def run_child(child_load: list[str] | None, child_baseline: list[str] | None,
              load: Callable[[Path, Path], None], baseline: Callable[[Path, Path], None]) -> bool:
    """Whether this process is a benchmark's child (`--child-load A B` / `--child-baseline A B`); if so it ran."""
    if child_load:
        load(Path(child_load[0]), Path(child_load[1]))
    elif child_baseline:
        baseline(Path(child_baseline[0]), Path(child_baseline[1]))
    return bool(child_load or child_baseline)

