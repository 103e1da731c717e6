"""Meetings (会议纪要) of one township for bench/gen.py.

Every decision meeting (党委会 M, 党政联席会议 LX) is preceded by a 书记办公会 (SJ) that
pre-reviews its major items. Attendance, statements and votes are consistent by construction:
quorum (三分之二以上) is kept, the presenter (分管领导) is present and speaks first, every present,
non-recused member states a view on a major item, the principal speaks last (末位表态), personnel
items go to a secret ballot, dissent stays below a third of those present, and an item passes
with more yes votes than half of the expected members.

Planted defects (one meeting each, see gen.py): PC301 quorum, PC302 presenter absent, PC303
principal first, PC304 a member without a view, PC306 personnel by named vote, PC308 sharp
dissent not deferred, PC309 major item without a vote, PC310 no pre-review, PC311 recused member
voted, PC312 large amount filed as ordinary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from gen_items import Attendance, Topic, build_item, make_topic
from gen_text import ABSENCE_REASONS, OBSERVER_ROLES, SECRETARY_TOPICS
from gen_town import COMMITTEE, JOINT, SECRETARY, Town, is_workday
from gen_yaml import Flow, FlowList

CODES = {COMMITTEE: "M", SECRETARY: "SJ", JOINT: "LX"}
MEETING_PLANTS = frozenset(
    {"PC301", "PC302", "PC303", "PC304", "PC306", "PC308", "PC309", "PC310", "PC311", "PC312"}
)
_ZH_NUMBERS = "一二三四五六七八九十"


@dataclass
class Slot:
    body: str
    date: dt.date
    id: str = ""
    kind: str = "regular"
    plant: str | None = None
    pre_review: str | None = None
    topics: list[Topic] = field(default_factory=list)


@dataclass
class Decided:
    """What the ledger needs to know about one item."""

    meeting: str
    date: dt.date
    item: str
    title: str
    core: str
    category: str
    secrecy: str
    scope: str
    result: str
    presenter: str
    power: dict[str, Any] | None


@dataclass
class MeetingFile:
    slot: Slot
    record: dict[str, Any]
    markdown: str | None  # the body of a .md file, or None for .yaml


def plan(town: Town, count: int, plants: list[str]) -> tuple[list[Slot], list[str]]:
    """Dates, bodies and ids of `count` meetings; returns the plants that found no meeting."""
    rng, (first, last) = town.rng, town.span
    workdays = [first + dt.timedelta(days=d) for d in range((last - first).days + 1)]
    workdays = [d for d in workdays if is_workday(d)]
    bodies: list[str] = []
    while len(bodies) < count:
        bodies.append(SECRETARY)
        for _ in range(rng.choice((1, 1, 2))):
            bodies.append(JOINT if rng.random() < 0.2 else COMMITTEE)
    bodies = bodies[:count]
    step = len(workdays) / count
    slots = [
        Slot(body, workdays[int(i * step) + rng.randrange(max(1, int(step)))])
        for i, body in enumerate(bodies)
    ]
    seq: dict[tuple[str, int], int] = {}
    review: str | None = None
    for slot in slots:
        key = (CODES[slot.body], slot.date.year)
        seq[key] = seq.get(key, 0) + 1
        slot.id = f"{town.code}-{key[0]}-{key[1]}-{seq[key]:02d}"
        if slot.body == SECRETARY:
            review = slot.id
            continue
        slot.pre_review = review
        if slot.body == COMMITTEE and slot.date.month in (6, 7, 8) and rng.random() < 0.15:
            slot.kind = "emergency"
        elif rng.random() < 0.1:
            slot.kind = "extended"
    hosts = [s for s in slots if s.body == COMMITTEE and s.kind != "emergency"]
    rng.shuffle(hosts)
    for slot, code in zip(hosts, plants, strict=False):
        slot.plant = code
    return slots, plants[len(hosts) :]


def add_topics(town: Town, slots: list[Slot]) -> None:
    rng = town.rng
    for slot in slots:
        if slot.body == SECRETARY:
            continue
        count = rng.randint(4, 6)
        if slot.kind == "emergency":
            slot.topics.append(make_topic(town, slot.body, slot.date, "emergency", urgent=True))
        elif slot.plant is not None:
            slot.topics.append(make_topic(town, slot.body, slot.date, None, plant=slot.plant))
        while len(slot.topics) < count:
            slot.topics.append(
                make_topic(town, slot.body, slot.date, None, calm=slot.plant is not None)
            )
    for i, slot in enumerate(slots):
        if slot.body == SECRETARY:
            slot.topics = _pre_review_topics(town, slot, slots[i + 1 :])


def _pre_review_topics(town: Town, slot: Slot, later: list[Slot]) -> list[Topic]:
    """The SJ meeting's items: the coming decision meetings' major items, then its own business."""
    rng, topics = town.rng, list[Topic]()
    for other in later:
        if other.body == SECRETARY:
            break
        for topic in other.topics:
            if topic.major and not topic.urgent and len(topics) < 6:
                body = town.body_name(other.body)[len(town.name) :]
                topics.append(topic.pre_review(f"关于将{topic.core}提交{body}审议的初审意见"))
    initial_review = next((p for p in town.powers if p["_holder"] == SECRETARY), None)
    topics = [replace(t, power=initial_review, deferred=False) for t in topics]
    target = rng.randint(4, 6)
    for core in rng.sample(SECRETARY_TOPICS, len(SECRETARY_TOPICS)):
        if len(topics) >= target:
            break
        topics.append(Topic("ordinary", core, f"关于{core}的议题", initial_review, "deputy"))
    return topics


def _attendance(town: Town, slot: Slot) -> Attendance:
    rng, members = town.rng, town.members(slot.body, slot.date)
    expected = len(members)
    need = -(-expected * 2 // 3)
    principal = members[0][1]
    presenting = {t.seat for t in slot.topics}
    spare = [p for seat, p in members[1:] if seat not in presenting or slot.plant == "PC301"]
    if slot.plant == "PC301":  # planted: one member short of two thirds, and still deciding
        absent_count = expected - need + 1
    elif slot.plant in ("PC308", "PC302") or slot.kind == "emergency":
        absent_count = 0
    elif slot.body == SECRETARY:
        absent_count = 1 if rng.random() < 0.1 else 0
    else:
        absent_count = rng.choices((0, 1, 2), (50, 35, 15))[0]
    absent = rng.sample(
        spare, min(absent_count, len(spare), expected - need + (slot.plant == "PC301"))
    )
    if slot.plant == "PC302":
        absent = [town.holder(slot.topics[0].seat, slot.date)]
    present = [p for _, p in members if p not in absent]
    chair = principal if principal in present else present[0]
    return Attendance(members, present, absent, chair, principal, strict=slot.plant is not None)


def build_meeting(town: Town, slot: Slot, markdown: bool) -> tuple[MeetingFile, list[Decided]]:
    rng = town.rng
    att = _attendance(town, slot)
    observers: list[Flow] = []
    items, decided = [], []
    secrecy = "internal" if slot.body == SECRETARY or rng.random() < 0.15 else "public"
    for k, topic in enumerate(slot.topics):
        item, info = build_item(
            town, slot.body, slot.date, slot.pre_review, att, topic, k + 1, secrecy
        )
        items.append(item)
        decided.append(Decided(slot.id, slot.date, **info))
        presenter = item["presenter"]
        if presenter not in {p.id for p in att.present} and slot.plant != "PC302":
            person = town.holder(topic.seat, slot.date)
            observers.append(
                Flow(
                    name=person.name,
                    **{"as": f"{town.title(topic.seat)}（汇报议题）"},
                    person=person.id,
                )
            )
    observers = list({o["person"]: o for o in observers}.values())
    if slot.body != SECRETARY:
        for _ in range(rng.choice((0, 1, 1, 2)) + (2 if slot.kind == "extended" else 0)):
            name = (
                town.people[rng.randrange(len(town.people))].name[0]
                + rng.choice("建秀志德小玉春国")
                + rng.choice("华英强才兰平明东")
            )
            observers.append(
                Flow(name=name, **{"as": town.fill(rng.choice(OBSERVER_ROLES))}, person=None)
            )
    record: dict[str, Any] = {
        "id": slot.id,
        "body": town.body_id(slot.body),
        "date": slot.date,
        "kind": slot.kind,
        "chair": att.chair.id,
        "recorder": town.recorder.id if town.recorder else att.chair.id,
        "secrecy": secrecy,
        "attendance": {
            "present": FlowList([p.id for p in att.present]),
            "absent": [Flow(person=p.id, reason=rng.choice(ABSENCE_REASONS)) for p in att.absent],
            "observers": observers,
        },
        "items": items,
    }
    notes = _notes(town, slot, att)
    body = _markdown(town, slot, att, items, notes) if markdown else None
    if body is None:
        record["notes"] = notes + "\n"
    return MeetingFile(slot, record, body), decided


def _notes(town: Town, slot: Slot, att: Attendance) -> str:
    e, p = len(att.members), len(att.present)
    text = f"应到{e}人，实到{p}人" + ("，符合规定人数。" if p * 3 >= e * 2 else "。")
    for person in att.absent:
        text += f"{person.name}同志请假。"
    if slot.kind == "emergency":
        text += "因汛情紧急召开，会议议定事项即时执行，会后补充报告县委。"
    return text


def _markdown(
    town: Town, slot: Slot, att: Attendance, items: list[dict[str, Any]], notes: str
) -> str:
    who = {p.id: p for _, p in att.members}
    lines = [
        f"# {town.body_name(slot.body)}{slot.date.year}年会议纪要（{slot.id}）",
        "",
        f"- 时间：{slot.date.year}年{slot.date.month}月{slot.date.day}日上午9时",
        f"- 地点：{town.name}政府三楼会议室",
        f"- 主持：{att.chair.name}",
        f"- {notes}",
    ]
    for k, item in enumerate(items):
        presenter = who.get(item["presenter"])
        name = presenter.name if presenter else "分管领导"
        lines += ["", f"## {_ZH_NUMBERS[k]}、{item['title']}", ""]
        lines.append(f"{name}同志介绍了议题的有关情况。")
        if item.get("statements"):
            lines.append(f"与会成员逐一发表意见，{att.principal.name}同志最后表态。")
        outcome = {
            "passed": "会议同意该议题。",
            "deferred": "会议决定暂缓表决，待进一步调查研究后再提交。",
        }
        lines.append(outcome.get(item["result"], "会议未通过该议题。"))
    return "\n".join(lines) + "\n"


def header(town: Town, slot: Slot) -> str:
    return f"{town.body_name(slot.body)} {slot.date.year}年会议纪要 {slot.id}"
