"""`powerctl lint --format junit`: JUnit XML, which most CI systems (GitLab, Jenkins, Azure
Pipelines) show as a test report.

One test case per checked file, named by its registry-relative path; a file with findings fails,
with one `<failure>` per finding that is not waived (errors and warnings alike, since either is
something to fix). Files without findings are passing test cases, so the report shows what was
checked, not only what failed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from powerctl.findings import Finding, Report
from powerctl.i18n import Lang
from powerctl.report.json_report import known_files, ordered

SUITE = "powerctl lint"
CLASSNAME = "powerctl"

# Characters XML 1.0 cannot carry at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def render(report: Report, lang: Lang) -> str:
    by_file: defaultdict[str, list[Finding]] = defaultdict(list)
    for finding in ordered(report.active):
        by_file[finding.file].append(finding)
    files = known_files(report)
    failing = sum(1 for file in files if by_file[file])
    counts = {"tests": str(len(files)), "failures": str(failing), "errors": "0"}
    suites = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": SUITE, **counts, "skipped": "0"})
    for file in files:
        case = ET.SubElement(suite, "testcase", {"classname": CLASSNAME, "name": _xml(file)})
        for finding in by_file[file]:
            message = _xml(finding.message.get(lang))
            failure = ET.SubElement(case, "failure", {"type": finding.code, "message": message})
            failure.text = f"{_where(finding)} {finding.code} {_text(message)}"
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


def _where(finding: Finding) -> str:
    pos = finding.position
    return _xml(f"{finding.file}:{pos.line}:{pos.column}" if pos else finding.file)


def _xml(text: str) -> str:
    """Characters XML cannot hold are shown as `\\xNN` / `\\uNNNN` escapes instead."""
    return _NOT_XML.sub(lambda m: _visible(m.group()), text)


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _text(text: str) -> str:
    # An XML parser reads CR LF and a lone CR in element text as LF; say so up front.
    return text.replace("\r\n", "\n").replace("\r", "\n")
