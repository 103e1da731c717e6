"""`powerctl lint --format ...` end to end: each machine-readable output parses back whole."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from report_sample import ODD_ID, build_sample

from conftest import CliResult, RegistryBuilder

Cli = Callable[..., CliResult]


def lint(cli: Cli, registry: RegistryBuilder, *args: str, env: dict[str, str] | None = None) -> str:
    build_sample(registry)
    result = cli("lint", registry.root, "--select", "PC1", *args, env=env)
    assert result.exit_code == 1, result.stderr  # the sample has errors
    return result.stdout


def test_json(cli: Cli, registry: RegistryBuilder) -> None:
    out = json.loads(lint(cli, registry, "--format", "json"))
    assert out["summary"] == {"errors": 2, "warnings": 2, "waived": 1, "files": 9}
    assert any(ODD_ID in f["message"] for f in out["findings"])


def test_sarif(cli: Cli, registry: RegistryBuilder) -> None:
    out = json.loads(lint(cli, registry, "--format", "sarif", "--lang", "en"))
    (run,) = out["runs"]
    assert run["tool"]["driver"]["version"]
    assert run["language"] == "en-US"
    assert len(run["results"]) == 5


def test_gitlab(cli: Cli, registry: RegistryBuilder) -> None:
    assert len(json.loads(lint(cli, registry, "--format", "gitlab"))) == 4


def test_junit(cli: Cli, registry: RegistryBuilder) -> None:
    root = ET.fromstring(lint(cli, registry, "--format", "junit").encode("utf-8"))
    assert root.get("failures") == "4"


@pytest.mark.parametrize("explicit", [True, False])
def test_github(cli: Cli, registry: RegistryBuilder, tmp_path: Path, explicit: bool) -> None:
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    args = ("--format", "github") if explicit else ()
    lines = lint(cli, registry, *args, env=env).splitlines()
    assert len(lines) == 4
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert "| PC103 | 错误 | 0 | 1 |" in summary.read_text(encoding="utf-8")
