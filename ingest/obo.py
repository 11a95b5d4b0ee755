"""A streaming parser for the OBO 1.2/1.4 flat file format (hp.obo, mondo.obo, ...).

Yields one `OboTerm` per `[Term]` stanza without holding the file in memory. Only the tags kgrag
uses are interpreted; the rest are kept verbatim in `other` so nothing is silently lost.
Malformed input raises `InputFileError` (`path:line: reason`) through the caller's `BadRowPolicy`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.common import BadRowPolicy, LineReader, ProgressCallback
from kgrag.errors import InputFileError

SYNONYM_SCOPES = frozenset({"EXACT", "RELATED", "BROAD", "NARROW"})
_STANZA = re.compile(r"^\[([A-Za-z]+)\]\s*$")


@dataclass(frozen=True, slots=True)
class OboSynonym:
    text: str
    scope: str
    type: str = ""


@dataclass(slots=True)
class OboTerm:
    id: str
    line: int
    name: str = ""
    definition: str = ""
    synonyms: list[OboSynonym] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    is_a: list[str] = field(default_factory=list)
    alt_ids: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)
    consider: list[str] = field(default_factory=list)
    obsolete: bool = False
    other: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class OboHeader:
    data_version: str = ""
    format_version: str = ""
    ontology: str = ""


def parse_quoted(value: str) -> tuple[str, str]:
    """Split `"text with \\"escapes\\"" rest` into (text, rest). Raises ValueError if unterminated."""
    if not value.startswith('"'):
        raise ValueError('expected a quoted string')
    chars: list[str] = []
    i = 1
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            chars.append(value[i + 1])
            i += 2
            continue
        if ch == '"':
            return "".join(chars), value[i + 1:].strip()
        chars.append(ch)
        i += 1
    raise ValueError("unterminated quoted string")


def _strip_value(value: str) -> str:
    """Drop a trailing `! comment` and `{modifiers}` from an identifier-valued tag.

    Scanned with str methods in linear time: the regexes this replaces backtracked quadratically (a minute
    on one line with a long run of blanks or braces)."""
    bang = value.find("!")
    while bang != -1:  # the comment starts at the first `!` with whitespace before it and whitespace or the end after
        if bang > 0 and value[bang - 1].isspace() and (bang + 1 == len(value) or value[bang + 1].isspace()):
            value = value[:bang]
            break
        bang = value.find("!", bang + 1)
    value = value.rstrip()
    if value.endswith("}"):  # modifiers: from the first `{` after the previous `}` to the final `}`
        start = value.find("{", value.rfind("}", 0, len(value) - 1) + 1)
        if start != -1:
            value = value[:start]
    return value.strip()


class OboParser:
    """Iterate the `[Term]` stanzas of an OBO file; `header` is filled once the first stanza starts."""

    def __init__(self, path: str | Path, bad_rows: BadRowPolicy | None = None,
                 progress: ProgressCallback | None = None, reader: LineReader | None = None) -> None:
        self.path = Path(path)
        self.reader = reader if reader is not None else LineReader(self.path, progress)
        self.bad_rows = bad_rows if bad_rows is not None else BadRowPolicy()
        self.header = OboHeader()

    def __iter__(self) -> Iterator[OboTerm]:
        term: OboTerm | None = None
        stanza: str | None = None  # None while in the header
        broken = False  # the current stanza had a bad line and is being skipped
        for number, line in self.reader:
            text = line.strip()
            if not text or text.startswith("!"):
                continue
            header_match = _STANZA.match(text)
            if header_match:
                if term is not None and not broken and self._complete(term):
                    yield term
                stanza = header_match.group(1)
                term = None
                broken = False
                if stanza == "Term":
                    term = OboTerm(id="", line=number)
                continue
            if text.startswith("["):
                self._bad(number, f"malformed stanza header {text[:40]!r}")
                term, broken, stanza = None, False, "?"
                continue
            tag, sep, value = text.partition(":")
            if not sep or not tag or " " in tag:
                self._bad(number, f"expected 'tag: value', got {text[:60]!r}")
                broken = True
                continue
            value = value.strip()
            if stanza is None:
                self._header_tag(tag, value)
            elif term is not None and not broken:
                try:
                    self._term_tag(term, tag, value)
                except ValueError as exc:
                    self._bad(number, f"{tag}: {exc}")
                    broken = True
        if term is not None and not broken and self._complete(term):
            yield term

    def _bad(self, line: int, reason: str) -> None:
        self.bad_rows.handle(InputFileError(self.path, line, reason))

    def _complete(self, term: OboTerm) -> bool:
        if not term.id:
            self._bad(term.line, "[Term] stanza without an id")
            return False
        if not term.name:
            self._bad(term.line, f"[Term] {term.id} has no name")
            return False
        return True

    def _header_tag(self, tag: str, value: str) -> None:
        if tag == "data-version":
            self.header.data_version = value
        elif tag == "format-version":
            self.header.format_version = value
        elif tag == "ontology":
            self.header.ontology = value

    @staticmethod
    def _term_tag(term: OboTerm, tag: str, value: str) -> None:
        if tag == "id":
            if term.id:
                raise ValueError(f"second id in stanza of {term.id}")
            term.id = _strip_value(value)
        elif tag == "name":
            term.name = value
        elif tag == "def":
            term.definition, _ = parse_quoted(value)
        elif tag == "synonym":
            text, rest = parse_quoted(value)
            parts = rest.split()
            scope = parts[0] if parts and parts[0] in SYNONYM_SCOPES else "RELATED"
            syn_type = parts[1] if len(parts) > 1 and not parts[1].startswith("[") else ""
            term.synonyms.append(OboSynonym(text, scope, syn_type))
        elif tag == "xref":
            term.xrefs.append(value.split(" ", 1)[0])
        elif tag == "is_a":
            term.is_a.append(_strip_value(value))
        elif tag == "alt_id":
            term.alt_ids.append(_strip_value(value))
        elif tag == "replaced_by":
            term.replaced_by.append(_strip_value(value))
        elif tag == "consider":
            term.consider.append(_strip_value(value))
        elif tag == "is_obsolete":
            term.obsolete = value.lower() == "true"
        else:
            term.other.setdefault(tag, []).append(value)


def check_obo(path: str | Path, bad_rows: BadRowPolicy | None = None) -> int:
    """Read an OBO file once without writing anything and refuse it when it is inconsistent: a term whose `is_a`
    or `replaced_by` names a term of the same ontology (same id prefix) that the file never defines is what a
    file cut short, or assembled wrongly, looks like. Returns the number of [Term] stanzas.

    Loaders call this before their load pass, so a refused file leaves nothing behind. Bad lines go through
    `bad_rows` here (so they are reported once, from this pass; the load pass meets the same lines again)."""
    parser = OboParser(path, bad_rows)
    defined: set[str] = set()
    references: list[tuple[int, str, str, str]] = []  # (line, term, tag, target)
    terms = 0
    for term in parser:
        terms += 1
        term_id = _strip_value(term.id)
        defined.add(term_id)
        defined.update(term.alt_ids)
        prefix = term_id.partition(":")[0]
        for tag, targets in (("is_a", term.is_a), ("replaced_by", term.replaced_by)):
            references.extend((term.line, term_id, tag, t) for t in targets if t.partition(":")[0] == prefix)
    missing = [ref for ref in references if ref[3] not in defined]
    if missing:
        line, term_id, tag, target = missing[0]
        more = f" (and {len(missing) - 1:,} more references like it)" if len(missing) > 1 else ""
        raise InputFileError(parser.path, line, f"[Term] {term_id} {tag} {target}, a term the file never defines"
                                                f"{more}: the file is truncated or inconsistent; download it again")
    return terms
