"""The literature pipeline end to end through the CLI: ingest, update, delete, search, links, recovery, eval.

Mechanics run with a tiny random embedding model (fast, and it exercises loading a configured model
directory); retrieval quality is checked with the real default model on real PubMedQA abstracts."""

from __future__ import annotations

import gzip
import json
import math
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kgrag.config import load_settings
from kgrag.text import PassageIndex

from .support.cli import CliResult
from .support.literature import MARFAN, STATINS, TITLE_ONLY, article, medline
from .support.paths import FIXTURES, SHARED_DATA

Cli = Callable[..., CliResult]


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch, data_dir: Path, tiny_embedding_model: Path) -> Path:
    monkeypatch.setenv("KGRAG_EMBEDDING_MODEL", str(tiny_embedding_model))
    monkeypatch.setenv("KGRAG_CHUNK_TOKENS", "96")
    return data_dir


def stats(cli: Cli) -> dict[str, object]:
    result = cli("index", "stats", "--json")
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def search(cli: Cli, text: str, mode: str = "hybrid", k: int = 5) -> list[dict[str, object]]:
    result = cli("index", "search", text, "--mode", mode, "-k", str(k), "--json")
    assert result.code == 0, result.err
    hits: list[dict[str, object]] = json.loads(result.out)["hits"]
    return hits


def test_ingest_update_delete_and_search(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    baseline = medline(tmp_path / "pubmed26n0001.xml.gz", MARFAN, STATINS, TITLE_ONLY)
    result = cli("ingest", "literature", str(baseline), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)["files"][0]
    assert (report["documents"], report["added"], report["without_text"]) == (3, 2, 1)
    first = stats(cli)
    assert first["documents"] == 2 and first["passages"] == first["vectors"] == first["bm25_passages"]
    assert first["passages"] >= 3  # the long Marfan abstract is split under a 96-token budget

    hits = search(cli, "atorvastatin placebo", "bm25")
    passage = hits[0]["passage"]
    assert isinstance(passage, dict)
    assert passage["doc_id"] == "PMID:200" and passage["section"] == "METHODS"
    assert passage["citation"] == f"PMID:200#{passage['start']}-{passage['end']}"
    assert passage["journal"] == "Test Journal" and passage["year"] == "2020"
    for mode in ("dense", "hybrid"):
        assert {h["passage"]["doc_id"] for h in search(cli, "atorvastatin placebo", mode)} <= {  # type: ignore[index]
            "PMID:100", "PMID:200"}
    assert search(cli, "atorvastatin placebo", "hybrid")[0]["ranks"]["bm25"] == 1  # type: ignore[index]

    # Every passage cites the exact characters of its document's text
    with PassageIndex.open(load_settings()) as index:
        passages = index.store.passages_of_document("PMID:100")
    text = " ".join([
        "Marfan syndrome is a connective tissue disorder caused by FBN1 variants.",
        ("Ectopia lentis was found in 60% of patients; arachnodactyly in 80%. " * 12).strip()])
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert all(text[p.start:p.end] == p.text for p in passages)
    assert passages[0].section == "BACKGROUND" and passages[-1].section == "RESULTS"

    # A MEDLINE update file: a new version of 100, a deletion of 200
    changed = MARFAN.replace("60% of patients", "55% of patients")
    update = medline(tmp_path / "pubmed26n1500.xml", changed,
                     '<DeleteCitation><PMID Version="1">200</PMID></DeleteCitation>\n')
    report = json.loads(cli("ingest", "literature", str(update), "--json").out)["files"][0]
    assert (report["updated"], report["deleted"], report["added"]) == (1, 1, 0)
    after = stats(cli)
    assert after["documents"] == 1 and after["passages"] == after["vectors"] == after["bm25_passages"]
    assert search(cli, "atorvastatin placebo", "bm25") == []
    with PassageIndex.open(load_settings()) as index:
        new_ids = {p.passage_id for p in index.store.passages_of_document("PMID:100")}
    assert not new_ids & {p.passage_id for p in passages}  # ids are never reused
    assert {h["passage"]["passage_id"] for h in search(cli, "ectopia lentis", "dense", 50)} == new_ids  # type: ignore[index]

    # Idempotent: the same file again changes and embeds nothing (200 is already gone)
    again = json.loads(cli("ingest", "literature", str(update), "--json").out)["files"][0]
    assert (again["unchanged"], again["updated"], again["deleted"], again["passages"]) == (1, 0, 0, 0)
    assert stats(cli)["generation"] == after["generation"]


def test_malformed_xml_stops_with_the_line_and_writes_no_partial_batch(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    records = [article(str(pmid), f"Title {pmid}", [("abstract", f"Sentence about topic {pmid}.")])
               for pmid in range(1, 4)]
    broken = medline(tmp_path / "broken.xml", *records).read_text().replace("Title 3", "Title 3 <b>")
    (tmp_path / "broken.xml").write_text(broken)
    result = cli("ingest", "literature", str(tmp_path / "broken.xml"), "--batch-size", "2")
    assert result.code == 1
    assert "broken.xml:5: malformed XML" in result.err
    assert stats(cli)["documents"] == 2  # the first batch is committed; the one with the bad record is not
    bad_utf8 = tmp_path / "notes.txt"
    bad_utf8.write_bytes(b"Title\nok line\nbad \xff byte\n")
    result = cli("ingest", "literature", str(bad_utf8))
    assert result.code == 1 and "notes.txt:3: invalid UTF-8 byte 0xff" in result.err


def test_stale_indexes_are_rebuilt_from_the_store(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    cli("ingest", "literature", str(medline(tmp_path / "a.xml", MARFAN, STATINS)), "--no-progress")
    index_dir = tiny / "index"
    (index_dir / "vectors.json").unlink()  # as if the process died before saving the indexes
    (index_dir / "bm25").unlink()
    assert stats(cli)["bm25_passages"] == 0  # stats reports what is saved; it repairs nothing
    assert search(cli, "atorvastatin", "bm25")[0]["passage"]["doc_id"] == "PMID:200"  # type: ignore[index]
    assert search(cli, "atorvastatin", "dense")  # each search rebuilds the index it needs
    current = stats(cli)
    assert current["vectors"] == current["passages"] == current["bm25_passages"]
    assert current["vectors_current"] and current["bm25_current"]
    assert (index_dir / "vectors.json").is_file() and (index_dir / "bm25").is_symlink()


def test_a_different_embedding_model_is_refused(cli: Cli, tiny: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    missing = cli("index", "search", "statins", "--mode", "bm25")
    assert missing.code == 1 and "there is no passage index" in missing.err
    cli("ingest", "literature", str(medline(tmp_path / "a.xml", STATINS)), "--no-progress")
    monkeypatch.delenv("KGRAG_EMBEDDING_MODEL")
    result = cli("index", "search", "statins", "--mode", "dense")
    assert result.code == 1 and "embedded with" in result.err, result.err
    assert cli("index", "search", "statins", "--mode", "bm25").code == 0  # lexical search needs no model
    assert cli("index", "search", "statins", "--mode", "fuzzy").code == 1


def test_passages_link_to_graph_concepts_both_ways(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    corpus = medline(tmp_path / "a.xml", MARFAN, STATINS)
    cli("ingest", "literature", str(corpus), "--no-progress")
    assert stats(cli)["links"] == 0  # no graph yet
    assert cli("ingest", "hpo", str(FIXTURES / "hpo_mini"), "--no-progress").code == 0
    result = cli("index", "link", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["linked_passages"] >= 1
    with PassageIndex.open(load_settings()) as index:
        by_concept = index.store.passages_mentioning(["HP:0001083", "HP:0001166"])  # ectopia lentis, arachnodactyly
        assert set(by_concept) == {"HP:0001083", "HP:0001166"}
        passage = index.store.get_many(by_concept["HP:0001083"])[by_concept["HP:0001083"][0]]
        assert passage.doc_id == "PMID:100" and "HP:0001083" in passage.concepts
    # ingesting with a graph present links at once
    cli("ingest", "literature", str(medline(tmp_path / "b.xml", MARFAN.replace("100", "101"))), "--no-progress")
    with PassageIndex.open(load_settings()) as index:
        assert any(p.concepts for p in index.store.passages_of_document("PMID:101"))


def test_directories_and_archives(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    wheel = tmp_path / "corpus-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("data/pubmed1.xml.gz", gzip.compress(medline(tmp_path / "x.xml", STATINS).read_bytes()))
        archive.writestr("docs/README.md", "# Docs\nNot literature.\n")
        archive.writestr("corpus-1.0.dist-info/top_level.txt", "corpus\n")
    result = cli("ingest", "literature", str(wheel), "--include", "data/*.xml.gz", "--json")
    assert result.code == 0, result.err
    assert [f["file"] for f in json.loads(result.out)["files"]] == ["pubmed1.xml.gz"]
    assert (tiny / "corpus" / wheel.stem / "data" / "pubmed1.xml.gz").is_file()
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "case.md").write_text("# A case of ectopia lentis\nThe lens was displaced.\n")
    (folder / "image.png").write_bytes(b"\x89PNG")
    result = cli("ingest", "literature", str(folder), "--json")
    assert [f["file"] for f in json.loads(result.out)["files"]] == ["case.md"]
    assert cli("ingest", "literature", str(tmp_path / "missing.xml")).code == 1


def test_eval_retrieval_reports_every_mode(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    topics = ["asthma inhalers", "warfarin bleeding", "measles vaccination", "gout allopurinol", "migraine triptans",
              "sepsis lactate"]
    records = {str(1000 + i): {"QUESTION": f"Does {topic} matter?", "CONTEXTS": [f"We studied {topic} in adults."],
                               "LABELS": ["METHODS"], "final_decision": "yes"} for i, topic in enumerate(topics)}
    path = tmp_path / "pqal.json"
    path.write_text(json.dumps(records))
    result = cli("eval", "retrieval", "--dataset", "pubmedqa", "--path", str(path), "--json")
    assert result.code == 0, result.err
    scores = json.loads(result.out)
    assert set(scores) == {"bm25", "dense", "hybrid"}
    for mode in scores.values():
        assert set(mode) == {"recall@1", "recall@5", "recall@10", "mrr"}
        assert 0.0 <= mode["recall@1"] <= mode["recall@5"] <= mode["recall@10"] <= 1.0
    assert scores["bm25"]["recall@1"] == 1.0  # each question names its abstract's topic
    assert not load_settings().passages_path.exists()  # the eval indexed into a scratch directory, not the user's
    table = cli("eval", "retrieval", "--path", str(path))
    assert table.code == 0 and "hybrid" in table.out and "recall@5" in table.out
    assert cli("eval", "retrieval", "--dataset", "bioasq", "--path", str(path)).code == 1


PQAL = SHARED_DATA / "pubmedqa" / "ori_pqal.json"


@pytest.mark.skipif(not PQAL.is_file(), reason=f"no PubMedQA under {SHARED_DATA}")
def test_real_model_hybrid_retrieval_on_pubmedqa_abstracts(tmp_path: Path, data_dir: Path) -> None:
    """The default MiniLM on 150 real PQA-L abstracts: fusion finds each question's abstract in the top 5."""
    from kgrag.eval.retrieval import evaluate_retrieval

    records = json.loads(PQAL.read_text(encoding="utf-8"))
    subset = tmp_path / "pqal150.json"
    subset.write_text(json.dumps(dict(list(records.items())[:150])))
    results = evaluate_retrieval("pubmedqa", subset, load_settings())
    assert results["hybrid"].recall[5] >= 0.95
    assert results["hybrid"].recall[5] >= results["bm25"].recall[5]
    assert results["dense"].recall[10] >= 0.9


CORPORA = [SHARED_DATA / "literature" / "bc5cdr", SHARED_DATA / "literature" / "ncbi_disease", PQAL]


@pytest.mark.skipif(not all(p.exists() for p in CORPORA), reason=f"no literature corpora under {SHARED_DATA}")
def test_shared_corpora_ingest_cleanly(cli: Cli, tiny: Path) -> None:
    result = cli("ingest", "literature", *map(str, CORPORA), "--json", "--no-link")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["skipped"] == []
    by_file = {f["file"]: f for f in report["files"]}
    assert by_file["ori_pqal.json"]["added"] == 1000
    assert by_file["NCBItrainset_corpus.txt"]["documents"] == 593  # one PMID twice: updated in place
    assert sum(f["without_text"] for f in report["files"]) == 0
    counts = stats(cli)
    assert counts["documents"] == sum(f["added"] for f in report["files"])
    assert counts["passages"] == counts["vectors"] == counts["bm25_passages"] == counts["embedded"]


def test_a_long_lived_reader_sees_what_another_process_ingested(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    cli("ingest", "literature", str(medline(tmp_path / "a.xml", MARFAN)), "--no-progress")
    with PassageIndex.open(load_settings()) as reader:  # e.g. the app, open across ingests
        assert reader.search("atorvastatin", "bm25") == []
        cli("ingest", "literature", str(medline(tmp_path / "b.xml", STATINS)), "--no-progress")
        assert reader.search("atorvastatin", "bm25")[0].passage.doc_id == "PMID:200"
        assert "PMID:200" in {h.passage.doc_id for h in reader.search("atorvastatin", "dense", 10)}


def test_an_interrupted_load_resumes_without_re_embedding(cli: Cli, tiny: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from kgrag.text.passage_store import PassageStore

    records = [article(str(pmid), f"Study {pmid}", [("abstract", f"Findings about condition {pmid}.")])
               for pmid in range(1, 8)]
    corpus = medline(tmp_path / "corpus.xml", *records)
    real_write = PassageStore.write
    calls = {"n": 0}

    def crash_on_third_batch(self: PassageStore, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("simulated kill")
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PassageStore, "write", crash_on_third_batch)
    assert cli("ingest", "literature", str(corpus), "--batch-size", "2", "--no-progress").code != 0
    monkeypatch.setattr(PassageStore, "write", real_write)
    assert stats(cli)["documents"] == 4  # two committed batches
    report = json.loads(cli("ingest", "literature", str(corpus), "--batch-size", "2", "--json").out)["files"][0]
    assert (report["unchanged"], report["added"]) == (4, 3)
    final = stats(cli)
    assert final["documents"] == 7 and final["passages"] == final["vectors"] == final["bm25_passages"] == 7


def test_mentioning_loads_a_slice_and_a_later_full_load_adds_the_rest(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    corpus = medline(tmp_path / "pubmed26n0002.xml", MARFAN, STATINS)
    result = cli("ingest", "literature", str(corpus), "--mentioning", "ectopia   LENTIS", "--mentioning", "aort",
                 "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)["files"][0]
    assert (report["documents"], report["filtered_out"], report["added"]) == (2, 1, 1)  # phrase, any case/spacing
    assert stats(cli)["documents"] == 1
    full = json.loads(cli("ingest", "literature", str(corpus), "--json").out)["files"][0]
    assert (full["added"], full["unchanged"], full["filtered_out"]) == (1, 1, 0)  # the slice is not embedded again
    assert cli("ingest", "literature", str(corpus), "--mentioning", " ").code == 1  # no term: a usage error


def test_mention_filter_matches_whole_words_literally() -> None:
    from ingest.literature import Document, Section
    from ingest.literature_loader import MentionFilter

    def doc(text: str) -> Document:
        return Document("PMID:1", "", (Section("abstract", text),), "f", 1)

    wanted = MentionFilter(["aorta", "c++", "heart valve"])
    assert wanted(doc("the aorta was dilated")) and wanted(doc("Heart\nvalve disease")) and wanted(doc("c++ code"))
    assert not wanted(doc("aortas")) and not wanted(doc("heartvalve")) and not wanted(doc("cxx"))


def snippets(path: Path, *records: tuple[str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "title": "T " + i, "text": t}) + "\n" for i, t in records),
                    encoding="utf-8")
    return path


def test_several_records_with_one_id_are_merged_never_silently_replaced(cli: Cli, tiny: Path,
                                                                        tmp_path: Path) -> None:
    corpus = snippets(tmp_path / "snippets.jsonl", ("PMID:1", "Kohlrabi lowers nothing."),
                      ("PMID:1", "Betel nuts were chewed daily."), ("PMID:2", "MK-1602 was given."))
    report = json.loads(cli("ingest", "literature", str(corpus), "--json").out)["files"][0]
    assert (report["documents"], report["merged"], report["added"]) == (3, 1, 2)
    with PassageIndex.open(load_settings()) as index:
        text = " ".join(p.text for p in index.store.passages_of_document("PMID:1"))
    assert "Kohlrabi" in text and "Betel nuts" in text  # both snippets searchable under their PMID
    assert search(cli, "betel", "bm25")[0]["passage"]["doc_id"] == "PMID:1"  # type: ignore[index]
    again = json.loads(cli("ingest", "literature", str(corpus), "--json").out)["files"][0]
    assert (again["unchanged"], again["passages"]) == (2, 0)  # merged the same way again: idempotent


def test_scattered_records_of_one_id_stop_with_the_line_or_load_separately(cli: Cli, tiny: Path,
                                                                           tmp_path: Path) -> None:
    corpus = snippets(tmp_path / "scattered.jsonl", ("PMID:1", "Kohlrabi."), ("PMID:2", "MK-1602."),
                      ("PMID:1", "Betel nuts."))
    result = cli("ingest", "literature", str(corpus))
    assert result.code == 1 and "scattered.jsonl:3: another record for PMID:1" in result.err
    assert "--same-id separate" in result.err
    report = json.loads(cli("ingest", "literature", str(corpus), "--same-id", "separate", "--json").out)["files"][0]
    assert (report["renamed"], report["added"]) == (1, 3)
    assert {h["passage"]["doc_id"] for h in search(cli, "betel kohlrabi", "bm25")} == {  # type: ignore[index]
        "PMID:1", "PMID:1#2"}
    assert cli("ingest", "literature", str(corpus), "--same-id", "newest").code == 1


def test_a_later_file_replaces_and_counts_it(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    first = snippets(tmp_path / "a.jsonl", ("PMID:1", "Old text about kohlrabi."))
    second = snippets(tmp_path / "b.jsonl", ("PMID:1", "New text about betel nuts."))
    result = cli("ingest", "literature", str(first), str(second), "--json")
    files = json.loads(result.out)["files"]
    assert (files[0]["added"], files[1]["updated"]) == (1, 1)  # a newer version, counted as changed
    assert search(cli, "kohlrabi", "bm25") == [] and search(cli, "betel", "bm25")


def test_an_identical_repeat_is_counted_and_skipped(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    corpus = snippets(tmp_path / "repeat.jsonl", ("PMID:1", "Kohlrabi."), ("PMID:2", "MK-1602."),
                      ("PMID:1", "Kohlrabi."))  # NCBI-disease's training file repeats one abstract like this
    result = cli("ingest", "literature", str(corpus), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)["files"][0]
    assert (report["documents"], report["duplicates"], report["added"]) == (3, 1, 2)


def test_eval_retrieval_reads_a_beir_folder(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    beir = tmp_path / "beir"
    (beir / "qrels").mkdir(parents=True)
    topics = {"d1": ["asthma inhalers in children", "inhaled steroids"], "d2": ["warfarin bleeding"],
              "d3": ["measles vaccination"], "d4": ["gout allopurinol"]}
    (beir / "corpus.jsonl").write_text("".join(  # d1 as two snippet records: merged into one document
        json.dumps({"_id": doc, "title": "", "text": text}) + "\n" for doc, texts in topics.items() for text in texts))
    (beir / "queries.jsonl").write_text("".join(json.dumps({"_id": f"q{i}", "text": texts[-1]}) + "\n"
                                                for i, texts in enumerate(topics.values())))
    (beir / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n" + "".join(
        f"q{i}\t{doc}\t1\n" for i, doc in enumerate(topics)) + "q0\td4\t0\n")
    result = cli("eval", "retrieval", "--dataset", "beir", "--path", str(beir), "--json")
    assert result.code == 0, result.err
    scores = json.loads(result.out)
    assert set(scores) == {"bm25", "dense", "hybrid", "rrf", "fusion"} and scores["fusion"] == "convex"
    assert scores["bm25"]["ndcg@10"] == 1.0 and scores["bm25"]["queries"] == 4  # q0 found its merged d1
    for run in ("dense", "hybrid", "rrf"):
        assert 0.0 <= scores[run]["ndcg@10"] <= 1.0 and 0 <= scores[run]["below_bm25"] <= 4
    table = cli("eval", "retrieval", "--dataset", "beir", "--path", str(beir))
    assert table.code == 0 and "baseline" in table.out
    (beir / "qrels" / "test.tsv").unlink()
    missing = cli("eval", "retrieval", "--dataset", "beir", "--path", str(beir))
    assert missing.code == 1 and "qrels/test.tsv is missing" in missing.err


def test_ndcg_and_recall_follow_their_definitions() -> None:
    from kgrag.eval.beir import ndcg_at, recall_at

    assert ndcg_at(["a", "b"], {"a": 1}) == 1.0
    assert ndcg_at(["x", "a"], {"a": 1}) == pytest.approx(1 / math.log2(3))
    assert ndcg_at(["b", "a"], {"a": 2, "b": 1}) == pytest.approx((1 + 2 / math.log2(3)) / (2 + 1 / math.log2(3)))
    assert recall_at(["a", "x"], {"a": 1, "b": 1}, 100) == 0.5 and ndcg_at(["x"], {}) == 0.0
