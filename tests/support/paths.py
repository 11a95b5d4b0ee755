"""Where the tests' data lives: the project's own fixtures, the shared real data beside the checkout (tests
that need it skip with a reason when it is absent), and the app's entry point."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

APP_MAIN = Path(__file__).resolve().parents[2] / "app" / "main.py"

