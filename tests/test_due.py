"""`powerctl due` core: what comes due as of a fixed day, and its text rendering.

The minimal registry of conftest.py: meeting M-01 on 2026-03-12 with public item "1" (disclosure
deadline 2026-03-23), ledger entry D-001 published 2026-03-13, feedback F-001 received 2026-04-02
(answer deadline 2026-04-24) and answered 2026-04-10, risk R-001 with a control due 2027-06-30."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rich.cells import cell_len

from conftest import RegistryBuilder
from powerctl.calendar import WorkCalendar
from powerctl.due import DueEntry, compute_due, format_due
from powerctl.findings import Loc
from powerctl.i18n import Lang, Msg
from powerctl.pipeline import run
from powerctl.rules.base import Context
from powerctl.settings import Settings

LEDGER = "disclosures/2026.yaml"
FEEDBACK = "feedback/2026.yaml"
RISKS = "risks/DW-001.yaml"
CONFIG = "powerctl.yaml"
d = dt.date


@pytest.fixture(autouse=True)
def default_periodic_policy(registry: RegistryBuilder) -> None:
    """These tests count 党务公开日 from the meeting date: start with the default periodic policy
    and no periodic entries, whatever the shared minimal registry holds."""
    registry[CONFIG].get("policy", {}).pop("periodic_disclosure", None)
    registry.records[LEDGER] = [e for e in registry[LEDGER] if e.get("kind") != "periodic"]


def due(registry: RegistryBuilder, on: dt.date, horizon_days: int = 30) -> list[DueEntry]:
    registry.write()
    reg = run(registry.root, Settings(today=on)).registry
    ctx = Context(on, WorkCalendar(reg.config.holidays, reg.config.workdays))
    return compute_due(reg, ctx, on=on, horizon_days=horizon_days)


def rows(entries: list[DueEntry]) -> list[tuple[str, dt.date, str, bool]]:
    return [(e.kind, e.date, e.record_id, e.overdue) for e in entries]


def ledger(registry: RegistryBuilder) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = registry[LEDGER]
    return result


def feedback(registry: RegistryBuilder) -> dict[str, Any]:
    result: dict[str, Any] = registry[FEEDBACK][0]
    return result


def control(registry: RegistryBuilder) -> dict[str, Any]:
    result: dict[str, Any] = registry[RISKS][0]["controls"][0]
    return result


def periodic(eid: str, period: str, published_on: dt.date) -> dict[str, Any]:
    return {
        "id": eid,
        "title": f"{period} 定期公开",
        "subject": {"period": period},
        "kind": "periodic",
        "scope": "public",
        "reviewed_at": "M-01",
        "signed_by": "p-shu",
        "published_on": published_on,
    }


def test_on_the_meeting_day(registry: RegistryBuilder) -> None:
    # D-001 is published the day after: on the meeting day the item is still to be disclosed
    entries = due(registry, d(2026, 3, 12))
    assert rows(entries) == [
        ("disclosure", d(2026, 3, 23), "M-01#1", False),
        ("periodic", d(2026, 4, 27), "2026-04", False),  # since = the meeting date
    ]
    first = entries[0]
    assert first.file == "meetings/2026/M-01.yaml"
    assert first.loc.path[-1] == "disclosure"
    assert "M-01" in first.title.zh and "关于河堤加固工程的议题" in first.title.en


def test_a_disclosed_item_is_not_due(registry: RegistryBuilder) -> None:
    assert [e.kind for e in due(registry, d(2026, 3, 13))] == ["periodic"]


def test_undisclosed_items_stay_listed_as_overdue_whatever_their_age(
    registry: RegistryBuilder,
) -> None:
    ledger(registry).clear()
    on = d(2026, 3, 24)
    assert rows(due(registry, on))[0] == ("disclosure", d(2026, 3, 23), "M-01#1", True)
    assert rows(due(registry, d(2026, 3, 23)))[0][3] is False  # the deadline day itself
    late = due(registry, d(2027, 3, 1), horizon_days=1)
    assert ("disclosure", d(2026, 3, 23), "M-01#1", True) in rows(late)


def test_periodic_day_itself_then_overdue(registry: RegistryBuilder) -> None:
    assert rows(due(registry, d(2026, 4, 27)))[0] == ("periodic", d(2026, 4, 27), "2026-04", False)
    entries = rows(due(registry, d(2026, 4, 28)))
    # the missed April day first, then the next one (Friday 06-26)
    assert ("periodic", d(2026, 4, 27), "2026-04", True) == entries[0]
    assert ("periodic", d(2026, 6, 26), "2026-06", False) in entries


def test_periodic_published_periods_are_done(registry: RegistryBuilder) -> None:
    ledger(registry).append(periodic("D-002", "2026-04", d(2026, 4, 28)))  # late, but done
    ledger(registry).append(periodic("D-003", "2026-06", d(2026, 5, 20)))  # early
    entries = [e for e in due(registry, d(2026, 5, 25)) if e.kind == "periodic"]
    assert rows(entries) == [("periodic", d(2026, 8, 26), "2026-08", False)]


def test_periodic_day_moves_with_calendar_overrides(registry: RegistryBuilder) -> None:
    registry[CONFIG]["calendar"] = {"holidays": [d(2026, 4, 27)]}
    entries = [e for e in due(registry, d(2026, 4, 20)) if e.kind == "periodic"]
    assert rows(entries) == [("periodic", d(2026, 4, 28), "2026-04", False)]


def test_periodic_next_year(registry: RegistryBuilder) -> None:
    # 2026-12-26 is a Saturday: the day is Monday 12-28; after it comes February 2027
    ledger(registry).append(periodic("D-002", "2026-12", d(2026, 12, 28)))
    for month, day in ((4, 27), (6, 26), (8, 26), (10, 26)):
        ledger(registry).append(periodic(f"D-{month}", f"2026-{month:02d}", d(2026, month, day)))
    entries = [e for e in due(registry, d(2026, 12, 29)) if e.kind == "periodic"]
    assert rows(entries) == [("periodic", d(2027, 2, 26), "2027-02", False)]


def test_feedback_awaiting_an_answer(registry: RegistryBuilder) -> None:
    assert ("feedback", d(2026, 4, 24), "F-001", False) in rows(due(registry, d(2026, 4, 9)))
    assert "feedback" not in [e.kind for e in due(registry, d(2026, 4, 10))]  # answered that day
    del feedback(registry)["answered_on"]
    feedback(registry)["status"] = "open"
    assert ("feedback", d(2026, 4, 24), "F-001", False) in rows(due(registry, d(2026, 4, 24)))
    assert rows(due(registry, d(2026, 4, 27)))[0] == ("feedback", d(2026, 4, 24), "F-001", True)
    # not yet received
    assert "feedback" not in [e.kind for e in due(registry, d(2026, 4, 1))]


def test_pre_appointment_notice_running(registry: RegistryBuilder) -> None:
    ledger(registry).append(
        {
            "id": "D-009",
            "title": "拟任职干部任前公示",
            "kind": "pre_appointment",
            "scope": "public",
            "reviewed_at": "M-01",
            "signed_by": "p-shu",
            "published_on": d(2026, 3, 16),
            "period_end": d(2026, 3, 20),
        }
    )

    def notices(on: dt.date) -> list[tuple[str, dt.date, str, bool]]:
        return [r for r in rows(due(registry, on)) if r[0] == "pre_appointment"]

    assert notices(d(2026, 3, 15)) == []  # not published yet
    assert notices(d(2026, 3, 16)) == [("pre_appointment", d(2026, 3, 20), "D-009", False)]
    assert notices(d(2026, 3, 20)) == [("pre_appointment", d(2026, 3, 20), "D-009", False)]
    assert notices(d(2026, 3, 21)) == []


def test_risk_controls_within_the_horizon_or_overdue(registry: RegistryBuilder) -> None:
    control(registry)["due"] = d(2026, 5, 10)

    def controls(on: dt.date, horizon: int = 30) -> list[tuple[str, dt.date, str, bool]]:
        return [r for r in rows(due(registry, on, horizon)) if r[0] == "control"]

    assert controls(d(2026, 4, 20)) == [("control", d(2026, 5, 10), "R-001", False)]
    assert controls(d(2026, 4, 20), horizon=19) == []
    assert controls(d(2026, 4, 20), horizon=20) == [("control", d(2026, 5, 10), "R-001", False)]
    assert controls(d(2026, 5, 10)) == [("control", d(2026, 5, 10), "R-001", False)]
    assert controls(d(2026, 5, 11)) == [("control", d(2026, 5, 10), "R-001", True)]
    control(registry)["done"] = True
    assert controls(d(2026, 5, 11)) == []


def test_sorted_overdue_first_then_by_date(registry: RegistryBuilder) -> None:
    ledger(registry).clear()
    del feedback(registry)["answered_on"]
    feedback(registry)["status"] = "open"
    control(registry)["due"] = d(2026, 5, 1)
    entries = rows(due(registry, d(2026, 4, 28)))
    assert entries == [
        ("disclosure", d(2026, 3, 23), "M-01#1", True),
        ("feedback", d(2026, 4, 24), "F-001", True),
        ("periodic", d(2026, 4, 27), "2026-04", True),
        ("control", d(2026, 5, 1), "R-001", False),
        ("periodic", d(2026, 6, 26), "2026-06", False),
    ]


# --- format_due ----------------------------------------------------------------------------------


def sample() -> list[DueEntry]:
    return [
        DueEntry(
            d(2026, 3, 23),
            "disclosure",
            Msg("会议 M-01 议题 1“河堤加固”", 'item 1 of meeting M-01 ("河堤加固")'),
            "M-01#1",
            Loc("meetings/2026/M-01.yaml", ("items", 0, "disclosure")),
            overdue=True,
        ),
        DueEntry(
            d(2026, 4, 27),
            "periodic",
            Msg("2026-04 期", "period 2026-04"),
            "2026-04",
            Loc("powerctl.yaml", ("policy", "periodic_disclosure")),
        ),
    ]


def test_format_due_in_chinese_by_default_layout() -> None:
    text = format_due(sample(), Lang.ZH)
    lines = text.plain.splitlines()
    assert lines[0].split() == ["日期", "事项", "编号"]
    assert lines[1].startswith("2026-03-23  逾期  决策公开：会议 M-01 议题 1“河堤加固”")
    assert lines[1].endswith("M-01#1")
    assert lines[2].startswith("2026-04-27        定期公开：2026-04 期")
    assert lines[2].endswith("2026-04")
    # the id column lines up (in terminal cells, Chinese characters are two wide)
    assert cell_len(lines[1]) - len("M-01#1") == cell_len(lines[2]) - len("2026-04")
    assert "共 2 项，其中逾期 1 项" in lines[-1]


def test_format_due_overdue_in_red() -> None:
    text = format_due(sample(), Lang.ZH)
    red = [text.plain[s.start : s.end] for s in text.spans if "red" in str(s.style)]
    assert any(r.startswith("2026-03-23") for r in red)
    assert not any(r.startswith("2026-04-27") for r in red)


def test_format_due_in_english() -> None:
    plain = format_due(sample(), Lang.EN).plain
    assert plain.splitlines()[0].split() == ["date", "what", "id"]
    assert "2026-03-23  overdue  disclose decision: item 1 of meeting M-01" in plain
    assert "periodic disclosure: period 2026-04" in plain
    assert "2 item(s), 1 overdue." in plain


def test_format_due_nothing_due() -> None:
    assert format_due([], Lang.ZH).plain.strip() == "没有到期或即将到期的事项。"
    assert format_due([], Lang.EN).plain.strip() == "Nothing is due."


def test_format_due_cuts_long_descriptions() -> None:
    long = DueEntry(
        d(2026, 4, 24),
        "feedback",
        Msg("反映" * 60, "complaint " * 30),
        "F-001",
        Loc("feedback/2026.yaml", (0,)),
    )
    line = format_due([long], Lang.ZH).plain.splitlines()[1]
    assert "…" in line and line.endswith("F-001")
