"""A resumable run log: one JSON line per answered question, after a header line that says what produced them.

An evaluation with a local model takes hours, so it must survive Ctrl-C, a crash or a kill. Each record is
written and flushed as soon as its question is answered. On the next run the log is read back: questions
already answered are skipped, and a last line cut off mid-write (the process died while writing it) is
dropped, so it is answered again. A log written under different settings (another model, prompt or mode) is
never mixed with new answers: the run stops and says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from kgrag.errors import UserError
from kgrag.storage import Closing

# Settings that change answers: a log is resumed only when all of them match.
IDENTITY_KEYS = ("benchmark_sha256", "mode", "model", "prompt_version", "option_aware", "max_new_tokens")


class RunLogMismatchError(UserError):
    """The log on disk was written by a run with other settings."""


class RunLog(Closing):
    """Append-only JSONL with a header; `answered` holds the keys of the records already written."""

    def __init__(self, path: Path, header: Mapping[str, Any], *, restart: bool = False) -> None:
        self.path = path
        self.header = dict(header)
        self.records: list[dict[str, Any]] = []
        if restart:
            path.unlink(missing_ok=True)
        if path.exists():
            self._resume()
        self._handle: IO[str] | None = None

    @property
    def answered(self) -> set[tuple[str, str]]:
        return {(r["subset"], r["qid"]) for r in self.records}

    def _resume(self) -> None:
        header, self.records = read_log(self.path, repair=True)
        if not header:
            return
        changed = [key for key in IDENTITY_KEYS if header.get(key) != self.header.get(key)]
        if changed:
            key = changed[0]
            raise RunLogMismatchError(
                f"{self.path} was written with {key}={header.get(key)!r}, this run has {self.header.get(key)!r}; "
                "pass --restart to discard it, or --out another directory")

    def append(self, record: Mapping[str, Any]) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not self.path.exists() or self.path.stat().st_size == 0
            self._handle = self.path.open("a", encoding="utf-8")
            if fresh:
                self._write(self.header)
        self._write(record)
        self.records.append(dict(record))

    def _write(self, record: Mapping[str, Any]) -> None:
        assert self._handle is not None
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def read_log(path: Path, *, repair: bool = False) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and the records of a log ({} and [] when empty). A torn last line is ignored, and with
    `repair` also cut off the file, so that appends start on a fresh line."""
    lines = list(_complete_lines(path, repair))
    if not lines:
        return {}, []
    return _parse(path, *lines[0]), [_parse(path, number, line) for number, line in lines[1:]]


def _complete_lines(path: Path, repair: bool) -> Iterator[tuple[int, str]]:
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if repair and end < len(data):
        with path.open("r+b") as handle:
            handle.truncate(end)
    lines = data[:end].decode("utf-8", errors="replace").splitlines()
    yield from ((number, line) for number, line in enumerate(lines, start=1) if line.strip())


def _parse(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{number}: not a run-log record ({exc.msg}); pass --restart to start over") from None
    if not isinstance(value, dict):
        raise UserError(f"{path}:{number}: not a run-log record; pass --restart to start over")
    return value
