"""Reading the model's answer: which evidence it cites, which option it chose.

Markers are `[K1]`, `[P2]`, and lists such as `[K1, P2]` or `[K1; K3]`. Ids the prompt never offered are
invented: they are reported, never resolved. When the model cites nothing at all (small models often ignore
the instruction), each answer sentence is attributed to the offered evidence it overlaps most, and those
citations say `method="attributed"` so no reader mistakes them for the model's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from kgrag.records import Citation, CitationMethod, Evidence, KGFact, ParsedQuestion, cited_ids
from kgrag.text.sentences import sentences

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("""a an and are as at be by for from has have in is it its of on or that the this to was were
which with not no yes answer evidence""".split())
MIN_ATTRIBUTION_OVERLAP = 2  # shared content words before a sentence is tied to a piece of evidence


def _citation(evidence: Evidence, method: CitationMethod) -> Citation:
    if isinstance(evidence, KGFact):
        return Citation(evidence.id, "kg", evidence.text, evidence.source, method)
    return Citation(evidence.id, "passage", evidence.text, evidence.source, method)


def resolve_citations(text: str, evidence: Mapping[str, Evidence]) -> tuple[list[Citation], list[str]]:
    """(citations the model wrote, ids it invented)."""
    citations, unknown = [], []
    for evidence_id in cited_ids(text):
        if evidence_id in evidence:
            citations.append(_citation(evidence[evidence_id], "model"))
        else:
            unknown.append(evidence_id)
    return citations, unknown


def attribute(text: str, evidence: Sequence[Evidence]) -> list[Citation]:
    """For an answer without markers: per sentence, the evidence sharing the most content words with it."""
    found: dict[str, Citation] = {}
    vocab = [(item, _content_words(item.text)) for item in evidence]
    for _, sentence in sentences(text):
        words = _content_words(sentence)
        if not words:
            continue
        best, overlap = None, 0
        for item, item_words in vocab:
            shared = len(words & item_words)
            if shared > overlap:
                best, overlap = item, shared
        if best is not None and overlap >= MIN_ATTRIBUTION_OVERLAP and best.id not in found:
            found[best.id] = _citation(best, "attributed")
    return list(found.values())


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def parse_choice(text: str, question: ParsedQuestion) -> str | None:
    """The option letter, or yes/no/maybe, that the answer commits to; None when it does not say."""
    if question.form == "multiple_choice":
        letters = "".join(question.options)
        match = re.search(rf"answer\s*(?:is)?\s*[:\-]?\s*\(?([{letters}])\b", text, re.IGNORECASE) \
            or re.match(rf"\s*\(?([{letters}])[).:\s]", text)
        if match:
            return match.group(1).upper()
        named = [letter for letter, option in question.options.items() if option.lower() in text.lower()]
        return named[0] if len(named) == 1 else None
    if question.form == "yes_no":
        match = re.search(r"answer\s*(?:is)?\s*[:\-]?\s*\**\s*(yes|no|maybe)\b", text, re.IGNORECASE) \
            or re.match(r"\W*(yes|no|maybe)\b", text, re.IGNORECASE)
        return match.group(1).lower() if match else None
    return None
