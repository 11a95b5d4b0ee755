"""The clinician app: ask, read the verified answer, inspect its evidence, give feedback.

Run with `kgrag app` (or `streamlit run app/main.py`). One KGRAG engine per server process, shared by the
sessions behind a lock; the answer streams in, then reappears with each claim underlined in its verdict's
colour, with expanders for claims, citations, the evidence subgraph and the plan. Nothing the model, a passage
or the graph says is rendered as HTML (see app/render.py).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from html import escape
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from app.render import claim_line, highlighted_answer, legend, subgraph_html
from kgrag.answer import Answer
from kgrag.api import KGRAG, VERIFY_MODES
from kgrag.config import load_settings
from kgrag.errors import KGRAGError, UserError
from kgrag.feedback import FeedbackStore

SAFETY = ("kgrag's answers support, and never replace, clinical judgement. Check each claim against its "
          "evidence before acting on it.")
log = logging.getLogger("kgrag.app")


class Engine:
    """What every session shares: the engine, a lock around it (the stores are not thread-safe) and feedback."""

    def __init__(self, **model: str) -> None:
        settings = load_settings(**model)
        self.settings = settings
        self.kgrag = KGRAG(settings)
        self.lock = threading.Lock()
        self.feedback = FeedbackStore(settings.feedback_path)


@st.cache_resource
def engine(**model: str) -> Engine:
    """One engine per model choice (backend, model, endpoint); the default is the configured one."""
    return Engine(**model)


def model_choice() -> dict[str, str]:
    """The answering model from the sidebar: the configured one unless the user picks another."""
    configured = load_settings()
    st.sidebar.header("Model")
    backends = ["transformers", "openai"]
    backend = st.sidebar.selectbox("Backend", backends, index=backends.index(configured.llm_backend),
                                   help="transformers: a local model directory or GGUF; openai: any "
                                        "OpenAI-compatible endpoint (vLLM, TGI, Ollama, llama.cpp server)")
    model = st.sidebar.text_input("Model", value=configured.llm_model)
    choice = {"llm_backend": backend, "llm_model": model}
    if backend == "openai":
        choice["llm_base_url"] = st.sidebar.text_input("Endpoint", value=configured.llm_base_url,
                                                       placeholder="http://127.0.0.1:8000/v1")
    return choice


def ask_streaming(current: Engine, question: str, options: dict[str, Any]) -> Answer:
    """Run `ask` in a worker thread and stream its tokens into the page as they arrive."""
    pieces: queue.Queue[str | None] = queue.Queue()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            with current.lock:
                outcome["answer"] = current.kgrag.ask(question, on_token=pieces.put, **options)
        except BaseException as exc:  # noqa: BLE001 - handed to the page thread, which reports it
            outcome["error"] = exc
        finally:
            pieces.put(None)

    def tokens() -> Iterator[str]:
        while (piece := pieces.get()) is not None:
            yield piece

    threading.Thread(target=work, daemon=True).start()
    streamed = st.empty()
    with streamed:
        st.write_stream(tokens())
    streamed.empty()  # the checked answer, with its claims marked, replaces the raw text
    if "error" in outcome:
        raise outcome["error"]
    answer: Answer = outcome["answer"]
    return answer


def sidebar(current: Engine) -> dict[str, Any]:
    st.sidebar.header("Evidence")
    use_kg = st.sidebar.checkbox("Knowledge-graph facts [K#]", value=True)
    use_passages = st.sidebar.checkbox("Literature passages [P#]", value=True)
    hops = st.sidebar.slider("Graph depth around the question's concepts (hops)", 1, 3,
                             value=current.settings.retrieval_hops,
                             help="2 or 3 hops find more distant facts and cost more time per question.")
    verify = st.sidebar.selectbox("When the answer contradicts the graph", VERIFY_MODES,
                                  index=VERIFY_MODES.index(current.settings.verify_mode),
                                  format_func={"off": "do not check", "flag": "flag the claims",
                                               "revise": "ask the model to revise once",
                                               "abstain": "withhold the answer"}.__getitem__)
    st.sidebar.header("Loaded sources")
    try:
        with current.lock:
            stats = current.kgrag.store.stats()
    except KGRAGError as exc:
        st.sidebar.error(f"The graph store is not available: {exc}")
        return {"use_kg": use_kg, "use_passages": use_passages, "verify": verify, "hops": hops}
    if stats.nodes == 0:
        st.sidebar.info("The knowledge graph is empty. Load a source first: `kgrag ingest hpo`.")
    else:
        st.sidebar.caption(f"{stats.nodes:,} concepts, {stats.edges:,} relations")
        st.sidebar.dataframe([{"source": r.source, "version": r.version, "file": r.file,
                               "rows": sum(r.counts.values())} for r in stats.releases], hide_index=True)
    return {"use_kg": use_kg, "use_passages": use_passages, "verify": verify, "hops": hops}


def show_answer(current: Engine, number: int, answer: Answer) -> None:
    st.markdown(highlighted_answer(answer), unsafe_allow_html=True)
    if answer.claims:
        st.markdown(f"<small>{legend()}</small>", unsafe_allow_html=True)
    if answer.groundedness is not None:
        st.caption(f"Groundedness {answer.groundedness:.0%}: claims supported by the graph, of those it could check.")
    for notice in answer.notices:
        st.info(notice)
    with st.expander(f"Claims checked against the graph ({len(answer.claims)})"):
        for claim in answer.claims:
            st.markdown(claim_line(claim), unsafe_allow_html=True)
            for edge in claim.evidence[:3]:
                st.caption(f"{edge.subject} {'NOT ' if edge.negated else ''}{edge.predicate} {edge.object} "
                           f"— {edge.source} {edge.source_release}")
            for problem in claim.citation_problems:
                st.caption(f"citation: {problem}")
    with st.expander(f"Citations ({len(answer.citations)})"):
        for citation in answer.citations:
            note = "" if citation.method == "model" else " · attributed by kgrag (the model cited nothing)"
            if citation.kind == "passage":
                st.markdown(f"<b>[{escape(citation.id)}]</b> {escape(citation.source)}{escape(note)}<br>"
                            f"<mark>{escape(citation.text)}</mark>", unsafe_allow_html=True)
            else:
                st.markdown(f"<b>[{escape(citation.id)}]</b> {escape(citation.text)} · "
                            f"<i>{escape(citation.source)}</i>{escape(note)}", unsafe_allow_html=True)
    with st.expander("Evidence subgraph"):
        if answer.facts:
            st.caption("Drag to move, scroll to zoom; linked concepts are blue.")
            components.html(subgraph_html(answer), height=420)
        else:
            st.caption("No graph facts were used for this answer.")
    with st.expander("Plan and timings"):
        st.write(answer.plan.reason)
        st.caption(f"{answer.model} · {answer.prompt_version}")
        st.json(dict(answer.timings))
    feedback(current, number, answer)


def feedback(current: Engine, number: int, answer: Answer) -> None:
    claims = ["the whole answer"] + [f"claim {i + 1}: {c.sentence[:80]}" for i, c in enumerate(answer.claims)]
    about = st.selectbox("Feedback on", range(len(claims)), format_func=claims.__getitem__, key=f"about-{number}")
    comment = st.text_input("Comment (optional)", key=f"comment-{number}")
    up, down = st.columns(2)
    for column, rating, label, icon in ((up, "up", "Helpful", ":material/thumb_up:"),
                                        (down, "down", "Wrong or unhelpful", ":material/thumb_down:")):
        if column.button(label, key=f"{rating}-{number}", icon=icon):
            with current.lock:
                current.feedback.record(answer, rating, comment, None if about == 0 else about - 1)
            st.success("Thank you: your feedback was saved.")


def main() -> None:
    st.set_page_config(page_title="kgrag", layout="wide")
    st.title("kgrag")
    st.caption("Medical answers grounded in a knowledge graph and the literature, with every claim checked.")
    st.warning(SAFETY)
    st.sidebar.warning(SAFETY)
    try:
        current = engine(**model_choice())
    except KGRAGError as exc:
        st.error(f"kgrag cannot start: {exc}")
        return
    options = sidebar(current)
    turns: list[tuple[str, Answer]] = st.session_state.setdefault("turns", [])
    for number, (question, answer) in enumerate(turns):
        with st.chat_message("user"):
            st.text(question)
        with st.chat_message("assistant"):
            show_answer(current, number, answer)
    question = st.chat_input("Ask a medical question")
    if question is None:
        return
    if not question.strip():
        st.error("The question is empty.")
        return
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        try:
            answer = ask_streaming(current, question, options)
        except UserError as exc:
            st.error(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a page must never show a traceback
            log.exception("ask failed")
            st.error(f"kgrag hit an internal error ({type(exc).__name__}); the details are in the server log.")
            return
        turns.append((question, answer))
        show_answer(current, len(turns) - 1, answer)


main()
