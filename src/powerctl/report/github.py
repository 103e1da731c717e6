"""`powerctl lint --format github`: GitHub Actions workflow commands, which GitHub shows as
annotations on the changed lines of a pull request, plus the full report as Markdown for the
job summary ($GITHUB_STEP_SUMMARY).

GitHub shows only the first few annotations of each kind per step, so the summary, not the
annotations, carries every finding; it also lists the waived ones, which need no annotation.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from powerctl.findings import Finding, Report, Severity
from powerctl.i18n import Lang, Msg
from powerctl.report.json_report import applied_waiver, ordered
from powerctl.report.text import summary_line
from powerctl.rules import CATALOG

# GitHub refuses a step summary over 1 MiB; keep well under it (other steps may append too).
MAX_SUMMARY_BYTES = 1_000_000

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning"}
_SEVERITY = {Severity.ERROR: Msg("错误", "error"), Severity.WARNING: Msg("警告", "warning")}
_TEXT = {
    "title": Msg("powerctl lint 检查结果", "powerctl lint results"),
    "by_rule": Msg("按规则统计", "By rule"),
    "all": Msg("全部问题", "All findings"),
    "rule": Msg("规则", "Rule"),
    "level": Msg("级别", "Severity"),
    "count": Msg("问题数", "Findings"),
    "waived": Msg("已豁免", "Waived"),
    "summary": Msg("说明", "Summary"),
    "where": Msg("位置", "Location"),
    "status": Msg("状态", "Status"),
    "message": Msg("问题", "Message"),
    "waived_mark": Msg("已豁免", "waived"),
    "waiver": Msg(
        "豁免理由：{reason}（批准人 {approver}）", "waiver: {reason} (approved by {approver})"
    ),
    "clean": Msg("没有发现问题。", "No problems found."),
    "cut": Msg(
        "另有 {n} 项问题未列出（GitHub 的作业摘要最大 1 MiB）：请在本地运行 powerctl lint，或使用 --format sarif。",
        "{n} more findings are not listed (GitHub limits a job summary to 1 MiB): run "
        "powerctl lint locally, or use --format sarif.",
    ),
}


def escape_data(text: str) -> str:
    """The message part of a workflow command (GitHub's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value of a workflow command (GitHub's escapeProperty)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, lang: Lang) -> str:
    """`::error file=F,line=L,col=C,endColumn=E,title=CODE::message` for one finding."""
    props = [("file", finding.file)]
    pos = finding.position
    if pos is not None:
        props += [("line", str(pos.line)), ("col", str(pos.column))]
        if pos.end_column is not None:
            props.append(("endColumn", str(pos.end_column)))
    props.append(("title", finding.code))
    head = ",".join(f"{name}={escape_property(value)}" for name, value in props)
    return f"::{_COMMAND[finding.severity]} {head}::{escape_data(finding.message.get(lang))}"


def render(report: Report, lang: Lang) -> str:
    """One workflow command per finding that is not waived."""
    return "".join(command(f, lang) + "\n" for f in ordered(report.active))


def step_summary(report: Report, lang: Lang) -> str:
    """The whole report as GitHub-flavoured Markdown: counts by rule, then every finding."""
    t = {key: msg.get(lang) for key, msg in _TEXT.items()}
    out = [f"## {t['title']}", "", _cell(summary_line(report, lang)), ""]
    findings = ordered(report.findings)
    if not findings:
        return "\n".join([*out, t["clean"], ""])
    out += [
        f"### {t['by_rule']}",
        "",
        _row(t["rule"], t["level"], t["count"], t["waived"], t["summary"]),
    ]
    out.append("|---|---|--:|--:|---|")
    active = Counter(f.code for f in findings if not f.waived)
    waived = Counter(f.code for f in findings if f.waived)
    for code in sorted(active.keys() | waived.keys()):
        rule = CATALOG.rules.get(code)
        severity = next(f.severity for f in findings if f.code == code)
        summary = rule.summary.get(lang) if rule else ""
        out.append(
            _row(
                code,
                _SEVERITY[severity].get(lang),
                str(active[code]),
                str(waived[code]),
                _cell(summary),
            )
        )
    out += ["", f"### {t['all']}", "", _row(t["where"], t["rule"], t["status"], t["message"])]
    out.append("|---|---|---|---|")
    size = len("\n".join(out).encode("utf-8"))
    for shown, finding in enumerate(findings):
        row = _finding_row(finding, lang, t)
        size += len(row.encode("utf-8")) + 1
        if size > MAX_SUMMARY_BYTES - 1000:
            out += ["", _cell(t["cut"].format(n=len(findings) - shown))]
            break
        out.append(row)
    return "\n".join(out) + "\n"


def write_step_summary(report: Report, lang: Lang, path: Path | str) -> None:
    """Append the summary to the file GitHub names in $GITHUB_STEP_SUMMARY."""
    target = Path(path)
    separate = target.exists() and target.stat().st_size > 0
    with target.open("a", encoding="utf-8", newline="\n") as stream:
        stream.write(("\n" if separate else "") + step_summary(report, lang))


def _finding_row(finding: Finding, lang: Lang, t: dict[str, str]) -> str:
    pos = finding.position
    where = f"{finding.file}:{pos.line}:{pos.column}" if pos else finding.file
    if finding.waived:
        status = t["waived_mark"]
        message = finding.message.get(lang)
        waiver = applied_waiver(finding)
        if waiver is not None:
            note = t["waiver"].format(reason=waiver.reason, approver=waiver.approved_by)
            message += "\n" + note
    else:
        status = _SEVERITY[finding.severity].get(lang)
        message = finding.message.get(lang)
    return _row(_code(where), finding.code, status, _cell(message))


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _cell(text: str) -> str:
    """Plain text inside a Markdown table cell: no HTML, no broken rows, line breaks kept."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    for special in "*_[]#~":
        text = text.replace(special, "\\" + special)
    return "<br>".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _code(text: str) -> str:
    """`file:line:col` as a code span, so underscores and asterisks in names stay literal."""
    text = text.replace("\r", " ").replace("\n", " ")
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return fence + pad + text.replace("|", "\\|") + pad + fence
