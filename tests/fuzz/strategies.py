"""Hypothesis strategies for the whole-pipeline fuzzer (issue 7, part 2).

`registries()` draws a STRUCTURALLY VALID registry: a config, people, a committee and a secretary
office with memberships, powers with real flowcharts (a chain with a decision step and its
outcomes), risk points on those powers and steps with levels computed from the scores, committee
meetings whose major items were pre-reviewed at a secretary-office meeting, with attendance,
statements in speaking order (the principal last), named or secret votes consistent with the
result, recusals, links to powers; ledger entries for the public decisions, periodic disclosures,
pre-appointment notices; feedback about powers and items. Every reference points at an existing
id and every date is in order, so the unmutated registry has no PC1xx finding (test_pipeline_fuzz
measures the rate and asserts a floor).

`mutations()` then breaks it the way people (and scripts) do: drop keys, point references at
another existing id or at none, shuffle lists (speaking order, steps, ballots), move dates (before
or after each other, invalid days, far past and future), change counts (off by one, negative),
duplicate ids, remove or move record files, change secrecy levels, write odd policy values.

A case is a `Case`: `records` maps a registry-relative path to its data; a path ending in `.md` is
written as Markdown with the data as front matter and its `notes` as the body.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

Draw = Callable[[st.SearchStrategy[Any]], Any]
PathPart = str | int

MAJOR = ["major_decision", "personnel", "major_project", "large_funds", "emergency"]
CATEGORIES = [*MAJOR, "ordinary"]
SURNAMES = "张王李赵孙周吴郑冯陈褚卫蒋沈韩杨"
GIVEN = "建国伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
TITLES = "关于河堤加固工程道路硬化项目村级资金使用干部任免防汛应急采购审批事项的议题决定"
NOTES = st.lists(
    st.sampled_from(
        [*"会议纪要讨论通过一致同意研究决定#*_`[]()<>!-\n ", "\n\n", "<script>", "](x)"]
    ),
    max_size=40,
).map("".join)


def dump_yaml(data: Any) -> str:
    """Block-style YAML through libyaml (several times faster than conftest's pure dumper)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)
    return text


@dataclass
class Case:
    """One registry: path -> data; `today` is the day lint judges deadlines by."""

    records: dict[str, Any]
    today: dt.date
    applied: list[str] = field(default_factory=list)  # the mutations, for the failure message

    def write(self, root: Path) -> Path:
        for name, data in self.records.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if name.endswith(".md") and isinstance(data, dict):
                front = {k: v for k, v in data.items() if k != "notes"}
                notes = data.get("notes")
                body = notes if isinstance(notes, str) else ""
                text = "---\n" + dump_yaml(front) + "---\n" + body
            else:
                text = dump_yaml(data)
            path.write_text(text, encoding="utf-8")
        return root


# --- the valid registry --------------------------------------------------------------------------


def _name(draw: Draw) -> str:
    surname = draw(st.sampled_from(SURNAMES))
    given = draw(st.text(alphabet=GIVEN, min_size=1, max_size=2))
    return surname + given


def _title(draw: Draw) -> str:
    return "关于" + draw(st.text(alphabet=TITLES, min_size=2, max_size=14)) + "的议题"


def _risk_level(product: int) -> str:
    return "high" if product >= 12 else "medium" if product >= 6 else "low"


def _flowchart(draw: Draw, need_decision: bool) -> tuple[list[dict[str, Any]], str | None]:
    """A chain s1 -> ... -> sN (end), maybe with a decision step whose `rejected` outcome goes
    back (or forward); returns the steps and the decision step's id."""
    count = draw(st.integers(2, 6))
    ids = [f"s{i + 1}" for i in range(count)]
    decision = draw(
        st.integers(0, count - 2) if need_decision else st.none() | st.integers(0, count - 2)
    )
    steps: list[dict[str, Any]] = []
    for i, sid in enumerate(ids):
        step: dict[str, Any] = {"id": sid, "name": draw(st.text(TITLES, min_size=2, max_size=8))}
        if draw(st.booleans()):
            step["actor"] = draw(st.sampled_from(["镇党委会", "分管领导", "党政办", "镇纪委"]))
        if i == count - 1:
            step["kind"] = "end"
        elif i == decision:
            step["kind"] = "decision"
            other = draw(st.sampled_from([j for j in range(count) if j != i + 1]))
            outcomes = {"passed": ids[i + 1], "rejected": ids[other]}
            if draw(st.booleans()):
                outcomes["deferred"] = ids[draw(st.integers(0, i))]
            step["next"] = outcomes
        else:
            step["next"] = [ids[i + 1]]
            if draw(st.booleans()) and i + 2 < count:
                step["next"].append(ids[i + 2])
        steps.append(step)
    return steps, (ids[decision] if decision is not None else None)


def _vote_and_result(
    draw: Draw, category: str, voters: list[str], expected: int
) -> tuple[dict[str, Any], str]:
    """A vote by `voters` (present, not recused) and the result it supports."""
    dissent = draw(st.integers(0, max(0, len(voters) // 4)))
    options = ["yes"] * (len(voters) - dissent) + [
        draw(st.sampled_from(["no", "abstain"])) for _ in range(dissent)
    ]
    yes = options.count("yes")
    result = "passed" if yes * 2 > expected else "rejected"
    if category == "personnel":
        counts = {"yes": yes, "no": options.count("no"), "abstain": options.count("abstain")}
        return {"method": "secret", "counts": counts}, result
    method = draw(st.sampled_from(["named", "named", "show_of_hands"]))
    ballots = [{"person": p, "option": o} for p, o in zip(voters, options, strict=True)]
    vote: dict[str, Any] = {"method": method, "ballots": ballots}
    if draw(st.booleans()):
        vote["counts"] = {
            "yes": yes,
            "no": options.count("no"),
            "abstain": options.count("abstain"),
        }
    return vote, result


@st.composite
def registries(draw: Draw) -> Case:
    d = dt.date
    year = draw(st.sampled_from([2025, 2026]))
    # --- people and bodies
    n_people = draw(st.integers(4, 10))
    people_ids = [f"p-{i:02d}" for i in range(n_people)]
    people: list[dict[str, Any]] = []
    for pid in people_ids:
        person: dict[str, Any] = {"id": pid, "name": _name(draw)}
        if draw(st.integers(0, 4)) == 0:
            person["phone"] = "139" + draw(st.text("0123456789", min_size=8, max_size=8))
            person["publish_phone"] = draw(st.booleans())
        people.append(person)
    n_members = draw(st.integers(3, min(7, n_people)))
    members = draw(st.permutations(people_ids))[:n_members]
    principal = members[0]
    others = [p for p in people_ids if p not in members]
    recorder = others[0] if others else None
    start = d(year - 2, 1, 1)
    memberships = []
    for pid in members:
        membership: dict[str, Any] = {
            "person": pid,
            "role": "principal"
            if pid == principal
            else draw(st.sampled_from(["deputy", "member"])),
            "start_date": start,
        }
        if pid == principal:
            membership["portfolios"] = ["party_building"]
        else:
            membership["portfolios"] = draw(
                st.lists(
                    st.sampled_from(["finance", "personnel", "agriculture", "culture", "safety"]),
                    max_size=2,
                    unique=True,
                )
            )
        if draw(st.integers(0, 5)) == 0:
            membership["end_date"] = None
        if draw(st.booleans()):
            membership["title"] = draw(st.sampled_from(["党委书记", "党委副书记", "党委委员"]))
        memberships.append(membership)
    office = [principal, *members[1:3]]
    bodies = [
        {
            "id": "committee",
            "name": "镇党委会",
            "kind": "committee",
            "decides_major": True,
            "memberships": memberships,
        },
        {
            "id": "office",
            "name": "书记办公会",
            "kind": "secretary_office",
            "decides_major": False,
            "memberships": [
                {
                    "person": p,
                    "role": "principal" if p == principal else "deputy",
                    "start_date": start,
                }
                for p in office
            ],
        },
    ]
    config: dict[str, Any] = {
        "schema_version": 1,
        "unit": {"id": "fuzz-town", "name": "测试镇党委", "level": "township"},
        "contact": {"supervision_phone": "0771-1234567", "mailbox": "镇纪委意见箱"},
    }
    if draw(st.booleans()):
        config["policy"] = {"quorum": "2/3", "dissent_defer_ratio": "1/3"}
    records: dict[str, Any] = {
        "powerctl.yaml": config,
        "org/people.yaml": {"people": people},
        "org/bodies.yaml": {"bodies": bodies},
    }
    # --- powers and risks
    powers: list[dict[str, Any]] = []
    power_steps: dict[str, list[str]] = {}
    public_powers: list[str] = []
    for j in range(draw(st.integers(1, 4))):
        pid = f"DW-{j + 1:03d}"
        category = draw(st.sampled_from(CATEGORIES))
        # a major power is decided at a decision step (PC203)
        steps, decision = _flowchart(draw, need_decision=category != "ordinary")
        power: dict[str, Any] = {
            "id": pid,
            "title": draw(st.text(TITLES, min_size=2, max_size=12)) + "权",
            "category": category,
            "holder": "committee" if category != "ordinary" or draw(st.booleans()) else members[1],
            "basis": [{"title": "《中国共产党地方委员会工作条例》", "article": "第十一条"}],
            "secrecy": draw(st.sampled_from(["public", "public", "public", "party", "internal"])),
            "steps": steps,
        }
        if decision:
            power["supervision"] = [{"step": decision, "by": "镇纪委", "how": "列席会议"}]
        if draw(st.booleans()):
            power["disclosure"] = {"scope": "public", "timing": "immediate"}
        if draw(st.booleans()):
            power["notes"] = draw(NOTES)
        powers.append(power)
        power_steps[pid] = [s["id"] for s in steps]
        if power["secrecy"] == "public":
            public_powers.append(pid)
        ext = ".md" if draw(st.integers(0, 3)) == 0 else ".yaml"
        records[f"powers/{pid}{ext}"] = power
        risks = []
        for k in range(draw(st.sampled_from([0, 1, 1, 1, 2, 2]))):
            scores = {
                "importance": draw(st.integers(1, 3)),
                "frequency": draw(st.integers(1, 3)),
                "likelihood": draw(st.integers(1, 3)),
            }
            level = _risk_level(math.prod(scores.values()))
            risk: dict[str, Any] = {
                "id": f"R-{j + 1}-{k + 1}",
                "power": pid,
                "description": draw(st.text(TITLES, min_size=2, max_size=12)),
                "scores": scores,
                "level": level,
            }
            if draw(st.booleans()):
                risk["step"] = draw(st.sampled_from(power_steps[pid]))
            if level == "high" or draw(st.booleans()):
                risk["controls"] = [
                    {
                        "measure": "一律集体票决",
                        "owner": draw(st.sampled_from(members)),
                        "due": d(year + 1, draw(st.integers(1, 12)), 28),
                        "done": draw(st.booleans()),
                    }
                ]
            if draw(st.booleans()):
                risk["review_date"] = d(year + 1, 12, 31)
            risks.append(risk)
        if risks:
            records[f"risks/{pid}.yaml"] = (
                risks[0] if len(risks) == 1 and draw(st.booleans()) else risks
            )
    # --- meetings
    n_meetings = draw(st.integers(1, 4))
    days = sorted(
        draw(
            st.lists(
                st.dates(d(year, 1, 10), d(year, 10, 20)),
                min_size=n_meetings,
                max_size=n_meetings,
                unique=True,
            )
        )
    )
    first_day = days[0] - dt.timedelta(days=7)  # the earliest pre-review meeting or later
    ledger: list[dict[str, Any]] = []
    feedback: list[dict[str, Any]] = []
    decided: list[tuple[str, str, dt.date, bool]] = []  # meeting, item, date, public
    for m, day in enumerate(days):
        mid = f"M-{m + 1:02d}"
        pre = f"SJ-{m + 1:02d}"
        pre_day = day - dt.timedelta(days=draw(st.integers(1, 7)))
        records[f"meetings/{year}/{pre}.yaml"] = {
            "id": pre,
            "body": "office",
            "date": pre_day,
            "chair": principal,
            "attendance": {"present": list(office)},
            "items": [
                {
                    "id": "1",
                    "title": "关于提交党委会审议议题的初审意见",
                    "category": "ordinary",
                    "presenter": office[1],
                    "statements": [
                        {"person": p, "position": "support"} for p in [*office[1:], principal]
                    ],
                    "vote": {
                        "method": "named",
                        "ballots": [{"person": p, "option": "yes"} for p in office],
                    },
                    "result": "passed",
                }
            ],
        }
        absent_n = draw(st.integers(0, len(members) // 3))
        absent = draw(st.lists(st.sampled_from(members[1:]), max_size=absent_n, unique=True))
        present = [p for p in members if p not in absent]
        secrecy = draw(st.sampled_from(["public", "public", "internal", None]))
        meeting: dict[str, Any] = {
            "id": mid,
            "body": "committee",
            "date": day,
            "kind": draw(st.sampled_from(["regular", "extended", "emergency"])),
            "chair": principal,
            "attendance": {"present": present},
            "items": [],
        }
        if secrecy:
            meeting["secrecy"] = secrecy
        if recorder:
            meeting["recorder"] = recorder
        if absent:
            meeting["attendance"]["absent"] = [{"person": p, "reason": "外出学习"} for p in absent]
        if draw(st.booleans()):
            meeting["attendance"]["observers"] = [
                {"name": _name(draw), "as": "党代表"},
                *([{"name": "刘主任", "as": "记录", "person": recorder}] if recorder else []),
            ]
        for i in range(draw(st.integers(1, 3))):
            category = draw(st.sampled_from(CATEGORIES))
            recused = (
                draw(st.sampled_from(present[1:]))
                if len(present) > 3 and draw(st.integers(0, 4)) == 0
                else None
            )
            voters = [p for p in present if p != recused]
            speakers = [p for p in voters if p != principal]
            speakers = [*draw(st.permutations(speakers)), principal]
            presenter = speakers[0] if len(speakers) > 1 else principal
            vote, result = _vote_and_result(draw, category, voters, len(members))
            item: dict[str, Any] = {
                "id": str(i + 1),
                "title": _title(draw),
                "category": category,
                "presenter": presenter,
                "prepared": {"research": True, "proposed_by": presenter, "pre_review": pre},
                "statements": [
                    {"person": p, "position": "support", "summary": draw(NOTES)}
                    if draw(st.integers(0, 3)) == 0
                    else {"person": p, "position": "support"}
                    for p in speakers
                ],
                "vote": vote,
                "result": result,
            }
            if powers and draw(st.booleans()):
                chosen = draw(st.sampled_from(powers))
                item["power"] = chosen["id"]
            if draw(st.integers(0, 2)) == 0:
                item["amount"] = draw(
                    st.integers(500_000, 5_000_000)
                    if category != "ordinary"
                    else st.integers(0, 499_999)
                )
            if recused:
                item["recusals"] = [{"person": recused, "reason": "近亲属参与"}]
            public = (secrecy == "public") and draw(st.integers(0, 4)) > 0
            if secrecy == "public" and not public:
                item["secrecy"] = draw(st.sampled_from(["internal", "confidential"]))
            if public:
                item["disclosure"] = {"scope": "public", "timing": "immediate"}
            meeting["items"].append(item)
            decided.append((mid, item["id"], day, public))
            if public:
                published = day + dt.timedelta(days=draw(st.integers(0, 3)))
                entry: dict[str, Any] = {
                    "id": f"D-{mid}-{item['id']}",
                    "title": item["title"] + "结果",
                    "subject": {"meeting": mid, "item": item["id"]},
                    "kind": "pre_appointment" if category == "personnel" else "decision",
                    "scope": "public",
                    "channels": draw(
                        st.lists(st.sampled_from(["board", "website"]), min_size=1, unique=True)
                    ),
                    "drafted_on": day,
                    "reviewed_at": mid,
                    "signed_by": principal,
                    "published_on": published,
                }
                if category == "personnel":
                    entry["period_end"] = published + dt.timedelta(days=16)
                ledger.append(entry)
        if draw(st.integers(0, 3)) == 0:
            meeting["notes"] = draw(NOTES)
        ext = ".md" if draw(st.integers(0, 3)) == 0 else ".yaml"
        records[f"meetings/{year}/{mid}{ext}"] = meeting
    # --- periodic disclosures: every even month from the first meeting on, early enough
    for month in (2, 4, 6, 8, 10, 12):
        if d(year, month, 26) < first_day:
            continue
        ledger.append(
            {
                "id": f"D-P-{month:02d}",
                "title": f"{year} 年 {month} 月党务定期公开",
                "subject": {"period": f"{year}-{month:02d}"},
                "kind": "periodic",
                "scope": "public",
                "channels": ["board"],
                "reviewed_at": "M-01",
                "signed_by": principal,
                "published_on": d(year, month, 20),
            }
        )
    records[f"disclosures/{year}.yaml"] = ledger
    # --- feedback
    for f in range(draw(st.integers(0, 3))):
        received = d(year, draw(st.integers(1, 10)), draw(st.integers(1, 28)))
        about: dict[str, Any] | None = draw(
            st.sampled_from(
                [
                    None,
                    *({"power": p["id"]} for p in powers),
                    *({"meeting": m, "item": i} for m, i, _, _ in decided),
                ]
            )
        )
        fb: dict[str, Any] = {
            "id": f"F-{f + 1:03d}",
            "received_on": received,
            "channel": draw(st.sampled_from(["phone", "mailbox", "website", "visit", "other"])),
            "summary": draw(st.text(TITLES, min_size=2, max_size=10)),
            "handler": draw(st.sampled_from(members)),
            "status": "answered",
            "answered_on": received + dt.timedelta(days=draw(st.integers(0, 10))),
            "secrecy": draw(st.sampled_from(["public", "internal"])),
        }
        if about:
            fb["about"] = about
        if draw(st.booleans()):
            fb["answer"] = "已转交分管领导办理"
        feedback.append(fb)
    if feedback:
        records[f"feedback/{year}.yaml"] = feedback
    today = draw(st.sampled_from([d(year, 11, 23), d(year, 12, 31), d(year + 1, 1, 5)]))
    return Case(records, today)


# --- walking and editing the data ----------------------------------------------------------------

Where = tuple[str, tuple[PathPart, ...]]  # file, path inside it


def walk(node: Any, path: tuple[PathPart, ...] = ()) -> Iterator[tuple[tuple[PathPart, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))


def nodes(
    records: dict[str, Any], keep: Callable[[tuple[PathPart, ...], Any], bool]
) -> list[Where]:
    return [
        (file, path)
        for file in sorted(records)
        for path, value in walk(records[file])
        if keep(path, value)
    ]


def get(records: dict[str, Any], where: Where) -> Any:
    node = records[where[0]]
    for part in where[1]:
        node = node[part]
    return node


def put(records: dict[str, Any], where: Where, value: Any) -> None:
    file, path = where
    if not path:
        records[file] = value
        return
    get(records, (file, path[:-1]))[path[-1]] = value


def ids_in(records: dict[str, Any]) -> list[str]:
    """Every id-like string of the registry: record ids, step and item ids."""
    found = {
        value
        for file in records
        for path, value in walk(records[file])
        if path and path[-1] in ("id", "person") and isinstance(value, str)
    }
    return sorted(found)


REF_KEYS = {
    "person",
    "body",
    "holder",
    "power",
    "chair",
    "recorder",
    "presenter",
    "owner",
    "handler",
    "signed_by",
    "reviewed_at",
    "meeting",
    "item",
    "step",
    "pre_review",
    "proposed_by",
    "approved_by",
    "passed",
    "rejected",
    "deferred",
}
DATE_KEYS = {
    "date",
    "start_date",
    "end_date",
    "due",
    "review_date",
    "drafted_on",
    "published_on",
    "period_end",
    "withdrawn_on",
    "received_on",
    "answered_on",
    "since",
}
SECRECY_VALUES = ["public", "party", "internal", "confidential", "secret", "", None, 1]
ODD_DATES: list[Any] = [
    dt.date(1, 1, 1),
    dt.date(1900, 1, 1),
    dt.date(2003, 12, 31),
    dt.date(2099, 12, 31),
    dt.date(9999, 12, 31),
    "2026-02-30",
    "2026-02-29",
    "2024-02-29",
    "2026-13-01",
    "2026-00-10",
    "0000-01-01",
    "20260312",
    "2026-3-12",
    "2026-03-12T10:00:00",
    20260312,
    None,
    "",
]
ODD_NUMBERS: list[Any] = [-1, 0, 1, 2, 3, 4, 27, 28, 10**12, 10**30, -(10**30), 0.5, 1e308, None]


def _is_ref(path: tuple[PathPart, ...], value: Any) -> bool:
    if isinstance(value, str) and path and path[-1] in REF_KEYS:
        return True
    # list references: attendance.present / expected, a step's next: [s2]
    return (
        len(path) >= 2 and isinstance(path[-1], int) and path[-2] in ("present", "expected", "next")
    )


def _is_date(path: tuple[PathPart, ...], value: Any) -> bool:
    return isinstance(value, dt.date) or bool(path and path[-1] in DATE_KEYS)


def _is_number(path: tuple[PathPart, ...], value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@st.composite
def _drop_key(draw: Draw, records: dict[str, Any]) -> str:
    places = nodes(records, lambda p, v: isinstance(v, dict) and bool(v))
    where = draw(st.sampled_from(places))
    mapping = get(records, where)
    key = draw(st.sampled_from(sorted(mapping, key=str)))
    del mapping[key]
    return f"drop {where[0]}:{'/'.join(map(str, where[1]))}/{key}"


@st.composite
def _swap_ref(draw: Draw, records: dict[str, Any]) -> str:
    places = nodes(records, _is_ref)
    if not places:
        return "swap (none)"
    where = draw(st.sampled_from(places))
    value = draw(
        st.sampled_from(ids_in(records))
        | st.sampled_from(["nope", "p-99", "DW-999", "M-99", "s99", "committee", "office", "1"])
        | st.text(max_size=6)
    )
    put(records, where, value)
    return f"ref {where[0]}:{'/'.join(map(str, where[1]))} = {value!r}"


@st.composite
def _shuffle(draw: Draw, records: dict[str, Any]) -> str:
    places = nodes(records, lambda p, v: isinstance(v, list) and len(v) > 1)
    if not places:
        return "shuffle (none)"
    where = draw(st.sampled_from(places))
    put(records, where, draw(st.permutations(get(records, where))))
    return f"shuffle {where[0]}:{'/'.join(map(str, where[1]))}"


@st.composite
def _change_date(draw: Draw, records: dict[str, Any]) -> str:
    places = nodes(records, _is_date)
    if not places:
        return "date (none)"
    where = draw(st.sampled_from(places))
    old = get(records, where)
    others = [get(records, w) for w in places]
    choices: list[Any] = [*ODD_DATES, *others]
    if isinstance(old, dt.date):
        for n in (-400, -30, -7, -1, 1, 7, 30, 400):
            if dt.date.min + dt.timedelta(days=400) <= old <= dt.date.max - dt.timedelta(days=400):
                choices.append(old + dt.timedelta(days=n))
    value = draw(st.sampled_from(choices) | st.dates())
    if where[1][-1] in ("date", "since") and isinstance(value, dt.date) and value.year < 1900:
        # the earliest meeting (or `since`) in year 1 makes PC505 list 12,000 missed periodic
        # days: correct, but 40 s per example (test_regressions.py has it once)
        value = value.replace(year=1900 + value.year % 100)
    put(records, where, value)
    return f"date {where[0]}:{'/'.join(map(str, where[1]))} = {value!r}"


@st.composite
def _change_number(draw: Draw, records: dict[str, Any]) -> str:
    places = nodes(records, _is_number)
    if not places:
        return "number (none)"
    where = draw(st.sampled_from(places))
    old = get(records, where)
    value = draw(st.sampled_from([old - 1, old + 1, -old, *ODD_NUMBERS]))
    put(records, where, value)
    return f"number {where[0]}:{'/'.join(map(str, where[1]))} = {value!r}"


@st.composite
def _change_count(draw: Draw, records: dict[str, Any]) -> str:
    """Off-by-one lists: a ballot, a present member, a statement more or fewer; counts added."""
    places = nodes(
        records,
        lambda p, v: (
            isinstance(v, list)
            and bool(p)
            and p[-1]
            in (
                "present",
                "ballots",
                "statements",
                "memberships",
                "items",
                "steps",
                "absent",
                "recusals",
                "expected",
            )
        ),
    )
    if not places:
        return "count (none)"
    where = draw(st.sampled_from(places))
    values = get(records, where)
    how = draw(st.sampled_from(["pop", "dup", "clear", "counts"]))
    if how == "pop" and values:
        values.pop(draw(st.integers(0, len(values) - 1)))
    elif how == "dup" and values:
        values.append(copy.deepcopy(draw(st.sampled_from(values))))
    elif how == "clear":
        values.clear()
    else:
        votes = nodes(records, lambda p, v: isinstance(v, dict) and bool(p) and p[-1] == "vote")
        if votes:
            vote = get(records, draw(st.sampled_from(votes)))
            vote["counts"] = {
                k: draw(st.integers(-2, 12))
                for k in draw(st.sets(st.sampled_from(["yes", "no", "abstain"])))
            }
    return f"count {how} {where[0]}:{'/'.join(map(str, where[1]))}"


@st.composite
def _duplicate_id(draw: Draw, records: dict[str, Any]) -> str:
    how = draw(st.sampled_from(["sibling", "rename", "file"]))
    if how == "file":
        file = draw(st.sampled_from(sorted(records)))
        stem, _, ext = file.rpartition(".")
        records[f"{stem}-copy.{ext}"] = copy.deepcopy(records[file])
        return f"duplicate file {file}"
    places = nodes(
        records,
        lambda p, v: isinstance(v, dict) and "id" in v and bool(p) and isinstance(p[-1], int),
    )
    if not places:
        return "duplicate (none)"
    where = draw(st.sampled_from(places))
    record = get(records, where)
    if how == "sibling":
        get(records, (where[0], where[1][:-1])).append(copy.deepcopy(record))
    else:
        record["id"] = draw(st.sampled_from(ids_in(records)))
    return f"duplicate {how} {where[0]}:{'/'.join(map(str, where[1]))}"


@st.composite
def _remove_file(draw: Draw, records: dict[str, Any]) -> str:
    file = draw(st.sampled_from(sorted(records)))
    del records[file]
    return f"remove {file}"


@st.composite
def _move_file(draw: Draw, records: dict[str, Any]) -> str:
    file = draw(st.sampled_from(sorted(records)))
    target = draw(
        st.sampled_from(
            [
                "powers/moved.yaml",
                "powers/moved.md",
                "meetings/moved.md",
                "meetings/1999/old.yaml",
                "risks/moved.yaml",
                "disclosures/moved.yaml",
                "feedback/moved.yaml",
                "org/people.yaml",
                "powerctl.yaml",
            ]
        )
    )
    records[target] = records.pop(file)
    return f"move {file} -> {target}"


@st.composite
def _change_secrecy(draw: Draw, records: dict[str, Any]) -> str:
    places = nodes(records, lambda p, v: isinstance(v, dict) and ("secrecy" in v or "id" in v))
    if not places:
        return "secrecy (none)"
    where = draw(st.sampled_from(places))
    level = draw(st.sampled_from(SECRECY_VALUES))
    get(records, where)["secrecy"] = level
    return f"secrecy {where[0]}:{'/'.join(map(str, where[1]))} = {level!r}"


@st.composite
def _scope(draw: Draw, records: dict[str, Any]) -> str:
    """Disclosure scopes and subjects: public ledger entries about non-public things and back."""
    places = nodes(
        records,
        lambda p, v: (
            isinstance(v, dict) and bool(p) and p[-1] in ("disclosure", "subject", "about")
        ),
    )
    places += nodes(records, lambda p, v: isinstance(v, dict) and "scope" in v)
    if not places:
        return "scope (none)"
    where = draw(st.sampled_from(places))
    target = get(records, where)
    key = draw(st.sampled_from(["scope", "timing", "period", "meeting", "item", "power"]))
    target[key] = draw(
        st.sampled_from(
            [
                "public",
                "party",
                "internal",
                "immediate",
                "2026-02",
                "2026-13",
                "0000-01",
                "M-01",
                "1",
                "DW-001",
                None,
            ]
        )
    )
    return f"scope {where[0]}:{'/'.join(map(str, where[1]))}/{key}"


@st.composite
def _policy(draw: Draw, records: dict[str, Any]) -> str:
    config = records.get("powerctl.yaml")
    if not isinstance(config, dict):
        return "policy (no config)"
    policy = config.setdefault("policy", {}) if isinstance(config.get("policy", {}), dict) else {}
    key = draw(
        st.sampled_from(
            [
                "quorum",
                "dissent_defer_ratio",
                "major_funds_threshold",
                "principal_speaks_last",
                "every_member_states_view",
                "disclosure_deadline_workdays",
                "pre_appointment_notice_workdays",
                "feedback_response_workdays",
                "periodic_disclosure",
                "risk_levels",
                "restricted_portfolios",
                "calendar",
                "rules",
                "limits",
            ]
        )
    )
    fractions = st.sampled_from(["0/0", "1/0", "0/3", "3/3", "4/3", "999/1", "2/3", "1/2", "00/07"])
    if key in ("quorum", "dissent_defer_ratio"):
        policy[key] = draw(fractions)
    elif key == "major_funds_threshold":
        policy[key] = draw(st.sampled_from([0, 1, 10**15, 0.5, 500000]))
    elif key in ("principal_speaks_last", "every_member_states_view"):
        policy[key] = draw(st.sampled_from(["major", "all", "off"]))
    elif key.endswith("workdays"):
        policy[key] = draw(st.sampled_from([0, 1, 30, 400, 10**5, 10**9]))
    elif key == "periodic_disclosure":
        policy[key] = {
            k: v
            for k, v in {
                "months": draw(st.lists(st.integers(1, 12), unique=True, max_size=12)),
                "day": draw(st.integers(1, 31)),
                "since": draw(st.sampled_from(ODD_DATES[:5]) | st.dates()),
            }.items()
            if draw(st.booleans())
        }
    elif key == "risk_levels":
        policy[key] = {
            "high": draw(st.integers(1, 27)),
            "medium": draw(st.integers(1, 27)),
        }
    elif key == "restricted_portfolios":
        policy[key] = draw(
            st.lists(st.sampled_from(["finance", "party_building", "x"]), max_size=3)
        )
    elif key == "calendar":
        config["calendar"] = {
            "holidays": draw(st.lists(st.dates(), max_size=3)),
            "workdays": draw(st.lists(st.dates(), max_size=3)),
        }
    elif key == "rules":
        config["rules"] = {
            draw(
                st.sampled_from(["PC101", "PC102", "PC301", "PC305", "PC501", "PC505", "PC999"])
            ): draw(st.sampled_from(["error", "warning", "off"]))
        }
    else:
        config["limits"] = {"max_file_mb": draw(st.sampled_from([0.0001, 1, 5]))}
    if policy:
        config["policy"] = policy
    return f"policy {key}"


@st.composite
def _retype(draw: Draw, records: dict[str, Any]) -> str:
    places = nodes(records, lambda p, v: bool(p))
    where = draw(st.sampled_from(places))
    value = draw(
        st.sampled_from(
            [None, "", 0, -1, True, [], {}, "x", ["x"], {"x": 1}, 1.5, "重大", "\u2028"]
        )
    )
    put(records, where, value)
    return f"retype {where[0]}:{'/'.join(map(str, where[1]))} = {value!r}"


@st.composite
def _waiver(draw: Draw, records: dict[str, Any]) -> str:
    places = nodes(records, lambda p, v: isinstance(v, dict) and ("id" in v or "person" in v))
    where = draw(st.sampled_from(places))
    waiver = {
        k: v
        for k, v in {
            "rule": draw(
                st.sampled_from(["PC101", "PC102", "PC301", "PC303", "PC505", "PC999", "X"])
            ),
            "reason": "防汛紧急",
            "approved_by": draw(st.sampled_from(["p-00", "p-99", ""])),
        }.items()
        if draw(st.integers(0, 4)) > 0
    }
    target = get(records, where)
    if isinstance(target.get("waivers"), list):
        target["waivers"].append(waiver)
    else:
        target["waivers"] = [waiver]
    return f"waiver {where[0]}:{'/'.join(map(str, where[1]))}"


ODD_TEXT = [
    "11010519491231002X",  # a mainland ID number with a valid check digit (PC507)
    "联系电话 13912345678",
    "<script>alert(1)</script>",
    "{{ 7 * 7 }}{% if %}",
    "[链接](javascript:alert(1))",
    "| a | b |\n|---|---|",
    "---\n# 标题\n---",
    "\u202e\u200b\ufeff",
    "\x07\x1b[31m",
    "\t  ",
    "",
    " ",
    "%0A::error::x",
    "]]>&amp;<![CDATA[",
    "重" * 3000,
    "a" * 200,
    "\\",
    "C:\\x",
    "../../etc/passwd",
    "assets/../../x.jpg",
    "😀" * 20,
]
# Not 9999-12-31 (test_regressions.py has it): PC505 then finds every periodic day of 8000 years
# missed, tens of thousands of findings and a minute per example.
ODD_TODAYS = [
    dt.date(1, 1, 1),
    dt.date(1979, 12, 31),
    dt.date(2004, 1, 1),
    dt.date(2108, 1, 1),
    dt.date(2199, 12, 31),
]


@st.composite
def _text(draw: Draw, records: dict[str, Any]) -> str:
    places = nodes(records, lambda p, v: isinstance(v, str) and bool(p))
    if not places:
        return "text (none)"
    where = draw(st.sampled_from(places))
    value = draw(st.sampled_from(ODD_TEXT) | st.text(max_size=30))
    put(records, where, value)
    return f"text {where[0]}:{'/'.join(map(str, where[1]))} = {value[:40]!r}"


@st.composite
def _photo(draw: Draw, records: dict[str, Any]) -> str:
    people = records.get("org/people.yaml")
    if not isinstance(people, dict) or not isinstance(people.get("people"), list):
        return "photo (none)"
    persons = [p for p in people["people"] if isinstance(p, dict)]
    if not persons:
        return "photo (none)"
    person = draw(st.sampled_from(persons))
    person["photo"] = draw(
        st.sampled_from(
            ["assets/missing.jpg", "../outside.jpg", "/etc/passwd", "assets/", "", "assets/x.svg"]
        )
    )
    return f"photo {person.get('id')!r} = {person['photo']!r}"


MUTATIONS = [
    _drop_key,
    _swap_ref,
    _swap_ref,
    _shuffle,
    _change_date,
    _change_date,
    _change_number,
    _change_count,
    _duplicate_id,
    _remove_file,
    _move_file,
    _change_secrecy,
    _scope,
    _policy,
    _retype,
    _waiver,
    _text,
    _text,
    _photo,
]


def mutate(draw: Draw, case: Case, max_mutations: int = 4) -> Case:
    """A copy of `case` with 1..max_mutations mutations applied (`draw`: a composite's draw or
    `st.data().draw`, so that one valid registry can be mutated several ways)."""
    case = Case(copy.deepcopy(case.records), case.today, list(case.applied))
    if draw(st.integers(0, 11)) == 0:  # lint --today / due --on / the board's date far away
        case.today = draw(st.sampled_from(ODD_TODAYS) | st.dates(max_value=dt.date(2199, 12, 31)))
        case.applied.append(f"today = {case.today}")
    for _ in range(draw(st.integers(1, max_mutations))):
        if not case.records:
            break
        mutation = draw(st.sampled_from(MUTATIONS))
        case.applied.append(draw(mutation(case.records)))
    return case


@st.composite
def mutated(draw: Draw, max_mutations: int = 4) -> Case:
    """A valid registry with 1..max_mutations mutations applied."""
    return mutate(draw, draw(registries()), max_mutations)


__all__ = ["MUTATIONS", "Case", "ids_in", "mutate", "mutated", "registries", "walk"]
