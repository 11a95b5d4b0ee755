"""Dense entity linking: the fallback for mentions the dictionary cannot spell.

Candidate mentions are runs of content words (split at stop words, verbs of being and having, numbers and
punctuation) that no dictionary mention covers. Every window of up to four words of a run ("thymomas cause
myasthenia" -> "thymomas cause", "cause myasthenia", "thymomas", ...) is embedded in one batch and looked up
among the concept-name vectors (`kgrag.concept_index`); windows clearing the similarity bar become mentions,
longest first, without overlapping. Scores are the cosine similarity, capped below the dictionary's
folded-match score, so a dense link never outranks a spelled one.
"""

from __future__ import annotations

import re

from kgrag.concept_index import ConceptIndex
from kgrag.link import FOLDED_SCORE, STOPLIST, DictionaryLinker, LinkedMention, context_flags, folded_word
from kgrag.text.embeddings import Embedder

DEFAULT_THRESHOLD = 0.85
MAX_RUN_TOKENS = 6
MAX_CANDIDATE_TOKENS = 4  # windows per run: at most 4 + 3 + 2 + 1 of a 4-word run, 18 of a 6-word one
MIN_CANDIDATE_CHARS = 5
DENSE_SCORE_CAP = FOLDED_SCORE - 0.01

_TOKEN = re.compile(r"[A-Za-z0-9][\w'-]*")
_BREAK = frozenset("""
a an the of in on at to for from by with without within and or but nor not no is are was were be been being has
have had do does did this that these those which who whom whose what when where why how than then there their
its it as into onto over under between among during after before about against via per we our us they them he
she his her i you your may might can could should would will shall must also both either neither each every
some any all more most less least such same other another very so only here using used use showed shows show
found find found study studies patient patients case cases report reported result results effect effects
""".split())


def candidate_runs(text: str, covered: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Token spans of each run of content words not touching a covered span."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        word = match.group().lower()
        gap = text[previous_end:start]
        broken = (word in _BREAK or word.isdigit() or any(a < end and start < b for a, b in covered)
                  or (current and gap.strip() != ""))
        if broken and current:
            runs.append(current)
            current = []
        if not (word in _BREAK or word.isdigit() or any(a < end and start < b for a, b in covered)):
            current.append((start, end))
        previous_end = end
    if current:
        runs.append(current)
    return [run[-MAX_RUN_TOKENS:] for run in runs]


class DenseLinker:
    def __init__(self, index: ConceptIndex, embedder: Embedder, threshold: float = DEFAULT_THRESHOLD,
                 vocabulary: tuple[frozenset[str], frozenset[str]] | None = None) -> None:
        """`vocabulary`: the words concept names are made of and the words they end with
        (`DictionaryLinker.vocabulary()`). Only windows made of name words and ending in a name's last word are
        embedded: a window that close to a name is made of the name's words (or their plurals) and ends in its
        head, so this drops most windows of a long question (and most of the cost) at little recall cost."""
        self.index = index
        self.embedder = embedder
        self.threshold = threshold
        self.vocabulary = vocabulary

    def link(self, text: str, covered: list[tuple[int, int]], context: bool = True) -> list[LinkedMention]:
        return self.link_many([(text, covered)], context)[0]

    def link_many(self, texts: list[tuple[str, list[tuple[int, int]]]], context: bool = True
                  ) -> list[list[LinkedMention]]:
        """Dense mentions of several (text, covered spans) pairs with one embedding batch (a question and its
        options cost one model call, not one each)."""
        candidates: list[tuple[int, int, int]] = []  # (text number, start, end)
        for number, (text, covered) in enumerate(texts):
            for run in candidate_runs(text, covered):
                for length in range(min(len(run), MAX_CANDIDATE_TOKENS), 0, -1):  # longest first
                    for first in range(len(run) - length + 1):
                        window = run[first:first + length]
                        start, end = window[0][0], window[-1][1]
                        phrase = text[start:end]
                        if len(phrase) < MIN_CANDIDATE_CHARS or phrase.lower() in STOPLIST:
                            continue
                        if self.vocabulary is not None:
                            words, heads = self.vocabulary
                            parts = [part for a, b in window for part in _parts(text[a:b])]
                            if not parts or parts[-1] not in heads or not all(p in words for p in parts):
                                continue
                        candidates.append((number, start, end))
        accepted: list[list[LinkedMention]] = [[] for _ in texts]
        if not candidates:
            return accepted
        vectors = self.embedder.embed_passages([texts[n][0][start:end] for n, start, end in candidates])
        for (number, start, end), hits in zip(candidates, self.index.search(vectors, 1), strict=True):
            if not hits or hits[0].score < self.threshold:
                continue
            if any(start < m.end and m.start < end for m in accepted[number]):
                continue  # a longer (earlier) candidate over these words already cleared the bar
            text = texts[number][0]
            negated, uncertain = context_flags(text, start, end) if context else (False, False)
            accepted[number].append(LinkedMention(start, end, text[start:end], (hits[0].concept_id,),
                                                  round(min(hits[0].score, DENSE_SCORE_CAP), 4), negated, uncertain,
                                                  "dense"))
        return [sorted(found, key=lambda m: m.start) for found in accepted]


def _parts(token: str) -> list[str]:
    """A token's words as the dictionary folds them ("X-linked" -> "x", "linked")."""
    return [folded_word(part) for part in re.findall(r"[A-Za-z0-9]+", token)]


class HybridLinker:
    """Dictionary mentions first; the dense linker only looks at what they leave uncovered."""

    def __init__(self, dictionary: DictionaryLinker, dense: DenseLinker | None = None) -> None:
        self.dictionary = dictionary
        self.dense = dense

    @property
    def size(self) -> int:
        return self.dictionary.size

    def link(self, text: str, context: bool = True) -> list[LinkedMention]:
        return self.link_many([text], context)[0]

    def link_many(self, texts: list[str], context: bool = True) -> list[list[LinkedMention]]:
        found = [self.dictionary.link(text, context) for text in texts]
        if self.dense is None:
            return found
        dense = self.dense.link_many([(text, [(m.start, m.end) for m in mentions])
                                      for text, mentions in zip(texts, found, strict=True)], context)
        return [sorted(a + b, key=lambda m: m.start) for a, b in zip(found, dense, strict=True)]

    def concept_ids(self, text: str) -> set[str]:
        return {cid for mention in self.link(text, context=False) for cid in mention.concept_ids}

