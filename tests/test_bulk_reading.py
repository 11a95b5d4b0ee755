"""The bulk load path: block reading of lines, RRF rows from blocks, edge rows through the batch writer, and the
UMLS passes built on them (line numbers, resume) at block and batch sizes small enough to cross boundaries."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from ingest.common import BadRowPolicy, BatchWriter, LineReader
from ingest.rrf import RrfLayout
from ingest.umls import UMLS_BATCH_SIZE, load_umls
from kgrag.errors import InputFileError
from kgrag.graph import SQLiteGraphStore
from kgrag.graph.rows import EdgeRow
from kgrag.records import Concept, Relation

from .support.kill_at import KilledThenResumed
from .support.paths import FIXTURES

TEXTS = [b"", b"one", b"one\n", b"a\nb\r\nc", b"\n\n", b"x|y|\r\n" * 5, "é\nü\n".encode(), b"long" * 50 + b"\nshort\n"]


def lines_of(path: Path) -> tuple[list[tuple[int, str, int]], str]:
    reader = LineReader(path)
    seen = [(number, text, reader.lines_read) for number, text in reader]
    return seen, reader.checksum


@pytest.mark.parametrize("data", TEXTS)
@pytest.mark.parametrize("block", [1, 3, 16, 1 << 20])
def test_blocks_of_any_size_give_the_same_lines_numbers_and_checksum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     data: bytes, block: int) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    compressed = tmp_path / "f.txt.gz"
    compressed.write_bytes(gzip.compress(data))
    expected = [line.rstrip(b"\r\n").decode("utf-8") for line in data.splitlines(keepends=True)]
    monkeypatch.setattr(LineReader, "BLOCK_BYTES", block)
    for source in (path, compressed):
        seen, checksum = lines_of(source)
        # lines_read is exact at every line (the DrugBank CSV reader asks for it mid-file)
        assert seen == [(n, text, n) for n, text in enumerate(expected, 1)]
        assert checksum == "sha256:" + hashlib.sha256(data).hexdigest()
        blocks = list(LineReader(source).blocks())
        assert [line for _, lines in blocks for line in lines] == expected
        assert all(first == 1 + sum(len(lines) for _, lines in blocks[:i]) for i, (first, _) in enumerate(blocks))


@pytest.mark.parametrize("block", [4, 1 << 20])
def test_a_bad_byte_is_reported_after_the_lines_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          block: int) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"fine\nalso fine\nbroken \xff byte\nnever read\n")
    monkeypatch.setattr(LineReader, "BLOCK_BYTES", block)
    seen: list[str] = []
    with pytest.raises(InputFileError) as info:
        for _, text in LineReader(path):
            seen.append(text)
    assert seen == ["fine", "also fine"]  # met in file order, as a line-by-line reader would
    assert str(info.value) == f"{path}:3: invalid UTF-8 byte 0xff at column 8"


def test_rrf_rows_cross_blocks_count_lines_and_stop_at_the_limit(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "MRSTY.RRF"
    path.write_text("C1|T1|\nC2|T2|\nbroken|\nC4|T4|\nC5|T5|\n", encoding="utf-8")
    layout = RrfLayout("MRSTY.RRF", ("CUI", "TUI"), "test")
    monkeypatch.setattr(LineReader, "BLOCK_BYTES", 8)
    bad = BadRowPolicy(limit=1)
    assert [(n, f[0]) for n, f in layout.rows(LineReader(path), bad)] == [(1, "C1"), (2, "C2"), (4, "C4"), (5, "C5")]
    assert [e.line for e in bad.skipped] == [3]
    assert [n for n, _ in layout.rows(LineReader(path), BadRowPolicy(limit=1), limit=4)] == [1, 2, 4]
    assert [n for n, _ in layout.rows(LineReader(path), BadRowPolicy(), limit=1)] == [1]


class Recorder:
    """A store that records what each batch held."""

    def __init__(self) -> None:
        self.batches: list[tuple[list[str], list[EdgeRow]]] = []

    def write_batch(self, concepts: Sequence[Concept], relations: Sequence[Relation],
                    edge_rows: Sequence[EdgeRow] = ()) -> None:
        assert not relations  # the writer hands every edge over as a row
        self.batches.append(([c.id for c in concepts], list(edge_rows)))


def row(n: int) -> EdgeRow:
    return (f"X:{n}", "is_a", "X:0", "TEST", 0, "", "", "{}")


def test_the_batch_writer_keeps_arrival_order_and_commits_whole_groups() -> None:
    store = Recorder()
    commits: list[int] = []
    with BatchWriter(store, 3) as writer:  # type: ignore[arg-type]
        writer.on_commit = commits.append
        writer.add([Concept("X:1", "one")], [Relation("X:1", "is_a", "X:0", "TEST")], position=1)
        writer.add_edge_rows([row(2), row(3)], position=5)  # a group of rows: never split across batches
        writer.add([Concept("X:6", "six")], position=6, edge_rows=[row(6)])
    assert store.batches == [(["X:1"], [row(1), row(2), row(3)]), (["X:6"], [row(6)])]
    assert commits == [5, 6]


def test_a_resumed_batch_writer_drops_what_was_committed() -> None:
    store = Recorder()
    with BatchWriter(store, 10) as writer:  # type: ignore[arg-type]
        writer.replay_through(5)
        assert writer.replayed_through == 5
        writer.add_edge_rows([row(4)], position=5)  # committed by the earlier run
        writer.add([Concept("X:5", "five")], position=5)
        writer.add_edge_rows([row(7)], position=7)
    assert store.batches == [([], [row(7)])]


@pytest.fixture
def release(tmp_path: Path) -> Path:
    target = tmp_path / "2099AA" / "META"
    shutil.copytree(FIXTURES / "umls_mini" / "2099AA" / "META", target)
    return target


def test_a_too_long_definition_is_reported_at_its_own_line(release: Path, sqlite_store: SQLiteGraphStore) -> None:
    definitions = release / "MRDEF.RRF"
    lines = definitions.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, "C0004057|A90|AT91||NCI|" + "x" * 70_000 + "|N||\n")  # line 2 of a file read as one block
    definitions.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        load_umls(sqlite_store, release)
    assert str(info.value).startswith(f"{definitions}:2: DEF has 70,000 characters")


@pytest.mark.parametrize("crash_at", [2, 3])
def test_a_load_killed_in_mrrel_resumes_to_the_clean_graph(
    release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    killed_then_resumed: KilledThenResumed, crash_at: int,
) -> None:
    # Edges reach the writer one at a time and batches hold three: MRREL's 7 edges commit as 3, 3 and 1.
    monkeypatch.setattr("ingest.umls._EDGE_CHUNK", 1)
    writes: list[int] = []
    real = SQLiteGraphStore.write_batch

    def counting(self: SQLiteGraphStore, concepts: Sequence[Concept], relations: Sequence[Relation],
                 edge_rows: Sequence[EdgeRow] = ()) -> None:
        writes.append(len(edge_rows))
        real(self, concepts, relations, edge_rows)

    monkeypatch.setattr(SQLiteGraphStore, "write_batch", counting)
    clean = SQLiteGraphStore(tmp_path / "clean.sqlite")
    load_umls(clean, release, batch_size=3)
    monkeypatch.setattr(SQLiteGraphStore, "write_batch", real)
    assert writes[-3:] == [3, 3, 1]

    store = SQLiteGraphStore(tmp_path / "crashed.sqlite")
    manifest = tmp_path / "manifests" / "umls.json"
    # the second or third MRREL batch fails
    resumed = killed_then_resumed(lambda: load_umls(store, release, batch_size=3, manifest_path=manifest),
                                  len(writes) - 3 + crash_at)
    rel = next(f for f in resumed.files if f.file == "MRREL.RRF")
    assert rel.note.startswith("resumed after line") and rel.relations == 7  # counted as a whole file
    assert sorted(map(repr, store.iter_relations())) == sorted(map(repr, clean.iter_relations()))
    assert sorted(map(repr, store.iter_concepts())) == sorted(map(repr, clean.iter_concepts()))


def test_batch_sizes_default_per_source_unless_configured(release: Path, monkeypatch: pytest.MonkeyPatch,
                                                          cli: Callable[..., object]) -> None:
    sizes: list[int] = []

    def recording(*args: object, batch_size: int, **kwargs: object) -> object:
        sizes.append(batch_size)
        return load_umls(*args, batch_size=batch_size, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("kgrag.cli.ingest_cmd.load_umls", recording)
    cli("ingest", "umls", str(release), "--no-progress")
    monkeypatch.setenv("KGRAG_BATCH_SIZE", "7")
    cli("ingest", "umls", str(release), "--no-progress", "--force")
    cli("ingest", "umls", str(release), "--no-progress", "--force", "--batch-size", "3")
    assert sizes == [UMLS_BATCH_SIZE, 7, 3]
