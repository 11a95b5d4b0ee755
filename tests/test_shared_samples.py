"""Integration over the real samples in ../shared/data (UMLS RRF sample, DrugBank open vocabulary).

Skipped with a reason when ../shared is absent: the product never depends on it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.drugbank import load_drugbank
from ingest.hpo import default_hpo_dir, load_hpo
from ingest.umls import load_umls
from kgrag.graph import SQLiteGraphStore

from .support.paths import SHARED_DATA

UMLS_SAMPLE = SHARED_DATA / "umls_sample"
DRUGBANK_VOCABULARY = SHARED_DATA / "drugbank" / "drugbank_vocabulary.csv"

pytestmark = pytest.mark.skipif(
    not (UMLS_SAMPLE / "MRCONSO.RRF").is_file() or not DRUGBANK_VOCABULARY.is_file(),
    reason=f"real samples not found under {SHARED_DATA} (../shared/data is optional)",
)


def _counts(store: SQLiteGraphStore) -> tuple[int, int, dict[str, int]]:
    stats = store.stats()
    return stats.nodes, stats.edges, dict(stats.by_predicate)


def test_real_samples_load_rerun_and_connect(tmp_path: Path) -> None:
    store = SQLiteGraphStore(tmp_path / "graph.sqlite")
    obo_only = tmp_path / "hpo"
    obo_only.mkdir()
    (obo_only / "hp.obo").symlink_to(default_hpo_dir() / "hp.obo")  # HPO terms, without annotations
    load_hpo(store, obo_only)
    umls = load_umls(store, UMLS_SAMPLE, manifest_path=tmp_path / "umls.json")
    drugbank = load_drugbank(store, DRUGBANK_VOCABULARY)
    assert umls.skipped == [] and drugbank.skipped == []
    assert drugbank.files[0].rows == drugbank.files[0].concepts > 19_000
    loaded = _counts(store)

    load_umls(store, UMLS_SAMPLE, manifest_path=tmp_path / "umls.json", force=True)
    load_drugbank(store, DRUGBANK_VOCABULARY)
    assert _counts(store) == loaded

    umls_ids = [c.id for c in store.iter_concepts() if c.id.startswith("UMLS:")]
    clusters = {cid: store.equivalents(cid) for cid in umls_ids}
    to_hpo = {cid for cid, ids in clusters.items() if any(i.startswith("HP:") and store.get(i) for i in ids)}
    to_drugbank = {cid for cid, ids in clusters.items()
                   if any(i.startswith("DRUGBANK:") and store.get(i) for i in ids)}
    # The oracle, read straight from the files: every English, unsuppressed HPO atom's CUI, and every CUI
    # with an MTHSPL/FDA substance code (a UNII) that some DrugBank drug also carries.
    with_hpo, with_unii = set(), {}
    for line in (UMLS_SAMPLE / "MRCONSO.RRF").read_text(encoding="utf-8").splitlines():
        f = line.split("|")
        if f[1] == "ENG" and f[16] == "N" and f[11] == "HPO":
            with_hpo.add(f"UMLS:{f[0]}")
        if f[1] == "ENG" and f[16] == "N" and f[11] in ("MTHSPL", "FDA"):
            with_unii.setdefault(f[13], set()).add(f"UMLS:{f[0]}")
    with DRUGBANK_VOCABULARY.open(encoding="utf-8", newline="") as handle:
        drug_uniis = {row["UNII"] for row in csv.DictReader(handle) if row["UNII"]}
    with_drug = {cui for unii, cuis in with_unii.items() if unii in drug_uniis for cui in cuis}
    assert to_hpo == with_hpo and len(to_hpo) == 6
    assert to_drugbank == with_drug and len(with_drug) >= 25
    assert "DRUGBANK:DB00945" in clusters["UMLS:C0004057"]  # aspirin
