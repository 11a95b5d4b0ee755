"""The spans a sentence's reading works with: relation cues and the phrases that become claim ends."""

from __future__ import annotations

from dataclasses import dataclass

from kgrag.records import LinkedMention


@dataclass(frozen=True, slots=True)
class Cue:
    """A relation cue found in the sentence (`kgrag.lexicon.CUES`), where it stands and how it reads."""

    start: int
    end: int
    predicate: str
    reverse: bool
    participle: bool
    negated: bool
    finite: bool  # the cue carries its own verb ("is caused by"), so its left side is the clause's subject
    disease_subject: bool = False
    everyday: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """A claim end: the mentions it consists of (best first), or the words of an entity the graph lacks."""

    start: int
    end: int
    text: str
    mention: LinkedMention | None
    # The whole list item a lone mention sits in, when it says more ("capillary malformation of the lower lip"
    # around "capillary malformation"): verdicts may read it as a more specific concept.
    words: str = ""

    @property
    def end_value(self) -> LinkedMention | str:
        return self.mention if self.mention is not None else self.text
