"""`kgrag eval retrieval`: score BM25, dense and hybrid passage retrieval on a benchmark."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kgrag.cli.common import console, console_err, file_progress, print_json
from kgrag.config import load_settings
from kgrag.eval.retrieval import CUTOFFS, DATASETS, evaluate_retrieval

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
