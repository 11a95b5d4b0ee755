"""`kgrag eval report DIR`: one Markdown report with PNG plots from the results the eval commands left in DIR.

It reads what exists and says what is missing: `mirage-*.jsonl` run logs (re-scored here, so the report is
never out of step with the answers), `retrieval.json` from `kgrag eval retrieval --out DIR` and `verify.json`
from `kgrag eval verify --out DIR`. Published MIRAGE numbers are printed beside kgrag's, marked as other
systems with other models: they are context, not a comparison on equal terms.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kgrag.errors import UserError
from kgrag.eval.mirage import MODES, SUBSET_NAMES, SubsetScore, score, wilson_interval
from kgrag.eval.runlog import read_log
from kgrag.eval.stats import percentile
from kgrag.eval.verify import LABELS

STAGES = ("link", "subgraph", "passages", "rank", "retrieve", "prompt", "generate", "verify", "total")
VERDICTS = ("supported", "contradicted", "not_in_kg", "unlinked")
_VERDICT_COLOURS = {"supported": "#2e7d32", "contradicted": "#c62828", "not_in_kg": "#9e9e9e",
                    "unlinked": "#d7ccc8"}

# Xiong et al. 2024, "Benchmarking Retrieval-Augmented Generation for Medicine" (MIRAGE / MedRAG), backbone-LLM
# table: accuracy (%) with chain-of-thought prompting (CoT) and with MedRAG (MedCorp corpus, RRF-4 retriever).
# Other systems with other models, on the full benchmark: context for kgrag's numbers, not a like-for-like row.
PUBLISHED: tuple[tuple[str, dict[str, float]], ...] = (
    ("GPT-4 CoT", {"mmlu": 89.44, "medqa": 83.97, "medmcqa": 69.88, "pubmedqa": 39.60, "bioasq": 84.30}),
    ("GPT-4 + MedRAG", {"mmlu": 87.24, "medqa": 82.80, "medmcqa": 66.65, "pubmedqa": 70.60, "bioasq": 92.56}),
    ("GPT-3.5 CoT", {"mmlu": 72.91, "medqa": 65.04, "medmcqa": 55.25, "pubmedqa": 36.00, "bioasq": 74.27}),
    ("GPT-3.5 + MedRAG", {"mmlu": 75.48, "medqa": 66.61, "medmcqa": 58.04, "pubmedqa": 67.40, "bioasq": 90.29}),
)
LEADER_AVERAGE_2026 = 86.18  # MIRAGE leaderboard's best five-dataset average in 2026


@dataclass(frozen=True, slots=True)
class MirageRun:
    """One mode's run log, re-scored."""
    header: dict[str, Any]
    records: list[dict[str, Any]]
    scores: dict[str, SubsetScore]

    @property
    def mode(self) -> str:
        return str(self.header.get("mode"))


def read_runs(directory: Path) -> list[MirageRun]:
    runs = []
    for path in sorted(directory.glob("mirage-*.jsonl")):
        header, records = read_log(path)
        records = [r for r in records if r.get("kind") == "answer"]
        if records:
            runs.append(MirageRun(header, records, score(records)))
    order: dict[str, int] = {mode: i for i, mode in enumerate(MODES)}
    return sorted(runs, key=lambda run: order.get(run.mode, len(order)))


def _read_json(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    return value if isinstance(value, dict) else None


def write_report(directory: Path) -> Path:
    """Write `report.md` and its plots into `directory`; the report's path."""
    if not directory.is_dir():
        raise UserError(f"{directory}: no such directory; run `kgrag eval mirage --out {directory}` first")
    runs = read_runs(directory)
    retrieval = _read_json(directory / "retrieval.json")
    verification = _read_json(directory / "verify.json")
    if not runs and retrieval is None and verification is None:
        raise UserError(f"{directory}: no results (mirage-*.jsonl, retrieval.json, verify.json); run `kgrag eval "
                        f"mirage --out {directory}` (or `eval retrieval` / `eval verify` with --out) first")
    parts = [f"# kgrag evaluation report\n\nGenerated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC from `{directory}`.\n"]
    if runs:
        parts.append(_mirage_section(runs, directory))
    else:
        parts.append("## MIRAGE QA accuracy\n\nNo run logs: `kgrag eval mirage --out DIR` writes them.\n")
    parts.append(_retrieval_section(retrieval))
    parts.append(_verification_section(verification, runs, directory))
    report = directory / "report.md"
    report.write_text("\n".join(parts), encoding="utf-8")
    return report


# -- sections ----------------------------------------------------------------------------------------------

def _mirage_section(runs: Sequence[MirageRun], directory: Path) -> str:
    subsets = list(dict.fromkeys(s for run in runs for s in run.scores))
    lines = ["## MIRAGE QA accuracy", "",
             "Zero-shot, multiple choice, retrieval from the question only (MIRAGE's protocol) unless a row says "
             "*option-aware*. Accuracy with its 95% Wilson interval and the number of questions; replies with no "
             "readable choice count as wrong and are listed as *unparsed*. *Chance* is the expected accuracy of a "
             "uniform random choice over the same questions.", ""]
    lines.append("| mode | model | " + " | ".join(SUBSET_NAMES.get(s, s) for s in subsets) + " | average | unparsed |")
    lines.append("|---" * (len(subsets) + 4) + "|")
    for run in runs:
        cells = []
        for subset in subsets:
            result = run.scores.get(subset)
            if result is None:
                cells.append("–")
                continue
            low, high = wilson_interval(result.correct, result.n)
            cells.append(f"{100 * result.accuracy:.1f} [{100 * low:.1f}, {100 * high:.1f}] (n={result.n})")
        mode = run.mode + (" *option-aware*" if run.header.get("option_aware") else "")
        unparsed = sum(s.unparsed for s in run.scores.values())
        answered = sum(s.n for s in run.scores.values())
        lines.append(f"| {mode} | {run.header.get('model', '?')} | " + " | ".join(cells)
                     + f" | {_average(run.scores, subsets)} | {unparsed}/{answered} |")
    chance = {s: run.scores[s].chance for run in runs for s in run.scores}
    lines.append("| chance | – | " + " | ".join(f"{100 * chance[s]:.1f}" for s in subsets)
                 + f" | {100 * statistics.fmean(chance.values()):.1f} | – |")
    lines += ["", "Published MIRAGE results, **other systems with other models** on the full benchmark (Xiong et "
              "al. 2024, MedRAG; not comparable row for row, shown for scale):", "",
              "| system | " + " | ".join(SUBSET_NAMES[s] for s in SUBSET_NAMES) + " | average |",
              "|---" * (len(SUBSET_NAMES) + 2) + "|"]
    for name, numbers in PUBLISHED:
        lines.append(f"| {name} | " + " | ".join(f"{numbers[s]:.2f}" for s in SUBSET_NAMES)
                     + f" | {statistics.fmean(numbers.values()):.2f} |")
    lines += ["| best on the MIRAGE leaderboard, 2026 | " + " | ".join("–" for _ in SUBSET_NAMES)
              + f" | {LEADER_AVERAGE_2026:.2f} |", ""]
    _accuracy_plot(runs, subsets, chance, directory / "accuracy.png")
    lines += ["![accuracy by mode and subset](accuracy.png)", "", _throughput_table(runs)]
    _latency_plot(runs, directory / "latency.png")
    lines += ["![latency per stage](latency.png)", ""]
    return "\n".join(lines)


def _average(scores: Mapping[str, SubsetScore], subsets: Sequence[str]) -> str:
    if any(s not in scores for s in subsets):
        return "–"
    return f"{100 * statistics.fmean(scores[s].accuracy for s in subsets):.1f}"


def _throughput_table(runs: Sequence[MirageRun]) -> str:
    lines = ["Throughput, one question at a time: questions per second for retrieval alone and for the whole loop "
             "(retrieval, prompt, generation, verification), and per-stage latency p50 / p95 in ms.", "",
             "| mode | retrieval q/s | loop q/s | " + " | ".join(STAGES) + " |", "|---" * (len(STAGES) + 3) + "|"]
    for run in runs:
        n = len(run.records)
        rates = [_rate(n, sum(_stage_values(run.records, stage)) / 1000) for stage in ("retrieve", "total")]
        cells = []
        for stage in STAGES:
            values = _stage_values(run.records, stage)
            cells.append(f"{percentile(values, 0.5):.1f} / {percentile(values, 0.95):.1f}" if values else "–")
        lines.append(f"| {run.mode} | " + " | ".join([*rates, *cells]) + " |")
    return "\n".join(lines) + "\n"


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:.3g}" if seconds > 0 else "–"


def _stage_values(records: Sequence[Mapping[str, Any]], stage: str) -> list[float]:
    return [float(r["timings"][stage]) for r in records if stage in r.get("timings", {})]


def _retrieval_section(results: Mapping[str, Any] | None) -> str:
    lines = ["## Passage retrieval", ""]
    if not results:
        return "\n".join(lines + ["No `retrieval.json`: `kgrag eval retrieval --path ori_pqal.json --out DIR` "
                                  "writes it.", ""])
    modes = [m for m in results if isinstance(results[m], dict)]
    metrics = list(next(iter(results[m] for m in modes)))
    lines += [f"{results.get('_dataset', 'PubMedQA PQA-L')}: rank of each question's own abstract.", "",
              "| search | " + " | ".join(metrics) + " |", "|---" * (len(metrics) + 1) + "|"]
    lines += [f"| {m} | " + " | ".join(f"{results[m][k]:.3f}" for k in metrics) + " |" for m in modes]
    return "\n".join(lines) + "\n"


def _verification_section(results: Mapping[str, Any] | None, runs: Sequence[MirageRun], directory: Path) -> str:
    lines = ["## Verification", ""]
    if results:
        lines += [f"Generated claims from the loaded graph: {results['n']:,} (seed {results.get('seed', '?')}); "
                  "F1 per verdict, kgrag's verifier against the co-occurrence baseline.", "",
                  "| checker | " + " | ".join(f"{label} F1" for label in LABELS) + " | accuracy | p50 ms/claim |",
                  "|---" * (len(LABELS) + 3) + "|"]
        for name, scores in (("kgrag", results), ("co-occurrence (baseline)", results.get("baseline", {}))):
            if scores:
                lines.append(f"| {name} | " + " | ".join(f"{scores['per_verdict'][label]['f1']:.3f}"
                                                        for label in LABELS)
                             + f" | {scores['accuracy']:.3f} | {scores['latency_ms']['p50']:.2f} |")
        lines.append("")
    else:
        lines += ["No `verify.json`: `kgrag eval verify --out DIR` writes it.", ""]
    mixes = {run.mode: _verdict_mix(run.records) for run in runs}
    if any(mixes.values()):
        lines += ["Verdicts of the claims in the MIRAGE replies, per mode (claims checked against the graph):", "",
                  "| mode | " + " | ".join(VERDICTS) + " | claims per reply |", "|---" * (len(VERDICTS) + 2) + "|"]
        for run in runs:
            mix = mixes[run.mode]
            lines.append(f"| {run.mode} | " + " | ".join(str(mix[v]) for v in VERDICTS)
                         + f" | {sum(mix.values()) / len(run.records):.2f} |")
        _verdict_plot(mixes, directory / "verdicts.png")
        lines += ["", "![verdict mix per mode](verdicts.png)", ""]
    return "\n".join(lines)


def _verdict_mix(records: Sequence[Mapping[str, Any]]) -> Counter[str]:
    mix: Counter[str] = Counter()
    for record in records:
        mix.update(record.get("verdicts") or {})
    return mix


# -- plots (matplotlib's object API: no pyplot state, no display needed) -------------------------------------

def _figure(width: float, height: float) -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:  # an optional dependency: say how to get it
        raise UserError("the report's plots need matplotlib: pip install 'kgrag[eval]'") from None
    return Figure(figsize=(width, height), dpi=110, layout="constrained")


def _accuracy_plot(runs: Sequence[MirageRun], subsets: Sequence[str], chance: Mapping[str, float],
                   path: Path) -> None:
    figure = _figure(1.6 + 1.4 * len(subsets), 3.6)
    axes = figure.subplots()
    width = 0.8 / max(1, len(runs))
    for i, run in enumerate(runs):
        xs: list[float] = []
        heights: list[float] = []
        errors: list[list[float]] = [[], []]
        for j, subset in enumerate(subsets):
            result = run.scores.get(subset)
            if result is None:
                continue
            low, high = wilson_interval(result.correct, result.n)
            xs.append(j + (i - (len(runs) - 1) / 2) * width)
            heights.append(100 * result.accuracy)
            errors[0].append(100 * (result.accuracy - low))
            errors[1].append(100 * (high - result.accuracy))
        axes.bar(xs, heights, width, yerr=errors, capsize=3, label=run.mode)
    for j, subset in enumerate(subsets):
        axes.hlines(100 * chance[subset], j - 0.45, j + 0.45, colors="black", linestyles="dashed", linewidth=1)
    axes.set_xticks(range(len(subsets)), [SUBSET_NAMES.get(s, s) for s in subsets])
    axes.set_ylabel("accuracy (%), 95% CI")
    axes.set_ylim(0, 100)
    axes.set_title("MIRAGE accuracy by mode (dashed: chance)")
    axes.legend(fontsize="small")
    figure.savefig(path)


def _latency_plot(runs: Sequence[MirageRun], path: Path) -> None:
    records = [r for run in runs for r in run.records]
    stages = [s for s in STAGES if _stage_values(records, s)]
    figure = _figure(1.2 + 0.9 * len(stages), 3.6)
    axes = figure.subplots()
    axes.boxplot([[max(v, 1e-3) for v in _stage_values(records, s)] for s in stages], showfliers=True)
    axes.set_xticks(range(1, len(stages) + 1), stages, rotation=30)
    axes.set_yscale("log")
    axes.set_ylabel("ms per question (log scale)")
    axes.set_title(f"latency per stage, {len(records):,} answered questions, all modes")
    figure.savefig(path)


def _verdict_plot(mixes: Mapping[str, Counter[str]], path: Path) -> None:
    figure = _figure(1.8 + 1.0 * len(mixes), 3.4)
    axes = figure.subplots()
    modes = list(mixes)
    bottoms = [0.0] * len(modes)
    for verdict in VERDICTS:
        shares = [100 * mixes[m][verdict] / (sum(mixes[m].values()) or 1) for m in modes]
        axes.bar(modes, shares, 0.6, bottom=bottoms, label=verdict, color=_VERDICT_COLOURS[verdict])
        bottoms = [b + s for b, s in zip(bottoms, shares, strict=True)]
    axes.set_ylabel("share of claims (%)")
    axes.set_ylim(0, 100)
    axes.set_title("verdicts of the replies' claims")
    axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1, 1))
    figure.savefig(path)
