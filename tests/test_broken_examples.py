"""examples/broken/: one small registry per PC1xx rule, each breaking only that rule.

The findings of `validate` (codes PC1xx) are compared with the checked-in snapshot
examples/broken/expected.json. After a deliberate change, regenerate it with

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q tests/test_broken_examples.py

and read the diff before committing it."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from conftest import EXAMPLES
from powerctl.pipeline import run
from powerctl.settings import Settings

BROKEN = EXAMPLES / "broken"
SNAPSHOT = BROKEN / "expected.json"
FOLDERS = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
RULES = [f"PC10{i}" for i in range(9)]  # PC100 .. PC108


def findings_of(folder: str) -> list[dict[str, Any]]:
    """The snapshot form of a folder's findings: sorted {code, severity, file, line, column}."""
    report = run(BROKEN / folder, Settings()).report
    rows = []
    for f in report.findings:
        assert f.position is not None
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
    assert [folder.split("-")[0] for folder in FOLDERS] == RULES
    assert all((BROKEN / folder / "powerctl.yaml").is_file() for folder in FOLDERS)
    assert sorted(snapshot) == FOLDERS


@pytest.mark.parametrize("folder", FOLDERS)
def test_findings_equal_the_snapshot(
    folder: str, snapshot: dict[str, list[dict[str, Any]]]
) -> None:
    assert findings_of(folder) == snapshot[folder]


@pytest.mark.parametrize("folder", FOLDERS)
def test_each_folder_breaks_only_its_own_rule(folder: str) -> None:
    rule = folder.split("-")[0]
    codes = [row["code"] for row in findings_of(folder)]
    assert codes, f"{folder} breaks nothing"
    assert set(codes) == {rule}


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_changed_file_explains_itself_in_chinese(folder: str) -> None:
    rule = folder.split("-")[0]
    changed = {row["file"] for row in findings_of(folder)}
    for rel in changed:
        raw = (BROKEN / folder / rel).read_bytes()
        text = raw.decode("gb18030") if rule == "PC105" and rel.startswith("feedback/") else raw.decode()
        comments = [line for line in text.splitlines() if line.startswith("#")][:6]
        assert any(f"错误示例 {rule}" in line for line in comments), f"{folder}/{rel}"


def test_the_readme_has_a_line_per_folder() -> None:
    readme = (BROKEN / "README.md").read_text(encoding="utf-8")
    for folder in FOLDERS:
        assert f"`{folder}/`" in readme, folder
    assert "UPDATE_SNAPSHOTS=1" in readme
