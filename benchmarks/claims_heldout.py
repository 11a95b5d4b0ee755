"""Claims on sentences the gold set does not hold: what a change to the claims code does to text it was not written
against, for a person to label.

    # the claims of held-out BioASQ sentences, read by the code on PYTHONPATH (run once per version):
    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_heldout.py read --out new.json
    git worktree add /tmp/base <commit>
    KGRAG_DATA_DIR=.kgrag PYTHONPATH=/tmp/base python benchmarks/claims_heldout.py read --out base.json
    # the claims that differ, sentence by sentence, to label by hand:
    python benchmarks/claims_heldout.py diff base.json new.json
    # a second held-out source: PubMedQA PQA-L long answers (conclusions of abstracts, another register)
    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_heldout.py read --source pubmedqa --out new.json
    # a third: the NCBI-disease test set's PubMed abstracts (research prose on disease genetics)
    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_heldout.py read --source abstracts --out new.json
    # a fourth: the BioCreative V CDR test set's abstracts (chemicals, the diseases they cause or treat)
    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_heldout.py read --source chemicals --out new.json
    # and the development sets of both corpora, kept unread for clean checks
    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_heldout.py read --source abstracts-dev --out new.json
    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_heldout.py read --source chemicals-dev --out new.json
    # and their training sets (abstracts-train, chemicals-train)
    # the sentences an earlier read drew (the draw splits with kgrag's splitter: compare a splitter change so)
    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_heldout.py read --same-as base.json --out new.json
    # the abstracts PubMedQA asks about, and the PubMed snippets BioASQ experts cite (read first in the tenth session)
    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_heldout.py read --source pubmedqa-contexts --out new.json
    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_heldout.py read --source bioasq-snippets --out new.json
    # text past every earlier draw (each read so far took the first 1,500 of its source's shuffled order)
    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_heldout.py read --source bioasq-snippets --skip 1500 --out new.json

The gold set (benchmarks/claims_gold/) is the development set: the extraction rules were written while reading its
errors, so its scores are optimistic. This draws BioASQ 7B/8B expert answers (`../shared/data/bioasq_dev/`) that are
not in it: every sentence of 6-60 words of an `ideal_answer` that mentions a disease, gene, drug, symptom or cause
(a word test on the sentence, never on what kgrag links), shuffled with a fixed seed; or, with `--source pubmedqa`,
the sentences of PubMedQA PQA-L long answers (`../shared/data/pubmedqa/`) the gold set does not hold, by the same
test; or, with `--source abstracts`, the sentences of the NCBI-disease test set's PubMed abstracts
(`../shared/data/literature/ncbi_disease/`), titles as context; or, with `--source chemicals`, those of the BC5CDR
test set (`../shared/data/literature/bc5cdr/`); or, with `--source abstracts-dev` / `chemicals-dev`, those of the
two corpora's development sets; `abstracts-train` / `chemicals-train`, their training sets; `pubmedqa-contexts`, the
sentences of the abstracts PubMedQA PQA-L asks about (before their conclusion); `bioasq-snippets`, the PubMed
snippets BioASQ experts chose as evidence. Once a source's sentences
have been read while writing rules, they are development text too: the first six are now (the two development sets
since the eighth session's clean check); the training sets were read for the ninth session's clean check; the
PubMedQA abstracts for the tenth session's precision sample and the BioASQ snippets for its clean check. Every read
took the first 1,500 of its source's order; `--skip` draws past them. The fifteenth session read BioASQ snippets
1,500-3,400 and NCBI-disease training sentences 1,500-2,700 while writing rules (development text now), labelled
snippets 3,400-4,099 as a clean sample before the rules they then prompted, and kept NCBI-disease training sentences
from 2,700 for its closing clean sample. The eighteenth session took the last unread ones, NCBI-disease training
sentences from 3,000 (381), as its clean sample; every source is now read to its end (the others hold fewer
topical sentences than their draws so far), so fresh text has to come from elsewhere (new weak-model answers).
Only the claims two versions disagree on need reading, which keeps the labelling honest and small. It measures no
score on its own: the labels (README, claims section) are a person's reading of each changed claim against the gold
set's labelling rules.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "benchmarks" / "claims_gold"):
    if str(path) not in sys.path:
        sys.path.append(str(path))  # appended: a PYTHONPATH pointing at another version's tree wins

from sample_sentences import abstracts, bioasq, bioasq_snippets, pubmedqa, pubmedqa_contexts  # noqa: E402  (the gold set's own readers of the answers)

SHARED = ROOT.parent / "shared" / "data"
BIOASQ = SHARED / "bioasq_dev"
GOLD = ROOT / "benchmarks" / "claims_gold" / "gold.jsonl"
TOPIC = re.compile(r"\b(disease|disorder|syndrome|gene|mutation|mutated|inherit|hereditary|phenotype|symptom|sign|"
                   r"feature|deficiency|dystrophy|carcinoma|cancer|tumou?r|treat|drug|caus)", re.I)
SEED = 2026


def held_out(shared: Path, gold: Path, limit: int, source: str = "bioasq", skip: int = 0) -> list[tuple[str, str]]:
    """(question, sentence) pairs of expert answers that the gold set does not hold, in a fixed shuffled order: every
    answer's sentences of 6-60 words as the gold set's sampler reads them, kept when they mention a topic; the
    `limit` after the first `skip` (text past every earlier read's draw is text no rule was written against)."""
    labelled = {json.loads(line)["sentence"].strip() for line in gold.open(encoding="utf-8")}
    seen: set[str] = set()
    pairs: list[tuple[str, str]] = []
    if source == "pubmedqa":
        records = pubmedqa(shared)
    elif source == "pubmedqa-contexts":
        records = pubmedqa_contexts(shared)
    elif source == "bioasq-snippets":
        records = bioasq_snippets(shared)
    elif source == "abstracts":
        records = abstracts(shared)
    elif source == "chemicals":
        records = abstracts(shared, "bc5cdr")
    elif source.startswith(("abstracts-", "chemicals-")):
        corpus, split = source.split("-")
        records = abstracts(shared, {"abstracts": "ncbi_disease", "chemicals": "bc5cdr"}[corpus], split)
    else:
        general, topical = bioasq(shared, every_answer=True)
        records = [*general, *topical]
    for record in records:
        sentence = record["sentence"].strip()
        if sentence in labelled or sentence in seen or not TOPIC.search(sentence):
            continue
        seen.add(sentence)
        pairs.append((record["context"], sentence))
    random.Random(SEED).shuffle(pairs)
    return pairs[skip:skip + limit]


def read(out: Path, limit: int, source: str, same_as: Path | None = None, skip: int = 0) -> None:
    from kgrag.api import KGRAG

    if same_as is not None:
        # The sentences an earlier read drew: the draw splits texts with kgrag's own splitter, so a change to the
        # splitter would otherwise compare two versions on different sentences.
        pairs = [(r["question"], r["sentence"]) for r in json.loads(same_as.read_text(encoding="utf-8"))]
    else:
        folder = {"bioasq": BIOASQ, "pubmedqa": SHARED / "pubmedqa",
                  "abstracts": SHARED / "literature" / "ncbi_disease",
                  "chemicals": SHARED / "literature" / "bc5cdr"}[source.split("-")[0]]
        if not folder.is_dir():
            sys.exit(f"{folder}: not found (the {source} data of ../shared/data)")
        pairs = held_out(SHARED, GOLD, limit, source, skip)
    kg = KGRAG.from_settings()
    rows = []
    for question, sentence in pairs:
        claims = kg.verify(sentence, context=kg.question_context(question)).claims
        rows.append({"question": question, "sentence": sentence,
                     "claims": [[c.subject.text, c.subject.concept_id, c.predicate, c.object.text, c.object.concept_id,
                                 c.negated, c.verdict] for c in claims]})
    out.write_text(json.dumps(rows, indent=0), encoding="utf-8")
    print(f"{len(rows)} sentences, {sum(len(r['claims']) for r in rows)} claims -> {out}")


def diff(base: Path, new: Path) -> None:
    before = {r["sentence"]: r for r in json.loads(base.read_text(encoding="utf-8"))}
    removed = added = changed = 0
    for row in json.loads(new.read_text(encoding="utf-8")):
        old = [tuple(c) for c in before[row["sentence"]]["claims"]] if row["sentence"] in before else []
        now = [tuple(c) for c in row["claims"]]
        if old == now:
            continue
        changed += 1
        print(f"## {row['sentence']}\n   question: {row['question']}")
        for claim in old:
            if claim not in now:
                removed += 1
                print(f"   - {claim}")
        for claim in now:
            if claim not in old:
                added += 1
                print(f"   + {claim}")
    print(f"\n{changed} sentences changed: {removed} claims removed, {added} added")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    reading = commands.add_parser("read", help="claims of the held-out sentences, by the code on the path")
    reading.add_argument("--out", type=Path, required=True)
    reading.add_argument("--limit", type=int, default=1500)
    reading.add_argument("--source", default="bioasq",
                         choices=("bioasq", "pubmedqa", "abstracts", "chemicals", "abstracts-dev", "chemicals-dev",
                                  "abstracts-train", "chemicals-train", "pubmedqa-contexts", "bioasq-snippets"))
    reading.add_argument("--skip", type=int, default=0,
                         help="draw past the first SKIP sentences of the shuffled order (past earlier reads' draws)")
    reading.add_argument("--same-as", type=Path, default=None,
                         help="read the sentences of an earlier read's output instead of drawing them")
    differ = commands.add_parser("diff", help="the claims two reads disagree on")
    differ.add_argument("base", type=Path)
    differ.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "read":
        read(args.out, args.limit, args.source, args.same_as, args.skip)
    else:
        diff(args.base, args.new)


if __name__ == "__main__":
    main()
