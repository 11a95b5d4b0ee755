"""Fuzzing every ingest parser (issue 10): random input and mutated copies of the small valid fixtures either
parse into well-formed records or raise `InputFileError` saying where, `path:line: reason` -- never anything else.

Parsers are consumed fully; loaders run into a fresh embedded store (a `SQLiteGraphStore`, as the `sqlite_store`
fixture makes) per example. Every case runs a second time under a bad-row policy that skips rows: it must report
the strict run's error first, and change nothing when the strict run succeeded. A failing file never leaves its
own records or release behind (batches holding a bad row are discarded).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.common import BadRowPolicy, LoadReport
from ingest.drugbank import load_drugbank
from ingest.hpo import load_hpo
from ingest.literature import Document, parse
from ingest.obo import OboParser, OboTerm
from ingest.umls import load_umls
from kgrag.errors import InputFileError, TooManyBadRowsError
from kgrag.graph import SQLiteGraphStore

from .support.literature import PUBMED_XML, PUBMEDQA, PUBTATOR
from .support.paths import FIXTURES

T = TypeVar("T")

HPO_FILES = ("hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt")
UMLS_META = FIXTURES / "umls_mini" / "2099AA" / "META"
UMLS_FILES = ("MRCONSO.RRF", "MRREL.RRF", "MRSTY.RRF", "MRDEF.RRF", "MRSAB.RRF", "MRFILES.RRF")
DRUGBANK_FILES = ("drugbank_mini.xml", "drugbank_vocabulary_mini.csv")
JSONL = ('{"id": "DOI:10.1/x", "title": "T", "text": "Body."}\n'
         '{"pmid": "42", "abstract": "Another.", "mesh": ["Aspirin"], "year": 2011}\n'
         '{"PMID": 7, "CONTEXTS": ["One.", "Two."], "LABELS": ["A", "B"], "QUESTION": "Why?"}\n')
LITERATURE = {"pubmed.xml": PUBMED_XML, "corpus.txt": PUBTATOR, "ori_pqal.json": PUBMEDQA, "docs.jsonl": JSONL}
MRCOLS = (b"CUI|Unique identifier for concept||8.00|8|8|MRCONSO.RRF|char(8)|\n"
          b"LAT|Language of term||3.00|3|3|MRCONSO.RRF|char(3)|\n"
          b"STR|String||22.00|1|2950|MRCONSO.RRF|varchar(3000)|\n")

# Bytes that parsers treat specially somewhere: separators, quotes, markup, escapes, bad UTF-8, digits that are
# not ASCII, numbers too long to convert, the gzip magic.
NASTY: tuple[bytes, ...] = (
    b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\t", b"|", b",", b'"', b"'", b"\\", b"\r", b"\n",
    b"\r\n", b"\n\n", b":", b": ", b"!", b" ! ", b"#", b"{", b"}", b"[", b"]", b"<", b">", b"&", b"</", b"<!--",
    b"]]>", b"&#0;", b"&bogus;", b"<?xml", b"[Term]\n", "\u00b2".encode(), "\u0661".encode(), b"C123456\xc2\xb2",
    b"-1", b"99999999999999999999", b"\x1f\x8b",
)
# Very long lines: runs of these (deep nesting with brackets and tags, long numbers, long blanks).
RUNS: tuple[bytes, ...] = (b"x", b" ", b"\t", b"|", b"1", b"{", b"[", b"<a>", b'"', b"\\", b"!", b"\xff", b"{ ")
OPS = ("delete line", "duplicate line", "swap lines", "truncate", "insert bytes", "insert nasty", "overwrite byte",
       "long run", "replace field", "insert text line")


def fuzz(examples: int) -> settings:
    """Example counts keep the file near 30 s on two cores; KGRAG_FUZZ_SCALE=N runs N times as many."""
    return settings(max_examples=examples * int(os.environ.get("KGRAG_FUZZ_SCALE", "1")), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# -- inputs ---------------------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """`seed` after one to four byte or line mutations."""
    data = seed
    for _ in range(draw(st.integers(1, 4))):
        lines = data.splitlines(keepends=True) or [b""]
        i = draw(st.integers(0, len(lines) - 1))
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(OPS))
        if op == "delete line":
            del lines[i]
        elif op == "duplicate line":
            lines.insert(i, lines[i])
        elif op == "swap lines":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            return data[:at]
        elif op == "insert bytes":
            data = data[:at] + draw(st.binary(min_size=1, max_size=24)) + data[at:]
        elif op == "insert nasty":
            data = data[:at] + draw(st.sampled_from(NASTY)) + data[at:]
        elif op == "overwrite byte":
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
        elif op == "long run":
            data = data[:at] + draw(st.sampled_from(RUNS)) * draw(st.integers(1_000, 60_000)) + data[at:]
        elif op == "replace field":
            sep = draw(st.sampled_from([b"\t", b"|", b",", b": ", b" ", b'"', b">", b"<"]))
            parts = lines[i].split(sep)
            k = draw(st.integers(0, len(parts) - 1))
            parts[k] = draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=12).map(str.encode)))
            lines[i] = sep.join(parts)
        else:
            lines.insert(i, draw(st.text(max_size=40)).encode() + b"\n")
        if op in ("delete line", "duplicate line", "swap lines", "replace field", "insert text line"):
            data = b"".join(lines)
    return data


@st.composite
def fuzzed(draw: st.DrawFn, seed: bytes) -> bytes:
    """Mostly mutations of `seed`; sometimes random bytes or random (valid UTF-8) text."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.binary(max_size=600))
    if kind == 1:
        return draw(st.text(max_size=600)).encode()
    return draw(mutated(seed))


# -- checks ---------------------------------------------------------------------------------------


def _attempt(run: Callable[[], T]) -> T | InputFileError:
    """What `run` returns, or the `InputFileError` it raises; any other exception fails the test."""
    try:
        return run()
    except InputFileError as error:
        return error


def _assert_located(error: InputFileError, files: Sequence[Path]) -> None:
    """`path:line: reason`, naming one of `files` and a line inside it (or just past its end)."""
    message = str(error)
    names = "|".join(re.escape(str(f)) for f in files)
    assert re.match(rf"^(?:{names}):\d+: \S", message), message
    assert error.line is not None and error.line >= 1, message
    data = Path(error.path).read_bytes()
    if not data.startswith((b"\x1f\x8b", b"PK")):  # compressed files: lines of the content, not of the file
        assert error.line <= data.count(b"\n") + 2, message


def _assert_policy_agrees(strict: object, tolerant: object, policy: BadRowPolicy, files: Sequence[Path]) -> None:
    """The skipping run reports the strict run's error first, skips at most its limit, and otherwise agrees."""
    for error in policy.skipped:
        _assert_located(error, files)
    reported = [str(e) for e in policy.skipped]
    if isinstance(tolerant, InputFileError):
        _assert_located(tolerant, files)
        if isinstance(tolerant, TooManyBadRowsError):
            assert len(policy.skipped) == policy.limit and str(tolerant).endswith(f"(more than {policy.limit} "
                                                                                  "bad rows skipped)")
        else:
            reported.append(str(tolerant))
    if isinstance(strict, InputFileError):
        assert reported and reported[0] == str(strict)
    else:
        assert reported == [] and tolerant == strict


def _check_parser(path: Path, parse_with: Callable[[BadRowPolicy | None], list[T]],
                  assert_records: Callable[[list[T], Path], None]) -> None:
    """Parse strictly, then skipping up to two bad rows: each run succeeds with well-formed records or reports
    where, and the two agree."""
    strict = _attempt(lambda: parse_with(None))
    if isinstance(strict, InputFileError):
        _assert_located(strict, [path])
    else:
        assert_records(strict, path)
    policy = BadRowPolicy(limit=2)
    _assert_policy_agrees(strict, _attempt(lambda: parse_with(policy)), policy, [path])


def _assert_load_policy_agrees(strict: LoadReport | InputFileError, tolerant: LoadReport | InputFileError,
                               files: Sequence[Path]) -> None:
    """Loaders take `skip_bad_rows`: a tolerant load that succeeds skipped the strict load's error first."""
    if isinstance(tolerant, InputFileError):
        _assert_located(tolerant, files)
        assert isinstance(strict, InputFileError)  # what loads strictly loads with rows skipped too
        return
    for error in tolerant.skipped:
        _assert_located(error, files)
    if isinstance(strict, InputFileError):
        assert tolerant.skipped and str(tolerant.skipped[0]) == str(strict)
    else:
        assert tolerant.skipped == []
        assert [(f.file, f.rows, f.concepts, f.relations) for f in tolerant.files] == [
            (f.file, f.rows, f.concepts, f.relations) for f in strict.files]


def _assert_loaded(report: LoadReport, folder: Path, store: SQLiteGraphStore) -> None:
    """Every file a successful load read is recorded with the checksum of exactly its bytes."""
    recorded = {r.file: r.checksum for r in store.releases()}
    for file in report.files:
        if file.loaded:
            digest = f"sha256:{hashlib.sha256((folder / file.file).read_bytes()).hexdigest()}"
            assert file.checksum == digest == recorded[file.file]


def _assert_failed_cleanly(error: InputFileError, store: SQLiteGraphStore, first_file: Path) -> None:
    """Nothing of a batch holding the bad row is written: the failing file has no release, and when the first
    file fails the store stays empty."""
    assert Path(error.path).name not in {r.file for r in store.releases()}
    if Path(error.path) == first_file:
        assert store.stats().nodes == 0 and store.stats().edges == 0


def _assert_terms(terms: list[OboTerm], path: Path) -> None:
    lines = path.read_bytes().count(b"\n") + 1
    for term in terms:
        assert term.id and term.id == term.id.strip() and term.name, term
        assert 1 <= term.line <= lines, term
        assert all(s.text is not None and s.scope in {"EXACT", "RELATED", "BROAD", "NARROW"} for s in term.synonyms)


def _assert_documents(documents: list[Document], path: Path) -> None:
    for document in documents:
        assert document.doc_id == document.doc_id.strip() and ":" in document.doc_id, document
        assert document.source == path.name and document.line >= 0
        assert all(isinstance(s.name, str) and isinstance(s.text, str) for s in document.sections), document
        assert all(isinstance(m, str) for m in document.mesh), document
        assert all(0 <= m.start <= m.end for m in document.mentions), document


# -- helpers --------------------------------------------------------------------------------------


@contextmanager
def _workdir(tmp_path: Path) -> Iterator[Path]:
    """A fresh directory per example (`tmp_path` is shared by all examples of a test)."""
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        yield Path(folder)


@contextmanager
def _fresh_store() -> Iterator[SQLiteGraphStore]:
    """A new, empty embedded store (in memory: the same SQLite store as the `sqlite_store` fixture's, without
    the file creation that would dominate hundreds of examples)."""
    store = SQLiteGraphStore(":memory:")
    try:
        yield store
    finally:
        store.close()


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# -- OBO -------------------------------------------------------------------------------------------


@fuzz(200)
@given(data=st.data())
def test_obo_parser_reads_or_reports_where(tmp_path: Path, data: st.DataObject) -> None:
    with _workdir(tmp_path) as work:
        path = _write(work / "hp.obo", data.draw(fuzzed((FIXTURES / "hpo_mini" / "hp.obo").read_bytes())))
        _check_parser(path, lambda policy: list(OboParser(path, policy)), _assert_terms)


# -- HPO: hp.obo, phenotype.hpoa, genes_to_phenotype.txt through the loader ------------------------


@pytest.mark.parametrize("name", HPO_FILES)
@fuzz(60)
@given(data=st.data())
def test_hpo_release_loads_or_reports_where(tmp_path: Path, name: str, data: st.DataObject) -> None:
    with _workdir(tmp_path) as work:
        release = work / "hpo"
        shutil.copytree(FIXTURES / "hpo_mini", release)
        _write(release / name, data.draw(fuzzed((release / name).read_bytes())))
        files = [release / n for n in HPO_FILES]
        with _fresh_store() as store:
            strict = _attempt(lambda: load_hpo(store, release))
            if isinstance(strict, InputFileError):
                _assert_located(strict, files)
                _assert_failed_cleanly(strict, store, files[0])
            else:
                _assert_loaded(strict, release, store)
        with _fresh_store() as store:
            tolerant = _attempt(lambda: load_hpo(store, release, skip_bad_rows=2))
        _assert_load_policy_agrees(strict, tolerant, files)


# -- UMLS RRF ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", UMLS_FILES)
@fuzz(40)
@given(data=st.data())
def test_umls_release_loads_or_reports_where(tmp_path: Path, name: str, data: st.DataObject) -> None:
    with _workdir(tmp_path) as work:
        meta = work / "2099AA" / "META"
        shutil.copytree(UMLS_META, meta)
        _write(meta / name, data.draw(fuzzed((meta / name).read_bytes())))
        files = sorted(meta.iterdir())
        with _fresh_store() as store:
            strict = _attempt(lambda: load_umls(store, meta))
            if isinstance(strict, InputFileError):
                _assert_located(strict, files)
                _assert_failed_cleanly(strict, store, meta / "MRCONSO.RRF")
            else:
                _assert_loaded(strict, meta, store)
        with _fresh_store() as store:
            tolerant = _attempt(lambda: load_umls(store, meta, skip_bad_rows=2))
        _assert_load_policy_agrees(strict, tolerant, files)


@fuzz(25)
@given(data=st.data())
def test_umls_mrcols_is_not_read(tmp_path: Path, data: st.DataObject) -> None:
    """kgrag takes layouts from MRFILES.RRF only: whatever MRCOLS.RRF holds changes nothing."""
    with _workdir(tmp_path) as work:
        meta = work / "2099AA" / "META"
        shutil.copytree(UMLS_META, meta)
        with _fresh_store() as store:
            load_umls(store, meta)
            clean = store.stats()
        _write(meta / "MRCOLS.RRF", data.draw(fuzzed(MRCOLS)))
        with _fresh_store() as store:
            load_umls(store, meta)
            fuzzed_stats = store.stats()
        assert (fuzzed_stats.nodes, fuzzed_stats.edges, fuzzed_stats.by_kind, fuzzed_stats.by_predicate) == (
            clean.nodes, clean.edges, clean.by_kind, clean.by_predicate)


# -- DrugBank: full database XML and open vocabulary CSV ------------------------------------------------


@pytest.mark.parametrize("name", DRUGBANK_FILES)
@fuzz(100)
@given(data=st.data())
def test_drugbank_loads_or_reports_where(tmp_path: Path, name: str, data: st.DataObject) -> None:
    with _workdir(tmp_path) as work:
        path = _write(work / name, data.draw(fuzzed((FIXTURES / "drugbank" / name).read_bytes())))
        with _fresh_store() as store:
            strict = _attempt(lambda: load_drugbank(store, path))
            if isinstance(strict, InputFileError):
                _assert_located(strict, [path])
                _assert_failed_cleanly(strict, store, path)
            else:
                _assert_loaded(strict, work, store)
        with _fresh_store() as store:
            tolerant = _attempt(lambda: load_drugbank(store, path, skip_bad_rows=2))
        _assert_load_policy_agrees(strict, tolerant, [path])


# -- literature: PubMed XML, PubTator, PubMedQA JSON, JSONL ---------------------------------------------


@pytest.mark.parametrize("name", sorted(LITERATURE))
@fuzz(150)
@given(data=st.data())
def test_literature_parses_or_reports_where(tmp_path: Path, name: str, data: st.DataObject) -> None:
    with _workdir(tmp_path) as work:
        path = _write(work / name, data.draw(fuzzed(LITERATURE[name].encode())))
        _check_parser(path, lambda policy: list(parse(path, policy)), _assert_documents)


# -- compressed inputs: corrupt .gz and .zip files -----------------------------------------------------


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _zip(data: bytes, inner: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(inner, data)
    return buffer.getvalue()


@st.composite
def corrupted(draw: st.DrawFn, data: bytes) -> bytes:
    """Compressed bytes with one byte overwritten, a range deleted, or cut short (headers, deflate stream and
    checksums all get hit)."""
    at = draw(st.integers(0, len(data) - 1))
    op = draw(st.sampled_from(("overwrite", "delete", "truncate")))
    if op == "overwrite":
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    if op == "delete":
        return data[:at] + data[at + draw(st.integers(1, 8)):]
    return data[:at]


def _read_obo(path: Path, _store: SQLiteGraphStore) -> object:
    return list(OboParser(path))


def _read_literature(path: Path, _store: SQLiteGraphStore) -> object:
    return list(parse(path))


def _load_drugbank(path: Path, store: SQLiteGraphStore) -> object:
    return load_drugbank(store, path)


COMPRESSED: dict[str, tuple[bytes, Callable[[Path, SQLiteGraphStore], object]]] = {
    "hp.obo": ((FIXTURES / "hpo_mini" / "hp.obo").read_bytes(), _read_obo),
    "full database.xml": ((FIXTURES / "drugbank" / "drugbank_mini.xml").read_bytes(), _load_drugbank),
    "pubmed.xml": (PUBMED_XML.encode(), _read_literature),
    "docs.jsonl": (JSONL.encode(), _read_literature),
}


@pytest.mark.parametrize("archive", ["gz", "zip"])
@pytest.mark.parametrize("name", sorted(COMPRESSED))
@fuzz(30)
@given(data=st.data())
def test_corrupt_compressed_inputs_report_where(tmp_path: Path, name: str, archive: str,
                                                data: st.DataObject) -> None:
    content, read = COMPRESSED[name]
    packed = _gzip(content) if archive == "gz" else _zip(content, name)
    with _workdir(tmp_path) as work:
        path = _write(work / f"{name}.{archive}", data.draw(corrupted(packed)))
        with _fresh_store() as store:
            outcome = _attempt(lambda: read(path, store))
        if isinstance(outcome, InputFileError):
            _assert_located(outcome, [path])


# -- the inputs that broke a parser, kept as plain regression tests ------------------------------------------


def _raises_at(run: Callable[[], object], path: Path, line: int, reason: str) -> None:
    with pytest.raises(InputFileError) as info:
        run()
    assert str(info.value).startswith(f"{path}:{line}: ") and reason in str(info.value), str(info.value)


def test_mrfiles_layout_without_a_needed_column_names_its_mrfiles_line(tmp_path: Path,
                                                                       sqlite_store: SQLiteGraphStore) -> None:
    meta = tmp_path / "2099AA" / "META"
    shutil.copytree(UMLS_META, meta)
    _write(meta / "MRFILES.RRF", b"MRCONSO.RRF|Concept names and sources|C|1|0|0|\n")  # was: 'MRCONSO.RRF: has ...'
    _raises_at(lambda: load_umls(sqlite_store, meta), meta / "MRFILES.RRF", 1, "MRCONSO.RRF has no CUI column")


def test_mrconso_first_row_without_a_cui_is_a_bad_row(tmp_path: Path, sqlite_store: SQLiteGraphStore) -> None:
    meta = tmp_path / "2099AA" / "META"
    shutil.copytree(UMLS_META, meta)
    conso = meta / "MRCONSO.RRF"
    conso.write_bytes(b"|ENG|P|L1|PF|S1|Y|A1||||MSH|MH|D1|No CUI|0|N||\n" + conso.read_bytes())  # was: ValueError
    _raises_at(lambda: load_umls(sqlite_store, meta), conso, 1, "CUI: expected C and 7 digits, got ''")
    assert load_umls(sqlite_store, meta, skip_bad_rows=1).files[1].concepts > 0


def test_mrrel_cui_with_a_non_decimal_digit_is_not_a_loaded_concept(tmp_path: Path,
                                                                    sqlite_store: SQLiteGraphStore) -> None:
    meta = tmp_path / "2099AA" / "META"
    shutil.copytree(UMLS_META, meta)
    rel = meta / "MRREL.RRF"
    rel.write_bytes(rel.read_bytes() + "C0004057|A1|SCUI|RO|C123456\u00b2|A2|SCUI|may_treat|R1||MSH||||N||\n".encode())
    report = load_umls(sqlite_store, meta)  # was: ValueError from int("123456²")
    assert report.files[-1].skipped_rows.get("concept not loaded", 0) >= 1


def test_drug_without_a_primary_id_is_reported_at_its_line(tmp_path: Path, sqlite_store: SQLiteGraphStore) -> None:
    xml = _write(tmp_path / "db.xml", (FIXTURES / "drugbank" / "drugbank_mini.xml").read_bytes().replace(
        b'<drugbank-id primary="true">DB00682</drugbank-id>', b""))  # was: 'db.xml: drug #2: ...', no line
    _raises_at(lambda: load_drugbank(sqlite_store, xml), xml, 101, "drug #2: expected a primary drugbank-id")


def test_pubmed_article_without_a_pmid_is_reported_at_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "pubmed.xml", PUBMED_XML.replace('<PMID Version="1">1</PMID>', "").encode())
    _raises_at(lambda: list(parse(path)), path, 23, "PubmedArticle without a PMID")  # was: no line
    assert [d.doc_id for d in parse(path, BadRowPolicy(limit=1))] == ["PMID:21645374", "PMID:999"]


def test_pubmed_xml_in_an_unknown_encoding_is_an_input_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "pubmed.xml", PUBMED_XML.replace('encoding="utf-8"', 'encoding="X-KLINGON"').encode())
    _raises_at(lambda: list(parse(path)), path, 1, "cannot decode: unknown encoding: X-KLINGON")  # was: LookupError


@pytest.mark.parametrize("name, content, line, reason", [
    # json.loads: RecursionError on deep nesting (format detection, a JSONL line, a value of a JSON object)
    ("deep.json", b'{"1": ' + b"[" * 100_000 + b"\n", 1, "malformed JSON: nested too deeply"),
    ("deep.jsonl", b'{"id": "1", "text": "t"}\n{"id": ' + b"[" * 100_000 + b"\n", 2, "malformed JSON: nested"),
    # ValueError from int(): more digits than Python converts
    ("long.json", b'{"1":\n' + b"1" * 5000 + b"}\n", 2, "malformed JSON: Exceeds the limit (4300 digits)"),
    ("long.jsonl", b'{"id": "1", "text": "t"}\n{"id": "2", "year": ' + b"1" * 5000 + b"}\n", 2,
     "malformed JSON: Exceeds the limit"),
])
def test_json_beyond_the_decoder_limits(tmp_path: Path, name: str, content: bytes, line: int, reason: str) -> None:
    path = _write(tmp_path / name, content)
    _raises_at(lambda: list(parse(path)), path, line, reason)


def test_json_mesh_terms_are_strings(tmp_path: Path) -> None:
    path = _write(tmp_path / "docs.jsonl", b'{"id": "1", "text": "t", "mesh": [1, {"a": 2}, "Aspirin"]}\n')
    (document,) = parse(path)
    assert document.mesh == ("1", "{'a': 2}", "Aspirin")  # was: (1, {'a': 2}, ...), and indexing failed on join


def test_long_blank_runs_in_obo_identifiers_parse_in_linear_time(tmp_path: Path) -> None:
    import time

    obo = (FIXTURES / "hpo_mini" / "hp.obo").read_text(encoding="utf-8")
    odd = "HP:0000001" + " " * 200_000 + "x" + "{" * 200_000  # blanks before no `!`, braces with no `}`
    path = _write(tmp_path / "hp.obo", obo.replace("is_a: HP:0000001 ! All", f"is_a: {odd} ! All").encode())
    started = time.perf_counter()
    terms = {t.id: t for t in OboParser(path)}
    assert time.perf_counter() - started < 5  # was: minutes (quadratic regex backtracking)
    assert terms["HP:0000118"].is_a == [odd]


def _zip_with(data: bytes, inner: str, method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr(inner, data)
    return bytearray(buffer.getvalue())


def _corrupt_deflate_gzip(data: bytes) -> bytes:
    packed = bytearray(_gzip(data))
    packed[10] = 0xFF  # first deflate block header: block type 3 does not exist
    return bytes(packed)


def _encrypted_zip(data: bytes) -> bytes:
    packed = _zip_with(data, "data.xml")
    packed[6] |= 1  # "encrypted" flag in the local header ...
    packed[packed.index(b"PK\x01\x02") + 8] |= 1  # ... and in the central directory
    return bytes(packed)


def _corrupt_lzma_zip(data: bytes) -> bytes:
    packed = _zip_with(data, "data.xml", zipfile.ZIP_LZMA)
    packed[packed.index(b"data.xml") + 10] = 0  # the LZMA properties header
    return bytes(packed)


@pytest.mark.parametrize("corrupt, reason", [
    (_corrupt_deflate_gzip, "cannot read: Error -3 while decompressing data"),  # was: zlib.error
    (lambda data: bytes(_zip_with(data, "data.xml")[1:]), "cannot read the archive: "),  # was: no line
    (_encrypted_zip, "cannot read the archive: File 'data.xml' is encrypted"),  # was: RuntimeError
    (_corrupt_lzma_zip, "cannot read: "),  # was: lzma.LZMAError
    (lambda data: b"\x1f\x8b", "cannot read: Compressed file ended"),  # was: EOFError from format detection
])
def test_corrupt_archives_are_input_errors(tmp_path: Path, sqlite_store: SQLiteGraphStore,
                                           corrupt: Callable[[bytes], bytes], reason: str) -> None:
    path = _write(tmp_path / "hp.obo.packed", corrupt((FIXTURES / "hpo_mini" / "hp.obo").read_bytes()))
    _raises_at(lambda: list(OboParser(path)), path, 1, reason)
    _raises_at(lambda: list(parse(path)), path, 1, reason)
    _raises_at(lambda: load_drugbank(sqlite_store, path), path, 1, reason)
