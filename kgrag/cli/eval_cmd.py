"""`kgrag eval mirage|retrieval|verify|claims|ddx|report`: QA accuracy on MIRAGE-format benchmarks, passage
retrieval, claim verification on template claims generated from the graph (`verify`) and on hand-labelled real
sentences (`claims`), differential diagnosis on phenopackets (`ddx`), and one report.

Every command writes its results into one directory (`--out`, default `<data dir>/eval`), which
`kgrag eval report` turns into Markdown with plots."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from kgrag.api import KGRAG
from kgrag.cli.common import console, console_err, file_progress, print_json
from kgrag.config import Settings, load_settings
from kgrag.diagnosis import iter_phenopackets
from kgrag.eval.claims import claim_readers, evaluate_claims, load_gold
from kgrag.eval.ddx import evaluate_ddx
from kgrag.eval.kgqa import evaluate_kgqa, load_kgqa
from kgrag.eval.mirage import MODES, SUBSET_NAMES, file_digest, load_benchmark, parse_mode, score, select
from kgrag.eval.mirage_run import MirageRunner, RunOptions
from kgrag.eval.report import write_report
from kgrag.eval.retrieval import CUTOFFS, DATASETS, evaluate_retrieval
from kgrag.eval.runlog import RunLog
from kgrag.eval.verify import LABELS, evaluate_verification
from kgrag.records import VERDICTS

app = typer.Typer(help="Evaluate kgrag on benchmarks.", no_args_is_help=True)

OUT_HELP = "Results directory (default: <data dir>/eval); `kgrag eval report` reads it."


def _out_dir(out: Path | None, settings: Settings) -> Path:
    directory = out or settings.data_dir / "eval"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _write_result(directory: Path, name: str, data: Mapping[str, object]) -> None:
    (directory / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


@app.command("mirage")
def mirage(
    benchmark: Path = typer.Option(..., "--benchmark", help="MIRAGE benchmark.json: {dataset: {id: {question, "
                                   "options, answer}}}."),
    subset: str = typer.Option("", "--subset", help="Comma-separated datasets, e.g. mmlu,medmcqa,pubmedqa "
                               "(default: all in the file)."),
    mode_name: str = typer.Option("kg+rag", "--mode", help=f"One of {', '.join(MODES)} (cot: the model alone; graph: "
                                 "no model, the option the graph evidence favours)."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most N questions per subset (a seeded "
                                     "sample, the same every run)."),
    seed: int = typer.Option(0, "--seed", help="Sample seed for --limit."),
    out: Path | None = typer.Option(None, "--out", help=OUT_HELP),
    restart: bool = typer.Option(False, "--restart", help="Discard this mode's earlier answers instead of "
                                 "resuming."),
    option_aware: bool = typer.Option(False, "--option-aware", help="Let retrieval see the options (not "
                                      "MIRAGE's protocol; recorded as such)."),
    max_new_tokens: int | None = typer.Option(None, "--max-new-tokens", min=1, help="Reply length cap "
                                              "(default KGRAG_MAX_NEW_TOKENS)."),
    check_claims: bool = typer.Option(True, "--verify/--no-verify", help="Check each reply's claims against the "
                                      "graph (for the report's verdict mix)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: one key per subset."),
) -> None:
    """Answer MIRAGE-format questions zero-shot and score accuracy with 95% intervals per subset. Each answer is
    logged as it is made (<out>/mirage-<mode>.jsonl); an interrupted run resumes where it stopped."""
    mode = parse_mode(mode_name)
    settings = load_settings()
    wanted = [name.strip() for name in subset.split(",") if name.strip()]
    questions = [q for group in load_benchmark(benchmark, wanted).values() for q in select(group, limit, seed)]
    directory = _out_dir(out, settings)
    log_path = directory / f"mirage-{mode.replace('+', '_')}.jsonl"
    with KGRAG(settings) as kg:
        runner = MirageRunner(kg, RunOptions(mode, option_aware, max_new_tokens, check_claims))
        header = runner.header(str(benchmark), file_digest(benchmark))
        with RunLog(log_path, header, restart=restart) as log:
            done = log.answered
            todo = [q for q in questions if (q.subset, q.qid) not in done]
            if done and not as_json:
                console_err.print(f"resuming {log_path}: {len(questions) - len(todo):,} of {len(questions):,} "
                                  "already answered")
            if todo:
                if not as_json:
                    console_err.print(f"loading {header['model']} and the indexes ...")
                runner.warm_up()
                with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                              TextColumn("{task.fields[accuracy]}"), TimeRemainingColumn(), console=console_err,
                              disable=as_json) as progress:
                    task = progress.add_task(f"mirage {mode}", total=len(todo), accuracy="")
                    correct = 0
                    for number, question in enumerate(todo, start=1):
                        record = runner.answer(question)
                        log.append(record)
                        correct += record["correct"]
                        progress.update(task, advance=1, accuracy=f"acc {correct / number:.2f}")
            selected = {(q.subset, q.qid) for q in questions}
            scores = score(r for r in log.records if (r["subset"], r["qid"]) in selected)
    results = {name: result.to_dict() for name, result in scores.items()}
    _write_result(directory, f"mirage-{mode.replace('+', '_')}.json",
                  {"mode": mode, "model": header["model"], "prompt_version": header["prompt_version"],
                   "option_aware": option_aware, "benchmark": str(benchmark), "subsets": results})
    if as_json:
        print_json(results)
        return
    table = Table(title=f"MIRAGE, mode {mode}, {header['model']}", caption=f"log: {log_path}")
    table.add_column("subset", no_wrap=True)
    for column in ("n", "accuracy [95% CI]", "chance", "unparsed", "errors", "retrieval q/s", "loop q/s"):
        table.add_column(column, justify="right")
    for name, result in results.items():
        low, high = result["ci95"]
        table.add_row(SUBSET_NAMES.get(name, name), str(result["n"]),
                      f"{result['accuracy']:.3f} [{low:.3f}, {high:.3f}]", f"{result['chance']:.3f}",
                      str(result["unparsed"]), str(result["errors"]), _fmt(result["retrieval_questions_per_s"]),
                      _fmt(result["questions_per_s"]))
    console.print(table)


def _fmt(value: object) -> str:
    return "–" if value is None else f"{value}"


@app.command("report")
def report(directory: Path = typer.Argument(None, help="Results directory (default: <data dir>/eval).")) -> None:
    """Write <dir>/report.md with PNG plots (accuracy by mode and subset, latency per stage, verdict mix) from
    the results of `eval mirage`, `eval retrieval` and `eval verify`."""
    path = write_report(directory or load_settings().data_dir / "eval")
    console.print(f"wrote {path} and its plots")


@app.command("retrieval")
def retrieval(
    dataset: str = typer.Option("pubmedqa", "--dataset", help=f"One of: {', '.join((*DATASETS, 'beir'))}."),
    path: Path = typer.Option(..., "--path", help="The dataset (PubMedQA: ori_pqal.json; beir: a folder with "
                              "corpus.jsonl, queries.jsonl and qrels/SPLIT.tsv)."),
    split: str = typer.Option("test", "--split", help="The BEIR qrels split."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    out: Path | None = typer.Option(None, "--out", help=OUT_HELP),
) -> None:
    """Index the dataset in a scratch directory and score retrieval: PubMedQA (each question's own abstract:
    recall@1/5/10, MRR) or a BEIR-format set (nDCG@10, recall@100; plain RRF as the baseline) for bm25, dense
    and hybrid."""
    settings = load_settings()
    if dataset == "beir":
        _beir(path, split, settings, as_json, out)
        return
    with file_progress(not as_json) as progress:
        results = evaluate_retrieval(dataset, path, settings, progress=progress,
                                     on_mode=None if as_json else lambda m: console_err.print(f"scoring {m} ..."))
    data = {mode: scores.to_dict() for mode, scores in results.items()}
    _write_result(_out_dir(out, settings), "retrieval.json", data)
    if as_json:
        print_json(data)
        return
    questions = next(iter(results.values())).questions
    table = Table("mode", *(f"recall@{k}" for k in CUTOFFS), "MRR",
                  title=f"{dataset} retrieval, {questions:,} questions (own abstract)")
    for mode, scores in results.items():
        table.add_row(mode, *(f"{scores.recall[k]:.3f}" for k in CUTOFFS), f"{scores.mrr:.3f}")
    console.print(table)


def _beir(path: Path, split: str, settings: Settings, as_json: bool, out: Path | None) -> None:
    from kgrag.eval.beir import evaluate_beir

    with file_progress(not as_json) as progress:
        results = evaluate_beir(path, settings, split, progress,
                                None if as_json else lambda run: console_err.print(f"searching ({run}) ..."))
    data = {run: scores.to_dict() for run, scores in results.items()} | {"fusion": settings.fusion}
    _write_result(_out_dir(out, settings), "retrieval-beir.json", data)
    if as_json:
        print_json(data)
        return
    queries = results["bm25"].queries
    table = Table("run", "nDCG@10", "recall@100", "queries below bm25",
                  title=f"{path.name} ({split}), {queries:,} queries; hybrid fusion: {settings.fusion}")
    for run, scores in results.items():
        label = "rrf (baseline: plain RRF of bm25 and dense)" if run == "rrf" else run
        table.add_row(label, f"{scores.ndcg10:.3f}", f"{scores.recall100:.3f}",
                      "-" if run == "bm25" else f"{scores.below_bm25:,} ({scores.below_bm25 / queries:.0%})")
    console.print(table)


@app.command("verify")
def verify(
    size: int = typer.Option(1000, "--n", min=10, max=100_000, help="About how many claims to generate."),
    seed: int = typer.Option(13, "--seed", help="Generation seed; another seed is a held-out set."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    save: Path | None = typer.Option(None, "--save", help="Also write the generated claims as JSONL."),
    out: Path | None = typer.Option(None, "--out", help=OUT_HELP),
) -> None:
    """Template claims: generate true and false claims from the loaded graph's own names and score the verifier
    against the co-occurrence baseline (precision, recall and F1 per verdict, latency per claim). This measures
    the verdict logic, not reading real prose: `kgrag eval claims --gold` does that."""
    settings = load_settings()
    with KGRAG(settings) as kg, console_err.status("generating claims and checking them..."):
        claims, ours, baseline = evaluate_verification(kg.verifier, size, seed)
    if save is not None:
        save.write_text("".join(json.dumps(c.to_dict()) + "\n" for c in claims), encoding="utf-8")
    data = ours.to_dict() | {"seed": seed, "baseline": baseline.to_dict()}
    _write_result(_out_dir(out, settings), "verify.json", data)
    if as_json:
        print_json(data)
        return
    table = Table(title=f"claim verification on template claims generated from the graph ({ours.n:,}, seed {seed}; "
                        "for real prose see `kgrag eval claims`)")
    table.add_column("checker", no_wrap=True)
    for header in (*(f"{label} F1" for label in LABELS), "accuracy", "p50 ms/claim", "p95 ms/claim"):
        table.add_column(header)
    for name, scores in (("kgrag", ours), ("co-occurrence (baseline)", baseline)):
        table.add_row(name, *(f"{scores.per_verdict[label]['f1']:.3f}" for label in LABELS), f"{scores.accuracy:.3f}",
                      f"{scores.latency_ms_p50:.2f}", f"{scores.latency_ms_p95:.2f}")
    console.print(table)


@app.command("claims")
def claims(
    gold: Path = typer.Option(..., "--gold", help="Gold set (JSONL), e.g. benchmarks/claims_gold/gold.jsonl."),
    corrupted: Path | None = typer.Option(None, "--corrupted", help="Corrupted set built from true sentences, e.g. "
                                          "benchmarks/claims_gold/corrupted.jsonl."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    out: Path | None = typer.Option(None, "--out", help=OUT_HELP),
) -> None:
    """Claim extraction and verdicts on hand-labelled real sentences: extraction precision and recall (triple
    match), verdict accuracy with a confusion matrix, per predicate, against the cue-lexicon extractor (the
    baseline) in the same run; with --corrupted, how many corrupted claims are caught."""
    settings = load_settings()
    gold_set = load_gold(gold)
    corrupted_set = load_gold(corrupted) if corrupted is not None else []
    with KGRAG(settings) as kg, console_err.status(f"reading {len(gold_set):,} gold sentences..."):
        readers = claim_readers(kg, (g.context for g in [*gold_set, *corrupted_set]))
        result = evaluate_claims(readers, gold_set, kg.store, corrupted_set)
    data = result.to_dict()
    _write_result(_out_dir(out, settings), "claims.json", data)
    if as_json:
        print_json(data)
        return
    summary = result.gold
    table = Table(title=f"claims on {summary['sentences']:,} real sentences ({summary['claims']:,} gold claims, "
                        f"{summary['no_claim']:,} sentences with none)")
    for header in ("checker", "claimed", "matched", "precision", "recall", "checkable P / R", "verdict accuracy",
                   "false contradictions /200", "p50 ms/sentence"):
        table.add_column(header)
    for checker in data["checkers"]:
        checkable = checker["checkable"]
        table.add_row(checker["name"], f"{checker['claimed']:,}", f"{checker['matched']:,}",
                      f"{checker['precision']:.3f}", f"{checker['recall']:.3f}",
                      f"{checkable['precision']:.3f} / {checkable['recall']:.3f}", f"{checker['verdict_accuracy']:.3f}",
                      f"{checker['false_contradictions_per_200']:.2f}", f"{checker['latency_ms']['p50']:.1f}")
    console.print(table)
    ours = data["checkers"][0]
    per_predicate = Table("predicate", "gold", "claimed", "precision", "recall", title="kgrag, per predicate")
    for predicate, row in ours["per_predicate"].items():
        per_predicate.add_row(predicate, str(row["gold"]), str(row["claimed"]), f"{row['precision']:.3f}",
                              f"{row['recall']:.3f}")
    console.print(per_predicate)
    confusion = Table("gold \\ kgrag", *VERDICTS, title="kgrag, verdicts of matched claims")
    for verdict in VERDICTS:
        row = ours["confusion"].get(verdict, {})
        confusion.add_row(verdict, *(str(row.get(other, 0)) for other in VERDICTS))
    console.print(confusion)
    rules = Table("rule", "claims", "matched", "precision", title="kgrag, verdict rules (precision on matched claims)")
    for rule, row in ours["per_rule"].items():
        rules.add_row(rule, str(row["claimed"]), str(row["matched"]), f"{row['precision']:.3f}")
    console.print(rules)
    for broken in data["corrupted"]:
        kinds = Table("corruption", "claims", "found", "expected verdict", "called contradicted",
                      "refutable", "refutable called contradicted", title=f"{broken['name']}, corrupted true sentences")
        for kind, row in broken["kinds"].items():
            kinds.add_row(kind, str(row["claims"]), str(row["found"]), f"{row['share_expected']:.3f}",
                          f"{row['share_contradicted']:.3f}", str(row["should_contradict"]),
                          f"{row['share_contradicted_of_refutable']:.3f}" if row["should_contradict"] else "-")
        console.print(kinds)


@app.command("ddx")
def ddx(
    phenopackets: Path = typer.Option(..., "--phenopackets", help="A zip or directory of GA4GH Phenopacket v2 JSON "
                                      "files (or one file), e.g. "
                                      "../shared/data/phenopackets/phenopacket_store_dev.zip."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most N cases (the first N in file order)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    out: Path | None = typer.Option(None, "--out", help=OUT_HELP),
) -> None:
    """Differential diagnosis on real cases: top-1/3/10 and MRR of each case's diagnosis, for kgrag's scorer and
    the Phenomizer baseline in the same run, over all cases (a diagnosis the graph lacks is a miss, counted in
    missing_gold) and over the cases the graph covers. Per-case ranks go to <out>/ddx.jsonl."""
    settings = load_settings()
    directory = _out_dir(out, settings)
    with KGRAG(settings) as kg:
        with console_err.status("reading the phenotype model from the graph..."):
            diagnoser = kg.diagnoser
        with (directory / "ddx.jsonl").open("w", encoding="utf-8") as log, \
                Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                         console=console_err, transient=True, disable=as_json) as progress:
            task = progress.add_task("cases", total=limit)
            result = evaluate_ddx(diagnoser, iter_phenopackets(phenopackets), limit=limit, log=log,
                                  on_case=lambda: progress.advance(task))
    data = result.to_dict()
    _write_result(directory, "ddx.json", data)
    if as_json:
        print_json(data)
        return
    table = Table("scorer", "cases", "top-1", "top-3", "top-10", "MRR", "top-1 (gold in graph)",
                  title=f"differential diagnosis over {result.diseases_ranked:,} diseases, {result.score.n:,} cases "
                        f"({result.score.missing_gold:,} whose diagnosis the graph lacks)")
    rows = ((result.scorer, result.score, result.covered),
            (f"{result.baseline_scorer} (baseline)", result.baseline, result.baseline_covered))
    for name, metrics, covered in rows:
        table.add_row(name, f"{metrics.n:,}", f"{metrics.top1:.3f}", f"{metrics.top3:.3f}", f"{metrics.top10:.3f}",
                      f"{metrics.mrr:.3f}", f"{covered.top1:.3f} of {covered.n:,}")
    console.print(table)
    if result.baseline.top1:
        console.print(f"top-1 vs baseline: {result.score.top1 / result.baseline.top1:.2f}x; p50 {result.p50_ms:.1f} ms "
                      "per case")
    if result.skipped:
        console.print(f"[yellow]skipped {len(result.skipped):,} files:[/] " + "; ".join(result.skipped[:3]))
    if result.unresolved_terms:
        console.print(f"[yellow]{result.unresolved_terms:,} case terms are not in the loaded HPO release[/]")
    console.print(f"per-case ranks: {directory / 'ddx.jsonl'}")


@app.command("kgqa")
def kgqa(
    path: Path = typer.Option(..., "--path", help="The KG_RAG multiple-choice CSV, e.g. "
                              "../shared/data/kg_qa/kg_rag_mcq_questions.csv."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most N questions (the first N)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    out: Path | None = typer.Option(None, "--out", help=OUT_HELP),
) -> None:
    """Multiple choice from graph evidence alone (no model): the graph-only scorer on the KG_RAG set ("which gene
    is associated with A and B"), against the most-associated-gene baseline in the same run; an abstention counts
    as wrong."""
    settings = load_settings()
    questions = load_kgqa(path)
    with KGRAG(settings) as kg, Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                         TimeRemainingColumn(), console=console_err, transient=True,
                                         disable=as_json) as progress:
        task = progress.add_task("kgqa", total=min(len(questions), limit or len(questions)))
        result = evaluate_kgqa(kg, questions, limit=limit, on_question=lambda: progress.advance(task))
    data = result.to_dict()
    _write_result(_out_dir(out, settings), "kgqa.json", data)
    if as_json:
        print_json(data)
        return
    table = Table("scorer", "n", "accuracy [95% CI]", "abstained", "accuracy when answering",
                  title="KG_RAG multiple choice, graph evidence only")
    for name, row in (("graph-only", data), ("most-associated gene (baseline)", data["baseline"])):
        low, high = row["ci95"]
        table.add_row(name, str(row["n"]), f"{row['accuracy']:.3f} [{low:.3f}, {high:.3f}]", str(row["abstained"]),
                      f"{row['answered_accuracy']:.3f}")
    console.print(table)
    console.print("how the graph-only scorer chose: " + ", ".join(f"{k} {v}" for k, v in data["by_how"].items()))
