"""Settings: environment, kgrag.toml, secret masking."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kgrag.config import load_settings
from kgrag.errors import ConfigError
from tests.conftest import CliResult


def test_environment_overrides_defaults(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_BATCH_SIZE", "123")
    settings = load_settings()
    assert settings.data_dir == data_dir and settings.batch_size == 123
    assert settings.graph_path == data_dir / "graph.sqlite" and settings.graph_backend == "sqlite"


def test_toml_file_is_read(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "kgrag.toml"
    config.write_text('graph_backend = "neo4j"\nneo4j_uri = "bolt://10.1.2.3:7687"\n', encoding="utf-8")
    monkeypatch.setenv("KGRAG_CONFIG", str(config))
    settings = load_settings()
    assert settings.graph_backend == "neo4j" and settings.neo4j_uri == "bolt://10.1.2.3:7687"
    monkeypatch.setenv("KGRAG_GRAPH_BACKEND", "sqlite")  # the environment wins over the file
    assert load_settings().graph_backend == "sqlite"


def test_invalid_settings_are_one_config_error(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_BATCH_SIZE", "0")
    with pytest.raises(ConfigError, match="KGRAG_BATCH_SIZE"):
        load_settings()


def test_config_show_masks_secrets(cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAG_NEO4J_PASSWORD", "hunter2-secret")
    monkeypatch.setenv("KGRAG_LLM_API_KEY", "sk-also-secret")
    shown = cli("config", "show", "--json")
    data = json.loads(shown.out)
    assert data["neo4j_password"] == "********" and data["llm_api_key"] == "********"
    table = cli("config", "show")
    for output in (shown.out, table.out, table.err):
        assert "hunter2" not in output and "sk-also" not in output
    assert "KGRAG_NEO4J_PASSWORD" in table.out
