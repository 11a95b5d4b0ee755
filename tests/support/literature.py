"""Literature the tests write in the real formats: MEDLINE XML articles, PubTator, PubMedQA JSON."""

from __future__ import annotations

import gzip
from pathlib import Path


def article(pmid: str, title: str, sections: list[tuple[str, str]], year: str = "2020") -> str:
    abstract = "".join(f'<AbstractText Label="{label}">{text}</AbstractText>' for label, text in sections)
    return (f"<PubmedArticle><MedlineCitation><PMID Version=\"1\">{pmid}</PMID><Article>"
            f"<Journal><Title>Test Journal</Title><JournalIssue><PubDate><Year>{year}</Year></PubDate></JournalIssue>"
            f"</Journal><ArticleTitle>{title}</ArticleTitle><Abstract>{abstract}</Abstract></Article>"
            f"</MedlineCitation></PubmedArticle>\n")


def medline(path: Path, *records: str) -> Path:
    text = '<?xml version="1.0"?>\n<PubmedArticleSet>\n' + "".join(records) + "</PubmedArticleSet>\n"
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


MARFAN = article("100", "Ectopia lentis in Marfan syndrome", [
    ("BACKGROUND", "Marfan syndrome is a connective tissue disorder caused by FBN1 variants."),
    ("RESULTS", "Ectopia lentis was found in 60% of patients; arachnodactyly in 80%. " * 12)])


STATINS = article("200", "Statins after myocardial infarction", [
    ("METHODS", "We randomized 4,000 patients to atorvastatin or placebo after infarction.")])


TITLE_ONLY = article("300", "A letter without an abstract", [])


PUBTATOR = (
    "6794356|t|Tricuspid valve regurgitation and lithium carbonate toxicity in a newborn infant.\n"
    "6794356|a|A newborn with massive tricuspid regurgitation is described.\n"
    "6794356\t0\t29\tTricuspid valve regurgitation\tDisease\tD014262\n"
    "6794356\t34\t51\tlithium carbonate\tChemical\tD016651\n"
    "6794356\tCID\tD016651\tD014262\n"
    "\n"
    "8808605|t|G6PD deficiency.\n"
    "8808605|a|In most people with G6PD deficiency the phenotype is moderate.\n"
    "8808605\t0\t15\tG6PD deficiency\tSpecificDisease\tD005955|OMIM:305900\n"
)


PUBMED_XML = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE PubmedArticleSet>
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">21645374</PMID>
    <Article PubModel="Print-Electronic">
      <Journal><Title>BMC plant biology</Title>
        <JournalIssue><PubDate><Year>2011</Year></PubDate></JournalIssue></Journal>
      <ArticleTitle>Do mitochondria play a role in remodelling lace plant leaves?</ArticleTitle>
      <Abstract>
        <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Programmed cell death is <i>regulated</i>.
        </AbstractText>
        <AbstractText Label="RESULTS" NlmCategory="RESULTS">Mitochondria changed.</AbstractText>
      </Abstract>
      <PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
    </Article>
    <MeshHeadingList>
      <MeshHeading><DescriptorName UI="D017209" MajorTopicYN="N">Apoptosis</DescriptorName></MeshHeading>
    </MeshHeadingList>
  </MedlineCitation>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">1</PMID>
    <Article>
      <Journal><Title>Old journal</Title>
        <JournalIssue><PubDate><MedlineDate>1975 Jun-Jul</MedlineDate></PubDate></JournalIssue></Journal>
      <ArticleTitle>A title without an abstract.</ArticleTitle>
    </Article>
  </MedlineCitation>
</PubmedArticle>
<DeleteCitation><PMID Version="1">999</PMID></DeleteCitation>
</PubmedArticleSet>
"""


PUBMEDQA = """{
    "21645374": {
        "QUESTION": "Do mitochondria play a role?",
        "CONTEXTS": ["Programmed cell death is regulated.", "Mitochondria changed."],
        "LABELS": ["BACKGROUND", "RESULTS"],
        "MESHES": ["Apoptosis"],
        "YEAR": "2011",
        "final_decision": "yes"
    },
    "16418930": {"QUESTION": "Is it {braced}?", "CONTEXTS": ["Braces } and { inside text, \\"quoted\\"."],
                 "LABELS": ["METHODS"], "final_decision": "no"}
}
"""

