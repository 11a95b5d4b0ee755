"""docker-compose.yml and the Dockerfile describe a safe, working deployment (no Docker engine needed)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_runs_neo4j_lts_with_a_healthcheck_and_the_app_wired_to_it() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
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


def test_dockerfile_installs_pinned_cpu_torch_before_the_project() -> None:
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    torch = next(i for i, line in enumerate(lines) if "torch==2.13.0" in line)
    project = next(i for i, line in enumerate(lines) if "'.[cpu,app]'" in line)  # faiss-cpu, never faiss-gpu too
    assert torch < project
