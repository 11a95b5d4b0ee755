"""Dense entity linking: the fallback for mentions the dictionary cannot spell.

Candidate mentions are runs of content words (split at stop words, verbs of being and having, numbers and
punctuation) that no dictionary mention covers. Every window of up to four words of a run ("thymomas cause
myasthenia" -> "thymomas cause", "cause myasthenia", "thymomas", ...) is embedded in one batch and looked up
among the concept-name vectors (`kgrag.linking.concept_index`); windows clearing the similarity bar become mentions,
longest first, without overlapping. A dictionary mention may also grow to the left ("prostate" + "cancer")
when the longer phrase names a more specific concept. Scores are the cosine similarity, capped below the
dictionary's folded-match score, so a dense link never outranks a spelled one. A name whose subtype label differs
from the window's ("type IV" vs "type I", roman numerals read as digits) is a sibling and never taken.
"""

from __future__ import annotations

import re

from kgrag.linking.concept_index import ConceptIndex
from kgrag.linking.dictionary import (
    EPONYM_BEFORE,
    FOLDED_SCORE,
    STOPLIST,
    DictionaryLinker,
    context_flags,
    folded_word,
    sibling_subtype,
    with_abbreviations,
)
from kgrag.records import LinkedMention
from kgrag.text.embeddings import Embedder

DEFAULT_THRESHOLD = 0.9  # chosen on the NCBI-disease development set (KGRAG_DENSE_LINK_THRESHOLD)
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
found find study studies patient patients case cases report reported result results effect effects
feature features present presents presenting presented characterized characterised characterize include
includes including included associated linked related inherited transmitted treat treats treated treating
cause causes caused causing lead leads leading contraindicated indicated interact interacts sign signs symptom
symptoms manifestation manifestations finding findings
""".split())  # the last lines are the verification cue words: relations between mentions, never mentions


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

    def link(self, text: str, known: list[LinkedMention], context: bool = True) -> list[LinkedMention]:
        return self.link_many([(text, known)], context)[0][0]

    def link_many(self, texts: list[tuple[str, list[LinkedMention]]], context: bool = True
                  ) -> list[tuple[list[LinkedMention], set[tuple[int, int]]]]:
        """Per (text, mentions already found): the dense mentions, and the spans of found ones they replace.

        Two kinds of candidate share one embedding batch (a question and its options cost one model call):
        windows of uncovered content words, and left extensions of a covered mention ("prostate" +
        "carcinoma" where the dictionary only knew "carcinoma"). An extension that clears the bar replaces the
        shorter dictionary mention, as leftmost-longest matching would have if the dictionary had the name, but
        only when it names a different concept: "cause myasthenia" is still just myasthenia."""
        candidates: list[tuple[int, int, int, LinkedMention | None]] = []  # (text, start, end, replaces)
        for number, (text, known) in enumerate(texts):
            covered = [(m.start, m.end) for m in known]
            for run in candidate_runs(text, covered):
                for length in range(min(len(run), MAX_CANDIDATE_TOKENS), 0, -1):  # longest first
                    for first in range(len(run) - length + 1):
                        window = run[first:first + length]
                        if self._plausible(text, window, head_known=False):
                            candidates.append((number, window[0][0], window[-1][1], None))
            for mention in known:
                before = _preceding_words(text, mention.start, covered)
                for count in range(min(len(before), MAX_CANDIDATE_TOKENS - 1), 0, -1):
                    window = before[-count:]
                    if self._plausible(text, window, head_known=True):
                        candidates.append((number, window[0][0], mention.end, mention))
        results: list[tuple[list[LinkedMention], set[tuple[int, int]]]] = [([], set()) for _ in texts]
        if not candidates:
            return results
        vectors = self.embedder.embed_passages([texts[n][0][start:end] for n, start, end, _ in candidates])
        for (number, start, end, replaces), hits in zip(candidates, self.index.search(vectors, 1), strict=True):
            accepted, replaced = results[number]
            if not hits or hits[0].score < self.threshold or sibling_subtype(texts[number][0][start:end], hits[0].name):
                continue  # (nor a sibling subtype: "MPS type IV" is no *Mucopolysaccharidosis type VI*)
            if replaces is not None and ((replaces.start, replaces.end) in replaced
                                         or hits[0].concept_id in replaces.concept_ids):
                continue
            if any(start < m.end and m.start < end for m in accepted):
                continue  # a longer (earlier) candidate over these words already cleared the bar
            text = texts[number][0]
            negated, uncertain = context_flags(text, start, end) if context else (False, False)
            accepted.append(LinkedMention(start, end, text[start:end], (hits[0].concept_id,),
                                          round(min(hits[0].score, DENSE_SCORE_CAP), 4), negated, uncertain, "dense"))
            if replaces is not None:
                replaced.add((replaces.start, replaces.end))
        return [(sorted(found, key=lambda m: m.start), replaced) for found, replaced in results]

    def _plausible(self, text: str, window: list[tuple[int, int]], head_known: bool) -> bool:
        phrase = text[window[0][0]:window[-1][1]]
        if not head_known and (len(phrase) < MIN_CANDIDATE_CHARS or phrase.lower() in STOPLIST):
            return False
        if EPONYM_BEFORE.search(text, max(0, window[0][0] - 40), window[0][0]):
            return False  # "Morton's neuralgia": the eponym's name is narrower than its head (as in the dictionary)
        if self.vocabulary is None:
            return True
        words, heads = self.vocabulary
        parts = [part for a, b in window for part in _parts(text[a:b])]
        if not parts or not all(p in words for p in parts):
            return False
        return head_known or parts[-1] in heads


def _preceding_words(text: str, start: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Content words right before `start`, nearest last, up to a break word, punctuation or another mention."""
    runs = candidate_runs(text[:start], [span for span in covered if span[1] <= start])
    if not runs or text[runs[-1][-1][1]:start].strip():
        return []
    return runs[-1]


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
        dense = self.dense.link_many(list(zip(texts, found, strict=True)), context)
        merged = []
        for text, mentions, (extra, replaced) in zip(texts, found, dense, strict=True):
            kept = [m for m in mentions if (m.start, m.end) not in replaced]
            # A dense long form defines its abbreviation too: "myotonic dystrophy (DM)".
            merged.append(with_abbreviations(text, sorted(kept + extra, key=lambda m: m.start)))
        return merged

    def concept_ids(self, text: str) -> set[str]:
        return {cid for mention in self.link(text, context=False) for cid in mention.concept_ids}

