"""The clinician app: ask, read the verified answer, inspect its evidence, give feedback.

Run with `kgrag app` (or `streamlit run app/main.py`). One KGRAG engine per server process and model, built and
warmed once (`st.cache_resource`) and shared by every session: the facade and its stores are safe to use from
many threads, so sessions answer concurrently; nothing here serializes them. While an answer is made, a status
box names the stage it is in; the answer streams in, then reappears with each claim underlined in its verdict's
colour, with expanders for claims, citations, the evidence subgraph and the plan. Nothing the model, a passage or
the graph says is rendered as HTML (see app/render.py).

The model settings are the operator's. A visitor never types a backend, model or endpoint: the configured model
answers, or, when the operator sets KGRAG_APP_MODEL_CHOICE, one of the models the operator named in
KGRAG_LLM_MODELS, picked from a list. So the API key only ever travels to the endpoint the operator configured
(see `Settings.for_model`), and no visitor can make the server call a URL of their choosing.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator
from html import escape
from typing import Any

import streamlit as st

from app.render import claim_line, graph_answer_html, highlighted_answer, legend, subgraph_html
from kgrag.answering.policy import VERIFY_MODES
from kgrag.api import KGRAG
from kgrag.config import Settings, load_settings
from kgrag.diagnosis import Differential
from kgrag.errors import KGRAGError, UserError
from kgrag.feedback import FeedbackStore, Rating
from kgrag.records import Answer, Evidence, PassageEvidence, Stage

SAFETY = ("kgrag's answers support, and never replace, clinical judgement. Check each claim against its "
          "evidence before acting on it.")
DEFAULT_MODEL = "default"
STAGES: dict[Stage, str] = {"loading": "Loading the models", "linking": "Linking the question to the graph",
                            "retrieving": "Retrieving graph facts and passages", "generating": "Generating the answer",
                            "verifying": "Checking the claims against the graph",
                            "revising": "Asking the model to revise"}
log = logging.getLogger("kgrag.app")


class Engine:
    """What every session shares: the warmed engine for one operator-defined model, and the feedback store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.kgrag = KGRAG(settings)
        self.kgrag.warm(diagnosis=True)  # load everything now, once, so no question waits for loading
        self._feedback: FeedbackStore | None = None
        self._feedback_lock = threading.Lock()

    @property
    def feedback(self) -> FeedbackStore:
        """Opened on the first judgement: a visitor who only reads creates nothing on disk."""
        with self._feedback_lock:
            if self._feedback is None:
                self._feedback = FeedbackStore(self.settings.feedback_path)
            return self._feedback


@st.cache_resource(show_spinner="Loading the knowledge graph, the passage index and the model...")
def engine(model: str) -> Engine:
    """One warmed engine per operator-defined model name ("default": the configured model)."""
    return Engine(load_settings().for_model(model))


def model_choice(settings: Settings) -> str:
    """The operator's model, or (when KGRAG_APP_MODEL_CHOICE is on) one of the operator's named models."""
    st.sidebar.header("Model")
    names = [DEFAULT_MODEL, *sorted(settings.llm_models)]
    if not settings.app_model_choice or len(names) == 1:
        st.sidebar.caption(f"Answering model: {settings.llm_model} (set by the operator)")
        return DEFAULT_MODEL

    def label(name: str) -> str:
        if name == DEFAULT_MODEL:
            return f"{settings.llm_model} (default)"
        described = settings.llm_models[name]
        return f"{name}: {described.description}" if described.description else name

    chosen = st.sidebar.selectbox("Answering model", names, format_func=label,
                                  help="The models the operator offers (KGRAG_LLM_MODELS).")
    return str(chosen)


def ask_streaming(current: Engine, question: str, options: dict[str, Any]) -> Answer:
    """Run `ask` in a worker thread; show its stage as it goes and stream its tokens into the page."""
    events: queue.Queue[tuple[str, str] | None] = queue.Queue()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["answer"] = current.kgrag.ask(question, on_token=lambda piece: events.put(("token", piece)),
                                                  on_stage=lambda stage: events.put(("stage", stage)), **options)
        except BaseException as exc:  # noqa: BLE001 - handed to the page thread, which reports it
            outcome["error"] = exc
        finally:
            events.put(None)

    started = time.perf_counter()
    status = st.status("Starting...", expanded=False)

    def tokens() -> Iterator[str]:
        while (event := events.get()) is not None:
            kind, value = event
            if kind == "stage":
                status.update(label=STAGES.get(value, value) + "...")  # type: ignore[call-overload]  # a Stage
            else:
                yield value

    threading.Thread(target=work, daemon=True).start()
    streamed = st.empty()
    with streamed:
        st.write_stream(tokens())
    streamed.empty()  # the checked answer, with its claims marked, replaces the raw text
    if "error" in outcome:
        status.update(label="Stopped", state="error")
        raise outcome["error"]
    status.update(label=f"Answered in {time.perf_counter() - started:.1f} s", state="complete")
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
    options = {"use_kg": use_kg, "use_passages": use_passages, "verify": verify, "hops": hops}
    st.sidebar.header("Loaded sources")
    try:
        stats = current.kgrag.store.stats()
    except KGRAGError as exc:
        st.sidebar.error(f"The graph store is not available: {exc}")
        return options
    if stats.nodes == 0:
        st.sidebar.info("The knowledge graph is empty. Load a source first: `kgrag ingest hpo`.")
    else:
        st.sidebar.caption(f"{stats.nodes:,} concepts, {stats.edges:,} relations")
        st.sidebar.dataframe([{"source": r.source, "version": r.version, "file": r.file,
                               "rows": sum(r.counts.values())} for r in stats.releases], hide_index=True)
    return options


def show_answer(current: Engine, number: int, answer: Answer) -> None:
    if answer.graph_answer is not None:  # what the graph says by itself comes before the model's words
        st.markdown(graph_answer_html(answer.graph_answer), unsafe_allow_html=True)
        if answer.differential is not None:
            with st.expander(f"Differential diagnosis ({len(answer.differential.candidates)} candidates over "
                             f"{answer.differential.diseases_ranked:,} diseases)"):
                st.dataframe(differential_rows(answer.differential), hide_index=True)
        st.caption("The model's answer, checked against the graph:")
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
                st.caption(f"{claim.evidence_text(edge)} — {edge.source} {edge.source_release}")
            for problem in claim.citation_problems:
                st.caption(f"citation: {problem}")
    with st.expander(f"Evidence offered ({len(answer.facts) + len(answer.passages)}), "
                     f"citations ({len(answer.citations)})"):
        show_evidence(answer)
    with st.expander("Evidence subgraph"):
        if answer.facts:
            st.caption("Drag to move, scroll to zoom; linked concepts are blue.")
            st.iframe(subgraph_html(answer), height=420, alt="Evidence subgraph of the answer's graph facts")
        else:
            st.caption("No graph facts were used for this answer.")
    with st.expander("Plan and timings"):
        st.write(answer.plan.reason)
        st.caption(f"{answer.model} · {answer.prompt_version}")
        st.json(dict(answer.timings))
    feedback(current, number, answer)


def differential_rows(differential: Differential) -> list[dict[str, Any]]:
    """One row per candidate: rank, disease, score, the findings it explains (with frequency) and against it."""
    return [{"rank": c.rank, "disease": f"{c.name} ({c.id})", "score": round(c.score, 2),
             "explains": "; ".join(m.finding_name + (f" ~ {m.annotation_name}" if m.annotation != m.finding else "")
                                   + (f" [{m.frequency}]" if m.frequency else "") for m in c.matches),
             "not explained": ", ".join(f.name for f in c.unexplained),
             "against": "; ".join(f"{a.finding_name} absent" for a in c.against)} for c in differential.candidates]


def show_evidence(answer: Answer) -> None:
    """Every [K#]/[P#] the model was offered, each marked cited, attributed by kgrag, or not used."""
    used = {c.id: c.method for c in answer.citations}
    offered: list[Evidence] = [*answer.facts, *answer.passages]
    for item in offered:
        method = used.get(item.id)
        note = {"model": "cited", "attributed": "attributed by kgrag (the model cited nothing)"}.get(
            method or "", "not cited")
        body = f"<mark>{escape(item.text)}</mark>" if isinstance(item, PassageEvidence) else escape(item.text)
        st.markdown(f"<b>[{escape(item.id)}]</b> {body} · <i>{escape(item.source)}</i> · {escape(note)}",
                    unsafe_allow_html=True)


def feedback(current: Engine, number: int, answer: Answer) -> None:
    claims = ["the whole answer"] + [f"claim {i + 1}: {c.sentence[:80]}" for i, c in enumerate(answer.claims)]
    about = st.selectbox("Feedback on", range(len(claims)), format_func=claims.__getitem__, key=f"about-{number}")
    comment = st.text_input("Comment (optional)", key=f"comment-{number}")
    up, down = st.columns(2)
    ratings: tuple[tuple[Any, Rating, str, str], ...] = (
        (up, "up", "Helpful", ":material/thumb_up:"), (down, "down", "Wrong or unhelpful", ":material/thumb_down:"))
    for column, rating, label, icon in ratings:
        if column.button(label, key=f"{rating}-{number}", icon=icon):
            current.feedback.record(answer, rating, comment, None if about == 0 else about - 1)
            st.success("Thank you: your feedback was saved.")


def main() -> None:
    st.set_page_config(page_title="kgrag", layout="wide")
    st.title("kgrag")
    st.caption("Medical answers grounded in a knowledge graph and the literature, with every claim checked.")
    st.warning(SAFETY)
    st.sidebar.warning(SAFETY)
    try:
        current = engine(model_choice(load_settings()))
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
    typed = st.chat_input("Ask a medical question")
    if typed is None:
        return
    question = str(typed)
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
