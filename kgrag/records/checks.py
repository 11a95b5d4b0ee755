"""Integrity check results shared by `kgrag graph check` and `kgrag index check`.

A check looks at one invariant the loaders are meant to keep (every edge's endpoints are concepts, every
passage has its document, ...). A crash, a concurrent writer or a hand edit can break one; a check says how
many items break it, shows a few, and gives the one command that repairs them, so an operator never has to
guess whether to re-ingest, rebuild or start over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from kgrag.records.serialize import Record

EXAMPLES = 5  # problem items shown per check


@dataclass(frozen=True, slots=True)
class Found(Record):
    """What an integrity query found: how many items, and the first few of them, as short text."""

    count: int
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckResult(Record):
    """One invariant: how many items were looked at, how many break it, and how to repair them."""

    name: str
    checked: int  # items looked at (edges, passages, ...)
    problems: int  # items that break the invariant
    hint: str = ""  # one line, a command that exists; empty when there is nothing to repair
    examples: tuple[str, ...] = ()
    note: str = ""  # what the check measured beyond the counts (e.g. "stale: rebuilt on next search")

    json_computed: ClassVar[tuple[str, ...]] = ("status",)

    @property
    def ok(self) -> bool:
        return self.problems == 0

    @property
    def status(self) -> str:
        return "ok" if self.ok else "problem"


def result(name: str, checked: int, found: Found, hint: str, note: str = "") -> CheckResult:
    """A check result that carries `hint` only when there is something to repair."""
    return CheckResult(name, checked, found.count, hint if found.count else "", found.examples, note)


def exit_code(results: Sequence[CheckResult]) -> int:
    """0 when every check passed, 1 when any found a problem (the CLI's "user can fix it" code)."""
    return 0 if all(r.ok for r in results) else 1
