"""Human output: grouped by file, `file:line:col CODE message`, the offending line underneath with
a caret under the spot (like ruff or rustc). Carets line up under Chinese text: wide characters
take two terminal cells."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from rich.cells import cell_len
from rich.text import Text

from powerctl.findings import Finding, Report, Severity
from powerctl.i18n import Lang, Msg

_SEVERITY = {
    Severity.ERROR: (Msg("错误", "error"), "bold red"),
    Severity.WARNING: (Msg("警告", "warning"), "bold yellow"),
}
TAB = "    "
MAX_FRAME = 160  # cells


def code_frame(lines: list[str], finding: Finding) -> Text:
    pos = finding.position
    if pos is None or not (1 <= pos.line <= len(lines)):
        return Text()
    raw = lines[pos.line - 1]
    shown = raw.replace("\t", TAB)
    number = str(pos.line)
    gutter = " " * len(number)
    start = max(pos.column - 1, 0)
    end = pos.end_column - 1 if pos.end_column and pos.end_column - 1 > start else start + 1
    if cell_len(shown) > MAX_FRAME:
        # very long lines: show a window around the caret
        left = max(start - 40, 0)
        raw = (
            ("…" if left else "") + raw[left : left + 100] + ("…" if left + 100 < len(raw) else "")
        )
        shown = raw.replace("\t", TAB)
        shift = left - (1 if left else 0)
        start, end = start - shift, min(end - shift, len(raw))
    prefix = cell_len(raw[:start].replace("\t", TAB))
    width = max(cell_len(raw[start:end].replace("\t", TAB)), 1)
    frame = Text()
    frame.append(f" {gutter} |\n", style="blue")
    frame.append(f" {number} | ", style="blue")
    frame.append(shown + "\n")
    frame.append(f" {gutter} | ", style="blue")
    frame.append(" " * prefix + "^" * width, style=_SEVERITY[finding.severity][1])
    frame.append("\n")
    return frame


def rule_table(findings: list[Finding], lang: Lang) -> Text:
    """The summary table by rule at the end of a lint run: code, count, severity, summary."""
    from powerctl.rules import CATALOG

    by_code = Counter(f.code for f in findings)
    out = Text()
    head = (
        ("规则", "数量", "级别", "说明")
        if lang is Lang.ZH
        else ("rule", "count", "level", "summary")
    )
    out.append(f"{head[0]:<6} {head[1]:>5}  {head[2]:<8} {head[3]}\n", style="bold")
    for code, count in sorted(by_code.items()):
        severity = next(f.severity for f in findings if f.code == code)
        label, style = _SEVERITY[severity]
        rule = CATALOG.rules.get(code)
        summary = rule.summary.get(lang) if rule else ""
        out.append(f"{code:<6} {count:>5}  ")
        out.append(label.get(lang), style=style)
        out.append(" " * max(8 - cell_len(label.get(lang)), 1) + f" {summary}\n")
    return out


def summary_line(report: Report, lang: Lang) -> str:
    errors, warnings, waived = report.errors, report.warnings, report.waived
    if lang is Lang.ZH:
        if not errors and not warnings:
            text = f"检查了 {report.files_checked} 个文件，没有发现问题"
        else:
            text = f"检查了 {report.files_checked} 个文件：{errors} 个错误，{warnings} 个警告"
        return text + (f"（另有 {waived} 项已豁免）" if waived else "")
    plural = "" if report.files_checked == 1 else "s"
    if not errors and not warnings:
        text = f"checked {report.files_checked} file{plural}: no problems"
    else:
        text = (
            f"checked {report.files_checked} file{plural}: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        )
    return text + (f" ({waived} waived)" if waived else "")


def format_text(
    report: Report, lang: Lang, quiet: bool = False, by_rule_table: bool = False
) -> Text:
    out = Text()
    if quiet:
        out.append(summary_line(report, lang) + "\n")
        return out
    active = report.active
    for file, group in groupby(active, key=lambda f: f.file):
        out.append(f"{file}\n", style="bold underline")
        for finding in group:
            pos = finding.position
            label, style = _SEVERITY[finding.severity]
            where = f"{file}:{pos.line}:{pos.column}" if pos else file
            out.append(f"{where}: ", style="bold")
            out.append(finding.code, style=style)
            out.append(f" [{label.get(lang)}] ")
            out.append(finding.message.get(lang) + "\n")
            out.append_text(code_frame(report.sources.get(file, []), finding))
        out.append("\n")
    if active and by_rule_table:
        out.append_text(rule_table(active, lang))
    elif active:
        by_code = Counter(f.code for f in active)
        title = "按规则统计" if lang is Lang.ZH else "by rule"
        out.append(
            f"{title}: " + ", ".join(f"{code} x{n}" for code, n in sorted(by_code.items())) + "\n"
        )
    style = "bold red" if report.errors else ("bold yellow" if report.warnings else "bold green")
    out.append(summary_line(report, lang) + "\n", style=style)
    return out
