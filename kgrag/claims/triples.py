"""The claims a sentence states, before they are judged: what an extractor hands the verifier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kgrag.records import LinkedMention

Extractor = Literal["rules", "llm"]


@dataclass(frozen=True, slots=True)
class Triple:
    """(subject, predicate, object) as stated: each end a linked mention, or the words of an entity the graph
    lacks."""

    subject: LinkedMention | str
    predicate: str
    object: LinkedMention | str
    negated: bool
    uncertain: bool
    extractor: Extractor = "rules"
    # The words around a linked object that may name something more specific ("capillary malformation of the lower
    # lip" around "capillary malformation"); empty when the mention is the whole end.
    object_words: str = ""

    @property
    def key(self) -> tuple[str, str, str, bool]:
        def side(value: LinkedMention | str) -> str:
            return value if isinstance(value, str) else value.concept_ids[0]
        return side(self.subject), self.predicate, side(self.object), self.negated
