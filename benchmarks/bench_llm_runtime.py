"""Local LLM runtimes side by side: speed of a kgrag-sized prompt, and what each costs in model quality.

Rows: torch fp32 (the GGUF's weights as transformers dequantizes them: the reference), torch bf16 (the torch
path's `auto` on a CPU with native bf16, and this benchmark's baseline), and ONNX Runtime GenAI with the weights
in int4, int8 and fp32 (kgrag/llm/onnx_genai.py). Each row:
- load: seconds to a ready model in a fresh process (imports included; conversions cached beforehand);
- prefill and decode: a 1.4k-token prompt shaped like kgrag's (system message, question, 45 numbered graph
  facts), then greedy decoding of `--new-tokens` tokens (the end token suppressed, so every row writes as many;
  torch through transformers' `generate`, as kgrag's torch runtime, its decode time being the call's time less
  the prefill measured alone);
- quality: the mean negative log-likelihood per token of real expert text under the model, teacher-forced: the
  `LONG_ANSWER` of PubMedQA PQA-L questions (`../shared/data/pubmedqa/ori_pqal.json`) as the assistant's reply to
  the question, and its difference from the fp32 reference (lower is better; perplexity = exp(NLL)).

    python benchmarks/bench_llm_runtime.py --data-dir .kgrag [--answers 100] [--new-tokens 128]

Every timing runs in its own subprocess, one after another (2 cores: nothing side by side).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "pubmedqa" / "ori_pqal.json"
FEATURES = ["Ectopia lentis", "Arachnodactyly", "Pectus excavatum", "Aortic root aneurysm", "Myopia", "Scoliosis",
            "Tall stature", "Mitral valve prolapse", "Dural ectasia", "Striae distensae", "Pneumothorax",
            "Joint hypermobility", "Pes planus", "High palate", "Retrognathia"]


def kgrag_like_messages() -> list[dict[str, str]]:
    facts = "\n".join(f"[K{i + 1}] Marfan syndrome has phenotype {name} (HPO 2025-01-16)"
                      for i, name in enumerate(FEATURES * 3))
    return [{"role": "system", "content": "You answer medical questions from numbered evidence. Cite it as [K#]."},
            {"role": "user", "content": f"Question: What are the clinical features of Marfan syndrome?\n\n"
                                        f"Evidence:\n{facts}\n\nAnswer in a short paragraph."}]


def quality_pairs(limit: int) -> list[tuple[str, str]]:
    records = json.loads(SHARED.read_text(encoding="utf-8"))
    pairs = [(r["QUESTION"], r["LONG_ANSWER"]) for r in records.values() if r.get("LONG_ANSWER")]
    return pairs[:limit]


# -- one measurement per subprocess ------------------------------------------------------------------------------

def _torch_child(folder: str, dtype_name: str, new_tokens: int, pairs: list[tuple[str, str]]) -> dict[str, float]:
    started = time.perf_counter()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    dtype = {"fp32": torch.float32, "bf16": torch.bfloat16}[dtype_name]
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).to(dtype).eval()
    load = time.perf_counter() - started
    ids = tokenizer.apply_chat_template(kgrag_like_messages(), add_generation_prompt=True, return_tensors="pt",
                                        return_dict=True)["input_ids"]
    with torch.inference_mode():
        clock = time.perf_counter()
        model(input_ids=ids, use_cache=True)
        prefill = time.perf_counter() - clock
        # Decoding as kgrag's torch runtime does it: transformers' `generate`, greedy, its end token suppressed.
        clock = time.perf_counter()
        model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=new_tokens,
                       min_new_tokens=new_tokens, do_sample=False, pad_token_id=tokenizer.eos_token_id)
        decode = (time.perf_counter() - clock - prefill) / new_tokens
        nll, count = 0.0, 0
        for question, answer in pairs:
            prompt, full = _chat_ids(tokenizer, question, answer)
            logits = model(input_ids=torch.tensor([full])).logits[0].float()
            targets = torch.tensor(full[len(prompt):])
            losses = torch.nn.functional.cross_entropy(logits[len(prompt) - 1:-1], targets, reduction="sum")
            nll, count = nll + float(losses), count + len(targets)
    return {"load_s": load, "prompt_tokens": int(ids.shape[1]), "prefill_s": prefill, "decode_ms": decode * 1000,
            "nll": nll / max(count, 1), "tokens_scored": count}


def _chat_ids(tokenizer: object, question: str, answer: str) -> tuple[list[int], list[int]]:
    """Token ids of the question as the user's turn (assistant turn opened), and of the same with the answer."""
    user = [{"role": "user", "content": question}]
    prompt = tokenizer.apply_chat_template(user, add_generation_prompt=True, tokenize=True)  # type: ignore[attr-defined]
    answer_ids = tokenizer(answer, add_special_tokens=False)["input_ids"]  # type: ignore[operator]
    prompt = list(prompt["input_ids"]) if isinstance(prompt, dict) or hasattr(prompt, "keys") else list(prompt)
    return prompt, prompt + list(answer_ids)


def _onnx_child(folder: str, source: str, new_tokens: int, pairs: list[tuple[str, str]]) -> dict[str, float]:
    started = time.perf_counter()
    import numpy as np
    import onnxruntime_genai as og

    from kgrag.hardware import cpu_threads
    from kgrag.llm.onnx_genai import open_model

    model, tokenizer = open_model(Path(folder), cpu_threads())  # as kgrag loads it
    load = time.perf_counter() - started
    prompt = tokenizer.encode(tokenizer.apply_chat_template(json.dumps(kgrag_like_messages()),
                                                            add_generation_prompt=True))
    params = og.GeneratorParams(model)
    length = len(prompt) + new_tokens + 1
    params.set_search_options(max_length=length, min_length=length, do_sample=False)  # never stops early
    generator = og.Generator(model, params)
    clock = time.perf_counter()
    generator.append_tokens(prompt)
    prefill = time.perf_counter() - clock
    clock = time.perf_counter()
    for _ in range(new_tokens):
        generator.generate_next_token()
    decode = (time.perf_counter() - clock) / new_tokens
    # Teacher-forced likelihood with plain ONNX Runtime on the same graph (an empty KV cache, all positions).
    import onnxruntime as ort
    from transformers import AutoTokenizer

    hf_tokenizer = AutoTokenizer.from_pretrained(source)
    session = ort.InferenceSession(str(Path(folder) / "model.onnx"), providers=["CPUExecutionProvider"])
    config = json.loads((Path(folder) / "genai_config.json").read_text())["model"]["decoder"]
    empty = np.zeros((1, config["num_key_value_heads"], 0, config["head_size"]), dtype=np.float32)
    nll, count = 0.0, 0
    for question, answer in pairs:
        prompt_ids, full = _chat_ids(hf_tokenizer, question, answer)
        feed: dict[str, np.ndarray] = {"input_ids": np.array([full], dtype=np.int64),
                                       "attention_mask": np.ones((1, len(full)), dtype=np.int64)}
        for i in range(config["num_hidden_layers"]):
            feed[f"past_key_values.{i}.key"] = empty
            feed[f"past_key_values.{i}.value"] = empty
        logits = session.run(["logits"], feed)[0][0].astype(np.float64)
        rows = logits[len(prompt_ids) - 1:-1]
        rows -= rows.max(axis=1, keepdims=True)
        log_probs = rows - np.log(np.exp(rows).sum(axis=1, keepdims=True))
        targets = np.array(full[len(prompt_ids):])
        nll -= float(log_probs[np.arange(len(targets)), targets].sum())
        count += len(targets)
    return {"load_s": load, "prompt_tokens": len(prompt), "prefill_s": prefill, "decode_ms": decode * 1000,
            "nll": nll / max(count, 1), "tokens_scored": count}


def child(argv: list[str]) -> None:
    kind, folder, extra, new_tokens, answers = argv[0], argv[1], argv[2], int(argv[3]), int(argv[4])
    pairs = quality_pairs(answers)
    result = _torch_child(folder, extra, new_tokens, pairs) if kind == "torch" else \
        _onnx_child(folder, extra, new_tokens, pairs)
    print(json.dumps(result))


def run_child(*args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child {args[:3]} failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True, help="a kgrag data directory (its model cache)")
    parser.add_argument("--answers", type=int, default=100, help="PubMedQA long answers scored for quality")
    parser.add_argument("--new-tokens", type=int, default=128)
    args = parser.parse_args()
    if not SHARED.is_file():
        raise SystemExit(f"needs {SHARED} (PubMedQA PQA-L)")
    from kgrag.llm.onnx_genai import convert, converted_folder
    from kgrag.llm.transformers_local import DEFAULT_MODEL, hf_model_folder

    cache = args.data_dir / "models"
    source = hf_model_folder(DEFAULT_MODEL, cache)
    rows: list[tuple[str, dict[str, float]]] = []
    n, k = str(args.new_tokens), str(args.answers)
    rows.append(("torch fp32 (reference weights)", run_child("torch", str(source), "fp32", n, k)))
    rows.append(("torch bf16 (baseline: the torch path's auto)", run_child("torch", str(source), "bf16", n, k)))
    with tempfile.TemporaryDirectory() as scratch:
        for precision in ("int4", "int8", "fp32"):
            target = converted_folder(cache, source, precision)
            if not (target / "genai_config.json").is_file():
                target = Path(scratch) / precision
                clock = time.perf_counter()
                convert(source, target, precision)
                print(f"converted to {precision} in {time.perf_counter() - clock:.1f} s", file=sys.stderr)
            rows.append((f"ONNX Runtime GenAI {precision}", run_child("onnx", str(target), str(source), n, k)))
    base = rows[1][1]
    reference = rows[0][1]["nll"]
    print(f"\n{args.new_tokens} new tokens after a {int(base['prompt_tokens'])}-token prompt; quality on "
          f"{int(base['tokens_scored'])} tokens of {args.answers} PubMedQA long answers\n")
    print("| runtime | load s | prefill s | decode ms/token | prompt+answer s | vs baseline | NLL/token | vs fp32 "
          "| perplexity |")
    print("|---|---|---|---|---|---|---|---|---|")
    base_total = base["load_s"] + base["prefill_s"] + base["decode_ms"] * args.new_tokens / 1000
    for name, row in rows:
        total = row["load_s"] + row["prefill_s"] + row["decode_ms"] * args.new_tokens / 1000
        print(f"| {name} | {row['load_s']:.2f} | {row['prefill_s']:.2f} | {row['decode_ms']:.1f} | {total:.1f} | "
              f"{base_total / total:.2f}x | {row['nll']:.3f} | {row['nll'] - reference:+.3f} | "
              f"{math.exp(row['nll']):.1f} |")


if __name__ == "__main__":
    main()
