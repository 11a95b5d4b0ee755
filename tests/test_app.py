"""The clinician app through Streamlit's AppTest: ask, see claims by verdict, open the evidence, give feedback,
and the friendly failures (empty graph, model down). The answering model is scripted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("streamlit", reason="the app needs Streamlit (pip install 'kgrag[app]')")

from streamlit.testing.v1 import AppTest  # noqa: E402

from kgrag.config import load_settings  # noqa: E402
from kgrag.feedback import FeedbackStore  # noqa: E402
from kgrag.graph import SQLiteGraphStore  # noqa: E402

from .support.llm import ScriptedLLM  # noqa: E402

AppPage = Callable[[], AppTest]
QUESTION = "What are the features of Marfan syndrome?"
ANSWER = ("Marfan syndrome is characterized by ectopia lentis [K1]. FBN1 is associated with homocystinuria. "
          "<script>alert('x')</script>")


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kgrag.api.open_llm", lambda settings: ScriptedLLM(ANSWER))


def _run(app_page: AppPage) -> AppTest:
    app = app_page()
    app.run()
    assert not app.exception
    return app


def test_ask_read_claims_open_evidence_and_give_feedback(graph_only: Path, scripted: None,  # noqa: F811
                                                         app_page: AppPage) -> None:
    app = _run(app_page)
    assert any("never replace, clinical judgement" in w.value for w in app.warning)
    app.sidebar.slider[0].set_value(2)  # retrieval depth
    app.chat_input[0].set_value(QUESTION).run()
    assert not app.exception
    html = " ".join(m.value for m in app.markdown)
    # Each claim coloured by its verdict: FBN1 is no gene the graph records for homocystinuria (CBS is).
    assert "kgrag-supported" in html and "kgrag-contradicted" in html
    assert "&lt;script&gt;" in html and "<script>" not in html  # model text is shown, never run
    labels = [e.label for e in app.expander]
    assert "Claims checked against the graph (2)" in labels and "Evidence subgraph" in labels
    assert any(label.startswith("Evidence offered (") and "citations (" in label for label in labels)
    assert "Ectopia lentis" in html or any("Ectopia lentis" in m.value for m in app.markdown)
    app.text_input(key="comment-0").set_value("the second claim is unsupported")
    app.selectbox(key="about-0").set_value(2)
    app.button(key="down-0").click().run()
    assert not app.exception
    assert any("feedback was saved" in s.value for s in app.success)
    store = FeedbackStore(load_settings().feedback_path)
    rows = list(store.rows())
    store.close()
    assert [(r.rating, r.claim_index, r.comment, r.verdict) for r in rows] == [
        ("down", 1, "the second claim is unsupported", "contradicted")]


def test_no_graph_an_empty_graph_and_a_dead_model_are_friendly_messages(data_dir: Path, app_page: AppPage,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_LLM_BACKEND", "openai")
    monkeypatch.setenv("KGRAG_LLM_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens
    missing = _run(app_page)
    assert any("kgrag cannot start" in e.value and "kgrag ingest hpo" in e.value for e in missing.error)
    assert not data_dir.exists()  # the page created nothing
    data_dir.mkdir()
    SQLiteGraphStore(data_dir / "graph.sqlite").close()
    app = _run(app_page)
    assert any("knowledge graph is empty" in i.value for i in app.sidebar.info)
    app.chat_input[0].set_value(QUESTION).run()
    assert not app.exception
    # Nothing links in an empty graph, so the model is never called: the page says so instead of inventing.
    assert any("No graph evidence was found" in m.value for m in app.markdown)


def test_model_down_is_an_error_message_not_a_traceback(graph_only: Path, app_page: AppPage,  # noqa: F811
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_LLM_BACKEND", "openai")  # the operator's endpoint is down
    monkeypatch.setenv("KGRAG_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    app = _run(app_page)
    app.chat_input[0].set_value(QUESTION).run()
    assert not app.exception
    assert any("127.0.0.1:9" in e.value and "cannot reach" in e.value for e in app.error)


def test_a_visitor_cannot_change_the_model(graph_only: Path, scripted: None, app_page: AppPage) -> None:  # noqa: F811
    app = _run(app_page)
    assert not app.sidebar.text_input  # no backend, model or endpoint to type
    labels = [box.label for box in app.sidebar.selectbox]
    assert "Answering model" not in labels and "Backend" not in labels
    assert any("set by the operator" in c.value for c in app.sidebar.caption)


def test_subgraph_view_is_offline_and_escapes_names(graph_only: Path) -> None:  # noqa: F811
    import json

    from app.render import subgraph_html
    from kgrag import KGRAG

    with KGRAG(load_settings(), llm=ScriptedLLM("Marfan syndrome is characterized by ectopia lentis [K1].")) as kg:
        answer = kg.ask(QUESTION, use_passages=False)
    page = subgraph_html(answer)
    assert "http://" not in page.split("<script>", 1)[0] and "<script src=" not in page  # the library is inline
    data = json.loads(page.split('id="data">', 1)[1].split("</script>", 1)[0])
    assert {"OMIM:154700", "HP:0001083"} <= {node["id"] for node in data["nodes"]}
    assert any(edge["label"].startswith("has phenotype [K") for edge in data["edges"])
    hostile = replace(answer, facts=(replace(answer.facts[0], subject_name="</script><script>alert(1)"),))
    assert "</script><script>alert(1)" not in subgraph_html(hostile)  # a name cannot close the data element
