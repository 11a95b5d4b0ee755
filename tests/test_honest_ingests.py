"""Ingests that never claim success on incomplete data: an empty source, a file cut short, an ontology whose
terms name parents it never defines, an over-long name, an unsafe archive member. Each refusal is one line that
names the file (and line) and what to do, exit code 1, and nothing of the refused file is written."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kgrag.config import load_settings
from kgrag.graph import SQLiteGraphStore

from .support.cli import CliResult
from .support.literature import MARFAN, medline
from .support.paths import FIXTURES

Cli = Callable[..., CliResult]


def _graph_is_empty() -> bool:
    """Nothing was written: no data dir, or a graph without concepts, edges or releases."""
    settings = load_settings()
    if not settings.graph_path.exists():
        return True
    store = SQLiteGraphStore(settings.graph_path)
    try:
        stats = store.stats()
        return stats.nodes == stats.edges == 0 and not stats.releases
    finally:
        store.close()


def _refused(result: CliResult, *fragments: str) -> None:
    assert result.code == 1, result.out + result.err
    assert len(result.err.strip().splitlines()) == 1, result.err  # one line ...
    for fragment in fragments:
        assert fragment in result.err, result.err  # ... naming what is wrong and what to do


@pytest.mark.parametrize("name", ["hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt"])
def test_an_empty_hpo_file_is_refused_before_anything_is_written(cli: Cli, hpo_release: Path, name: str) -> None:
    (hpo_release / name).write_bytes(b"")
    _refused(cli("ingest", "hpo", str(hpo_release), "--no-progress"), f"{name}:1: the file is empty",
             "--allow-empty")
    assert _graph_is_empty()


def test_allow_empty_loads_an_empty_annotation_file(cli: Cli, hpo_release: Path) -> None:
    (hpo_release / "genes_to_phenotype.txt").write_bytes(b"")
    result = cli("ingest", "hpo", str(hpo_release), "--allow-empty", "--json")
    assert result.code == 0, result.err
    files = {f["file"]: f for f in json.loads(result.out)["files"]}
    assert files["genes_to_phenotype.txt"]["rows"] == 0 and files["hp.obo"]["rows"] > 0


def test_an_annotation_file_with_only_comments_is_refused(cli: Cli, hpo_release: Path) -> None:
    (hpo_release / "phenotype.hpoa").write_text("#description: HPO annotations\n#version: 2099-01-01\n")
    _refused(cli("ingest", "hpo", str(hpo_release), "--no-progress"), "phenotype.hpoa:2: no annotation rows")


def test_an_obo_cut_mid_line_is_refused_at_its_last_line(cli: Cli, hpo_release: Path) -> None:
    obo = hpo_release / "hp.obo"
    text = obo.read_text()
    cut = text[:text.index("name: Phenotypic abnormality") + len("name: Phenot")]
    obo.write_text(cut)
    _refused(cli("ingest", "hpo", str(hpo_release), "--no-progress"),
             f"hp.obo:{cut.count(chr(10)) + 1}: the file ends in the middle of this line", "download it again")
    assert _graph_is_empty()


def test_an_obo_cut_between_stanzas_is_refused_for_its_undefined_parents(cli: Cli, hpo_release: Path) -> None:
    """A file cut exactly at a stanza boundary parses cleanly; its children then name parents it never defines.
    Nothing is written, even with batches small enough that a half-load would have committed some."""
    obo = hpo_release / "hp.obo"
    text = obo.read_text()
    first_half = text[:text.index("[Term]\nid: HP:0000005")]
    kept = text[text.index("[Term]\nid: HP:0000006"):]
    obo.write_text(first_half + kept)  # HP:0000005 is gone; HP:0000006 still says is_a HP:0000005
    line = (first_half + kept).splitlines().index("id: HP:0000006")
    _refused(cli("ingest", "hpo", str(hpo_release), "--batch-size", "2", "--no-progress"),
             f"hp.obo:{line}: [Term] HP:0000006 is_a HP:0000005, a term the file never defines",
             "truncated or inconsistent")
    assert _graph_is_empty()


def test_an_over_long_name_is_a_bad_row_at_its_line(cli: Cli, hpo_release: Path) -> None:
    obo = hpo_release / "hp.obo"
    text = obo.read_text().replace("name: Autosomal dominant inheritance", "name: " + "A" * 5000)
    obo.write_text(text)
    stanza = text.splitlines().index("id: HP:0000006")
    _refused(cli("ingest", "hpo", str(hpo_release), "--no-progress"),
             f"hp.obo:{stanza}: name has 5,000 characters; the longest accepted is 4,096")
    tolerated = cli("ingest", "hpo", str(hpo_release), "--skip-bad-rows", "1", "--json")
    assert tolerated.code == 0 and any("5,000 characters" in s for s in json.loads(tolerated.out)["skipped"])


def test_empty_and_cut_drugbank_files_are_refused(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "drugbank.xml"
    empty.write_bytes(b"")
    _refused(cli("ingest", "drugbank", str(empty), "--no-progress"), "drugbank.xml:1: the file is empty")
    vocabulary = tmp_path / "vocabulary.csv"
    vocabulary.write_text((FIXTURES / "drugbank" / "drugbank_vocabulary_mini.csv").read_text().rstrip("\n"))
    _refused(cli("ingest", "drugbank", str(vocabulary), "--no-progress"), "vocabulary.csv:",
             "ends in the middle of this line")
    header_only = tmp_path / "header.csv"
    header_only.write_text((FIXTURES / "drugbank" / "drugbank_vocabulary_mini.csv").read_text().splitlines()[0] + "\n")
    _refused(cli("ingest", "drugbank", str(header_only), "--no-progress"), "header.csv:1: no drugs in the file")
    assert _graph_is_empty()


def test_an_empty_umls_mrconso_is_refused_before_anything_is_written(cli: Cli, tmp_path: Path) -> None:
    release = tmp_path / "2099AA"
    shutil.copytree(FIXTURES / "umls_mini" / "2099AA", release)
    (release / "META" / "MRCONSO.RRF").write_bytes(b"")
    _refused(cli("ingest", "umls", str(release), "--no-progress"), "MRCONSO.RRF:1: the file is empty")
    assert _graph_is_empty()


def test_empty_literature_is_refused_and_unsafe_archive_members_are_reported(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_embedding_model: Path) -> None:
    monkeypatch.setenv("KGRAG_EMBEDDING_MODEL", str(tiny_embedding_model))
    empty = tmp_path / "pubmed.xml"
    empty.write_bytes(b"")
    _refused(cli("ingest", "literature", str(empty), "--no-progress"), "pubmed.xml:1: the file is empty")
    archive = tmp_path / "corpus.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("good/pubmed.xml", medline(tmp_path / "m.xml", MARFAN).read_text())
        zipped.writestr("../../escaped.xml", "<PubmedArticleSet/>")
    result = cli("ingest", "literature", str(archive), "--no-progress")
    assert result.code == 0, result.err
    assert "member '../../escaped.xml' not extracted: its path leads outside" in result.err
    assert not any(p.name == "escaped.xml" for p in tmp_path.parent.rglob("escaped.xml"))
