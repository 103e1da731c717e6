"""Smoke test of the benchmark harness: a tiny registry, one run per side, all seven figures.

The figures themselves are not judged here (a ratio at scale 0.02 says little); only that
bench/run.py measures every one of them without a crash and writes a readable results file.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "bench" / "run.py"
FIGURES = ("B1", "B2", "B3", "B4", "B5", "B6", "B7")
ROW = re.compile(r"^\| (B\d) \| [^|]+ \| ([^|]+) \| [^|]* \| (yes|no|—) \|$", re.MULTILINE)


def test_bench_run_writes_every_figure(tmp_path: Path) -> None:
    if not (ROOT / "bench" / "gen.py").exists():
        pytest.skip("bench/gen.py (the workload generator) does not exist yet")
    scripts = Path(sys.executable).parent
    # check-jsonschema is in the test extra: a missing one is a broken install, not a skip
    assert (scripts / "check-jsonschema").exists() or shutil.which("check-jsonschema")
    results = tmp_path / "results.md"
    tiny = ["--scale", "0.02", "--runs", "1", "--runs-slow", "1", "--runs-short", "2"]
    paths = ["--work", str(tmp_path / "work"), "--out", str(results)]
    cmd = [sys.executable, str(RUN), *tiny, *paths]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU, not wall time: on a busy shared machine the wall clock says little about the harness
    cpu_seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

    assert done.returncode == 0, done.stdout + done.stderr
    text = results.read_text(encoding="utf-8")
    rows = ROW.findall(text)
    assert sorted({figure for figure, _, _ in rows}) == list(FIGURES), text
    for figure, value, _ in rows:
        assert re.fullmatch(r"\d+\.\d+( MB)?", value.strip()), f"{figure}: {value!r}"
    assert "## How measured" in text
    assert not (tmp_path / "work" / "run").exists(), "without --keep the work folder is cleaned"
    assert cpu_seconds < 60, f"the smoke run took {cpu_seconds:.0f} s of CPU"
