"""Streaming parsers for biomedical literature: PubMed/MEDLINE XML, PubTator, PubMedQA-style JSON and JSONL,
plain text and Markdown. Each yields `Document` records, one at a time, with the line it started on.

The format is detected from the content, not the name. Malformed input raises `InputFileError` with
`path:line: reason` through the caller's bad-row policy. This module only parses; chunking, embedding and
indexing belong to the passage index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree as ET

from ingest.common import (
    READ_ERRORS,
    BadRowPolicy,
    HashingReader,
    LineFeed,
    LineReader,
    ProgressCallback,
    open_binary,
    read_head,
)
from kgrag.errors import InputFileError

LiteratureFormat = Literal["pubmed-xml", "pubtator", "json", "jsonl", "text"]
_PUBTATOR_TEXT = re.compile(r"^(\d+)\|([ta])\|(.*)$")


@dataclass(frozen=True, slots=True)
class Mention:
    """A span annotated in the source (PubTator), offsets over `title + " " + abstract`."""

    start: int
    end: int
    text: str
    type: str
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    name: str  # BACKGROUND, METHODS, ... for structured abstracts; "abstract" or "body" otherwise
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str  # "PMID:12345", or "FILE:<name>" for plain text
    title: str
    sections: tuple[Section, ...]
    source: str  # the file it came from
    line: int  # where its record starts in that file
    journal: str = ""
    year: str = ""
    mesh: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[tuple[str, str, str], ...] = ()  # annotated (type, id, id), e.g. BC5CDR's CID
    deleted: bool = False  # a MEDLINE update file's DeleteCitation: remove this document's passages
    extra: dict[str, str] = field(default_factory=dict)  # e.g. a PubMedQA question and final decision

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sections)


def detect_format(path: Path) -> LiteratureFormat:
    head = read_head(path, 4096).decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        return "pubmed-xml"
    if _PUBTATOR_TEXT.match(head.split("\n", 1)[0]):
        return "pubtator"
    if head.startswith("{"):
        first = _json_or_none(head.split("\n", 1)[0])
        # JSONL: the first line is one whole record. A whole object of records (every value an object) on
        # one line is the keyed-object format, as is any object spanning several lines.
        is_record = isinstance(first, dict) and not all(isinstance(v, dict) for v in first.values())
        return "jsonl" if is_record else "json"
    return "text"


def _json_or_none(text: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # also numbers too long to convert and too deeply nested values
        return None


def parse(path: str | Path, bad_rows: BadRowPolicy | None = None,
          progress: ProgressCallback | None = None) -> Iterator[Document]:
    """Documents of one file, whatever its format."""
    file = Path(path)
    if not file.exists():
        raise InputFileError(file, None, "no such file or directory")
    policy = bad_rows if bad_rows is not None else BadRowPolicy()
    fmt = detect_format(file)
    if fmt == "pubmed-xml":
        return parse_pubmed_xml(file, policy, progress)
    if fmt == "pubtator":
        return parse_pubtator(file, policy, progress)
    if fmt == "jsonl":
        return parse_jsonl(file, policy, progress)
    if fmt == "json":
        return parse_json_object(file, policy, progress)
    return parse_text(file, progress)


# -- PubTator ---------------------------------------------------------------------------------


def parse_pubtator(path: Path, bad_rows: BadRowPolicy, progress: ProgressCallback | None = None
                   ) -> Iterator[Document]:
    """PubTator text (BC5CDR, NCBI-disease): `PMID|t|title`, `PMID|a|abstract`, then tab-separated mentions
    `PMID start end text type ids`; records end at a blank line."""
    pmid, title, abstract, start_line = "", "", "", 0
    mentions: list[Mention] = []
    relations: list[tuple[str, str, str]] = []
    broken = False

    def finish() -> Document | None:
        if not pmid or broken:
            return None
        return Document(doc_id=f"PMID:{pmid}", title=title, sections=(Section("abstract", abstract),),
                        source=path.name, line=start_line, mentions=tuple(mentions), relations=tuple(relations))

    for number, line in LineReader(path, progress):
        if not line.strip():
            document = finish()
            if document is not None:
                yield document
            pmid, title, abstract, mentions, relations, broken = "", "", "", [], [], False
            continue
        if broken:
            continue
        text_line = _PUBTATOR_TEXT.match(line)
        if text_line:
            if pmid and text_line.group(1) != pmid:
                bad_rows.handle(InputFileError(path, number, f"PMID {text_line.group(1)} inside the record of "
                                               f"{pmid} (missing blank line?)"))
                broken = True
                continue
            if not pmid:
                pmid, start_line = text_line.group(1), number
            if text_line.group(2) == "t":
                title = text_line.group(3)
            else:
                abstract = text_line.group(3)
            continue
        fields = line.split("\t")
        if len(fields) == 4 and fields[0] == pmid and not fields[1].isdigit():  # a relation: PMID CID id id
            relations.append((fields[1], fields[2], fields[3]))
            continue
        try:
            if len(fields) < 5 or fields[0] != pmid:
                raise ValueError("expected 'PMID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>ids]' of this record")
            start, end = int(fields[1]), int(fields[2])
            if not 0 <= start <= end:
                raise ValueError(f"bad span {start}-{end}")
        except ValueError as exc:
            bad_rows.handle(InputFileError(path, number, str(exc)))
            broken = True
            continue
        ids = tuple(i.strip() for i in (fields[5] if len(fields) > 5 else "").replace(",", "|").split("|")
                    if i.strip() and i.strip() != "-1")
        mentions.append(Mention(start, end, fields[3], fields[4], ids))
    document = finish()
    if document is not None:
        yield document


# -- PubMed / MEDLINE XML -----------------------------------------------------------------------


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def parse_pubmed_xml(path: Path, bad_rows: BadRowPolicy, progress: ProgressCallback | None = None
                     ) -> Iterator[Document]:
    """PubmedArticleSet files (baseline and update, plain or .gz): one Document per PubmedArticle, and a
    `deleted` Document per PMID of a DeleteCitation."""
    with open_binary(path, (".xml",)) as raw:
        stream = HashingReader(raw, progress)
        feed = LineFeed(stream)  # fed line by line so a bad article can be reported at its line
        root: ET.Element | None = None
        article_lines: list[int] = []  # where each open PubmedArticle starts
        try:
            for event, element in ET.iterparse(feed, events=("start", "end")):
                if event == "start":
                    if root is None:
                        root = element
                    if element.tag == "PubmedArticle":
                        article_lines.append(feed.line)
                    continue
                if element.tag == "PubmedArticle":
                    document = _article(element, path)
                    line = article_lines.pop()
                    if document is None:
                        bad_rows.handle(InputFileError(path, line, "PubmedArticle without a PMID"))
                    else:
                        yield document
                    if root is not None:
                        root.clear()
                elif element.tag == "DeleteCitation":
                    for pmid in element.findall("PMID"):
                        yield Document(doc_id=f"PMID:{_text(pmid)}", title="", sections=(), source=path.name,
                                       line=0, deleted=True)
                    if root is not None:
                        root.clear()
        except ET.ParseError as exc:
            line, column = exc.position
            raise InputFileError(path, line, f"malformed XML at column {column + 1}: "
                                 f"{exc.msg.rsplit(': line ', 1)[0]}") from None
        except LookupError as exc:  # an encoding the XML declaration names but Python does not know
            raise InputFileError(path, 1, f"cannot decode: {exc}") from None
        except READ_ERRORS as exc:
            raise InputFileError(path, feed.next_line, f"cannot read: {exc}") from None
    if root is None:
        raise InputFileError(path, 1, "empty file")


def _article(element: ET.Element, path: Path) -> Document | None:
    citation = element.find("MedlineCitation")
    if citation is None:
        return None
    pmid = _text(citation.find("PMID"))
    if not pmid:
        return None
    article = citation.find("Article")
    title = _text(article.find("ArticleTitle")) if article is not None else ""
    sections = []
    if article is not None:
        for part in article.findall("Abstract/AbstractText"):
            text = _text(part)
            label = part.get("Label") or part.get("NlmCategory")
            if text:
                sections.append(Section(label.upper() if label else "abstract", text))
    journal = _text(article.find("Journal/Title")) if article is not None else ""
    date = article.find("Journal/JournalIssue/PubDate") if article is not None else None
    year = _text(date.find("Year")) if date is not None and date.find("Year") is not None else (
        _text(date.find("MedlineDate"))[:4] if date is not None else "")
    mesh = tuple(_text(d) for d in citation.findall("MeshHeadingList/MeshHeading/DescriptorName"))
    types = tuple(_text(t) for t in article.findall("PublicationTypeList/PublicationType")) if article is not None \
        else ()
    return Document(doc_id=f"PMID:{pmid}", title=title, sections=tuple(sections), source=path.name, line=0,
                    journal=journal, year=year, mesh=mesh, publication_types=types)


# -- JSON and JSONL -----------------------------------------------------------------------------

# The documented generic mapping: the first of these keys present gives each field.
ID_KEYS = ("pmid", "PMID", "id", "doc_id", "_id")  # `_id`: a BEIR corpus.jsonl
TITLE_KEYS = ("title", "TITLE")
TEXT_KEYS = ("CONTEXTS", "contexts", "abstract", "text", "ABSTRACT")
LABEL_KEYS = ("LABELS", "labels")
MESH_KEYS = ("MESHES", "mesh")
YEAR_KEYS = ("YEAR", "year")


def corpus_doc_id(raw: str) -> str:
    """The document id kgrag stores for a JSON record's id: as given when prefixed, else a PMID."""
    raw = raw.strip()
    return raw if ":" in raw else f"PMID:{raw}"


def _first(record: dict[str, object], keys: tuple[str, ...]) -> object:
    return next((record[k] for k in keys if k in record), None)


def json_document(record: object, key: str | None, path: Path, line: int) -> Document:
    """A Document from one JSON record (PubMedQA fields, or the generic keys above)."""
    if not isinstance(record, dict):
        raise InputFileError(path, line, f"expected a JSON object, got {type(record).__name__}")
    doc_id = str(_first(record, ID_KEYS) or key or "").strip()
    if not doc_id:
        raise InputFileError(path, line, f"record has no id (keys tried: {', '.join(ID_KEYS)}, or its object key)")
    texts = _first(record, TEXT_KEYS)
    labels = _first(record, LABEL_KEYS)
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise InputFileError(path, line, f"record {doc_id}: expected text under one of {', '.join(TEXT_KEYS)}")
    names = labels if isinstance(labels, list) and len(labels) == len(texts) else ["abstract"] * len(texts)
    mesh = _first(record, MESH_KEYS)
    extra = {k: str(record[k]) for k in ("QUESTION", "final_decision", "LONG_ANSWER") if k in record}
    return Document(doc_id=corpus_doc_id(doc_id), title=str(_first(record, TITLE_KEYS) or ""),
                    sections=tuple(Section(str(n).upper() if n != "abstract" else "abstract", t)
                                   for n, t in zip(names, texts, strict=True) if t.strip()),
                    source=path.name, line=line, year=str(_first(record, YEAR_KEYS) or ""),
                    # str(): MeSH terms that are not strings ([1]) made the passage store's str.join fail
                    mesh=tuple(str(m) for m in mesh) if isinstance(mesh, list) else (), extra=extra)


def _json_limit(exc: ValueError | RecursionError) -> str:
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";", 1)[0]


def parse_jsonl(path: Path, bad_rows: BadRowPolicy, progress: ProgressCallback | None = None
                ) -> Iterator[Document]:
    for number, line in LineReader(path, progress):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield json_document(record, None, path, number)
        except json.JSONDecodeError as exc:
            bad_rows.handle(InputFileError(path, number, f"malformed JSON at column {exc.colno}: {exc.msg}"))
        except (ValueError, RecursionError) as exc:  # a number too long to convert, nesting too deep for json
            bad_rows.handle(InputFileError(path, number, f"malformed JSON: {_json_limit(exc)}"))
        except InputFileError as exc:
            bad_rows.handle(exc)


def parse_json_object(path: Path, bad_rows: BadRowPolicy, progress: ProgressCallback | None = None
                      ) -> Iterator[Document]:
    """A top-level JSON object of records keyed by id (PubMedQA's ori_pqal.json), decoded one entry at a
    time from a sliding buffer, so memory holds one record, not the file."""
    decoder = json.JSONDecoder()
    lines = iter(LineReader(path, progress))
    buffer, line_of_buffer, pos = "", 1, 0
    exhausted = False

    def fill() -> bool:
        nonlocal buffer, exhausted
        try:
            _, text = next(lines)
        except StopIteration:
            exhausted = True
            return False
        buffer += text + "\n"
        return True

    def skip_space_and(char: str | None) -> None:
        nonlocal pos
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n":
                pos += 1
            if pos < len(buffer) or not fill():
                break
        if char is not None:
            if pos >= len(buffer) or buffer[pos] != char:
                found = repr(buffer[pos]) if pos < len(buffer) else "end of file"
                raise InputFileError(path, line_of_buffer + buffer.count("\n", 0, pos), f"expected {char!r}, "
                                     f"found {found}")
            pos += 1

    def value() -> object:
        nonlocal pos
        while True:
            try:
                result, end = decoder.raw_decode(buffer, pos)
                pos = end
                return result
            except json.JSONDecodeError as exc:
                if exhausted or not fill():
                    line = line_of_buffer + buffer.count("\n", 0, exc.pos)
                    raise InputFileError(path, line, f"malformed JSON: {exc.msg}") from None
            except (ValueError, RecursionError) as exc:  # a number too long to convert, nesting too deep for json
                line = line_of_buffer + buffer.count("\n", 0, pos)
                raise InputFileError(path, line, f"malformed JSON: {_json_limit(exc)}") from None

    def finish() -> None:
        """After the closing brace: only whitespace may follow (reading to the end also completes progress)."""
        nonlocal pos
        pos += 1
        skip_space_and(None)
        if pos < len(buffer):
            raise InputFileError(path, line_of_buffer + buffer.count("\n", 0, pos),
                                 "unexpected data after the JSON object")

    skip_space_and("{")
    skip_space_and(None)
    if pos < len(buffer) and buffer[pos] == "}":
        finish()
        return
    while True:
        record_line = line_of_buffer + buffer.count("\n", 0, pos)
        key = value()
        if not isinstance(key, str):
            raise InputFileError(path, record_line, "expected a string key")
        skip_space_and(":")
        skip_space_and(None)
        record = value()
        try:
            yield json_document(record, key, path, record_line)
        except InputFileError as exc:
            bad_rows.handle(exc)
        skip_space_and(None)
        if pos < len(buffer) and buffer[pos] == "}":
            finish()
            return
        skip_space_and(",")
        skip_space_and(None)
        # drop what is consumed so the buffer stays one record long
        line_of_buffer += buffer.count("\n", 0, pos)
        buffer, pos = buffer[pos:], 0


# -- plain text and Markdown ----------------------------------------------------------------


def parse_text(path: Path, progress: ProgressCallback | None = None) -> Iterator[Document]:
    """One Document per file: the first non-empty line (a Markdown heading's text) is the title."""
    lines = [text for _, text in LineReader(path, progress)]
    body_start = next((i for i, text in enumerate(lines) if text.strip()), None)
    if body_start is None:
        return
    title = lines[body_start].strip().lstrip("#").strip()
    body = "\n".join(lines[body_start + 1:]).strip()
    yield Document(doc_id=f"FILE:{path.name}", title=title,
                   sections=(Section("body", body),) if body else (), source=path.name, line=body_start + 1)
