"""What the pipeline fuzzer runs on each case (shared by test_pipeline_fuzz.py and campaign.py).

Each `check_*` writes the case to a folder and runs a part of the pipeline; it asserts the
invariants of the findings and of the outputs and lets any exception through."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from rich.console import Console

from fuzz.strategies import Case
from powerctl.calendar import WorkCalendar
from powerctl.due import compute_due, format_due
from powerctl.export import export_internal, export_public
from powerctl.findings import Report
from powerctl.i18n import Lang
from powerctl.pipeline import Run, run
from powerctl.report import github, gitlab, json_report, junit, sarif
from powerctl.report.text import format_text
from powerctl.rules.base import Context
from powerctl.settings import FileOptions, Settings

CODE = re.compile(r"^PC\d{3}$")
FILES = FileOptions(cache=False, jobs=1)


def lines_of(path: Path) -> list[str] | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))


def assert_findings(root: Path, report: Report, case: Case) -> None:
    """Every finding: a PCxxx code, both languages, a relative file, a position inside it."""
    files: dict[str, list[str] | None] = {}
    for finding in report.findings:
        why = (finding, case.applied)
        assert CODE.match(finding.code), why
        assert finding.message.zh.strip(), why
        assert finding.message.en.strip(), why
        assert finding.file and not Path(finding.file).is_absolute(), why
        if finding.position is None:
            continue
        assert finding.position.line >= 1 and finding.position.column >= 1, why
        if finding.file not in files:
            files[finding.file] = lines_of(root / finding.file)
        lines = files[finding.file]
        if lines is not None:
            assert finding.position.line <= len(lines), (*why, len(lines))
            line = lines[finding.position.line - 1]
            assert finding.position.column <= len(line) + 1, (*why, line)


def pipeline(root: Path, case: Case, select: tuple[str, ...]) -> Run:
    result = run(root, Settings(today=case.today, files=FILES), select=select)
    assert_findings(root, result.report, case)
    return result


def all_reports(report: Report, langs: tuple[Lang, ...] = (Lang.ZH, Lang.EN)) -> None:
    """Every report writer; the machine formats must parse."""
    for lang in langs:
        console = Console(file=io.StringIO(), width=100, color_system=None)
        console.print(format_text(report, lang, by_rule_table=True))
        console.print(format_text(report, lang, quiet=True))
        document = json.loads(json_report.render(report, lang))
        assert len(document["findings"]) == len(report.findings)
        json.loads(sarif.render(report, lang, tool_version="0"))
        json.loads(gitlab.render(report, lang))
        ET.fromstring(junit.render(report, lang))
        # the runner splits workflow commands at CR and LF only (U+2028 and NEL are data)
        commands = github.render(report, lang)
        assert all(line.startswith("::") for line in re.split(r"\r\n|\r|\n", commands)[:-1])
        github.step_summary(report, lang)


def build_and_check(case: Case, folder: Path, lang: Lang | None = None) -> tuple[Path, Run]:
    """validate and lint (every rule), and every report format (in `lang`, else both)."""
    root = case.write(folder / "registry")
    pipeline(root, case, ("PC1",))
    lint = pipeline(root, case, ("PC",))
    all_reports(lint.report, (lang,) if lang else (Lang.ZH, Lang.EN))
    return root, lint


def public(lint: Run, case: Case) -> Any:
    from powerctl.render.public import public_view

    return public_view(lint.registry, case.today)


def check_core(case: Case, folder: Path, lang: Lang) -> None:
    """validate, lint, reports, due, the csv exports and the Markdown board."""
    from powerctl.render.markdown import render_markdown

    _, lint = build_and_check(case, folder, lang)
    reg = lint.registry
    context = Context(case.today, WorkCalendar(reg.config.holidays, reg.config.workdays))
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(format_due(compute_due(reg, context, case.today), lang))
    view = public(lint, case)
    render_markdown(view, folder / "md", lang)
    export_public(view, "csv", out=folder / "export")
    export_internal(reg, "csv", out=folder / "internal", as_of=case.today)


def check_spreadsheets(case: Case, folder: Path) -> None:
    _, lint = build_and_check(case, folder)
    export_public(public(lint, case), "xlsx", out=folder / "export")
    export_internal(lint.registry, "xlsx", out=folder / "internal", as_of=case.today)


def check_html(case: Case, folder: Path, lang: Lang) -> None:
    from powerctl.render.html import render_html

    root, lint = build_and_check(case, folder, lang)
    files = render_html(public(lint, case), folder / "site", assets_root=root, lang=lang)
    assert any(f.name == "index.html" for f in files)


def check_pdf(case: Case, folder: Path, lang: Lang, paper: str) -> None:
    from powerctl.render.pdf import SHEETS, render_pdf

    root, lint = build_and_check(case, folder, lang)
    out = render_pdf(
        public(lint, case),
        folder / "board.pdf",
        paper=paper,
        sheets=SHEETS,
        assets_root=root,
        lang=lang,
    )
    assert out.read_bytes().startswith(b"%PDF")
