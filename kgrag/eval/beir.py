"""Retrieval evaluation on a BEIR-format corpus: corpus.jsonl, queries.jsonl and qrels/<split>.tsv.

The layout of Thakur et al., "BEIR: A Heterogeneous Benchmark for Zero-shot Evaluation of Information Retrieval
Models" (NeurIPS 2021 datasets track), so any BEIR medical set (NFCorpus, TREC-COVID, SciFact, ...) or one
assembled in that shape (`benchmarks/bioasq_beir.py`) is scored the same way. The corpus loads through the
literature loader (`_id`, `title`, `text`; several records with one id merge into one document); passages are
collapsed to documents at their best rank. Reported per run: nDCG@10 with the qrels' graded relevance (linear
gain, as trec_eval's ndcg_cut) and recall@100, for kgrag's bm25, dense and hybrid modes and, as the baseline
measured in the same run, plain reciprocal-rank fusion (k = 60) of the BM25 and dense document rankings.
Also reported: on how many queries hybrid scores below BM25 (nDCG@10).
"""

from __future__ import annotations

import csv
import json
import math
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.common import ProgressFactory
from ingest.literature import corpus_doc_id
from ingest.literature_loader import LiteratureLoader
from kgrag.config import Settings
from kgrag.errors import InputFileError, UserError
from kgrag.eval.retrieval import document_ranking
from kgrag.text.chunking import make_chunker
from kgrag.text.fusion import reciprocal_rank_fusion
from kgrag.text.passage_index import PassageIndex

RUNS = ("bm25", "dense", "hybrid", "rrf")  # rrf: the baseline, plain RRF of the bm25 and dense runs
DEPTH = 300  # passages per query and retriever: enough documents for recall@100
QUERY_BATCH = 64
Qrels = dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True)
class BeirScores:
    ndcg10: float
    recall100: float
    queries: int
    below_bm25: int = 0  # queries where this run's nDCG@10 is lower than bm25's

    def to_dict(self) -> dict[str, float | int]:
        return {"ndcg@10": round(self.ndcg10, 4), "recall@100": round(self.recall100, 4), "queries": self.queries,
                "below_bm25": self.below_bm25}


def _jsonl(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise InputFileError(path, number, f"malformed JSON: {exc}") from None
            if not isinstance(record, dict):
                raise InputFileError(path, number, "expected a JSON object")
            yield number, record


def read_queries(path: Path) -> dict[str, str]:
    queries: dict[str, str] = {}
    for number, record in _jsonl(path):
        if "_id" not in record or not isinstance(record.get("text"), str):
            raise InputFileError(path, number, "a query needs `_id` and `text`")
        queries[str(record["_id"])] = str(record["text"])
    return queries


def read_qrels(path: Path) -> Qrels:
    """query id -> {document id: grade > 0}; a header row (`query-id corpus-id score`) is skipped."""
    qrels: Qrels = {}
    with path.open(encoding="utf-8", newline="") as rows:
        for number, row in enumerate(csv.reader(rows, delimiter="\t"), start=1):
            if not row or (number == 1 and row[0] == "query-id"):
                continue
            if len(row) < 3:
                raise InputFileError(path, number, "expected query-id, corpus-id, score")
            try:
                grade = int(row[2])
            except ValueError:
                raise InputFileError(path, number, f"score {row[2]!r} is not an integer") from None
            if grade > 0:
                qrels.setdefault(row[0], {})[corpus_doc_id(row[1])] = grade
    return qrels


def ndcg_at(ranking: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    dcg = sum(relevant.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranking[:k]))
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(relevant.values(), reverse=True)[:k]))
    return dcg / ideal if ideal else 0.0


def recall_at(ranking: Sequence[str], relevant: Mapping[str, int], k: int = 100) -> float:
    return len(set(ranking[:k]) & relevant.keys()) / len(relevant) if relevant else 0.0


def _files(directory: Path, split: str) -> tuple[Path, Path, Path]:
    corpus, queries = directory / "corpus.jsonl", directory / "queries.jsonl"
    qrels = directory / "qrels" / f"{split}.tsv"
    for path in (corpus, queries, qrels):
        if not path.is_file():
            raise UserError(f"{directory} is not a BEIR-format folder: {path.relative_to(directory)} is missing")
    return corpus, queries, qrels


def evaluate_beir(directory: Path, settings: Settings, split: str = "test", progress: ProgressFactory | None = None,
                  on_run: Callable[[str], None] | None = None) -> dict[str, BeirScores]:
    """Index the corpus in a throwaway data directory and score each run on the queries that have qrels."""
    corpus, queries_file, qrels_file = _files(directory, split)
    qrels = read_qrels(qrels_file)
    queries = {qid: text for qid, text in read_queries(queries_file).items() if qid in qrels}
    if not queries:
        raise UserError(f"{qrels_file}: no query in queries.jsonl has a relevant document")
    ids, texts = list(queries), list(queries.values())
    with tempfile.TemporaryDirectory(prefix="kgrag-beir-") as scratch:
        scoped = settings.model_copy(update={"data_dir": Path(scratch)})
        with PassageIndex.open(scoped) as index:
            chunker = make_chunker(index.embedder, settings.chunk_tokens, settings.chunk_overlap)
            LiteratureLoader(index, chunker, None, progress=progress).load([corpus])
            rankings: dict[str, list[list[str]]] = {}
            for run in ("bm25", "dense", "hybrid"):
                if on_run is not None:
                    on_run(run)
                rankings[run] = []
                for begin in range(0, len(texts), QUERY_BATCH):
                    hits = index.search_many(texts[begin:begin + QUERY_BATCH], run, DEPTH)
                    rankings[run].extend(document_ranking(row) for row in hits)
    rankings["rrf"] = [[doc for doc, _, _ in reciprocal_rank_fusion({"bm25": b, "dense": d})]
                       for b, d in zip(rankings["bm25"], rankings["dense"], strict=True)]
    per_query = {run: [ndcg_at(r, qrels[q]) for r, q in zip(rankings[run], ids, strict=True)] for run in RUNS}
    return {run: BeirScores(sum(per_query[run]) / len(ids),
                            sum(recall_at(r, qrels[q]) for r, q in zip(rankings[run], ids, strict=True)) / len(ids),
                            len(ids), sum(a < b - 1e-12 for a, b in zip(per_query[run], per_query["bm25"],
                                                                        strict=True)))
            for run in RUNS}
