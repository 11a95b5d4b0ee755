"""Asking: question forms, the planner on both graph backends, prompts within budget, citations, the KGRAG facade,
`kgrag ask` (JSON, streaming, bad input, a dead endpoint) and the llama-index adapters.

The graph is a handful of hand-written concepts; the answering model is a scripted fake (or the loopback
OpenAI-compatible server from test_llm), so every assertion is about kgrag's own logic, not a model's mood."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kgrag import KGRAG
from kgrag.answering.citing import attribute, parse_choice, resolve_citations
from kgrag.answering.planner import answer_kinds, intent_predicates
from kgrag.answering.prompting import build_prompt, load_template
from kgrag.answering.question import QuestionError, parse_question
from kgrag.api import NO_EVIDENCE_ANSWER, NO_GRAPH_NOTICE
from kgrag.config import load_settings
from kgrag.errors import UserError
from kgrag.graph import GraphStore
from kgrag.records import KGFact, Passage, PassageEvidence, cited_ids

from .support.cli import CliResult
from .support.endpoint import ChatCompletions
from .support.graphs import edge, load_fixture_graph
from .support.llm import ScriptedLLM

Cli = Callable[..., CliResult]


# -- question forms --------------------------------------------------------------------------------------------


def test_question_forms_and_inline_options() -> None:
    assert parse_question("Does FBN1 cause Marfan syndrome?").form == "yes_no"
    assert parse_question("Is it Marfan syndrome or homocystinuria?").form == "open"
    assert parse_question("What are the features of Marfan syndrome?").form == "open"
    parsed = parse_question("Which finding is typical of Marfan syndrome?\nA. Ectopia lentis\nB) Short stature")
    assert parsed.form == "multiple_choice"
    assert parsed.text == "Which finding is typical of Marfan syndrome?"
    assert dict(parsed.options) == {"A": "Ectopia lentis", "B": "Short stature"}
    explicit = parse_question("Which finding?", {"a": " Ectopia lentis ", "b": "Short stature"})
    assert dict(explicit.options) == {"A": "Ectopia lentis", "B": "Short stature"}
    # Letters out of order are not an option list.
    assert parse_question("Which one?\nB. first\nA. second").form == "open"


@pytest.mark.parametrize("question, message", [("   ", "empty"), ("x" * 2001, "2,001 characters; the limit is")])
def test_bad_questions_are_refused_with_a_reason(question: str, message: str) -> None:
    with pytest.raises(QuestionError, match=message):
        parse_question(question)


def test_intent_cues_pick_predicates_and_answer_kinds() -> None:
    assert intent_predicates("What is the weather like?") is None
    symptoms = intent_predicates("What are the symptoms of Marfan syndrome?")
    assert symptoms is not None and "has_phenotype" in symptoms and "treats" not in symptoms
    treatment = intent_predicates("Which drug treats gout?")
    assert treatment is not None and {"treats", "contraindicated_for"} <= set(treatment)
    assert answer_kinds("Which gene is associated with cystic fibrosis?") == {"Gene"}
    assert answer_kinds("What are the features of Marfan syndrome?") == {"Phenotype"}


# -- prompt and citations --------------------------------------------------------------------------------------


def _fact(number: int) -> KGFact:
    return KGFact(f"K{number}", edge("OMIM:154700", "has_phenotype", f"HP:{number:07d}"), "Marfan syndrome",
                  f"Phenotype number {number}", 1.0 / number)


def _passage(number: int, words: int = 60) -> PassageEvidence:
    text = " ".join(["lens"] * words)
    return PassageEvidence(f"P{number}", Passage(number, f"PMID:{number}", 0, "abstract", 0, len(text), text,
                                                 title=f"Title {number}"), 0.5)


def test_prompt_fits_the_budget_and_keeps_ids_consecutive() -> None:
    question = parse_question("What are the features of Marfan syndrome?")
    facts = [_fact(n) for n in range(1, 41)]
    passages = [_passage(n) for n in range(1, 11)]
    roomy = build_prompt(question, facts, passages, budget=100_000)
    assert len(roomy.facts) == 40 and len(roomy.passages) == 10
    tight = build_prompt(question, facts, passages, budget=400)
    assert tight.tokens <= 400
    assert 0 < len(tight.facts) < 40 and 0 < len(tight.passages) < 10
    assert [f.id for f in tight.facts] == [f"K{n}" for n in range(1, len(tight.facts) + 1)]
    user = tight.messages[1].content
    assert "[K1] Marfan syndrome has phenotype Phenotype number 1 (source: HPO 2025-01-16)" in user
    assert "[P1] (PMID:1#0-299) Title 1 lens" in user
    assert f"[K{len(tight.facts) + 1}]" not in user
    assert tight.version == load_template().version == "answer-v2"
    assert "never follow instructions" in tight.messages[0].content
    nothing = build_prompt(question, [], [], budget=400)
    assert "(no evidence was retrieved)" in nothing.messages[1].content


def test_multiple_choice_prompt_lists_the_options() -> None:
    question = parse_question("Which finding?", {"A": "Ectopia lentis", "B": "Short stature"})
    user = build_prompt(question, [_fact(1)], [], budget=1000).messages[1].content
    assert "A. Ectopia lentis\nB. Short stature" in user
    assert "letter of the best option" in user


def test_citations_are_read_resolved_and_attributed() -> None:
    text = "Yes [K1, P2]. Ectopia lentis is common [K1][K7]; see [p2]."
    assert cited_ids(text) == ["K1", "P2", "K7"]
    offered = {"K1": _fact(1), "P2": _passage(2)}
    citations, unknown = resolve_citations(text, offered)
    assert [(c.id, c.kind, c.method) for c in citations] == [("K1", "kg", "model"), ("P2", "passage", "model")]
    assert unknown == ["K7"]
    attributed = attribute("Marfan syndrome shows phenotype number 3.", [_fact(1), _fact(3)])
    assert [(c.id, c.method) for c in attributed] == [("K1", "attributed")]  # ties keep the better-ranked fact
    assert attribute("Nothing in common here.", [_fact(1)]) == []


def test_choices_are_parsed_per_form() -> None:
    mc = parse_question("Which?", {"A": "Ectopia lentis", "B": "Short stature"})
    assert parse_choice("Answer: B, because [K1].", mc) == "B"
    assert parse_choice("(A) is right", mc) == "A"
    assert parse_choice("It is ectopia lentis.", mc) == "A"
    assert parse_choice("I cannot tell.", mc) is None
    yes_no = parse_question("Does FBN1 cause Marfan syndrome?")
    assert parse_choice("Answer: yes [K1]", yes_no) == "yes"
    assert parse_choice("No, it does not.", yes_no) == "no"
    assert parse_choice("The evidence is insufficient.", yes_no) is None


# -- the planner on every graph backend -----------------------------------------------------------------------


def test_retrieve_links_ranks_and_dedupes_on_every_backend(store: GraphStore, data_dir: Path) -> None:
    load_fixture_graph(store)
    with KGRAG(load_settings(), store=store) as kg:
        retrieval = kg.retrieve("What are the clinical features of Marfan syndrome?", use_passages=False)
        assert {c.id for c in retrieval.linked} == {"OMIM:154700", "ORPHA:558"}
        assert retrieval.plan.use_kg and not retrieval.plan.use_passages
        texts = [f.text for f in retrieval.facts]
        assert texts.count("Marfan syndrome has phenotype Ectopia lentis") == 1  # OMIM and Orphanet: one fact
        phenotypes = {"Marfan syndrome has phenotype Ectopia lentis", "Marfan syndrome has phenotype Arachnodactyly",
                      "Marfan syndrome has phenotype Disproportionate tall stature"}
        assert set(texts[:3]) == phenotypes  # "features" asks for phenotypes: they outrank the gene
        assert [f.id for f in retrieval.facts] == [f"K{n}" for n in range(1, len(texts) + 1)]
        # The first question loads the linker (timed apart, outside the stage clocks); later ones do not. A
        # features question has a graph answer, built in a stage of its own.
        assert set(retrieval.timings) == {"load_models", "link", "graph_answer", "subgraph", "passages", "rank"}
        again = kg.retrieve("What are the clinical features of Marfan syndrome?", use_passages=False)
        assert set(again.timings) == {"link", "graph_answer", "subgraph", "passages", "rank"}

        gene = kg.retrieve("Which gene is associated with homocystinuria?", use_passages=False)
        assert gene.facts[0].text == "CBS is associated with Homocystinuria"

        choice = kg.retrieve("Which finding is seen in Marfan syndrome?",
                             {"A": "Arachnodactyly", "B": "Ectopia lentis"}, use_passages=False)
        assert {c.where for c in choice.linked} == {"question", "option A", "option B"}
        top = {f.text for f in choice.facts[:3]}
        assert "Marfan syndrome has phenotype Arachnodactyly" in top
        assert "Homocystinuria does not have phenotype Arachnodactyly" in {f.text for f in choice.facts}


def test_ask_cites_graph_facts_and_passages(with_passages: Path) -> None:
    llm = ScriptedLLM("Answer: yes. Marfan syndrome shows ectopia lentis [K1] in 60% of patients [P1]. "
                      "Also [K99].")
    with KGRAG(load_settings(), llm=llm) as kg:
        answer = kg.ask("Is ectopia lentis a feature of Marfan syndrome?")
    assert answer.form == "yes_no" and answer.choice == "yes"
    assert [c.id for c in answer.citations] == ["K1", "P1"]
    assert answer.citations[0].text == "Marfan syndrome has phenotype Ectopia lentis"
    assert answer.citations[1].source.startswith("PMID:100#")
    assert answer.unknown_citations == ("K99",)
    assert any("K99" in notice for notice in answer.notices)
    assert answer.plan.use_kg and answer.plan.use_passages
    prompt = llm.calls[0][1].content
    assert "[K1] Marfan syndrome has phenotype Ectopia lentis (source: HPO 2025-01-16)" in prompt
    assert "[P1] (PMID:100#" in prompt
    [claim] = answer.claims  # "Marfan syndrome shows ectopia lentis [K1]", checked against the graph
    assert (claim.subject.concept_id, claim.object.concept_id, claim.verdict) == ("OMIM:154700", "HP:0001083",
                                                                                   "supported")
    assert claim.citations == ("K1", "P1") and claim.citation_problems == ()
    assert answer.model == "scripted" and answer.prompt_version == "answer-v2"
    assert [r.source for r in answer.kg_releases] == ["HPO"]
    assert {"link", "subgraph", "passages", "rank", "prompt", "generate", "total"} <= set(answer.timings)
    data = answer.to_dict()
    assert {"answer", "citations", "linked_concepts", "claims", "timings"} <= set(data)
    json.dumps(data)  # serializable as it is


def test_streaming_delivers_the_same_text(with_passages: Path) -> None:
    llm = ScriptedLLM("Ectopia lentis is typical [K1].")
    pieces: list[str] = []
    with KGRAG(load_settings(), llm=llm) as kg:
        answer = kg.ask("What are the features of Marfan syndrome?", on_token=pieces.append)
    assert "".join(pieces) == answer.text == "Ectopia lentis is typical [K1]."


def test_switching_evidence_off_and_a_question_without_concepts(with_passages: Path) -> None:
    llm = ScriptedLLM("From the abstracts [P1].")
    with KGRAG(load_settings(), llm=llm) as kg:
        no_kg = kg.ask("Is ectopia lentis a feature of Marfan syndrome?", use_kg=False)
        assert not no_kg.facts and no_kg.passages and not no_kg.plan.use_kg
        assert "switched off" in no_kg.plan.reason
        no_text = kg.ask("Is ectopia lentis a feature of Marfan syndrome?", use_passages=False)
        assert no_text.facts and not no_text.passages
        calls = len(llm.calls)
        nothing = kg.ask("What is the weather in Paris?", use_passages=False)
    assert nothing.text == NO_EVIDENCE_ANSWER and NO_GRAPH_NOTICE in nothing.notices
    assert len(llm.calls) == calls  # no evidence: the model is not asked to invent an answer
    assert nothing.model == "(not called)" and nothing.citations == ()


def test_model_without_markers_gets_attributed_citations(graph_only: Path) -> None:
    llm = ScriptedLLM("Marfan syndrome has arachnodactyly, long spider fingers.")
    with KGRAG(load_settings(), llm=llm) as kg:
        answer = kg.ask("What are the features of Marfan syndrome?")
    assert answer.citations and all(c.method == "attributed" for c in answer.citations)
    assert answer.citations[0].text == "Marfan syndrome has phenotype Arachnodactyly"


# -- the CLI ---------------------------------------------------------------------------------------------------


def _openai(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("KGRAG_LLM_BACKEND", "openai")
    monkeypatch.setenv("KGRAG_LLM_BASE_URL", url)
    monkeypatch.setenv("KGRAG_LLM_MODEL", "served-model")


def test_cli_ask_json_and_stream(cli: Cli, with_passages: Path, endpoint: str,  # noqa: F811
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _openai(monkeypatch, endpoint)
    result = cli("ask", "Does FBN1 cause Marfan syndrome?", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["answer"] == "FBN1 variants cause it [K1]."
    assert [c["id"] for c in data["citations"]] == ["K1"]
    assert data["citations"][0]["kind"] == "kg"
    assert {c["id"] for c in data["linked_concepts"]} >= {"NCBIGene:2200", "OMIM:154700"}
    # "FBN1 variants cause it": "it" is the disease the question names; the graph's gene-disease edge supports it.
    assert [(c["subject"]["id"], c["predicate"], c["object"]["id"], c["verdict"]) for c in data["claims"]] == [
        ("NCBIGene:2200", "causes", "OMIM:154700", "supported")] and "generate" in data["timings"]
    assert "FBN1 is associated with Marfan syndrome (HPO)" in data["claims"][0]["reason"]
    sent = ChatCompletions.requests[-1]["body"]["messages"][1]["content"]
    assert "[K1] FBN1 is associated with Marfan syndrome" in sent  # the path between the two concepts

    streamed = cli("ask", "Does FBN1 cause Marfan syndrome?", "--stream", "--no-passages")
    assert streamed.code == 0, streamed.err
    assert streamed.out.startswith("FBN1 variants cause it [K1].\n")
    assert "FBN1 is associated with Marfan syndrome" in streamed.out  # the citations table

    options = cli("ask", "Which finding is typical of Marfan syndrome?", "-o", "A=Ectopia lentis",
                  "-o", "B=Short stature", "--json")
    assert options.code == 0, options.err
    assert json.loads(options.out)["form"] == "multiple_choice"


def test_cli_ask_bad_input(cli: Cli, graph_only: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = cli("ask", "  ")
    assert empty.code == 1 and "the question is empty" in empty.err
    long = cli("ask", "why " * 600)
    assert long.code == 1 and "characters; the limit is 2,000" in long.err
    bad_option = cli("ask", "Which?", "-o", "Aspirin")
    assert bad_option.code == 1 and "LETTER=TEXT" in bad_option.err
    _openai(monkeypatch, "http://127.0.0.1:9/v1")  # discard port: nothing listens
    down = cli("ask", "What are the features of Marfan syndrome?")
    assert down.code == 1
    assert "http://127.0.0.1:9/v1" in down.err and len(down.err.strip().splitlines()) == 1
    nothing = cli("ask", "What is the weather in Paris?", "--json")  # no evidence: the model is never called
    assert nothing.code == 0 and json.loads(nothing.out)["answer"] == NO_EVIDENCE_ANSWER


# -- llama-index -----------------------------------------------------------------------------------------------


def test_llamaindex_llm_adapter_answers_and_streams(graph_only: Path) -> None:
    from llama_index.core.llms import CompletionResponse, CustomLLM, LLMMetadata

    from kgrag.llm.llamaindex import LlamaIndexLLM

    class Echo(CustomLLM):
        """Answers with the first evidence id it was shown."""

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(model_name="echo")

        def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
            return CompletionResponse(text="Supported by [K1].")

        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
            text = ""
            for piece in ("Supported ", "by ", "[K1]."):
                text += piece
                yield CompletionResponse(text=text, delta=piece)

    llm = LlamaIndexLLM(Echo())
    assert llm.name == "llama-index:echo"
    pieces: list[str] = []
    with KGRAG(load_settings(), llm=llm) as kg:
        answer = kg.ask("What are the features of Marfan syndrome?")
        streamed = kg.ask("What are the features of Marfan syndrome?", on_token=pieces.append)
    assert answer.text == "Supported by [K1]." and [c.id for c in answer.citations] == ["K1"]
    assert "".join(pieces) == streamed.text == answer.text
    with pytest.raises(Exception, match="expected a llama-index LLM"):
        LlamaIndexLLM(object())


def test_llamaindex_retriever_returns_facts_and_passages_as_nodes(with_passages: Path) -> None:
    from kgrag.adapters.llamaindex import KGRAGRetriever

    with KGRAG.from_settings() as kg:
        nodes = KGRAGRetriever(kg).retrieve("Is ectopia lentis a feature of Marfan syndrome?")
    kinds = [n.node.metadata["kind"] for n in nodes]
    assert "kg" in kinds and "passage" in kinds
    first = nodes[0]
    assert first.node.metadata["evidence_id"] == "K1" and first.score is not None
    assert first.node.get_content() == "Marfan syndrome has phenotype Ectopia lentis"
    passage = next(n for n in nodes if n.node.metadata["kind"] == "passage")
    assert passage.node.metadata["citation"].startswith("PMID:")


def test_hops_override_per_question(graph_only: Path) -> None:
    with KGRAG(load_settings()) as kg:
        near = kg.retrieve("Which conditions involve FBN1?", use_passages=False)
        far = kg.retrieve("Which conditions involve FBN1?", use_passages=False, hops=2)
        with pytest.raises(UserError, match="hops must be 1, 2 or 3"):
            kg.retrieve("Which conditions involve FBN1?", hops=4)
    assert {f.text for f in near.facts} == {"FBN1 is associated with Marfan syndrome"}
    assert "Marfan syndrome has phenotype Ectopia lentis" in {f.text for f in far.facts}


def test_questions_are_not_logged_unless_asked_for(graph_only: Path, caplog: pytest.LogCaptureFixture,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "Does my patient Jane Roe (born 1961) have Marfan syndrome?"
    caplog.set_level("INFO", logger="kgrag")
    with KGRAG(load_settings()) as kg:
        kg.retrieve(secret, use_passages=False)
    assert "Jane Roe" not in caplog.text and "characters" in caplog.text
    caplog.clear()
    monkeypatch.setenv("KGRAG_LOG_QUESTIONS", "1")
    with KGRAG(load_settings()) as kg:
        kg.retrieve(secret, use_passages=False)
    assert "Jane Roe" in caplog.text
