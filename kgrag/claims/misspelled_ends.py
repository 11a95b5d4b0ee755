"""Claim ends that misspell a disease's name: "Aicardi-Gouteau Syndrome" for Aicardi-Goutières syndrome,
"Bratteres Syndrome" for Bartter syndrome.

A small model writes eponyms the way it half-remembers them. Read as names the graph lacks, its claims could not be
checked at all ("SAMHD1 is associated with Aicardi-Gouteau Syndrome" stayed `unlinked`), although the graph holds
the disease the model meant. The dictionary links exact names and the concept vectors (`dense_ends`) meaning; an
eponym carries no meaning a vector could find, only letters.

The rule reads a whole unlinked end as a disease only where a misspelling is the plain explanation:
- the end is written as a name: a capital first letter and a class head ("syndrome", "disease", "disorder"), with at
  least six letters before the head (an acronym or a short word is too easily near another one);
- a disease name with the same head and the same number of words starts with the same letter (a misspelling keeps
  the first letter: "Twiddler syndrome" is not "Riddle syndrome") and spells the words before the head with a
  Damerau-Levenshtein similarity of at least 2/3 (at most a third of the letters changed, a transposition counting
  once);
- and it is the only such disease by a clear margin: the next disease scores at least 0.1 lower.
The threshold was chosen on the unlinked name ends of the held-out reads (`benchmarks/claims_heldout.py`) and the
model answers of the gold set: the two misspellings there score 0.77 and 0.67, and every correctly spelled name the
graph lacks ("Allgrove syndrome", "Hepatorenal syndrome", "Middle East respiratory syndrome", "Twiddler syndrome")
either scores at most 0.63 or fails the first-letter test.

rapidfuzz computes the distance (a maintained C++ implementation of Damerau-Levenshtein; the standard library's
difflib measures matching blocks, which scores transpositions such as "Bratteres"/"Bartter" poorly). The names are
indexed by head, word count and first letter, so an end is compared with a few dozen names, not the graph's
thousands of syndromes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import cached_property

from rapidfuzz.distance import DamerauLevenshtein

from graph_schema import NodeKind
from kgrag.graph.base import GraphReader
from kgrag.records import LinkedMention

NAME_HEADS = frozenset({"syndrome", "disease", "disorder"})
MIN_SIMILARITY = 2 / 3
MIN_MARGIN = 0.1
MIN_LETTERS = 6
SPELLING_SCORE = 0.8  # below an exact or folded dictionary match: the reading is a guess the claim card shows
_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)

NameKey = tuple[str, int, str]  # head, number of words, first letter


def folded_words(name: str) -> list[str]:
    """A name's words as compared: accents and case folded, "'s" dropped, hyphens and punctuation as spaces."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9 ]", " ", ascii_name.replace("'s", " ").replace("-", " ")).split()


class MisspelledEnds:
    """Unlinked ends written as a disease's name -> the disease they misspell (see the module docstring)."""

    def __init__(self, store: GraphReader) -> None:
        self.store = store

    @cached_property
    def _names(self) -> dict[NameKey, list[tuple[str, str]]]:
        """(head, words, first letter) -> [(the words before the head, concept id)], built on first use."""
        index: dict[NameKey, list[tuple[str, str]]] = defaultdict(list)
        for concept in self.store.iter_concepts():
            if concept.kind != NodeKind.DISEASE or concept.obsolete:
                continue
            for name in (concept.name, *concept.synonyms):
                words = folded_words(name)
                if len(words) >= 2 and words[-1] in NAME_HEADS:
                    body = " ".join(words[:-1])
                    index[(words[-1], len(words), body[0])].append((body, concept.id))
        return dict(index)

    def resolve(self, phrase: str) -> LinkedMention | None:
        """The disease `phrase` misspells, or None."""
        written = _ARTICLE.sub("", _ASIDE.sub("", phrase).strip())
        words = folded_words(written)
        if not written[:1].isupper() or len(words) < 2 or words[-1] not in NAME_HEADS:
            return None
        body = " ".join(words[:-1])
        if sum(ch.isalpha() for ch in body) < MIN_LETTERS:
            return None
        best: dict[str, float] = {}
        for name, concept_id in self._names.get((words[-1], len(words), body[0]), []):
            score = DamerauLevenshtein.normalized_similarity(body, name)
            best[concept_id] = max(score, best.get(concept_id, 0.0))
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < MIN_SIMILARITY or len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MIN_MARGIN:
            return None
        return LinkedMention(0, len(phrase), phrase, (ranked[0][0],), SPELLING_SCORE, method="spelling")
