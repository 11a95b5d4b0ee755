"""The benchmarks stay runnable: each script imports and parses its arguments (no timing here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).resolve().parents[1] / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda p: p.name)
def test_benchmark_script_imports_and_shows_help(script: Path) -> None:
    result = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_synthetic_release_generator_writes_the_requested_rows(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS[0].parent))
    try:
        from rrf_synth import write_release
    finally:
        sys.path.pop(0)
    counts = write_release(tmp_path, mrconso=500, mrrel=2000)
    assert counts["MRCONSO.RRF"] == 500 and counts["MRREL.RRF"] == 2000
    lines = (tmp_path / "MRREL.RRF").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2000 and all(line.count("|") == 16 for line in lines)
