"""The benchmark still runs: a quick pass of `benchmarks/bench.py` prints its tables.

Its figures are never asserted (speed belongs to the benchmark, not to tests); this only
keeps the command working as the code it times changes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import recap

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmark_prints_its_build_tables() -> None:
    command = [sys.executable, "benchmarks/bench.py", "--sizes", "30", "--rounds", "1"]
    command += ["--no-browser", "--no-lighthouse", "--shapes-size", "40"]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    for heading in ("## Build, per stage", "## Build, whole process"):
        assert heading in result.stdout
    for stage in ("load", "validate", "frame", "figure", "page", "write"):
        assert f"| {stage} |" in result.stdout or f" {stage} |" in result.stdout
    told = len(recap.load_story(ROOT / "events.yaml").events)
    assert f"| Ballerina ({told}) | recap build |" in result.stdout
    # Beside recap's build, the plain build of the same file and PyYAML's read of it.
    for reference in ("plain build (naive_build.py)", "PyYAML's read alone (CSafeLoader)"):
        assert f"| 30 | {reference} |" in result.stdout
    assert "## Build, whole process, stories of 40 events of other shapes" in result.stdout
    shapes = ("told backwards", "100 spoiler acts", "a new character", "a quoted paragraph")
    for shape in (*shapes, "40 arcs"):
        assert f"| 40 | {shape}" in result.stdout
