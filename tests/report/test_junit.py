"""`--format junit` (report/junit.py): one test case per checked file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import cast

from report_sample import CHINESE_FILE, ODD_FILE, ODD_ID, build_sample, make_finding

from conftest import RegistryBuilder
from powerctl.findings import Finding, Report
from powerctl.i18n import Lang
from powerctl.report import junit

CHECKED = [
    "disclosures/2026.yaml",
    "feedback/2026.yaml",
    "meetings/2026/M-01.yaml",
    "meetings/2026/SJ-01.yaml",
    "org/bodies.yaml",
    "org/people.yaml",
    "powerctl.yaml",
    "powers/DW-001.yaml",
    "risks/DW-001.yaml",
]


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def cases(root: ET.Element) -> dict[str, list[ET.Element]]:
    (suite,) = root.findall("testsuite")
    out = {}
    for case in suite.findall("testcase"):
        assert case.get("classname") == "powerctl"
        out[case.get("name", "")] = list(case)
    return out


def test_suite_structure(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    root = parse(junit.render(sample.report, Lang.ZH))
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.get("name") == "powerctl lint"
    by_file = cases(root)
    # every checked file, plus the files that are not records but have findings
    assert list(by_file) == sorted([*CHECKED, ODD_FILE, CHINESE_FILE])
    failing = {name for name, children in by_file.items() if children}
    assert failing == {"meetings/2026/M-01.yaml", "risks/DW-001.yaml", ODD_FILE, CHINESE_FILE}
    for element in (root, suite):
        assert element.get("tests") == "11"
        assert element.get("failures") == "4"
        assert element.get("errors") == "0"


def test_failures(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    by_file = cases(parse(junit.render(sample.report, Lang.ZH)))
    # the waived PC103 is not a failure
    (failure,) = by_file["meetings/2026/M-01.yaml"]
    recorder = sample.finding("PC102", "meetings/2026/M-01.yaml")
    pos = recorder.position
    assert pos is not None
    assert failure.tag == "failure"
    assert failure.get("type") == "PC102"
    assert failure.get("message") == recorder.message.zh  # CR and LF survive in the attribute
    assert f"“{ODD_ID}”" in (failure.get("message") or "")
    expected_text = f"meetings/2026/M-01.yaml:{pos.line}:{pos.column} PC102 {recorder.message.zh}"
    assert failure.text == expected_text.replace("\r\n", "\n")
    (odd,) = by_file[ODD_FILE]
    assert (odd.get("type"), (odd.text or "").split(" ", 1)[0]) == ("PC108", f"{ODD_FILE}:1:1")
    (chinese,) = by_file[CHINESE_FILE]
    assert "不属于任何记录类型" in (chinese.get("message") or "")


def test_files_without_report_files(registry: RegistryBuilder) -> None:
    """A report that does not carry the list of checked files: the test cases are the files
    of its findings and sources."""
    sample = build_sample(registry)

    @dataclass
    class OlderReport:
        findings: list[Finding]
        sources: dict[str, list[str]] = field(default_factory=dict)

        @property
        def active(self) -> list[Finding]:
            return [f for f in self.findings if not f.waived]

    older = OlderReport(sample.report.findings, sample.report.sources)
    assert not hasattr(older, "files")
    by_file = cases(parse(junit.render(cast(Report, older), Lang.ZH)))
    assert list(by_file) == sorted(
        ["meetings/2026/M-01.yaml", "risks/DW-001.yaml", ODD_FILE, CHINESE_FILE]
    )
    # a file whose only finding is waived is a passing test case
    waived_only = [f for f in sample.report.findings if f.waived]
    by_file = cases(parse(junit.render(cast(Report, OlderReport(waived_only)), Lang.ZH)))
    assert by_file == {"meetings/2026/M-01.yaml": []}


def test_with_report_files() -> None:
    report = Report([make_finding(file="b.yaml")], 2, files=["a.yaml", "c.yaml"])
    by_file = cases(parse(junit.render(report, Lang.EN)))
    assert list(by_file) == ["a.yaml", "b.yaml", "c.yaml"]
    assert [len(children) for children in by_file.values()] == [0, 1, 0]


def test_characters_xml_cannot_hold() -> None:
    finding = make_finding(message="控制字符\x01与\x1b结束 & <tag>")
    root = parse(junit.render(Report([finding], 1), Lang.ZH))
    (failure,) = cases(root)["meetings/2026/M-01.yaml"]
    assert failure.get("message") == "控制字符\\x01与\\x1b结束 & <tag>"


def test_empty_report() -> None:
    root = parse(junit.render(Report([], 0), Lang.ZH))
    assert cases(root) == {}
    assert root.get("tests") == "0" and root.get("failures") == "0"
