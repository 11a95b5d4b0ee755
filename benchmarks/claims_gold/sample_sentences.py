"""Draw the sentences of the claims gold set from real text nobody here wrote (reproducible: a fixed seed).

    python benchmarks/claims_gold/sample_sentences.py --shared ../shared/data

- BioASQ 7B/8B `ideal_answer` texts (experts' answers): 150 sentences drawn at random from every question, and 220
  from questions whose wording names a disease, gene, mutation, inheritance, syndrome or symptom (chosen by the
  question's words, never by what kgrag links, so the set does not favour the linker).
- PubMedQA PQA-L `LONG_ANSWER`s (authors' conclusions): 40 sentences.
- Model answers: 40 sentences of the replies SmolLM2 wrote in the committed MIRAGE run logs (docs/eval-dev).
- A second draw (ids from s430): 360 more BioASQ sentences, from every expert answer (questions often have
  several) to questions that ask about a disease's genes, inheritance or features (again chosen by the
  question's words), because the first draw gave fewer than 400
  claims: most expert sentences are about molecules, trials and methods, where kgrag's vocabulary has no claim.

- A third draw (after the second): every sentence of the answers SmolLM2 wrote to 30 BioASQ questions about
  genetic diseases (`model_answers.py`, `model_answers.jsonl`), for model prose about the graph's own domain.

Sentences are split with kgrag's splitter; 6-60 words are kept (shorter ones are headings, longer ones lists).
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # appended: a PYTHONPATH pointing at another version's tree wins (claims_heldout.py)

from ingest.literature import parse  # noqa: E402
from kgrag.text.sentences import sentences  # noqa: E402

GENETIC = re.compile(r"\b(inherit\w*|mode of inheritance|genes?|mutat\w*|syndrome|phenotypes?|symptoms?|features?|"
                     r"manifestations?|characteri[sz]\w*|caused? by|causes?|hereditary|familial)\b", re.I)
TOPIC = re.compile(r"\b(disease|disorder|syndrome|gene|mutation|mutated|inherit|hereditary|phenotype|symptom|"
                   r"sign|feature|deficiency|dystrophy|carcinoma|cancer|tumou?r)", re.I)


def _keep(sentence: str) -> bool:
    return 6 <= len(sentence.split()) <= 60


def bioasq(shared: Path, every_answer: bool = False) -> tuple[list[dict], list[dict]]:
    """(general, topical) sentences of the first ideal answer of each question (of every one, `every_answer`:
    many questions have several experts' answers)."""
    general, topical = [], []
    for path in sorted(glob.glob(str(shared / "bioasq_dev" / "*.json"))):
        task = Path(path).name.split("__")[-1].removesuffix("_golden.json")
        for question in json.load(open(path, encoding="utf-8"))["questions"]:
            ideal = question.get("ideal_answer") or []
            texts = ideal if isinstance(ideal, list) else [str(ideal)]
            for answer, text in enumerate(texts if every_answer else texts[:1]):
                for number, (_, sentence) in enumerate(sentences(text)):
                    if not _keep(sentence):
                        continue
                    suffix = f"#{number}" if answer == 0 else f"#a{answer}.{number}"
                    record = {"source": f"bioasq:{task}:{question['id']}{suffix}", "context": question["body"],
                              "sentence": sentence}
                    (topical if TOPIC.search(question["body"]) else general).append(record)
    return general, topical


def pubmedqa(shared: Path) -> list[dict]:
    data = json.load(open(shared / "pubmedqa" / "ori_pqal.json", encoding="utf-8"))
    return [{"source": f"pubmedqa:{pmid}#{n}", "context": item["QUESTION"], "sentence": s}
            for pmid, item in data.items() for n, (_, s) in enumerate(sentences(item["LONG_ANSWER"])) if _keep(s)]


def pubmedqa_contexts(shared: Path) -> list[dict]:
    """Sentences of the abstracts PubMedQA PQA-L asks about (their sections before the conclusion), each with
    its question as context: clinical research prose that no claims rule was written against."""
    data = json.load(open(shared / "pubmedqa" / "ori_pqal.json", encoding="utf-8"))
    return [{"source": f"pubmedqa-context:{pmid}#{p}.{n}", "context": item["QUESTION"], "sentence": s}
            for pmid, item in data.items() for p, section in enumerate(item["CONTEXTS"])
            for n, (_, s) in enumerate(sentences(section)) if _keep(s)]


def bioasq_snippets(shared: Path) -> list[dict]:
    """Sentences of the PubMed snippets BioASQ experts chose as evidence for each question, the question as
    context: the literature an answer cites rather than the answer."""
    out: list[dict] = []
    for path in sorted(glob.glob(str(shared / "bioasq_dev" / "*.json"))):
        for question in json.load(open(path, encoding="utf-8"))["questions"]:
            for k, snippet in enumerate(question.get("snippets") or []):
                out += [{"source": f"bioasq-snippet:{question['id']}#{k}.{n}", "context": question["body"],
                         "sentence": s} for n, (_, s) in enumerate(sentences(snippet["text"])) if _keep(s)]
    return out


ABSTRACT_FILES = {("ncbi_disease", "test"): "NCBItestset_corpus.txt",
                  ("ncbi_disease", "dev"): "NCBIdevelopset_corpus.txt",
                  ("ncbi_disease", "train"): "NCBItrainset_corpus.txt",
                  ("bc5cdr", "test"): "CDR_TestSet.PubTator.txt", ("bc5cdr", "dev"): "CDR_DevelopmentSet.PubTator.txt",
                  ("bc5cdr", "train"): "CDR_TrainingSet.PubTator.txt"}


def abstracts(shared: Path, corpus: str = "ncbi_disease", split: str = "test") -> list[dict]:
    """Sentences of a PubTator set's PubMed abstracts (title and abstract, read by kgrag's own PubTator
    parser), each with its title as context: research prose that no claims rule was written against.
    `ncbi_disease`: the NCBI-disease corpus (disease genetics); `bc5cdr`: the BioCreative V CDR corpus
    (chemicals and the diseases they cause or treat); `split` picks its test, development or training set."""
    path = shared / "literature" / corpus / ABSTRACT_FILES[(corpus, split)]
    out: list[dict] = []
    for document in parse(path):
        pmid = document.doc_id.removeprefix("PMID:")
        for kind, text in (("t", document.title), ("a", document.text)):
            out += [{"source": f"{corpus.replace('_', '-')}:{split}:{pmid}#{kind}{n}", "context": document.title,
                     "sentence": s}
                    for n, (_, s) in enumerate(sentences(text)) if _keep(s)]
    return out


def model_answers() -> list[dict]:
    out = []
    for path in sorted(glob.glob(str(ROOT / "docs" / "eval-dev" / "mirage-*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            record = json.loads(line)
            reply = record.get("reply") or ""
            try:  # MIRAGE asks for JSON: the prose is the step-by-step thinking
                reply = json.loads(reply).get("step_by_step_thinking", reply)
            except (ValueError, AttributeError):
                pass
            for n, (_, s) in enumerate(sentences(str(reply))):
                if _keep(s) and not s.lstrip().startswith("{"):
                    out.append({"source": f"model:smollm2:{Path(path).stem}:{record['qid']}#{n}",
                                "context": record["qid"], "sentence": s})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("sentences.jsonl"))
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    general, topical = bioasq(args.shared)
    drawn = (rng.sample(general + topical, 150) + rng.sample(topical, 220) + rng.sample(pubmedqa(args.shared), 40)
             + rng.sample(model_answers(), 40))
    seen: set[str] = set()
    first = [r for r in drawn if not (r["sentence"] in seen or seen.add(r["sentence"]))]
    every = [r for group in bioasq(args.shared, every_answer=True) for r in group]
    genetic = [r for r in every if GENETIC.search(r["context"]) and r["sentence"] not in seen]
    second = [r for r in rng.sample(genetic, min(len(genetic), 400)) if not (r["sentence"] in seen
                                                                             or seen.add(r["sentence"]))][:360]
    third = []
    answers = Path(__file__).with_name("model_answers.jsonl")
    for line in answers.read_text(encoding="utf-8").splitlines() if answers.is_file() else []:
        answer = json.loads(line)
        if answer["model"] == "(not called)":
            continue
        for n, (_, sentence) in enumerate(sentences(answer["answer"])):
            if _keep(sentence) and not (sentence in seen or seen.add(sentence)):
                third.append({"source": f"model:smollm2:bioasq:{answer['qid']}#{n}", "context": answer["question"],
                              "sentence": sentence})
    with args.out.open("w", encoding="utf-8") as out:
        for number, record in enumerate(first + second + third):
            out.write(json.dumps({"id": f"s{number + 1:03d}", **record}, ensure_ascii=False) + "\n")
    print(f"{len(first)} + {len(second)} + {len(third)} sentences -> {args.out}")


if __name__ == "__main__":
    main()
