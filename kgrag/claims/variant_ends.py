"""Claim ends that name a phenotype in a wording HPO's own synonyms license: "anorectal malformation" is HPO's
"Anorectal anomaly", "limb malformations" its "Limb anomaly", "congenital heart abnormalities" its "Congenital heart
defects".

The word pairs come from `kgrag.diagnosis.wording`: two words are interchangeable where HPO names at least three
terms both ways (malformation/anomaly, abnormality/defect, tumour/tumor, ...). An unlinked end whose role expects a
phenotype (a disease's feature) is tried with its last word singular and one word swapped at a time, and is read as
a term only when the variant spells a whole name or synonym of that term exactly, so the rule widens what reaches a
term without inventing one. Learned from the loaded ontology, not written as a list, and applied before the dense
reading (`kgrag.claims.dense_ends`) because an exact name is surer than a nearest vector. On the claims gold set it
reads three features the dictionary and the vectors both missed, with no wrong reading (README).
"""

from __future__ import annotations

from functools import cached_property

from graph_schema import NodeKind
from kgrag.diagnosis.wording import WordVariants, words
from kgrag.graph.base import GraphReader
from kgrag.lexicon import DETERMINERS
from kgrag.linking.dictionary import FOLDED_SCORE, singular
from kgrag.records import LinkedMention


class VariantEnds:
    """Unlinked phenotype ends -> HPO terms by one learned word swap (see the module docstring)."""

    def __init__(self, store: GraphReader) -> None:
        self.store = store

    @cached_property
    def _variants(self) -> WordVariants:
        """Built on first use (about 0.3 s over HPO's 19k terms): most answers never need it."""
        return WordVariants({c.id: (c.name, *c.synonyms) for c in self.store.iter_concepts()
                             if c.kind == NodeKind.PHENOTYPE and not c.obsolete})

    def resolve(self, phrase: str) -> LinkedMention | None:
        """The term `phrase` names through one learned word swap, or None."""
        spelled = list(words(phrase))
        while spelled and spelled[0] in DETERMINERS:  # "an elevated ...", "the ..."
            spelled.pop(0)
        if not spelled:
            return None
        spelled[-1] = singular(spelled[-1])
        hit = self._variants.term_for(" ".join(spelled))
        if hit is None:
            return None
        return LinkedMention(0, len(phrase), phrase, (hit[0],), FOLDED_SCORE, method="variant")
