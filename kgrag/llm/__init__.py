"""Answering models: a local transformers model (default SmolLM2 GGUF) or an OpenAI-compatible endpoint."""

from kgrag.config import Settings
from kgrag.llm.base import LLM, Completion, GenerationSettings, LLMError, Message, StopReason, approximate_tokens
from kgrag.llm.openai_compatible import OpenAICompatibleLLM
from kgrag.llm.transformers_local import TransformersLLM


def open_llm(settings: Settings) -> LLM:
    """The configured backend, not yet loaded or connected. The API key goes with KGRAG_LLM_BASE_URL and
    nowhere else (a named model elsewhere gets its own key or none: `Settings.for_model`)."""
    if settings.llm_backend == "openai":
        if not settings.llm_base_url:
            raise LLMError("KGRAG_LLM_BACKEND=openai needs KGRAG_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1)")
        return OpenAICompatibleLLM(settings.llm_base_url, settings.llm_model, settings.llm_api_key.get_secret_value(),
                                   timeout=settings.generate_timeout_s)
    return TransformersLLM(settings.llm_model, settings.device, settings.model_cache_dir, settings.llm_precision)


__all__ = ["LLM", "Completion", "GenerationSettings", "LLMError", "Message", "OpenAICompatibleLLM", "StopReason",
           "TransformersLLM", "approximate_tokens", "open_llm"]
