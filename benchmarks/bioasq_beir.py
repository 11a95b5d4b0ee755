"""Assemble a BEIR-format medical retrieval set from the BioASQ 7B/8B golden files (real expert questions).

    python benchmarks/bioasq_beir.py OUT_DIR [--bioasq DIR] [--split-every 2]

BioASQ experts answered each question from PubMed abstracts and listed the documents they used and the
snippets they quoted from each. The corpus is every gold document, one record per quoted snippet keyed by its
PMID (the layout whose duplicate ids the literature loader merges; records of one PMID are written together),
the queries are the questions, and a document is relevant (grade 1) to the questions that cite it. It is a
pooled corpus: every document is relevant to some question, so it is harder than it looks (thousands of
on-topic distractors), though easier than all of PubMed. `--split-every N` writes every N-th question to
qrels/dev.tsv and the rest to qrels/test.tsv, so a choice can be made on dev and reported on test.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

DEFAULT_BIOASQ = Path(__file__).resolve().parents[2] / "shared" / "data" / "bioasq_dev"


def pmid(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--bioasq", type=Path, default=DEFAULT_BIOASQ)
    parser.add_argument("--split-every", type=int, default=2)
    args = parser.parse_args()
    snippets: dict[str, dict[str, None]] = {}  # pmid -> snippet texts, first-seen order, each once
    titles: dict[str, str] = {}
    questions: dict[str, str] = {}
    qrels: dict[str, set[str]] = {}
    for file in sorted(args.bioasq.glob("*golden*.json")):
        for question in json.loads(file.read_text(encoding="utf-8"))["questions"]:
            qid = str(question["id"])
            if qid in questions:
                continue  # 7B and 8B share a few questions
            cited = set()
            for snippet in question.get("snippets", []):
                doc = pmid(snippet["document"])
                text = " ".join(str(snippet["text"]).split())
                if not text:
                    continue
                if snippet.get("beginSection") == "title":
                    titles.setdefault(doc, text)
                else:
                    snippets.setdefault(doc, {})[text] = None
                cited.add(doc)
            if cited:
                questions[qid] = " ".join(str(question["body"]).split())
                qrels[qid] = cited
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "qrels").mkdir(exist_ok=True)
    documents = sorted(set(snippets) | set(titles))
    with (args.out / "corpus.jsonl").open("w", encoding="utf-8") as corpus:
        for doc in documents:
            for text in snippets.get(doc) or {titles[doc]: None}:
                corpus.write(json.dumps({"_id": doc, "title": titles.get(doc, ""), "text": text}) + "\n")
    with (args.out / "queries.jsonl").open("w", encoding="utf-8") as out:
        for qid, text in questions.items():
            out.write(json.dumps({"_id": qid, "text": text}) + "\n")
    splits = {"dev": (args.out / "qrels" / "dev.tsv").open("w", encoding="utf-8"),
              "test": (args.out / "qrels" / "test.tsv").open("w", encoding="utf-8")}
    for handle in splits.values():
        handle.write("query-id\tcorpus-id\tscore\n")
    for number, (qid, docs) in enumerate(qrels.items()):
        handle = splits["dev" if number % args.split_every == 0 else "test"]
        for doc in sorted(docs):
            handle.write(f"{qid}\t{doc}\t1\n")
    for handle in splits.values():
        handle.close()
    print(f"{len(documents):,} documents, {sum(len(s) or 1 for s in snippets.values()):,} snippet records, "
          f"{len(questions):,} questions -> {args.out}")


if __name__ == "__main__":
    main()
