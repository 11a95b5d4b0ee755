"""Build `corrupted.jsonl`: true gold sentences edited so that one supported claim becomes false.

    KGRAG_DATA_DIR=.kgrag python benchmarks/claims_gold/make_corrupted.py

From each gold claim that is `supported` and whose ends are written verbatim in the sentence, one edit of the
sentence's own words (deterministic; a fixed seed picks replacements):
- `swapped_inheritance`: the mode's words change, dominant <-> recessive, X-linked -> autosomal dominant. Kept only
  when the new mode is none of the disease's recorded modes (nor above or below one of them): expected
  `contradicted`.
- `swapped_gene`: the gene's symbol becomes another gene, taken from other gold claims, that the graph does not
  associate with the disease, written as the graph names it (its HGNC symbol). Expected `contradicted` when the
  disease has one to three recorded genes (the gold set's rule), `not_in_kg` otherwise.
- `swapped_phenotype`: the feature's words become another gold claim's feature, one the disease is annotated with
  neither at nor below: expected `not_in_kg` (phenotypes are open-world).
- `negated`: the verb between the two ends is denied in its common forms ("is not", "does not", "cannot", "has not
  been"): expected `contradicted` (a negated claim the graph states positively).

The expected verdicts come from the graph by the labellers' rules (`lookup.py`'s reading), never from kgrag's
verifier. Each record keeps the original sentence and gold id.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from lookup import _ancestors, recorded_genes  # noqa: E402

from kgrag.config import load_settings  # noqa: E402
from kgrag.graph import GraphStore, open_graph_store  # noqa: E402

SEED = 17
AD, AR, XL = "HP:0000006", "HP:0000007", "HP:0001417"
NEGATIONS = [  # (pattern between the two ends, replacement): the common forms of denial
    (re.compile(r"\b(can|could|will|would|may|might|should|must)\b", re.I),
     lambda m: "cannot" if m.group(1).lower() == "can" else f"{m.group(1)} not"),
    (re.compile(r"\b(has|have) been\b", re.I), lambda m: f"{m.group(1)} not been"),
    (re.compile(r"\b(is|are|was|were)\b", re.I), lambda m: f"{m.group(1)} not"),
    (re.compile(r"\b(causes|leads|results|presents|includes|shows|exhibits|displays|develops|involves|has|"
                r"features|manifests|affects)\b"),
     lambda m: "does not " + {"has": "have"}.get(m.group(1), m.group(1)[:-1])),
    (re.compile(r"\b(cause|lead|result|present|include|show|exhibit|display|develop|involve|have|manifest|"
                r"affect)\b"), lambda m: f"do not {m.group(1)}"),
]
OPENING = re.compile(r"((yes|no)[,.]?\s+)?((the|a|an)\s+)?", re.I)
DENIAL = re.compile(r"\b(not|no|never|neither|nor|cannot|without|absence|absent|lack\w*)\b", re.I)


def own_edges(store: GraphStore, concept_id: str) -> list:
    return store.neighbors([concept_id], hops=1, limit=5000, max_degree=5000).relations


def modes_of(store: GraphStore, ids: list[str]) -> set[str]:
    return {e.object for i in ids for e in own_edges(store, i)
            if e.subject == i and e.predicate == "has_mode_of_inheritance" and not e.negated}


class Annotations:
    """The terms each disease is annotated with, closed upwards over is_a (cached: one walk per disease)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._closed: dict[str, set[str]] = {}

    def covers(self, ids: list[str], term: str) -> bool:
        """Whether a disease is annotated with `term` or a term below it (positively or as a NOT annotation)."""
        return any(term in self._closure(i) for i in ids)

    def _closure(self, disease: str) -> set[str]:
        if disease not in self._closed:
            direct = {e.object for e in own_edges(self.store, disease)
                      if e.subject == disease and e.predicate == "has_phenotype"}
            self._closed[disease] = direct.union(*(_ancestors(self.store, t) for t in direct))
        return self._closed[disease]


def names_exactly(store: GraphStore, end: dict) -> bool:
    """Whether an end's text is its concept's own name or synonym (a clean phrase to put in another sentence)."""
    concept = store.get(end["ids"][0])
    return concept is not None and end["text"].lower() in {n.lower() for n in (concept.name, *concept.synonyms)}


def find(sentence: str, text: str) -> int:
    return sentence.find(text) if text else -1


def swapped_mode(text: str) -> tuple[str, str] | None:
    if re.search(r"x-linked", text, re.I):
        return re.sub(r"x-linked( (dominant|recessive))?", "autosomal dominant", text, flags=re.I), AD
    if re.search(r"dominant", text, re.I):
        return re.sub(r"dominant", lambda m: "Recessive" if m.group(0)[0].isupper() else "recessive", text,
                      flags=re.I), AR
    if re.search(r"recessive", text, re.I):
        return re.sub(r"recessive", lambda m: "Dominant" if m.group(0)[0].isupper() else "dominant", text,
                      flags=re.I), AD
    return None


def record(gold: dict, kind: str, sentence: str, claim: dict) -> dict:
    return {"id": f"{gold['id']}-{kind}", "original_id": gold["id"], "source": gold["source"],
            "original": gold["sentence"], "sentence": sentence, "context": gold.get("context", ""),
            "claims": [{**claim, "kind": kind}], "skip": ""}


def corruptions(store: GraphStore, annotations: Annotations, gold: dict, claim: dict, rng: random.Random,
                genes: list[tuple[str, str]], features: list[tuple[str, str]]) -> Iterator[dict]:
    sentence, subject, obj = gold["sentence"], claim["subject"], claim["object"]
    start_s, start_o = find(sentence, subject["text"]), find(sentence, obj["text"])
    if start_s < 0 or start_o < 0:
        return
    predicate = claim["predicate"]
    if predicate == "has_mode_of_inheritance" and subject["ids"]:
        swapped = swapped_mode(obj["text"])
        recorded = modes_of(store, subject["ids"])
        if swapped and recorded:
            text, mode = swapped
            related = {mode} | _ancestors(store, mode)
            if not any(r in related or mode in _ancestors(store, r) for r in recorded):
                yield record(gold, "swapped_inheritance", sentence.replace(obj["text"], text, 1),
                             {**claim, "object": {"text": text, "ids": [mode]}, "verdict": "contradicted"})
    if predicate in ("causes", "associated_with") and subject["ids"] and subject["ids"][0].startswith("NCBIGene:"):
        gene = store.get(subject["ids"][0])
        disease = obj["ids"]
        recorded = recorded_genes(store, disease)
        if gene is not None and re.search(rf"\b{re.escape(gene.name)}\b", subject["text"]):
            choices = [g for g in genes if g[0] not in recorded and g[1] not in sentence]
            if choices and recorded:
                new_id, _ = rng.choice(choices)
                # Written as the graph names the gene (its HGNC symbol): a symbol the graph does not know ("LIS1"
                # for PAFAH1B1) would make the claim `unlinked`, not a test of the contradiction rule.
                replacement = store.get(new_id)
                new_symbol = replacement.name if replacement is not None else new_id
                text = re.sub(rf"\b{re.escape(gene.name)}\b", new_symbol, subject["text"])
                verdict = "contradicted" if len(recorded) <= 3 else "not_in_kg"
                yield record(gold, "swapped_gene", sentence.replace(subject["text"], text, 1),
                             {**claim, "subject": {"text": text, "ids": [new_id]}, "verdict": verdict})
    if predicate == "has_phenotype" and obj["ids"] and subject["ids"]:
        choices = [f for f in features if f[1].lower() not in sentence.lower()
                   and not annotations.covers(subject["ids"], f[0])]
        if choices:
            term, text = rng.choice(choices)
            yield record(gold, "swapped_phenotype", sentence.replace(obj["text"], text, 1),
                         {**claim, "object": {"text": text, "ids": [term]}, "verdict": "not_in_kg"})
    if not claim["negated"]:
        denied = negated_sentence(sentence, subject["text"], obj["text"], start_s, start_o)
        if denied:
            yield record(gold, "negated", denied, {**claim, "negated": True, "verdict": "contradicted"})


def negated_sentence(sentence: str, subject: str, obj: str, start_s: int, start_o: int) -> str:
    """The sentence with the verb between its two ends denied, or "" where that is not a clean edit: only a
    main clause that opens with one end ("Yes," aside) and reaches the other within six words, with no comma or
    bracket between them (where the verb might govern something else), no denial already there, and no adverb
    after the verb ("not commonly associated" hedges rather than denies)."""
    low, high = sorted((start_s, start_o))
    first = subject if low == start_s else obj
    if not OPENING.fullmatch(sentence[:low]):
        return ""
    window_start = low + len(first)
    between = sentence[window_start:high]
    if not between.strip() or len(between.split()) > 6 or re.search(r"[,;:()\[\]]", between) \
            or DENIAL.search(between):
        return ""
    for pattern, replace in NEGATIONS:
        match = pattern.search(between)
        if match and not re.match(r"\s+\w+ly\b", between[match.end():]):  # "not commonly": a hedge, not a denial
            return sentence[:window_start] + between[:match.start()] + replace(match) + between[match.end():] \
                + sentence[high:]
    return ""


def main() -> int:
    gold = [json.loads(line) for line in (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    kept = [g for g in gold if not g["skip"]]
    supported = [(g, c) for g in kept for c in g["claims"] if c["verdict"] == "supported"]
    genes = sorted({(c["subject"]["ids"][0], c["subject"]["text"]) for g in kept for c in g["claims"]
                    if c["subject"]["ids"] and c["subject"]["ids"][0].startswith("NCBIGene:")
                    and re.fullmatch(r"[A-Z0-9-]{2,10}", c["subject"]["text"])})
    rng = random.Random(SEED)
    settings = load_settings()
    store = open_graph_store(settings, create=False)
    features = sorted({(c["object"]["ids"][0], c["object"]["text"]) for g in kept for c in g["claims"]
                       if c["predicate"] == "has_phenotype" and len(c["object"]["ids"]) == 1
                       and c["object"]["ids"][0].startswith("HP:") and names_exactly(store, c["object"])})
    annotations = Annotations(store)
    try:
        found = [r for g, c in supported for r in corruptions(store, annotations, g, c, rng, genes, features)]
    finally:
        store.close()
    records: dict[str, dict] = {}  # one record per corrupted sentence, with every claim that edit made false
    for item in found:
        same = records.setdefault(item["sentence"], {**item, "claims": []})
        same["claims"].extend(item["claims"])
    seen: Counter[str] = Counter()
    with (HERE / "corrupted.jsonl").open("w", encoding="utf-8") as out:
        for item in records.values():
            seen[item["id"]] += 1
            if seen[item["id"]] > 1:  # another edit of the same sentence of the same kind
                item["id"] = f"{item['id']}-{seen[item['id']]}"
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    kinds = Counter(claim["kind"] for item in records.values() for claim in item["claims"])
    print(f"corrupted.jsonl: {len(records)} corrupted sentences, {sum(kinds.values())} corrupted claims from "
          f"{len(supported)} supported claims: {dict(kinds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
