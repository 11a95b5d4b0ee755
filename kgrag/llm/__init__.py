"""Answering models: a local model (default SmolLM2 GGUF) on ONNX Runtime GenAI or torch, or an OpenAI-compatible
endpoint."""

from kgrag.config import Settings
from kgrag.hardware import pick_cpu_runtime, pick_device
from kgrag.llm import onnx_genai
from kgrag.llm.base import LLM, Completion, GenerationSettings, LLMError, Message, StopReason, approximate_tokens
from kgrag.llm.onnx_genai import OnnxGenAILLM
from kgrag.llm.openai_compatible import OpenAICompatibleLLM
from kgrag.llm.transformers_local import TransformersLLM


def pick_llm_runtime(runtime: str, device: str, installed: bool) -> str:
    """`onnx` or `torch` for a local model: as configured, or for `auto` ONNX Runtime GenAI on a CPU when it is
    installed (kgrag/llm/onnx_genai.py), else torch (always on CUDA)."""
    return pick_cpu_runtime(runtime, device, installed, runtime="onnx", what="LLM runtime", option="KGRAG_LLM_RUNTIME",
                            package="onnxruntime-genai")


def open_llm(settings: Settings) -> LLM:
    """The configured backend, not yet loaded or connected. The API key goes with KGRAG_LLM_BASE_URL and
    nowhere else (a named model elsewhere gets its own key or none: `Settings.for_model`)."""
    if settings.llm_backend == "openai":
        if not settings.llm_base_url:
            raise LLMError("KGRAG_LLM_BACKEND=openai needs KGRAG_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1)")
        return OpenAICompatibleLLM(settings.llm_base_url, settings.llm_model, settings.llm_api_key.get_secret_value(),
                                   timeout=settings.generate_timeout_s)
    on_torch = TransformersLLM(settings.llm_model, settings.device, settings.model_cache_dir, settings.llm_precision)
    runtime = pick_llm_runtime(settings.llm_runtime, pick_device(settings.device), onnx_genai.installed())
    if runtime == "onnx":  # under `auto`, a model ONNX Runtime GenAI cannot take answers on torch instead
        return OnnxGenAILLM(settings.llm_model, settings.model_cache_dir,
                            fallback=on_torch if settings.llm_runtime == "auto" else None)
    return on_torch


__all__ = ["LLM", "Completion", "GenerationSettings", "LLMError", "Message", "OnnxGenAILLM", "OpenAICompatibleLLM",
           "StopReason", "TransformersLLM", "approximate_tokens", "open_llm", "pick_llm_runtime"]
