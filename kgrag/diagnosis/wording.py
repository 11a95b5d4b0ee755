"""Word substitutions learned from HPO's own synonyms, for findings no name spells.

Clinicians write "aortic root dilatation"; HPO names the term "Aortic root aneurysm" and lists "Aortic
dilatation" as a synonym of "Aortic aneurysm". Where two names of one term differ in exactly one word
("Aortic aneurysm" / "Aortic dilatation", "Broad thumb" / "Wide thumb"), the two words are interchangeable in
HPO's usage; a pair seen in at least `MIN_TERMS` different terms is kept (481 pairs in the 2025-01 release,
from spelling variants such as tumour/tumor to near-synonyms such as aneurysm/dilatation and broad/wide). A
finding that links to nothing is retried with one word substituted at a time, and a variant is accepted only
when it spells a whole term name or synonym exactly, so the rule can widen what reaches a term but never
invents a term. Learned from the loaded ontology rather than written as a list: it follows the release and
the language of its synonyms, and nothing here is fitted to a dev set. The dense fallback of the linker is the
other route for wording no name shares words with.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

MIN_TERMS = 3
_WORD = re.compile(r"[a-z0-9]+")
MAX_WINDOW = 6  # words: longer HPO names are rare, and a window is only tried when it holds a substitutable word


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


class WordVariants:
    """Interchangeable words (see the module docstring) and the exact-name lookup variants are checked with."""

    def __init__(self, names: Mapping[str, Iterable[str]], min_terms: int = MIN_TERMS) -> None:
        """`names`: term id -> its name and synonyms."""
        self.lookup: dict[tuple[str, ...], str] = {}
        seen: dict[tuple[str, str], set[str]] = defaultdict(set)
        for term, term_names in names.items():
            spelled = list(dict.fromkeys(w for w in map(words, term_names) if w))
            for key in spelled:
                self.lookup.setdefault(key, term)
            for i, a in enumerate(spelled):
                for b in spelled[i + 1:]:
                    if len(a) != len(b) or len(a) < 2:
                        continue
                    differ = [k for k in range(len(a)) if a[k] != b[k]]
                    if len(differ) == 1:
                        k = differ[0]
                        seen[(min(a[k], b[k]), max(a[k], b[k]))].add(term)
        grouped: dict[str, set[str]] = defaultdict(set)
        for (one, other), terms in seen.items():
            if len(terms) >= min_terms:
                grouped[one].add(other)
                grouped[other].add(one)
        self.substitutes: dict[str, tuple[str, ...]] = {word: tuple(sorted(others)) for word, others in grouped.items()}

    @property
    def pairs(self) -> int:
        return sum(len(v) for v in self.substitutes.values()) // 2

    def variants(self, text: str) -> Iterator[tuple[str, ...]]:
        """The text's words with one word replaced by each of its substitutes, in order."""
        spelled = words(text)
        for position, word in enumerate(spelled):
            for other in self.substitutes.get(word, ()):
                yield (*spelled[:position], other, *spelled[position + 1:])

    def term_for(self, text: str) -> tuple[str, str] | None:
        """(term id, the variant that spells one of its names) for the first variant that does, else None."""
        for variant in self.variants(text):
            if (term := self.lookup.get(variant)) is not None:
                return term, " ".join(variant)
        return None

    def find(self, text: str, covered: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
        """(start, end, term id) of each window of the text, outside `covered`, that a variant turns into a whole
        term name; longest windows first, never overlapping."""
        spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text.casefold())]
        taken = list(covered)
        found: list[tuple[int, int, str]] = []
        for length in range(min(MAX_WINDOW, len(spans)), 1, -1):
            for first in range(len(spans) - length + 1):
                window = spans[first:first + length]
                start, end = window[0][0], window[-1][1]
                if any(a < end and start < b for a, b in taken):
                    continue
                if not any(w in self.substitutes for _, _, w in window):
                    continue
                if (hit := self.term_for(text[start:end])) is not None:
                    found.append((start, end, hit[0]))
                    taken.append((start, end))
        return sorted(found)
