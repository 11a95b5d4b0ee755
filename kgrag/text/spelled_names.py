"""Condition names spelled out by their features: "WHIM syndrome (warts, hypogammaglobulinemia, infections and
myelokathexis)", "Warts, hypogammaglobulinemia, infections, and myelokathexis (WHIM) syndrome", "the SBLA cancer
syndrome (sarcoma, breast, brain, lung, lymphoma, leukemia, laryngeal and adrenal)".

Such a name is an acronym of a list, and the list is what the name asserts of the condition: its features. Finding
one is the short-form/long-form problem of Schwartz & Hearst (2003), with two differences that keep a general
abbreviation finder from doing it: the long form is a *list*, and each list item must give the acronym at least one
letter, in order, by the initial of one of its words ("mental retardation" gives the R of WAGR, "onycho-
osteodystrophy" the two Os of DOOR). Items that open with the letter the item before them gave share it ("breast,
brain" are the B of SBLA, "lung, lymphoma, leukemia, laryngeal" its L): that is how such acronyms group a family of
features. Every letter must be spoken for and every item must give or share one, so a list that only happens to sit
in brackets after an acronym ("the LACE index (length of stay, acuity, ...)") passes only when it truly spells it,
and a list whose item was swapped for another feature no longer spells the name. The list may hold at most five
words more than the short form has letters (Schwartz & Hearst's bound), so a run of clauses that happens to hold
the letters is not taken for a name.

The linker (`kgrag.linking.dictionary`) merges the spelled-out form written before the brackets into the
syndrome's mention; this module finds both orders, with the span of every feature, for claim extraction, which
reads them as the condition's features. A maintained abbreviation detector (scispaCy's, the `abbreviations`
package) pairs a short form with one contiguous long form and would need splitting and letter sharing on top, with
a spaCy pipeline besides; the matching here is a few dozen lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

MIN_FEATURES = 3  # a two-item "list" in brackets is usually a gloss or a synonym pair, not a spelled-out name
MAX_FEATURES = 12
MAX_SHORT = 9
# Words a spelled-out list may hold beyond one per letter (Schwartz & Hearst's bound, |A| + 5): "Severe skin
# dermatitis, multiple allergies and metabolic wasting (SAM)" has seven for three letters; a run of clauses that
# happens to hold the letters ("a ... inhibitor used for ... treatment of thrombosis in heparin-induced
# thrombocytopenia (HIT)") has more.
EXTRA_WORDS = 5

_HEAD = r"(?:syndromes?|association|disease|disorder|complex|triad)"
# "DOOR syndrome (A, B and C)", "the SBLA cancer syndrome (A, ...)", "The WAGR (A, ...) syndrome"
_SHORT_FIRST = re.compile(rf"\b(?P<short>[A-Z][A-Z0-9]{{2,{MAX_SHORT - 1}}})(?:\s+(?:[a-z]+\s+)?{_HEAD})?"
                          r"\s*\((?P<long>[^()]{5,400})\)")
# "A, B, and C (ABC) syndrome", "A, B and C (ABC) is caused by"
_SHORT_AFTER = re.compile(rf"\((?P<short>[A-Z][A-Z0-9]{{2,{MAX_SHORT - 1}}})\)")
_ITEM_SPLIT = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|and/or)\s+", re.I)
_WORD = re.compile(r"[^\W\d_][\w']*")
_NOT_SPELLING = frozenset({"and", "or", "with", "of", "the", "a", "an", "in", "to", "on", "for", "by"})
_CLAUSE_OPEN = re.compile(r"[;:.()\[\]]")


@dataclass(frozen=True, slots=True)
class SpelledName:
    """A condition name and the features its short form spells, as spans of the text."""

    short: str  # "WHIM"
    short_span: tuple[int, int]
    features: tuple[tuple[int, int], ...]  # each item of the spelled-out list, in order

    @property
    def long_span(self) -> tuple[int, int]:
        return self.features[0][0], self.features[-1][1]


def spelled_names(text: str) -> list[SpelledName]:
    """Every name in `text` whose short form is spelled out by a list of features, in either order."""
    found: list[SpelledName] = []
    for match in _SHORT_FIRST.finditer(text):
        items = _items(text, *match.span("long"))
        if _spells(match.group("short"), items):
            found.append(SpelledName(match.group("short"), match.span("short"),
                                     tuple((item.start, item.end) for item in items)))
    for match in _SHORT_AFTER.finditer(text):
        clause_start = max((m.end() for m in _CLAUSE_OPEN.finditer(text, 0, match.start())), default=0)
        items = _items(text, clause_start, match.start())
        spelled = _spelled_tail(match.group("short"), items)
        if spelled:
            found.append(SpelledName(match.group("short"), match.span("short"), spelled))
    return sorted(found, key=lambda name: name.short_span)


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    end: int
    words: tuple[tuple[int, str], ...]  # (offset, the word in lower case) for the words that may spell a letter


def _items(text: str, start: int, end: int) -> list[_Item]:
    """The list items between `start` and `end`, with their spelling words (hyphen parts spell apart)."""
    items: list[_Item] = []
    cursor = start
    for split in [*_ITEM_SPLIT.finditer(text, start, end), None]:
        item_end = split.start() if split is not None else end
        piece = text[cursor:item_end]
        stripped = piece.strip()
        if stripped:
            offset = cursor + piece.index(stripped)
            words = tuple((offset + w.start(), w.group().lower()) for w in _WORD.finditer(stripped)
                          if w.group().lower() not in _NOT_SPELLING)
            items.append(_Item(offset, offset + len(stripped), words))
        if split is not None:
            cursor = split.end()
    return items


def _spelled_tail(short: str, items: list[_Item]) -> tuple[tuple[int, int], ...]:
    """The shortest run of items ending at the bracket that spells `short`; its first item starts at the word that
    gives the first letter ("The Warts" -> "Warts"). Empty when none does."""
    first_letter = short[0].lower()
    for first in range(len(items) - MIN_FEATURES, max(-1, len(items) - MAX_FEATURES - 1), -1):
        opening = next((i for i, (_, word) in enumerate(items[first].words) if word[0] == first_letter), None)
        if opening is None:
            continue
        head = items[first]
        run = [_Item(head.words[opening][0], head.end, head.words[opening:]), *items[first + 1:]]
        if _spells(short, run):
            return tuple((item.start, item.end) for item in run)
    return ()


def _spells(short: str, items: list[_Item]) -> bool:
    letters = tuple(ch.lower() for ch in short if ch.isalpha())
    if len(letters) < 3 or not MIN_FEATURES <= len(items) <= MAX_FEATURES or any(not item.words for item in items) \
            or sum(len(item.words) for item in items) > len(letters) + EXTRA_WORDS:
        return False
    initials = [[word[0] for _, word in item.words] for item in items]

    @cache  # memo for this one list: letters and items are few, the recursion branches
    def aligned(letter: int, item: int) -> bool:
        """Whether items[item:] spell letters[letter:]: each item gives the next letters (one or more, in order,
        each the initial of one of its words) or, opening with the letter the item before gave, shares it."""
        if item == len(items):
            return letter == len(letters)
        own = initials[item]
        if letter > 0 and own[0] == letters[letter - 1] and aligned(letter, item + 1):
            return True
        return any(_in_order(letters[letter:letter + taken], own) and aligned(letter + taken, item + 1)
                   for taken in range(1, min(len(own), len(letters) - letter) + 1))

    return aligned(0, 0)


def _in_order(wanted: tuple[str, ...], initials: list[str]) -> bool:
    position = 0
    for letter in wanted:
        try:
            position = initials.index(letter, position) + 1
        except ValueError:
            return False
    return True
