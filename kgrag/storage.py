"""The storage kit every kgrag file store uses: one way to open a SQLite file, one way to replace a file.

`SQLiteFile` is how the graph store, the passage store and the feedback store open their file: the parent
folder made, one connection in autocommit mode (transactions are explicit), WAL with `synchronous=NORMAL`
(crash-safe: a committed transaction survives a killed process, and readers never block the writer), a busy
timeout so a second process waits for a lock instead of failing, a `meta` table holding the schema version (an
older or newer file is refused with the command that helps, never misread), and `transaction()` (BEGIN
IMMEDIATE ... COMMIT, ROLLBACK on any exception, KeyboardInterrupt included).

The threading rule, the same in the code, the app and the README: **a store owns one connection, shared by
every thread of its process.** Python's sqlite3 is built thread-safe here (`sqlite3.threadsafety == 3`,
serialized), so single statements from several threads are safe; a write, and any read that must see one
consistent state across statements, holds the store's lock (`SQLiteFile.lock`, reentrant). Processes coordinate
through SQLite's own file locks (WAL: many readers, one writer).

`atomic_file` / `atomic_write` replace a file as a whole: written to a temporary file in the same folder
(`NAME.<random>.tmp`, which `leftovers` finds after a crash), flushed to disk, given the file's permissions
(0644: the app may read as another user) and renamed over the target, so a reader (another process, the app)
sees the old file or the new one, never half of one; a failure removes the temporary file. `atomic_directory`
does the same for a folder of files (a model's converted weights). The passage index's BM25 folder is swapped
by a symlink instead (`kgrag.text.lexical`): readers holding the old folder keep reading it.

Why not an ORM or a key-value library: the stores are a few dozen fixed, parameterized statements each, and the
standard library's sqlite3 is what every one of them already speaks.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import sqlite3
import tempfile
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Self

from kgrag.errors import StoreError, StoreVersionError

DEFAULT_PRAGMAS: tuple[str, ...] = ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000")
_META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
FILE_MODE = 0o644  # files kgrag writes are read by the app, perhaps as another user


class Closing(ABC):
    """What holds a file, a connection or a model: `close()` it, or open it in a `with` block that closes it.
    The stores, the passage index, run logs and the `KGRAG` facade all close the same way."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SQLiteFile:
    """One SQLite file of a store, opened the kit's way (module docstring)."""

    def __init__(self, path: str | Path, schema: str, version: int, *, what: str, remedy: str,
                 pragmas: Sequence[str] = (), setup: Callable[[sqlite3.Connection], None] | None = None) -> None:
        """`schema`: the store's DDL (idempotent); `version`: the schema version it reads; `what` ("graph
        store") and `remedy` ("re-ingest into a new data directory") word the errors; `pragmas` come after
        DEFAULT_PRAGMAS (a later one wins); `setup` registers SQL functions before the schema runs."""
        self.path = Path(path)
        self.what = what
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        try:
            self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            if setup is not None:
                setup(self.conn)
            for pragma in (*DEFAULT_PRAGMAS, *pragmas):
                self.conn.execute(f"PRAGMA {pragma}")
            self.conn.executescript(_META + schema)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the {what} {path}: {exc}") from None
        found = self.meta("schema_version")
        if found is None:
            self.set_meta("schema_version", str(version))
        elif int(found) != version:
            raise StoreVersionError(f"{path} has {what} schema version {found}, this kgrag reads {version}; {remedy}")

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                          "value = excluded.value", (key, value))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All of the block's statements or none of them, under the store's lock."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def close(self) -> None:
        with self.lock:
            self.conn.close()


@contextmanager
def atomic_file(path: Path, mode: int = FILE_MODE) -> Iterator[Path]:
    """A temporary path beside `path` to write (for libraries that want a file name: FAISS, numpy); on success
    it is flushed to disk, given `mode` and renamed over `path`; on failure it is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temp, mode)  # mkstemp makes 0600
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def atomic_write(path: Path, write: Callable[[IO[bytes]], object], mode: int = FILE_MODE) -> None:
    """Replace `path` with what `write` writes to the binary handle it is given (module docstring)."""
    with atomic_file(path, mode) as temp, temp.open("wb") as out:
        write(out)


def atomic_write_bytes(path: Path, data: bytes | bytearray, mode: int = FILE_MODE) -> None:
    atomic_write(path, lambda out: out.write(data), mode)


def atomic_write_text(path: Path, text: str, mode: int = FILE_MODE) -> None:
    atomic_write(path, lambda out: out.write(text.encode("utf-8")), mode)


def files_fingerprint(directory: Path, salt: str) -> str:
    """A short key that changes when any file under `directory` (name, size, modification time) or `salt` (e.g. the
    converting library's version) changes: the name of a cache entry derived from that directory, so a stale
    entry is never read."""
    digest = hashlib.sha256(salt.encode())
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(directory)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def leftovers(path: Path) -> list[Path]:
    """Temporary files of writes to `path` that never finished (the process died before the rename)."""
    return sorted(path.parent.glob(f"{glob.escape(path.name)}*.tmp"))


@contextmanager
def atomic_directory(target: Path, replace: bool = True) -> Iterator[Path]:
    """A temporary folder beside `target` to fill; on success it becomes `target` whole, on failure it is removed
    and `target` is untouched. `replace`: an existing `target` is swapped out (and removed); otherwise the rename
    fails with OSError when `target` exists (of two processes filling the same cache, the first one wins)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f"{target.name}.", suffix=".tmp"))
    try:
        yield temp
        os.chmod(temp, 0o755)
        old = None
        if replace and target.exists():
            old = target.with_name(f"{target.name}.old-{os.getpid()}.tmp")
            target.rename(old)
        temp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
