"""Embedding backends side by side: throughput, retrieval quality and distance from fp32, against the CPU's ceiling.

    python benchmarks/bench_embedding.py [--limit 1000] [--pubmedqa PATH] [--no-onnx]

On PubMedQA PQA-L (each abstract one passage, each question asked; the gold passage is its own abstract) this
embeds every abstract with each backend and reports passages/s, the ratio to the baseline (torch fp32 through
kgrag's own `Embedder`, measured in the same run), recall@1/@5 and the mean (and worst) cosine of each vector
to its fp32 twin. Backends:

- torch fp32 (the baseline), torch bf16, OpenVINO fp32 and OpenVINO bf16 (when `openvino` is installed): kgrag's
  `Embedder` with `backend=` and `precision=` forced, i.e. the product path (OpenVINO converts in memory here);
- ONNX Runtime fp32 and int8 (dynamic quantization), when `onnxruntime` and `onnx` are installed: candidates
  only, exported here from the same weights into a temporary directory and run with the same tokenizer,
  length-sorted batches and mean pooling. kgrag does not ship this path (see kgrag/text/embeddings.py for why).

The CPU's ceiling: FLOPs per passage (6 layers of 24·d²·T for the projections and feed-forward plus 4·T²·d for
attention, at each abstract's real token count T) against a GEMM rate measured here for each dtype on the
same threads; "of ceiling" is the backend's rate over that bound.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kgrag.hardware import cpu_flags, openvino_installed  # noqa: E402
from kgrag.text.embeddings import Embedder, resolve_model  # noqa: E402

DEFAULT_PUBMEDQA = Path(__file__).resolve().parents[2] / "shared" / "data" / "pubmedqa" / "ori_pqal.json"
BATCH = 64  # ONNX Runtime batches (length-sorted); the torch rows use the Embedder's own batch size
Encode = Callable[[Sequence[str]], np.ndarray]


def load_pubmedqa(path: Path, limit: int) -> tuple[list[str], list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    items = list(data.values())[:limit]
    return [" ".join(item["CONTEXTS"]) for item in items], [item["QUESTION"] for item in items]


def product_backend(backend: str, precision: str) -> tuple[Encode, Encode]:
    embedder = Embedder(device="cpu", precision=precision, backend=backend)  # type: ignore[arg-type]
    embedder.load()  # the product's batch size; the torch rows convert nothing, the OpenVINO rows in memory
    return embedder.embed_passages, embedder.embed_queries


def onnx_backends(work: Path) -> dict[str, tuple[Encode, Encode]]:
    """ONNX fp32 and int8 sessions exported from the default model (empty when onnxruntime is absent)."""
    try:
        import onnxruntime as ort
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        return {}
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = resolve_model("")
    tokenizer = AutoTokenizer.from_pretrained(path)
    bert = AutoModel.from_pretrained(path).eval()

    class LastHidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = tokenizer(["a short one", "a somewhat longer sentence"], padding=True, return_tensors="pt")
    fp32_file, int8_file = work / "model.onnx", work / "model_int8.onnx"
    torch.onnx.export(LastHidden(), tuple(sample[n] for n in names), str(fp32_file), input_names=names,
                      output_names=["hidden"], dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "hidden"]},
                      opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32_file), str(int8_file), weight_type=QuantType.QInt8)
    threads = torch.get_num_threads()

    def encoder(model_file: Path) -> Encode:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])

        def encode(texts: Sequence[str]) -> np.ndarray:
            order = np.argsort([-len(t) for t in texts], kind="stable")
            out = np.zeros((len(texts), bert.config.hidden_size), dtype=np.float32)
            for begin in range(0, len(texts), BATCH):
                rows = order[begin:begin + BATCH]
                batch = tokenizer([texts[i] for i in rows], padding=True, truncation=True, max_length=256,
                                  return_tensors="np")
                hidden = session.run(None, {n: batch[n].astype(np.int64) for n in names})[0]
                mask = batch["attention_mask"][..., None].astype(np.float32)
                pooled = (hidden * mask).sum(1) / mask.sum(1)
                out[rows] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
            return out

        return encode

    fp32, int8 = encoder(fp32_file), encoder(int8_file)
    return {"onnx fp32": (fp32, fp32), "onnx int8": (int8, int8)}


def recall(passages: np.ndarray, queries: np.ndarray, k: int) -> float:
    top = np.argsort(-(queries @ passages.T), axis=1, kind="stable")[:, :k]
    return float(np.mean([i in row for i, row in enumerate(top)]))


def gemm_rate(dtype_name: str, tokens: int = 8192, width: int = 384) -> float:
    """FLOP/s of this machine's matmul at the shapes a MiniLM layer multiplies (tokens x d by d x 4d)."""
    import torch

    dtype = {"fp32": torch.float32, "bf16": torch.bfloat16}[dtype_name]
    a = torch.randn(tokens, width, dtype=dtype)
    b = torch.randn(width, 4 * width, dtype=dtype)
    for _ in range(3):
        a @ b
    runs, started = 20, time.perf_counter()
    for _ in range(runs):
        a @ b
    return 2 * tokens * width * 4 * width * runs / (time.perf_counter() - started)


def flops_per_passage(token_counts: Sequence[int], layers: int = 6, width: int = 384) -> float:
    counts = np.asarray(token_counts, dtype=np.float64)
    return float(np.mean(layers * (24 * width * width * counts + 4 * counts * counts * width)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pubmedqa", type=Path, default=DEFAULT_PUBMEDQA)
    parser.add_argument("--limit", type=int, default=1000, help="PQA-L items (1,000 in all).")
    parser.add_argument("--no-onnx", action="store_true", help="Skip the ONNX Runtime candidates.")
    args = parser.parse_args()
    if not args.pubmedqa.is_file():
        sys.exit(f"PubMedQA PQA-L not found at {args.pubmedqa} (pass --pubmedqa)")
    import torch
    from tokenizers import Tokenizer

    passages, questions = load_pubmedqa(args.pubmedqa, args.limit)
    tokenizer = Tokenizer.from_file(str(Path(resolve_model("")) / "tokenizer.json"))
    token_counts = [min(256, len(e.ids)) for e in tokenizer.encode_batch(passages)]
    native_bf16 = bool({"avx512_bf16", "amx_bf16"} & cpu_flags())
    print(f"{len(passages)} PubMedQA abstracts, mean {np.mean(token_counts):.0f} tokens; {torch.get_num_threads()} "
          f"threads; native bf16: {native_bf16}; auto here: {Embedder(device='cpu').signature}")

    backends: dict[str, Callable[[], tuple[Encode, Encode]]] = {
        "torch fp32": lambda: product_backend("torch", "fp32"), "torch bf16": lambda: product_backend("torch", "bf16")}
    if openvino_installed():
        backends["openvino fp32"] = lambda: product_backend("openvino", "fp32")
        backends["openvino bf16"] = lambda: product_backend("openvino", "bf16")
    else:
        print("openvino not installed: OpenVINO rows skipped")
    with tempfile.TemporaryDirectory() as work:
        if not args.no_onnx:
            onnx = onnx_backends(Path(work))
            if not onnx:
                print("onnxruntime/onnx not installed: ONNX candidates skipped")
            for name, pair in onnx.items():
                backends[name] = lambda pair=pair: pair  # type: ignore[misc]
        results: dict[str, dict[str, float]] = {}
        reference: np.ndarray | None = None
        for name, make in backends.items():
            encode_passages, encode_queries = make()
            encode_passages(passages[:BATCH])  # warm-up: first-call allocations are not throughput
            started = time.perf_counter()
            vectors = encode_passages(passages)
            rate = len(passages) / (time.perf_counter() - started)
            queries = encode_queries(questions)
            if reference is None:
                reference = vectors
            cosine = (vectors * reference).sum(axis=1)
            results[name] = {"rate": rate, "r1": recall(vectors, queries, 1), "r5": recall(vectors, queries, 5),
                             "cos": float(cosine.mean()), "cos_min": float(cosine.min())}
            print(f"  {name}: {rate:.1f} passages/s", flush=True)

    flops = flops_per_passage(token_counts)
    ceilings = {dtype: gemm_rate(dtype) / flops for dtype in ("fp32", "bf16")}
    base = results["torch fp32"]
    print(f"\nGEMM ceiling: fp32 {ceilings['fp32']:.1f} passages/s, bf16 {ceilings['bf16']:.1f} passages/s "
          f"({flops / 1e9:.2f} GFLOP per passage)")
    print("\n| backend | passages/s | vs torch fp32 | of ceiling | recall@1 | recall@5 | cosine to fp32 (min) |")
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        dtype = "bf16" if "bf16" in name else "fp32"  # int8 is held to the fp32 bound: no int8 GEMM measured
        print(f"| {name} | {r['rate']:.1f} | {r['rate'] / base['rate']:.2f}x | {r['rate'] / ceilings[dtype]:.0%} "
              f"({dtype}) | "
              f"{r['r1']:.3f} | {r['r5']:.3f} | {r['cos']:.4f} ({r['cos_min']:.4f}) |")


if __name__ == "__main__":
    main()
