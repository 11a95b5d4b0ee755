"""The prompt templates (TOML files beside this module: answer, revise, claims, mirage_*) and their one reader."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from kgrag.errors import ConfigError


def read_prompt(name: str, *fields: str) -> dict[str, Any]:
    """Fields of the template file `kgrag/prompts/NAME.toml` (strings stripped); a missing file or field is one
    ConfigError naming the template."""
    try:
        data = tomllib.loads(resources.files("kgrag.prompts").joinpath(f"{name}.toml").read_text(encoding="utf-8"))
        return {field: data[field].strip() if isinstance(data[field], str) else data[field] for field in fields}
    except (FileNotFoundError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"prompt template {name!r} is missing or malformed: {exc}") from exc
