"""Answers a real (tiny) model wrote to BioASQ questions about genetic diseases, for the gold set's model sentences.

    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_gold/model_answers.py --n 30

The configured answering model (the default SmolLM2-135M) answers each question through `KGRAG.ask` with the HPO
graph as evidence and verification off (the gold labels must not see kgrag's verdicts). Questions are a seeded
sample of BioASQ 7B/8B questions whose wording asks about a disease's genes, inheritance or features.
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kgrag import KGRAG  # noqa: E402
from kgrag.errors import UserError  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from sample_sentences import GENETIC  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("model_answers.jsonl"))
    args = parser.parse_args()
    questions = [(q["id"], q["body"]) for path in sorted(glob.glob(str(args.shared / "bioasq_dev" / "*.json")))
                 for q in json.load(open(path, encoding="utf-8"))["questions"] if GENETIC.search(q["body"])]
    chosen = random.Random(args.seed).sample(sorted(questions), args.n)
    with KGRAG.from_settings() as kg, args.out.open("w", encoding="utf-8") as out:
        for qid, question in chosen:
            try:
                answer = kg.ask(question, use_passages=False, verify="off")
            except UserError as exc:
                print(f"{qid}: {exc}", file=sys.stderr)
                continue
            out.write(json.dumps({"qid": qid, "question": question, "model": answer.model,
                                  "answer": answer.text}, ensure_ascii=False) + "\n")
            out.flush()
            print(f"{qid}: {len(answer.text)} characters", file=sys.stderr)


if __name__ == "__main__":
    main()
