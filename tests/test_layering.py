"""The import structure the README's architecture section states: packages depend one way, with no loops.

Read from the source (`ast`), not by importing: a module-level import anywhere counts, a deferred one inside a
function too (it is a dependency all the same)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Lower layers first; a package may import its own layer and any layer before it, never one after.
LAYERS: list[set[str]] = [
    {"graph_schema", "kgrag.errors"},
    {"kgrag.config", "kgrag.records", "kgrag.lexicon", "kgrag.normalize", "kgrag.hardware", "kgrag.limits",
     "kgrag.storage", "kgrag.prompts"},
    {"kgrag.graph", "kgrag.text", "kgrag.llm", "kgrag.feedback"},
    {"kgrag.linking"},
    {"ingest", "kgrag.diagnosis"},
    {"kgrag.claims"},
    {"kgrag.answering"},
    {"kgrag.api"},
    {"kgrag.adapters", "kgrag.eval", "kgrag.__init__"},
    {"kgrag.cli", "app"},
]
LAYER = {package: level for level, packages in enumerate(LAYERS) for package in packages}


def _package(module: str) -> str:
    parts = module.split(".")
    return f"kgrag.{parts[1]}" if parts[0] == "kgrag" and len(parts) > 1 else parts[0]


def _dependencies() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    files = [*ROOT.glob("kgrag/**/*.py"), *ROOT.glob("ingest/*.py"), *ROOT.glob("graph_schema/*.py"),
             *ROOT.glob("app/*.py")]
    for path in files:
        source = _package(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = ([f"kgrag.{alias.name}" for alias in node.names] if node.module == "kgrag"
                           else [node.module])
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                if target.split(".")[0] in ("kgrag", "ingest", "graph_schema", "app"):
                    package = _package(target)
                    if package not in (source, "kgrag"):
                        found[source].add(package)
    return found


def test_every_package_has_a_layer() -> None:
    dependencies = _dependencies()
    assert not (set(dependencies) | {p for ps in dependencies.values() for p in ps}) - set(LAYER)


def test_packages_import_only_their_own_layer_or_lower_ones() -> None:
    upward = sorted((source, target) for source, targets in _dependencies().items() for target in targets
                    if LAYER[target] > LAYER[source])
    assert upward == []


def test_nothing_imports_the_app() -> None:
    assert not [source for source, targets in _dependencies().items() if "app" in targets and source != "app"]


def test_no_two_packages_import_each_other_even_through_others() -> None:
    dependencies = _dependencies()

    def reaches(start: str, goal: str) -> bool:
        seen, frontier = {start}, [start]
        while frontier:
            for package in dependencies.get(frontier.pop(), ()):
                if package == goal:
                    return True
                if package not in seen:
                    seen.add(package)
                    frontier.append(package)
        return False

    assert [(a, b) for a in dependencies for b in dependencies[a] if reaches(b, a)] == []
