"""One township for bench/gen.py: its people and bodies (with membership changes over the years),
its powers (权力清单) and their risk points (廉政风险点). Also the working-day calendar.

Planted defects of this part (see gen.py): PC202 (a power without legal basis), PC203 (a major
power whose decision step is unsupervised), PC204 (a principal holding a restricted portfolio),
PC401 (declared risk level differs from the scores), PC403 (an overdue control), PC404 (an
overdue risk review)."""

from __future__ import annotations

import datetime as dt
import random
from calendar import monthrange
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import chinese_calendar
from gen_text import (
    BASES,
    CONTROLS,
    GIVEN_NAMES,
    POWERS,
    RISKS,
    SEATS,
    SHORT_TITLES,
    SUPERVISORS,
    SURNAMES,
)
from gen_yaml import Flow, FlowList

ONE_DAY = dt.timedelta(days=1)
TODAY = dt.date(2026, 11, 23)  # the day the benchmark lints "as of"
MAJOR = frozenset({"major_decision", "personnel", "major_project", "large_funds", "emergency"})
COMMITTEE, SECRETARY, JOINT = "committee", "secretary", "joint"
BODY_SEATS = {
    COMMITTEE: [s[0] for s in SEATS[:9]],
    SECRETARY: [s[0] for s in SEATS[:4]],
    JOINT: [s[0] for s in SEATS],
}
BODY_SLUGS = {COMMITTEE: "party-committee", SECRETARY: "secretary-office", JOINT: "joint-meeting"}
BODY_NAMES = {COMMITTEE: "党委会", SECRETARY: "党委书记办公会", JOINT: "党政联席会议"}
BODY_KINDS = {COMMITTEE: "committee", SECRETARY: "secretary_office", JOINT: "joint_meeting"}
ROLES = {"secretary": "principal", "head": "deputy", "deputy": "deputy"}
# seats whose holder may change during the five years (a principal never does here)
CHANGING_SEATS = ("propaganda", "construction", "agriculture", "armed", "organization")


# --- working days, exactly as src/powerctl/calendar.py counts them ---------------------------


@cache
def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the library does not cover: weekdays
        return day.weekday() < 5


def add_workdays(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `day` (`day` itself not counted)."""
    current, found = day, 0
    while found < count:
        current += ONE_DAY
        found += is_workday(current)
    return current


def next_workday(day: dt.date) -> dt.date:
    while not is_workday(day):
        day += ONE_DAY
    return day


def notice_end(published: dt.date, days: int) -> dt.date:
    """The earliest period_end giving `days` working days, both ends counted."""
    return add_workdays(published, days - 1 if is_workday(published) else days)


# --- people and bodies -------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    phone: str
    publish_phone: bool


@dataclass(frozen=True)
class Term:
    seat: str
    person: Person
    start: dt.date
    end: dt.date | None


@dataclass
class Town:
    index: int
    code: str  # T017: the prefix of every record id
    name: str  # 清水镇
    t: str  # 镇 or 乡
    villages: list[str]
    span: tuple[dt.date, dt.date]
    rng: random.Random
    people: list[Person] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    recorder: Person | None = None
    powers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pid(self) -> str:
        return self.code.lower()

    def body_id(self, body: str) -> str:
        return f"{self.pid}-{BODY_SLUGS[body]}"

    def body_name(self, body: str) -> str:
        return self.name + BODY_NAMES[body]

    def holder(self, seat: str, day: dt.date) -> Person:
        for term in self.terms:
            if term.seat == seat and term.start <= day and (term.end is None or day <= term.end):
                return term.person
        raise LookupError(f"{self.code}: nobody holds {seat} on {day}")

    def members(self, body: str, day: dt.date) -> list[tuple[str, Person]]:
        """(seat, person) of the body on `day`, in seat order."""
        return [(seat, self.holder(seat, day)) for seat in BODY_SEATS[body]]

    def title(self, seat: str) -> str:
        return SHORT_TITLES[seat].format(t=self.t)

    def fill(self, text: str, **more: str) -> str:
        return text.format(t=self.t, **more)


def _people(town: Town, count: int) -> list[Person]:
    rng, used_names, used_ids = town.rng, set[str](), set[str]()
    out: list[Person] = []
    while len(out) < count:
        surname, pinyin = rng.choice(SURNAMES)
        name = surname + rng.choice(GIVEN_NAMES)
        if name in used_names:
            continue
        pid, n = f"{town.pid}-p-{pinyin}", 2
        while pid in used_ids:
            pid, n = f"{town.pid}-p-{pinyin}{n}", n + 1
        used_names.add(name)
        used_ids.add(pid)
        phone = f"139{town.index:04d}{len(out) + 1:04d}"
        out.append(Person(pid, name, phone, publish_phone=len(out) < 11))
    return out


def build_org(town: Town) -> None:
    """11 seats, two of which change hands during the span, and the office clerk (记录人)."""
    rng, (first, last) = town.rng, town.span
    changing = rng.sample(CHANGING_SEATS, 2)
    people = _people(town, len(SEATS) + len(changing) + 1)
    town.people, town.recorder = people, people[-1]
    took_office = dt.date(first.year - 1 if first.month < 10 else first.year, 9, 28)
    spare = iter(people[len(SEATS) : -1])
    days = (last - first).days
    for (seat, *_), person in zip(SEATS, people, strict=False):
        if seat not in changing:
            town.terms.append(Term(seat, person, took_office, None))
            continue
        # leaves at the end of a month somewhere in the middle of the span; the successor
        # starts the next day, so the seat is never empty and never doubly filled
        middle = first + dt.timedelta(days=rng.randint(days // 5, days * 4 // 5))
        end = dt.date(middle.year, middle.month, monthrange(middle.year, middle.month)[1])
        town.terms.append(Term(seat, person, took_office, end))
        town.terms.append(Term(seat, next(spare), end + ONE_DAY, None))


def bodies_record(town: Town, planted: list[str]) -> list[dict[str, Any]]:
    """The three bodies; `planted` may ask for PC204 on some of them (one per body at most)."""
    restricted_on = set(town.rng.sample([COMMITTEE, SECRETARY, JOINT], len(planted)))
    out = []
    for body in (COMMITTEE, SECRETARY, JOINT):
        memberships: list[Any] = []
        for term in sorted(town.terms, key=lambda t: (BODY_SEATS[JOINT].index(t.seat), t.start)):
            if term.seat not in BODY_SEATS[body]:
                continue
            _, title, portfolios, duties = SEATS[BODY_SEATS[JOINT].index(term.seat)]
            ports = list(portfolios if body != SECRETARY else portfolios[:1])
            if term.seat == "secretary" and body in restricted_on:
                ports.append("finance")  # planted PC204: the principal in charge of finance
            m: dict[str, Any] = {
                "person": term.person.id,
                "role": ROLES.get(term.seat, "member"),
                "title": town.fill(title) if body == COMMITTEE else town.title(term.seat),
                "start_date": term.start,
            }
            if term.end is not None or body == COMMITTEE:
                m["end_date"] = term.end
            m["portfolios"] = FlowList(ports)
            if body == COMMITTEE:
                m["duties"] = town.fill(duties)
                memberships.append(m)
            else:
                memberships.append(Flow(m))
        out.append(
            {
                "id": town.body_id(body),
                "name": town.body_name(body),
                "kind": BODY_KINDS[body],
                "decides_major": body != SECRETARY,
                "memberships": memberships,
            }
        )
    return out


def people_records(town: Town) -> list[dict[str, Any]]:
    out = []
    for p in town.people:
        rec: dict[str, Any] = {"id": p.id, "name": p.name, "phone": p.phone}
        if p.publish_phone:
            rec["publish_phone"] = True
        out.append(rec)
    return out


# --- powers and risks ----------------------------------------------------------------------------


def _steps(town: Town, category: str, holder: str) -> tuple[list[Flow], str]:
    """The flowchart and the id of its decision step."""
    body = town.body_name(holder)
    if holder == SECRETARY:
        plan = [
            ("议题收集，分管领导提出申请", "党政办"),
            ("书记办公会初审议题", body),
            ("提交党委会或党政联席会议研究", "党政办"),
        ]
        decide = 1
    elif category == "personnel":
        plan = [
            ("民主推荐，提出初步人选", "组织委员"),
            ("组织考察和资格联审", "考察组"),
            ("书记办公会酝酿", town.body_name(SECRETARY)),
            ("集体讨论，无记名投票表决", body),
            ("任前公示", "组织委员"),
            ("材料归档", "党政办"),
        ]
        decide = 3
    elif category == "emergency":
        plan = [
            ("监测预警，提出应急处置建议", "武装部长"),
            ("紧急会议集体研究决定", body),
            ("组织实施并向上级报告", "应急办"),
            ("事后补办手续，资料归档", "党政办"),
        ]
        decide = 1
    elif category in MAJOR:
        plan = [
            ("分管领导组织调查研究、提出方案", "分管领导"),
            ("征求意见，开展合法性审查", "党政办"),
            ("书记办公会初审议题", town.body_name(SECRETARY)),
            ("集体讨论，逐个表态、书记末位表态后表决", body),
            ("公开决策结果并组织实施", "分管领导"),
            ("资料立卷归档", "党政办"),
        ]
        decide = 3
    else:
        plan = [
            ("经办人受理并提出意见", "经办人"),
            ("集体研究决定", body),
            ("公开结果，资料归档", "党政办"),
        ]
        decide = 1
    steps = []
    for i, (name, actor) in enumerate(plan):
        step = Flow(id=f"s{i + 1}", name=name, actor=actor)
        if i == decide:
            step["kind"] = "decision"
            step["next"] = Flow(passed=f"s{i + 2}", rejected=f"s{len(plan)}", deferred="s1")
        elif i == len(plan) - 1:
            step["kind"] = "end"
        else:
            step["next"] = FlowList([f"s{i + 2}"])
        steps.append(step)
    return steps, f"s{decide + 1}"


def build_powers(town: Town, count: int, planted: list[str]) -> None:
    """`count` powers; planted PC202 and PC203 go to different major powers."""
    rng = town.rng
    templates = POWERS[: min(count, len(POWERS))]
    majors = [i for i, p in enumerate(templates) if p[1] in MAJOR and p[2] != SECRETARY]
    targets = dict(zip(rng.sample(majors, min(len(planted), len(majors))), planted, strict=False))
    for i, (title, category, holder, seat, secrecy, what) in enumerate(templates):
        steps, decision = _steps(town, category, holder)
        supervision = [
            Flow(
                step=decision,
                by=town.fill(SUPERVISORS[rng.randrange(2)][0]),
                how=SUPERVISORS[rng.randrange(2)][1],
            )
        ]
        if rng.random() < 0.6:
            by, how = SUPERVISORS[rng.randrange(2, len(SUPERVISORS))]
            supervision.append(Flow(step="s1", by=by, how=how))
        bases = list(BASES[category])
        power: dict[str, Any] = {
            "id": f"{town.code}-DW-{i + 1:03d}",
            "title": town.fill(title),
            "category": category,
            "holder": town.body_id(holder),
            "basis": [
                Flow(title=b, article=a) for b, a in rng.sample(bases, rng.randint(1, len(bases)))
            ],
            "description": f"研究决定{town.fill(what)}。",
            "conditions": "事项已经调查研究和论证；经书记办公会初审列入会议议题；会议须有三分之二以上成员到会，分管领导必须到会。",
            "secrecy": "public" if secrecy == "public" else "party",
            "steps": steps,
            "supervision": supervision,
            "disclosure": Flow(
                scope="public" if secrecy == "public" else "party", timing="immediate"
            ),
        }
        if targets.get(i) == "PC202":
            del power["basis"]
        elif targets.get(i) == "PC203":
            power["supervision"] = [s for s in supervision if s["step"] != decision] or [
                Flow(step="s1", by="党员群众", how="事前征求意见")
            ]
        town.powers.append(power | {"_seat": seat, "_holder": holder})


def risk_records(
    town: Town, power: dict[str, Any], first_id: int, planted: list[str]
) -> list[dict[str, Any]]:
    """Three risk points of one power; `planted` defects go to different ones."""
    rng, steps = town.rng, [s["id"] for s in power["steps"]]
    decision = next(s["id"] for s in power["steps"] if s.get("kind") == "decision")
    owner = town.holder(power["_seat"], town.span[1]).id
    out = []
    for j, (post, description) in enumerate(RISKS[power["category"]]):
        scores = Flow(
            importance=rng.randint(2, 3), frequency=rng.randint(1, 3), likelihood=rng.randint(1, 3)
        )
        product = scores["importance"] * scores["frequency"] * scores["likelihood"]
        level = "high" if product >= 12 else "medium" if product >= 6 else "low"
        risk: dict[str, Any] = {
            "id": f"{town.code}-R-{first_id + j:03d}",
            "power": power["id"],
            "step": (steps[0], decision, steps[-2])[j],
            "post": town.fill(post),
            "description": description,
            "found_by": rng.choice(("self", "superior", "public", "peer", "organization")),
            "scores": scores,
            "level": level,
        }
        controls = []
        for measure in rng.sample(CONTROLS, 2 if level == "high" else rng.randint(0, 1)):
            done = rng.random() < 0.4
            due = (
                _date_between(rng, dt.date(2024, 3, 31), dt.date(2026, 9, 30))
                if done
                else _date_between(rng, dt.date(2026, 12, 31), dt.date(2027, 12, 31))
            )
            controls.append(Flow(measure=measure, owner=owner, due=due, done=done))
        if controls:
            risk["controls"] = controls
        risk["review_date"] = rng.choice(
            (dt.date(2027, 3, 31), dt.date(2027, 6, 30), dt.date(2027, 12, 31))
        )
        out.append(risk)
    for code, risk in zip(planted, rng.sample(out, len(planted)), strict=True):
        if code == "PC401":  # declared one level lower than the scores give
            risk["level"] = {"high": "medium", "medium": "low", "low": "medium"}[risk["level"]]
        elif code == "PC403":  # a control that was due in the summer and is still not done
            overdue = Flow(
                measure="开展专项自查并形成整改报告",
                owner=owner,
                due=dt.date(2026, 7, 31),
                done=False,
            )
            risk["controls"] = [*risk.get("controls", []), overdue]
        elif code == "PC404":  # the review was due in the middle of the year
            risk["review_date"] = dt.date(2026, 6, 30)
    return out


def _date_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))
