"""HPO parsing and loading on the tiny release in tests/fixtures/hpo_mini (and corrupted copies)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_schema import NodeKind
from ingest.common import BadRowPolicy, LineReader
from ingest.hpo import load_hpo, resolve_hpo_files
from ingest.obo import OboParser, parse_quoted
from kgrag.errors import InputFileError, TooManyBadRowsError
from kgrag.graph import SQLiteGraphStore


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# -- parsers -------------------------------------------------------------------------------------


def test_obo_parser_reads_terms_and_header(hpo_release: Path) -> None:
    parser = OboParser(hpo_release / "hp.obo")
    terms = {t.id: t for t in parser}
    assert parser.header.data_version == "hp/releases/2099-01-01"
    assert len(terms) == 12  # the [Typedef] stanza is not a term
    seizure = terms["HP:0001250"]
    assert seizure.definition.startswith('A "seizure" is')
    assert [(s.text, s.scope, s.type) for s in seizure.synonyms][:2] == [
        ("Epileptic seizure", "EXACT", ""), ("Seizures", "EXACT", "plural_form")]
    assert seizure.is_a == ["HP:0000707"] and seizure.alt_ids == ["HP:0002279"]
    assert seizure.xrefs == ["UMLS:C0036572", "MSH:D012640", "Fyler:4017"]
    assert terms["HP:0001083"].is_a == ["HP:0000118"]  # trailing {modifiers} and ! comment dropped
    assert terms["HP:0000284"].obsolete and terms["HP:0000284"].replaced_by == ["HP:0001250"]


def test_parse_quoted_handles_escapes_and_rejects_unterminated() -> None:
    assert parse_quoted(r'"say \"hi\"" EXACT []') == ('say "hi"', "EXACT []")
    with pytest.raises(ValueError, match="unterminated"):
        parse_quoted('"never closed')


def test_line_reader_reports_invalid_utf8_with_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"fine\nalso fine\nbroken \xff byte\n")
    with pytest.raises(InputFileError) as info:
        list(LineReader(path))
    assert str(info.value) == f"{path}:3: invalid UTF-8 byte 0xff at column 8"


def test_line_reader_reads_gzip_and_checksums_content(tmp_path: Path) -> None:
    import gzip
    import hashlib

    path = tmp_path / "x.txt.gz"
    path.write_bytes(gzip.compress(b"a\nb\n"))
    reader = LineReader(path)
    assert list(reader) == [(1, "a"), (2, "b")]
    assert reader.checksum == "sha256:" + hashlib.sha256(b"a\nb\n").hexdigest()


@pytest.mark.parametrize("text, reason", [
    ("[Term\nid: HP:0009999\nname: Broken\n", "malformed stanza header"),
    ("[Term]\nid: HP:0009999\nthis line has no tag\n", "expected 'tag: value'"),
    ("[Term]\nid: HP:0009999\nname: Broken\ndef: \"never closed [PMID:1]\n", "def: unterminated quoted string"),
    ("[Term]\nname: No id here\n", "[Term] stanza without an id"),
    ("[Term]\nid: HP:0009999\n", "[Term] HP:0009999 has no name"),
])
def test_obo_parser_reports_malformed_stanzas(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "hp.obo"
    path.write_text("format-version: 1.2\n\n" + text, encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        list(OboParser(path))
    assert str(info.value).startswith(f"{path}:")
    assert reason in str(info.value)


def test_obo_parser_skips_bad_stanza_within_budget(tmp_path: Path) -> None:
    path = tmp_path / "hp.obo"
    path.write_text("[Term]\nid: HP:0000001\nname: All\n\n[Term]\nid: HP:0009999\njunk\n\n"
                    "[Term]\nid: HP:0000002\nname: Two\n", encoding="utf-8")
    policy = BadRowPolicy(limit=1)
    assert [t.id for t in OboParser(path, policy)] == ["HP:0000001", "HP:0000002"]
    assert [e.line for e in policy.skipped] == [7]


# -- loading -------------------------------------------------------------------------------------


def test_load_builds_the_expected_graph(hpo_release: Path, sqlite_store: SQLiteGraphStore) -> None:
    report = load_hpo(sqlite_store, hpo_release)
    assert report.version == "2099-01-01" and report.skipped == []
    assert [(f.file, f.rows) for f in report.files] == [
        ("hp.obo", 12), ("phenotype.hpoa", 8), ("genes_to_phenotype.txt", 4)]
    stats = sqlite_store.stats()
    assert stats.by_kind == {"Disease": 3, "Gene": 2, "Phenotype": 12}
    assert stats.by_predicate == {
        "associated_with": 3, "has_mode_of_inheritance": 1, "has_phenotype": 9, "is_a": 10,
        "replaced_by": 1, "same_as": 8,
    }
    seizure = sqlite_store.get("HP:0001250")
    assert seizure is not None and seizure.kind == NodeKind.PHENOTYPE
    # BROAD and obsolete synonyms are not names of the concept
    assert seizure.synonyms == ("Epileptic seizure", "Seizures")
    assert sqlite_store.equivalents("HP:0001250") == {"HP:0001250", "HP:0002279", "UMLS:C0036572", "MESH:D012640"}
    assert sqlite_store.equivalents("HP:0001166") == {"HP:0001166", "UMLS:C0003706", "SNOMEDCT:62250003"}
    assert sqlite_store.get("HP:0000284").obsolete  # type: ignore[union-attr]


def test_load_keeps_annotation_details(hpo_release: Path, sqlite_store: SQLiteGraphStore) -> None:
    load_hpo(sqlite_store, hpo_release)
    (marfan,) = sqlite_store.relations_between("OMIM:154700", "HP:0001166")
    assert marfan.predicate == "has_phenotype" and marfan.source_release == "2099-01-01"
    assert marfan.evidence["references"] == ("OMIM:154700", "PMID:123", "PMID:456")  # two rows merged
    assert marfan.evidence["frequency"] == "HP:0040281" and marfan.source_relation == "phenotype.hpoa:P"
    (negative,) = sqlite_store.relations_between("OMIM:100000", "HP:0001166")
    assert negative.negated
    (inheritance,) = sqlite_store.relations_between("OMIM:154700", "HP:0000006")
    assert inheritance.predicate == "has_mode_of_inheritance"
    (seizure,) = sqlite_store.relations_between("OMIM:100000", "HP:0001250")
    assert seizure.evidence["onset"] == "HP:0003577" and seizure.evidence["modifiers"] == ("HP:0025303",)
    gene_edges = {(r.predicate, r.other("NCBIGene:2200")) for r in sqlite_store.neighbors(["NCBIGene:2200"]).relations}
    assert gene_edges == {("has_phenotype", "HP:0001166"), ("has_phenotype", "HP:0000098"),
                          ("associated_with", "OMIM:154700"), ("associated_with", "ORPHA:558")}
    (fbn1_arachno,) = sqlite_store.relations_between("NCBIGene:2200", "HP:0001166")
    assert fbn1_arachno.evidence["diseases"] == ("OMIM:154700", "ORPHA:558")


def test_second_load_changes_no_counts(hpo_release: Path, sqlite_store: SQLiteGraphStore) -> None:
    load_hpo(sqlite_store, hpo_release)
    first = sqlite_store.stats()
    load_hpo(sqlite_store, hpo_release, batch_size=3)
    second = sqlite_store.stats()
    assert (first.nodes, first.edges, first.by_predicate) == (second.nodes, second.edges, second.by_predicate)
    assert len(second.releases) == 3
    assert [r.checksum for r in first.releases] == [r.checksum for r in second.releases]


def test_release_records_checksum_and_counts(hpo_release: Path, sqlite_store: SQLiteGraphStore) -> None:
    import hashlib

    load_hpo(sqlite_store, hpo_release)
    obo = next(r for r in sqlite_store.releases() if r.file == "hp.obo")
    assert obo.checksum == "sha256:" + hashlib.sha256((hpo_release / "hp.obo").read_bytes()).hexdigest()
    assert obo.source == "HPO" and obo.version == "2099-01-01" and obo.counts["rows"] == 12


def test_wrong_column_count_stops_the_load_and_commits_nothing_of_the_batch(
    hpo_release: Path, sqlite_store: SQLiteGraphStore
) -> None:
    hpoa = hpo_release / "phenotype.hpoa"
    _append(hpoa, "OMIM:200000\tToo few columns\t\tHP:0001250\n")
    with pytest.raises(InputFileError) as info:
        load_hpo(sqlite_store, hpo_release, batch_size=10_000)
    assert str(info.value) == f"{hpoa}:12: expected 12 tab-separated columns, found 4"
    stats = sqlite_store.stats()
    assert stats.by_kind.get("Disease", 0) == 0 and "has_phenotype" not in stats.by_predicate
    assert [r.file for r in stats.releases] == ["hp.obo"]  # only the file that finished is recorded


@pytest.mark.parametrize("row, reason", [
    ("OMIM:1\tBad id\t\tHP:0001250\tPMID:1\tPCS\t\t\t\t\tP\tx\n", "database_id: malformed OMIM id"),
    ("OMIM:200000\tBad term\t\tHP:12\tPMID:1\tPCS\t\t\t\t\tP\tx\n", "hpo_id: malformed HP id"),
    ("OMIM:200000\tBad aspect\t\tHP:0001250\tPMID:1\tPCS\t\t\t\t\tZ\tx\n", "aspect: expected one of"),
    ("OMIM:200000\tBad qualifier\tMAYBE\tHP:0001250\tPMID:1\tPCS\t\t\t\t\tP\tx\n", "qualifier: expected"),
])
def test_invalid_hpoa_values_name_the_line(hpo_release: Path, sqlite_store: SQLiteGraphStore,
                                           row: str, reason: str) -> None:
    hpoa = hpo_release / "phenotype.hpoa"
    _append(hpoa, row)
    with pytest.raises(InputFileError) as info:
        load_hpo(sqlite_store, hpo_release)
    assert str(info.value).startswith(f"{hpoa}:12: {reason}")


def test_skip_bad_rows_tolerates_up_to_n_and_lists_them(hpo_release: Path, sqlite_store: SQLiteGraphStore) -> None:
    genes = hpo_release / "genes_to_phenotype.txt"
    _append(genes, "7\tGENE7\n")
    _append(hpo_release / "phenotype.hpoa", "broken row\n")
    report = load_hpo(sqlite_store, hpo_release, skip_bad_rows=2)
    skipped = [(Path(e.path).name, e.line) for e in report.skipped]
    assert skipped == [("phenotype.hpoa", 12), ("genes_to_phenotype.txt", 6)]
    assert sqlite_store.stats().by_kind == {"Disease": 3, "Gene": 2, "Phenotype": 12}
    with pytest.raises(TooManyBadRowsError, match="more than 1 bad rows"):
        load_hpo(sqlite_store, hpo_release, skip_bad_rows=1)


def test_non_utf8_annotation_is_reported_with_line(hpo_release: Path, sqlite_store: SQLiteGraphStore) -> None:
    hpoa = hpo_release / "phenotype.hpoa"
    hpoa.write_bytes(hpoa.read_bytes() + "OMIM:200000\tCaf\xe9\t\tHP:0001250\n".encode("latin-1"))
    with pytest.raises(InputFileError, match=r"phenotype\.hpoa:12: invalid UTF-8 byte 0xe9"):
        load_hpo(sqlite_store, hpo_release)


def test_missing_inputs_are_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file or directory"):
        resolve_hpo_files(tmp_path / "nowhere")
    with pytest.raises(InputFileError, match="expected an HPO release directory containing hp.obo"):
        resolve_hpo_files(tmp_path)
    (tmp_path / "phenotype.hpoa").write_text("x", encoding="utf-8")
    with pytest.raises(InputFileError, match="expected hp.obo or the HPO release directory"):
        resolve_hpo_files(tmp_path / "phenotype.hpoa")


def test_annotation_files_are_optional(hpo_release: Path, sqlite_store: SQLiteGraphStore) -> None:
    (hpo_release / "genes_to_phenotype.txt").unlink()
    report = load_hpo(sqlite_store, hpo_release / "hp.obo")
    assert [(f.file, f.loaded) for f in report.files] == [
        ("hp.obo", True), ("phenotype.hpoa", True), ("genes_to_phenotype.txt", False)]
    assert "skipped" in report.files[2].note
