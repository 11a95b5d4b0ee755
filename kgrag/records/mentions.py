"""A span of text linked to concepts: what linking produces and claims, answering and diagnosis read."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

MentionMethod = Literal["dictionary", "dense", "variant", "subtype", "spelling"]
"""How a mention reached its concepts: a name in the dictionary, the nearest concept-name vector, a learned
synonym word swap (`kgrag.claims.variant_ends`), the nearest name when it names a subtype of what the words say
("myotonic dystrophy" -> *Myotonic dystrophy 1*: claims may be supported through it, never refuted), or the disease
whose name the words misspell ("Aicardi-Gouteau Syndrome", `kgrag.claims.misspelled_ends`)."""


@dataclass(frozen=True, slots=True)
class LinkedMention:
    """A span of the text linked to one or more concepts (ids best first)."""

    start: int
    end: int
    text: str
    concept_ids: tuple[str, ...]
    score: float  # 1.0 when the text spells a name (up to case and accents); less when folded (plural, 's)
    negated: bool = False
    uncertain: bool = False
    method: MentionMethod = "dictionary"
    # Names coordinated over one head ("breast and ovarian cancer"): the readings of each name, in text order. The
    # span names them all, so `concept_ids` holds them all; a claim about the span is a claim about each.
    conjuncts: tuple[tuple[str, ...], ...] = ()

    def each_conjunct(self) -> tuple[LinkedMention, ...]:
        """One mention per name a coordination joins (the span and score shared), or the mention itself."""
        if not self.conjuncts:
            return (self,)
        return tuple(replace(self, concept_ids=ids, conjuncts=()) for ids in self.conjuncts)
