"""Sentences of a text with their offsets: the one splitter claim extraction, citation checks and citation
attribution share (passages are cut by `kgrag.text.chunking` to token budgets, a different job).

A sentence ends at . ! ? or a line break followed by space and a capital, digit or bracket, so "16p13.11" and
"e.g. lens" do not end one (a closing quote or bracket after the stop stays with its sentence); or at . ! ?
between a lower-case word and a capitalised one (or "A", "I") with no space ("region.We", "report.A triad": a title
run into its abstract). On the claims gold set (735 sentences split with it), the labellers marked 32 as "not one
sentence". 18 of those are splitting errors: sentences the source
runs together without a space ("dilatedCardiac"), cuts at "Dr.", and truncations. The rest are fragments in the
source text. A maintained splitter such as pysbd knows abbreviations like "Dr."; swapping it in has not been
measured yet.
"""

from __future__ import annotations

import re

# (or, with no space, after a word of two or more lower-case letters and before a capitalised word, or the one-letter
# words "A" and "I": a title run into its abstract, "chromosome region.We present", "case report.A triad of";
# "p.Arg123Gly" and "e.g.Lens" keep theirs)
# (a closing quote or bracket may follow the stop: 'other "consumption coagulopathies." This report')
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"])|(?<=[.!?][\"'\u201d)])\s+(?=[A-Z])|\n+|"
                           r"(?<=[a-z][a-z][.!?])(?=[A-Z][a-z]|[AI]\s)")


def sentences(text: str) -> list[tuple[int, str]]:
    """(start offset, sentence) for each non-empty sentence of `text`."""
    found: list[tuple[int, str]] = []
    begin = 0
    for boundary in [*_SENTENCE_END.finditer(text), None]:
        end = boundary.start() if boundary is not None else len(text)
        piece = text[begin:end]
        if piece.strip():
            found.append((begin + len(piece) - len(piece.lstrip()), piece.strip()))
        if boundary is not None:
            begin = boundary.end()
    return found
