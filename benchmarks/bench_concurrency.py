"""Concurrent `ask` through one KGRAG facade: throughput and latency with 1, 4 and 16 clients.

    python benchmarks/bench_concurrency.py --data-dir .kgrag [--asks 64] [--llm-latency-ms 400]

Each client is a thread calling `KGRAG.ask` (retrieval, prompt, model, verification) on questions from one
shared list. The model is an OpenAI-compatible server on 127.0.0.1 started by this script, which answers after
a fixed delay: a served medical LLM (vLLM, TGI) answers many requests at once, so this measures what kgrag
itself does under concurrency (its retrieval and verification share two CPU cores here) rather than how fast a
CPU generates. The baseline, in the same run, is one client: the table gives each level's throughput as a
ratio to it. Every answer is checked against the one the same question got with one client (no cross-talk).

With --llm settings the configured model answers instead (a local model on a CPU is compute-bound, so expect
no gain from more clients).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import percentile  # noqa: E402

from kgrag.api import KGRAG  # noqa: E402
from kgrag.config import load_settings  # noqa: E402
from kgrag.records import Answer  # noqa: E402
from tests.support.endpoint import ChatCompletions, serving  # noqa: E402

QUESTIONS = [
    "What are the clinical features of Marfan syndrome?",
    "Which genes are associated with cystic fibrosis?",
    "Is ectopia lentis a feature of homocystinuria?",
    "What are the symptoms of Ehlers-Danlos syndrome?",
    "Which phenotypes are seen in Noonan syndrome?",
    "Does hypertrophic cardiomyopathy cause syncope?",
    "What are the features of tuberous sclerosis?",
    "Which gene is associated with Huntington disease?",
    "Is intellectual disability a feature of fragile X syndrome?",
    "What are the signs of Turner syndrome?",
    "Which findings are typical of neurofibromatosis type 1?",
    "Does Duchenne muscular dystrophy cause cardiomyopathy?",
    "What are the manifestations of Wilson disease?",
    "Which phenotypes occur in Rett syndrome?",
    "Is hearing loss a feature of Alport syndrome?",
    "What are the features of Prader-Willi syndrome?",
]
LEVELS = (1, 4, 16)


class SlowChat(ChatCompletions):
    """The tests' loopback /v1/chat/completions, answering after `delay` seconds like a busy served model."""

    delay = 0.4
    words = ["The evidence lists the relevant findings [K1]."]


def fingerprint(answer: Answer) -> tuple[object, ...]:
    """What must not change between one client and sixteen: the evidence, the text and the verdicts."""
    return (answer.question, answer.text, tuple(f.text for f in answer.facts),
            tuple(p.passage.citation for p in answer.passages), tuple((c.sentence, c.verdict) for c in answer.claims))


def run_level(kg: KGRAG, clients: int, asks: list[str]) -> tuple[float, list[float], list[tuple[object, ...]]]:
    """Wall seconds, per-ask latencies (ms) and answer fingerprints, with `clients` threads sharing the list."""
    def one(question: str) -> tuple[float, tuple[object, ...]]:
        start = time.perf_counter()
        answer = kg.ask(question)
        return (time.perf_counter() - start) * 1000, fingerprint(answer)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, asks))
    return time.perf_counter() - start, [r[0] for r in results], [r[1] for r in results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True, help="a loaded data dir, e.g. the demo's .kgrag")
    parser.add_argument("--asks", type=int, default=64, help="asks per concurrency level")
    parser.add_argument("--llm-latency-ms", type=float, default=400.0, help="the loopback model's reply delay")
    parser.add_argument("--llm", choices=("loopback", "settings"), default="loopback")
    args = parser.parse_args()
    if not (args.data_dir / "graph.sqlite").exists():
        sys.exit(f"{args.data_dir}: no graph.sqlite; run `make demo` or `kgrag ingest hpo` first")
    overrides: dict[str, object] = {"data_dir": args.data_dir}
    asks = [QUESTIONS[i % len(QUESTIONS)] for i in range(args.asks)]
    with ExitStack() as stack:
        if args.llm == "loopback":
            SlowChat.delay = args.llm_latency_ms / 1000
            overrides |= {"llm_backend": "openai", "llm_model": "loopback",
                          "llm_base_url": stack.enter_context(serving(SlowChat))}
        with KGRAG(load_settings(**overrides)) as kg:
            kg.ask(QUESTIONS[0])  # warm: linker, concept vectors, embedder, FAISS, BM25
            reference = {q: fingerprint(kg.ask(q)) for q in QUESTIONS}
            rows = []
            for clients in LEVELS:
                wall, latencies, answers = run_level(kg, clients, asks)
                crossed = sum(answer != reference[q] for q, answer in zip(asks, answers, strict=True))
                rows.append((clients, len(asks) / wall, percentile(latencies, 0.5), percentile(latencies, 0.95),
                             crossed))
            graph = kg.store.stats()
    model = (f"loopback OpenAI-compatible model, {args.llm_latency_ms:.0f} ms per reply" if args.llm == "loopback"
             else "the configured model")
    print(f"\n{platform.processor() or platform.machine()}, embedded graph ({graph.nodes:,} nodes, {graph.edges:,} "
          f"edges), {model}; {len(asks)} asks per level, verification on\n")
    print("| clients | asks/s | vs 1 client (baseline) | p50 ms | p95 ms | answers differing from 1 client |")
    print("|---|---|---|---|---|---|")
    for clients, throughput, p50, p95, crossed in rows:
        print(f"| {clients} | {throughput:.2f} | {throughput / rows[0][1]:.2f}x | {p50:.0f} | {p95:.0f} | {crossed} |")


if __name__ == "__main__":
    main()
