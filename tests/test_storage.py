"""The storage kit (kgrag/storage.py): how every store opens its SQLite file and how files are replaced whole."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from kgrag.errors import StoreError, StoreVersionError
from kgrag.storage import SQLiteFile, atomic_directory, atomic_file, atomic_write_text, files_fingerprint, leftovers

SCHEMA = "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"


def _open(path: Path, version: int = 1) -> SQLiteFile:
    return SQLiteFile(path, SCHEMA, version, what="test store", remedy="start a new data directory")


def test_a_file_is_opened_in_wal_with_its_schema_version_and_refused_at_another(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "store.sqlite"
    db = _open(path)
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.meta("schema_version") == "1"
    db.set_meta("generation", "3")
    db.close()
    again = _open(path)
    assert again.meta("generation") == "3"
    again.close()
    with pytest.raises(StoreVersionError, match=r"store.sqlite has test store schema version 1, this kgrag reads 2; "
                                                r"start a new data directory"):
        _open(path, version=2)


def test_a_file_that_is_not_sqlite_is_a_store_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open the test store .*store.sqlite"):
        _open(path)


@pytest.mark.parametrize("failure", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_transaction_is_all_or_nothing(tmp_path: Path, failure: BaseException) -> None:
    db = _open(tmp_path / "store.sqlite")
    with db.transaction() as conn:
        conn.execute("INSERT INTO items(name) VALUES ('kept')")
    with pytest.raises(type(failure)):
        with db.transaction() as conn:
            conn.execute("INSERT INTO items(name) VALUES ('lost')")
            raise failure
    assert [row[0] for row in db.conn.execute("SELECT name FROM items")] == ["kept"]
    db.close()


def test_one_connection_serves_many_threads(tmp_path: Path) -> None:
    db = _open(tmp_path / "store.sqlite")

    def write(n: int) -> None:
        for i in range(50):
            with db.transaction() as conn:
                conn.execute("INSERT INTO items(name) VALUES (?)", (f"{n}-{i}",))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert db.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 200
    db.close()


def test_a_file_is_replaced_whole_readable_by_others_and_never_left_half_written(tmp_path: Path) -> None:
    target = tmp_path / "meta.json"
    atomic_write_text(target, '{"v": 1}')
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    with pytest.raises(RuntimeError):
        with atomic_file(target) as temp:
            temp.write_text('{"v": 2, half')
            raise RuntimeError("killed mid-write")
    assert target.read_text() == '{"v": 1}' and leftovers(target) == []
    # What a process killed before the rename leaves behind is found, in the kit's naming and the older one.
    (tmp_path / "meta.json.x1y2.tmp").write_text("half")
    (tmp_path / "meta.jsonq9.tmp").write_text("half")
    assert [p.name for p in leftovers(target)] == ["meta.json.x1y2.tmp", "meta.jsonq9.tmp"]


def test_a_directory_is_replaced_whole_or_kept_when_the_first_one_wins(tmp_path: Path) -> None:
    target = tmp_path / "model"
    with atomic_directory(target) as temp:
        (temp / "weights").write_text("one")
    with atomic_directory(target) as temp:
        (temp / "weights").write_text("two")
    assert (target / "weights").read_text() == "two"
    with pytest.raises(OSError):
        with atomic_directory(target, replace=False) as temp:
            (temp / "weights").write_text("three")
    assert (target / "weights").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_a_files_fingerprint_changes_with_any_file_or_the_salt(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "sub" / "weights.bin").write_bytes(b"1234")
    first = files_fingerprint(tmp_path, "lib 1.0")
    assert first == files_fingerprint(tmp_path, "lib 1.0") and len(first) == 16
    assert files_fingerprint(tmp_path, "lib 1.1") != first  # another converter version
    before = (tmp_path / "sub" / "weights.bin").stat()
    os.utime(tmp_path / "sub" / "weights.bin", ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    touched = files_fingerprint(tmp_path, "lib 1.0")
    assert touched != first
    (tmp_path / "extra.txt").write_text("x")
    assert files_fingerprint(tmp_path, "lib 1.0") != touched  # a new file
