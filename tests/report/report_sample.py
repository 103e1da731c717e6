"""A small report with real findings for the writer tests (a helper module, not a conftest:
the tests import the top-level conftest by name). The minimal registry with

- a presenter who is not a member (PC103), waived on the meeting item;
- a recorder whose id carries `%`, CR and LF (PC102, the message quotes the id);
- a risk control owner who does not exist (PC102, another file);
- two YAML files that match no record kind (PC108 warnings), one named with `:` and `,`,
  one with a Chinese name.
"""

from __future__ import annotations

from dataclasses import dataclass

from conftest import RegistryBuilder
from powerctl.findings import Finding, Loc, Position, Report, Severity
from powerctl.i18n import Msg
from powerctl.pipeline import run
from powerctl.settings import Settings

ODD_ID = "p-100%\r\nx"
ODD_FILE = "notes/a:b,c.yaml"
CHINESE_FILE = "notes/说明.yaml"
WAIVER_REASON = "刘主任受镇长委托代为汇报"


@dataclass
class Sample:
    report: Report

    def finding(self, code: str, file: str) -> Finding:
        (found,) = [f for f in self.report.findings if f.code == code and f.file == file]
        return found


def build_sample(registry: RegistryBuilder) -> Sample:
    meeting = registry["meetings/2026/M-01.yaml"]
    item = meeting["items"][0]
    item["presenter"] = "p-ban"
    item["waivers"] = [{"rule": "PC103", "reason": WAIVER_REASON, "approved_by": "p-shu"}]
    meeting["recorder"] = ODD_ID
    registry["risks/DW-001.yaml"][0]["controls"][0]["owner"] = "p-nobody"
    registry.raw[ODD_FILE] = "hello: 1\n"
    registry.raw[CHINESE_FILE] = "说明: 这不是一条记录\n"
    root = registry.write()
    report = run(root, Settings(), select=("PC1",)).report
    codes = sorted((f.code, f.file, f.waived) for f in report.findings)
    assert codes == [
        ("PC102", "meetings/2026/M-01.yaml", False),
        ("PC102", "risks/DW-001.yaml", False),
        ("PC103", "meetings/2026/M-01.yaml", True),
        ("PC108", ODD_FILE, False),
        ("PC108", CHINESE_FILE, False),
    ], codes
    return Sample(report)


def make_finding(
    file: str = "meetings/2026/M-01.yaml",
    line: int = 3,
    message: str = "问题",
    code: str = "PC102",
    severity: Severity = Severity.ERROR,
    record_id: str | None = "M-01",
    end_column: int | None = None,
) -> Finding:
    """A hand-made finding, for edge cases no rule produces on the sample."""
    return Finding(
        code,
        severity,
        Loc(file),
        Msg(message, message + " (en)"),
        record_id=record_id,
        position=Position(line, 5, end_column),
    )
