"""`powerctl init` and `powerctl new`: what a clerk gets on day one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, CliResult
from powerctl.load.discover import walk
from powerctl.pipeline import run
from powerctl.scaffold.new import next_id
from powerctl.settings import Settings

Cli = Callable[..., CliResult]
TODAY = dt.date.today()


@pytest.fixture
def fresh(cli: Cli, tmp_path: Path) -> Path:
    root = tmp_path / "town"
    result = cli("init", root, "--name", "清水镇党委", "--unit-id", "qingshui")
    assert result.exit_code == 0, result.stdout + result.stderr
    return root


def test_init_creates_a_registry_that_validates_clean(fresh: Path) -> None:
    report = run(fresh, Settings()).report
    assert report.findings == []
    kinds = {entry.kind.value for entry in walk(fresh).entries if entry.kind}
    assert kinds == {
        "config",
        "people",
        "bodies",
        "power",
        "risks",
        "meeting",
        "disclosures",
        "feedback",
    }
    assert "清水镇党委" in (fresh / "powerctl.yaml").read_text(encoding="utf-8")


def test_init_files_start_with_a_schema_modeline(fresh: Path) -> None:
    for entry in walk(fresh).entries:
        first = entry.path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), entry.rel
        schema = (entry.path.parent / first.split("$schema=")[1]).resolve()
        assert schema.is_file(), (entry.rel, schema)


def test_init_writes_editor_settings_and_gitignore(fresh: Path) -> None:
    settings = json.loads((fresh / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    assert len(mapped) == 8
    for schema in mapped:
        assert (fresh / schema).is_file(), schema
    ignored = (fresh / ".gitignore").read_text(encoding="utf-8").split()
    assert "/.powerctl-cache/" in ignored and "/site/" in ignored


def test_init_refuses_to_overwrite(cli: Cli, fresh: Path) -> None:
    config = fresh / "powerctl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "# edited by the clerk\n", encoding="utf-8"
    )
    before = {p: p.read_bytes() for p in fresh.rglob("*") if p.is_file()}
    result = cli("init", fresh)
    assert result.exit_code == 2
    assert "不会覆盖" in result.stderr
    assert {p: p.read_bytes() for p in fresh.rglob("*") if p.is_file()} == before


def test_new_meeting_proposes_next_id_and_today(cli: Cli, fresh: Path) -> None:
    result = cli("new", "meeting", "--registry", fresh)
    assert result.exit_code == 0, result.stderr
    expected_id = f"M-{TODAY.year}-02"
    path = fresh / "meetings" / str(TODAY.year) / f"{expected_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../.powerctl/schemas/meeting.schema.json"
    )
    assert f"date: {TODAY.isoformat()}" in text
    assert run(fresh, Settings()).report.findings == []
    # the next one continues the series
    assert cli("new", "meeting", "--registry", fresh).exit_code == 0
    assert (fresh / "meetings" / str(TODAY.year) / f"M-{TODAY.year}-03.yaml").is_file()


@pytest.mark.parametrize("kind", ["power", "risk", "disclosure", "feedback"])
def test_new_record_of_each_kind_validates(cli: Cli, fresh: Path, kind: str) -> None:
    result = cli("new", kind, "--registry", fresh)
    assert result.exit_code == 0, result.stderr
    assert run(fresh, Settings()).report.findings == []


def test_new_meeting_for_a_body_uses_its_series(cli: Cli, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "township"
    shutil.copytree(EXAMPLES / "township", root)
    result = cli(
        "new", "meeting", "--registry", root, "--body", "secretary-office", "--date", "2026-11-25"
    )
    assert result.exit_code == 0, result.stderr
    created = sorted((root / "meetings" / "2026").glob("QS-SJ-*"))[-1]
    assert "body: secretary-office" in created.read_text(encoding="utf-8")
    assert run(root, Settings()).report.errors == 0


def test_new_refuses_a_used_id(cli: Cli, fresh: Path) -> None:
    result = cli("new", "power", "--registry", fresh, "--id", "DW-001")
    assert result.exit_code == 2
    assert "已经被使用" in result.stderr


def test_new_unknown_kind_exits_2(cli: Cli, fresh: Path) -> None:
    assert cli("new", "banana", "--registry", fresh).exit_code == 2


@pytest.mark.parametrize(
    ("existing", "year", "expected"),
    [
        (["QS-M-2026-07", "QS-M-2026-08"], 2026, "QS-M-2026-09"),
        (["QS-M-2025-11", "QS-M-2025-12"], 2026, "QS-M-2026-01"),
        (["QS-R-009", "QS-R-010"], 2026, "QS-R-011"),
        ([], 2026, "M-2026-01"),
    ],
)
def test_next_id(existing: list[str], year: int, expected: str) -> None:
    assert next_id(existing, set(existing), year, "M-{year}-01") == expected
