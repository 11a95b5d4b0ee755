"""Embedding runtime: OpenVINO on a CPU when installed, torch otherwise; stamped, adopted, cached, never mixed."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from kgrag.errors import ConfigError, EmbeddingModelMismatchError
from kgrag.hardware import openvino_installed, pick_backend
from kgrag.text.embeddings import Embedder, convertible, split_numerics, split_signature
from kgrag.text.passage_store import PassageStore

needs_openvino = pytest.mark.skipif(not openvino_installed(), reason="needs the openvino package (kgrag[cpu])")


def test_auto_picks_openvino_on_a_cpu_when_installed_and_torch_otherwise() -> None:
    assert pick_backend("auto", "cpu", installed=True) == "openvino"
    assert pick_backend("auto", "cpu", installed=False) == "torch"
    assert pick_backend("auto", "cuda", installed=True) == "torch"  # the GPU keeps torch fp16
    assert pick_backend("torch", "cpu", installed=True) == "torch"  # a forced choice is kept
    assert pick_backend("openvino", "cpu", installed=True) == "openvino"


def test_impossible_backends_are_refused_with_the_reason() -> None:
    with pytest.raises(ConfigError, match="runs on the CPU"):
        pick_backend("openvino", "cuda", installed=True)
    with pytest.raises(ConfigError, match="needs the `openvino` package"):
        pick_backend("openvino", "cpu", installed=False)
    with pytest.raises(ConfigError, match="unknown embedding backend"):
        pick_backend("onnx", "cpu", installed=True)  # type: ignore[arg-type]


def test_auto_takes_openvino_only_for_models_it_can_convert(tmp_path: Path, tiny_embedding_model: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kgrag.text.embeddings.openvino_installed", lambda: True)
    static = tmp_path / "static-model"
    static.mkdir()
    (static / "modules.json").write_text(
        '[{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.StaticEmbedding"}]',
        encoding="utf-8")
    assert convertible(str(tiny_embedding_model))
    assert not convertible(str(static))  # not a transformer: nothing to convert
    assert not convertible("org/some-hub-model")  # not a local directory
    assert Embedder(str(tiny_embedding_model), device="cpu").backend == "openvino"
    assert Embedder(str(static), device="cpu").backend == "torch"  # auto never picks what would fail
    assert Embedder(str(tiny_embedding_model), query_model=str(static), device="cpu").backend == "torch"
    assert Embedder(str(static), device="cpu", backend="openvino").backend == "openvino"  # forced: load says why


def test_the_signature_names_the_runtime_and_its_precision() -> None:
    assert Embedder("m", device="cpu", precision="bf16", backend="openvino").signature == "m@openvino-bf16"
    assert Embedder("m", device="cpu", precision="fp32", backend="openvino").signature == "m@openvino-fp32"
    assert Embedder("m", device="cpu", precision="bf16", backend="torch").signature == "m@bf16"  # as before
    assert Embedder("m", device="cpu", precision="fp32", backend="torch").signature == "m"
    assert split_signature("a|b@openvino-bf16") == ("a|b", "openvino-bf16")
    assert split_numerics("openvino-bf16") == ("openvino", "bf16")
    assert split_numerics("bf16") == ("torch", "bf16") and split_numerics("fp32") == ("torch", "fp32")


def test_auto_follows_the_runtime_an_index_was_built_with(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kgrag.text.embeddings.openvino_installed", lambda: True)
    torch_built = Embedder("m", device="cpu")
    torch_built.adopt("m@bf16")  # an index embedded by torch before OpenVINO was installed keeps torch
    assert torch_built.backend == "torch" and torch_built.signature == "m@bf16"
    openvino_built = Embedder("m", device="cpu", backend="auto", precision="auto")
    openvino_built.adopt("m@openvino-fp32")
    assert openvino_built.signature == "m@openvino-fp32"
    forced = Embedder("m", device="cpu", backend="torch", precision="bf16")
    forced.adopt("m@openvino-bf16")
    assert forced.signature == "m@bf16"  # kept, so the store refuses it rather than mixing silently


def test_an_openvino_index_is_not_adopted_where_openvino_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kgrag.text.embeddings.openvino_installed", lambda: False)
    embedder = Embedder("m", device="cpu", precision="bf16")
    embedder.adopt("m@openvino-bf16")
    assert embedder.backend == "torch"  # the signatures then differ, and the index says which runtime it needs


def test_the_store_refuses_vectors_of_another_runtime(tmp_path: Path) -> None:
    store = PassageStore(tmp_path / "passages.sqlite")
    try:
        store.bind_embedder("m@bf16", 32)
        with pytest.raises(EmbeddingModelMismatchError, match="KGRAG_EMBEDDING_BACKEND"):
            store.bind_embedder("m@openvino-bf16", 32)
    finally:
        store.close()


@needs_openvino
def test_openvino_vectors_match_torch_and_the_conversion_is_cached(tmp_path: Path,
                                                                   tiny_embedding_model: Path) -> None:
    texts = ["aspirin and stroke", "metformin in type 2 diabetes", "marfan syndrome and ectopia lentis", "x"]
    reference = Embedder(str(tiny_embedding_model), device="cpu", precision="fp32", backend="torch")
    cache = tmp_path / "openvino"
    converted = Embedder(str(tiny_embedding_model), device="cpu", precision="fp32", backend="openvino",
                         cache_dir=cache, batch_size=3)  # batches of mixed lengths, returned in input order
    vectors = converted.embed_passages(texts)
    assert vectors.shape == (4, 32) and vectors.dtype == np.float32
    assert float((vectors * reference.embed_passages(texts)).sum(axis=1).min()) > 0.9999
    assert np.allclose(np.linalg.norm(converted.embed_queries(["ectopia lentis"]), axis=1), 1.0, atol=1e-5)
    (entry,) = cache.iterdir()
    assert (entry / "transformer.xml").is_file()


@needs_openvino
def test_a_cached_conversion_is_reused_and_rebuilt_when_the_model_changes(
        tmp_path: Path, tiny_embedding_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kgrag.text.openvino_runner import OpenVINORunner

    cache = tmp_path / "openvino"
    first = Embedder(str(tiny_embedding_model), device="cpu", precision="fp32", backend="openvino", cache_dir=cache)
    expected = first.embed_queries(["marfan syndrome"])
    real_convert = OpenVINORunner._convert
    conversions: list[int] = []

    def counted(self: OpenVINORunner) -> object:
        conversions.append(1)
        return real_convert(self)

    monkeypatch.setattr(OpenVINORunner, "_convert", counted)
    again = Embedder(str(tiny_embedding_model), device="cpu", precision="fp32", backend="openvino", cache_dir=cache)
    assert np.allclose(again.embed_queries(["marfan syndrome"]), expected, atol=1e-6)
    assert conversions == []  # read from the cache
    config = next(tiny_embedding_model.rglob("config.json"))
    stat = config.stat()
    os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # the model changed on disk
    try:
        Embedder(str(tiny_embedding_model), device="cpu", precision="fp32", backend="openvino",
                 cache_dir=cache).load()
    finally:
        os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert conversions == [1] and len(list(cache.iterdir())) == 2


FORKING_SCRIPT = """
import gc, os, signal, sys
import numpy as np
from kgrag.text.embeddings import Embedder
embedder = Embedder(sys.argv[1], device="cpu", precision="fp32", backend="openvino", cache_dir=None)
expected = embedder.embed_queries(["ectopia lentis"])
pid = os.fork()
if pid == 0:
    signal.alarm(60)  # a hang ends the child with SIGALRM
    same = np.allclose(embedder.embed_queries(["ectopia lentis"]), expected, atol=1e-6)
    cycle = [embedder]
    cycle.append(cycle)
    del cycle, embedder
    gc.collect()  # the inherited model is garbage now
    sys.exit(0 if same else 4)  # a normal exit: the interpreter's finalization runs
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


@needs_openvino
def test_a_forked_child_embeds_drops_an_inherited_openvino_model_and_exits(tiny_embedding_model: Path) -> None:
    """Freeing a compiled model in a forked child would wait for worker threads fork did not copy (and hang):
    the child must be able to embed, collect the embedder as garbage and exit normally."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", FORKING_SCRIPT, str(tiny_embedding_model)], capture_output=True,
                          text=True, timeout=240, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, f"child ended with {done.returncode} (-14: hung until SIGALRM)\n{done.stderr[-2000:]}"
