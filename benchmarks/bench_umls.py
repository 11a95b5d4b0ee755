"""UMLS-scale ingest benchmark on a synthetic RRF release (no licensed data needed).

    python benchmarks/bench_umls.py [--mrconso 2000000] [--mrrel 10000000]

Measures, in one run on this machine:
- parse-only rows/s (RRF reader: read, decode, split, check columns) for MRCONSO and MRREL;
- end-to-end rows/s of `load_umls` into the embedded store, in a child process, with its RSS
  sampled after 1M, 5M and 10M MRREL rows (memory must stay flat);
- resume: a second load is SIGKILLed once half of MRREL is committed, then run again; the resumed
  run's wall time is compared with the full load, and its graph with the full load's graph;
- baseline: a straightforward loader (csv module, one INSERT per row, one transaction per file) doing
  the same filtering and relation mapping into a minimal schema; the speed-up is printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from child_runs import add_child_arguments, kill_at_and_resume, result, run_child, spawn, status_mb  # noqa: E402
from rrf_synth import write_release  # noqa: E402

from graph_schema.umls import map_relation  # noqa: E402
from ingest.common import BadRowPolicy, LineReader  # noqa: E402
from ingest.rrf import read_layouts  # noqa: E402

CHECKPOINTS = (1_000_000, 5_000_000, 10_000_000)


def child_load(release: Path, data_dir: Path) -> None:
    """Run in a child: load the release, print one JSON line with timings and RSS checkpoints."""
    from ingest.umls import load_umls
    from kgrag.graph import SQLiteGraphStore

    samples: dict[str, dict[str, float]] = {}

    def progress(name: str, total: int):  # type: ignore[no-untyped-def]
        calls = {"n": 0}

        def advance(_: int, lines: int) -> None:
            before = calls["n"]
            calls["n"] += lines  # lines arrive a block at a time: sample where a block crosses a checkpoint
            for mark in CHECKPOINTS:
                if name == "MRREL.RRF" and before < mark <= calls["n"]:
                    samples[f"{mark // 1_000_000}M"] = {"rss_mb": status_mb("VmRSS:"), "peak_mb": status_mb("VmHWM:")}

        return advance

    store = SQLiteGraphStore(data_dir / "graph.sqlite")
    started = time.perf_counter()
    report = load_umls(store, release, progress=progress, manifest_path=data_dir / "umls.json")
    wall = time.perf_counter() - started
    stats = store.stats()
    print(json.dumps({
        "wall_s": wall, "rows": sum(f.rows for f in report.files),
        "files": {f.file: {"rows": f.rows, "seconds": f.seconds, "note": f.note} for f in report.files},
        "rss": samples, "peak_mb": status_mb("VmHWM:"),
        "graph": {"nodes": stats.nodes, "edges": stats.edges, "by_predicate": dict(stats.by_predicate)},
    }))


def child_baseline(release: Path, db: Path) -> None:
    """The straightforward loader: csv module, one statement per row, one transaction per file.

    It builds the same graph as kgrag (same schema, names and full-text index, identities, semantic types,
    definitions, mapped relations with evidence), so the comparison is about how, not what.
    """
    from graph_schema import PREDICATES
    from graph_schema.umls import kind_for_semantic_types, source_curie
    from kgrag.graph import SQLiteGraphStore
    from kgrag.graph.rows import edge_row
    from kgrag.graph.sqlite import _UPSERT_CONCEPT, _UPSERT_EDGE, _concept_row
    from kgrag.normalize import normalize_name
    from kgrag.records.graph import Concept, Relation

    store = SQLiteGraphStore(db)
    conn = store._conn
    started = time.perf_counter()
    rows = 0

    def read(name: str):  # type: ignore[no-untyped-def]
        with (release / name).open(encoding="utf-8", newline="") as handle:
            yield from csv.reader(handle, delimiter="|", quoting=csv.QUOTE_NONE)

    conn.execute("BEGIN")
    for f in read("MRCONSO.RRF"):
        rows += 1
        if f[1] != "ENG" or f[16] != "N":
            continue
        cui = f"UMLS:{f[0]}"
        preferred = f[2] == "P" and f[4] == "PF" and f[6] == "Y"
        concept = Concept(cui, f[14] if preferred else "", synonyms=() if preferred else (f[14],), sources=("UMLS",))
        conn.execute(_UPSERT_CONCEPT, _concept_row(concept))
        cursor = conn.execute("INSERT INTO names(concept_id, name, norm, preferred) VALUES (?, ?, ?, ?)",
                              (cui, f[14], normalize_name(f[14]), int(preferred)))
        conn.execute("INSERT INTO names_fts(rowid, norm) VALUES (?, ?)", (cursor.lastrowid, normalize_name(f[14])))
        curie = source_curie(f[11], f[13])
        if curie:
            conn.execute(_UPSERT_EDGE, edge_row(Relation(cui, "same_as", curie, "UMLS")))
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    for f in read("MRSTY.RRF"):
        rows += 1
        conn.execute(_UPSERT_CONCEPT, _concept_row(Concept(f"UMLS:{f[0]}", "", kind_for_semantic_types([f[1]]),
                                                           semantic_types=(f[3],))))
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    for f in read("MRDEF.RRF"):
        rows += 1
        conn.execute("UPDATE concepts SET definition = ? WHERE id = ? AND definition = ''", (f[5], f"UMLS:{f[0]}"))
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    for f in read("MRREL.RRF"):
        rows += 1
        mapping = map_relation(f[3], f[7])
        if mapping is None or f[14] != "N" or f[0] == f[4]:
            continue
        s, o = (f[4], f[0]) if mapping.forward else (f[0], f[4])
        if PREDICATES[mapping.predicate].symmetric and o < s:
            s, o = o, s
        label = f"{f[3]}/{f[7]}" if f[7] else f[3]
        conn.execute(_UPSERT_EDGE, edge_row(Relation(f"UMLS:{s}", mapping.predicate, f"UMLS:{o}", "UMLS", "", label,
                                                     evidence={"sab": (f[10],), "rela": (label,)})))
    conn.execute("COMMIT")
    print(json.dumps({"wall_s": time.perf_counter() - started, "rows": rows, "peak_mb": status_mb("VmHWM:")}))


def _child(*args: str) -> subprocess.Popen[str]:
    return spawn(__file__, *args)


def parse_only(release: Path) -> dict[str, float]:
    layouts = read_layouts(release)
    rates = {}
    for name in ("MRCONSO.RRF", "MRREL.RRF"):
        started, n = time.perf_counter(), 0
        for _ in layouts[name].rows(LineReader(release / name), BadRowPolicy()):
            n += 1
        rates[name] = n / (time.perf_counter() - started)
    return rates


def kill_at_half_and_resume(release: Path, data_dir: Path, mrrel_rows: int) -> dict:  # type: ignore[type-arg]
    return kill_at_and_resume(__file__, release, data_dir, data_dir / "umls.json", "MRREL.RRF", mrrel_rows // 2,
                              poll_s=0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mrconso", type=int, default=2_000_000)
    parser.add_argument("--mrrel", type=int, default=10_000_000)
    add_child_arguments(parser, "RELEASE")
    args = parser.parse_args()
    if run_child(args.child_load, args.child_baseline, child_load, child_baseline):
        return

    with tempfile.TemporaryDirectory(prefix="kgrag-umls-bench-") as tmp:
        root = Path(tmp)
        release = root / "META"
        started = time.perf_counter()
        counts = write_release(release, args.mrconso, args.mrrel)
        generated = time.perf_counter() - started
        size_mb = sum(f.stat().st_size for f in release.iterdir()) / 2**20
        parse = parse_only(release)
        full = result(_child("--child-load", str(release), str(root / "full")))
        resumed = kill_at_half_and_resume(release, root / "resume", counts["MRREL.RRF"])
        baseline = result(_child("--child-baseline", str(release), str(root / "baseline.sqlite")))

    e2e = full["rows"] / full["wall_s"]
    base = baseline["rows"] / baseline["wall_s"]
    same = resumed["graph"] == full["graph"]
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}")
    print(f"data: synthetic release, {', '.join(f'{k} {v:,}' for k, v in counts.items())} rows, {size_mb:,.0f} MB "
          f"(generated in {generated:.0f} s) -> {full['graph']['nodes']:,} nodes, {full['graph']['edges']:,} edges")
    print()
    print("| measure | kgrag | baseline: csv, a statement per row, a transaction per file, same graph | target |")
    print("|---|---|---|---|")
    print(f"| parse-only MRCONSO | {parse['MRCONSO.RRF']:,.0f} rows/s | | >= 300k |")
    print(f"| parse-only MRREL | {parse['MRREL.RRF']:,.0f} rows/s | | >= 300k |")
    print(f"| end-to-end, all files | {e2e:,.0f} rows/s ({full['wall_s']:.0f} s) | {base:,.0f} rows/s "
          f"({baseline['wall_s']:.0f} s) | >= 100k |")
    print(f"| speed-up over baseline | {e2e / base:.2f}x | 1.00x | |")
    for name, info in full["files"].items():
        if info["seconds"]:
            print(f"| end-to-end {name} | {info['rows'] / info['seconds']:,.0f} rows/s | | |")
    for label, sample in full["rss"].items():
        print(f"| RSS after {label} MRREL rows | {sample['rss_mb']:.0f} MB (peak so far {sample['peak_mb']:.0f} MB) | "
              "| < 1.5 GB |")
    print(f"| peak RSS, whole load | {full['peak_mb']:.0f} MB | {baseline['peak_mb']:.0f} MB | < 1.5 GB |")
    print(f"| resume after SIGKILL at MRREL line {resumed['killed_at_line']:,} | {resumed['wall_s']:.0f} s "
          f"({resumed['wall_s'] / full['wall_s']:.0%} of a full load); graph identical to the full load: "
          f"{'yes' if same else 'NO'} | | |")


if __name__ == "__main__":
    main()
