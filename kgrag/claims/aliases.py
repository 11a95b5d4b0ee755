"""Names a text defines once and uses later: short forms carried from the question and earlier sentences.

Claims are read sentence by sentence, but authors define a short form once ("Smith-Kingsmore syndrome (SKS)",
in the question or the answer's first sentence) and then write "SKS is characterized by ...". The dictionary
linker sees one sentence at a time and cannot link that "SKS". `TextAliases` keeps, for one text being verified:
- the short forms already linked in it (a mention written as one token with two capitals or more: "SKS",
  "CdLS", "HD"), so a later whole-word, same-case use links to the same concepts;
- the long names mentioned in it (two words or more), so an undefined short form whose letters are exactly
  the initials of one of them, in order, links to it: "HD" after a question about "Huntington's Disease",
  "CdLS" after "Cornelia de Lange's syndrome". Only exact initials count (Schwartz & Hearst's looser in-order
  match would let "AD" stand for "adrenal insufficiency"), the most recent long name wins, and a token the
  dictionary already links is never re-read.

- a phrase the graph lacks that is a misspelling of a long name the text already used resolves to it: "Miller-Diekel
  Syndrome" in an answer to a question about "Miller-Dieker syndrome", "systemic lupus erythema" after "systemic
  lupus erythematosus". Model answers misspell the names they were asked about; a curator reads the intended
  name. The rule is strict: a similarity ratio of at least 0.85 over the whole name and 0.8 over the words the
  two do not share (so a shared head such as "syndrome" cannot carry "Usher" to "Asher"), and the same numbers
  (subtypes stay exact: "Sotos syndrome" never resolves to "Sotos syndrome 2"). Only names already in the text
  are candidates, never the whole graph: there a near spelling is more often another disease.

Why not a global abbreviation list: short forms are ambiguous across texts ("DM" is myotonic dystrophy and
diabetes mellitus), and the text's own definition is what a reader uses. Measured on the claims gold set
(benchmarks/bench_claims.py): see the README's verification section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from kgrag.linking.dictionary import FOLDED_SCORE, context_flags, word_bag
from kgrag.records import LinkedMention

_SHORT_FORM = re.compile(r"^[A-Za-z][A-Za-z0-9-]{1,7}$")
_TOKEN = re.compile(r"\b[A-Za-z][A-Za-z0-9-]{1,7}\b")
_LONG_WORD = re.compile(r"[A-Za-z0-9]+")
MAX_LONG_NAMES = 20  # the most recent long names tried for an initialism or a misspelling
MIN_NAME_SIMILARITY = 0.85
MIN_DISTINCT_SIMILARITY = 0.8
_NUMBER = re.compile(r"\b(?:\d+[a-z]?|[ivx]+)\b")


_WORDS = re.compile(r"[a-z0-9]+")


def _normal(name: str) -> str:
    return " ".join(_LONG_WORD.findall(re.sub(r"['\u2019]s\b", "", name).lower()))


def drops_head(phrase: str, name: str) -> bool:
    """Whether `name` spells `phrase` without its head (last) word and holds no word the phrase lacks: the phrase
    then names something narrower that the name only modifies ("abdominal aortic aneurysm rupture" is an event of
    the aneurysm, "asbestos exposure" not asbestos), not the name misspelt or paraphrased."""
    phrase_words = _WORDS.findall(re.sub(r"\s*\([^()]*\)\s*$", "", phrase).lower())
    name_words = set(_WORDS.findall(name.lower()))
    return bool(phrase_words) and phrase_words[-1] not in name_words and name_words < set(phrase_words)


def narrows(phrase: str, name: str) -> bool:
    """Whether `name` holds every word of `phrase` and more: it names a narrower concept than the phrase, usually a
    subtype ("multiple pterygium syndrome" is not *Multiple pterygium syndrome, Lethal type*; "lung disease" is not
    *Interstitial lung disease*). Words are compared as bags (singular, function words dropped)."""
    phrase_bag = set(word_bag(_WORDS.findall(re.sub(r"\s*\([^()]*\)\s*$", "", phrase).lower())))
    name_bag = set(word_bag(_WORDS.findall(name.lower())))
    return bool(phrase_bag) and phrase_bag < name_bag


def resembles(phrase: str, name: str) -> bool:
    """Whether `phrase` reads as a misspelling of `name` (see the module docstring for the thresholds)."""
    a, b = _normal(phrase), _normal(name)
    if not a or not b or a == b or _NUMBER.findall(a) != _NUMBER.findall(b) or drops_head(phrase, name):
        return False
    if SequenceMatcher(None, a, b).ratio() < MIN_NAME_SIMILARITY:
        return False
    words_a, words_b = a.split(), b.split()
    distinct_a = " ".join(w for w in words_a if w not in words_b)
    distinct_b = " ".join(w for w in words_b if w not in words_a)
    return not distinct_a or not distinct_b or SequenceMatcher(None, distinct_a, distinct_b).ratio() \
        >= MIN_DISTINCT_SIMILARITY


def is_short_form(text: str) -> bool:
    """One token of 2-8 characters with at least two capitals ("SKS", "CdLS", "HD"; not "Marfan")."""
    return bool(_SHORT_FORM.match(text)) and sum(ch.isupper() for ch in text) >= 2


def initials(name: str) -> str:
    """The initials of a name's words, a possessive "'s" not counting as a word ("Huntington's Disease" -> "hd",
    "Smith-Kingsmore syndrome" -> "sks")."""
    words = _LONG_WORD.findall(re.sub(r"['\u2019]s\b", "", name))
    return "".join(word[0].lower() for word in words)


class TextAliases:
    """The short forms and long names of one text so far (see the module docstring); one per verified text."""

    def __init__(self) -> None:
        self._short: dict[str, LinkedMention] = {}
        self._long: list[LinkedMention] = []

    def learn(self, mentions: Sequence[LinkedMention]) -> None:
        """Remember what a sentence (or the question) linked, in reading order."""
        for mention in mentions:
            if is_short_form(mention.text):
                self._short.setdefault(mention.text, mention)
            elif len(_LONG_WORD.findall(mention.text)) >= 2:
                self._long.append(mention)
        del self._long[:-MAX_LONG_NAMES]

    def extend(self, sentence: str, mentions: Sequence[LinkedMention]) -> list[LinkedMention]:
        """`mentions` plus the known short forms (and initialisms of known long names) the sentence uses where
        the dictionary linked nothing."""
        if not self._short and not self._long:
            return list(mentions)
        taken = [(m.start, m.end) for m in mentions]
        added: list[LinkedMention] = []
        for match in _TOKEN.finditer(sentence):
            start, end = match.span()
            short = match.group(0)
            if not is_short_form(short) or any(start < b and a < end for a, b in taken):
                continue
            source = self._short.get(short) or self._initialism_of(short)
            if source is None:
                continue
            negated, uncertain = context_flags(sentence, start, end)
            added.append(replace(source, start=start, end=end, text=short, score=FOLDED_SCORE, negated=negated,
                                 uncertain=uncertain))
        return sorted([*mentions, *added], key=lambda m: m.start) if added else list(mentions)

    def resolve(self, phrase: str) -> LinkedMention | None:
        """The long name of this text that an unlinked phrase misspells, as a mention spelled like the phrase."""
        source = next((m for m in reversed(self._long) if resembles(phrase, m.text)), None)
        return replace(source, text=phrase, score=FOLDED_SCORE, negated=False, uncertain=False) if source else None

    def _initialism_of(self, short: str) -> LinkedMention | None:
        letters = "".join(ch.lower() for ch in short if ch.isalpha())
        if len(letters) < 2 or any(ch.isdigit() for ch in short):
            return None
        return next((m for m in reversed(self._long) if initials(m.text) == letters), None)
