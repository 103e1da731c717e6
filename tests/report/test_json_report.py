"""`--format json` (report/json_report.py): format version 1, exactly."""

from __future__ import annotations

import json
import random

from report_sample import CHINESE_FILE, ODD_FILE, ODD_ID, build_sample

from conftest import RegistryBuilder
from powerctl.findings import Report
from powerctl.i18n import Lang
from powerctl.report import json_report

FINDING_KEYS = ["code", "severity", "file", "line", "column", "message", "waived", "record_id"]


def test_document_shape_and_order(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    out = json.loads(json_report.render(sample.report, Lang.ZH))
    assert list(out) == ["version", "findings", "summary"]
    assert out["version"] == 1
    assert all(list(f) == FINDING_KEYS for f in out["findings"])
    rows = [(f["file"], f["code"], f["severity"], f["waived"]) for f in out["findings"]]
    assert rows == [
        ("meetings/2026/M-01.yaml", "PC103", "error", True),
        ("meetings/2026/M-01.yaml", "PC102", "error", False),
        (ODD_FILE, "PC108", "warning", False),
        (CHINESE_FILE, "PC108", "warning", False),
        ("risks/DW-001.yaml", "PC102", "error", False),
    ]
    # waived findings are listed, not counted
    assert out["summary"] == {"errors": 2, "warnings": 2, "waived": 1, "files": 9}
    assert list(out["summary"]) == ["errors", "warnings", "waived", "files"]


def test_values_are_the_findings(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    out = json.loads(json_report.render(sample.report, Lang.ZH))
    waived = next(f for f in out["findings"] if f["waived"])
    finding = sample.finding("PC103", "meetings/2026/M-01.yaml")
    assert finding.position is not None
    assert waived == {
        "code": "PC103",
        "severity": "error",
        "file": "meetings/2026/M-01.yaml",
        "line": finding.position.line,
        "column": finding.position.column,
        "message": finding.message.zh,
        "waived": True,
        "record_id": "M-01#1",
    }
    odd = next(f for f in out["findings"] if f["file"] == ODD_FILE)
    assert odd["record_id"] is None
    assert (odd["line"], odd["column"]) == (1, 1)


def test_line_and_column_are_one_based(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    out = json.loads(json_report.render(sample.report, Lang.EN))
    lines = sample.report.sources["meetings/2026/M-01.yaml"]
    presenter = next(f for f in out["findings"] if f["code"] == "PC103")
    assert lines[presenter["line"] - 1][presenter["column"] - 1 :].startswith("p-ban")
    owner = next(f for f in out["findings"] if f["file"] == "risks/DW-001.yaml")
    risk_lines = sample.report.sources["risks/DW-001.yaml"]
    assert risk_lines[owner["line"] - 1][owner["column"] - 1 :].startswith("p-nobody")


def test_message_in_the_chosen_language_and_utf8(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    zh = json_report.render(sample.report, Lang.ZH)
    en = json_report.render(sample.report, Lang.EN)
    assert "刘主任" in zh and "\\u" not in zh  # not ASCII-escaped
    assert "说明.yaml" in zh and "说明.yaml" in en  # file names are not translated
    recorder_zh = next(f for f in json.loads(zh)["findings"] if f["code"] == "PC102")
    recorder_en = next(f for f in json.loads(en)["findings"] if f["code"] == "PC102")
    assert recorder_en["message"].startswith("recorder refers to a person")
    # %, CR and LF come back exactly
    assert f"\u201c{ODD_ID}\u201d" in recorder_zh["message"]
    assert f'"{ODD_ID}"' in recorder_en["message"]


def test_output_is_stable_whatever_the_input_order(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    first = json_report.render(sample.report, Lang.ZH)
    shuffled = list(sample.report.findings)
    random.Random(7).shuffle(shuffled)
    again = Report(shuffled, sample.report.files_checked, sources=sample.report.sources)
    assert json_report.render(again, Lang.ZH) == first
    assert first.endswith("}\n")


def test_empty_report() -> None:
    out = json.loads(json_report.render(Report([], 0), Lang.ZH))
    assert out == {
        "version": 1,
        "findings": [],
        "summary": {"errors": 0, "warnings": 0, "waived": 0, "files": 0},
    }
