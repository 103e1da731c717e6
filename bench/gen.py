"""Generate a realistic registry for the benchmarks (design/benchmarks.md, "The workload").

    python bench/gen.py --scale S [--seed N] --out DIR [--force] [--manifest FILE]

Scale 1 is one township over five years (2022-01 .. 2026-10): 14 people (two seats change
hands), the Party committee (9 members), the secretary office and the joint meeting, 30 powers,
90 risk points, 250 meetings of 4-6 items, about 600 ledger entries and 200 feedback entries.
Scale S >= 1 is round(S) townships in one county registry (one powerctl.yaml, one
org/people.yaml and org/bodies.yaml, ids prefixed T001-, T002-, ...); scale 80, the "county
archive", is about 26,000 files and 95,000 records. A fractional scale shrinks one township
(counts and the span of months; never below a handful of each kind). The same scale and seed
give byte-identical output: every choice comes from random.Random seeded per township, nothing
depends on the clock or on hash order.

The registry is lint-clean as of --today 2026-11-23 except for planted defects: 3 per 1,000
records (people, bodies, powers, risks, meetings, ledger entries, feedback; items not counted),
at least 6 per registry, each producing exactly one finding. They cycle through this list, so
the first six (scale 1) are one per family and the 24 codes all appear at scale 10 and above:

    PC301 quorum not met          PC404 risk review overdue      PC501 decision not disclosed
    PC202 power without basis     PC102 feedback about an unknown power
    PC303 principal spoke first   PC403 control overdue          PC506 feedback answered late
    PC204 principal holds finance PC310 major item not pre-reviewed
    PC401 risk level wrong        PC502 entry without sign-off   PC203 decision step unsupervised
    PC306 personnel by named vote PC503 notice period too short  PC304 a member stated no view
    PC507 mobile number in public feedback                       PC312 large amount as ordinary
    PC504 internal item on the public board                      PC308 sharp dissent not deferred
    PC505 a 党务公开日 missed (one-township registries only: the rule reads all townships' entries)
    PC302 presenter absent        PC311 recused member voted     PC309 major item without a vote

A defect that finds no target (a tiny scale without a personnel notice, say) becomes a PC506.
The counts actually planted are printed and written to --manifest as JSON:
{"files": N, "records": {kind: N, "total": N}, "planted": {code: N}}."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gen_ledger import FEEDBACK_PLANTS, LEDGER_PLANTS, disclosures, feedback
from gen_meetings import MEETING_PLANTS, add_topics, build_meeting, header, plan
from gen_text import COUNTY_NAMES, PLACE_FIRST, PLACE_SECOND
from gen_town import (
    Town,
    bodies_record,
    build_org,
    build_powers,
    people_records,
    risk_records,
)
from gen_yaml import document, front_matter

ROTATION = (
    "PC301", "PC404", "PC501", "PC202", "PC102", "PC303", "PC403", "PC506", "PC204", "PC310",
    "PC401", "PC502", "PC203", "PC306", "PC503", "PC304", "PC507", "PC312", "PC504", "PC308",
    "PC505", "PC302", "PC311", "PC309",
)  # fmt: skip
PER_THOUSAND, AT_LEAST = 3, 6
LAST_DAY = dt.date(2026, 10, 31)
STAGES = {
    "org": {"PC204"},
    "powers": {"PC202", "PC203"},
    "risks": {"PC401", "PC403", "PC404"},
    "meetings": MEETING_PLANTS,
    "ledger": LEDGER_PLANTS,
    "feedback": FEEDBACK_PLANTS,
}


@dataclass(frozen=True)
class Scale:
    towns: int
    span: tuple[dt.date, dt.date]
    powers: int
    meetings: int
    feedback: int
    ledger: int  # the ledger size aimed at (it follows from the decisions)

    @classmethod
    def of(cls, scale: float) -> Scale:
        towns = max(1, round(scale))
        f = scale / towns
        months = max(6, min(58, 2 * round(29 * f)))  # even, so the span starts in an odd month
        start_month = LAST_DAY.year * 12 + LAST_DAY.month - months  # zero-based month number
        start = dt.date(start_month // 12, start_month % 12 + 1, 1)
        return cls(
            towns,
            (start, LAST_DAY),
            max(6, min(30, round(30 * f))),
            max(8, round(250 * f)),
            max(10, round(200 * f)),
            round(600 * f),
        )

    def records_per_town(self) -> int:
        return 14 + 3 + self.powers * 4 + self.meetings + self.ledger + self.feedback


def schedule(scale: Scale, per_thousand: float = PER_THOUSAND) -> list[list[str]]:
    """The codes to plant in each township."""
    rotation = [c for c in ROTATION if c != "PC505" or scale.towns == 1]
    records = scale.records_per_town() * scale.towns
    total = max(AT_LEAST, round(records * per_thousand / 1000))
    plants: list[list[str]] = [[] for _ in range(scale.towns)]
    for i in range(total):
        plants[i % scale.towns].append(rotation[i % len(rotation)])
    return plants


def town_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    names = [a + b for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
    rng.shuffle(names)
    return [(name, "乡" if rng.random() < 0.25 else "镇") for name in names[:count]]


# --- one township ---------------------------------------------------------------------------------


class Output:
    """What has been generated: files (relative path -> text) and the counts."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.records: Counter[str] = Counter()
        self.planted: Counter[str] = Counter()
        self.people: list[dict[str, Any]] = []
        self.bodies: list[dict[str, Any]] = []

    def add(self, path: str, text: str) -> None:
        self.files[path] = text


def _stage(plants: list[str], stage: str) -> list[str]:
    return [c for c in plants if c in STAGES[stage]]


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _modeline(depth: int, kind: str) -> str:
    return f"yaml-language-server: $schema={'../' * depth}.powerctl/schemas/{kind}.schema.json"


def generate_town(town: Town, scale: Scale, plants: list[str], out: Output) -> None:
    rng, left = town.rng, []
    build_org(town)
    org = _stage(plants, "org")[:3]
    left += _stage(plants, "org")[3:]
    out.people += people_records(town)
    out.bodies += bodies_record(town, org)
    power_plants = _stage(plants, "powers")
    build_powers(town, scale.powers, power_plants)
    majors = sum(
        1 for p in town.powers if p["category"] != "ordinary" and p["_holder"] != "secretary"
    )
    left += power_plants[majors:]
    _write_powers(town, out)
    risk_plants = _stage(plants, "risks")
    by_power: list[list[str]] = [[] for _ in town.powers]
    for k, code in enumerate(risk_plants):
        by_power[(k * 7 + rng.randrange(len(town.powers))) % len(town.powers)].append(code)
    first = 1
    for power, codes in zip(town.powers, by_power, strict=True):
        risks = risk_records(town, power, first, codes[:3])
        left += codes[3:]
        first += len(risks)
        out.add(
            f"risks/{power['id']}.yaml",
            document(risks, [_modeline(1, "risks"), f"{power['title']} 廉政风险点"]),
        )
        out.records["risks"] += len(risks)
    decided = _write_meetings(town, scale, _stage(plants, "meetings"), out, left)
    entries, unplaced = disclosures(town, decided[1], decided[0], _stage(plants, "ledger"))
    left += unplaced
    _write_ledger(town, entries, out)
    fallback = ["PC506"] * len(left)
    fb, not_fed = feedback(town, scale.feedback, decided[1], _stage(plants, "feedback") + fallback)
    _write_feedback(town, fb, out)
    out.planted.update(Counter(plants) + Counter(fallback) - Counter(left) - Counter(not_fed))


def _write_powers(town: Town, out: Output) -> None:
    for i, power in enumerate(town.powers):
        record = _public(power)
        lines = [_modeline(1, "power"), power["title"]]
        if i % 10 == 2:
            body = (
                f"## 运行说明\n\n{power['description']}\n\n{power['conditions']}\n\n"
                f"本事项按照“三重一大”集体决策制度运行：分管领导介绍情况，班子成员逐个发表意见，书记最后表态；"
                f"决策结果在{town.t}党务公开栏和政府网站公开，接受党员群众监督。\n"
            )
            out.add(f"powers/{power['id']}.md", front_matter(record, lines, body))
        else:
            out.add(f"powers/{power['id']}.yaml", document(record, lines))
    out.records["powers"] += len(town.powers)


def _write_meetings(
    town: Town, scale: Scale, plants: list[str], out: Output, left: list[str]
) -> tuple[list[Any], list[Any]]:
    slots, unplaced = plan(town, scale.meetings, plants)
    left += unplaced
    add_topics(town, slots)
    decided = []
    for slot in slots:
        markdown = slot.body != "secretary" and town.rng.random() < 0.08
        meeting, items = build_meeting(town, slot, markdown)
        decided += items
        path = f"meetings/{slot.date.year}/{slot.id}"
        lines = [_modeline(2, "meeting"), header(town, slot)]
        if meeting.markdown is None:
            out.add(f"{path}.yaml", document(meeting.record, lines))
        else:
            out.add(f"{path}.md", front_matter(meeting.record, lines, meeting.markdown))
        out.records["items"] += len(items)
    out.records["meetings"] += len(slots)
    return slots, decided


def _by_period(
    records: list[dict[str, Any]], key: str, half: bool
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        day = record[key]
        name = f"{day.year}-h{1 if day.month <= 6 else 2}" if half else f"{day.year}"
        groups.setdefault(name, []).append(record)
    yield from groups.items()


def _write_ledger(town: Town, entries: list[dict[str, Any]], out: Output) -> None:
    for period, group in _by_period(entries, "published_on", half=True):
        year, half = period.split("-h")
        title = f"{town.name}党委党务公开台账 {year}年{'上' if half == '1' else '下'}半年"
        out.add(
            f"disclosures/{town.code}-{period}.yaml",
            document(group, [_modeline(1, "disclosures"), title]),
        )
    out.records["disclosures"] += len(entries)


def _write_feedback(town: Town, records: list[dict[str, Any]], out: Output) -> None:
    for year, group in _by_period(records, "received_on", half=False):
        title = f"{town.name}党委群众意见、举报办理台账 {year}年"
        out.add(
            f"feedback/{town.code}-{year}.yaml", document(group, [_modeline(1, "feedback"), title])
        )
    out.records["feedback"] += len(records)


# --- the registry ------------------------------------------------------------------------------------

CONFIG = """\
# {title}
schema_version: 1
unit: {{id: {unit_id}, name: {unit_name}, level: {level}}}
locale: zh-CN
policy:
  quorum: 2/3                          # 三分之二以上成员到会
  pass_rule: more_than_half_of_expected  # 赞成票超过应到会成员半数为通过
  dissent_defer_ratio: 1/3             # 意见分歧较大时暂缓表决
  major_funds_threshold: 500000        # 50万元以上为大额资金
  principal_speaks_last: major         # 末位表态
  every_member_states_view: major      # 逐个明确表态
  disclosure_deadline_workdays: 7
  pre_appointment_notice_workdays: 5
  feedback_response_workdays: 15
  periodic_disclosure: {{months: [2, 4, 6, 8, 10, 12], day: 26, since: {since}}}
  risk_levels: {{high: 12, medium: 6}}
  restricted_portfolios: [finance, personnel, construction_tendering, administrative_approval, procurement]
calendar:
  holidays: []
  workdays: []
rules: {{}}
contact:
  supervision_phone: 0771-5820123
  mailbox: 纪委意见箱(政府一楼大厅)
"""


def generate(scale_value: float, seed: int, per_thousand: float = PER_THOUSAND) -> Output:
    scale = Scale.of(scale_value)
    county_rng = random.Random(f"{seed}:county")
    county = county_rng.choice(COUNTY_NAMES)
    names = town_names(county_rng, scale.towns)
    out = Output()
    for k, (plants, (name, t)) in enumerate(
        zip(schedule(scale, per_thousand), names, strict=True), start=1
    ):
        rng = random.Random(f"{seed}:town:{k}")
        villages = [
            v + "村"
            for v in rng.sample([a + b for a in PLACE_FIRST for b in PLACE_SECOND if a != b], 12)
        ]
        town = Town(k, f"T{k:03d}", name + t, t, villages, scale.span, rng)
        generate_town(town, scale, plants, out)
    single = scale.towns == 1
    out.add("powerctl.yaml", CONFIG.format(
        title=f"{county}乡镇党委权力公开透明运行登记册（基准测试数据，bench/gen.py 生成）",
        unit_id="bench-town" if single else "bench-county",
        unit_name=f"{county}{names[0][0]}{names[0][1]}党委" if single else f"{county}各乡镇党委",
        level="township" if single else "county",
        since=scale.span[0].isoformat(),
    ))  # fmt: skip
    out.add(
        "org/people.yaml",
        document({"people": out.people}, [_modeline(1, "people"), "班子成员及相关工作人员"]),
    )
    out.add(
        "org/bodies.yaml",
        document({"bodies": out.bodies}, [_modeline(1, "bodies"), "议事决策机构及其组成人员"]),
    )
    out.records["people"] = len(out.people)
    out.records["bodies"] = len(out.bodies)
    return out


def prepare(target: Path, force: bool) -> None:
    """Refuse a non-empty folder unless --force, and even then only one that holds a registry."""
    if target.exists() and any(target.iterdir()):
        if not force:
            raise SystemExit(f"gen.py: {target} is not empty (use --force to replace it)")
        if not (target / "powerctl.yaml").is_file():
            raise SystemExit(f"gen.py: {target} holds no powerctl.yaml; not deleting it")
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)


def write(target: Path, out: Output) -> None:
    folders = {str(Path(p).parent) for p in out.files}
    for folder in sorted(folders):
        (target / folder).mkdir(parents=True, exist_ok=True)
    for path in sorted(out.files):
        with open(target / path, "w", encoding="utf-8", newline="\n") as f:
            f.write(out.files[path])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, required=True, help="1 = one township, 80 = a county archive"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="the registry folder to create")
    parser.add_argument(
        "--force", action="store_true", help="replace an existing generated registry"
    )
    parser.add_argument(
        "--per-thousand", type=float, default=PER_THOUSAND, help="planted defects per 1,000 records"
    )
    parser.add_argument(
        "--manifest", type=Path, help="write files, records and planted codes as JSON"
    )
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    started = time.perf_counter()
    prepare(args.out, args.force)
    out = generate(args.scale, args.seed, args.per_thousand)
    write(args.out, out)
    records = {k: out.records[k] for k in sorted(out.records)}
    records["total"] = sum(v for k, v in out.records.items() if k != "items")
    planted = {k: out.planted[k] for k in sorted(out.planted)}
    if args.manifest:
        manifest = {
            "scale": args.scale,
            "seed": args.seed,
            "files": len(out.files),
            "records": records,
            "planted": planted,
        }
        args.manifest.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    codes = " ".join(f"{k}:{v}" for k, v in planted.items())
    print(
        f"gen.py: {args.out}: {len(out.files)} files, {records['total']} records "
        f"({records.get('items', 0)} items), planted {sum(planted.values())} ({codes}) "
        f"in {time.perf_counter() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
