"""Agenda items (议题) for bench/gen.py: what is discussed, who speaks in which order, the vote.

The counting follows rules.md: expected (应到) = the body's members on the day, an item passes
when yes*2 > expected, dissent (no + abstain) stays below a third of those present unless a
defect is planted, and the principal (一把手) speaks last on major items (末位表态)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from gen_text import (
    CLOSING,
    DEFER_REASONS,
    DISSENTS,
    INTRODUCTIONS,
    ITEM_TOPICS,
    RECUSAL_REASONS,
    REMARKS,
    RIVERS,
)
from gen_town import COMMITTEE, JOINT, MAJOR, SECRETARY, Person, Town
from gen_yaml import Flow

THRESHOLD = 500000  # policy.major_funds_threshold
_WEIGHTS = {
    COMMITTEE: {
        "major_decision": 7,
        "personnel": 8,
        "major_project": 7,
        "large_funds": 9,
        "ordinary": 69,
    },
    JOINT: {"major_decision": 14, "major_project": 14, "large_funds": 14, "ordinary": 58},
}
_DEFAULT_SEAT = {"personnel": "organization", "emergency": "armed", "major_project": "construction"}
_ORDINARY_SEATS = (
    "head",
    "deputy",
    "discipline",
    "organization",
    "propaganda",
    "armed",
    "agriculture",
)
_PLANT_CATEGORY = {"PC306": "personnel", "PC311": "major_project", "PC312": "ordinary"}
_OPTION = {"support": "yes", "oppose": "no", "abstain": "abstain", "defer": "abstain"}


@dataclass(frozen=True)
class Topic:
    category: str
    core: str  # the matter itself: 镇区污水管网改造工程
    title: str  # 关于镇区污水管网改造工程的议题
    power: dict[str, Any] | None
    seat: str  # whose portfolio: the presenter (分管领导)
    amount: int | None = None
    urgent: bool = False
    deferred: bool = False
    plant: str | None = None

    @property
    def major(self) -> bool:
        return self.category in MAJOR or (self.amount is not None and self.amount >= THRESHOLD)

    def pre_review(self, title: str) -> Topic:
        """The same matter as an item of the secretary office that pre-reviews it."""
        return replace(self, category="ordinary", title=title, amount=None, power=None, plant=None)


@dataclass
class Attendance:
    members: list[tuple[str, Person]]  # (seat, person): the expected members
    present: list[Person]
    absent: list[Person]
    chair: Person
    principal: Person
    strict: bool  # a meeting carrying a planted defect: no other variation that could interfere


def make_topic(
    town: Town,
    body: str,
    day: dt.date,
    category: str | None,
    urgent: bool = False,
    plant: str | None = None,
    calm: bool = False,
) -> Topic:
    rng = town.rng
    if plant is not None:
        category = _PLANT_CATEGORY.get(plant) or rng.choice(
            ("major_decision", "major_project", "large_funds")
        )
    elif category is None:
        weights = _WEIGHTS[body]
        category = rng.choices(list(weights), list(weights.values()))[0]
    v1, v2 = rng.sample(town.villages, 2)
    core = rng.choice(ITEM_TOPICS[category]).format(
        t=town.t, v=v1, v2=v2, y=day.year, n=rng.randint(2, 6), r=rng.choice(RIVERS)
    )
    powers = [p for p in town.powers if p["category"] == category]
    power = next((p for p in powers if p["_holder"] == body), powers[0] if powers else None)
    if category == "ordinary" and power is not None and rng.random() < 0.3:
        power = None
    if power is not None:
        seat = power["_seat"]
    else:
        seat = _DEFAULT_SEAT.get(category) or rng.choice(_ORDINARY_SEATS)
    amount = None
    if category == "major_project":
        amount = rng.randint(60, 980) * 10000
    elif category == "large_funds":
        amount = rng.randint(50, 500) * 10000
    elif plant == "PC312":
        amount = rng.randint(60, 95) * 10000
    elif category == "ordinary" and rng.random() < 0.2:
        amount = rng.randint(5, 45) * 10000
    deferred = (
        plant is None
        and not calm
        and category in ("major_decision", "major_project", "large_funds")
        and rng.random() < 0.04
    )
    return Topic(category, core, f"关于{core}的议题", power, seat, amount, urgent, deferred, plant)


def _speaking_order(
    topic: Topic, presenter: Person, voters: list[Person], principal: Person
) -> list[Person]:
    """Presenter first, the other members in seat order, the principal last (末位表态)."""
    others = [p for p in voters if p not in (presenter, principal)]
    first = [presenter] if presenter in voters else []
    last = [principal] if principal in voters and principal != presenter else []
    if topic.plant == "PC303":  # planted: the principal states his view first
        return last + first + others
    return first + others + last


def _positions(
    town: Town, topic: Topic, order: list[Person], att: Attendance, voters: list[Person]
) -> dict[str, str]:
    rng, e, p = town.rng, len(att.members), len(att.present)
    positions = {person.id: "support" for person in order}
    free = [x for x in order if x not in (order[0], att.principal)]
    if topic.deferred:
        for person in rng.sample(free, min(len(free), 3)):
            positions[person.id] = rng.choice(("defer", "defer", "oppose"))
        if att.principal.id in positions:
            positions[att.principal.id] = "defer"
    elif topic.plant == "PC308":  # planted: a third or more abstain, yet the item passes
        dissent = -(-p // 3)
        for person in free[:dissent]:
            positions[person.id] = "abstain"
    elif (
        not att.strict
        and topic.major
        and free
        and p > 3
        and (len(voters) - 1) * 2 > e
        and rng.random() < 0.15
    ):
        positions[rng.choice(free).id] = rng.choice(("abstain", "oppose"))
    return positions


def _statements(
    town: Town, topic: Topic, order: list[Person], positions: dict[str, str], principal: Person
) -> list[Flow]:
    rng, out = town.rng, []
    for k, person in enumerate(order):
        position = positions[person.id]
        s = Flow(person=person.id, position=position)
        if k == 0 and person != principal:
            w = (topic.amount or 1000000) // 10000
            s["summary"] = town.fill(
                rng.choice(INTRODUCTIONS[topic.category]),
                n=str(rng.randint(2, 4)),
                m=str(rng.randint(12, 60)),
                k=str(rng.randint(5, 11)),
                w=str(w),
                s=str(w * 2 // 3),
            )
        elif person == principal:
            text = rng.choice(DEFER_REASONS) if topic.deferred else rng.choice(CLOSING)
            s["summary"] = town.fill(text, name=order[0].name)
        elif position != "support":
            s["summary"] = rng.choice(DISSENTS)
        elif rng.random() < 0.3:
            s["summary"] = town.fill(rng.choice(REMARKS))
        out.append(s)
    return out


def _vote(
    town: Town,
    topic: Topic,
    voters: list[Person],
    order: list[Person],
    positions: dict[str, str],
    att: Attendance,
    recused: list[Person],
) -> dict[str, Any]:
    rng, e = town.rng, len(att.members)
    if topic.plant == "PC309":
        return Flow(method="none")
    if topic.category == "personnel" and topic.plant != "PC306":
        abstain = (
            1
            if not att.strict
            and rng.random() < 0.2
            and (len(voters) - 1) * 2 > e
            and len(att.present) > 3
            else 0
        )
        return {
            "method": "secret",
            "counts": Flow(yes=len(voters) - abstain, no=0, abstain=abstain),
        }
    if topic.major or topic.plant == "PC306":
        method = (
            "named" if rng.random() < 0.75 or topic.plant in ("PC306", "PC311") else "show_of_hands"
        )
    else:
        method = rng.choices(("named", "show_of_hands", "none"), (45, 15, 40))[0]
        if method == "none":
            return Flow(method="none")
    ranked = order + [x for x in voters if x not in order]
    if topic.plant == "PC311":  # planted: the recused member votes anyway
        ranked = ranked + recused
    ballots = [Flow(person=x.id, option=_OPTION[positions.get(x.id, "support")]) for x in ranked]
    vote: dict[str, Any] = {"method": method, "ballots": ballots}
    if method == "named" and topic.plant != "PC311" and rng.random() < 0.35:
        options = [b["option"] for b in ballots]
        vote["counts"] = Flow(
            yes=options.count("yes"), no=options.count("no"), abstain=options.count("abstain")
        )
    return vote


def _presenter(town: Town, topic: Topic, day: dt.date, att: Attendance) -> Person:
    person = town.holder(topic.seat, day)
    members = [p for _, p in att.members]
    if person in att.present or topic.plant == "PC302" or person not in members:
        return (
            person  # present, planted absent, or reporting to the secretary office as an observer
        )
    return next(p for p in att.present if p != att.principal)


def _secrecy(town: Town, topic: Topic, body: str, meeting_secrecy: str) -> tuple[str, Flow]:
    rng = town.rng
    if body == SECRETARY:
        return meeting_secrecy, Flow(scope="internal", timing="immediate")
    if (
        meeting_secrecy != "public"
        or (topic.power and topic.power["secrecy"] != "public")
        or (topic.category == "personnel" and topic.plant is None and rng.random() < 0.3)
    ):
        secrecy = "internal"
    else:
        secrecy = "public"
    if topic.deferred:
        return secrecy, Flow(scope="public" if secrecy == "public" else "internal", timing="staged")
    if secrecy == "public":
        public = topic.plant is not None or topic.category == "personnel" or rng.random() < 0.65
        scope = "public" if public else "party"
    else:
        scope = rng.choice(("party", "internal"))
    timing = "periodic" if scope == "party" and rng.random() < 0.3 else "immediate"
    return secrecy, Flow(scope=scope, timing=timing)


def build_item(
    town: Town,
    body: str,
    day: dt.date,
    pre_review: str | None,
    att: Attendance,
    topic: Topic,
    number: int,
    meeting_secrecy: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The item record and what the ledger needs to know about it."""
    rng, e = town.rng, len(att.members)
    presenter = _presenter(town, topic, day, att)
    candidates = [x for x in att.present if x not in (presenter, att.principal)]
    recused: list[Person] = []
    wants_recusal = topic.plant == "PC311" or (
        topic.category == "major_project" and not att.strict and rng.random() < 0.15
    )
    if wants_recusal and candidates and (len(att.present) - 1) * 2 > e:
        recused = [rng.choice(candidates)]
    voters = [x for x in att.present if x not in recused]
    speaks = topic.major or (not att.strict and rng.random() < 0.25)
    order = _speaking_order(topic, presenter, voters, att.principal) if speaks else []
    if order and not topic.major:  # an ordinary item: a few views, the principal still last
        order = order[:1] + rng.sample(order[1:-1], min(2, max(0, len(order) - 2))) + order[-1:]
    positions = _positions(town, topic, order, att, voters) if order else {}
    statements = _statements(town, topic, order, positions, att.principal)
    if topic.plant == "PC304":  # planted: one member's view is missing from the minutes
        statements = statements[:2] + statements[3:]
    item: dict[str, Any] = {"id": str(number), "title": topic.title, "category": topic.category}
    if topic.power is not None:
        item["power"] = topic.power["id"]
    if topic.amount is not None:
        item["amount"] = topic.amount
    item["presenter"] = presenter.id
    if topic.major:
        item["urgent"] = topic.urgent
    if topic.major and not topic.urgent:
        prepared = Flow(research=True, proposed_by=presenter.id)
        if topic.plant != "PC310" and pre_review is not None:
            prepared["pre_review"] = pre_review
        item["prepared"] = prepared
    if recused:
        item["recusals"] = [Flow(person=recused[0].id, reason=rng.choice(RECUSAL_REASONS))]
    if statements:
        item["statements"] = statements
    if not topic.deferred:
        item["vote"] = _vote(town, topic, voters, order, positions, att, recused)
    item["result"] = "deferred" if topic.deferred else "passed"
    secrecy, disclosure = _secrecy(town, topic, body, meeting_secrecy)
    item["secrecy"] = secrecy
    item["disclosure"] = disclosure
    info = {
        "item": item["id"],
        "title": topic.title,
        "core": topic.core,
        "category": topic.category,
        "secrecy": secrecy,
        "scope": disclosure["scope"],
        "result": item["result"],
        "presenter": presenter.id,
        "power": topic.power,
    }
    return item, info
