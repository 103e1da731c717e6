"""Shared fixtures: a minimal, consistent registry built from plain dicts, so each test states
only what it changes; and runners for the CLI."""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from powerctl.cli import app
from powerctl.findings import Finding
from powerctl.i18n import Lang
from powerctl.pipeline import run
from powerctl.settings import Settings

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def dump_yaml(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def minimal_records() -> dict[str, Any]:
    """A small registry that is lint-clean as of 2026-11-23: 5 committee members and a
    secretary office, one power with a real flowchart, one risk, a pre-review meeting and one
    public committee meeting with one major item, its ledger entry, the periodic disclosures
    and a feedback."""
    d = dt.date
    members = ["p-shu", "p-zhen", "p-fu", "p-ji", "p-zu"]
    return {
        "powerctl.yaml": {
            "schema_version": 1,
            "unit": {"id": "test-town", "name": "测试镇党委", "level": "township"},
            "contact": {"supervision_phone": "0771-1234567", "mailbox": "镇纪委意见箱"},
        },
        "org/people.yaml": {
            "people": [
                {"id": "p-shu", "name": "张书记"},
                {"id": "p-zhen", "name": "王镇长"},
                {"id": "p-fu", "name": "李副书记"},
                {"id": "p-ji", "name": "赵纪委书记"},
                {"id": "p-zu", "name": "孙组织委员"},
                {"id": "p-ban", "name": "刘主任"},
            ]
        },
        "org/bodies.yaml": {
            "bodies": [
                {
                    "id": "committee",
                    "name": "镇党委会",
                    "kind": "committee",
                    "decides_major": True,
                    "memberships": [
                        {
                            "person": p,
                            "role": "principal" if p == "p-shu" else "member",
                            "start_date": d(2024, 1, 1),
                            "portfolios": ["party_building"] if p == "p-shu" else ["finance"],
                        }
                        for p in members
                    ],
                },
                {
                    "id": "secretary-office",
                    "name": "镇党委书记办公会",
                    "kind": "secretary_office",
                    "decides_major": False,
                    "memberships": [
                        {
                            "person": p,
                            "role": "principal" if p == "p-shu" else "deputy",
                            "start_date": d(2024, 1, 1),
                        }
                        for p in ["p-shu", "p-zhen", "p-fu"]
                    ],
                },
            ]
        },
        "powers/DW-001.yaml": {
            "id": "DW-001",
            "title": "重大工程项目安排决定权",
            "category": "major_project",
            "holder": "committee",
            "basis": [{"title": "《中国共产党地方委员会工作条例》", "article": "第十一条"}],
            "secrecy": "public",
            "steps": [
                {"id": "s1", "name": "调研论证", "next": ["s2"]},
                {
                    "id": "s2",
                    "name": "集体讨论决定",
                    "kind": "decision",
                    "next": {"passed": "s3", "rejected": "s1"},
                },
                {"id": "s3", "name": "公示实施", "kind": "end"},
            ],
            "supervision": [{"step": "s2", "by": "镇纪委", "how": "列席会议"}],
        },
        "risks/DW-001.yaml": [
            {
                "id": "R-001",
                "power": "DW-001",
                "step": "s2",
                "description": "未经集体研究确定施工单位",
                "scores": {"importance": 3, "frequency": 2, "likelihood": 2},
                "level": "high",
                "controls": [{"measure": "一律集体票决", "owner": "p-zhen", "due": d(2027, 6, 30)}],
            }
        ],
        # the secretary office pre-reviews the committee's major item (五个不决策: 议题须经初审)
        "meetings/2026/SJ-01.yaml": {
            "id": "SJ-01",
            "body": "secretary-office",
            "date": d(2026, 3, 5),
            "chair": "p-shu",
            "attendance": {"present": ["p-shu", "p-zhen", "p-fu"]},
            "items": [
                {
                    "id": "1",
                    "title": "关于将河堤加固工程议题提交党委会审议的初审意见",
                    "category": "ordinary",
                    "presenter": "p-zhen",
                    "statements": [
                        {"person": p, "position": "support"} for p in ["p-zhen", "p-fu", "p-shu"]
                    ],
                    "vote": {
                        "method": "named",
                        "ballots": [
                            {"person": p, "option": "yes"} for p in ["p-shu", "p-zhen", "p-fu"]
                        ],
                    },
                    "result": "passed",
                }
            ],
        },
        "meetings/2026/M-01.yaml": {
            "id": "M-01",
            "body": "committee",
            "date": d(2026, 3, 12),
            "chair": "p-shu",
            "recorder": "p-ban",
            "secrecy": "public",
            "attendance": {"present": list(members)},
            "items": [
                {
                    "id": "1",
                    "title": "关于河堤加固工程的议题",
                    "category": "major_project",
                    "power": "DW-001",
                    "presenter": "p-zhen",
                    "prepared": {"research": True, "proposed_by": "p-zhen", "pre_review": "SJ-01"},
                    "statements": [
                        {"person": p, "position": "support"}
                        for p in ["p-zhen", "p-fu", "p-ji", "p-zu", "p-shu"]
                    ],
                    "vote": {
                        "method": "named",
                        "ballots": [{"person": p, "option": "yes"} for p in members],
                    },
                    "result": "passed",
                    "secrecy": "public",
                    "disclosure": {"scope": "public", "timing": "immediate"},
                }
            ],
        },
        "disclosures/2026.yaml": [
            {
                "id": "D-001",
                "title": "河堤加固工程决定",
                "subject": {"meeting": "M-01", "item": "1"},
                "kind": "decision",
                "scope": "public",
                "channels": ["board"],
                "reviewed_at": "M-01",
                "signed_by": "p-shu",
                "published_on": d(2026, 3, 13),
            },
            # 每逢双月 26 日定期公开 (moved to the next working day: 2026-04-26 is a Sunday)
            *(
                {
                    "id": f"D-P-{month:02d}",
                    "title": f"2026 年 {month} 月党务定期公开",
                    "subject": {"period": f"2026-{month:02d}"},
                    "kind": "periodic",
                    "scope": "public",
                    "channels": ["board"],
                    "reviewed_at": "M-01",
                    "signed_by": "p-shu",
                    "published_on": published,
                }
                for month, published in (
                    (4, d(2026, 4, 27)),
                    (6, d(2026, 6, 26)),
                    (8, d(2026, 8, 26)),
                    (10, d(2026, 10, 26)),
                )
            ),
        ],
        "feedback/2026.yaml": [
            {
                "id": "F-001",
                "received_on": d(2026, 4, 2),
                "summary": "反映施工扰民",
                "about": {"power": "DW-001"},
                "handler": "p-zhen",
                "status": "answered",
                "answered_on": d(2026, 4, 10),
            }
        ],
    }


@dataclass
class RegistryBuilder:
    """Edit `records` (file -> data) or `raw` (file -> exact text), then `write()`."""

    root: Path
    records: dict[str, Any] = field(default_factory=minimal_records)
    raw: dict[str, str | bytes] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.records[name]

    def write(self) -> Path:
        for name, data in self.records.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump_yaml(data), encoding="utf-8")
        for name, text in self.raw.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return self.root

    def findings(self, select: tuple[str, ...] = ("PC1",), **settings: Any) -> list[Finding]:
        self.write()
        return run(self.root, Settings(**settings), select=select).report.findings

    def codes(self, select: tuple[str, ...] = ("PC1",)) -> list[str]:
        return [f.code for f in self.findings(select) if not f.waived]


@pytest.fixture
def registry(tmp_path: Path) -> RegistryBuilder:
    return RegistryBuilder(tmp_path / "registry")


@pytest.fixture
def item(registry: RegistryBuilder) -> dict[str, Any]:
    """The single item of the minimal meeting, for tests that edit it."""
    item: dict[str, Any] = registry["meetings/2026/M-01.yaml"]["items"][0]
    return item


def where(
    registry: RegistryBuilder,
    file: str,
    needle: str,
    occurrence: int = 1,
    after: str = "",
    unique: bool = False,
) -> tuple[int, int]:
    """1-based (line, column) of `needle` in `file` as written: its `occurrence`-th appearance
    right after `after` (`unique`: it must appear exactly once)."""
    text = (registry.root / file).read_text(encoding="utf-8")
    start = -1
    for _ in range(occurrence):
        start = text.find(after + needle, start + 1)
        assert start >= 0, f"{after + needle!r} occurs fewer than {occurrence} times in {file}"
    if unique:
        assert text.find(after + needle, start + 1) < 0, f"{after + needle!r} is not unique"
    start += len(after)
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def at(finding: Finding) -> tuple[int, int]:
    """A finding's 1-based (line, column)."""
    assert finding.position is not None
    return finding.position.line, finding.position.column


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    """Run `powerctl ARGS` in-process (typer's runner); Chinese by default."""

    def invoke(*args: str | Path, env: dict[str, str] | None = None) -> CliResult:
        runner = CliRunner()
        environment = {"POWERCTL_LANG": ""}
        environment.update(env or {})
        result = runner.invoke(app, [str(a) for a in args], env=environment)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return invoke


def run_powerctl(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the real entry point in a subprocess (for console encodings and the top-level handler)."""
    environment = dict(os.environ)
    environment.pop("POWERCTL_LANG", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "powerctl", *map(str, args)],
        capture_output=True,
        env=environment,
        cwd=cwd,
        timeout=120,
    )


__all__ = [
    "EXAMPLES",
    "REPO",
    "CliResult",
    "Lang",
    "RegistryBuilder",
    "copy",
    "dump_yaml",
    "run_powerctl",
]
