"""Graph answers: what the graph says by itself for the questions its edges answer (genes, shared genes, mode
of inheritance, features, the differential of listed findings), cited with the prompt's [K#] ids, in retrieve,
ask (with disagreements flagged), the CLI and the app. The graph is the release of `support.ddx_release`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.hpo import load_hpo
from kgrag import KGRAG
from kgrag.answering.graph_answers import disagreements
from kgrag.config import load_settings
from kgrag.records import Claim, ClaimEnd, GraphAnswer, GraphAnswerItem, Retrieval

from .support.cli import CliResult
from .support.ddx_release import write_release
from .support.graphs import seed_graph
from .support.llm import ScriptedLLM

Cli = Callable[..., CliResult]


@pytest.fixture
def graph(data_dir: Path, tmp_path: Path) -> Path:
    seed_graph(lambda store: load_hpo(store, write_release(tmp_path / "release")))
    return data_dir


def retrieve(question: str, options: dict[str, str] | None = None) -> Retrieval:
    with KGRAG(load_settings(), llm=ScriptedLLM("unused")) as kg:
        return kg.retrieve(question, options, use_passages=False)


def cited_facts_are_offered(retrieval: Retrieval) -> None:
    assert retrieval.graph_answer is not None
    offered = {f.id: f for f in retrieval.facts}
    cited = [i for item in retrieval.graph_answer.items for i in item.fact_ids]
    assert cited and all(i in offered for i in cited)
    assert cited == [f"K{n}" for n in range(1, len(cited) + 1)]  # the graph answer's facts come first


def test_genes_of_a_disease_are_every_gene_the_graph_associates_with_it(graph: Path) -> None:
    retrieval = retrieve("Which genes are associated with Marfan syndrome?")
    answer = retrieval.graph_answer
    assert answer is not None and answer.kind == "genes"
    assert [i.name for i in answer.items] == ["FBN1", "TGFBR2"] and answer.total == 2
    assert answer.text == "The graph records 2 genes for Marfan syndrome: FBN1 [K1], TGFBR2 [K2]."
    assert retrieval.facts[0].text == "FBN1 is associated with Marfan syndrome"
    assert answer.sources == ("HPO 2099-02-02",)
    cited_facts_are_offered(retrieval)


def test_a_gene_shared_by_two_diseases_and_the_option_it_singles_out(graph: Path) -> None:
    retrieval = retrieve("Which gene is associated with both Marfan syndrome and homocystinuria?",
                         {"A": "FBN1", "B": "TGFBR2", "C": "CBS"})
    answer = retrieval.graph_answer
    assert answer is not None and answer.kind == "shared_genes"
    assert [i.name for i in answer.items] == ["TGFBR2"] and len(answer.items[0].fact_ids) == 2
    assert answer.choice == "B"
    cited_facts_are_offered(retrieval)
    partial = retrieve("Which gene is associated with both Marfan syndrome and Epileptic encephalopathy?",
                       {"A": "CBS", "B": "FBN1"}).graph_answer
    assert partial is not None and partial.items == () and partial.choice == "B"  # recorded for one of the two
    assert partial.text.endswith("Of the options, only FBN1 is recorded for one of them.")


def test_mode_of_inheritance_and_features_most_frequent_first(graph: Path) -> None:
    inheritance = retrieve("How is Marfan syndrome inherited?").graph_answer
    assert inheritance is not None and inheritance.kind == "inheritance"
    assert [i.name for i in inheritance.items] == ["Autosomal dominant inheritance"]
    features = retrieve("What are the clinical features of Marfan syndrome?")
    answer = features.graph_answer
    assert answer is not None and answer.kind == "features"
    # very frequent (80-99%), then 5/8, then no recorded frequency
    assert [(i.name, i.detail) for i in answer.items] == [
        ("Arachnodactyly", "very frequent"), ("Ectopia lentis", "5/8"), ("Tall stature", "")]
    cited_facts_are_offered(features)


def test_a_question_about_one_pair_gets_no_listing(graph: Path) -> None:
    assert retrieve("Is ectopia lentis a feature of Marfan syndrome?").graph_answer is None
    assert retrieve("Is FBN1 associated with Marfan syndrome?").graph_answer is None
    assert retrieve("What is Marfan syndrome?").graph_answer is None


def test_listed_findings_get_the_differential_as_cited_graph_evidence(graph: Path) -> None:
    retrieval = retrieve("A patient has long spider fingers and a dislocated lens, and no myopia. What is the "
                         "most likely diagnosis?", {"A": "Homocystinuria", "B": "Marfan syndrome"})
    answer, differential = retrieval.graph_answer, retrieval.differential
    assert answer is not None and answer.kind == "differential" and differential is not None
    assert [f.id for f in differential.observed] == ["HP:0001166", "HP:0001083"]
    assert [f.id for f in differential.excluded] == ["HP:0000545"]
    assert differential.candidates[0].id == answer.items[0].id == "OMIM:154700"
    assert answer.choice == "B"
    assert {f.text for f in retrieval.facts[:2]} == {"Marfan syndrome has phenotype Arachnodactyly",
                                                     "Marfan syndrome has phenotype Ectopia lentis"}
    assert answer.text.startswith("Ranked by how well their HPO annotations explain Arachnodactyly, Ectopia "
                                  "lentis: 1. Marfan syndrome (explains 2 of 2 findings [K1][K2])")
    cited_facts_are_offered(retrieval)


def test_the_fact_cap_holds_and_items_past_it_are_listed_uncited(graph: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_MAX_FACTS", "1")
    retrieval = retrieve("Which genes are associated with Marfan syndrome?")
    assert [f.id for f in retrieval.facts] == ["K1"]
    assert retrieval.graph_answer is not None
    assert retrieval.graph_answer.text == "The graph records 2 genes for Marfan syndrome: FBN1 [K1], TGFBR2."


def _claim(subject: tuple[str, str], predicate: str, obj: tuple[str, str]) -> Claim:
    return Claim(f"{subject[1]} {predicate} {obj[1]}.", 0, 10, ClaimEnd(subject[1], subject[0], subject[1]),
                 predicate, ClaimEnd(obj[1], obj[0], obj[1]), False, False, "not_in_kg")


def test_a_sentence_naming_what_a_closed_graph_answer_does_not_list_is_flagged() -> None:
    genes = GraphAnswer("genes", ("OMIM:154700",), ("Marfan syndrome",),
                        (GraphAnswerItem("NCBIGene:2200", "FBN1", ("K1",)),), "...", ("HPO",), 1, "A")
    marfan = ("OMIM:154700", "Marfan syndrome")
    wrong = _claim(("NCBIGene:875", "CBS"), "causes", marfan)
    right = _claim(("NCBIGene:2200", "FBN1"), "causes", marfan)
    notices = disagreements(genes, [wrong, right], "B")
    assert notices[0] == "the model chose B; the graph evidence favours A (see the graph answer)"
    assert len(notices) == 2 and "names CBS, which the graph does not record for Marfan syndrome" in notices[1]
    assert disagreements(genes, [right], "A") == [] and disagreements(None, [wrong], "B") == []
    cut = GraphAnswer("genes", ("OMIM:154700",), ("Marfan syndrome",), genes.items, "...", ("HPO",), 5)
    assert disagreements(cut, [wrong], None) == []  # a cut list cannot tell what the graph lacks


def test_ask_shows_the_graph_answer_and_flags_the_model_where_it_disagrees(graph: Path) -> None:
    llm = ScriptedLLM("Marfan syndrome is caused by mutations in CBS.")
    with KGRAG(load_settings(), llm=llm) as kg:
        answer = kg.ask("Which genes are associated with Marfan syndrome?", use_passages=False)
    assert answer.graph_answer is not None and answer.graph_answer.kind == "genes"
    assert any(n.startswith("disagrees with the graph answer") and "CBS" in n for n in answer.notices)
    data = answer.to_dict()
    assert data["graph_answer"]["items"][0]["name"] == "FBN1" and data["differential"] is None


def test_kgrag_ask_prints_the_graph_answer_before_the_model_text(graph: Path, cli: Cli,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kgrag.api.open_llm", lambda settings: ScriptedLLM("It is Marfan syndrome [K1]."))
    shown = cli("ask", "Arachnodactyly and ectopia lentis: what is the most likely diagnosis?", "--no-passages")
    assert shown.code == 0, shown.err
    assert shown.out.index("graph answer") < shown.out.index("model's answer:") < shown.out.index("It is Marfan")
    assert "OMIM:154700" in shown.out
    data = json.loads(cli("ask", "How is Marfan syndrome inherited?", "--no-passages", "--json").out)
    assert data["graph_answer"]["kind"] == "inheritance"


def test_the_app_shows_the_graph_answer_and_the_differential(graph: Path, app_page: Callable[[], object],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("streamlit", reason="the app needs Streamlit (pip install 'kgrag[app]')")
    monkeypatch.setattr("kgrag.api.open_llm", lambda settings: ScriptedLLM("Marfan syndrome [K1]."))
    app = app_page()
    app.run()  # type: ignore[attr-defined]
    app.chat_input[0].set_value(  # type: ignore[attr-defined]
        "A patient has arachnodactyly and ectopia lentis. What is the most likely diagnosis?").run()
    assert not app.exception  # type: ignore[attr-defined]
    html = " ".join(m.value for m in app.markdown)  # type: ignore[attr-defined]
    assert "kgrag-graph-answer" in html and "Differential from the graph" in html
    assert html.index("kgrag-graph-answer") < html.index("Marfan syndrome [K1]")
    labels = [e.label for e in app.expander]  # type: ignore[attr-defined]
    assert any(label.startswith("Differential diagnosis (") for label in labels)
    table = app.dataframe[0].value  # type: ignore[attr-defined]
    assert table["disease"][0] == "Marfan syndrome (OMIM:154700)"


def test_kgqa_scores_the_graph_only_scorer_against_the_popularity_baseline(graph: Path, cli: Cli,
                                                                          tmp_path: Path) -> None:
    csv_file = tmp_path / "kgqa.csv"
    csv_file.write_text(
        "disease_pair,correct_node,negative_samples,disease_1,disease_2,options_combined,text\n"
        '"(a, b)",TGFBR2,"FBN1, CBS",Marfan syndrome,Homocystinuria,"FBN1, TGFBR2,  CBS","Out of the given list, '
        'which Gene is associated with Marfan syndrome and Homocystinuria. Given list is: FBN1, TGFBR2,  CBS"\n',
        encoding="utf-8")
    result = cli("eval", "kgqa", "--path", str(csv_file), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert (data["n"], data["accuracy"], data["abstained"]) == (1, 1.0, 0)
    assert data["by_how"] == {"graph answer": 1}
    # TGFBR2 is associated with two diseases, FBN1 and CBS with one each: popularity happens to be right too.
    assert data["baseline"]["scorer"] == "most-associated gene" and data["baseline"]["accuracy"] == 1.0
    bad = tmp_path / "bad.csv"
    bad.write_text("text,correct_node,options_combined\nQ,ZZZ,\"A, B\"\n", encoding="utf-8")
    refused = cli("eval", "kgqa", "--path", str(bad))
    assert refused.code == 1 and f"{bad}:2: correct_node 'ZZZ' is not among the options" in refused.err


def test_mirage_graph_mode_answers_from_the_graph_without_a_model(graph: Path, cli: Cli, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model(settings: object) -> None:
        raise AssertionError("graph mode must not load a model")

    monkeypatch.setattr("kgrag.api.open_llm", no_model)
    benchmark = tmp_path / "benchmark.json"
    benchmark.write_text(json.dumps({"mmlu": {
        "q1": {"question": "A patient has arachnodactyly and ectopia lentis. What is the most likely diagnosis?",
               "options": {"A": "Homocystinuria", "B": "Marfan syndrome"}, "answer": "B"},
        "q2": {"question": "What is the capital of France?", "options": {"A": "Paris", "B": "Rome"}, "answer": "A"},
    }}), encoding="utf-8")
    result = cli("eval", "mirage", "--benchmark", str(benchmark), "--mode", "graph", "--out", str(tmp_path / "o"),
                 "--json")
    assert result.code == 0, result.err
    scores = json.loads(result.out)["mmlu"]
    assert scores["n"] == 2 and scores["accuracy"] == 0.5 and scores["unparsed"] == 1  # abstains on q2
    header = json.loads((tmp_path / "o" / "mirage-graph.jsonl").read_text().splitlines()[0])
    assert header["model"] == "(graph only)" and header["option_aware"] is True
