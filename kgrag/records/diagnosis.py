"""Typed results of differential diagnosis: the findings as resolved, and each candidate with its evidence.

Frozen dataclasses serialized by the records' one serializer (`kgrag.records.serialize`), which is exactly what
`kgrag ddx --json` prints and what the app and the planner read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kgrag.records.graph import Release
from kgrag.records.serialize import Record

Resolution = Literal["id", "alternative id", "replaced", "name", "linked", "dense", "variant"]
"""How a finding reached its HPO term: written as its id, through an alt_id or the replacement of an obsolete
term, as a term name or synonym, linked in free text by the dictionary or by the dense fallback, or through a
word HPO's synonyms use interchangeably ("dilatation" for "aneurysm", `kgrag.diagnosis.wording`)."""


@dataclass(frozen=True, slots=True)
class Finding(Record):
    """One observed or excluded finding, as written and as resolved to an HPO term."""

    written: str
    id: str
    name: str
    resolution: Resolution


@dataclass(frozen=True, slots=True)
class TermMatch(Record):
    """How a candidate explains one observed finding: through the common ancestor `via` of the finding and
    the disease's annotation `annotation`, recorded with `frequency`."""

    finding: str
    finding_name: str
    annotation: str
    annotation_name: str
    via: str
    via_name: str
    frequency: str  # as the source records it ("3/4", "HP:0040281"); "" when unrecorded
    contribution: float


@dataclass(frozen=True, slots=True)
class AbsentMatch(Record):
    """An excluded finding the candidate almost always shows, which counts against it."""

    finding: str
    finding_name: str
    annotation: str
    annotation_name: str
    frequency: str
    contribution: float


@dataclass(frozen=True, slots=True)
class Candidate(Record):
    rank: int
    id: str
    name: str
    score: float
    matches: tuple[TermMatch, ...]
    unexplained: tuple[Finding, ...]  # observed findings the disease does not explain
    against: tuple[AbsentMatch, ...]  # excluded findings the disease almost always shows
    annotations: int  # how many phenotype annotations the disease has


@dataclass(frozen=True, slots=True)
class Differential(Record):
    """A ranked differential diagnosis for a set of findings."""

    observed: tuple[Finding, ...]
    excluded: tuple[Finding, ...]
    unresolved: tuple[str, ...]  # findings given that reach no HPO term, with the reason
    candidates: tuple[Candidate, ...]
    scorer: str
    diseases_ranked: int
    releases: tuple[Release, ...] = ()
