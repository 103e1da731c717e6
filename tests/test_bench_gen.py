"""bench/gen.py, the benchmark workload: a small registry is valid, deterministic, and lint-clean
except for exactly the defects its manifest says were planted."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "bench" / "gen.py"
TODAY = "2026-11-23"
FINDING_LINE = re.compile(r"^\S+:\d+:\d+: (PC\d{3}) ", re.MULTILINE)


def generate(out: Path, scale: float, seed: int, *more: str) -> dict[str, Any]:
    manifest = out.parent / f"{out.name}.json"
    done = subprocess.run(
        [sys.executable, GEN, "--scale", str(scale), "--seed", str(seed), "--out", out,
         "--manifest", manifest, *more],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "planted" in done.stdout
    result: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
    return result


def lint_codes(registry: Path) -> Counter[str]:
    done = subprocess.run(
        [sys.executable, "-m", "powerctl", "lint", registry, "--today", TODAY,
         "--format", "json", "--exit-zero"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    report = json.loads(done.stdout)
    return Counter(f["code"] for f in report["findings"] if not f.get("waived"))


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".powerctl-cache" not in p.parts
    }


@pytest.mark.parametrize(
    ("scale", "seed", "per_thousand"),
    [(0.1, 1, "3"), (0.1, 2, "200"), (1.5, 3, "40")],
    ids=["default", "every-code", "two-townships"],
)
def test_findings_are_exactly_the_planted_ones(
    tmp_path: Path, scale: float, seed: int, per_thousand: str
) -> None:
    registry = tmp_path / "registry"
    manifest = generate(registry, scale, seed, "--per-thousand", per_thousand)
    planted = Counter(manifest["planted"])
    assert sum(planted.values()) >= 6
    assert {code[:3] for code in planted} >= {"PC1", "PC2", "PC3", "PC4", "PC5"}
    if per_thousand == "200":  # nearly every code of the rotation fits one small township
        assert len(planted) >= 20
    assert lint_codes(registry) == planted


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    generate(first, 0.1, 7)
    generate(second, 0.1, 7)
    assert files_of(first) == files_of(second)
    other = tmp_path / "c"
    generate(other, 0.1, 8)
    assert files_of(other) != files_of(first)


def test_validate_reports_only_the_planted_references(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    manifest = generate(registry, 0.1, 1)
    done = subprocess.run(
        [sys.executable, "-m", "powerctl", "validate", registry, "--no-cache", "--lang", "en"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    reported = Counter(m.group(1) for m in FINDING_LINE.finditer(done.stdout))
    planted = {code: n for code, n in manifest["planted"].items() if code.startswith("PC1")}
    assert reported == Counter(planted), done.stdout


def test_counts_at_scale_one_follow_the_workload(tmp_path: Path) -> None:
    records = generate(tmp_path / "registry", 1, 1)["records"]
    assert records["powers"] == 30
    assert records["risks"] == 90
    assert records["meetings"] == 250
    assert records["feedback"] == 200
    assert 540 <= records["disclosures"] <= 660
    assert 4 * 250 <= records["items"] <= 6 * 250


def test_refuses_a_non_empty_folder_without_force(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, GEN, "--scale", "0.05", "--out", tmp_path], capture_output=True, text=True
    )
    assert done.returncode != 0
    forced = subprocess.run(
        [sys.executable, GEN, "--scale", "0.05", "--out", tmp_path, "--force"],
        capture_output=True,
        text=True,
    )
    assert forced.returncode != 0  # not a registry: --force does not delete it either
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
