"""Write a synthetic UMLS release (RRF) with real layouts and real-looking distributions.

No licensed data is involved: identifiers, strings and codes are generated. Shapes follow a real
Metathesaurus: about 4 atoms per concept, 85% English, a few percent suppressed atoms, codes of the
usual sources, one or two semantic types, definitions for about a third of concepts, and MRREL rows in
which plain hierarchy, mapped RO labels, unmapped RO labels, siblings, qualifiers, broader/narrower and
synonymy occur in proportions close to a real release (most relations listed in both directions).

    python benchmarks/rrf_synth.py OUT_DIR --mrconso 2000000 --mrrel 10000000
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

from ingest.rrf import DEFAULT_LAYOUTS

SABS = [("MSH", 0.22), ("SNOMEDCT_US", 0.25), ("NCI", 0.12), ("RXNORM", 0.1), ("MTH", 0.08), ("MDR", 0.08),
        ("LNC", 0.06), ("HPO", 0.03), ("DRUGBANK", 0.02), ("OMIM", 0.02), ("HGNC", 0.02)]
LANGS = [("ENG", 0.85), ("SPA", 0.06), ("FRE", 0.05), ("GER", 0.04)]
TUIS = [("T047", "Disease or Syndrome"), ("T184", "Sign or Symptom"), ("T121", "Pharmacologic Substance"),
        ("T109", "Organic Chemical"), ("T023", "Body Part, Organ, or Organ Component"),
        ("T061", "Therapeutic or Preventive Procedure"), ("T028", "Gene or Genome"), ("T033", "Finding"),
        ("T169", "Functional Concept"), ("T191", "Neoplastic Process")]
# (REL, RELA, weight, emitted in both directions)
RELATIONS = [
    ("CHD", "isa", 0.12, True), ("CHD", "", 0.06, True),
    ("RO", "may_treat", 0.02, True), ("RO", "has_finding_site", 0.03, True), ("RO", "associated_with", 0.02, True),
    ("RO", "has_manifestation", 0.01, True), ("RO", "cause_of", 0.01, True),
    ("RO", "has_ingredient", 0.08, True), ("RO", "has_method", 0.06, True), ("RO", "mapped_to", 0.06, True),
    ("SIB", "", 0.22, False), ("AQ", "", 0.06, False), ("QB", "", 0.04, False),
    ("RB", "", 0.05, True), ("RQ", "", 0.04, False), ("SY", "", 0.06, False), ("RO", "", 0.06, False),
]
INVERSE = {"isa": "inverse_isa", "may_treat": "may_be_treated_by", "has_finding_site": "finding_site_of",
           "associated_with": "associated_with", "has_manifestation": "manifestation_of", "cause_of": "due_to",
           "has_ingredient": "ingredient_of", "has_method": "method_of", "mapped_to": "mapped_from", "": ""}
INVERSE_REL = {"CHD": "PAR", "RB": "RN", "RO": "RO"}
SYLLABLES = ["neuro", "cardi", "hepat", "nephr", "oste", "derm", "gastr", "pulmon", "myel", "arthr", "angi",
             "encephal", "lymph", "thyro", "cyt", "path", "plas", "troph", "megal", "scler"]
SUFFIXES = ["itis", "osis", "oma", "algia", "emia", "opathy", "ectomy", "ology", "ase", "ine", "ol", "ide"]


def _picker(rng: random.Random, weighted: list[tuple[str, float]]) -> Callable[[], str]:
    values, weights = [v for v, _ in weighted], [w for _, w in weighted]
    pool = rng.choices(values, weights=weights, k=100_003)
    state = {"i": 0}

    def pick() -> str:
        state["i"] = (state["i"] + 1) % len(pool)
        return pool[state["i"]]

    return pick


def _term(rng: random.Random) -> str:
    words = [rng.choice(SYLLABLES) + rng.choice(SUFFIXES) for _ in range(rng.randint(1, 4))]
    return " ".join(words).capitalize()


def _code(sab: str, n: int) -> str:
    return {"MSH": f"D{n % 1_000_000:06d}", "SNOMEDCT_US": str(100_000 + n), "NCI": f"C{n}",
            "RXNORM": str(n), "HPO": f"HP:{n % 10_000_000:07d}", "DRUGBANK": f"DB{n % 100_000:05d}",
            "OMIM": f"{100_000 + n % 900_000:06d}", "HGNC": f"HGNC:{n % 60_000}"}.get(sab, f"X{n}")


class _Writer:
    def __init__(self, path: Path) -> None:
        self.handle = path.open("w", encoding="utf-8", newline="\n")
        self.buffer: list[str] = []

    def row(self, fields: list[str]) -> None:
        self.buffer.append("|".join(fields) + "|\n")
        if len(self.buffer) >= 50_000:
            self.handle.write("".join(self.buffer))
            self.buffer = []

    def close(self) -> None:
        self.handle.write("".join(self.buffer))
        self.handle.close()


def write_release(out: Path, mrconso: int, mrrel: int, seed: int = 7) -> dict[str, int]:
    """Write MRCONSO, MRSTY, MRDEF, MRREL, MRSAB and MRFILES under `out`; returns row counts per file."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    sab, lang = _picker(rng, SABS), _picker(rng, LANGS)
    cuis: list[str] = []
    conso, sty, definitions = _Writer(out / "MRCONSO.RRF"), _Writer(out / "MRSTY.RRF"), _Writer(out / "MRDEF.RRF")
    counts = {"MRCONSO.RRF": 0, "MRSTY.RRF": 0, "MRDEF.RRF": 0, "MRREL.RRF": 0}
    atom = 0
    concept = 0
    while counts["MRCONSO.RRF"] < mrconso:
        concept += 1
        cui = f"C{concept * 3:07d}"
        cuis.append(cui)
        name = _term(rng)
        for k in range(min(rng.randint(1, 7), mrconso - counts["MRCONSO.RRF"])):
            atom += 1
            source = sab()
            preferred = k == 0
            text = name if preferred else (_term(rng) if rng.random() < 0.6 else name.lower())
            suppress = "N" if rng.random() > 0.04 else rng.choice("OEY")
            conso.row([cui, "ENG" if preferred else lang(), "P" if preferred else "S", f"L{atom:07d}",
                       "PF" if preferred else rng.choice(("PF", "VO", "VC")), f"S{atom:07d}",
                       "Y" if preferred else rng.choice("YN"), f"A{atom:08d}", "", "", "", source,
                       "PT", _code(source, atom), text, "0", suppress, ""])
            counts["MRCONSO.RRF"] += 1
        for tui, name_ in rng.sample(TUIS, rng.choice((1, 1, 1, 2))):
            sty.row([cui, tui, "A1.2", name_, f"AT{atom}{tui}", ""])
            counts["MRSTY.RRF"] += 1
        if rng.random() < 0.33:
            definitions.row([cui, f"A{atom:08d}", f"AT{atom}D", "", rng.choice(("MSH", "NCI", "CSP")),
                             f"A definition of {name.lower()} used for benchmarking.", "N", ""])
            counts["MRDEF.RRF"] += 1
    conso.close()
    sty.close()
    definitions.close()

    rel = _Writer(out / "MRREL.RRF")
    kinds = [(r, ra, both) for r, ra, _, both in RELATIONS]
    pick = rng.choices(range(len(kinds)), weights=[w for *_, w, _ in RELATIONS], k=100_003)
    rui = 0
    i = 0
    n = len(cuis)
    while counts["MRREL.RRF"] < mrrel:
        i = (i + 1) % len(pick)
        rel_, rela, both = kinds[pick[i]]
        a = cuis[rng.randrange(n)]
        b = a if rel_ == "SY" else cuis[rng.randrange(n)]
        source = sab()
        rows = [(a, rel_, b, rela)]
        if both:
            rows.append((b, INVERSE_REL.get(rel_, rel_), a, INVERSE[rela]))
        for c1, r, c2, ra in rows:
            if counts["MRREL.RRF"] >= mrrel:
                break
            rui += 1
            rel.row([c1, "", "CUI", r, c2, "", "CUI", ra, f"R{rui:09d}", "", source, source, "", "",
                     "N" if rng.random() > 0.02 else "O", ""])
            counts["MRREL.RRF"] += 1
    rel.close()

    sab_rows = _Writer(out / "MRSAB.RRF")
    for name, _ in SABS:
        row = [""] * 25
        row[2], row[3], row[4], row[6], row[21] = f"{name}2099", name, f"{name} (synthetic)", "2099", "Y"
        sab_rows.row(row)
    sab_rows.close()
    with (out / "MRFILES.RRF").open("w", encoding="utf-8") as files:
        for name, columns in DEFAULT_LAYOUTS.items():
            files.write(f"{name}|{name}|{','.join(columns)}|{len(columns)}|0|0|\n")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--mrconso", type=int, default=2_000_000)
    parser.add_argument("--mrrel", type=int, default=10_000_000)
    args = parser.parse_args()
    print(write_release(args.out, args.mrconso, args.mrrel))


if __name__ == "__main__":
    main()
