"""The public view: the only thing a renderer is given (STYLE.md: secrecy filtering happens once,
at the entrance of render/, so no template can leak what it was never given).

data-model.md "Secrecy": public < party < internal < confidential. Only `public` reaches a board.
An item inherits its meeting's level and may only be stricter; a risk point takes its power's.
Secret-ballot counts of personnel items, internal feedback text, unpublished phone numbers and
waivers never reach public output; nor do the reasons for an absence or a recusal (personal).

The view is a deep copy: renderers cannot reach the registry through it.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field, replace

from powerctl.calendar import WorkCalendar
from powerctl.model.records import (
    SECRECY_ORDER,
    Absence,
    Body,
    Disclosure,
    Feedback,
    Item,
    Meeting,
    Membership,
    Person,
    Recusal,
)
from powerctl.model.registry import Registry
from powerctl.rules.disclosure import periodic_days

PUBLIC = "public"


@dataclass(frozen=True, slots=True)
class FeedbackCount:
    month: str  # YYYY-MM of received_on
    status: str  # open | answered | closed
    power: str | None  # about.power when that power is public


@dataclass
class PublicView:
    registry: Registry
    feedback_counts: list[FeedbackCount] = field(default_factory=list)
    as_of: dt.date = field(default_factory=dt.date.today)
    next_periodic_day: dt.date | None = None
    unit_name: str = ""


def _public(level: str | None) -> bool:
    return level == PUBLIC


def _stricter(*levels: str | None) -> str:
    known = [lvl for lvl in levels if lvl is not None]
    return (
        max(known, key=lambda lvl: SECRECY_ORDER.get(lvl, len(SECRECY_ORDER))) if known else PUBLIC
    )


def _person(person: Person) -> Person:
    return replace(person, phone=person.phone if person.publish_phone else None)


def _body(body: Body) -> Body:
    memberships: list[Membership] = [replace(m, waivers=[]) for m in body.memberships]
    return replace(body, memberships=memberships, waivers=[])


def _item(item: Item, meeting: Meeting, public_powers: set[str]) -> Item | None:
    level = _stricter(meeting.secrecy, item.secrecy)
    if not _public(level):
        return None
    vote = copy.deepcopy(item.vote)
    if vote is not None and item.category == "personnel":
        # 人事事项无记名票决: the counts of personnel items are never shown publicly
        vote = replace(vote, counts=None, ballots=None)
    return replace(
        copy.deepcopy(item),
        power=item.power if item.power in public_powers else None,
        secrecy=level,
        vote=vote,
        recusals=[Recusal(r.loc, r.person, None) for r in item.recusals],
        waivers=[],
    )


def _meeting(meeting: Meeting, public_powers: set[str]) -> Meeting | None:
    if not _public(meeting.secrecy):
        return None
    items = [
        kept for item in meeting.items if (kept := _item(item, meeting, public_powers)) is not None
    ]
    # The minutes' narrative covers every item: it is public only when every item is.
    notes = meeting.notes if len(items) == len(meeting.items) else None
    return replace(
        copy.deepcopy(meeting),
        notes=notes,
        absent=[Absence(a.loc, a.person, None) for a in meeting.absent],
        items=items,
        waivers=[],
    )


def _subject_public(entry: Disclosure, reg: Registry) -> bool:
    """A public ledger entry about something that is not public would leak it (PC504)."""
    if entry.subject_power is not None and entry.subject_power not in reg.powers:
        return False
    if entry.subject_meeting is not None:
        meeting = reg.meetings.get(entry.subject_meeting)
        if meeting is None:
            return False
        if entry.subject_item is not None and entry.subject_item not in {
            i.id for i in meeting.items
        }:
            return False
    return True


def _feedback(fb: Feedback, out: Registry) -> Feedback:
    """Public feedback, without its handler and without references to what is not public."""
    meeting = out.meetings.get(fb.about_meeting or "")
    item_public = meeting is not None and fb.about_item in {i.id for i in meeting.items}
    return replace(
        copy.deepcopy(fb),
        waivers=[],
        handler=None,
        about_power=fb.about_power if fb.about_power in out.powers else None,
        about_meeting=fb.about_meeting if meeting is not None else None,
        about_item=fb.about_item if item_public else None,
    )


def _drop_hidden_meetings(out: Registry) -> None:
    """A public item may have been pre-reviewed, and a public entry reviewed, at a meeting that
    is not public: its id (which can say what it was about) is not shown either."""
    for meeting in out.meetings.values():
        meeting.items = [
            item if item.pre_review in out.meetings else replace(item, pre_review=None)
            for item in meeting.items
        ]
    out.disclosures = [
        entry if entry.reviewed_at in out.meetings else replace(entry, reviewed_at=None)
        for entry in out.disclosures
    ]


def _next_periodic_day(reg: Registry, calendar: WorkCalendar, as_of: dt.date) -> dt.date | None:
    days = periodic_days(reg.config.policy, calendar, as_of.year, as_of.year + 1)
    # the next one after the board's date: a sheet printed on a disclosure day names the next
    return next((d.day for d in days if d.day > as_of), None)


def public_view(reg: Registry, as_of: dt.date) -> PublicView:
    out = Registry(config=replace(copy.deepcopy(reg.config), rule_severity={}))
    out.people = {pid: _person(p) for pid, p in copy.deepcopy(reg.people).items()}
    out.bodies = {bid: _body(b) for bid, b in copy.deepcopy(reg.bodies).items()}
    out.powers = {
        pid: replace(copy.deepcopy(p), waivers=[])
        for pid, p in reg.powers.items()
        if _public(p.secrecy)
    }
    out.risks = [replace(copy.deepcopy(r), waivers=[]) for r in reg.risks if r.power in out.powers]
    out.meetings = {
        mid: kept
        for mid, m in reg.meetings.items()
        if (kept := _meeting(m, set(out.powers))) is not None
    }
    out.disclosures = [
        replace(copy.deepcopy(d), waivers=[])
        for d in reg.disclosures
        if _public(d.scope) and _subject_public(d, out)
    ]
    _drop_hidden_meetings(out)
    out.feedback = [_feedback(f, out) for f in reg.feedback if _public(f.secrecy)]
    counts = [
        FeedbackCount(
            f"{f.received_on.year:04d}-{f.received_on.month:02d}",
            f.status,
            f.about_power if f.about_power in out.powers else None,
        )
        for f in reg.feedback
    ]
    calendar = WorkCalendar(reg.config.holidays, reg.config.workdays)
    return PublicView(
        registry=out,
        feedback_counts=counts,
        as_of=as_of,
        next_periodic_day=_next_periodic_day(reg, calendar, as_of),
        unit_name=reg.config.unit.name,
    )


__all__ = ["FeedbackCount", "PublicView", "public_view"]
