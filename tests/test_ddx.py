"""Differential diagnosis: the phenotype model read from an HPO release, both scorers checked against values
worked out by hand, finding resolution (ids, alt_ids, obsolete ids, names, free text with negation), evidence,
phenopacket reading with its bad-input reports, the eval and the CLI.

The release is written here: five OMIM diseases over a ten-term hierarchy, chosen so each rule changes an order.

    All > Phenotypic abnormality > Abnormality of the eye > Ectopia lentis > Lens subluxation
                                                          > Myopia
                                 > Abnormality of the skeletal system > Arachnodactyly, Tall stature
                                 > Abnormality of the nervous system > Seizure (alt_id HP:0002279;
                                                                       HP:0009999 is obsolete, replaced by it)
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.hpo import load_hpo
from kgrag import KGRAG
from kgrag.config import load_settings
from kgrag.diagnosis import (
    AnnotationScorer,
    Diagnoser,
    NoFindingsError,
    NoPhenotypeModelError,
    PhenomizerScorer,
    PhenotypeModel,
    iter_phenopackets,
    parse_phenopacket,
)
from kgrag.diagnosis.frequency import estimate_frequency, parse_frequency
from kgrag.diagnosis.wording import WordVariants
from kgrag.errors import InputFileError
from kgrag.eval.ddx import CaseRank, evaluate_ddx, rank_of
from kgrag.graph import SQLiteGraphStore
from kgrag.linking.dictionary import DictionaryLinker

from .support.cli import CliResult
from .support.ddx_release import N, write_release
from .support.graphs import seed_graph

Cli = Callable[..., CliResult]

@pytest.fixture
def store(tmp_path: Path) -> SQLiteGraphStore:
    graph = SQLiteGraphStore(tmp_path / "graph.sqlite")
    load_hpo(graph, write_release(tmp_path / "hpo"))
    return graph


@pytest.fixture
def model(store: SQLiteGraphStore) -> PhenotypeModel:
    return PhenotypeModel.from_store(store)


def scores_by_id(model: PhenotypeModel, scorer: PhenomizerScorer | AnnotationScorer, observed: list[str],
                 excluded: list[str] = ()) -> dict[str, float]:
    diagnoser = Diagnoser(model, scorer)
    values = scorer.scores(model, diagnoser.indices(observed), diagnoser.indices(list(excluded)))
    return {d: round(float(values[i]), 4) for i, d in enumerate(model.diseases)}


# -- frequencies --------------------------------------------------------------------------------------------


def test_frequencies_are_read_in_all_three_forms_and_small_cohorts_are_smoothed() -> None:
    assert parse_frequency("HP:0040281") == 0.895 and parse_frequency("5/8") == 0.625
    assert parse_frequency("12%") == 0.12 and parse_frequency("") is None and parse_frequency("often") is None
    assert estimate_frequency("1/1", 0.5) == pytest.approx(2 / 3)  # one patient of one is not proof of 100%
    assert estimate_frequency("5/8", 0.5) == pytest.approx(0.6)
    assert estimate_frequency("0/7", 0.5) == 0.0 and estimate_frequency("", 0.3) == 0.3
    assert estimate_frequency("HP:0040280", 0.5) == 1.0


# -- the model ----------------------------------------------------------------------------------------------


def test_the_model_reads_omim_diseases_their_annotations_and_the_hierarchy(model: PhenotypeModel) -> None:
    assert model.diseases == ("OMIM:100000", "OMIM:154700", "OMIM:200000", "OMIM:236200", "OMIM:300000")
    marfan = model.annotations[model.disease_index["OMIM:154700"]]
    assert {(model.terms[a.term], a.recorded, round(a.frequency, 3)) for a in marfan} == {
        ("HP:0001166", "HP:0040281", 0.895), ("HP:0001083", "5/8", 0.6), ("HP:0000098", "", 0.5)}
    lens = model.index["HP:0100530"]
    assert {model.terms[t] for t in model.ancestors[lens].tolist()} == {
        "HP:0100530", "HP:0001083", "HP:0000478", "HP:0000118", "HP:0000001"}
    # Ectopia lentis is implied by Marfan (annotated) and homocystinuria (through lens subluxation): IC ln(5/2).
    assert model.information_content[model.index["HP:0001083"]] == pytest.approx(math.log(N / 2))
    assert model.resolve("HP:0002279") == "HP:0001250" and model.resolve("HP:0009999") == "HP:0001250"
    assert model.resolve("HP:0000000") is None
    negating = model.diseases_negating(lens)  # NOT ectopia lentis also rules out its subtype
    assert [model.diseases[d] for d in negating] == ["OMIM:200000"]


def test_a_graph_without_hpo_says_what_to_load(tmp_path: Path) -> None:
    with pytest.raises(NoPhenotypeModelError, match="kgrag ingest hpo"):
        PhenotypeModel.from_store(SQLiteGraphStore(tmp_path / "empty.sqlite"))


def test_orpha_diseases_rank_only_when_asked(store: SQLiteGraphStore) -> None:
    both = PhenotypeModel.from_store(store, databases=("OMIM", "ORPHA"))
    assert "ORPHA:558" in both.disease_index and len(both.diseases) == N + 1


# -- scoring, by hand -----------------------------------------------------------------------------------------


def test_phenomizer_is_the_mean_information_content_of_the_best_common_ancestor(model: PhenotypeModel) -> None:
    scores = scores_by_id(model, PhenomizerScorer(), ["HP:0001166", "HP:0001083"])
    assert scores["OMIM:154700"] == pytest.approx((math.log(N) + math.log(N / 2)) / 2, abs=1e-4)
    assert scores["OMIM:236200"] == pytest.approx(math.log(N / 2) / 2, abs=1e-4)  # via lens subluxation
    assert scores["OMIM:300000"] == pytest.approx(math.log(N / 4) / 2, abs=1e-4)  # via "Abnormality of the eye"
    assert scores["OMIM:100000"] == 0.0


def test_frequency_separates_what_information_content_ties(model: PhenotypeModel) -> None:
    plain = scores_by_id(model, PhenomizerScorer(), ["HP:0000545"])
    assert plain["OMIM:200000"] == plain["OMIM:236200"]  # both annotated with myopia
    weighted = scores_by_id(model, AnnotationScorer(), ["HP:0000545"])
    assert weighted["OMIM:200000"] == pytest.approx(math.log(N / 3), abs=1e-4)  # obligate: log 1 = 0
    assert weighted["OMIM:236200"] == pytest.approx(math.log(N / 3) + 0.2 * math.log(0.545), abs=1e-4)


def test_a_curated_not_annotation_means_the_disease_does_not_explain_the_finding(model: PhenotypeModel) -> None:
    weighted = scores_by_id(model, AnnotationScorer(), ["HP:0001083"])
    assert weighted["OMIM:200000"] == 0.0  # NOT ectopia lentis, though myopia puts it under "eye"
    assert weighted["OMIM:300000"] == pytest.approx(math.log(N / 4), abs=1e-4)  # the same "eye" route, no NOT
    assert weighted["OMIM:236200"] > weighted["OMIM:154700"]  # 1/1 (2/3 smoothed) above 5/8 (0.6 smoothed)


def test_an_excluded_finding_counts_only_against_diseases_that_almost_always_show_it(model: PhenotypeModel) -> None:
    without = scores_by_id(model, AnnotationScorer(), ["HP:0001250"])
    excluded = scores_by_id(model, AnnotationScorer(), ["HP:0001250"], ["HP:0000545"])
    assert without["OMIM:300000"] > without["OMIM:100000"]
    penalty = 0.2 * math.log(1 - 0.95 * 1.0)  # myopia is obligate in OMIM:300000
    assert excluded["OMIM:300000"] == pytest.approx(without["OMIM:300000"] + penalty, abs=1e-4)
    assert excluded["OMIM:236200"] == without["OMIM:236200"]  # myopia "frequent" (30-79%): absence says little
    assert excluded["OMIM:300000"] < excluded["OMIM:100000"]
    ablated = scores_by_id(model, AnnotationScorer(use_excluded=False), ["HP:0001250"], ["HP:0000545"])
    assert ablated == without


def test_scorer_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="frequency_weight"):
        AnnotationScorer(frequency_weight=2)


# -- findings and evidence --------------------------------------------------------------------------------


@pytest.fixture
def diagnoser(store: SQLiteGraphStore, model: PhenotypeModel) -> Diagnoser:
    return Diagnoser(model, linker=DictionaryLinker.from_concepts(store.iter_concepts()))


def test_findings_resolve_from_ids_alt_ids_obsolete_ids_names_and_free_text(diagnoser: Diagnoser) -> None:
    observed, excluded, unresolved = diagnoser.resolve_all(
        ["HP:0001166", "hp_0002279", "HP:0009999", "myopia", "long spider fingers and a dislocated lens, no tall "
         "stature", "HP:0000000", "purple aura"])
    assert [(f.id, f.resolution) for f in observed] == [
        ("HP:0001166", "id"), ("HP:0001250", "alternative id"), ("HP:0000545", "name"), ("HP:0001083", "linked")]
    assert [(f.id, f.resolution) for f in excluded] == [("HP:0000098", "linked")]  # "no tall stature"
    assert unresolved == ["HP:0000000: not a term of the loaded HPO release", "'purple aura': no HPO term found"]
    assert diagnoser.resolve("HP:0009999")[0][0].resolution == "replaced"


def test_words_hpo_synonyms_use_interchangeably_reach_a_term_no_name_spells() -> None:
    names = {"HP:1": ("Aortic aneurysm", "Aortic dilatation"), "HP:2": ("Broad thumb", "Wide thumb"),
             "HP:3": ("Broad toe", "Wide toe"), "HP:4": ("Broad nose", "Wide nose"), "HP:5": ("Aortic root aneurysm",),
             "HP:6": ("Broad forehead",)}
    loose = WordVariants(names, min_terms=1)
    assert loose.term_for("aortic root dilatation") == ("HP:5", "aortic root aneurysm")
    strict = WordVariants(names, min_terms=3)  # aneurysm/dilatation is seen in one term only
    assert strict.pairs == 1 and strict.term_for("aortic root dilatation") is None
    assert strict.term_for("wide forehead") == ("HP:6", "broad forehead")
    assert strict.term_for("wide garden") is None  # a variant must spell a whole name


def test_excluded_findings_given_as_such_are_excluded_whatever_their_wording(diagnoser: Diagnoser) -> None:
    observed, excluded, _ = diagnoser.resolve_all(["seizure"], ["no myopia", "HP:0001250"])
    assert [f.id for f in observed] == ["HP:0001250"]  # observed wins over excluded for the same term
    assert [f.id for f in excluded] == ["HP:0000545"]


def test_each_candidate_says_which_annotation_explains_which_finding(diagnoser: Diagnoser) -> None:
    result = diagnoser.diagnose(["Arachnodactyly", "Ectopia lentis", "Seizure"], ["Myopia"])
    first = result.candidates[0]
    assert (first.rank, first.id, first.name) == (1, "OMIM:154700", "Marfan syndrome")
    matches = {m.finding: m for m in first.matches}
    assert (matches["HP:0001083"].annotation, matches["HP:0001083"].frequency) == ("HP:0001083", "5/8")
    assert [f.id for f in first.unexplained] == ["HP:0001250"]
    homocystinuria = next(c for c in result.candidates if c.id == "OMIM:236200")
    lens = next(m for m in homocystinuria.matches if m.finding == "HP:0001083")
    assert (lens.annotation, lens.via, lens.frequency) == ("HP:0100530", "HP:0001083", "1/1")  # more specific
    seizure_myopia = next(c for c in result.candidates if c.id == "OMIM:300000")
    assert [(a.finding, a.frequency) for a in seizure_myopia.against] == [("HP:0000545", "HP:0040280")]
    assert [c.rank for c in result.candidates] == list(range(1, len(result.candidates) + 1))
    data = result.to_dict()
    assert json.loads(json.dumps(data))["candidates"][0]["matches"][0]["finding"] == "HP:0001166"
    assert {"observed", "excluded", "unresolved", "candidates", "scorer", "diseases_ranked", "releases"} <= set(data)


def test_no_usable_finding_is_an_error_that_names_what_was_wrong(diagnoser: Diagnoser) -> None:
    with pytest.raises(NoFindingsError, match="HP:0000000: not a term"):
        diagnoser.diagnose(["HP:0000000"])
    with pytest.raises(NoFindingsError, match="no observed finding"):
        diagnoser.diagnose([], ["Myopia"])


# -- phenopackets ----------------------------------------------------------------------------------------------


def phenopacket(case_id: str, observed: list[str], excluded: list[str], disease: str) -> dict[str, object]:
    features = [{"type": {"id": t, "label": ""}} for t in observed]
    features += [{"type": {"id": t, "label": ""}, "excluded": True} for t in excluded]
    return {"id": case_id, "phenotypicFeatures": features,
            "interpretations": [{"id": "i", "diagnosis": {"disease": {"id": disease, "label": "x"}}}],
            "diseases": [{"term": {"id": disease, "label": "x"}}]}


def test_a_phenopacket_gives_observed_and_excluded_terms_and_the_diagnosis() -> None:
    case = parse_phenopacket(json.dumps(phenopacket("c1", ["HP:0001166"], ["HP:0000545"], "OMIM:154700")), "c1.json")
    assert (case.id, case.observed, case.excluded, case.diagnoses) == (
        "c1", ("HP:0001166",), ("HP:0000545",), ("OMIM:154700",))


@pytest.mark.parametrize(("text", "reason"), [
    ("{not json", "bad.json: not valid JSON"),
    ("[1, 2]", "bad.json: not a phenopacket"),
    ('{"id": "x", "phenotypicFeatures": []}', "bad.json: no phenotypicFeatures"),
    ('{"id": "x", "phenotypicFeatures": [{"type": {"label": "no id"}}]}', "bad.json: no phenotypicFeatures with"),
])
def test_a_bad_phenopacket_is_reported_as_path_and_reason(text: str, reason: str) -> None:
    with pytest.raises(InputFileError, match=reason):
        parse_phenopacket(text, "bad.json")


def write_cases(directory: Path) -> Path:
    directory.mkdir(parents=True)
    cases = [phenopacket("marfan", ["HP:0001166", "HP:0001083"], [], "OMIM:154700"),
             phenopacket("myopia", ["HP:0000545"], [], "OMIM:200000"),
             phenopacket("unknown", ["HP:0001250"], [], "OMIM:999999")]
    for case in cases:
        (directory / f"{case['id']}.json").write_text(json.dumps(case), encoding="utf-8")
    (directory / "broken.json").write_text("{", encoding="utf-8")
    return directory


def test_a_collection_is_read_from_a_directory_or_a_zip_with_bad_files_reported(tmp_path: Path) -> None:
    directory = write_cases(tmp_path / "cases")
    archive = tmp_path / "cases.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in sorted(directory.iterdir()):
            z.write(file, f"cohort/{file.name}")
    for source in (directory, archive):
        read = list(iter_phenopackets(source))
        assert sorted(c.id for c in read if not isinstance(c, InputFileError)) == ["marfan", "myopia", "unknown"]
        bad = [str(c) for c in read if isinstance(c, InputFileError)]
        assert len(bad) == 1 and "broken.json: not valid JSON" in bad[0]


# -- eval -------------------------------------------------------------------------------------------------------


def test_ties_are_scored_by_their_expected_rank() -> None:
    import numpy as np

    rank = rank_of(np.array([2.0, 1.0, 1.0, 1.0]), [2])
    assert (rank.best, rank.worst) == (2, 4)
    assert rank.top(1) == 0.0 and rank.top(3) == pytest.approx(2 / 3) and rank.top(10) == 1.0
    assert rank.reciprocal() == pytest.approx((1 / 2 + 1 / 3 + 1 / 4) / 3)
    assert CaseRank(None, None).top(10) == 0.0


def test_eval_scores_cases_with_the_baseline_and_counts_missing_diagnoses(diagnoser: Diagnoser,
                                                                         tmp_path: Path) -> None:
    cases = list(iter_phenopackets(write_cases(tmp_path / "cases")))
    log = tmp_path / "ddx.jsonl"
    with log.open("w") as out:
        report = evaluate_ddx(diagnoser, cases, log=out)
    data = report.to_dict()
    assert {"n", "top1", "top3", "top10", "mrr", "missing_gold", "baseline"} <= set(data)
    assert set(data["baseline"]) >= {"n", "top1", "top3", "top10", "mrr", "missing_gold"}
    assert (data["n"], data["missing_gold"], data["skipped"]) == (3, 1, 1)
    # Marfan first for both; myopia is obligate in two diseases (a tie of two for kgrag) and annotated in three
    # (a tie of three for Phenomizer, which ignores frequencies); the third case's diagnosis is not in the graph.
    assert data["top1"] == pytest.approx((1 + 1 / 2) / 3, abs=1e-4)  # reported to 4 decimals
    assert data["baseline"]["top1"] == pytest.approx((1 + 1 / 3) / 3, abs=1e-4)
    assert data["covered"]["n"] == 2 and data["covered"]["top1"] == pytest.approx(0.75)
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["case"] for r in rows] == ["marfan", "myopia", "unknown"]
    assert rows[2]["gold_in_graph"] is False and rows[2]["rank"] is None
    assert evaluate_ddx(diagnoser, cases, limit=1).score.n == 1


# -- API and CLI ------------------------------------------------------------------------------------------------


@pytest.fixture
def loaded(data_dir: Path, tmp_path: Path) -> Path:
    seed_graph(lambda store: load_hpo(store, write_release(tmp_path / "release")))
    return data_dir


def test_the_api_ranks_findings_and_phenopackets(loaded: Path, tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(phenopacket("c", ["HP:0001166"], ["HP:0000545"], "OMIM:154700")))
    with KGRAG(load_settings()) as kg:
        result = kg.diagnose(["Ectopia lentis"], phenopacket=str(case), limit=3)
        assert result.candidates[0].id == "OMIM:154700"
        assert [f.id for f in result.observed] == ["HP:0001083", "HP:0001166"]
        assert [f.id for f in result.excluded] == ["HP:0000545"]
        assert result.releases and result.releases[0].source == "HPO"
        assert len(result.candidates) <= 3


def test_kgrag_ddx_prints_the_differential_and_its_json(loaded: Path, cli: Cli) -> None:
    shown = cli("ddx", "spider fingers", "HP:0001083", "--exclude", "myopia", "--limit", "3")
    assert shown.code == 0, shown.err
    assert "OMIM:154700" in shown.out and "excluded: Myopia (HP:0000545)" in shown.out
    as_json = cli("ddx", "HP:0001166", "--json")
    data = json.loads(as_json.out)
    assert data["candidates"][0]["id"] == "OMIM:154700"
    missing = cli("ddx")
    assert missing.code == 1 and "give findings" in missing.err
    unknown = cli("ddx", "HP:0000000")
    assert unknown.code == 1 and "not a term of the loaded HPO release" in unknown.err


def test_kgrag_eval_ddx_reports_both_scorers(loaded: Path, cli: Cli, tmp_path: Path) -> None:
    cases = write_cases(tmp_path / "cases")
    result = cli("eval", "ddx", "--phenopackets", str(cases), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert (data["n"], data["missing_gold"], data["skipped"]) == (3, 1, 1)
    assert data["baseline"]["scorer"] == "phenomizer"
    table = cli("eval", "ddx", "--phenopackets", str(cases))
    assert "phenomizer" in table.out and "skipped 1 files" in table.out
    assert cli("eval", "ddx", "--phenopackets", str(tmp_path / "nowhere")).code == 1
