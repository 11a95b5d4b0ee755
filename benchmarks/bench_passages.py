"""The passage index: embedding throughput, FAISS index types, PubMedQA retrieval, memory per passage.

    python benchmarks/bench_passages.py [--sizes 100000 1000000] [--queries 200] [--pubmedqa PATH]

1. Embedding throughput of the configured model (default all-MiniLM-L6-v2) on real abstracts' passages:
   CPU here, CUDA with fp16 where there is one.
2. FAISS on synthetic clustered unit vectors (384-d, a Gaussian mixture of 1,000 topics, like embedded
   text): build time, single-query p50/p95 and recall@10 against exact search for IVF and HNSW. The
   baseline, measured in the same run, is exact Flat inner-product search; ratios are index / Flat.
3. PubMedQA PQA-L retrieval (every abstract indexed, each question asked; recall@1/5/10 and MRR of its
   own abstract) for BM25 (the baseline), dense and hybrid (reciprocal-rank fusion), plus the bytes each
   passage costs on disk in the store, the FAISS file and the BM25 index.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import percentile  # noqa: E402

from kgrag.config import load_settings  # noqa: E402
from kgrag.text.embeddings import Embedder  # noqa: E402
from kgrag.text.vectors import VectorIndex, ivf_lists, ivf_probes  # noqa: E402

DEFAULT_PUBMEDQA = Path(__file__).resolve().parents[2] / "shared" / "data" / "pubmedqa" / "ori_pqal.json"
DIMENSION = 384
TOPICS = 1000


def synthetic(count: int, seed: int, centers: np.ndarray) -> np.ndarray:
    """Unit vectors scattered around topic centres (cosine to its centre ~0.7, as with related abstracts)."""
    rng = np.random.default_rng(seed)
    out = np.empty((count, centers.shape[1]), dtype=np.float32)
    step = 100_000
    for begin in range(0, count, step):
        n = min(step, count - begin)
        block = centers[rng.integers(0, len(centers), n)] + 0.05 * rng.standard_normal((n, centers.shape[1]),
                                                                                        dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[begin:begin + n] = block
    return out


def query_latencies(index: VectorIndex, queries: np.ndarray, k: int = 10) -> tuple[list[float], np.ndarray]:
    times, found = [], []
    for query in queries:
        started = time.perf_counter()
        _, ids = index.search(query[None, :], k)
        times.append((time.perf_counter() - started) * 1000)
        found.append(ids[0])
    return times, np.stack(found)


def recall_at_10(found: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact, strict=True)]))


def bench_faiss(sizes: list[int], queries: int) -> None:
    rng = np.random.default_rng(7)
    centers = rng.standard_normal((TOPICS, DIMENSION)).astype(np.float32)
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    print("\n## FAISS: single-query latency and recall@10 (baseline: exact Flat inner product)\n")
    print("| vectors | index | build s | p50 ms | p95 ms | recall@10 vs Flat | p50 / Flat |")
    print("|---|---|---|---|---|---|---|")
    for size in sizes:
        vectors = synthetic(size, 1, centers)
        ids = np.arange(size, dtype=np.int64)
        probe = synthetic(queries, 2, centers)
        results: dict[str, tuple[float, list[float], np.ndarray]] = {}
        for kind in ("flat", "ivf", "hnsw"):
            started = time.perf_counter()
            index = VectorIndex.build(ids, vectors, kind)  # type: ignore[arg-type]
            build = time.perf_counter() - started
            query_latencies(index, probe[:5])  # warm-up
            times, found = query_latencies(index, probe)
            results[kind] = (build, times, found)
            del index
        flat_p50 = percentile(results["flat"][1], 0.5)
        for kind, (build, times, found) in results.items():
            label = {"flat": "Flat (baseline)", "ivf": f"IVF{ivf_lists(size)} nprobe {ivf_probes(ivf_lists(size))}",
                     "hnsw": "HNSW32 efSearch 128"}[kind]
            p50 = percentile(times, 0.5)
            print(f"| {size:,} | {label} | {build:.1f} | {p50:.2f} | {percentile(times, 0.95):.2f} | "
                  f"{recall_at_10(found, results['flat'][2]):.3f} | {p50 / flat_p50:.2f} |", flush=True)
        del vectors


def bench_embeddings(texts: list[str]) -> None:
    settings = load_settings()
    embedder = Embedder(settings.embedding_model, settings.query_embedding_model, settings.device,
                        settings.embedding_batch_size)
    embedder.embed_passages(texts[:16])  # load and warm up
    started = time.perf_counter()
    embedder.embed_passages(texts)
    seconds = time.perf_counter() - started
    import torch

    print("\n## Embedding throughput\n")
    print("| model | device | threads | passages | mean words | passages/s |")
    print("|---|---|---|---|---|---|")
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"| {embedder.model_name} | {embedder.device}{' fp16' if embedder.device == 'cuda' else ''} | "
          f"{torch.get_num_threads()} | {len(texts):,} | {words:.0f} | {len(texts) / seconds:,.1f} |", flush=True)


def bench_pubmedqa(path: Path) -> None:
    from ingest.literature_loader import LiteratureLoader
    from kgrag.eval.retrieval import CUTOFFS, document_ranking, pubmedqa_questions, score_rankings
    from kgrag.text import PassageIndex
    from kgrag.text.chunking import make_chunker

    questions = pubmedqa_questions(path)
    with tempfile.TemporaryDirectory(prefix="kgrag-bench-") as scratch:
        settings = load_settings().model_copy(update={"data_dir": Path(scratch)})
        with PassageIndex.open(settings) as index:
            started = time.perf_counter()
            chunker = make_chunker(index.embedder, settings.chunk_tokens, settings.chunk_overlap)
            LiteratureLoader(index, chunker, None).load([path])
            ingest_seconds = time.perf_counter() - started
            stats = index.store.stats()
            print(f"\n## PubMedQA PQA-L retrieval ({len(questions):,} questions; {stats.documents:,} abstracts, "
                  f"{stats.passages:,} passages of <= {settings.chunk_tokens} tokens, indexed in "
                  f"{ingest_seconds:.0f} s)\n")
            print("| mode | " + " | ".join(f"recall@{k}" for k in CUTOFFS) + " | MRR | p50 ms/query | "
                  "recall@5 - BM25 |")
            print("|---|---|---|---|---|---|---|")
            baseline = 0.0
            for mode in ("bm25", "dense", "hybrid"):
                rankings, times = [], []
                for _, question in questions:
                    started = time.perf_counter()
                    hits = index.search(question, mode, 100)  # type: ignore[arg-type]
                    times.append((time.perf_counter() - started) * 1000)
                    rankings.append(document_ranking(hits))
                scores = score_rankings(rankings, [doc for doc, _ in questions])
                baseline = scores.recall[5] if mode == "bm25" else baseline
                label = "BM25 (baseline)" if mode == "bm25" else mode
                print(f"| {label} | " + " | ".join(f"{scores.recall[k]:.3f}" for k in CUTOFFS) +
                      f" | {scores.mrr:.3f} | {percentile(times, 0.5):.1f} | {scores.recall[5] - baseline:+.3f} |",
                      flush=True)
        # Sizes after the store is closed, so its write-ahead log is checkpointed into the database file.
        root = Path(scratch)
        store_bytes = (root / "passages.sqlite").stat().st_size
        faiss_bytes = (root / "index" / "vectors.faiss").stat().st_size
        bm25_bytes = sum(p.stat().st_size for p in (root / "index" / "bm25").resolve().rglob("*") if p.is_file())
        vector_bytes = stats.dimension * 4
        print("\n## Bytes per passage on disk\n")
        print("| passage store (text, metadata, fp32 vector) | of which the vector | FAISS Flat | BM25 | total |")
        print("|---|---|---|---|---|")
        per = lambda n: n / stats.passages  # noqa: E731
        print(f"| {per(store_bytes):,.0f} | {vector_bytes:,} | {per(faiss_bytes):,.0f} | {per(bm25_bytes):,.0f} | "
              f"{per(store_bytes + faiss_bytes + bm25_bytes):,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000],
                        help="FAISS collection sizes (none: skip that section).")
    parser.add_argument("--queries", type=int, default=200, help="Queries timed per FAISS index.")
    parser.add_argument("--pubmedqa", type=Path, default=DEFAULT_PUBMEDQA, help="PubMedQA ori_pqal.json.")
    parser.add_argument("--embed-passages", type=int, default=512, help="Passages embedded for throughput.")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(f"# Passage index benchmark ({platform.processor() or platform.machine()}, {os.cpu_count()} CPUs)")
    if args.pubmedqa.is_file():
        records = json.loads(args.pubmedqa.read_text(encoding="utf-8"))
        texts = [" ".join(r["CONTEXTS"]) for r in records.values()][:args.embed_passages]
        bench_embeddings(texts)
    else:
        print(f"\n(no PubMedQA file at {args.pubmedqa}: embedding and retrieval sections skipped)")
    if args.sizes:
        bench_faiss(args.sizes, args.queries)
    if args.pubmedqa.is_file():
        bench_pubmedqa(args.pubmedqa)


if __name__ == "__main__":
    main()
