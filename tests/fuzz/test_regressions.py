"""Crashes found by the pipeline fuzzer (test_pipeline_fuzz.py, campaign.py), each reduced to
the smallest registry that showed it. See CAMPAIGN.md."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from conftest import RegistryBuilder
from powerctl.calendar import WorkCalendar
from powerctl.due import compute_due
from powerctl.export import export_internal, export_public
from powerctl.pipeline import run
from powerctl.render.public import public_view
from powerctl.rules.base import Context
from powerctl.settings import FileOptions, Settings

FILES = FileOptions(cache=False, jobs=1)
LAST = dt.date.max  # 9999-12-31
M = "meetings/2026/M-01.yaml"


def lint(registry: RegistryBuilder, today: dt.date, ignore: tuple[str, ...] = ()) -> list[str]:
    registry.write()
    result = run(registry.root, Settings(today=today, files=FILES), select=("PC",), ignore=ignore)
    return [f.code for f in result.report.findings if not f.waived]


def test_deadline_past_the_last_day_saturates(registry: RegistryBuilder) -> None:
    """A meeting on 9999-12-31: its disclosure deadline (7 working days later) used to overflow
    in WorkCalendar.add_workdays (OverflowError: date value out of range)."""
    registry[M]["date"] = LAST
    registry["disclosures/2026.yaml"][0]["published_on"] = LAST
    codes = lint(registry, dt.date(2026, 11, 23))
    assert "PC501" not in codes  # the deadline (9999-12-31) has not passed
    calendar = WorkCalendar()
    assert calendar.add_workdays(LAST, 7) == LAST
    assert calendar.add_workdays(dt.date(9999, 12, 20), 30) == LAST
    assert calendar.next_workday(dt.date(9999, 12, 31)) == LAST


def test_feedback_received_at_the_end_of_time(registry: RegistryBuilder) -> None:
    registry["feedback/2026.yaml"][0]["received_on"] = dt.date(9999, 12, 20)
    registry["feedback/2026.yaml"][0]["answered_on"] = LAST
    assert "PC506" not in lint(registry, dt.date(2026, 11, 23))


def _due_and_view(registry: RegistryBuilder, on: dt.date) -> None:
    registry.write()
    reg = run(registry.root, Settings(today=on, files=FILES)).registry
    context = Context(on, WorkCalendar(reg.config.holidays, reg.config.workdays))
    compute_due(reg, context, on)
    public_view(reg, on)


def test_due_and_board_on_the_first_day(registry: RegistryBuilder) -> None:
    """`due --on 0001-01-01`: the periodic days of the year before (year 0) used to be asked
    for (ValueError: year 0 is out of range)."""
    _due_and_view(registry, dt.date(1, 1, 1))
    _due_and_view(registry, dt.date(1, 6, 1))


def test_due_and_board_on_the_last_day(registry: RegistryBuilder) -> None:
    """`due --on 9999-12-31` and a board as of that day: the year after (10000) and the
    horizon of the risk controls (+30 days) used to overflow."""
    _due_and_view(registry, LAST)
    assert "PC505" in lint(registry, dt.date(2027, 1, 5))  # PC505 itself still judges


def test_lint_on_the_first_and_last_day(registry: RegistryBuilder) -> None:
    lint(registry, dt.date(1, 1, 1))
    # PC505 would list every periodic day of 8000 years: correct, but slow for a unit test
    lint(registry, LAST, ignore=("PC505",))


def test_spreadsheet_dated_outside_the_zip_range(registry: RegistryBuilder, tmp_path: Path) -> None:
    """A zip timestamp lies in 1980..2107: an xlsx as of 1979 or 2108 used to fail
    (ValueError: ZIP does not support timestamps before 1980; struct.error after 2107)."""
    registry.write()
    reg = run(registry.root, Settings(files=FILES)).registry
    for day in (dt.date(1, 1, 1), dt.date(1979, 12, 31), dt.date(2108, 1, 1), LAST):
        out = tmp_path / day.isoformat()
        for path in [
            *export_internal(reg, "xlsx", out=out / "internal", as_of=day),
            *export_public(public_view(reg, day), "xlsx", out=out / "public"),
        ]:
            with zipfile.ZipFile(path) as archive:
                assert archive.testzip() is None


def _html(registry: RegistryBuilder, tmp_path: Path) -> str:
    from powerctl.render.html import render_html

    registry.write()
    reg = run(registry.root, Settings(files=FILES)).registry
    render_html(public_view(reg, dt.date(2026, 11, 23)), tmp_path / "site", registry.root)
    return (tmp_path / "site" / "feed.xml").read_text(encoding="utf-8")


def test_feed_with_control_characters(registry: RegistryBuilder, tmp_path: Path) -> None:
    """A control character in the unit's name or an entry (an ESC pasted from a terminal)
    used to stop the whole site: lxml refuses it in the Atom feed (ValueError: All strings must
    be XML compatible)."""
    registry["powerctl.yaml"]["unit"]["name"] = "测试镇\x1b党委"
    registry["disclosures/2026.yaml"][0]["title"] = "河堤\x07加固\ufffe"
    registry["disclosures/2026.yaml"][0]["summary"] = "\x0b摘要"
    feed = _html(registry, tmp_path)
    assert "测试镇党委" in feed and "河堤加固" in feed and "摘要" in feed


def test_feed_with_an_empty_title(registry: RegistryBuilder, tmp_path: Path) -> None:
    registry["disclosures/2026.yaml"][0]["title"] = ""
    registry["disclosures/2026.yaml"][1]["title"] = "\x1b"
    assert "<entry>" in _html(registry, tmp_path)


def test_spreadsheet_title_with_control_characters(
    registry: RegistryBuilder, tmp_path: Path
) -> None:
    """The workbook's title (docProps/core.xml) comes from the unit's name."""
    registry["powerctl.yaml"]["unit"]["name"] = "测试镇\x1b党委\ufffe"
    registry["powers/DW-001.yaml"]["title"] = "重大\uffff工程"
    registry.write()
    reg = run(registry.root, Settings(files=FILES)).registry
    day = dt.date(2026, 11, 23)
    export_internal(reg, "xlsx", out=tmp_path / "internal", as_of=day)
    export_public(public_view(reg, day), "xlsx", out=tmp_path / "public")
