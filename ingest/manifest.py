"""Resumable loads: a small JSON manifest of which files finished and where the last commit ended.

The manifest is rewritten atomically (temp file + rename) after every committed batch. It may lag
the store by at most one batch after a crash; re-applying that batch is harmless because every
write is a keyed upsert. A file whose size or modification time changed starts over.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class FileState:
    fingerprint: str
    line: int = 0  # the last line whose records are committed
    done: bool = False


def fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


class Manifest:
    """Progress of one source's load, keyed by the release it reads (e.g. a UMLS META directory)."""

    def __init__(self, path: Path, source: str, key: str) -> None:
        self.path = path
        self.source = source
        self.key = key
        self.files: dict[str, FileState] = {}
        self.finished = False
        self.extra: dict[str, Any] = {}
        self._read()

    def _read(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no manifest yet, or an unreadable one: start over
        if data.get("source") != self.source or data.get("key") != self.key:
            return
        self.files = {name: FileState(**state) for name, state in data.get("files", {}).items()}
        self.finished = bool(data.get("finished"))
        self.extra = dict(data.get("extra", {}))

    def state(self, file: Path) -> FileState:
        """This file's progress; a changed file (or one never seen) starts from its first line."""
        current = fingerprint(file)
        state = self.files.get(file.name)
        if state is None or state.fingerprint != current:
            state = self.files[file.name] = FileState(current)
            self.finished = False
        return state

    def is_current(self, files: list[Path]) -> bool:
        """Finished earlier, on exactly these files."""
        return self.finished and all(
            f.name in self.files and self.files[f.name].done and self.files[f.name].fingerprint == fingerprint(f)
            for f in files
        )

    def committed(self, file: Path, line: int) -> None:
        self.files[file.name].line = line
        self.save()

    def checkpoint(self, file: Path) -> Callable[[int], None]:
        """The `BatchWriter.on_commit` callback that records `file`'s committed position."""
        return lambda position: self.committed(file, position)

    def file_done(self, file: Path) -> None:
        self.files[file.name].done = True
        self.save()

    def finish(self) -> None:
        self.finished = True
        self.save()

    def reset(self) -> None:
        self.files, self.finished, self.extra = {}, False, {}
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"source": self.source, "key": self.key, "finished": self.finished,
                "files": {name: asdict(state) for name, state in self.files.items()}, "extra": self.extra}
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
