"""Passage -> graph concepts by dictionary match over concept names and synonyms.

Greedy longest match over normalized tokens (the same `name_tokens` folding the graph's name index
uses), with the possessive "'s" dropped on both sides, so "Marfan's syndrome" in a passage finds the
node named "Marfan syndrome". Deliberately simple; the entity-linking issue may replace it. Guards against the
classic dictionary-matcher noise: one-word names shorter than four letters, a stoplist of words that
are HPO modifier terms or plain English ("Severe", "Frequent", "All"), and one-word gene symbols without a
digit ("MAX", "REST" and "CAT" are genes, and words). Memory is one dict entry per distinct name: fine for
HPO, DrugBank and a UMLS subset, too large for all of UMLS (use a subset or the linker).
"""

from __future__ import annotations

from collections.abc import Iterable

from graph_schema import NodeKind
from kgrag.models import Concept
from kgrag.normalize import name_tokens

MAX_NAME_TOKENS = 8
MIN_SINGLE_WORD = 4
STOPLIST = frozenset("""
all also abnormal abnormality acute adult alone anterior area associated based bilateral borderline case cases
cell cells change changes childhood chronic clinical common congenital control course death decreased defect
disease diseases disorder distal early effect effects episodic excluded factor family female finding frequency
frequent generalized group high history increased infantile inheritance late left level life living localized
male mild moderate mode multiple normal obligate occasional onset other pain patient patients persistent
phenotype posterior present profound progressive proximal rare recurrent refractory right risk role severe
severity single sporadic stage study syndrome therapy time total transient treatment type unilateral variable
very frequent very rare worse years young
""".split())


class ConceptTagger:
    def __init__(self, names: dict[tuple[str, ...], frozenset[str]]) -> None:
        self._names = names
        self._longest_from: dict[str, int] = {}  # first token -> longest name starting with it
        for tokens in names:
            self._longest_from[tokens[0]] = max(self._longest_from.get(tokens[0], 0), len(tokens))

    @property
    def size(self) -> int:
        return len(self._names)

    @classmethod
    def from_concepts(cls, concepts: Iterable[Concept]) -> ConceptTagger:
        collected: dict[tuple[str, ...], set[str]] = {}
        for concept in concepts:
            if concept.obsolete:
                continue
            for name in (concept.name, *concept.synonyms):
                tokens = tuple(_tokens(name))
                if _usable(tokens, name, concept.kind):
                    collected.setdefault(tokens, set()).add(concept.id)
        return cls({tokens: frozenset(ids) for tokens, ids in collected.items()})

    def tag(self, text: str) -> set[str]:
        """Ids of every concept whose name occurs in `text` (longest match wins at each position)."""
        tokens = _tokens(text)
        found: set[str] = set()
        i, count = 0, len(tokens)
        while i < count:
            longest = self._longest_from.get(tokens[i], 0)
            step = 1
            for length in range(min(longest, count - i), 0, -1):
                ids = self._names.get(tuple(tokens[i:i + length]))
                if ids is not None:
                    found.update(ids)
                    step = length
                    break
            i += step
        return found


def _tokens(text: str) -> list[str]:
    """Normalized tokens without the "s" that an apostrophe leaves behind ("Marfan's" -> marfan)."""
    return [t for t in name_tokens(text) if t != "s"]


def _usable(tokens: tuple[str, ...], name: str, kind: NodeKind) -> bool:
    if not tokens or len(tokens) > MAX_NAME_TOKENS or " ".join(tokens) in STOPLIST:
        return False
    if len(tokens) == 1:
        word = tokens[0]
        if len(word) < MIN_SINGLE_WORD or word.isdigit():
            return False
        if kind == NodeKind.GENE and not any(ch.isdigit() for ch in name):
            return False
    return True
