"""Indexes over the public view for the web board: which public decisions, risks, disclosures and
feedback belong to which power (the traceability view), and what each leader did on public items.
Built from the PublicView only; nothing here can see a record the view does not hold."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from powerctl.model.records import Disclosure, Feedback, Item, Meeting, Membership, Risk
from powerctl.render.public import PublicView

# 履职公开 shows named choices only; a secret ballot never has ballots (schema), this is a second lock
NAMED_METHODS = frozenset({"named", "show_of_hands"})


def anchor(*parts: str) -> str:
    """An HTML id from record ids (ids are free strings; anchors must be plain)."""
    return "-".join(re.sub(r"[^A-Za-z0-9_-]+", "_", part) for part in parts)


@dataclass(slots=True)
class PublicItem:
    meeting: Meeting
    item: Item

    @property
    def anchor(self) -> str:
        return anchor("item", self.meeting.id, self.item.id)


@dataclass(slots=True)
class Tally:
    yes: int
    no: int
    abstain: int


@dataclass(slots=True)
class RecordRow:
    """One public item a leader took part in (履职公开)."""

    entry: PublicItem
    presented: bool = False
    position: str | None = None
    summary: str | None = None
    ballot: str | None = None


@dataclass
class SiteData:
    view: PublicView
    items: list[PublicItem] = field(default_factory=list)
    items_by_power: dict[str, list[PublicItem]] = field(default_factory=dict)
    risks_by_power: dict[str, list[Risk]] = field(default_factory=dict)
    disclosures: list[Disclosure] = field(default_factory=list)
    disclosures_by_power: dict[str, list[Disclosure]] = field(default_factory=dict)
    feedback_by_power: dict[str, Counter[str]] = field(default_factory=dict)
    public_feedback_by_power: dict[str, list[Feedback]] = field(default_factory=dict)
    item_index: dict[tuple[str, str], PublicItem] = field(default_factory=dict)
    items_by_meeting: dict[str, list[PublicItem]] = field(default_factory=dict)
    records: dict[str, list[RecordRow]] | None = None  # person id -> rows, built on first use


def published(entry: Disclosure, as_of: dt.date) -> bool:
    """On the board from its publication day on; drafts and future entries are not shown yet."""
    return entry.published_on is not None and entry.published_on <= as_of


def tally(item: Item) -> Tally | None:
    """Vote counts as the view holds them: the counts, or the named ballots counted; None when the
    view holds neither (personnel items, items without a vote)."""
    vote = item.vote
    if vote is None:
        return None
    if vote.counts is not None:
        return Tally(vote.counts.yes, vote.counts.no, vote.counts.abstain)
    if vote.ballots and vote.method in NAMED_METHODS:
        options = Counter(b.option for b in vote.ballots)
        return Tally(options["yes"], options["no"], options["abstain"])
    return None


def build(view: PublicView) -> SiteData:
    reg = view.registry
    data = SiteData(view)
    meetings = sorted(reg.meetings.values(), key=lambda m: (m.date, m.id))
    data.items = [PublicItem(m, i) for m in meetings for i in m.items]
    data.item_index = {(e.meeting.id, e.item.id): e for e in data.items}
    for entry in data.items:
        data.items_by_meeting.setdefault(entry.meeting.id, []).append(entry)
    by_power: defaultdict[str, list[PublicItem]] = defaultdict(list)
    for entry in data.items:
        if entry.item.power in reg.powers:
            by_power[entry.item.power].append(entry)
    data.items_by_power = dict(by_power)
    risks: defaultdict[str, list[Risk]] = defaultdict(list)
    for risk in reg.risks:
        risks[risk.power].append(risk)
    data.risks_by_power = dict(risks)
    data.disclosures = sorted(
        (d for d in reg.disclosures if published(d, view.as_of)),
        key=lambda d: (d.published_on or dt.date.min, d.id),
        reverse=True,
    )
    data.disclosures_by_power = _disclosures_by_power(data)
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for count in view.feedback_counts:
        if count.power is not None:
            counts[count.power][count.status] += 1
    data.feedback_by_power = dict(counts)
    texts: defaultdict[str, list[Feedback]] = defaultdict(list)
    for feedback in sorted(reg.feedback, key=lambda f: (f.received_on, f.id)):
        power = feedback_power(data, feedback)
        if power is not None:
            texts[power].append(feedback)
    data.public_feedback_by_power = dict(texts)
    return data


def _disclosures_by_power(data: SiteData) -> dict[str, list[Disclosure]]:
    found: defaultdict[str, list[Disclosure]] = defaultdict(list)
    for entry in data.disclosures:
        for power in disclosure_powers(data, entry):
            found[power].append(entry)
    return dict(found)


def disclosure_powers(data: SiteData, entry: Disclosure) -> list[str]:
    """The public powers a ledger entry published decisions of (or the power itself)."""
    if entry.subject_power is not None:
        return [entry.subject_power] if entry.subject_power in data.view.registry.powers else []
    if entry.subject_meeting is None:
        return []
    items = [
        e
        for e in data.items_by_meeting.get(entry.subject_meeting, [])
        if entry.subject_item is None or e.item.id == entry.subject_item
    ]
    return list(
        dict.fromkeys(e.item.power for e in items if e.item.power in data.view.registry.powers)
    )


def feedback_power(data: SiteData, feedback: Feedback) -> str | None:
    if feedback.about_power in data.view.registry.powers:
        return feedback.about_power
    if feedback.about_meeting is not None and feedback.about_item is not None:
        entry = data.item_index.get((feedback.about_meeting, feedback.about_item))
        if entry is not None and entry.item.power in data.view.registry.powers:
            return entry.item.power
    return None


def subject_item(data: SiteData, entry: Disclosure) -> PublicItem | None:
    if entry.subject_meeting is None or entry.subject_item is None:
        return None
    return data.item_index.get((entry.subject_meeting, entry.subject_item))


def leader_ids(view: PublicView) -> list[str]:
    """Everyone who has been a member of a body: they get a 履职公开 page."""
    seen: dict[str, None] = {}
    for body in view.registry.bodies.values():
        for membership in body.memberships:
            if membership.person in view.registry.people:
                seen.setdefault(membership.person)
    return list(seen)


def memberships_of(view: PublicView, pid: str, day: dt.date) -> list[tuple[str, Membership]]:
    """(body name, membership) for the person's memberships on `day`."""
    return [
        (body.name, m)
        for body in view.registry.bodies.values()
        for m in body.members_on(day)
        if m.person == pid
    ]


def record_of(data: SiteData, pid: str) -> list[RecordRow]:
    """The public items `pid` presented, stated a position on or cast a named ballot on, newest
    first. Indexed once for everyone (a county has a thousand leaders and 100,000 items)."""
    if data.records is None:
        data.records = _records_by_person(data)
    return data.records.get(pid, [])


def _records_by_person(data: SiteData) -> dict[str, list[RecordRow]]:
    found: defaultdict[str, list[RecordRow]] = defaultdict(list)
    for entry in reversed(data.items):  # newest first
        item = entry.item
        vote = item.vote
        named = vote is not None and vote.method in NAMED_METHODS and bool(vote.ballots)
        rows: dict[str, RecordRow] = {}
        if item.presenter is not None:
            rows[item.presenter] = RecordRow(entry, presented=True)
        stated: set[str] = set()
        for statement in item.statements:  # a person's first statement counts
            if statement.person not in stated:
                stated.add(statement.person)
                row = rows.setdefault(statement.person, RecordRow(entry))
                row.position, row.summary = statement.position, statement.summary
        if named and vote is not None and vote.ballots:
            voted: set[str] = set()
            for ballot in vote.ballots:
                if ballot.person not in voted:
                    voted.add(ballot.person)
                    rows.setdefault(ballot.person, RecordRow(entry)).ballot = ballot.option
        for pid, row in rows.items():
            if row.presented or row.position or row.ballot:
                found[pid].append(row)
    return dict(found)
