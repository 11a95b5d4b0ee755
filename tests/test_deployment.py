"""docker-compose.yml and the Dockerfile describe a safe, working deployment (no Docker engine needed): pinned
images, loopback ports, the app wired to Neo4j and (llm profile) to the served model under the name it asks for,
a read-only input mount, health checks, an unprivileged user, and the app on a tested Streamlit with its current
embedding API."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _services() -> dict[str, dict]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]


def test_compose_runs_neo4j_lts_with_a_healthcheck_and_the_app_wired_to_it() -> None:
    services = _services()
    neo4j, app, llm = services["neo4j"], services["app"], services["llm"]
    assert neo4j["image"].startswith("neo4j:5.26") and "RETURN 1" in " ".join(neo4j["healthcheck"]["test"])
    assert any(volume.endswith(":/data") for volume in neo4j["volumes"])
    assert app["environment"]["KGRAG_GRAPH_BACKEND"] == "neo4j"
    assert app["environment"]["KGRAG_NEO4J_URI"] == "bolt://neo4j:7687"
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert llm["profiles"] == ["llm"]  # the GPU LLM only starts when asked for
    for service in services.values():  # nothing is published beyond loopback
        assert all(str(port).startswith("127.0.0.1:") for port in service.get("ports", []))
    assert "${NEO4J_PASSWORD:?" in neo4j["environment"]["NEO4J_AUTH"]  # no default password


def test_every_image_tag_is_pinned() -> None:
    images = [service["image"] for service in _services().values() if "image" in service]
    images += re.findall(r"^FROM\s+(\S+)", (ROOT / "Dockerfile").read_text(encoding="utf-8"), re.M)
    for image in images:
        name, _, tag = image.rpartition(":")
        assert name and tag and tag != "latest" and re.search(r"\d+\.\d+\.\d+", tag), image  # a full version


def test_the_served_model_name_is_the_one_the_app_asks_for() -> None:
    services = _services()
    app, llm = services["app"]["environment"], services["llm"]
    asked = re.fullmatch(r"\$\{(\w+):-[^}]*\}", app["KGRAG_LLM_MODEL"])
    assert asked is not None and asked.group(1) == "KGRAG_LLM_MODEL"  # the app reads KGRAG_LLM_MODEL ...
    command = llm["command"]
    served = command[command.index("--served-model-name") + 1]
    assert re.fullmatch(r"\$\{KGRAG_LLM_MODEL:-[^}]+\}", served)  # ... and vLLM serves its model under that name
    assert app["KGRAG_LLM_BASE_URL"].endswith("http://llm:8000/v1}")  # the llm service, by its compose name
    assert "LLM_MODEL" not in app  # the variable the app never read is not passed to it


def test_the_app_has_a_health_check_a_read_only_input_mount_and_no_root() -> None:
    app = _services()["app"]
    assert "/_stcore/health" in " ".join(app["healthcheck"]["test"])
    assert "./input:/input:ro" in app["volumes"]
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")  # the last USER, the one the app runs as
    assert "/_stcore/health" in dockerfile  # HEALTHCHECK for plain `docker run` too
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docker compose run --rm app kgrag ingest" in readme and "/input/" in readme


def test_dockerfile_installs_pinned_cpu_torch_before_the_project() -> None:
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    torch = next(i for i, line in enumerate(lines) if "torch==2.13.0" in line)
    project = next(i for i, line in enumerate(lines) if "'.[cpu,app]'" in line)  # faiss-cpu, never faiss-gpu too
    assert torch < project


def test_the_app_uses_the_current_embedding_api_on_a_tested_streamlit() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    for extra in ("app", "dev"):
        [pin] = [d for d in extras[extra] if d.startswith("streamlit")]
        assert re.fullmatch(r"streamlit>=1\.\d+,<1\.\d+", pin), pin  # a tested range, not an open one
    page = (ROOT / "app" / "main.py").read_text(encoding="utf-8")
    assert "components.v1" not in page and "st.iframe(" in page  # components.v1.html is deprecated for removal
