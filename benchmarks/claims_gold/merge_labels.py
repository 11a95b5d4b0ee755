"""Merge the labellers' parts into `gold.jsonl`, check every record, and print how much the review changed.

    python benchmarks/claims_gold/merge_labels.py

`parts/gold-N.jsonl` are the first labels (one labeller per part); `parts/reviewed-rK.jsonl` are the same
sentences after a second person read every label again (r1: parts 1 and 5, r2: parts 2 and 6, r3: parts 3 and 7,
r4: part 4). Part 8 (the model's own answers) had one labeller and no second reading. The reviewed label wins;
each record keeps the reviewer's `review` note ("" when unchanged) and gets its question as `context` from
`sentences.jsonl`. A record that breaks the format (a verdict outside the four, `negated` not a boolean, an id
missing) stops the merge with `file:line: reason` and writes nothing.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = HERE / "parts"
REVIEWS = {"r1": (1, 5), "r2": (2, 6), "r3": (3, 7), "r4": (4,)}
UNREVIEWED = (8,)
VERDICTS = {"supported", "contradicted", "not_in_kg", "unlinked"}
PREDICATES = {"has_phenotype", "has_mode_of_inheritance", "causes", "associated_with", "treats",
              "contraindicated_for", "causes_adverse_effect", "targets", "interacts_with", "is_a", "located_in"}


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def problem(record: dict) -> str:
    """Why a record is not a valid gold record ("" when it is)."""
    if not isinstance(record.get("claims"), list):
        return "claims must be a list"
    for number, claim in enumerate(record["claims"], 1):
        for role in ("subject", "object"):
            end = claim.get(role)
            if not isinstance(end, dict) or not isinstance(end.get("text"), str) or not isinstance(end.get("ids"),
                                                                                                    list):
                return f"claim {number}: {role} must be {{text, ids}}"
        if claim.get("predicate") not in PREDICATES:
            return f"claim {number}: unknown predicate {claim.get('predicate')!r}"
        if not isinstance(claim.get("negated"), bool):
            return f"claim {number}: negated must be true or false, not {claim.get('negated')!r}"
        if claim.get("verdict") not in VERDICTS:
            return f"claim {number}: unknown verdict {claim.get('verdict')!r}"
        unlinked = not claim["subject"]["ids"] or not claim["object"]["ids"]
        if unlinked != (claim["verdict"] == "unlinked"):
            return f"claim {number}: verdict {claim['verdict']} but an end {'lacks' if unlinked else 'has'} ids"
    return ""


def triples(record: dict) -> Counter[tuple]:
    return Counter((tuple(sorted(c["subject"]["ids"])), c["predicate"], tuple(sorted(c["object"]["ids"])),
                    c["negated"], c["verdict"]) for c in record.get("claims", []))


def main() -> int:
    contexts = {r["id"]: r.get("context", "") for r in read(HERE / "sentences.jsonl")}
    merged: dict[str, dict] = {}
    changed = Counter[str]()
    first_claims = Counter[str]()
    for review, parts in REVIEWS.items():
        reviewed_path = PARTS / f"reviewed-{review}.jsonl"
        reviewed = {r["id"]: (number, r) for number, r in enumerate(read(reviewed_path), 1)}
        for part in parts:
            for first in read(PARTS / f"gold-{part}.jsonl"):
                if first["id"] not in reviewed:
                    print(f"{reviewed_path}: {first['id']} (part {part}) was not reviewed", file=sys.stderr)
                    return 1
                line, record = reviewed[first["id"]]
                if why := problem(record):
                    print(f"{reviewed_path}:{line}: {why}", file=sys.stderr)
                    return 1
                merged[record["id"]] = record
                first_claims[review] += len(first["claims"])
                changed[review] += triples(first) != triples(record) or first["skip"] != record["skip"]
    for part in UNREVIEWED:
        path = PARTS / f"gold-{part}.jsonl"
        for line, record in enumerate(read(path), 1):
            if why := problem(record):
                print(f"{path}:{line}: {why}", file=sys.stderr)
                return 1
            merged[record["id"]] = {**record, "review": "not reviewed (one labeller)"}
    missing = sorted(set(contexts) - set(merged), key=lambda i: int(i[1:]))
    if missing:
        print(f"sentences without labels: {', '.join(missing[:10])}", file=sys.stderr)
        return 1
    ordered = sorted(merged.values(), key=lambda r: int(r["id"][1:]))
    with (HERE / "gold.jsonl").open("w", encoding="utf-8") as out:
        for record in ordered:
            keep = {key: record[key] for key in ("id", "source", "sentence", "claims", "skip")}
            out.write(json.dumps({**keep, "context": contexts[record["id"]], "review": record.get("review", "")},
                                 ensure_ascii=False) + "\n")
    reviewed_sentences = sum(len(read(PARTS / f"gold-{p}.jsonl")) for parts in REVIEWS.values() for p in parts)
    claims = [c for r in ordered if not r["skip"] for c in r["claims"]]
    print(f"gold.jsonl: {len(ordered)} sentences ({sum(1 for r in ordered if r['skip'])} skipped), "
          f"{len(claims)} claims; verdicts {dict(Counter(c['verdict'] for c in claims).most_common())}")
    print(f"second reading changed the claims of {sum(changed.values())} of {reviewed_sentences} sentences "
          f"({sum(changed.values()) / reviewed_sentences:.1%}): "
          + ", ".join(f"{k} {changed[k]}" for k in REVIEWS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
