"""The disclosure ledger (公开台账) and the feedback ledger (群众意见) of one township.

Every decided item whose disclosure scope is public gets an entry within the deadline (7 working
days, counted as src/powerctl/calendar.py counts them), reviewed at the deciding meeting and
signed by the principal; personnel decisions get a pre-appointment notice (任前公示) of at least
5 working days; every 党务公开日 (the 26th of even months, moved to the next working day) gets
its periodic entry; feedback is answered within 15 working days.

Planted defects (see gen.py): PC501 an undisclosed decision, PC502 an entry without sign-off,
PC503 a notice period too short, PC504 an internal item published, PC505 a missed 党务公开日,
PC506 feedback answered late, PC507 a mobile number in public feedback, PC102 feedback about a
power that does not exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gen_meetings import Decided, Slot
from gen_text import ADVANCE_SUMMARY, FEEDBACK, PERIODIC_SUMMARY
from gen_town import ONE_DAY, TODAY, Town, add_workdays, is_workday, next_workday, notice_end
from gen_yaml import Flow, FlowList

LEDGER_PLANTS = frozenset({"PC501", "PC502", "PC503", "PC504", "PC505"})
FEEDBACK_PLANTS = frozenset({"PC506", "PC507", "PC102"})
LAST_ANSWER = dt.date(2026, 11, 20)  # the last working day before the benchmark's --today
_PUBLIC_CHANNELS = (
    ("board", "website"),
    ("board", "website"),
    ("board", "website", "bulletin"),
    ("board", "website", "meeting"),
)
_PARTY_CHANNELS = (("meeting", "bulletin"), ("board", "meeting"))


def _entry(
    town: Town,
    subject: Flow,
    kind: str,
    scope: str,
    title: str,
    reviewed_at: str,
    published: dt.date,
    drafted: dt.date,
) -> dict[str, Any]:
    channels = town.rng.choice(_PUBLIC_CHANNELS if scope == "public" else _PARTY_CHANNELS)
    return {
        "title": title,
        "subject": subject,
        "kind": kind,
        "scope": scope,
        "channels": FlowList(channels),
        "drafted_on": drafted,
        "reviewed_at": reviewed_at,
        "signed_by": town.holder("secretary", published).id,
        "published_on": published,
    }


def _decision_entries(town: Town, d: Decided) -> list[dict[str, Any]]:
    """The entries for one decided public item: the decision (or notice), and maybe its result."""
    rng = town.rng
    published = add_workdays(d.date, rng.randint(1, 6))
    drafted = d.date if rng.random() < 0.5 else add_workdays(d.date, 1)
    subject = Flow(meeting=d.meeting, item=d.item)
    if d.category == "personnel":
        entry = _entry(
            town,
            subject,
            "pre_appointment",
            "public",
            f"{d.core}任前公示",
            d.meeting,
            published,
            drafted,
        )
        entry["period_end"] = add_workdays(notice_end(published, 5), rng.randint(0, 2))
        entry["summary"] = "公示期间对公示对象有异议的，可向纪委或党委组织办反映。"
        return [entry]
    kind = "result" if rng.random() < 0.15 else "decision"
    entries = [
        _entry(
            town,
            subject,
            kind,
            "public",
            d.core + rng.choice(("", "（审议通过）", "研究决定")),
            d.meeting,
            published,
            drafted,
        )
    ]
    if rng.random() < 0.3:
        entries[0]["summary"] = f"经集体研究决定，全文在{town.t}政府网站公开，欢迎群众监督。"
    if d.category == "major_project" and rng.random() < 0.3:
        later = add_workdays(published, rng.randint(20, 60))
        if later < TODAY - dt.timedelta(days=3):
            entries.append(
                _entry(
                    town,
                    subject,
                    "result",
                    "public",
                    f"{d.core}实施结果公开",
                    d.meeting,
                    later,
                    later,
                )
            )
    return entries


def _latest_meeting(slots: list[Slot], day: dt.date) -> str:
    before = [s.id for s in slots if s.date <= day]
    return before[-1] if before else slots[0].id


def _periodic_entries(town: Town, slots: list[Slot], skip: bool) -> list[dict[str, Any]]:
    rng, since, out = town.rng, town.span[0], []
    periods = [
        dt.date(y, m, 26) for y in range(since.year, TODAY.year + 1) for m in range(2, 13, 2)
    ]
    periods = [p for p in periods if p >= since and next_workday(p) < TODAY]
    missed = rng.randrange(len(periods)) if skip and periods else -1
    for i, nominal in enumerate(periods):
        if i == missed:  # planted PC505: this 党务公开日 passed without its periodic entry
            continue
        day = next_workday(nominal)
        published = day
        if rng.random() < 0.4:
            published -= ONE_DAY
            while not is_workday(published):
                published -= ONE_DAY
        summary = town.fill(PERIODIC_SUMMARY, a=str(nominal.month - 1), b=str(nominal.month))
        entry = _entry(
            town,
            Flow(period=f"{nominal:%Y-%m}"),
            "periodic",
            "public",
            f"{town.name}党委{nominal.year}年{nominal.month}月党务公开（定期公开）",
            _latest_meeting(slots, published),
            published,
            published - dt.timedelta(days=rng.randint(2, 8)),
        )
        entry["summary"] = summary
        out.append(entry)
    return out


def disclosures(
    town: Town, decided: list[Decided], slots: list[Slot], plants: list[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The ledger entries and the planted codes that found no target."""
    rng = town.rng
    public = [
        d
        for d in decided
        if d.result == "passed" and d.scope == "public" and d.category != "personnel"
    ]
    skipped = {
        (d.meeting, d.item) for d in rng.sample(public, min(len(public), plants.count("PC501")))
    }
    left = ["PC501"] * (plants.count("PC501") - len(skipped))
    entries: list[dict[str, Any]] = []
    for d in decided:
        if d.result == "passed" and d.scope == "public" and (d.meeting, d.item) not in skipped:
            if (
                d.category in ("major_project", "major_decision")
                and d.power
                and d.power["secrecy"] == "public"
                and rng.random() < 0.3
            ):
                ahead = next_workday(d.date - dt.timedelta(days=rng.randint(10, 25)))
                if ahead > town.span[0]:
                    entry = _entry(
                        town,
                        Flow(power=d.power["id"]),
                        "advance",
                        "public",
                        f"{d.core}事前公开",
                        _latest_meeting(slots, ahead),
                        ahead,
                        ahead,
                    )
                    entry["summary"] = town.fill(ADVANCE_SUMMARY, what=d.core)
                    entries.append(entry)
            entries.extend(_decision_entries(town, d))
        elif d.result == "passed" and d.scope == "party" and rng.random() < 0.6:
            published = add_workdays(d.date, rng.randint(1, 5))
            entries.append(
                _entry(
                    town,
                    Flow(meeting=d.meeting, item=d.item),
                    "decision",
                    "party",
                    f"{d.core}（党内公开）",
                    d.meeting,
                    published,
                    d.date,
                )
            )
        elif d.result == "deferred" and d.scope == "public" and rng.random() < 0.5:
            published = add_workdays(d.date, rng.randint(1, 5))
            entries.append(
                _entry(
                    town,
                    Flow(meeting=d.meeting, item=d.item),
                    "other",
                    "public",
                    f"{d.core}暂缓决策的情况说明",
                    d.meeting,
                    published,
                    d.date,
                )
            )
    entries += _periodic_entries(town, slots, skip="PC505" in plants)
    left += _plant_entries(town, entries, decided, plants)
    return number(town, entries, "D", "published_on"), left


def _plant_entries(
    town: Town, entries: list[dict[str, Any]], decided: list[Decided], plants: list[str]
) -> list[str]:
    """Plants PC502-PC504 into the ledger; returns the codes that found no target."""
    rng, left = town.rng, []
    decisions = [
        e for e in entries if e["kind"] in ("decision", "result") and e["scope"] == "public"
    ]
    notices = [e for e in entries if e["kind"] == "pre_appointment"]
    hidden = [d for d in decided if d.secrecy != "public" and d.result == "passed"]
    rng.shuffle(decisions)
    rng.shuffle(notices)
    rng.shuffle(hidden)
    for code in plants:
        if code == "PC502" and decisions:  # published without the principal's sign-off
            del decisions.pop()["signed_by"]
        elif code == "PC503" and notices:  # a notice period of 3 working days
            entry = notices.pop()
            entry["period_end"] = add_workdays(entry["published_on"], 2)
        elif code == "PC504" and hidden:  # an internal matter put on the public board
            d = hidden.pop()
            published = add_workdays(d.date, 2)
            entries.append(
                _entry(
                    town,
                    Flow(meeting=d.meeting, item=d.item),
                    "decision",
                    "public",
                    d.core,
                    d.meeting,
                    published,
                    d.date,
                )
            )
        elif code in ("PC502", "PC503", "PC504"):
            left.append(code)
    return left


def number(
    town: Town, records: list[dict[str, Any]], letter: str, date_key: str
) -> list[dict[str, Any]]:
    """The records in date order, each with an id (first) numbered within its year: T017-D-2026-031."""
    seq: dict[int, int] = {}
    out = []
    for record in sorted(records, key=lambda r: r[date_key]):
        year = record[date_key].year
        seq[year] = seq.get(year, 0) + 1
        out.append({"id": f"{town.code}-{letter}-{year}-{seq[year]:03d}", **record})
    return out


def feedback(
    town: Town, count: int, decided: list[Decided], plants: list[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The feedback records (the last two still open, their answer not yet due) and the planted
    codes that found no target."""
    rng, (first, last) = town.rng, town.span
    late_start = last + dt.timedelta(days=6)  # received recently: answer not due yet
    days = sorted(
        first + dt.timedelta(days=rng.randint(15, (last - first).days + 6))
        for _ in range(count - 2)
    )
    days += [late_start + dt.timedelta(days=rng.randint(3, 12)) for _ in range(2)]
    public_items = [d for d in decided if d.secrecy == "public" and d.result == "passed"]
    public_powers = [p for p in town.powers if p["secrecy"] == "public"]
    out = []
    for received in days:
        template, answer = rng.choice(FEEDBACK)
        roll = rng.random()
        earlier = [d for d in public_items if d.date < received][-40:]
        record: dict[str, Any] = {
            "received_on": received,
            "channel": rng.choice(("phone", "mailbox", "website", "visit", "other")),
        }
        if roll < 0.3 and earlier:
            d = rng.choice(earlier)
            record["about"] = Flow(meeting=d.meeting, item=d.item)
            topic, handler = d.core, d.presenter
        elif roll < 0.75:
            power = rng.choice(public_powers)
            record["about"] = Flow(power=power["id"])
            topic, handler = power["title"], town.holder(power["_seat"], received).id
        else:
            topic, handler = "有关工作", town.holder("discipline", received).id
        record["summary"] = town.fill(template, v=rng.choice(town.villages), topic=topic)
        record["handler"] = handler
        if received > late_start:
            record["status"] = "open"
        else:
            record["status"] = rng.choice(("answered", "answered", "closed"))
            record["answered_on"] = min(add_workdays(received, rng.randint(2, 14)), LAST_ANSWER)
            record["answer"] = town.fill(answer)
        record["secrecy"] = "public" if rng.random() < 0.25 else "internal"
        out.append(record)
    left = _plant_feedback(town, out, plants)
    return number(town, out, "F", "received_on"), left


def _plant_feedback(town: Town, records: list[dict[str, Any]], plants: list[str]) -> list[str]:
    """Plants PC506, PC507 and PC102 into different feedback records; returns what did not fit."""
    rng = town.rng
    answered = [
        r
        for r in records
        if "answered_on" in r and r["received_on"] < LAST_ANSWER - dt.timedelta(days=60)
    ]
    rng.shuffle(answered)
    left = []
    for code in plants:
        if not answered:
            left.append(code)
            continue
        record = answered.pop()
        if code == "PC506":  # answered a week or more after the 15 working days
            record["answered_on"] = add_workdays(record["received_on"], rng.randint(20, 26))
        elif code == "PC507":  # the caller's mobile number copied into public text
            record["secrecy"] = "public"
            record["summary"] += f"（反映人电话138{rng.randrange(10**8):08d}）"
        elif code == "PC102":  # about a power number that was never registered
            record["about"] = Flow(power=f"{town.code}-DW-{len(town.powers) + 1:03d}")
    return left
