"""Open knowledge graphs through the one shared load path: Hetionet's nodes TSV and edges SIF (written here,
plain and gzipped), the mapping table (kinds, CURIEs, predicates with direction, unmapped relations counted),
bad input as `path:line: reason`, a crash mid-load resumed to the same graph as a clean load, the identity
join with HPO's genes, the CLI, and the real Hetionet sample when ../shared is present."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from graph_schema import NodeKind
from graph_schema.open_graphs import HETIONET_RELATIONS
from ingest.hetionet import HetionetFormat
from ingest.hpo import load_hpo
from ingest.kgx import KgxFormat
from ingest.obo_graph import OboFormat
from ingest.open_graph import load_open_graph, unmapped_relations
from ingest.primekg import PrimeKGFormat
from kgrag.errors import InputFileError
from kgrag.graph import GraphStore, SQLiteGraphStore

from .support.cli import CliResult
from .support.graphs import seed_graph
from .support.kill_at import KilledThenResumed
from .support.paths import FIXTURES

Cli = Callable[..., CliResult]
SHARED_HETIONET = Path(__file__).resolve().parents[2] / "shared" / "data" / "open_kg" / "hetionet"

NODES = [
    ("Gene::2200", "FBN1", "Gene"), ("Gene::7048", "TGFBR2", "Gene"),
    ("Disease::DOID:14323", "Marfan syndrome", "Disease"), ("Compound::DB00331", "Metformin", "Compound"),
    ("Side Effect::C0027497", "Nausea", "Side Effect"), ("Symptom::D005221", "Fatigue", "Symptom"),
    ("Anatomy::UBERON:0000948", "heart", "Anatomy"), ("Pharmacologic Class::N0000175565", "Biguanide",
                                                        "Pharmacologic Class"),
    ("Biological Process::GO:0007155", "cell adhesion", "Biological Process"),
]
EDGES = [
    ("Disease::DOID:14323", "DaG", "Gene::2200"),
    ("Compound::DB00331", "CtD", "Disease::DOID:14323"),
    ("Compound::DB00331", "CcSE", "Side Effect::C0027497"),
    ("Disease::DOID:14323", "DpS", "Symptom::D005221"),
    ("Disease::DOID:14323", "DlA", "Anatomy::UBERON:0000948"),
    ("Pharmacologic Class::N0000175565", "PCiC", "Compound::DB00331"),
    ("Gene::2200", "GiG", "Gene::7048"),
    ("Gene::2200", "GpBP", "Biological Process::GO:0007155"),
    ("Compound::DB00331", "CpD", "Disease::DOID:14323"),
]


def write_hetionet(directory: Path, *, nodes: list[tuple[str, str, str]] = NODES,
                   edges: list[tuple[str, str, str]] = EDGES) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "hetionet-v1.0-nodes.tsv").write_text(
        "id\tname\tkind\n" + "".join("\t".join(n) + "\n" for n in nodes), encoding="utf-8")
    with gzip.open(directory / "hetionet-v1.0-edges.sif.gz", "wt", encoding="utf-8") as out:
        out.write("source\tmetaedge\ttarget\n" + "".join("\t".join(e) + "\n" for e in edges))
    (directory / "hetionet-v1.0-metanodes.tsv").write_text("metanode\tabbreviation\n", encoding="utf-8")
    return directory


def load(store: SQLiteGraphStore, directory: Path, **options: object):  # noqa: ANN201 - LoadReport
    return load_open_graph(store, HetionetFormat(directory), key=str(directory), **options)  # type: ignore[arg-type]


def edge_set(store: SQLiteGraphStore) -> set[tuple[str, str, str, str]]:
    return {(r.subject, r.predicate, r.object, r.source_relation) for r in store.iter_relations()}


def test_nodes_become_curies_with_kinds_and_metaedges_map_with_their_direction(sqlite_store: SQLiteGraphStore,
                                                                              tmp_path: Path) -> None:
    report = load(sqlite_store, write_hetionet(tmp_path / "het"))
    concepts = {c.id: c for c in sqlite_store.iter_concepts()}
    assert set(concepts) == {"NCBIGene:2200", "NCBIGene:7048", "DOID:14323", "DRUGBANK:DB00331", "UMLS:C0027497",
                             "MESH:D005221", "UBERON:0000948", "NDFRT:N0000175565", "GO:0007155"}
    assert concepts["DOID:14323"].kind == NodeKind.DISEASE and concepts["UMLS:C0027497"].kind == NodeKind.PHENOTYPE
    assert concepts["DRUGBANK:DB00331"].kind == NodeKind.DRUG and concepts["NCBIGene:2200"].sources == ("Hetionet",)
    assert edge_set(sqlite_store) == {
        ("NCBIGene:2200", "associated_with", "DOID:14323", "DaG"),  # read backwards: gene -> disease, as HPO
        ("DRUGBANK:DB00331", "treats", "DOID:14323", "CtD"),
        ("DRUGBANK:DB00331", "causes_adverse_effect", "UMLS:C0027497", "CcSE"),
        ("DOID:14323", "has_phenotype", "MESH:D005221", "DpS"),
        ("DOID:14323", "located_in", "UBERON:0000948", "DlA"),
        ("DRUGBANK:DB00331", "is_a", "NDFRT:N0000175565", "PCiC"),
        ("NCBIGene:2200", "interacts_with", "NCBIGene:7048", "GiG"),
    }
    assert unmapped_relations(report) == {"GpBP": 1, "CpD": 1}  # counted and reported, never loaded
    assert [(f.file, f.rows, f.concepts, f.relations) for f in report.files] == [
        ("hetionet-v1.0-nodes.tsv", 9, 9, 0), ("hetionet-v1.0-edges.sif.gz", 9, 0, 7)]
    assert {(r.source, r.version, r.file) for r in sqlite_store.releases()} == {
        ("Hetionet", "v1.0", "hetionet-v1.0-nodes.tsv"), ("Hetionet", "v1.0", "hetionet-v1.0-edges.sif.gz")}
    again = load(sqlite_store, tmp_path / "het")  # idempotent: keyed upserts
    assert len(edge_set(sqlite_store)) == 7 and again.files[1].relations == 7


def test_every_mapping_names_a_canonical_predicate() -> None:
    from graph_schema import PREDICATES

    assert all(m.predicate in PREDICATES for m in HETIONET_RELATIONS.values())


@pytest.mark.parametrize(("nodes", "edges", "reason"), [
    ([("Gene::x", "FBN1", "Gene")], [], "hetionet-v1.0-nodes.tsv:2: node id 'Gene::x': malformed NCBIGene id"),
    ([("Planet::1", "Mars", "Planet")], [], "hetionet-v1.0-nodes.tsv:2: kind 'Planet' is not a Hetionet node kind"),
    ([("Gene::1", "", "Gene")], [], "hetionet-v1.0-nodes.tsv:2: name is empty"),
    (NODES[:1], [("Gene::2200", "GiG")], "hetionet-v1.0-edges.sif.gz:2: expected 3 tab-separated columns, got 2"),
    (NODES[:1], [("Gene::2200", "GiG", "Moon::7")], "hetionet-v1.0-edges.sif.gz:2: node id 'Moon::7'"),
])
def test_a_bad_row_stops_the_load_naming_file_and_line(sqlite_store: SQLiteGraphStore, tmp_path: Path,
                                                       nodes: list[tuple[str, ...]], edges: list[tuple[str, ...]],
                                                       reason: str) -> None:
    directory = write_hetionet(tmp_path / "het", nodes=nodes, edges=edges)  # type: ignore[arg-type]
    with pytest.raises(InputFileError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        load(sqlite_store, directory)
    assert sqlite_store.stats().edges == 0


def test_bad_rows_can_be_skipped_and_are_reported(sqlite_store: SQLiteGraphStore, tmp_path: Path) -> None:
    directory = write_hetionet(tmp_path / "het", nodes=[*NODES, ("Gene::x", "bad", "Gene")])
    report = load(sqlite_store, directory, skip_bad_rows=1)
    assert [str(e) for e in report.skipped] == [
        f"{directory / 'hetionet-v1.0-nodes.tsv'}:11: node id 'Gene::x': malformed NCBIGene id 'NCBIGene:x' "
        "(expected like NCBIGene:3630)"]
    assert sqlite_store.stats().nodes == len(NODES)


def test_a_wrong_header_or_a_missing_file_is_refused(sqlite_store: SQLiteGraphStore, tmp_path: Path) -> None:
    directory = write_hetionet(tmp_path / "het")
    (directory / "hetionet-v1.0-nodes.tsv").write_text("identifier\tlabel\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="nodes.tsv:1: header: expected the columns id, name, kind"):
        load(sqlite_store, directory)
    (directory / "hetionet-v1.0-edges.sif.gz").unlink()
    with pytest.raises(InputFileError, match="no edges SIF file"):
        HetionetFormat(directory)


def test_a_crash_mid_load_resumes_to_the_graph_a_clean_load_builds(tmp_path: Path,
                                                                   crash_on_write: Callable[[int], Callable[[], None]]
                                                                   ) -> None:
    directory = write_hetionet(tmp_path / "het")
    clean = SQLiteGraphStore(tmp_path / "clean.sqlite")
    clean_report = load(clean, directory, batch_size=2)
    store = SQLiteGraphStore(tmp_path / "crashed.sqlite")
    manifest = tmp_path / "manifests" / "hetionet.json"
    disarm = crash_on_write(4)  # the fourth batch: inside the nodes file
    with pytest.raises(KeyboardInterrupt):
        load(store, directory, batch_size=2, manifest_path=manifest)
    disarm()
    assert 0 < store.stats().nodes < len(NODES)
    resumed = load(store, directory, batch_size=2, manifest_path=manifest)
    assert resumed.files[0].note.startswith("resumed after line")
    assert sorted(c.id for c in store.iter_concepts()) == sorted(c.id for c in clean.iter_concepts())
    assert edge_set(store) == edge_set(clean)
    assert [(f.rows, f.concepts, f.relations) for f in resumed.files] == [
        (f.rows, f.concepts, f.relations) for f in clean_report.files]
    finished = load(store, directory, manifest_path=manifest)
    assert finished.note.startswith("already loaded") and not finished.files


def test_hetionet_genes_are_hpo_genes(sqlite_store: SQLiteGraphStore, tmp_path: Path) -> None:
    load_hpo(sqlite_store, FIXTURES / "hpo_mini")
    hpo_gene = next(c for c in sqlite_store.iter_concepts() if c.kind == NodeKind.GENE)
    number = hpo_gene.id.removeprefix("NCBIGene:")
    load(sqlite_store, write_hetionet(tmp_path / "het", nodes=[(f"Gene::{number}", hpo_gene.name, "Gene")],
                                      edges=[]), allow_empty=True)
    joined = sqlite_store.get(hpo_gene.id)
    assert joined is not None and set(joined.sources) == {"HPO", "Hetionet"}  # one node, two sources


def test_kgrag_ingest_hetionet_reports_unmapped_relations(data_dir: Path, cli: Cli, tmp_path: Path) -> None:
    directory = write_hetionet(tmp_path / "het")
    shown = cli("ingest", "hetionet", str(directory), "--no-progress")
    assert shown.code == 0, shown.err
    assert "relations with no mapping, not loaded: CpD 1, GpBP 1" in " ".join(shown.out.split())
    data = json.loads(cli("ingest", "hetionet", str(directory), "--json", "--force").out)
    assert data["graph"] == {"nodes": len(NODES), "edges": 7}
    assert data["files"][1]["skipped_rows"] == {"unmapped relation CpD": 1, "unmapped relation GpBP": 1}
    assert cli("graph", "check").code == 0
    assert cli("ingest", "hetionet", str(tmp_path / "nowhere")).code == 1


@pytest.mark.skipif(not SHARED_HETIONET.is_dir(), reason="../shared/data/open_kg/hetionet is not present")
def test_the_real_hetionet_sample_loads(sqlite_store: SQLiteGraphStore) -> None:
    report = load(sqlite_store, SHARED_HETIONET)
    stats = sqlite_store.stats()
    assert stats.nodes == 432  # every node the 240 sampled edges name
    assert stats.edges == 10 * len(HETIONET_RELATIONS)  # 10 edges of each mapped metaedge
    unmapped = unmapped_relations(report)
    assert len(unmapped) == 24 - len(HETIONET_RELATIONS) and set(unmapped.values()) == {10}
    assert sqlite_store.dangling_edges()[0] == 0


# -- OBO ontologies -----------------------------------------------------------------------------------------------

DOID_OBO = """format-version: 1.2
data-version: doid/releases/2099-01-01/doid.obo
ontology: doid

[Term]
id: DOID:14323
name: Marfan syndrome
alt_id: DOID:1234
synonym: "MFS" EXACT []
synonym: "Marfan-like" BROAD []
xref: MIM:154700
xref: UMLS_CUI:C0024796
xref: SNOMEDCT_US_2025_09_01:19346006
xref: ICD10CM:Q87.40
xref: url:https\\://example.org/marfan
is_a: DOID:0050739 ! connective tissue disease
is_a: DOID:630 ! genetic disease

[Term]
id: DOID:630
name: genetic disease

[Term]
id: DOID:9999
name: obsolete old Marfan term
is_obsolete: true
replaced_by: DOID:14323

[Term]
id: UBERON:0000948
name: heart
"""


def write_doid(path: Path, text: str = DOID_OBO) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_obo_ontology_loads_terms_hierarchy_and_identities(sqlite_store: SQLiteGraphStore,
                                                              tmp_path: Path) -> None:
    report = load_open_graph(sqlite_store, OboFormat(write_doid(tmp_path / "doid.obo"), "DOID"),
                             key="doid")
    concepts = {c.id: c for c in sqlite_store.iter_concepts()}
    assert set(concepts) == {"DOID:14323", "DOID:630", "DOID:9999"}  # UBERON: imported, not DOID's own
    marfan = concepts["DOID:14323"]
    assert (marfan.kind, marfan.synonyms, marfan.sources) == (NodeKind.DISEASE, ("MFS",), ("DOID",))
    assert concepts["DOID:9999"].obsolete
    identities = {r.object for r in sqlite_store.iter_relations(["same_as"]) if r.subject == "DOID:14323"}
    assert identities == {"DOID:1234", "OMIM:154700", "UMLS:C0024796", "SNOMEDCT:19346006"}  # no ICD, no URL
    assert {(r.subject, r.predicate, r.object) for r in sqlite_store.iter_relations(["is_a", "replaced_by"])} == {
        ("DOID:14323", "is_a", "DOID:630"), ("DOID:9999", "replaced_by", "DOID:14323")}
    # The parent a subset file does not define is reported, not written as a dangling edge.
    assert unmapped_relations(report) == {"is_a to a term the file does not define": 1}
    assert sqlite_store.dangling_edges()[0] == 0
    assert report.version == "doid/releases/2099-01-01/doid.obo"


def test_a_malformed_obo_id_names_file_and_line(sqlite_store: SQLiteGraphStore, tmp_path: Path) -> None:
    path = write_doid(tmp_path / "doid.obo", DOID_OBO.replace("id: DOID:630\n", "id: DOID:six\n"))
    with pytest.raises(InputFileError, match=r"doid.obo:\d+: \[Term\] DOID:six id: malformed DOID id"):
        load_open_graph(sqlite_store, OboFormat(path, "DOID"), key="doid")


def test_hpo_do_and_hetionet_meet_in_one_identity_cluster(sqlite_store: SQLiteGraphStore, tmp_path: Path) -> None:
    load_hpo(sqlite_store, FIXTURES / "hpo_mini")  # OMIM:154700 Marfan syndrome
    load_open_graph(sqlite_store, OboFormat(write_doid(tmp_path / "doid.obo"), "DOID"), key="doid")
    load(sqlite_store, write_hetionet(tmp_path / "het"))  # DOID:14323 associates FBN1
    assert {"OMIM:154700", "DOID:14323"} <= sqlite_store.equivalents("OMIM:154700")
    around = sqlite_store.neighbors(["OMIM:154700"], predicates=["associated_with", "treats"])
    assert {(r.subject, r.predicate, r.object, r.source) for r in around.relations} >= {
        ("NCBIGene:2200", "associated_with", "DOID:14323", "Hetionet"),
        ("DRUGBANK:DB00331", "treats", "DOID:14323", "Hetionet")}


def test_kgrag_ingest_obo(data_dir: Path, cli: Cli, tmp_path: Path) -> None:
    path = write_doid(tmp_path / "doid.obo")
    result = cli("ingest", "obo", str(path), "--prefix", "DOID", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["source"] == "DOID" and data["graph"]["nodes"] == 3
    assert cli("ingest", "obo", str(path), "--prefix", "DOID").out.startswith("DOID")  # already loaded
    assert cli("graph", "check").code == 0
    assert cli("ingest", "obo", str(tmp_path / "none.obo"), "--prefix", "DOID").code == 1


SHARED_DO = SHARED_HETIONET.parent / "disease_ontology" / "DO_cancer_slim_current.obo"


@pytest.mark.skipif(not SHARED_DO.is_file(), reason="../shared/data/open_kg/disease_ontology is not present")
def test_the_real_disease_ontology_slim_loads(sqlite_store: SQLiteGraphStore) -> None:
    report = load_open_graph(sqlite_store, OboFormat(SHARED_DO, "DOID"), key="do")
    stats = sqlite_store.stats()
    assert stats.by_kind.get("Disease", 0) >= 700 and stats.by_predicate["is_a"] > 0
    assert stats.by_predicate["same_as"] > 1000  # OMIM, UMLS, MeSH, NCIt, SNOMED CT twins
    assert sqlite_store.dangling_edges()[0] == 0
    assert report.files[0].rows == stats.by_kind["Disease"]


# -- PrimeKG --------------------------------------------------------------------------------------------------

KG_HEADER = ("relation,display_relation,x_index,x_id,x_type,x_name,x_source,y_index,y_id,y_type,y_name,"
             "y_source\n")
KG_ROWS = [
    "indication,indication,1,DB00331,drug,Metformin,DrugBank,2,8019,disease,\"diabetes, type 2\",MONDO",
    "indication,indication,2,8019,disease,\"diabetes, type 2\",MONDO,1,DB00331,drug,Metformin,DrugBank",  # again
    "contraindication,contraindication,1,DB00331,drug,Metformin,DrugBank,3,5148,disease,lactic acidosis,MONDO",
    "off-label use,off-label use,1,DB00331,drug,Metformin,DrugBank,4,1200_1134,disease,grouped thing,MONDO_grouped",
    "drug_effect,side effect,1,DB00331,drug,Metformin,DrugBank,5,2401,effect/phenotype,Nausea,HPO",
    "disease_phenotype_negative,phenotype absent,2,8019,disease,\"diabetes, type 2\",MONDO,6,1166,"
    "effect/phenotype,Arachnodactyly,HPO",
    "disease_protein,associated with,7,2200,gene/protein,FBN1,NCBI,2,8019,disease,\"diabetes, type 2\",MONDO",
    "protein_protein,ppi,8,7048,gene/protein,TGFBR2,NCBI,7,2200,gene/protein,FBN1,NCBI",
    "protein_protein,ppi,7,2200,gene/protein,FBN1,NCBI,8,7048,gene/protein,TGFBR2,NCBI",
    "bioprocess_protein,interacts with,9,7155,biological_process,cell adhesion,GO,7,2200,gene/protein,FBN1,NCBI",
]


def write_kg(path: Path, rows: list[str] = KG_ROWS) -> Path:
    path.write_text(KG_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_primekg_rows_are_oriented_by_the_mapping_and_written_once(sqlite_store: SQLiteGraphStore,
                                                                   tmp_path: Path) -> None:
    report = load_open_graph(sqlite_store, PrimeKGFormat(write_kg(tmp_path / "kg.csv")), key="kg")
    concepts = {c.id: c for c in sqlite_store.iter_concepts()}
    assert set(concepts) == {"DRUGBANK:DB00331", "MONDO:0008019", "MONDO:0005148", "PRIMEKG.MONDO_GROUPED:1200_1134",
                             "HP:0002401", "HP:0001166", "NCBIGene:2200", "NCBIGene:7048", "GO:0007155"}
    assert concepts["MONDO:0008019"].name == "diabetes, type 2" and concepts["HP:0001166"].kind == NodeKind.PHENOTYPE
    edges = {(r.subject, r.predicate, r.object, r.negated, r.source_relation) for r in sqlite_store.iter_relations()}
    assert edges == {
        ("DRUGBANK:DB00331", "treats", "MONDO:0008019", False, "indication"),  # the two directions: one edge
        ("DRUGBANK:DB00331", "contraindicated_for", "MONDO:0005148", False, "contraindication"),
        ("DRUGBANK:DB00331", "treats", "PRIMEKG.MONDO_GROUPED:1200_1134", False, "off-label use"),
        ("DRUGBANK:DB00331", "causes_adverse_effect", "HP:0002401", False, "drug_effect: side effect"),
        ("MONDO:0008019", "has_phenotype", "HP:0001166", True, "disease_phenotype_negative: phenotype absent"),
        ("NCBIGene:2200", "associated_with", "MONDO:0008019", False, "disease_protein: associated with"),
        ("NCBIGene:2200", "interacts_with", "NCBIGene:7048", False, "protein_protein: ppi"),  # one orientation
    }
    assert unmapped_relations(report) == {"bioprocess_protein": 1}
    assert report.files[0].relations == 7  # the mirrored indication and ppi rows are read, not written again


@pytest.mark.parametrize(("row", "reason"), [
    ("indication,indication,1,DB00331,drug,Metformin,DrugBank,2,8019,disease,,MONDO", "kg.csv:2: y_name is empty"),
    ("indication,indication,1,DB00331,drug,Metformin,Pubchem,2,8019,disease,d,MONDO",
     "kg.csv:2: node source 'Pubchem' is not one PrimeKG uses"),
    ("indication,indication,1,DB00331,gene/protein,X,NCBI,2,8019,disease,d,MONDO",
     "kg.csv:2: node id|kg.csv:2: NCBI id|kg.csv:2: relation 'indication' joins gene/protein and disease"),
    ("indication,indication,1", "kg.csv:2: expected 12 columns, got 3"),
])
def test_a_bad_primekg_row_names_file_and_line(sqlite_store: SQLiteGraphStore, tmp_path: Path, row: str,
                                               reason: str) -> None:
    with pytest.raises(InputFileError, match=reason):
        load_open_graph(sqlite_store, PrimeKGFormat(write_kg(tmp_path / "kg.csv", [row])), key="kg")
    assert sqlite_store.stats().edges == 0


def test_kgrag_ingest_primekg(data_dir: Path, cli: Cli, tmp_path: Path) -> None:
    result = cli("ingest", "primekg", str(write_kg(tmp_path / "kg.csv")), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["graph"] == {"nodes": 9, "edges": 7}
    assert cli("graph", "check").code == 0


def test_drug_questions_get_graph_answers_and_drug_claims_are_checked(data_dir: Path, tmp_path: Path) -> None:
    from kgrag import KGRAG
    from kgrag.config import load_settings

    from .support.llm import ScriptedLLM

    seed_graph(lambda store: load_open_graph(store, PrimeKGFormat(write_kg(tmp_path / "kg.csv")), key="kg"))
    with KGRAG(load_settings(), llm=ScriptedLLM("unused")) as kg:
        treats = kg.retrieve("Which drugs treat diabetes, type 2?", use_passages=False).graph_answer
        assert treats is not None and treats.kind == "treatments"
        assert treats.text == "The graph records 1 drug that treats diabetes, type 2: Metformin [K1]."
        avoid = kg.retrieve("What should be avoided in lactic acidosis?", use_passages=False).graph_answer
        assert avoid is not None and avoid.kind == "contraindications" and avoid.items[0].name == "Metformin"
        checked = kg.verify("Metformin treats lactic acidosis.")
        assert [(c.verdict, c.predicate) for c in checked.claims] == [("contradicted", "treats")]
        assert checked.claims[0].evidence[0].predicate == "contraindicated_for"


# -- KGX ----------------------------------------------------------------------------------------------------------

KGX_NODES = ("id\tcategory\tname\tsynonym\txref\n"
             "MONDO:0007947\tbiolink:Disease|biolink:NamedThing\tMarfan syndrome\tMFS\tOMIM:154700|ICD10:Q87.4\n"
             "HP:0001166\tbiolink:PhenotypicFeature\tArachnodactyly\t\t\n"
             "NCBIGene:2200\tbiolink:Gene\tFBN1\t\t\n"
             "CHEBI:6801\tbiolink:SmallMolecule\tmetformin\t\t\n"
             "UniProtKB:P35555\tbiolink:Protein\tfibrillin-1\t\t\n")
KGX_EDGES = ("subject\tpredicate\tobject\tnegated\tprimary_knowledge_source\n"
             "MONDO:0007947\tbiolink:has_phenotype\tHP:0001166\t\tinfores:hpo\n"
             "MONDO:0007947\tbiolink:condition_associated_with_gene\tNCBIGene:2200\t\tinfores:omim\n"
             "CHEBI:6801\tbiolink:treats\tMONDO:0007947\tTrue\tinfores:test\n"
             "NCBIGene:2200\tbiolink:related_to\tUniProtKB:P35555\t\tinfores:test\n")


def test_kgx_tsv_and_jsonl_load_the_same_graph(tmp_path: Path) -> None:
    tsv = SQLiteGraphStore(tmp_path / "tsv.sqlite")
    (tmp_path / "nodes.tsv").write_text(KGX_NODES, encoding="utf-8")
    (tmp_path / "edges.tsv").write_text(KGX_EDGES, encoding="utf-8")
    report = load_open_graph(tsv, KgxFormat(tmp_path / "nodes.tsv", tmp_path / "edges.tsv"), key="kgx")
    concepts = {c.id: c for c in tsv.iter_concepts()}
    assert concepts["MONDO:0007947"].kind == NodeKind.DISEASE and concepts["UniProtKB:P35555"].kind == NodeKind.CONCEPT
    assert concepts["MONDO:0007947"].synonyms == ("MFS",)
    edges = {(r.subject, r.predicate, r.object, r.negated) for r in tsv.iter_relations()}
    assert edges == {
        ("MONDO:0007947", "same_as", "OMIM:154700", False),  # an identity xref; ICD10 is not one
        ("MONDO:0007947", "has_phenotype", "HP:0001166", False),
        ("NCBIGene:2200", "associated_with", "MONDO:0007947", False),  # condition_associated_with_gene, reversed
        ("CHEBI:6801", "treats", "MONDO:0007947", True),  # negated = True
    }
    assert unmapped_relations(report) == {"biolink:related_to": 1}
    jsonl = SQLiteGraphStore(tmp_path / "jsonl.sqlite")
    nodes = [{"id": "MONDO:0007947", "category": ["biolink:Disease"], "name": "Marfan syndrome", "synonym": ["MFS"],
              "xref": ["OMIM:154700", "ICD10:Q87.4"]},
             {"id": "HP:0001166", "category": ["biolink:PhenotypicFeature"], "name": "Arachnodactyly"},
             {"id": "NCBIGene:2200", "category": ["biolink:Gene"], "name": "FBN1"},
             {"id": "CHEBI:6801", "category": ["biolink:SmallMolecule"], "name": "metformin"},
             {"id": "UniProtKB:P35555", "category": ["biolink:Protein"], "name": "fibrillin-1"}]
    edges_jsonl = [{"subject": "MONDO:0007947", "predicate": "biolink:has_phenotype", "object": "HP:0001166"},
                   {"subject": "MONDO:0007947", "predicate": "biolink:condition_associated_with_gene",
                    "object": "NCBIGene:2200"},
                   {"subject": "CHEBI:6801", "predicate": "biolink:treats", "object": "MONDO:0007947", "negated": True},
                   {"subject": "NCBIGene:2200", "predicate": "biolink:related_to", "object": "UniProtKB:P35555"}]
    (tmp_path / "nodes.jsonl").write_text("".join(json.dumps(n) + "\n" for n in nodes), encoding="utf-8")
    (tmp_path / "edges.jsonl").write_text("".join(json.dumps(e) + "\n" for e in edges_jsonl), encoding="utf-8")
    load_open_graph(jsonl, KgxFormat(tmp_path / "nodes.jsonl", tmp_path / "edges.jsonl"), key="kgx")
    assert {(r.subject, r.predicate, r.object, r.negated) for r in jsonl.iter_relations()} == edges
    assert sorted(c.id for c in jsonl.iter_concepts()) == sorted(concepts)


def test_bad_kgx_input_names_file_and_line(sqlite_store: SQLiteGraphStore, tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "nodes.tsv").write_text("id\tname\nMONDO:1\tx\n", encoding="utf-8")
    (tmp_path / "edges.tsv").write_text(KGX_EDGES, encoding="utf-8")
    with pytest.raises(InputFileError, match="nodes.tsv:1: header: missing the KGX columns category"):
        load_open_graph(sqlite_store, KgxFormat(tmp_path / "nodes.tsv", tmp_path / "edges.tsv"), key="k")
    (tmp_path / "nodes.jsonl").write_text('{"id": "MONDO:0007947", "category": [], "name": "M"}\n[1]\n',
                                          encoding="utf-8")
    with pytest.raises(InputFileError, match="nodes.jsonl:2: not a JSON object"):
        load_open_graph(sqlite_store, KgxFormat(tmp_path / "nodes.jsonl", tmp_path / "edges.tsv"), key="k")
    (tmp_path / "nodes.tsv").write_text(KGX_NODES, encoding="utf-8")
    result = cli("ingest", "kgx", str(tmp_path / "nodes.tsv"), str(tmp_path / "edges.tsv"), "--source", "Monarch",
                 "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["source"] == "Monarch"


def test_primekg_two_file_layout_loads_the_same_graph_and_resumes(tmp_path: Path,
                                                                  killed_then_resumed: KilledThenResumed) -> None:
    one = SQLiteGraphStore(tmp_path / "one.sqlite")
    load_open_graph(one, PrimeKGFormat(write_kg(tmp_path / "kg.csv")), key="kg")
    release = tmp_path / "release"
    release.mkdir()
    nodes: dict[str, list[str]] = {}
    edges = []
    for row in csv.reader(KG_ROWS):
        nodes[row[2]] = [row[2], row[3], row[4], row[5], row[6]]
        nodes[row[7]] = [row[7], row[8], row[9], row[10], row[11]]
        edges.append([row[0], row[1], row[2], row[7]])
    with (release / "nodes.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [["node_index", "node_id", "node_type", "node_name", "node_source"], *nodes.values()])
    with (release / "edges.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([["relation", "display_relation", "x_index", "y_index"],
                                                           *edges])
    two = SQLiteGraphStore(tmp_path / "two.sqlite")
    manifest = tmp_path / "primekg.json"
    # nodes.csv takes two batches, edges.csv's first commits, its second crashes
    report = killed_then_resumed(
        lambda: load_open_graph(two, PrimeKGFormat(release), key="two", batch_size=5, manifest_path=manifest), 4)
    assert report.files[0].note == "already loaded" and report.files[1].note.startswith("resumed after line")
    assert edge_set(two) == edge_set(one)
    assert sorted(c.id for c in two.iter_concepts()) == sorted(c.id for c in one.iter_concepts())
    (release / "edges.csv").write_text("relation,display_relation,x_index,y_index\nindication,,1,99\n")
    with pytest.raises(InputFileError, match="edges.csv:2: y_index '99' is not a node of nodes.csv"):
        load_open_graph(SQLiteGraphStore(tmp_path / "three.sqlite"), PrimeKGFormat(release), key="three")


def test_a_claim_about_a_parent_disease_is_supported_by_an_edge_to_its_subtype(data_dir: Path,
                                                                              tmp_path: Path) -> None:
    from kgrag import KGRAG
    from kgrag.config import load_settings

    from .support.llm import ScriptedLLM

    def fill(store: GraphStore) -> None:
        load_open_graph(store, OboFormat(write_doid(tmp_path / "doid.obo"), "DOID"), key="doid")
        load(store, write_hetionet(tmp_path / "het"))  # FBN1 associates Marfan syndrome (DOID:14323 is_a DOID:630)

    seed_graph(fill)
    with KGRAG(load_settings(), llm=ScriptedLLM("unused")) as kg:
        claim = kg.verify("FBN1 is associated with genetic disease.").claims[0]
    assert (claim.verdict, claim.rule) == ("supported", "more_specific")
    assert claim.evidence[0].object == "DOID:14323"


def test_each_loader_names_its_manifest(tmp_path: Path) -> None:
    """The loaders decide their manifest files (the CLI only puts them under the data dir); the names stay what
    earlier releases wrote, so an interrupted load resumes after an upgrade."""
    from ingest import drugbank, hpo, umls
    from ingest.hetionet import HetionetFormat
    from ingest.kgx import KgxFormat
    from ingest.manifest import manifest_name

    assert (hpo.MANIFEST, umls.MANIFEST) == ("hpo.json", "umls.json")
    assert drugbank.manifest_for(Path("drugbank vocabulary.csv")) == "drugbank-drugbank_vocabulary.csv.json"
    assert HetionetFormat.manifest == "hetionet.json"
    nodes, edges = tmp_path / "n.tsv", tmp_path / "e.tsv"
    nodes.write_text("id\tcategory\n")
    edges.write_text("subject\tpredicate\tobject\n")
    assert KgxFormat(nodes, edges, "RTX-KG2").manifest == "kgx-rtx_kg2.json"
    assert manifest_name("obo", "doid") == "obo-doid.json"
