"""Settings: environment, kgrag.toml, secret masking."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kgrag.config import load_settings
from kgrag.errors import ConfigError
from tests.support.cli import CliResult


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


def test_an_unknown_key_in_the_config_file_is_an_error_naming_it(cli: Callable[..., CliResult], tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "kgrag.toml"
    config.write_text('grpah_backend = "neo4j"\n', encoding="utf-8")
    monkeypatch.setenv("KGRAG_CONFIG", str(config))
    with pytest.raises(ConfigError, match=r"unknown setting 'grpah_backend' \(did you mean 'graph_backend'\?\)"):
        load_settings()
    shown = cli("config", "show")
    assert shown.code == 1 and str(config) in shown.err and "grpah_backend" in shown.err
    assert len(shown.err.strip().splitlines()) == 1


def test_a_missing_config_file_is_an_error_and_an_empty_name_reads_none(cli: Callable[..., CliResult], tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nope.toml"
    monkeypatch.setenv("KGRAG_CONFIG", str(missing))
    with pytest.raises(ConfigError, match="KGRAG_CONFIG names .*nope.toml, which is not a file"):
        load_settings()
    assert cli("config", "show").code == 1
    monkeypatch.setenv("KGRAG_CONFIG", "")
    (tmp_path / "kgrag.toml").write_text("batch_size = 7\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_settings().batch_size != 7  # KGRAG_CONFIG="" reads no file, not even ./kgrag.toml
    monkeypatch.delenv("KGRAG_CONFIG")
    assert load_settings().batch_size == 7  # without KGRAG_CONFIG, ./kgrag.toml is read


NAMED_MODELS = """
llm_backend = "openai"
llm_base_url = "http://127.0.0.1:8000/v1"
app_model_choice = true

[llm_models.same-server]
model = "other-model"
base_url = "HTTP://127.0.0.1:8000/v1/"

[llm_models.elsewhere]
model = "m"
base_url = "http://127.0.0.1:9000/v1"

[llm_models.own-key]
model = "m"
base_url = "http://10.0.0.5:8000/v1"
api_key = "sk-own-key"
"""


def test_named_models_keep_the_api_key_on_its_own_endpoint(data_dir: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "kgrag.toml"
    config.write_text(NAMED_MODELS, encoding="utf-8")
    monkeypatch.setenv("KGRAG_CONFIG", str(config))
    monkeypatch.setenv("KGRAG_LLM_API_KEY", "sk-configured")
    settings = load_settings()
    assert settings.app_model_choice and set(settings.llm_models) == {"same-server", "elsewhere", "own-key"}
    assert settings.for_model("default") is settings
    same = settings.for_model("same-server")
    assert (same.llm_model, same.llm_api_key.get_secret_value()) == ("other-model", "sk-configured")
    assert settings.for_model("elsewhere").llm_api_key.get_secret_value() == ""  # another server: no key
    assert settings.for_model("own-key").llm_api_key.get_secret_value() == "sk-own-key"
    with pytest.raises(ConfigError, match="unknown model 'typed-by-a-visitor'; the operator offers: elsewhere"):
        settings.for_model("typed-by-a-visitor")
    shown = json.dumps(settings.masked())
    assert "sk-own-key" not in shown and "sk-configured" not in shown and "********" in shown
