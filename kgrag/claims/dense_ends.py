"""Claim ends the dictionary could not spell, read by the concept-name vectors: "anorectal malformation",
"orofacial edema", "excessive saliva production".

Dense linking over whole sentences was measured on the claims gold set and rejected for claims (recall +6%,
verdict accuracy 0.98 -> 0.95, 45 ms per sentence): it links every window of words, and a wrong window becomes a
confident wrong verdict. This reads only what extraction already chose as a claim end and could not link (a
phrase that names a term, `kgrag.claims.terms`), so there are one or two phrases per sentence, not dozens of
windows, and the phrase is the whole end, not a fragment of it. A phrase takes the nearest concept name when
- the cosine similarity clears `threshold` (KGRAG_CLAIM_DENSE_LINK_THRESHOLD, 0.9: on the gold set 0.9 added 3
  matched claims at unchanged verdict accuracy, 0.85 the same claims at 0.974, 0.8 six at 0.974), and
- the concept is of a kind the relation expects for that end (a disease's feature is a phenotype; what a gene
  causes, a disease or a phenotype, the disease first where one name is both).
- the name does not drop the phrase's head: "abdominal aortic aneurysm rupture" is an event of the aneurysm, not
  the aneurysm the nearest name (0.9 similar) spells; a name whose words are all in the phrase but the phrase's last
  word is not in the name names something broader than the phrase, and is not taken;
- a name whose subtype label differs from the phrase's ("type IV Ehlers-Danlos syndrome" is 0.9 similar to
  *Ehlers-danlos syndrome, type I*) names a sibling, and is not taken (labels compared in the dictionary's one form,
  roman numerals as digits: `kgrag.linking.dictionary.sibling_subtype`);
- a name that narrows the phrase (it holds every word of the phrase and more: a subtype, "multiple pterygium
  syndrome" -> *Multiple pterygium syndrome, Lethal type*, "myotonic dystrophy" -> *Myotonic dystrophy 1*) is taken
  only when no other name fits, and marked `subtype`: the verifier lets it support a claim (what holds for a subtype
  is said of the group) but never refute one or leave it `not_in_kg` (the group's other subtypes may differ).
The end keeps the author's words; its concept is marked `dense` so a reader sees it was not spelled.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from kgrag.claims.aliases import drops_head, narrows
from kgrag.claims.extraction import Kind
from kgrag.linking.concept_index import ConceptIndex
from kgrag.linking.dense import DENSE_SCORE_CAP
from kgrag.linking.dictionary import sibling_subtype
from kgrag.records import LinkedMention
from kgrag.text.embeddings import Embedder

DEFAULT_CLAIM_THRESHOLD = 0.9
CANDIDATES = 5  # nearest names looked at per phrase, for one of the wanted kind


class DenseEnds:
    """Unlinked claim ends -> concepts by their nearest names (see the module docstring)."""

    def __init__(self, index: ConceptIndex, embedder: Embedder, kind_of: Kind,
                 threshold: float = DEFAULT_CLAIM_THRESHOLD) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.index = index
        self.embedder = embedder
        self.kind_of = kind_of
        self.threshold = threshold

    def resolve(self, phrases: Sequence[tuple[str, Collection[str]]], threshold: float | None = None
                ) -> list[LinkedMention | None]:
        """Per (phrase, the kinds its role expects, empty for any): the concept it names at `threshold` (default:
        the configured one), or None."""
        if not phrases:
            return []
        bar = self.threshold if threshold is None else threshold
        vectors = self.embedder.embed_passages([phrase for phrase, _ in phrases])
        out: list[LinkedMention | None] = []
        for (phrase, kinds), hits in zip(phrases, self.index.search(vectors, CANDIDATES), strict=True):
            fitting = [h for h in hits if h.score >= bar and not drops_head(phrase, h.name)
                       and (not kinds or self.kind_of(h.concept_id) in kinds) and not sibling_subtype(phrase, h.name)]
            # One name for a disease and a phenotype term ("Systemic lupus erythematosus"): the same vector, so the
            # same score; the disease reading goes first, as the dictionary orders them. A name that narrows the
            # phrase comes last and is marked a subtype.
            hit = min(fitting, key=lambda h: (narrows(phrase, h.name), -round(h.score, 4),
                                              self.kind_of(h.concept_id) != "Disease"), default=None)
            out.append(None if hit is None else LinkedMention(
                0, len(phrase), phrase, (hit.concept_id,), round(min(hit.score, DENSE_SCORE_CAP), 4),
                method="subtype" if narrows(phrase, hit.name) else "dense"))
        return out

