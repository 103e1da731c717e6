"""Speed never changes a finding (issue 6): on a generated registry, the findings with and without
the cache, with and without the process pool, and with the fast and the precise loader are the
same (code, file, line, column, severity, message)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from powerctl.cache import CACHE_DIR
from powerctl.findings import Report
from powerctl.pipeline import check, run
from powerctl.settings import FileOptions, Settings

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)
Row = tuple[str, str, int, int, int | None, str, str, bool]

# Files broken on top of the generator's planted rule violations, so that schema and YAML
# findings (whose positions come from the precise path) are compared too.
BREAKAGES = {
    "unknown_field": "extra_field: 多余的字段\n",
    "duplicate_key": "secrecy: public\n",
    "tag": "kind: !!python/object:os.system regular\n",
}


def rows(report: Report) -> list[Row]:
    result = []
    for f in report.findings:
        pos = f.position
        assert pos is not None
        result.append(
            (
                f.code,
                f.file,
                pos.line,
                pos.column,
                pos.end_column,
                str(f.severity),
                f.message.zh,
                f.waived,
            )
        )
    return result


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("equivalence") / "county"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "gen.py"),
            "--scale",
            "0.4",
            "--seed",
            "7",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    meetings = sorted((out / "meetings").rglob("*.yaml"))
    assert len(meetings) > 3 * len(BREAKAGES)
    for i, line in enumerate(BREAKAGES.values()):
        target = meetings[3 * i + 1]
        target.write_text(target.read_text(encoding="utf-8") + line, encoding="utf-8")
    return out


def settings(**files: object) -> Settings:
    options = FileOptions(**{"cache": False, "jobs": 1, **files})  # type: ignore[arg-type]
    return Settings(today=TODAY, files=options)


def fresh(root: Path, **files: object) -> list[Row]:
    """Findings without the cache (which is neither read nor written)."""
    return rows(run(root, settings(**files), select=("PC",)).report)


def test_the_registry_has_findings_of_every_stage(registry: Path) -> None:
    found = fresh(registry)
    codes = {row[0] for row in found}
    assert {"PC100", "PC105"} <= codes  # schema and YAML
    assert any(code[:3] in ("PC2", "PC3", "PC4", "PC5") for code in codes)  # procedural rules


def test_precise_loader_gives_the_same_findings(registry: Path) -> None:
    assert fresh(registry, fast=False) == fresh(registry, fast=True)


def test_process_pool_gives_the_same_findings(registry: Path) -> None:
    assert fresh(registry, jobs=2) == fresh(registry, jobs=1)


def test_cache_gives_the_same_findings_cold_warm_and_after_an_edit(registry: Path) -> None:
    baseline = fresh(registry)
    cached = settings(cache=True)
    shutil.rmtree(registry / CACHE_DIR, ignore_errors=True)
    assert rows(check(registry, cached, select=("PC",))) == baseline  # cold: fills the cache
    assert rows(check(registry, cached, select=("PC",))) == baseline  # warm: the report cache
    assert rows(run(registry, cached, select=("PC",)).report) == baseline  # warm: file cache
    # edits that add findings, change them and take them away again: a stale entry would show
    meetings = sorted((registry / "meetings").rglob("*.yaml"))
    edited, before = meetings[0], meetings[0].read_bytes()
    try:
        for version in (b"bogus_key: 1\n", b"another_bogus_key: 2\n", b"bogus_key: 1\n", b""):
            edited.write_bytes(before + version)
            expected = fresh(registry)
            assert (expected != baseline) == bool(version)
            assert rows(check(registry, cached, select=("PC",))) == expected
            assert rows(check(registry, cached, select=("PC",))) == expected
    finally:
        edited.write_bytes(before)


def test_warm_cache_after_an_edit_without_wiping(registry: Path) -> None:
    """The common case: the cache is warm, one file changes, lint runs again."""
    cached = settings(cache=True)
    shutil.rmtree(registry / CACHE_DIR, ignore_errors=True)
    check(registry, cached, select=("PC",))
    meetings = sorted((registry / "meetings").rglob("*.yaml"))
    edited, before = meetings[5], meetings[5].read_bytes()
    try:
        edited.write_bytes(before + b"secrecy_level: 1\n")
        warm = rows(check(registry, cached, select=("PC",)))
        assert warm == rows(run(registry, settings(), select=("PC",)).report)
        assert any(row[1].endswith(edited.name) and row[0] == "PC100" for row in warm)
    finally:
        edited.write_bytes(before)
