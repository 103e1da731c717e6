"""`--format gitlab` (report/gitlab.py): a GitLab Code Quality report."""

from __future__ import annotations

import json
import re

from report_sample import CHINESE_FILE, ODD_FILE, ODD_ID, build_sample, make_finding

from conftest import RegistryBuilder
from powerctl.findings import Report, Severity
from powerctl.i18n import Lang
from powerctl.report import gitlab

KEYS = ["description", "check_name", "fingerprint", "severity", "location"]


def test_issues(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    text = gitlab.render(sample.report, Lang.ZH)
    issues = json.loads(text)
    assert all(list(issue) == KEYS for issue in issues)
    # waived findings are left out: Code Quality cannot show them as dismissed
    assert [(i["check_name"], i["severity"], i["location"]["path"]) for i in issues] == [
        ("PC102", "major", "meetings/2026/M-01.yaml"),
        ("PC108", "minor", ODD_FILE),
        ("PC108", "minor", CHINESE_FILE),
        ("PC102", "major", "risks/DW-001.yaml"),
    ]
    recorder = sample.finding("PC102", "meetings/2026/M-01.yaml")
    assert recorder.position is not None
    assert issues[0]["location"] == {
        "path": "meetings/2026/M-01.yaml",
        "lines": {"begin": recorder.position.line},
    }
    assert issues[0]["description"] == recorder.message.zh
    assert f"“{ODD_ID}”" in issues[0]["description"]
    assert "说明.yaml" in text and "\\u" not in text


def test_fingerprints(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    prints = [i["fingerprint"] for i in json.loads(gitlab.render(sample.report, Lang.ZH))]
    assert all(re.fullmatch(r"[0-9a-f]{32}", p) for p in prints)
    assert len(set(prints)) == len(prints)
    again = [i["fingerprint"] for i in json.loads(gitlab.render(sample.report, Lang.EN))]
    assert again == prints
    twins = Report([make_finding(line=3), make_finding(line=8)], 1)
    assert len({i["fingerprint"] for i in json.loads(gitlab.render(twins, Lang.ZH))}) == 2


def test_severity_map() -> None:
    assert gitlab.SEVERITY == {Severity.ERROR: "major", Severity.WARNING: "minor"}


def test_empty_report() -> None:
    assert json.loads(gitlab.render(Report([], 2), Lang.ZH)) == []
