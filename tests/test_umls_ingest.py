"""UMLS RRF loading on the tiny release in tests/fixtures/umls_mini (real column layouts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_schema import NodeKind
from ingest.hpo import load_hpo
from ingest.umls import UmlsOptions, find_release, load_umls
from kgrag.errors import InputFileError
from kgrag.graph import SQLiteGraphStore

from .support.kill_at import KilledThenResumed
from .support.paths import FIXTURES


@pytest.fixture
def release(tmp_path: Path) -> Path:
    target = tmp_path / "2099AA" / "META"
    shutil.copytree(FIXTURES / "umls_mini" / "2099AA" / "META", target)
    return target


def edges(store: SQLiteGraphStore) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in store.iter_relations() if r.predicate != "same_as"}


def test_concepts_names_kinds_and_definitions(release: Path, sqlite_store: SQLiteGraphStore) -> None:
    report = load_umls(sqlite_store, release.parent)  # the folder above META works too
    assert report.version == "2099AA" and report.skipped == []
    aspirin = sqlite_store.get("UMLS:C0004057")
    assert aspirin is not None
    assert aspirin.name == "Aspirin" and aspirin.kind == NodeKind.DRUG  # TS=P, STT=PF, ISPREF=Y; T121 wins
    # case-folded duplicates ("aspirin", "ASPIRIN", "Acetylsalicylic acid"), FRE and SUPPRESS=O left out
    assert aspirin.synonyms == ("Acetylsalicylic Acid",)
    assert aspirin.semantic_types == ("Organic Chemical", "Pharmacologic Substance")
    assert aspirin.definition.startswith("The prototypical analgesic")  # MSH ranks above CSP
    assert sqlite_store.get("UMLS:C0018681").definition == ""  # type: ignore[union-attr]  # suppressed def
    assert sqlite_store.get("UMLS:C0015967").kind == NodeKind.PHENOTYPE  # type: ignore[union-attr]
    assert sqlite_store.get("UMLS:C0014544").kind == NodeKind.DISEASE  # type: ignore[union-attr]
    assert sqlite_store.get("UMLS:C9999999") is None  # only German names: not loaded by MRSTY either
    assert sqlite_store.stats().by_kind == {"Disease": 5, "Drug": 1, "Phenotype": 3}


def test_source_codes_become_same_as_links(release: Path, sqlite_store: SQLiteGraphStore) -> None:
    load_umls(sqlite_store, release)
    assert sqlite_store.equivalents("UMLS:C0004057") == {
        "UMLS:C0004057", "MESH:D001241", "RXNORM:1191", "UNII:R16CO5Y76E", "DRUGBANK:DB00945"}
    assert "HP:0001250" in sqlite_store.equivalents("UMLS:C0036572")
    # an OMIM allelic-variant code is not an identity
    assert sqlite_store.equivalents("UMLS:C0014544") == {"UMLS:C0014544", "MESH:D004827"}


def test_relations_follow_the_mapping_table_and_direction(release: Path, sqlite_store: SQLiteGraphStore) -> None:
    report = load_umls(sqlite_store, release)
    assert edges(sqlite_store) == {
        ("UMLS:C0004057", "treats", "UMLS:C0018681"),
        ("UMLS:C0004057", "contraindicated_for", "UMLS:C0019080"),
        ("UMLS:C0014544", "is_a", "UMLS:C0012634"),
        ("UMLS:C0011849", "associated_with", "UMLS:C0020538"),
    }
    (treats,) = sqlite_store.relations_between("UMLS:C0004057", "UMLS:C0018681")
    assert treats.evidence["rela"] == ("RO/may_treat", "RO/may_be_treated_by")
    (is_a,) = sqlite_store.relations_between("UMLS:C0014544", "UMLS:C0012634")
    assert is_a.evidence["sab"] == ("MSH", "SNOMEDCT_US") and is_a.source_release == "2099AA"
    rel_report = next(f for f in report.files if f.file == "MRREL.RRF")
    assert rel_report.skipped_rows == {"suppressed": 1, "unmapped SIB": 1, "within one concept": 1,
                                       "unmapped RB": 1, "unmapped RO/has_alias": 1, "concept not loaded": 1}


def test_releases_record_files_and_current_source_versions(release: Path, sqlite_store: SQLiteGraphStore) -> None:
    load_umls(sqlite_store, release)
    releases = {(r.source, r.version, r.file) for r in sqlite_store.releases()}
    assert ("UMLS/MSH", "2099", "MRSAB.RRF") in releases and ("UMLS/HPO", "2099_01_01", "MRSAB.RRF") in releases
    assert ("UMLS/MSH", "2098", "MRSAB.RRF") not in releases  # not the current version
    assert {("UMLS", "2099AA", f) for f in ("MRCONSO.RRF", "MRSTY.RRF", "MRDEF.RRF", "MRREL.RRF")} <= releases


def test_reruns_change_no_counts_and_finished_loads_are_skipped(
    release: Path, sqlite_store: SQLiteGraphStore, tmp_path: Path
) -> None:
    manifest = tmp_path / "manifests" / "umls.json"
    load_umls(sqlite_store, release, manifest_path=manifest)
    first = sqlite_store.stats()
    skipped = load_umls(sqlite_store, release, manifest_path=manifest)
    assert "already loaded" in skipped.note and skipped.files == []
    load_umls(sqlite_store, release, manifest_path=manifest, force=True, batch_size=2)
    again = sqlite_store.stats()
    assert (again.nodes, again.edges, again.by_predicate) == (first.nodes, first.edges, first.by_predicate)


def test_an_interrupted_load_resumes_after_its_last_batch(
    release: Path, tmp_path: Path, killed_then_resumed: KilledThenResumed
) -> None:
    clean = SQLiteGraphStore(tmp_path / "clean.sqlite")
    load_umls(clean, release)
    expected = {(c.id, c.name, c.kind, c.synonyms, c.definition) for c in clean.iter_concepts()}, edges(clean)

    store = SQLiteGraphStore(tmp_path / "crashed.sqlite")
    manifest = tmp_path / "manifests" / "umls.json"
    resumed = killed_then_resumed(lambda: load_umls(store, release, manifest_path=manifest, batch_size=3), 5)
    conso = next(f for f in resumed.files if f.file == "MRCONSO.RRF")
    assert conso.note.startswith("resumed after line")
    assert ({(c.id, c.name, c.kind, c.synonyms, c.definition) for c in store.iter_concepts()}, edges(store)) == expected


def test_resume_after_mrconso_finished_keeps_the_loaded_cuis(
    release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_store: SQLiteGraphStore
) -> None:
    manifest = tmp_path / "manifests" / "umls.json"
    monkeypatch.setattr("ingest.umls._UmlsLoad.rel", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        load_umls(sqlite_store, release, manifest_path=manifest)
    monkeypatch.undo()
    report = load_umls(sqlite_store, release, manifest_path=manifest)
    assert [f.file for f in report.files if f.loaded] == ["MRSAB.RRF", "MRREL.RRF"]
    assert len(edges(sqlite_store)) == 4  # MRREL saw every CUI MRCONSO loaded in the first run


def test_sab_language_and_limit_options(release: Path, sqlite_store: SQLiteGraphStore, tmp_path: Path) -> None:
    load_umls(sqlite_store, release, options=UmlsOptions(include_sabs=frozenset({"HPO"})))
    assert {c.id for c in sqlite_store.iter_concepts()} == {"UMLS:C0015967", "UMLS:C0018681", "UMLS:C0036572"}
    assert sqlite_store.get("UMLS:C0018681").name == "Headache"  # type: ignore[union-attr]
    other = SQLiteGraphStore(tmp_path / "ger.sqlite")
    load_umls(other, release, options=UmlsOptions(languages=frozenset({"GER"})))
    assert [c.id for c in other.iter_concepts()] == ["UMLS:C9999999"]
    limited = SQLiteGraphStore(tmp_path / "limited.sqlite")
    load_umls(limited, release, options=UmlsOptions(limit=5))
    assert [c.id for c in limited.iter_concepts()] == ["UMLS:C0004057"]


def test_layout_comes_from_mrfiles(release: Path, sqlite_store: SQLiteGraphStore) -> None:
    # A release whose MRCONSO has one more column loads when MRFILES.RRF says so...
    conso = release / "MRCONSO.RRF"
    conso.write_text("".join(line + "extra|\n" for line in conso.read_text(encoding="utf-8").splitlines()),
                     encoding="utf-8")
    files = release / "MRFILES.RRF"
    files.write_text(files.read_text(encoding="utf-8").replace("SUPPRESS,CVF|18|", "SUPPRESS,CVF,EXTRA|19|"),
                     encoding="utf-8")
    load_umls(sqlite_store, release)
    assert sqlite_store.get("UMLS:C0004057").name == "Aspirin"  # type: ignore[union-attr]
    # ...and fails with the line when it does not.
    files.unlink()
    with pytest.raises(InputFileError, match=r"MRCONSO\.RRF:1: expected 18 '\|'-separated fields \(default layout\), "
                                             r"found 19"):
        load_umls(sqlite_store, release)


@pytest.mark.parametrize("line, reason", [
    ("C0000001|ENG|P|L1|PF|S1|Y|A1||||MSH|MH|D1|Too few|\n", "expected 18 '|'-separated fields"),
    ("C0000001|ENG|P|L1|PF|S1|Y|A1||||MSH|MH|D1|No trailing pipe|0|N|\n".rstrip("|\n") + "|X\n",
     "row does not end with '|'"),
    ("X123|ENG|P|L1|PF|S1|Y|A1||||MSH|MH|D000001|Bad CUI|0|N||\n", "CUI: expected C and 7 digits"),
])
def test_bad_rows_stop_the_load_with_file_and_line(release: Path, sqlite_store: SQLiteGraphStore,
                                                   line: str, reason: str) -> None:
    conso = release / "MRCONSO.RRF"
    with conso.open("a", encoding="utf-8") as handle:
        handle.write(line)
    with pytest.raises(InputFileError) as info:
        load_umls(sqlite_store, release, batch_size=100_000)
    assert str(info.value).startswith(f"{conso}:23: {reason}")
    assert sqlite_store.stats().nodes == 0  # the failing batch held everything: nothing committed
    report = load_umls(sqlite_store, release, skip_bad_rows=1)
    assert [e.line for e in report.skipped] == [23] and sqlite_store.stats().nodes == 9


def test_a_directory_without_mrconso_says_what_it_expects(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="expected a UMLS release directory .* containing MRCONSO.RRF"):
        find_release(tmp_path)
    with pytest.raises(InputFileError, match="no such file or directory"):
        find_release(tmp_path / "missing")


def test_umls_and_hpo_meet_through_same_as(release: Path, sqlite_store: SQLiteGraphStore) -> None:
    load_hpo(sqlite_store, FIXTURES / "hpo_mini")
    load_umls(sqlite_store, release)
    assert {"UMLS:C0036572", "HP:0001250"} <= sqlite_store.equivalents("UMLS:C0036572")
    # HPO annotations are reachable from the UMLS concept, and UMLS facts from the HPO term
    via_umls = sqlite_store.neighbors(["UMLS:C0036572"]).relations
    assert ("OMIM:100000", "has_phenotype", "HP:0001250") in {(r.subject, r.predicate, r.object) for r in via_umls}
