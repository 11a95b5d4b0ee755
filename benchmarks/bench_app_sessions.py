"""Clinician app sessions answering at once: wall time of N concurrent sessions against one session alone.

    python benchmarks/bench_app_sessions.py [--data-dir .kgrag] [--sessions 2,4] [--llm-latency-ms 1000]

Each session is a Streamlit AppTest of app/main.py (the real page: sidebar, streaming, verification, rendering)
in its own thread, all sharing the app's one cached engine, asking a question against an OpenAI-compatible model
on 127.0.0.1 that answers after a fixed delay (a served model answers many requests at once). The baseline, in
the same run, is one session alone; "serialized" is what N sessions would take one after another, which is what
the app's former global lock made of them. Without --data-dir the tiny HPO-shaped release in tests/fixtures is
loaded into a scratch directory by the real HPO loader.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.hpo import load_hpo  # noqa: E402
from kgrag.config import load_settings  # noqa: E402
from kgrag.graph import open_graph_store  # noqa: E402
from tests.support.endpoint import ChatCompletions, serving  # noqa: E402

QUESTION = "What are the clinical features of Marfan syndrome?"


class DelayedChat(ChatCompletions):
    delay = 1.0
    words = ["Marfan syndrome ", "is characterized ", "by ectopia lentis [K1]."]


def ask_in_sessions(sessions: int) -> float:
    """Wall seconds for `sessions` AppTest sessions asking at once (each page already loaded)."""
    from streamlit.testing.v1 import AppTest

    pages = [AppTest.from_file(str(ROOT / "app" / "main.py"), default_timeout=300) for _ in range(sessions)]
    for page in pages:
        page.run()
    failures: list[str] = []

    def ask(page: AppTest) -> None:
        page.chat_input[0].set_value(QUESTION).run()
        if page.exception or not any("kgrag-claim" in m.value for m in page.markdown):
            failures.append(str(page.exception) or "no checked answer on the page")

    threads = [threading.Thread(target=ask, args=(page,)) for page in pages]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        sys.exit(f"a session failed: {failures[0]}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, help="a loaded data dir (default: the test fixture release)")
    parser.add_argument("--sessions", default="2,4", help="concurrent session counts, comma-separated")
    parser.add_argument("--llm-latency-ms", type=float, default=1000.0, help="the loopback model's reply delay")
    parser.add_argument("--repeats", type=int, default=3, help="runs per level (the median is reported)")
    args = parser.parse_args()
    levels = [int(n) for n in args.sessions.split(",")]
    scratch = tempfile.TemporaryDirectory(prefix="kgrag-bench-app-")
    data_dir = args.data_dir or Path(scratch.name)
    os.environ.update({"KGRAG_DATA_DIR": str(data_dir), "KGRAG_CONFIG": "", "HF_HUB_OFFLINE": "1"})
    if args.data_dir is None:
        store = open_graph_store(load_settings(), create=True)
        load_hpo(store, ROOT / "tests" / "fixtures" / "hpo_mini")
        store.close()
    DelayedChat.delay = args.llm_latency_ms / 1000
    with serving(DelayedChat) as url:
        os.environ.update({"KGRAG_LLM_BACKEND": "openai", "KGRAG_LLM_BASE_URL": url, "KGRAG_LLM_MODEL": "loopback"})
        ask_in_sessions(1)  # the first page builds and warms the shared engine
        median = lambda runs: sorted(runs)[len(runs) // 2]  # noqa: E731
        single = median([ask_in_sessions(1) for _ in range(args.repeats)])
        rows = [(n, median([ask_in_sessions(n) for _ in range(args.repeats)])) for n in levels]
        overlapped = DelayedChat.most_in_flight
    print(f"\n{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; app sessions as Streamlit AppTests "
          f"on one shared engine; loopback model answering after {args.llm_latency_ms:.0f} ms; median of "
          f"{args.repeats} runs; most requests in the model at once: {overlapped}\n")
    print("| sessions at once | wall s | vs one session alone (baseline) | serialized (one after another) s |")
    print("|---|---|---|---|")
    print(f"| 1 (baseline) | {single:.2f} | 1.00x | {single:.2f} |")
    for sessions, wall in rows:
        print(f"| {sessions} | {wall:.2f} | {wall / single:.2f}x | {sessions * single:.2f} |")
    scratch.cleanup()


if __name__ == "__main__":
    main()
