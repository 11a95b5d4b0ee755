"""What every ingestor shares: streaming line reading, bad-row policy, batched writes, checksums.

Parsers read bytes line by line (memory flat in file size), decode each line strictly so a bad
byte is reported with its line number, and hash the raw bytes as they go so the release record
carries the checksum of exactly what was loaded.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import lzma
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from kgrag.errors import InputFileError, TooManyBadRowsError
from kgrag.graph.base import GraphStore
from kgrag.graph.rows import EdgeRow, edge_row
from kgrag.records import Concept, Relation, Release

# Records per committed batch when neither the caller nor KGRAG_BATCH_SIZE says (UMLS uses its own, larger one).
DEFAULT_BATCH_SIZE = 100_000

ProgressCallback = Callable[[int, int], None]
"""Called with the bytes and the rows consumed since the previous call (either may be 0)."""
ProgressFactory = Callable[[str, int], ProgressCallback]
"""Opens one progress bar: (label, total; 0 = a count with no known end) -> its callback."""


# The longest name or synonym, and the longest definition, a source may give a concept (characters). Real
# releases stay far below (UMLS limits an atom's STR to 3,000); a longer field is a broken or hostile file,
# and one 60 MB name would make every page that shows the concept crawl.
MAX_NAME_CHARS = 4_096
MAX_DEFINITION_CHARS = 65_536

# What reading a source's bytes can raise: I/O errors and a bad gzip header (OSError), a truncated
# gzip stream (EOFError), a corrupt deflate or LZMA stream (zlib.error, LZMAError), a zip member failing
# its CRC (BadZipFile).
READ_ERRORS: tuple[type[Exception], ...] = (OSError, EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile)


DATA_SUFFIXES = (".rrf", ".txt", ".tsv", ".csv", ".xml", ".obo", ".hpoa", ".json", ".jsonl")


def open_binary(path: Path, members: tuple[str, ...] = DATA_SUFFIXES) -> IO[bytes]:
    """A source file's bytes: plain, gzip (detected by its magic bytes), or the one data file inside a zip
    archive (as sources are often downloaded). Failures become one `InputFileError` naming the path; a
    broken archive is reported at line 1, where reading it stops (as a corrupt gzip header is)."""
    if zipfile.is_zipfile(path):  # False for a missing or unreadable path: opening it below says why
        return _open_member(path, members)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise InputFileError(path, None, "file not found") from None
    except IsADirectoryError:
        raise InputFileError(path, None, "is a directory, expected a file") from None
    except OSError as exc:
        raise InputFileError(path, None, f"cannot read: {exc.strerror or exc}") from None
    if handle.read(2) == b"\x1f\x8b":
        handle.seek(0)
        return gzip.GzipFile(fileobj=handle)  # type: ignore[return-value]
    handle.seek(0)
    return handle


def _open_member(path: Path, members: tuple[str, ...]) -> IO[bytes]:
    try:
        archive = zipfile.ZipFile(path)
        inside = [m for m in archive.namelist() if m.lower().endswith(members)]
        if len(inside) == 1:
            return archive.open(inside[0])
    # Corrupt offsets (OSError on seek), bad headers, encrypted members, unsupported compression or version.
    except (OSError, zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
        raise InputFileError(path, 1, f"cannot read the archive: {exc}") from None
    raise InputFileError(path, 1, f"expected one data file in the archive, found {inside or 'none'}")


def read_head(path: Path, size: int, members: tuple[str, ...] = DATA_SUFFIXES) -> bytes:
    """The first `size` (decompressed) bytes of a source file, to detect its format."""
    with open_binary(path, members) as handle:
        try:
            return handle.read(size)
        except READ_ERRORS as exc:  # a corrupt .gz or .zip fails on the first read, not when opened
            raise InputFileError(path, 1, f"cannot read: {exc}") from None


class EmptySourceError(InputFileError):
    """A source with no records: loading it would report success on nothing (`--allow-empty` accepts it)."""


def check_source(path: Path, *, allow_empty: bool = False, line_based: bool = True) -> None:
    """Refuse a source file before anything of it is written: one with no bytes at all (unless `allow_empty`),
    or (`line_based`, plain files only: compressed ones fail when their stream ends early) one whose last line
    has no newline, which is how a download or copy cut short looks. Release files always end with one."""
    if not read_head(path, 1):
        if allow_empty:
            return
        raise EmptySourceError(path, 1, "the file is empty (no records); download it again, or pass --allow-empty "
                                        "to load it anyway")
    if not line_based or zipfile.is_zipfile(path):
        return
    with path.open("rb") as handle:
        if handle.read(2) == b"\x1f\x8b":
            return
        handle.seek(-1, io.SEEK_END)
        if handle.read(1) == b"\n":
            return
        handle.seek(0)
        last_line = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) + 1
    raise InputFileError(path, last_line, "the file ends in the middle of this line (no newline after it): it looks "
                                          "cut short by an interrupted download or copy; download it again (if it "
                                          "is complete, add the final newline)")


def require_records(path: Path, records: int, what: str, allow_empty: bool, line: int = 1) -> None:
    """A source that parsed cleanly but held none of `what` is refused (unless `allow_empty`); callers check this
    before recording the file's release, and nothing of the file was written since it had no records. `line`:
    where reading ended (the last line, when the caller knows it)."""
    if records == 0 and not allow_empty:
        raise EmptySourceError(path, max(line, 1), f"no {what} in the file: is it the right file? (--allow-empty "
                                                   "loads it anyway)")


def check_text(path: Path, line: int | None, field: str, value: str, limit: int = MAX_NAME_CHARS) -> None:
    """A name, synonym or definition longer than its cap is a bad row (`path:line`, through the bad-row policy
    where the caller has one)."""
    if len(value) > limit:
        raise InputFileError(path, line, f"{field} has {len(value):,} characters; the longest accepted is {limit:,}")


def check_concept_text(concept: Concept, path: Path, line: int | None) -> Concept:
    """`concept`, once its name, synonyms and definition are within their caps."""
    check_text(path, line, "name", concept.name)
    for synonym in concept.synonyms:
        check_text(path, line, "synonym", synonym)
    check_text(path, line, "definition", concept.definition, MAX_DEFINITION_CHARS)
    return concept


class LineFeed:
    """A binary stream for `ET.iterparse` that hands over at most one line per read, so the events the parser
    yields after a read come from line `line` (ElementTree keeps no line numbers of its own)."""

    def __init__(self, raw: io.RawIOBase) -> None:
        self._buffer = io.BufferedReader(raw, 1 << 20)
        self.line = 0  # the line the last bytes read belong to
        self._line_done = True

    @property
    def next_line(self) -> int:
        """The line the next byte read belongs to."""
        return self.line + 1 if self._line_done else self.line

    def read(self, size: int = -1) -> bytes:
        data = self._buffer.readline(size)
        if data and self._line_done:
            self.line += 1
        self._line_done = data.endswith(b"\n")
        return data


class HashingReader(io.RawIOBase):
    """Passes bytes through, hashing them in the blocks they are read in (not line by line) and
    optionally reporting how many were read (for parsers that pull bytes themselves, like XML)."""

    def __init__(self, raw: IO[bytes], progress: ProgressCallback | None = None) -> None:
        self.raw = raw
        self.progress = progress
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.sha256.update(data)
        if self.progress is not None and n:
            self.progress(n, 0)
        return n


class LineReader:
    """Iterate `(line_number, text)` over a UTF-8 text file (or .gz), hashing the bytes read.

    Trailing newlines are stripped. Invalid UTF-8 raises `InputFileError` naming the line and column.

    Bytes are read, hashed and decoded a block (about 1 MB of whole lines) at a time rather than a line at a
    time: on UMLS-sized files (tens of millions of short rows) the per-line decode and bookkeeping cost more
    than splitting the fields. `blocks()` hands out those lines as lists for readers that can use them so;
    iterating yields them one by one with `lines_read` kept exact for the readers that ask for it mid-line
    (the DrugBank CSV).
    """

    BLOCK_BYTES = 1 << 20

    def __init__(self, path: str | Path, progress: ProgressCallback | None = None) -> None:
        self.path = Path(path)
        self.progress = progress
        self._sha256 = hashlib.sha256()
        self.lines_read = 0

    @property
    def checksum(self) -> str:
        """`sha256:<hex>` of the (decompressed) bytes read so far; complete once iteration ends."""
        return f"sha256:{self._sha256.hexdigest()}"

    def __iter__(self) -> Iterator[tuple[int, str]]:
        for first, lines in self.blocks():
            for number, text in enumerate(lines, first):
                self.lines_read = number
                yield number, text

    def blocks(self) -> Iterator[tuple[int, list[str]]]:
        """`(number of the first line, lines)` for consecutive runs of whole lines, newlines stripped; after a
        block is handed out, `lines_read` is the number of its last line. Lines are split at newlines only (as
        binary files split, not as `str.splitlines` does) and a carriage return before a newline is dropped."""
        progress = self.progress
        number = 1  # the next line's number
        pending: list[bytes] = []  # bytes read after the last newline: the start of a line
        with open_binary(self.path) as raw:
            self._sha256 = sha256 = hashlib.sha256()
            try:
                while chunk := raw.read(self.BLOCK_BYTES):
                    sha256.update(chunk)
                    cut = chunk.rfind(b"\n") + 1
                    if not cut:  # no line ends in this chunk (a long line): keep it whole, join once
                        pending.append(chunk)
                        continue
                    block = b"".join((*pending, chunk[:cut])) if pending else chunk[:cut]
                    pending = [chunk[cut:]] if cut < len(chunk) else []
                    lines = yield from self._decoded(block, number)
                    lines.pop()  # the empty string after the block's last newline
                    yield number, lines
                    number += len(lines)
                    self.lines_read = number - 1
                    if progress is not None:
                        progress(len(block), len(lines))
                if pending:  # a last line without a newline
                    tail = b"".join(pending)
                    yield number, (yield from self._decoded(tail, number))
                    self.lines_read = number
                    if progress is not None:
                        progress(len(tail), 1)
            except READ_ERRORS as exc:  # truncated or corrupt .gz or .zip, I/O error mid-file
                raise InputFileError(self.path, self.lines_read + 1, f"cannot read: {exc}") from None

    def _decoded(self, block: bytes, first: int) -> Generator[tuple[int, list[str]], None, list[str]]:
        """The lines of `block` (line `first` onwards) as its return value. A block with invalid UTF-8 first
        yields its lines before the bad one, so whatever they hold is met in file order, then raises
        `InputFileError` at the bad byte's line and column."""
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError as exc:
            start = block.rfind(b"\n", 0, exc.start) + 1  # where the bad line starts
            if start:
                good = _split_lines(block[:start].decode("utf-8"))
                good.pop()
                yield first, good
                self.lines_read = first + len(good) - 1
            line = first + block.count(b"\n", 0, start)
            raise InputFileError(self.path, line, f"invalid UTF-8 byte 0x{block[exc.start]:02x} at column "
                                 f"{exc.start - start + 1}") from None
        return _split_lines(text)


def _split_lines(text: str) -> list[str]:
    """`text` split at newlines, trailing carriage returns dropped (one scan of `text` when it has none)."""
    lines = text.split("\n")
    return [line.rstrip("\r") for line in lines] if "\r" in text else lines


@dataclass
class BadRowPolicy:
    """`--skip-bad-rows N`: tolerate up to N bad rows, remembering each; the next one stops the load.

    A row met again (a file read twice: a check pass, then the load pass) is the same bad row: it is neither
    reported nor counted twice."""

    limit: int = 0
    skipped: list[InputFileError] = field(default_factory=list)
    _seen: set[tuple[str, int | None, str]] = field(default_factory=set)

    def handle(self, error: InputFileError) -> None:
        key = (error.path, error.line, error.reason)
        if key in self._seen:
            return
        if len(self.skipped) >= self.limit:
            if self.limit:
                raise TooManyBadRowsError(
                    error.path, error.line, f"{error.reason} (more than {self.limit} bad rows skipped)"
                )
            raise error
        self._seen.add(key)
        self.skipped.append(error)


@dataclass
class FileReport:
    """What one source file contributed to a load."""

    file: str
    rows: int = 0
    concepts: int = 0
    relations: int = 0
    checksum: str = ""
    loaded: bool = True
    note: str = ""
    seconds: float = 0.0
    version: str = ""  # the release the file itself declares, when it does
    skipped_rows: dict[str, int] = field(default_factory=dict)  # rows left out on purpose, by reason
    lines: int = 0  # lines read, where the format has lines

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped_rows[reason] = self.skipped_rows.get(reason, 0) + count

    def release(self, source: str, version: str) -> Release:
        """The release record of this file, loaded now."""
        return Release(source=source, version=version, file=self.file, checksum=self.checksum, loaded_at=utc_now(),
                       counts={"rows": self.rows, "concepts": self.concepts, "relations": self.relations})


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class LoadReport:
    source: str
    version: str
    files: list[FileReport] = field(default_factory=list)
    skipped: list[InputFileError] = field(default_factory=list)  # bad rows tolerated by --skip-bad-rows
    note: str = ""


class BatchWriter:
    """Collect records and write them in atomic batches of about `size` concepts + relations.

    Records arrive in groups (one concept with its edges, one annotation row) that are never split
    across batches, so a checkpoint taken after a commit always falls on a group boundary.
    `on_commit(position)` is called after each commit with the position of the last group in it.

    Use as a context manager: a clean exit flushes the last batch; an exception discards the
    pending batch, so nothing from a batch that contained a bad row is ever committed.

    A resumed load calls `replay_through(position)`: groups up to that position were committed by an
    earlier run, so they are dropped here instead of written again, while the loader still reads and
    counts them. That keeps a resumed file's counts (and the release record built from them) equal to
    those of an uninterrupted load.

    Relations are kept as edge rows (kgrag.graph.rows) in the order they arrive, so a loader that builds rows
    itself (`add_edge_rows`, UMLS's MRREL) and one that builds `Relation`s write the same way.
    """

    def __init__(self, store: GraphStore, size: int) -> None:
        self.store = store
        self.size = size
        self.concepts: list[Concept] = []
        self.edges: list[EdgeRow] = []
        self.position: int | None = None
        self.on_commit: Callable[[int], None] | None = None
        self._replayed_through = 0

    def replay_through(self, position: int) -> None:
        """Groups at positions up to `position` (of the file being loaded now) are already committed."""
        self._replayed_through = position

    @property
    def replayed_through(self) -> int:
        """The last position an earlier run committed in the file being loaded now (0: none)."""
        return self._replayed_through

    def add(self, concepts: Sequence[Concept] = (), relations: Sequence[Relation] = (),
            position: int | None = None, *, edge_rows: Sequence[EdgeRow] = ()) -> None:
        """One group: concepts and their edges, as `Relation`s or already as rows (written after them)."""
        if position is not None and position <= self._replayed_through:
            return  # committed by an earlier run: counted by the loader, not written twice
        self.concepts.extend(concepts)
        self.edges.extend(map(edge_row, relations))
        self.edges.extend(edge_rows)
        if position is not None:
            self.position = position
        if len(self.concepts) + len(self.edges) >= self.size:
            self.flush()

    def add_edge_rows(self, rows: Sequence[EdgeRow], position: int) -> None:
        """Edges of the groups up to `position`, each its own group (one relation row of a file). The caller
        leaves out rows at positions up to `replayed_through`: only it knows each row's position."""
        if position <= self._replayed_through:
            return
        self.edges.extend(rows)
        self.position = position
        if len(self.concepts) + len(self.edges) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.concepts or self.edges:
            self.store.write_batch(self.concepts, (), self.edges)
            self.concepts, self.edges = [], []
        if self.position is not None and self.on_commit is not None:
            self.on_commit(self.position)
        self.position = None

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.flush()
        else:
            self.concepts, self.edges, self.position = [], [], None
