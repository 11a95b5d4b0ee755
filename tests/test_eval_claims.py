"""`kgrag eval claims`: the gold-set loader (bad lines are `file:line: reason`), triple matching, the scores, the
corrupted-set counts and the command, on a gold file written here against the graph of test_claims_prose."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kgrag.errors import InputFileError
from kgrag.eval.claims import ClaimMatcher, GoldClaim, GoldEnd, GoldSentence, load_gold, score, score_corrupted
from kgrag.graph import SQLiteGraphStore
from kgrag.records import Claim, ClaimEnd

from .support.cli import CliResult
from .support.graphs import seed_graph
from .support.prose_graph import AD, AR, fill_prose_graph

Cli = Callable[..., CliResult]


def _claim(subject: str, predicate: str, obj: str, *, negated: bool = False, verdict: str = "supported",
           kind: str = "") -> dict:
    def end(value: str) -> dict:
        return {"text": value, "ids": [value] if ":" in value else []}
    return {"subject": end(subject), "predicate": predicate, "object": end(obj), "negated": negated,
            "verdict": verdict, "note": "", **({"kind": kind} if kind else {})}


GOLD = [
    {"id": "s1", "source": "bioasq:x#0", "sentence": "Mutations in HTT cause Huntington disease.", "skip": "",
     "claims": [_claim("NCBIGene:3064", "causes", "OMIM:143100")]},
    {"id": "s2", "source": "bioasq:x#1", "sentence": "It is an autosomal dominant disorder.", "skip": "",
     "context": "What is Huntington disease?", "claims": [_claim("OMIM:143100", "has_mode_of_inheritance", AD)]},
    {"id": "s3", "source": "pubmedqa:1#0", "sentence": "We randomized 40 patients to two arms.", "skip": "",
     "claims": []},
    {"id": "s4", "source": "model:smollm2:q#0", "sentence": "Marfan syndrome is characterized by zorbitis.",
     "skip": "", "claims": [_claim("OMIM:154700", "has_phenotype", "zorbitis", verdict="unlinked")]},
    {"id": "s5", "source": "bioasq:x#2", "sentence": "A heading", "skip": "not a sentence", "claims": []},
    {"id": "s6", "source": "bioasq:x#3", "sentence": "HTT-related Huntington disease is a movement disorder.",
     "skip": "", "claims": [_claim("NCBIGene:3064", "causes", "OMIM:143100")]},
]
CORRUPTED = [
    {"id": "s2-swapped_inheritance", "sentence": "Huntington disease is an autosomal recessive disorder.",
     "claims": [_claim("OMIM:143100", "has_mode_of_inheritance", AR, verdict="contradicted",
                       kind="swapped_inheritance")]},
    {"id": "s1-negated", "sentence": "Mutations in HTT do not cause Huntington disease.",
     "claims": [_claim("NCBIGene:3064", "causes", "OMIM:143100", negated=True, verdict="contradicted",
                       kind="negated")]},
]


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def graph(data_dir: Path) -> Path:
    seed_graph(fill_prose_graph)
    return data_dir


def test_loader_reads_gold_and_reports_bad_lines(tmp_path: Path) -> None:
    gold = load_gold(_write(tmp_path / "gold.jsonl", GOLD))
    assert [g.id for g in gold] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert gold[1].context == "What is Huntington disease?" and gold[4].skip == "not a sentence"
    assert gold[0].claims[0] == GoldClaim(GoldEnd("NCBIGene:3064", ("NCBIGene:3064",)), "causes",
                                          GoldEnd("OMIM:143100", ("OMIM:143100",)), False, "supported")
    bad_verdict = [GOLD[0], {**GOLD[1], "claims": [{**GOLD[1]["claims"][0], "verdict": "maybe"}]}]
    with pytest.raises(InputFileError, match=r"gold\.jsonl:2: verdict 'maybe' is not one of"):
        load_gold(_write(tmp_path / "gold.jsonl", bad_verdict))
    string_negation = [{**GOLD[0], "claims": [{**GOLD[0]["claims"][0], "negated": "no"}]}]
    with pytest.raises(InputFileError, match=r":1: negated must be true or false, not 'no'"):
        load_gold(_write(tmp_path / "gold.jsonl", string_negation))
    (tmp_path / "broken.jsonl").write_text('{"id": "s1", "sentence": "x"}\n{not json\n')
    with pytest.raises(InputFileError, match=r"broken\.jsonl:1: not a gold record"):
        load_gold(tmp_path / "broken.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n")
    with pytest.raises(InputFileError, match="no gold sentences"):
        load_gold(tmp_path / "empty.jsonl")


def _said(subject: str | None, predicate: str, obj: str | None, *, negated: bool = False,
          subject_text: str = "", object_text: str = "", verdict: str = "supported") -> Claim:
    return Claim("s", 0, 1, ClaimEnd(subject_text or subject or "", subject), predicate,
                 ClaimEnd(object_text or obj or "", obj), negated, False, verdict)  # type: ignore[arg-type]


def test_matching_by_ids_family_direction_negation_and_unlinked_words(graph: Path) -> None:
    store = SQLiteGraphStore(graph / "graph.sqlite")
    try:
        matcher = ClaimMatcher(store)
        gene_disease = load_gold(_write(graph / "g.jsonl", GOLD))[0].claims[0]
        assert matcher.matches(gene_disease, _said("NCBIGene:3064", "causes", "OMIM:143100"))
        # causes and associated_with between a gene and a disease are one relation; associated_with has no
        # direction.
        assert matcher.matches(gene_disease, _said("OMIM:143100", "associated_with", "NCBIGene:3064"))
        assert not matcher.matches(gene_disease, _said("OMIM:143100", "causes", "NCBIGene:3064"))
        assert not matcher.matches(gene_disease, _said("NCBIGene:3064", "causes", "OMIM:143100", negated=True))
        assert not matcher.matches(gene_disease, _said("NCBIGene:2200", "causes", "OMIM:143100"))
        unlinked = GoldClaim(GoldEnd("Marfan", ("OMIM:154700",)), "has_phenotype",
                             GoldEnd("severe zorbitis of the lens", ()), False, "unlinked")
        # An end the graph lacks matches an unlinked end sharing at least half of its words.
        assert matcher.matches(unlinked, _said("OMIM:154700", "has_phenotype", None,
                                               object_text="zorbitis of the lens"))
        assert not matcher.matches(unlinked, _said("OMIM:154700", "has_phenotype", None, object_text="zorbitis"))
    finally:
        store.close()


def test_scores_count_claims_matches_verdicts_and_false_contradictions(graph: Path) -> None:
    store = SQLiteGraphStore(graph / "graph.sqlite")
    gold = [GoldSentence("a", "x", "A.", (GoldClaim(GoldEnd("HTT", ("NCBIGene:3064",)), "causes",
                                                     GoldEnd("HD", ("OMIM:143100",)), False, "supported"),)),
            GoldSentence("b", "x", "B.", ()), GoldSentence("c", "x", "C.", (), skip="fragment")]
    replies = {"A.": [_said("NCBIGene:3064", "causes", "OMIM:143100", verdict="contradicted"),
                      _said("NCBIGene:2200", "causes", "OMIM:143100")],
               "B.": [_said("OMIM:154700", "has_phenotype", "HP:0001083", verdict="contradicted")],
               "C.": [_said("OMIM:154700", "has_phenotype", "HP:0001083")]}
    try:
        result = score("test", lambda text, question: replies[text], gold, ClaimMatcher(store)).to_dict()
    finally:
        store.close()
    assert (result["sentences"], result["gold_claims"], result["claimed"], result["matched"]) == (2, 1, 3, 1)
    assert (result["precision"], result["recall"], result["verdict_accuracy"]) == (0.3333, 1.0, 0.0)
    assert result["confusion"] == {"supported": {"contradicted": 1}}
    assert result["false_contradictions"] == 2  # the matched one with the wrong verdict, and the extra one


def test_corrupted_claims_count_only_when_found_with_the_expected_verdict(graph: Path) -> None:
    corrupted = load_gold(_write(graph / "c.jsonl", CORRUPTED))
    store = SQLiteGraphStore(graph / "graph.sqlite")
    try:
        found = {"Huntington disease is an autosomal recessive disorder.":
                 [_said("OMIM:143100", "has_mode_of_inheritance", AR, verdict="contradicted")],
                 "Mutations in HTT do not cause Huntington disease.": []}
        result = score_corrupted("test", lambda text, question: found[text], corrupted, ClaimMatcher(store))
    finally:
        store.close()
    kinds = result.to_dict()["kinds"]
    assert kinds["swapped_inheritance"] == {"claims": 1, "found": 1, "expected_verdict": 1, "share_expected": 1.0,
                                            "share_contradicted": 1.0, "should_contradict": 1,
                                            "share_contradicted_of_refutable": 1.0}
    assert kinds["negated"]["found"] == 0 and kinds["negated"]["share_expected"] == 0.0
    assert kinds["negated"]["share_contradicted_of_refutable"] == 0.0


def test_cli_eval_claims_against_the_baseline(cli: Cli, graph: Path, tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.jsonl", GOLD)
    corrupted = _write(tmp_path / "corrupted.jsonl", CORRUPTED)
    result = cli("eval", "claims", "--gold", str(gold), "--corrupted", str(corrupted), "--json",
                 "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["gold"]["sentences"] == 5 and data["gold"]["skipped"] == 1 and data["gold"]["claims"] == 4
    ours, baseline = data["checkers"]
    assert ours["name"] == "kgrag" and baseline["name"] == "cue lexicon (baseline)"
    assert ours["matched"] == 4 and ours["recall"] == 1.0 and ours["verdict_accuracy"] == 1.0
    assert ours["false_contradictions"] == 0
    assert baseline["recall"] < ours["recall"]  # the old extractor misses "HTT-related Huntington disease"
    caught = data["corrupted"][0]["kinds"]
    assert caught["swapped_inheritance"]["share_expected"] == 1.0 and caught["negated"]["share_expected"] == 1.0
    assert (tmp_path / "out" / "claims.json").is_file()
    table = cli("eval", "claims", "--gold", str(gold), "--out", str(tmp_path / "out"))
    assert table.code == 0 and "kgrag" in table.out and "cue" in table.out and "verdicts of matched" in table.out
    missing = cli("eval", "claims", "--gold", str(tmp_path / "nope.jsonl"))
    assert missing.code == 1 and "nope.jsonl" in missing.err and "cannot read" in missing.err
