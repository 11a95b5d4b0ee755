"""Claim verification: extraction from sentences, every verdict with its evidence, citations, and the wiring into
`ask` and `kgrag verify`. The graph is the hand-written one of test_ask plus a parent term and a drug."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from graph_schema import NodeKind
from kgrag import KGRAG
from kgrag.answering.policy import ABSTAIN_ANSWER
from kgrag.claims import MAX_CLAIMS, Verifier
from kgrag.config import load_settings
from kgrag.errors import UserError
from kgrag.graph import GraphStore, SQLiteGraphStore
from kgrag.llm import Message
from kgrag.records import Concept, Relation

from .support.cli import CliResult
from .support.graphs import load_fixture_graph, seed_graph
from .support.llm import ScriptedLLM

Cli = Callable[..., CliResult]
EXTRA_CONCEPTS = [Concept("HP:0000517", "Abnormality of the lens", NodeKind.PHENOTYPE),
                  Concept("DRUGBANK:DB00335", "Atenolol", NodeKind.DRUG),
                  Concept("HP:0000365", "Hearing impairment", NodeKind.PHENOTYPE, synonyms=("Hearing loss",))]
EXTRA_RELATIONS = [Relation("HP:0001083", "is_a", "HP:0000517", "HPO", "2025-01-16"),
                   Relation("DRUGBANK:DB00335", "contraindicated_for", "OMIM:236200", "DrugBank", "5.1")]


def _fill(store: GraphStore) -> None:
    load_fixture_graph(store)
    store.write_batch(EXTRA_CONCEPTS, EXTRA_RELATIONS)


@pytest.fixture
def graph(data_dir: Path) -> Path:
    seed_graph(_fill)
    return data_dir


def _verdicts(kg: KGRAG, text: str) -> list[tuple[str, str, str, str]]:
    return [(c.subject.concept_id or c.subject.text, c.predicate, c.object.concept_id or c.object.text, c.verdict)
            for c in kg.verify(text).claims]


def test_every_verdict_with_its_evidence(graph: Path) -> None:
    with KGRAG.from_settings() as kg:
        assert _verdicts(kg, "Marfan syndrome is characterized by arachnodactyly, ectopia lentis and hearing "
                             "loss.") == [
            ("OMIM:154700", "has_phenotype", "HP:0001166", "supported"),
            ("OMIM:154700", "has_phenotype", "HP:0001083", "supported"),
            ("OMIM:154700", "has_phenotype", "HP:0000365", "not_in_kg")]
        # The object written first, and a reading chosen by kind: "Ectopia lentis" is a phenotype here.
        assert _verdicts(kg, "Ectopia lentis is a feature of Marfan syndrome.") == [
            ("OMIM:154700", "has_phenotype", "HP:0001083", "supported")]
        assert _verdicts(kg, "Marfan syndrome does not cause ectopia lentis.") == [
            ("OMIM:154700", "has_phenotype", "HP:0001083", "contradicted")]
        # HPO's NOT annotation: homocystinuria is curated as *not* showing arachnodactyly.
        negative = kg.verify("Homocystinuria presents with arachnodactyly.").claims[0]
        assert negative.verdict == "contradicted" and negative.evidence[0].negated
        # A drug contraindicated for the disease contradicts a claim that it treats it.
        treats = kg.verify("Atenolol is used to treat homocystinuria.").claims[0]
        assert (treats.verdict, treats.evidence[0].predicate) == ("contradicted", "contraindicated_for")
        assert treats.evidence[0].source == "DrugBank" and treats.evidence[0].source_release == "5.1"
        # A claim about a parent term is supported by an edge to its child.
        general = kg.verify("Marfan syndrome has features such as abnormality of the lens.").claims[0]
        assert general.verdict == "supported" and general.evidence[0].object == "HP:0001083"
        assert "more specific" in general.reason
        unlinked = kg.verify("Marfan syndrome is characterized by zorbitis.").claims[0]
        assert unlinked.verdict == "unlinked" and unlinked.object.concept_id is None
        related = kg.verify("Marfan syndrome is associated with homocystinuria.").claims[0]
        assert related.verdict == "not_in_kg" and related.evidence  # the nearest path, as related evidence


def test_uncertainty_groundedness_and_text_without_claims(graph: Path) -> None:
    with KGRAG.from_settings() as kg:
        result = kg.verify("FBN1 may be associated with Marfan syndrome. Marfan syndrome is characterized by "
                           "hearing loss.")
        assert [c.uncertain for c in result.claims] == [True, False]
        assert result.groundedness == 0.5 and result.counts["supported"] == 1
        nothing = kg.verify("The sky is blue today.")
        assert nothing.claims == () and nothing.groundedness is None and "no checkable claim" in nothing.notes[0]
        long = kg.verify("Marfan syndrome is characterized by arachnodactyly. " * (MAX_CLAIMS + 10))
        assert len(long.claims) == MAX_CLAIMS and f"first {MAX_CLAIMS} claims" in long.notes[0]


def test_ask_fills_claims_and_checks_citations(graph: Path) -> None:
    llm = ScriptedLLM("Marfan syndrome is characterized by ectopia lentis [K1]. FBN1 is associated with Marfan "
                      "syndrome. Arachnodactyly is a feature of Marfan syndrome [K9].")
    with KGRAG(load_settings(), llm=llm) as kg:
        answer = kg.ask("What are the features of Marfan syndrome?", use_passages=False)
    claims = {c.object.concept_id or "": c for c in answer.claims}
    assert claims["HP:0001083"].citation_problems == ()  # [K1] is the ectopia lentis edge
    assert "uncited" in claims["OMIM:154700"].citation_problems[0]
    assert any("never offered" in p for p in claims["HP:0001166"].citation_problems)
    assert all(c.verdict == "supported" for c in answer.claims) and answer.groundedness == 1.0
    assert "verify" in answer.timings
    data = answer.to_dict()
    assert data["claims"][0]["verdict"] == "supported" and data["claims"][0]["evidence"][0]["source"] == "HPO"


def test_cli_verify(cli: Cli, graph: Path) -> None:
    result = cli("verify", "Marfan syndrome does not cause ectopia lentis. FBN1 is associated with Marfan syndrome.",
                 "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [c["verdict"] for c in data["claims"]] == ["contradicted", "supported"]
    assert data["counts"] == {"supported": 1, "contradicted": 1, "not_in_kg": 0, "unlinked": 0}
    table = cli("verify", "Marfan syndrome is characterized by arachnodactyly.")
    assert table.code == 0 and "supported" in table.out and "groundedness: 1.00" in table.out
    empty = cli("verify", " ")
    assert empty.code == 1 and "the text is empty" in empty.err
    # The length limit is the API's (KGRAG_MAX_VERIFY_CHARS), so the CLI, the app and pipelines share it.
    long = cli("verify", "Marfan syndrome is characterized by arachnodactyly. " * 400)
    assert long.code == 1 and "characters; the limit is 20,000 (KGRAG_MAX_VERIFY_CHARS)" in long.err


def test_the_verify_length_limit_is_the_api_s(graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_MAX_VERIFY_CHARS", "100")
    with KGRAG.from_settings() as kg:
        with pytest.raises(UserError, match="the limit is 100"):
            kg.verify("Marfan syndrome is characterized by arachnodactyly. " * 3)
        assert kg.verify("Marfan syndrome is characterized by arachnodactyly.").claims


def test_without_a_linker_no_claim_is_made_of_two_unlinked_phrases(graph: Path) -> None:
    store = SQLiteGraphStore(load_settings().graph_path)
    result = Verifier(store, None).verify("Marfan syndrome is characterized by arachnodactyly. Tocilizumab is used "
                                          "to treat rheumatoid arthritis.")
    store.close()
    # Two phrases the graph lacks are too often not entities to be shown as a claim, unless one is a named drug
    # (an INN stem): that claim is kept, unlinked.
    assert [(c.subject.text, c.predicate, c.object.text, c.verdict) for c in result.claims] == [
        ("Tocilizumab", "treats", "rheumatoid arthritis", "unlinked")]
    assert result.groundedness is None


class TwoAnswers(ScriptedLLM):
    """Answers with the first text, then (asked again) with the second."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(first)
        self.second = second

    def reply(self, messages: Sequence[Message]) -> str:
        self.calls.append(messages)
        return self.text if len(self.calls) == 1 else self.second


WRONG = "Marfan syndrome does not cause ectopia lentis [K1]."
RIGHT = "Marfan syndrome is characterized by ectopia lentis [K1]."
QUESTION = "What are the features of Marfan syndrome?"


def test_policy_flag_revise_abstain_and_off(graph: Path) -> None:
    settings = load_settings()
    with KGRAG(settings, llm=TwoAnswers(WRONG, RIGHT)) as kg:
        flagged = kg.ask(QUESTION, use_passages=False)
    assert flagged.text == WRONG and [c.verdict for c in flagged.claims] == ["contradicted"]
    assert flagged.original_text is None and flagged.groundedness == 0.0

    llm = TwoAnswers(WRONG, RIGHT)
    with KGRAG(settings, llm=llm) as kg:
        revised = kg.ask(QUESTION, use_passages=False, verify="revise")
    assert revised.text == RIGHT and revised.original_text == WRONG
    assert [c.verdict for c in revised.claims] == ["supported"] and revised.groundedness == 1.0
    assert revised.prompt_version == "answer-v2+revise-v1" and "revise" in revised.timings
    assert any("revised once" in notice for notice in revised.notices)
    follow_up = llm.calls[1]
    assert [m.role for m in follow_up] == ["system", "user", "assistant", "user"] and follow_up[2].content == WRONG
    assert "contradicts: Marfan syndrome has phenotype Ectopia lentis (source: HPO 2025-01-16)" in follow_up[3].content

    with KGRAG(settings, llm=TwoAnswers(WRONG, RIGHT)) as kg:
        withheld = kg.ask(QUESTION, use_passages=False, verify="abstain")
        kept = kg.ask("What are the features of Marfan syndrome?", use_passages=False, verify="abstain")
    assert withheld.text == ABSTAIN_ANSWER.format(claims="1 claim") and withheld.original_text == WRONG
    assert [c.verdict for c in withheld.claims] == ["contradicted"]  # kept, so the reader sees why
    assert kept.text == RIGHT and kept.original_text is None  # nothing contradicted: nothing withheld

    with KGRAG(settings, llm=ScriptedLLM(WRONG)) as kg:
        unchecked = kg.ask(QUESTION, use_passages=False, verify="off")
        assert unchecked.claims == () and "verify" not in unchecked.timings
        with pytest.raises(UserError, match="unknown verification mode"):
            kg.ask(QUESTION, verify="loud")  # type: ignore[arg-type]


def test_cli_ask_verify_modes(cli: Cli, graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = cli("ask", QUESTION, "--verify", "loud")
    assert bad.code == 1 and "--verify 'loud'" in bad.err
    monkeypatch.setattr("kgrag.api.open_llm", lambda settings: TwoAnswers(WRONG, RIGHT))
    revised = cli("ask", QUESTION, "--verify", "revise", "--no-passages", "--json")
    assert revised.code == 0, revised.err
    data = json.loads(revised.out)
    assert data["answer"] == RIGHT and data["original_text"] == WRONG and data["groundedness"] == 1.0
    shown = cli("ask", QUESTION, "--no-passages")  # flag: the table marks the contradiction
    assert shown.code == 0 and "contradicted" in shown.out and "groundedness: 0.00" in shown.out


def test_generated_set_is_labelled_from_the_graph_and_reproducible(graph: Path) -> None:
    from kgrag.eval.verify import generate

    store = SQLiteGraphStore(load_settings().graph_path)
    try:
        claims = generate(store, 40, seed=3)
        assert claims == generate(store, 40, seed=3)  # the seed is the whole set
        kinds = {c.kind for c in claims}
        assert {"true", "curated_negative"} <= kinds
        for claim in claims:
            relation = claim.relation
            if claim.kind == "true":
                assert claim.expected == "supported" and not relation.negated
            elif claim.kind == "curated_negative":
                assert claim.expected == "contradicted" and relation.negated  # HPO NOT stated positively
            elif claim.kind == "negated":
                assert claim.expected == "contradicted" and " not " in claim.sentence
            else:
                assert claim.expected == "not_in_kg"
    finally:
        store.close()


def test_scores_per_verdict() -> None:
    from kgrag.eval.verify import GeneratedClaim, score

    edge = Relation("A:1", "has_phenotype", "B:1", "HPO")
    claims = [GeneratedClaim(f"s{i}", expected, "true", edge) for i, expected in
              enumerate(["supported", "supported", "contradicted", "not_in_kg"])]
    answers = {"s0": "supported", "s1": "not_in_kg", "s2": "contradicted", "s3": "unlinked"}
    result = score(claims, answers.__getitem__)
    assert result.per_verdict["supported"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert result.per_verdict["contradicted"]["f1"] == 1.0
    assert result.per_verdict["not_in_kg"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert result.accuracy == 0.5 and result.n == 4


def test_cli_eval_verify(cli: Cli, graph: Path, tmp_path: Path) -> None:
    saved = tmp_path / "claims.jsonl"
    result = cli("eval", "verify", "--n", "30", "--seed", "5", "--json", "--save", str(saved))
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["n"] == len(saved.read_text().splitlines()) and data["n"] > 0
    for label in ("supported", "contradicted", "not_in_kg"):
        assert set(data["per_verdict"][label]) >= {"precision", "recall", "f1"}
    assert data["per_verdict"]["supported"]["f1"] >= data["baseline"]["per_verdict"]["supported"]["f1"]
    assert data["baseline"]["per_verdict"]["contradicted"]["f1"] == 0.0  # co-occurrence never contradicts
    assert "p50" in data["latency_ms"]
    table = cli("eval", "verify", "--n", "20")
    assert table.code == 0 and "co-occurrence" in table.out and "kgrag" in table.out


def test_cli_eval_verify_without_a_graph_or_on_an_empty_one(cli: Cli, data_dir: Path) -> None:
    missing = cli("eval", "verify")
    assert missing.code == 1 and "does not exist: load a source first" in missing.err
    data_dir.mkdir()
    SQLiteGraphStore(data_dir / "graph.sqlite").close()
    empty = cli("eval", "verify")
    assert empty.code == 1 and "the graph is empty" in empty.err


class ClaimLister(ScriptedLLM):
    """Answers questions with `text`; asked to extract claims (the claims prompt), replies with `claims`."""

    def __init__(self, text: str, claims: str) -> None:
        super().__init__(text)
        self.claims = claims

    def reply(self, messages: Sequence[Message]) -> str:
        self.calls.append(messages)
        return self.claims if "extract medical claims" in messages[0].content else self.text


def test_llm_claims_are_validated_relinked_and_merged(graph: Path) -> None:
    from kgrag.claims.llm import LLMClaimExtractor

    text = "Lens dislocation goes along with Marfan syndrome. FBN1 is associated with Marfan syndrome."
    reply = json.dumps({"claims": [
        {"sentence": 1, "subject": "Marfan syndrome", "predicate": "has_phenotype", "object": "Lens dislocation",
         "negated": False},
        {"sentence": 2, "subject": "FBN1", "predicate": "associated_with", "object": "Marfan syndrome"},  # dup
        {"sentence": 1, "subject": "Marfan syndrome", "predicate": "cures", "object": "Lens dislocation"},
        {"sentence": 1, "subject": "Marfan syndrome", "predicate": "has_phenotype", "object": "tall stature"},
        {"sentence": 9, "subject": "x", "predicate": "treats", "object": "y"}]})
    store = SQLiteGraphStore(load_settings().graph_path)
    try:
        with KGRAG.from_settings() as kg:
            linker = kg.linker
        llm = ClaimLister("", "Here you go: " + reply)
        result = Verifier(store, linker, LLMClaimExtractor(llm, linker)).verify(text)
        got = [(c.subject.concept_id, c.predicate, c.object.concept_id, c.verdict, c.extractor) for c in result.claims]
        assert got == [("OMIM:154700", "has_phenotype", "HP:0001083", "supported", "llm"),  # "goes along with"
                       ("NCBIGene:2200", "associated_with", "OMIM:154700", "supported", "rules")]  # no duplicate
        assert "3 claim(s) proposed by the model were malformed and dropped" in result.notes
        garbled = Verifier(store, linker, LLMClaimExtractor(ClaimLister("", "no JSON here"), linker)).verify(text)
        assert [c.extractor for c in garbled.claims] == ["rules"] and "not JSON" in garbled.notes[0]
    finally:
        store.close()


def test_ask_uses_the_llm_extractor_when_configured(graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_CLAIM_EXTRACTION", "llm")
    answer_text = "Lens dislocation goes along with Marfan syndrome [K1]."
    reply = json.dumps({"claims": [{"sentence": 1, "subject": "Marfan syndrome", "predicate": "has_phenotype",
                                    "object": "Lens dislocation", "negated": False}]})
    with KGRAG(load_settings(), llm=ClaimLister(answer_text, reply)) as kg:
        answer = kg.ask(QUESTION, use_passages=False)
    assert [(c.verdict, c.extractor) for c in answer.claims] == [("supported", "llm")]


def test_it_and_this_condition_refer_to_the_previous_subject_or_the_question(graph: Path) -> None:
    with KGRAG.from_settings() as kg:
        claims = kg.verify("Marfan syndrome is a connective tissue disorder. It is characterized by arachnodactyly. "
                           "This condition presents with ectopia lentis.").claims
        assert [(c.subject.text, c.subject.concept_id, c.object.concept_id, c.verdict) for c in claims[-2:]] == [
            ("It", "OMIM:154700", "HP:0001166", "supported"),
            ("This condition", "OMIM:154700", "HP:0001083", "supported")]
        # "This condition" is the latest disease, not the previous subject (a gene).
        condition = kg.verify("FBN1 is associated with Marfan syndrome. This condition presents with ectopia "
                              "lentis.").claims[-1]
        assert (condition.subject.concept_id, condition.verdict) == ("OMIM:154700", "supported")
        alone = kg.verify("It is characterized by arachnodactyly.").claims  # nothing to refer to: no claim
        assert alone == ()
    with KGRAG(load_settings(), llm=ScriptedLLM("It is characterized by ectopia lentis [K1].")) as kg:
        answer = kg.ask(QUESTION, use_passages=False)  # "It" is the question's Marfan syndrome
    assert [(c.subject.concept_id, c.verdict) for c in answer.claims] == [("OMIM:154700", "supported")]
