"""End to end in a real browser: the app served by Streamlit on 127.0.0.1, driven by headless Chromium.

Uses the system's Chromium (Debian's `chromium` package) through Playwright's `executable_path`, so nothing is
downloaded; skips with the reason when no browser or no Playwright is present. The model is a loopback
OpenAI-compatible server with a fixed answer. The screenshot is kept in test-artifacts/app-answer.png.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support.endpoint import ChatCompletions, serving

BROWSER = next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))),
               None)
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
ANSWER = "Marfan syndrome is characterized by ectopia lentis [K1]. FBN1 is associated with homocystinuria."


class FixedAnswer(ChatCompletions):
    """test_llm's loopback endpoint, answering with two sentences the fixture graph can check."""

    words = [word + " " for word in ANSWER.split(" ")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class HeldAnswer(FixedAnswer):
    """The same answer, held until the test has seen every session waiting for it."""

    gate = threading.Event()


def _need_a_browser() -> None:
    if BROWSER is None:
        pytest.skip("no Chromium on this machine (install Debian's `chromium` to run the browser test)")
    pytest.importorskip("playwright", reason="the browser test needs Playwright (pip install playwright)")


@pytest.fixture
def served_app(graph_only: Path) -> Iterator[str]:  # noqa: F811
    _need_a_browser()
    with serving(FixedAnswer) as model_url:
        yield from _streamlit_server(model_url)


@pytest.fixture
def served_slow_app(graph_only: Path) -> Iterator[str]:  # noqa: F811
    _need_a_browser()
    HeldAnswer.gate.clear()
    with serving(HeldAnswer) as model_url:
        yield from _streamlit_server(model_url)


def _streamlit_server(model_url: str) -> Iterator[str]:
    """The app in its own Streamlit process answering through `model_url`; its URL once it is healthy."""
    port = _free_port()
    env = {**os.environ, "KGRAG_LLM_BACKEND": "openai", "KGRAG_LLM_MODEL": "fixed", "KGRAG_LLM_BASE_URL": model_url}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "main.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--client.toolbarMode", "viewer"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 - loopback
                    if response.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the Streamlit server did not become healthy within 90 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_clinician_asks_and_sees_verdicts_and_citations(served_app: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.goto(served_app, wait_until="networkidle")
            page.get_by_text("never replace, clinical judgement").first.wait_for(timeout=60_000)
            box = page.get_by_placeholder("Ask a medical question")
            box.fill("What are the features of Marfan syndrome?")
            box.press("Enter")
            page.locator(".kgrag-supported").first.wait_for(timeout=120_000)
            assert page.locator(".kgrag-contradicted").count() >= 1  # FBN1 is not homocystinuria's gene (CBS)
            page.get_by_text("Evidence offered (").first.click()
            citation = page.locator("p", has_text="[K1] Marfan syndrome has phenotype").first
            citation.wait_for(state="visible", timeout=30_000)
            assert "HPO 2025-01-16" in citation.inner_text()
            page.get_by_text("Evidence subgraph").first.click()
            page.frame_locator("iframe").first.locator("canvas").wait_for(timeout=30_000)  # vis-network drew
            page.wait_for_timeout(2000)  # let the expanders open and the layout settle before the picture
            page.screenshot(path=str(ARTIFACTS / "app-answer.png"), full_page=True)
        finally:
            browser.close()
    assert (ARTIFACTS / "app-answer.png").stat().st_size > 10_000


def _ask_in(page: Any, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.get_by_text("never replace, clinical judgement").first.wait_for(timeout=60_000)
    box = page.get_by_placeholder("Ask a medical question")
    box.fill("What are the features of Marfan syndrome?")
    box.press("Enter")


def test_two_clinicians_are_answered_at_the_same_time(served_slow_app: str) -> None:
    """Two browser sessions ask at once: the model holds its replies until both pages show that they are
    generating, so both requests must be inside the model call together (an app that served one session at a
    time would never send the second), and each page names the stage it is in while it waits. Timing against
    one session: benchmarks/bench_app_sessions.py."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, headless=True, args=["--no-sandbox"])
        try:
            pages = [browser.new_context().new_page() for _ in range(2)]  # two sessions, as two clinicians
            for page in pages:
                _ask_in(page, served_slow_app)
            for page in pages:
                page.get_by_text("Generating the answer").first.wait_for(timeout=60_000)  # the stage is shown
            assert HeldAnswer.in_flight == 2  # both sessions are inside the model call at this moment
            ARTIFACTS.mkdir(exist_ok=True)
            pages[1].screenshot(path=str(ARTIFACTS / "app-second-session-generating.png"))
            HeldAnswer.gate.set()
            for page in pages:
                page.locator(".kgrag-supported").first.wait_for(timeout=120_000)
                assert page.get_by_text("Answered in").count() >= 1
        finally:
            browser.close()
    assert HeldAnswer.most_in_flight == 2
