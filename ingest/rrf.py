"""Rich Release Format (RRF) files of a UMLS release: column layouts and row checking.

RRF rows are `|`-separated with a trailing `|`. The column layout comes from the release's own
MRFILES.RRF when present (so a release that adds a column still loads), else from the layouts of
current releases below.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingest.common import BadRowPolicy, LineReader
from kgrag.errors import InputFileError

DEFAULT_LAYOUTS: dict[str, tuple[str, ...]] = {
    "MRCONSO.RRF": ("CUI", "LAT", "TS", "LUI", "STT", "SUI", "ISPREF", "AUI", "SAUI", "SCUI", "SDUI", "SAB",
                    "TTY", "CODE", "STR", "SRL", "SUPPRESS", "CVF"),
    "MRREL.RRF": ("CUI1", "AUI1", "STYPE1", "REL", "CUI2", "AUI2", "STYPE2", "RELA", "RUI", "SRUI", "SAB", "SL",
                  "RG", "DIR", "SUPPRESS", "CVF"),
    "MRSTY.RRF": ("CUI", "TUI", "STN", "STY", "ATUI", "CVF"),
    "MRDEF.RRF": ("CUI", "AUI", "ATUI", "SATUI", "SAB", "DEF", "SUPPRESS", "CVF"),
    "MRSAB.RRF": ("VCUI", "RCUI", "VSAB", "RSAB", "SON", "SF", "SVER", "VSTART", "VEND", "IMETA", "RMETA", "SLC",
                  "SCC", "SRL", "TFR", "CFR", "CXTY", "TTYL", "ATNL", "LAT", "CENC", "CURVER", "SABIN", "SSN",
                  "SCIT"),
}


class RrfLayout:
    """Column positions of one RRF file, looked up by name."""

    def __init__(self, file: str, columns: tuple[str, ...], origin: str, declared_at: tuple[Path, int] | None = None
                 ) -> None:
        self.file = file
        self.columns = columns
        self.origin = origin  # "MRFILES.RRF" or "default layout"
        self.declared_at = declared_at  # the MRFILES.RRF line that gave this layout
        self._index = {name: i for i, name in enumerate(columns)}

    def index(self, column: str) -> int:
        try:
            return self._index[column]
        except KeyError:
            # A missing column is an error of the MRFILES.RRF line that declared the layout: report it there.
            path, line = self.declared_at or (Path(self.file), None)
            raise InputFileError(path, line, f"{self.file} has no {column} column ({self.origin}: "
                                 f"{','.join(self.columns)})") from None

    def rows(self, reader: LineReader, bad_rows: BadRowPolicy, *, limit: int | None = None
             ) -> Iterator[tuple[int, list[str]]]:
        """`(line, fields)` of every row, at most `limit` lines read. Reads the file in blocks of lines
        (`LineReader.blocks`): a UMLS release has tens of millions of rows, so the per-row work here is only a
        split and a field count."""
        expected = len(self.columns) + 1  # the trailing `|` leaves one empty field
        for first, lines in reader.blocks():
            if limit is not None:
                if first > limit:
                    return
                lines = lines[:limit + 1 - first]
            for number, line in enumerate(lines, first):
                fields = line.split("|")
                if len(fields) != expected or fields[-1]:
                    self._bad(reader.path, number, fields, bad_rows)
                    continue
                yield number, fields

    def _bad(self, path: Path, number: int, fields: list[str], bad_rows: BadRowPolicy) -> None:
        found = len(fields) - (0 if fields[-1] else 1)
        reason = ("row does not end with '|' (truncated?)" if found == len(self.columns)
                  else f"expected {len(self.columns)} '|'-separated fields ({self.origin}), found {found}")
        bad_rows.handle(InputFileError(path, number, reason))


def read_layouts(release: Path) -> dict[str, RrfLayout]:
    """Layouts of the files kgrag reads, from `release/MRFILES.RRF` when it exists."""
    layouts = {name: RrfLayout(name, cols, "default layout") for name, cols in DEFAULT_LAYOUTS.items()}
    mrfiles = release / "MRFILES.RRF"
    if not mrfiles.is_file():
        return layouts
    for number, line in LineReader(mrfiles):
        fields = line.split("|")
        if len(fields) < 3:
            raise InputFileError(mrfiles, number, "expected FIL|DES|FMT|... fields")
        name, fmt = fields[0], fields[2]
        if name in layouts and fmt:
            layouts[name] = RrfLayout(name, tuple(fmt.split(",")), "MRFILES.RRF", (mrfiles, number))
    return layouts
