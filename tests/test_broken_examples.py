"""examples/broken/: one small registry per rule of the catalogue, each breaking only that rule.

The PC1xx folders are checked with `validate` (codes PC1xx); the PC2xx-PC5xx folders with `lint`
(every rule) as of 2026-11-23, the day their deadlines are judged against. The findings are
compared with the checked-in snapshot examples/broken/expected.json. After a deliberate change,
regenerate it with

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q tests/test_broken_examples.py

and read the diff before committing it."""

from __future__ import annotations

import datetime as dt
import json
import os
from functools import cache
from typing import Any

import pytest

from conftest import EXAMPLES
from powerctl.findings import Finding
from powerctl.pipeline import run
from powerctl.rules import CATALOG
from powerctl.settings import Settings

BROKEN = EXAMPLES / "broken"
SNAPSHOT = BROKEN / "expected.json"
FOLDERS = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
TODAY = dt.date(2026, 11, 23)

# A second code a folder cannot avoid, listed here and in README.md. None so far: every
# PC2xx-PC5xx breakage was chosen so that it fires its own rule only.
COMPANIONS: dict[str, frozenset[str]] = {}
# Under `lint`, two PC1xx folders also show what their PC1xx problem causes (README.md): the
# ballot of the non-member is impossible arithmetic (PC307), and the waiver without an approver
# waives nothing, so the sharp dissent it was meant to waive is reported (PC308).
LINT_COMPANIONS: dict[str, frozenset[str]] = {
    "PC103": frozenset({"PC307"}),
    "PC106": frozenset({"PC308"}),
}


def code_of(folder: str) -> str:
    return folder.split("-")[0]


def is_validate_folder(folder: str) -> bool:
    return code_of(folder).startswith("PC1")


@cache
def lint_findings(folder: str) -> tuple[Finding, ...]:
    """Every rule, as of TODAY."""
    return tuple(run(BROKEN / folder, Settings(today=TODAY), select=("PC",)).report.findings)


@cache
def validate_findings(folder: str) -> tuple[Finding, ...]:
    return tuple(run(BROKEN / folder, Settings()).report.findings)


def snapshot_rows(findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    """The snapshot form of findings: sorted {code, severity, file, line, column}."""
    rows = []
    for f in findings:
        assert f.position is not None
        assert not f.waived, f"{f.code} at {f.file} is waived: a broken example waives nothing"
        rows.append(
            {
                "code": f.code,
                "severity": str(f.severity),
                "file": f.file,
                "line": f.position.line,
                "column": f.position.column,
            }
        )
    return sorted(rows, key=lambda r: (r["file"], r["line"], r["column"], r["code"]))


def findings_of(folder: str) -> list[dict[str, Any]]:
    """What the snapshot holds for a folder: validate for PC1xx, lint for the others."""
    if is_validate_folder(folder):
        return snapshot_rows(validate_findings(folder))
    return snapshot_rows(lint_findings(folder))


@pytest.fixture(scope="module")
def snapshot() -> dict[str, list[dict[str, Any]]]:
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        current = {folder: findings_of(folder) for folder in FOLDERS}
        text = json.dumps(current, ensure_ascii=False, indent=2) + "\n"
        SNAPSHOT.write_text(text, encoding="utf-8")
    data: dict[str, list[dict[str, Any]]] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return data


def test_there_is_one_folder_per_rule_and_the_snapshot_covers_them(
    snapshot: dict[str, list[dict[str, Any]]],
) -> None:
    codes = [code_of(folder) for folder in FOLDERS]
    assert len(codes) == len(set(codes)), "two folders for one rule"
    assert all((BROKEN / folder / "powerctl.yaml").is_file() for folder in FOLDERS)
    assert sorted(snapshot) == FOLDERS


def test_the_folders_cover_every_rule_of_the_catalogue() -> None:
    codes = {code_of(folder) for folder in FOLDERS}
    assert codes == set(CATALOG.rules), (
        f"without a folder: {sorted(set(CATALOG.rules) - codes)}; "
        f"not in the catalogue: {sorted(codes - set(CATALOG.rules))}"
    )


@pytest.mark.parametrize("folder", FOLDERS)
def test_findings_equal_the_snapshot(
    folder: str, snapshot: dict[str, list[dict[str, Any]]]
) -> None:
    assert findings_of(folder) == snapshot[folder]


@pytest.mark.parametrize("folder", FOLDERS)
def test_each_folder_breaks_only_its_own_rule(folder: str) -> None:
    rule = code_of(folder)
    codes = {row["code"] for row in findings_of(folder)}
    assert rule in codes, f"{folder} does not break {rule}"
    assert codes <= {rule} | COMPANIONS.get(rule, frozenset())


@pytest.mark.parametrize("folder", [f for f in FOLDERS if is_validate_folder(f)])
def test_the_pc1xx_folders_are_otherwise_lint_clean(folder: str) -> None:
    # They share the base registry of the lint folders: under `lint` as of TODAY, nothing but
    # their own rule (and what it causes, LINT_COMPANIONS) may show.
    rule = code_of(folder)
    codes = {f.code for f in lint_findings(folder)}
    assert rule in codes
    assert codes <= {rule} | LINT_COMPANIONS.get(rule, frozenset())


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_changed_file_explains_itself_in_chinese(folder: str) -> None:
    rule = code_of(folder)
    changed = {row["file"] for row in findings_of(folder)}
    for rel in changed:
        raw = (BROKEN / folder / rel).read_bytes()
        text = (
            raw.decode("gb18030")
            if rule == "PC105" and rel.startswith("feedback/")
            else raw.decode()
        )
        comments = [line for line in text.splitlines() if line.startswith("#")][:6]
        assert any(f"错误示例 {rule}" in line for line in comments), f"{folder}/{rel}"


def test_the_readme_has_a_line_per_folder() -> None:
    readme = (BROKEN / "README.md").read_text(encoding="utf-8")
    for folder in FOLDERS:
        assert f"`{folder}/`" in readme, folder
    assert "UPDATE_SNAPSHOTS=1" in readme
    assert "--today 2026-11-23" in readme
