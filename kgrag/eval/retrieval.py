"""Retrieval evaluation on PubMedQA PQA-L: index every abstract, ask each question, find its own abstract.

Each of the 1,000 expert-labelled questions was written from one abstract, so the abstract a question came
from is its relevant document (PQA-L has no title field; the question usually paraphrases the title,
which makes this a fair but not trivial test). Passages are collapsed to documents at their best rank.
Reported per mode: recall@1, recall@5, recall@10 and MRR (reciprocal rank of the own abstract within the
top `DEPTH` documents, 0 beyond).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.common import BadRowPolicy, ProgressFactory
from ingest.literature import parse
from ingest.literature_loader import LiteratureLoader
from kgrag.config import Settings
from kgrag.errors import UserError
from kgrag.records import PassageHit, SearchMode
from kgrag.text.chunking import make_chunker
from kgrag.text.passage_index import SEARCH_MODES, PassageIndex

DATASETS = ("pubmedqa",)
CUTOFFS = (1, 5, 10)
DEPTH = 100  # passages retrieved per question before collapsing to documents
QUERY_BATCH = 64


@dataclass(frozen=True, slots=True)
class RetrievalScores:
    recall: dict[int, float]
    mrr: float
    questions: int

    def to_dict(self) -> dict[str, float]:
        return {**{f"recall@{k}": round(v, 4) for k, v in self.recall.items()}, "mrr": round(self.mrr, 4)}


def document_ranking(hits: Sequence[PassageHit]) -> list[str]:
    """Document ids in the order of their best passage."""
    return list(dict.fromkeys(hit.passage.doc_id for hit in hits))


def score_rankings(rankings: Sequence[list[str]], relevant: Sequence[str], cutoffs: Sequence[int] = CUTOFFS
                   ) -> RetrievalScores:
    if not relevant:
        raise UserError("no questions to evaluate")
    hits = {k: 0 for k in cutoffs}
    reciprocal = 0.0
    for ranking, wanted in zip(rankings, relevant, strict=True):
        rank = ranking.index(wanted) + 1 if wanted in ranking else 0
        reciprocal += 1.0 / rank if rank else 0.0
        for k in cutoffs:
            hits[k] += 0 < rank <= k
    n = len(relevant)
    return RetrievalScores({k: hits[k] / n for k in cutoffs}, reciprocal / n, n)


def pubmedqa_questions(path: Path) -> list[tuple[str, str]]:
    """(doc id, question) for every record of a PubMedQA file that has a question."""
    pairs = [(doc.doc_id, doc.extra["QUESTION"]) for doc in parse(path, BadRowPolicy()) if doc.extra.get("QUESTION")]
    if not pairs:
        raise UserError(f"{path}: no PubMedQA questions found (expected records with a QUESTION field)")
    return pairs


def evaluate_retrieval(dataset: str, path: Path, settings: Settings, modes: Sequence[SearchMode] = SEARCH_MODES,
                       progress: ProgressFactory | None = None,
                       on_mode: Callable[[str], None] | None = None) -> dict[str, RetrievalScores]:
    """Index the dataset's abstracts in a throwaway data directory and score each search mode."""
    if dataset not in DATASETS:
        raise UserError(f"unknown retrieval dataset {dataset!r}; available: {', '.join(DATASETS)}")
    questions = pubmedqa_questions(path)
    with tempfile.TemporaryDirectory(prefix="kgrag-eval-") as scratch:
        scoped = settings.model_copy(update={"data_dir": Path(scratch)})
        with PassageIndex.open(scoped) as index:
            chunker = make_chunker(index.embedder, settings.chunk_tokens, settings.chunk_overlap)
            LiteratureLoader(index, chunker, None, progress=progress).load([path])
            relevant = [doc_id for doc_id, _ in questions]
            results: dict[str, RetrievalScores] = {}
            for mode in modes:
                if on_mode is not None:
                    on_mode(mode)
                rankings: list[list[str]] = []
                for begin in range(0, len(questions), QUERY_BATCH):
                    batch = [q for _, q in questions[begin:begin + QUERY_BATCH]]
                    rankings.extend(document_ranking(hits) for hits in index.search_many(batch, mode, DEPTH))
                results[mode] = score_rankings(rankings, relevant)
    return results
