"""`--format github` (report/github.py): workflow commands and the job summary."""

from __future__ import annotations

import re
from pathlib import Path

from report_sample import (
    CHINESE_FILE,
    ODD_FILE,
    ODD_ID,
    WAIVER_REASON,
    Sample,
    build_sample,
    make_finding,
)

from conftest import RegistryBuilder
from powerctl.findings import Report, Severity
from powerctl.i18n import Lang
from powerctl.report import github

COMMAND = re.compile(r"^::(error|warning) ([^:]*)::(.*)$")


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    kind, head, data = match.groups()
    props = dict(pair.split("=", 1) for pair in head.split(","))
    return kind, props, data


def test_escaping_follows_github() -> None:
    assert github.escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert github.escape_property("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext%3A a%2Cb"
    # `%` first: a literal "%0A" must not turn into a newline
    assert github.escape_data("100%0A") == "100%250A"


def test_one_command_per_active_finding(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    lines = github.render(sample.report, Lang.ZH).splitlines()
    parsed = [parse(line) for line in lines]
    assert [(kind, unescape(p["file"]), p["title"]) for kind, p, _ in parsed] == [
        ("error", "meetings/2026/M-01.yaml", "PC102"),
        ("warning", ODD_FILE, "PC108"),
        ("warning", CHINESE_FILE, "PC108"),
        ("error", "risks/DW-001.yaml", "PC102"),
    ]  # the waived PC103 is not annotated
    for (_, props, data), finding in zip(parsed, sample.report.active, strict=True):
        assert finding.position is not None
        assert int(props["line"]) == finding.position.line
        assert int(props["col"]) == finding.position.column
        assert unescape(data) == finding.message.zh
        assert "\r" not in data and "\n" not in data


def test_exact_lines(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    lines = github.render(sample.report, Lang.EN).splitlines()
    recorder = sample.finding("PC102", "meetings/2026/M-01.yaml")
    pos = recorder.position
    assert pos is not None and pos.end_column is not None
    assert lines[0] == (
        f"::error file=meetings/2026/M-01.yaml,line={pos.line},col={pos.column},"
        f"endColumn={pos.end_column},title=PC102::"
        'recorder refers to a person "p-100%25%0D%0Ax" that does not exist: check the '
        "spelling or add the person first."
    )
    # `:` and `,` in a property are escaped; no endColumn when the end is not known
    assert lines[1].startswith("::warning file=notes/a%3Ab%2Cc.yaml,line=1,col=1,title=PC108::")
    assert lines[2].startswith("::warning file=notes/说明.yaml,line=1,col=1,title=PC108::")


def test_no_findings_no_commands() -> None:
    assert github.render(Report([], 3), Lang.ZH) == ""


def table_rows(markdown: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table under `header`, split on unescaped pipes."""
    lines = markdown.split(header, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_step_summary_has_counts_by_rule(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    summary = github.step_summary(sample.report, Lang.ZH)
    assert summary.startswith("## powerctl lint 检查结果\n")
    assert "检查了 9 个文件" in summary
    assert table_rows(summary, "### 按规则统计") == [
        ["PC102", "错误", "2", "0", "引用了不存在的 id"],
        ["PC103", "错误", "0", "1", "会议中的行为人不是该机构当日的成员"],
        ["PC108", "警告", "2", "0", "YAML 文件不属于任何记录类型"],
    ]


def test_step_summary_lists_every_finding(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    summary = github.step_summary(sample.report, Lang.EN)
    rows = table_rows(summary, "### All findings")
    assert [row[:3] for row in rows] == [
        [f"`{where}`", code, status]
        for where, code, status in [
            (_where(sample, "PC103", "meetings/2026/M-01.yaml"), "PC103", "waived"),
            (_where(sample, "PC102", "meetings/2026/M-01.yaml"), "PC102", "error"),
            (f"{ODD_FILE}:1:1", "PC108", "warning"),
            (f"{CHINESE_FILE}:1:1", "PC108", "warning"),
            (_where(sample, "PC102", "risks/DW-001.yaml"), "PC102", "error"),
        ]
    ]
    # the waived finding says who waived it and why
    assert rows[0][3].endswith(f"<br>waiver: {WAIVER_REASON} (approved by p-shu)")
    # CR/LF become a line break inside the cell, never a broken table row
    assert f'"{ODD_ID.replace(chr(13) + chr(10), "<br>")}"' in rows[1][3]
    assert "\r" not in summary


def _where(sample: Sample, code: str, file: str) -> str:
    pos = sample.finding(code, file).position
    assert pos is not None
    return f"{file}:{pos.line}:{pos.column}"


def test_step_summary_cells_stay_plain_text() -> None:
    nasty = make_finding(message="a | b <script>x</script> *bold* `code` \\ end")
    summary = github.step_summary(Report([nasty], 1), Lang.ZH)
    (row,) = table_rows(summary, "### 全部问题")
    assert row[3] == (r"a \| b &lt;script&gt;x&lt;/script&gt; \*bold\* \`code\` \\ end")
    pipe_file = make_finding(file="odd|name_*.yaml")
    (row,) = table_rows(github.step_summary(Report([pipe_file], 1), Lang.ZH), "### 全部问题")
    assert row[0] == r"`odd\|name_*.yaml:3:5`"


def test_step_summary_clean_report() -> None:
    summary = github.step_summary(Report([], 4), Lang.EN)
    assert "checked 4 files: no problems" in summary
    assert "No problems found." in summary
    assert "|" not in summary


def test_step_summary_stays_under_githubs_limit() -> None:
    findings = [
        make_finding(line=i + 1, message="很长的说明" * 40, severity=Severity.WARNING)
        for i in range(6000)
    ]
    summary = github.step_summary(Report(findings, 1), Lang.ZH)
    assert len(summary.encode("utf-8")) <= github.MAX_SUMMARY_BYTES
    listed = len(table_rows(summary, "### 全部问题"))
    assert 0 < listed < 6000
    assert f"另有 {6000 - listed} 项问题未列出" in summary
    # the counts by rule still count everything
    assert table_rows(summary, "### 按规则统计")[0][2] == "6000"


def test_write_step_summary_appends(registry: RegistryBuilder, tmp_path: Path) -> None:
    sample = build_sample(registry)
    target = tmp_path / "step_summary.md"
    target.write_text("# earlier step\n", encoding="utf-8")
    github.write_step_summary(sample.report, Lang.ZH, target)
    github.write_step_summary(sample.report, Lang.ZH, str(target))
    text = target.read_text(encoding="utf-8")
    once = github.step_summary(sample.report, Lang.ZH)
    assert text == "# earlier step\n" + "\n" + once + "\n" + once
    fresh = tmp_path / "new.md"
    github.write_step_summary(sample.report, Lang.ZH, fresh)
    assert fresh.read_bytes() == once.encode("utf-8")
