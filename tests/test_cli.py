"""The `kgrag` CLI through its real entry point: output, JSON shapes and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import CliResult

Cli = Callable[..., CliResult]


@pytest.fixture
def loaded(cli: Cli, hpo_release: Path) -> Path:
    result = cli("ingest", "hpo", str(hpo_release), "--no-progress")
    assert result.code == 0, result.err
    return hpo_release


def test_ingest_prints_a_report_and_json(cli: Cli, hpo_release: Path) -> None:
    human = cli("ingest", "hpo", str(hpo_release), "--no-progress")
    assert human.code == 0 and "phenotype.hpoa" in human.out and "graph: 17 nodes" in human.out
    report = json.loads(cli("ingest", "hpo", str(hpo_release), "--json").out)
    assert report["version"] == "2099-01-01" and report["graph"] == {"nodes": 17, "edges": 32}
    assert [f["rows"] for f in report["files"]] == [12, 8, 4]


def test_stats_json_has_the_documented_keys(cli: Cli, loaded: Path) -> None:
    stats = json.loads(cli("graph", "stats", "--json").out)
    assert set(stats) >= {"nodes", "edges", "by_kind", "by_predicate", "releases"}
    assert stats["nodes"] == 17 and stats["by_kind"]["Gene"] == 2
    assert {r["file"] for r in stats["releases"]} == {"hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt"}
    assert "releases" in cli("graph", "stats").out


def test_show_resolves_ids_alt_ids_and_names(cli: Cli, loaded: Path) -> None:
    shown = cli("graph", "show", "HP:0001250")
    assert shown.code == 0 and "Seizure" in shown.out and "UMLS:C0036572" in shown.out
    via_alt = json.loads(cli("graph", "show", "HP:0002279", "--json").out)
    assert via_alt["id"] == "HP:0001250"
    by_name = json.loads(cli("graph", "show", "marfan syndrome", "--json").out)
    assert by_name["id"] in {"OMIM:154700", "ORPHA:558"}
    assert any(r["predicate"] == "has_phenotype" for r in by_name["relations"])


def test_search_and_path(cli: Cli, loaded: Path) -> None:
    hits = json.loads(cli("graph", "search", "spider fingers", "--json").out)
    assert hits[0]["concept"]["id"] == "HP:0001166"
    assert "HP:0001166" in cli("graph", "search", "arachno").out
    path = json.loads(cli("graph", "path", "FBN1", "Ectopia lentis", "--json").out)
    assert path["from"] == "NCBIGene:2200" and path["to"] == "HP:0001083"
    assert path["paths"][0]["nodes"] == ["NCBIGene:2200", "OMIM:154700", "HP:0001083"]
    text = cli("graph", "path", "NCBIGene:2200", "HP:0001083")
    assert "FBN1 —is associated with→ OMIM:154700 Marfan syndrome" in text.out


def test_neighbors_json(cli: Cli, loaded: Path) -> None:
    sub = json.loads(cli("graph", "neighbors", "OMIM:154700", "--predicate", "has_phenotype", "--json").out)
    assert {r["object"] for r in sub["relations"]} == {"HP:0001166", "HP:0000098", "HP:0001083"}


@pytest.mark.parametrize("args, message", [
    (("graph", "show", "HP:9999999"), "unknown concept id HP:9999999"),
    (("graph", "show", "no such thing at all"), "no concept id or name matches"),
    (("graph", "neighbors", "HP:0001250", "--predicate", "cures"), "unknown predicate 'cures'"),
    (("graph", "search", "x", "--mode", "fuzzy"), "unknown search mode"),
])
def test_user_errors_exit_1_with_one_line(cli: Cli, loaded: Path, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.code == 1
    assert message in result.err and len(result.err.strip().splitlines()) == 1


def test_missing_file_and_bad_row_exit_1(cli: Cli, hpo_release: Path, tmp_path: Path) -> None:
    missing = cli("ingest", "hpo", str(tmp_path / "nope"))
    assert missing.code == 1 and "no such file or directory" in missing.err
    with (hpo_release / "phenotype.hpoa").open("a") as handle:
        handle.write("OMIM:200000\tshort row\n")
    bad = cli("ingest", "hpo", str(hpo_release), "--no-progress")
    assert bad.code == 1 and "phenotype.hpoa:12: expected 12 tab-separated columns, found 2" in bad.err
    assert "Traceback" not in bad.err
    skipped = cli("ingest", "hpo", str(hpo_release), "--no-progress", "--skip-bad-rows", "1")
    assert skipped.code == 0 and "skipped 1 bad row" in skipped.err and "phenotype.hpoa:12" in skipped.err


def test_bad_usage_exits_1(cli: Cli) -> None:
    assert cli("graph", "show").code == 1
    assert cli("graph", "frobnicate").code == 1


def test_internal_errors_exit_2(cli: Cli, loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kgrag.graph.sqlite import SQLiteGraphStore

    def boom(self: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(SQLiteGraphStore, "stats", boom)
    result = cli("graph", "stats")
    assert result.code == 2 and "internal error: RuntimeError: disk on fire" in result.err


def test_unknown_or_unreachable_backend_is_a_user_error(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_GRAPH_BACKEND", "oracle")
    result = cli("graph", "stats")
    assert result.code == 1 and "KGRAG_GRAPH_BACKEND" in result.err
    monkeypatch.setenv("KGRAG_GRAPH_BACKEND", "neo4j")
    monkeypatch.setenv("KGRAG_NEO4J_URI", "bolt://127.0.0.1:1")  # nothing listens on port 1
    monkeypatch.setenv("KGRAG_NEO4J_PASSWORD", "s3cret-pw")
    result = cli("graph", "stats")
    assert result.code == 1 and "cannot reach Neo4j at bolt://127.0.0.1:1" in result.err
    assert "s3cret-pw" not in result.err and len(result.err.strip().splitlines()) == 1


def test_console_script_runs(data_dir: Path) -> None:
    script = Path(sys.executable).with_name("kgrag")
    result = subprocess.run([str(script), "config", "show", "--json"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["data_dir"] == str(data_dir)
    missing = subprocess.run([str(script), "graph", "stats"], capture_output=True, text=True, check=False)
    assert missing.returncode == 1 and "does not exist: load a source first" in missing.stderr
    assert not data_dir.exists()


def test_ingest_umls_and_drugbank_commands(cli: Cli, tmp_path: Path) -> None:
    from tests.support.paths import FIXTURES
    release = FIXTURES / "umls_mini" / "2099AA"
    first = json.loads(cli("ingest", "umls", str(release), "--json").out)
    assert first["version"] == "2099AA" and first["graph"]["nodes"] == 9
    assert {f["file"] for f in first["files"] if f["loaded"]} >= {"MRCONSO.RRF", "MRREL.RRF"}
    again = cli("ingest", "umls", str(release))
    assert again.code == 0 and "already loaded" in again.out
    forced = json.loads(cli("ingest", "umls", str(release), "--force", "--sab", "MSH,HPO", "--json").out)
    assert forced["graph"]["nodes"] == 9
    drugs = json.loads(cli("ingest", "drugbank", str(FIXTURES / "drugbank" / "drugbank_mini.xml"), "--json").out)
    assert drugs["files"][0]["note"] == "full database XML"
    assert "already loaded" in cli("ingest", "drugbank", str(FIXTURES / "drugbank" / "drugbank_mini.xml")).out
    shown = json.loads(cli("graph", "show", "UMLS:C0004057", "--json").out)
    assert "DRUGBANK:DB00945" in shown["equivalents"]
    missing = cli("ingest", "umls", str(tmp_path))
    assert missing.code == 1 and "MRCONSO.RRF" in missing.err
