"""The cue-lexicon extractor: the words between two linked mentions name the predicate.

This is kgrag's first extractor, kept as the named baseline of `kgrag eval claims`. A cue lexicon maps the words
between two mentions to a canonical predicate ("is a feature of" -> has_phenotype, reversed; "is used to treat"
-> treats; "is contraindicated in" -> contraindicated_for). The subject is the nearest mention before the cue
and the objects are the mentions after it up to the next cue, so "Features of Marfan syndrome include ectopia
lentis and arachnodactyly" gives two claims. Negation comes from the cue ("does not cause") or from the linker's
NegEx flags; "may", "might" and "possibly" mark a claim uncertain. Measured on real prose (the gold set), the
nearest-mention rule and the three-word fallbacks for unlinked ends are its weakness.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kgrag.claims.triples import Triple
from kgrag.records import LinkedMention

UNCERTAIN = re.compile(r"\b(may|might|possibly|perhaps|could)\b", re.I)
_BE = r"(?:is|are|be|was|were)(?:\s+not)?"  # "may be associated with", "is not a feature of"
# (pattern over the words between two mentions, predicate, reversed: the object is written first)
_CUE_TEMPLATES: tuple[tuple[str, str, bool], ...] = (
    (r"{be} (?:a |an )?(?:common |typical |characteristic |key |clinical )?(?:feature|sign|symptom|"
     r"manifestation|finding)s? (?:of|in)", "has_phenotype", True),
    (r"{be} (?:seen|found|present|observed|common) in", "has_phenotype", True),
    (r"{be} characteri[sz]ed by|(?:presents?|presenting) with|(?:features|symptoms|signs|manifestations) "
     r"(?:include|are)|includes?|(?:has|have|shows?|causes?) (?:features such as )?", "has_phenotype", False),
    (r"{be} (?:used|given|indicated|prescribed) (?:to treat|for|in)|treats?|{be} (?:a )?"
     r"(?:treatment|therapy) (?:for|of)|relieves?", "treats", False),
    (r"{be} treated with", "treats", True),
    (r"{be} contraindicated (?:in|for|with)|should not be (?:given|used) (?:to|in|with|for)",
     "contraindicated_for", False),
    (r"(?:can |may )?cause (?:the )?(?:adverse|side) effects?|{be} (?:an )?adverse effects? of",
     "causes_adverse_effect", False),
    (r"{be} (?:inherited|transmitted) (?:in )?(?:an? )?", "has_mode_of_inheritance", False),
    (r"{be} (?:strongly |often )?(?:associated|linked|related) (?:with|to)|(?:mutations|variants) in",
     "associated_with", False),
    (r"{be} (?:a |an )?(?:type|kind|form|subtype) of|{be} an?", "is_a", False),
    (r"interacts? with", "interacts_with", False),
    (r"{be} caused by", "causes", True),
    (r"(?:can |may )?(?:causes?|leads? to|results? in)", "causes", False),
)
_CUES = tuple((pattern.replace("{be}", _BE), predicate, reverse) for pattern, predicate, reverse in _CUE_TEMPLATES)
# "It", "This condition", "the disease": resolved to the antecedent (the previous sentence's subject).
_ANAPHOR = re.compile(r"(?:^|\s)(?:it|(?:this|that|the|these) (?:condition|disease|disorder|syndrome|illness)s?)$",
                      re.I)
_NEGATION = re.compile(r"\b(not|no|never|n't|neither|nor)\b", re.I)



def extract(sentence: str, mentions: Sequence[LinkedMention], antecedent: LinkedMention | None = None,
            disease: LinkedMention | None = None) -> list[Triple]:
    """Triples of one sentence from its linked mentions and the cue lexicon. `antecedent` is what "it" refers to
    (the previous sentence's subject, or the question's concept for an answer); `disease` is what "this
    condition" or "the disease" refers to (the latest disease mentioned)."""
    cues = _find_cues(sentence)
    triples: list[Triple] = []
    uncertain_sentence = bool(UNCERTAIN.search(sentence))
    for index, (start, end, predicate, reverse, negated) in enumerate(cues):
        before = [m for m in mentions if m.end <= start]
        limit = cues[index + 1][0] if index + 1 < len(cues) else len(sentence)
        after = [m for m in mentions if m.start >= end and m.end <= limit]
        left: LinkedMention | str = before[-1] if before else _words_before(sentence, start)
        rights: list[LinkedMention | str] = list(after) or [_words_after(sentence, end, limit)]
        anaphor = _ANAPHOR.search(left) if isinstance(left, str) else None
        referent = (antecedent if anaphor.group().strip().lower() == "it" else disease) if anaphor else None
        if anaphor is not None and referent is not None:  # the words stay; the concept is the referent's
            left = replace(referent, text=anaphor.group().strip(), negated=False, uncertain=False)
        for right in rights:
            if not left or not right:
                continue
            subject, obj = (right, left) if reverse else (left, right)
            flags = [m for m in (subject, obj) if isinstance(m, LinkedMention)]
            triples.append(Triple(subject, predicate, obj, negated or any(m.negated for m in flags),
                                   uncertain_sentence or any(m.uncertain for m in flags)))
    return triples


def _find_cues(sentence: str) -> list[tuple[int, int, str, bool, bool]]:
    """(start, end, predicate, reversed, negated) of each cue, left to right, without overlaps."""
    found: list[tuple[int, int, str, bool, bool]] = []
    taken: list[tuple[int, int]] = []
    for pattern, predicate, reverse in _CUES:
        negatable = rf"\b(?:(?:does|do|did|is|are|was|were|can|should)\s+(?:not|n't)\s+)?(?:{pattern})\b"
        for match in re.finditer(negatable, sentence, re.I):
            if any(match.start() < b and a < match.end() for a, b in taken):
                continue
            taken.append(match.span())
            negated = bool(_NEGATION.search(match.group()))
            found.append((match.start(), match.end(), predicate, reverse, negated))
    return sorted(found)


def _words_before(sentence: str, start: int) -> str:
    words = re.findall(r"[\w-]+", sentence[:start])
    return " ".join(words[-3:])


def _words_after(sentence: str, end: int, limit: int) -> str:
    words = re.findall(r"[\w-]+", sentence[end:limit])
    return " ".join(words[:4])


