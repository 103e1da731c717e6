"""`powerctl due`: the clerk's to-do list as of one day.

What comes due, with the same working-day arithmetic as the PC5xx rules (rules/disclosure.py):
the next 党务公开日 (and missed ones), public decisions still undisclosed, pre-appointment
notices running, feedback awaiting an answer, and risk controls not done. Overdue entries come
first. The core never prints: `format_due` returns a rich Text for the CLI to print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from powerctl.findings import Loc
from powerctl.i18n import Lang, Msg
from powerctl.model.registry import Registry
from powerctl.rules.base import Context
from powerctl.rules.disclosure import (
    disclosure_deadline,
    entries_by_item,
    entries_by_period,
    feedback_deadline,
    is_published,
    periodic_days,
    periodic_since,
    public_decisions,
)

KINDS = ("periodic", "disclosure", "pre_appointment", "feedback", "control")
KIND_LABELS = {
    "periodic": Msg("定期公开", "periodic disclosure"),
    "disclosure": Msg("决策公开", "disclose decision"),
    "pre_appointment": Msg("任前公示期满", "pre-appointment notice ends"),
    "feedback": Msg("答复意见", "answer feedback"),
    "control": Msg("防控措施", "risk control"),
}
OVERDUE = Msg("逾期", "overdue")


@dataclass(frozen=True)
class DueEntry:
    date: dt.date
    kind: str  # one of KINDS
    title: Msg
    record_id: str
    loc: Loc
    overdue: bool = False

    @property
    def file(self) -> str:
        return self.loc.file


def compute_due(reg: Registry, ctx: Context, on: dt.date, horizon_days: int = 30) -> list[DueEntry]:
    """Everything due as of `on`: overdue entries first, then by date. `horizon_days` limits the
    risk controls listed (those due within it, and all overdue ones)."""
    entries = [
        *_periodic(reg, ctx, on),
        *_decisions(reg, ctx, on),
        *_notices(reg, on),
        *_feedback(reg, ctx, on),
        *_controls(reg, on, _plus_days(on, horizon_days)),
    ]
    return sorted(entries, key=lambda e: (not e.overdue, e.date, KINDS.index(e.kind), e.record_id))


def _plus_days(day: dt.date, days: int) -> dt.date:
    """`day` + `days`, or 9999-12-31 when that is past the calendar."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def _periodic(reg: Registry, ctx: Context, on: dt.date) -> Iterator[DueEntry]:
    """The next 党务公开日 on or after `on` whose period is not published yet, and the days
    missed since `since` with nothing published for their period at all."""
    since = periodic_since(reg)
    published = {
        period
        for period, entries in entries_by_period(reg).items()
        if any(is_published(e, by=on) for e in entries)
    }
    where = reg.config.loc.child("policy", "periodic_disclosure")
    first = since.year if since else on.year - 1
    for day in periodic_days(reg.config.policy, ctx.calendar, min(first, on.year - 1), on.year + 1):
        if (since and day.nominal < since) or day.period in published:
            continue
        if day.day < on and since is None:
            continue  # nothing to judge the past by (no meetings, no `since`): as PC505
        title = Msg(f"{day.period} 期", f"period {day.period}")
        yield DueEntry(day.day, "periodic", title, day.period, where, overdue=day.day < on)
        if day.day >= on:
            return


def _decisions(reg: Registry, ctx: Context, on: dt.date) -> Iterator[DueEntry]:
    by_item = entries_by_item(reg)
    for m, item in public_decisions(reg):
        if m.date > on or any(is_published(e, by=on) for e in by_item.get((m.id, item.id), [])):
            continue
        deadline = disclosure_deadline(reg, ctx.calendar, m)
        title = Msg(
            f"会议 {m.id} 议题 {item.id}“{item.title}”",
            f'item {item.id} of meeting {m.id} ("{item.title}")',
        )
        yield DueEntry(
            deadline,
            "disclosure",
            title,
            f"{m.id}#{item.id}",
            item.loc.child("disclosure"),
            overdue=deadline < on,
        )


def _notices(reg: Registry, on: dt.date) -> Iterator[DueEntry]:
    for entry in reg.disclosures:
        if entry.kind != "pre_appointment" or entry.period_end is None:
            continue
        if not is_published(entry, by=on) or entry.period_end < on:
            continue
        if entry.withdrawn_on is not None and entry.withdrawn_on <= on:
            continue
        title = Msg(entry.title, entry.title)
        yield DueEntry(
            entry.period_end, "pre_appointment", title, entry.id, entry.loc.child("period_end")
        )


def _feedback(reg: Registry, ctx: Context, on: dt.date) -> Iterator[DueEntry]:
    for fb in reg.feedback:
        if fb.received_on > on or (fb.answered_on is not None and fb.answered_on <= on):
            continue
        deadline = feedback_deadline(reg, ctx.calendar, fb)
        title = Msg(fb.summary, fb.summary)
        yield DueEntry(deadline, "feedback", title, fb.id, fb.loc, overdue=deadline < on)


def _controls(reg: Registry, on: dt.date, until: dt.date) -> Iterator[DueEntry]:
    for risk in reg.risks:
        for control in risk.controls:
            if control.done or control.due is None or control.due > until:
                continue
            title = Msg(control.measure, control.measure)
            yield DueEntry(
                control.due,
                "control",
                title,
                risk.id,
                control.loc.child("due"),
                overdue=control.due < on,
            )


# --- text output ---------------------------------------------------------------------------------

_WHAT_WIDTH = 60  # cells: longer descriptions are cut with an ellipsis


def _what(entry: DueEntry, lang: Lang) -> str:
    label = KIND_LABELS[entry.kind].get(lang)
    text = f"{label}：{entry.title.zh}" if lang is Lang.ZH else f"{label}: {entry.title.en}"
    return _clip(" ".join(text.split()), _WHAT_WIDTH)


def _clip(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    while cell_len(text) > width - 1:
        text = text[:-1]
    return text + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - cell_len(text), 0)


def format_due(entries: list[DueEntry], lang: Lang) -> Text:
    """date, what and id, one line each; overdue lines in red and marked as such."""
    out = Text()
    if not entries:
        out.append(Msg("没有到期或即将到期的事项。", "Nothing is due.").get(lang) + "\n")
        return out
    marker = OVERDUE.get(lang)
    mark_width = cell_len(marker)
    whats = [_what(e, lang) for e in entries]
    width = min(max(cell_len(w) for w in whats), _WHAT_WIDTH)
    head = ("日期", "事项", "编号") if lang is Lang.ZH else ("date", "what", "id")
    out.append(
        f"{_pad(head[0], 10)}  {' ' * mark_width}  {_pad(head[1], width)}  {head[2]}\n",
        style="bold",
    )
    for entry, what in zip(entries, whats, strict=True):
        flag = marker if entry.overdue else " " * mark_width
        line = f"{entry.date.isoformat()}  {flag}  {_pad(what, width)}  {entry.record_id}\n"
        out.append(line, style="red" if entry.overdue else "")
    overdue = sum(1 for e in entries if e.overdue)
    summary = Msg(
        f"共 {len(entries)} 项，其中逾期 {overdue} 项。",
        f"{len(entries)} item(s), {overdue} overdue.",
    )
    out.append(summary.get(lang) + "\n", style="bold red" if overdue else "bold")
    return out
