"""DrugBank XML and open vocabulary loading on small files written in the real formats."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import pytest

from graph_schema import NodeKind
from ingest.drugbank import detect_format, load_drugbank
from kgrag.errors import InputFileError
from kgrag.graph import SQLiteGraphStore
from kgrag.records import Concept

from .support.kill_at import KilledThenResumed
from .support.paths import FIXTURES

XML = FIXTURES / "drugbank" / "drugbank_mini.xml"
VOCABULARY = FIXTURES / "drugbank" / "drugbank_vocabulary_mini.csv"


def test_detects_the_format_from_the_content(tmp_path: Path) -> None:
    assert detect_format(XML) == "xml" and detect_format(VOCABULARY) == "vocabulary"
    other = tmp_path / "notes.txt"
    other.write_text("hello\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a DrugBank file"):
        detect_format(other)


def test_xml_drugs_identities_interactions_and_targets(sqlite_store: SQLiteGraphStore) -> None:
    report = load_drugbank(sqlite_store, XML)
    assert report.version == "5.1 2099-01-02"
    (file,) = report.files
    assert (file.rows, file.skipped_rows) == (3, {"target without HGNC gene": 1})
    aspirin = sqlite_store.get("DRUGBANK:DB00945")
    assert aspirin is not None and aspirin.kind == NodeKind.DRUG
    assert aspirin.synonyms == ("Aspirin", "ASA", "Aspro")  # synonyms and international brands
    assert aspirin.semantic_types == ("small molecule", "approved", "vet_approved",
                                      "Anti-Inflammatory Agents, Non-Steroidal")
    assert aspirin.definition.endswith("Indication: For use in the temporary relief of various forms of pain, "
                                       "inflammation and fever.")
    assert sqlite_store.equivalents("DRUGBANK:DB00945") == {
        "DRUGBANK:DB00945", "CAS:50-78-2", "UNII:R16CO5Y76E", "ATC:N02BA01", "CHEBI:15365", "RXNORM:1191"}
    assert sqlite_store.get("DRUGBANK:DBSALT000001") is None  # salts are not drugs
    (interaction,) = sqlite_store.relations_between("DRUGBANK:DB00945", "DRUGBANK:DB00682")
    assert interaction.predicate == "interacts_with" and len(interaction.evidence["descriptions"]) == 2
    assert sqlite_store.stats().by_predicate["interacts_with"] == 2  # one edge per pair
    (target,) = sqlite_store.relations_between("DRUGBANK:DB00945", "HGNC:9604")
    assert target.predicate == "targets" and target.evidence["actions"] == ("inhibitor", "acetylation")
    gene = sqlite_store.get("HGNC:9604")
    assert gene is not None and (gene.name, gene.kind) == ("PTGS1", NodeKind.GENE)


def test_target_genes_join_genes_from_other_sources_by_symbol(sqlite_store: SQLiteGraphStore) -> None:
    sqlite_store.upsert_concepts([Concept("NCBIGene:5742", "PTGS1", NodeKind.GENE, sources=("HPO",))])
    load_drugbank(sqlite_store, XML)
    assert "NCBIGene:5742" in sqlite_store.equivalents("HGNC:9604")
    assert ("DRUGBANK:DB00945", "targets", "HGNC:9604") in {
        (r.subject, r.predicate, r.object) for r in sqlite_store.neighbors(["NCBIGene:5742"]).relations}


def test_vocabulary_csv(sqlite_store: SQLiteGraphStore) -> None:
    report = load_drugbank(sqlite_store, VOCABULARY, release="5.1.13")
    assert report.version == "5.1.13" and report.files[0].rows == 3
    lepirudin = sqlite_store.get("DRUGBANK:DB00001")
    assert lepirudin is not None and "Desulfatohirudin" in lepirudin.synonyms and "Lepirudin" not in lepirudin.synonyms
    assert sqlite_store.equivalents("DRUGBANK:DB00682") == {
        "DRUGBANK:DB00682", "CAS:81-81-2", "UNII:5Q7ZVV76EI", "INCHIKEY:PJVWKTKQMONHTI-UHFFFAOYSA-N"}


def test_xml_then_vocabulary_merge_and_reruns_change_no_counts(sqlite_store: SQLiteGraphStore) -> None:
    load_drugbank(sqlite_store, XML)
    load_drugbank(sqlite_store, VOCABULARY)
    first = sqlite_store.stats()
    load_drugbank(sqlite_store, XML)
    load_drugbank(sqlite_store, VOCABULARY)
    second = sqlite_store.stats()
    assert (first.nodes, first.edges) == (second.nodes, second.edges) == (6, 17)
    aspirin = sqlite_store.get("DRUGBANK:DB00945")
    assert aspirin is not None and "2-Acetoxybenzenecarboxylic acid" in aspirin.synonyms
    assert aspirin.definition.startswith("The prototypical analgesic")  # the CSV has none: kept


def test_compressed_inputs(sqlite_store: SQLiteGraphStore, tmp_path: Path) -> None:
    gz = tmp_path / "full database.xml.gz"
    gz.write_bytes(gzip.compress(XML.read_bytes()))
    assert load_drugbank(sqlite_store, gz).files[0].rows == 3
    archive = tmp_path / "drugbank_all_full_database.xml.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(XML, "full database.xml")
    assert load_drugbank(sqlite_store, archive).files[0].rows == 3
    vocabulary_zip = tmp_path / "drugbank all drugbank vocabulary.csv.zip"  # how DrugBank ships it
    with zipfile.ZipFile(vocabulary_zip, "w") as zf:
        zf.write(VOCABULARY, "drugbank vocabulary.csv")
    assert load_drugbank(sqlite_store, vocabulary_zip).files[0].rows == 3


def test_truncated_xml_is_reported_with_the_parser_line(sqlite_store: SQLiteGraphStore, tmp_path: Path) -> None:
    truncated = tmp_path / "full database.xml"
    lines = XML.read_text(encoding="utf-8").splitlines(keepends=True)
    truncated.write_text("".join(lines[:150]), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"full database\.xml:151: malformed XML at column 1: no element found"):
        load_drugbank(sqlite_store, truncated, batch_size=100_000)
    assert sqlite_store.stats().nodes == 0  # nothing from the failing batch


def test_bad_drug_and_bad_vocabulary_rows(sqlite_store: SQLiteGraphStore, tmp_path: Path) -> None:
    xml = tmp_path / "db.xml"
    xml.write_text(XML.read_text(encoding="utf-8").replace(
        '<drugbank-id primary="true">DB00682</drugbank-id>', '<drugbank-id primary="true">BAD</drugbank-id>'),
        encoding="utf-8")
    with pytest.raises(InputFileError, match="drug #2: expected a primary drugbank-id"):
        load_drugbank(sqlite_store, xml)
    assert load_drugbank(sqlite_store, xml, skip_bad_rows=1).files[0].concepts == 4
    csv_file = tmp_path / "vocabulary.csv"
    shutil.copy(VOCABULARY, csv_file)
    with csv_file.open("a", encoding="utf-8") as handle:
        handle.write("DB09999,only,three\n")
    with pytest.raises(InputFileError, match=r"vocabulary\.csv:5: expected 7 comma-separated columns, found 3"):
        load_drugbank(sqlite_store, csv_file)
    with pytest.raises(InputFileError, match="no such file or directory"):
        load_drugbank(sqlite_store, tmp_path / "missing.xml")


def test_unknown_encoding_and_bad_bytes_are_input_errors(sqlite_store: SQLiteGraphStore, tmp_path: Path) -> None:
    klingon = tmp_path / "klingon.xml"
    klingon.write_text(XML.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="X-KLINGON"'),
                       encoding="utf-8")
    with pytest.raises(InputFileError, match=r"klingon\.xml:1: cannot decode: unknown encoding: X-KLINGON"):
        load_drugbank(sqlite_store, klingon)
    bad_byte = tmp_path / "bad.xml"
    bad_byte.write_bytes(XML.read_bytes().replace(b"Lepirudin is a recombinant", b"Lepirudin \xff is a recombinant"))
    with pytest.raises(InputFileError, match=r"bad\.xml:157: malformed XML at column 26: not well-formed \(invalid "
                                             r"token\)$"):
        load_drugbank(sqlite_store, bad_byte)


@pytest.mark.parametrize("source", [XML, VOCABULARY])
def test_interrupted_loads_resume_and_finished_ones_are_skipped(
    source: Path, tmp_path: Path, killed_then_resumed: KilledThenResumed
) -> None:
    clean = SQLiteGraphStore(tmp_path / "clean.sqlite")
    load_drugbank(clean, source)
    expected = (sorted(c.id for c in clean.iter_concepts()), sorted(r.key for r in clean.iter_relations()))

    store = SQLiteGraphStore(tmp_path / "crashed.sqlite")
    manifest = tmp_path / "manifests" / "drugbank.json"
    resumed = killed_then_resumed(lambda: load_drugbank(store, source, manifest_path=manifest, batch_size=1), 2)
    assert "resumed after" in resumed.files[0].note
    assert (sorted(c.id for c in store.iter_concepts()), sorted(r.key for r in store.iter_relations())) == expected
    again = load_drugbank(store, source, manifest_path=manifest)
    assert "already loaded" in again.note and again.files == []
    assert load_drugbank(store, source, manifest_path=manifest, force=True).files[0].rows == 3
