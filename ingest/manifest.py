"""Resumable loads: a small JSON manifest of which files finished and where the last commit ended.

The manifest is rewritten atomically (temp file + rename) after every committed batch. It may lag
the store by at most one batch after a crash; re-applying that batch is harmless because every
write is a keyed upsert. A file whose size or modification time changed starts over.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kgrag.records import CheckResult, Found
from kgrag.records.checks import EXAMPLES, result
from kgrag.storage import atomic_write_text

# What re-running each source's load does about an unfinished one: the hint `kgrag graph/index check` gives.
RESUME_HINTS = {
    "HPO": "`kgrag ingest hpo [PATH]` (it loads the whole release again; keyed upserts)",
    "UMLS": "`kgrag ingest umls PATH` (it resumes after the last committed batch)",
    "DrugBank": "`kgrag ingest drugbank PATH` (it resumes after the last committed batch)",
    "Hetionet": "`kgrag ingest hetionet DIR` (it resumes after the last committed batch)",
    "PrimeKG": "`kgrag ingest primekg PATH` (it resumes after the last committed batch)",
    "literature": "`kgrag ingest literature PATH...` (unchanged documents are skipped, the rest loaded)",
}
DEFAULT_RESUME_HINT = "the same `kgrag ingest` command (it resumes after the last committed batch)"


def manifest_name(kind: str, label: str = "", keep: str = "") -> str:
    """The file name of a load's manifest under the data dir's manifest folder: the loader decides it (a source
    has one, "umls.json"; a source loaded per file or per name has one each, "drugbank-vocabulary.csv.json",
    "obo-doid.json"), from `label` with every character but letters, digits and `keep` made "_"."""
    if not label:
        return f"{kind}.json"
    return f"{kind}-{''.join(c if c.isalnum() or c in keep else '_' for c in label)}.json"


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
        atomic_write_text(self.path, json.dumps(data, indent=1))


def unfinished_loads(manifest_dir: Path, sources: tuple[str, ...] | None = None,
                     exclude: tuple[str, ...] = ()) -> CheckResult:
    """Loads of `sources` (None: every source but those in `exclude`) whose journal says they started and never
    finished (killed, crashed, Ctrl-C). Reads the journals as they are and creates nothing."""
    journals = sorted(manifest_dir.glob("*.json")) if manifest_dir.is_dir() else []
    checked, stopped = 0, []
    for path in journals:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stopped.append(("?", f"{path.name}: an unreadable load journal (delete it, then re-run the load)"))
            continue
        source = str(data.get("source", ""))
        if (sources is not None and source not in sources) or source in exclude:
            continue
        checked += 1
        if data.get("finished"):
            continue
        files = data.get("files", {})
        done = sum(1 for state in files.values() if state.get("done"))
        where = str(data.get("key", "")).split("|", 1)[0].splitlines()
        shown = where[0] + (f" and {len(where) - 1} more files" if len(where) > 1 else "") if where else "?"
        stopped.append((source, f"the {source} load of {shown} stopped before its end ({done} file(s) finished)"))
    hint = "re-run it: " + "; ".join(sorted({RESUME_HINTS.get(source, DEFAULT_RESUME_HINT) for source, _ in stopped}))
    return result("loads finished", checked, Found(len(stopped), tuple(text for _, text in stopped[:EXAMPLES])),
                  hint)
