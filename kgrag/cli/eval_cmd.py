"""`kgrag eval retrieval|verify`: passage retrieval on a benchmark; claim verification on claims generated from
the graph."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from kgrag.api import KGRAG
from kgrag.cli.common import console, console_err, file_progress, print_json
from kgrag.config import load_settings
from kgrag.eval.retrieval import CUTOFFS, DATASETS, evaluate_retrieval
from kgrag.eval.verify import LABELS, evaluate_verification

app = typer.Typer(help="Evaluate kgrag on benchmarks.", no_args_is_help=True)


@app.command("retrieval")
def retrieval(
    dataset: str = typer.Option("pubmedqa", "--dataset", help=f"One of: {', '.join(DATASETS)}."),
    path: Path = typer.Option(..., "--path", help="The dataset file (PubMedQA: ori_pqal.json)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Index the dataset's abstracts in a scratch directory, ask every question, score the rank of its own
    abstract: recall@1/5/10 and MRR for bm25, dense and hybrid."""
    settings = load_settings()
    with file_progress(not as_json) as progress:
        results = evaluate_retrieval(dataset, path, settings, progress=progress,
                                     on_mode=None if as_json else lambda m: console_err.print(f"scoring {m} ..."))
    if as_json:
        print_json({mode: scores.to_dict() for mode, scores in results.items()})
        return
    questions = next(iter(results.values())).questions
    table = Table("mode", *(f"recall@{k}" for k in CUTOFFS), "MRR",
                  title=f"{dataset} retrieval, {questions:,} questions (own abstract)")
    for mode, scores in results.items():
        table.add_row(mode, *(f"{scores.recall[k]:.3f}" for k in CUTOFFS), f"{scores.mrr:.3f}")
    console.print(table)


@app.command("verify")
def verify(
    size: int = typer.Option(1000, "--n", min=10, max=100_000, help="About how many claims to generate."),
    seed: int = typer.Option(13, "--seed", help="Generation seed; another seed is a held-out set."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    save: Path | None = typer.Option(None, "--save", help="Also write the generated claims as JSONL."),
) -> None:
    """Generate true and false claims from the loaded graph and score the verifier against the co-occurrence
    baseline: precision, recall and F1 per verdict, and latency per claim."""
    with KGRAG(load_settings()) as kg, console_err.status("generating claims and checking them..."):
        claims, ours, baseline = evaluate_verification(kg.verifier, size, seed)
    if save is not None:
        save.write_text("".join(json.dumps(c.to_dict()) + "\n" for c in claims), encoding="utf-8")
    if as_json:
        print_json(ours.to_dict() | {"seed": seed, "baseline": baseline.to_dict()})
        return
    table = Table(title=f"claim verification, {ours.n:,} generated claims (seed {seed})")
    table.add_column("checker", no_wrap=True)
    for header in (*(f"{label} F1" for label in LABELS), "accuracy", "p50 ms/claim", "p95 ms/claim"):
        table.add_column(header)
    for name, scores in (("kgrag", ours), ("co-occurrence (baseline)", baseline)):
        table.add_row(name, *(f"{scores.per_verdict[label]['f1']:.3f}" for label in LABELS), f"{scores.accuracy:.3f}",
                      f"{scores.latency_ms_p50:.2f}", f"{scores.latency_ms_p95:.2f}")
    console.print(table)
