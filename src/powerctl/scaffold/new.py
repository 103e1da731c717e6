"""`powerctl new KIND`: one record from a template, with the next free id and today's date."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from powerctl.i18n import Msg
from powerctl.model import Registry
from powerctl.scaffold.files import atomic_write, canonical, schema_modeline, templates

KINDS = ("meeting", "power", "risk", "disclosure", "feedback")
_NUMBERED = re.compile(r"^(.*?)(\d+)$")
_FIRST_ID = {
    "meeting": "M-{year}-01",
    "power": "DW-001",
    "risk": "R-001",
    "disclosure": "D-{year}-001",
    "feedback": "F-{year}-001",
}
_ID_KIND = {
    "meeting": "meeting",
    "power": "power",
    "risk": "risk",
    "disclosure": "disclosure",
    "feedback": "feedback",
}


class NewRecordError(Exception):
    def __init__(self, message: Msg) -> None:
        super().__init__(message.en)
        self.message = message


def next_id(existing: list[str], taken: set[str], year: int, fallback: str) -> str:
    """The next number in the most used `PREFIX<number>` series, preferring this year's series."""
    series: Counter[str] = Counter()
    widest: dict[str, int] = {}
    highest: dict[str, int] = {}
    for rid in existing:
        match = _NUMBERED.match(rid)
        if not match:
            continue
        prefix, number = match[1], match[2]
        series[prefix] += 1
        widest[prefix] = max(widest.get(prefix, 0), len(number))
        highest[prefix] = max(highest.get(prefix, 0), int(number))
    if not series:
        candidate = fallback.format(year=year)
    else:
        this_year = [p for p in series if str(year) in p]
        other_years = [p for p in series if re.search(r"(19|20)\d\d", p) and str(year) not in p]
        if this_year:
            prefix = max(this_year, key=lambda p: series[p])
            candidate = f"{prefix}{highest[prefix] + 1:0{widest[prefix]}d}"
        elif other_years:  # a new year starts a new series: QS-M-2025-12 -> QS-M-2026-01
            prefix = re.sub(r"(19|20)\d\d", str(year), max(other_years, key=lambda p: series[p]))
            candidate = f"{prefix}{1:0{widest[max(other_years, key=lambda p: series[p])]}d}"
        else:
            prefix = max(series, key=lambda p: series[p])
            candidate = f"{prefix}{highest[prefix] + 1:0{widest[prefix]}d}"
    while candidate in taken:
        match = _NUMBERED.match(candidate)
        assert match
        candidate = f"{match[1]}{int(match[2]) + 1:0{len(match[2])}d}"
    return candidate


def _load(root: Path) -> Registry:
    from powerctl.pipeline import run
    from powerctl.settings import Settings

    return run(root, Settings()).registry


def new_record(
    root: Path, kind: str, record_id: str | None, body: str | None, day: dt.date
) -> tuple[Path, str]:
    reg = _load(root)
    existing_ids = reg.ids.get(_ID_KIND[kind], {})
    values: dict[str, object] = {"date": day.isoformat()}
    candidates = list(existing_ids)
    if kind == "meeting":
        body_id = body or _default_body(reg)
        the_body = reg.bodies.get(body_id) if body_id else None
        if the_body is None:
            raise NewRecordError(
                Msg(
                    f"找不到会议机构“{body_id}”：请用 --body 指定 org/bodies.yaml 中的机构 id。",
                    f'no body "{body_id}": name one from org/bodies.yaml with --body.',
                )
            )
        members = the_body.members_on(day)
        present = [m.person for m in members]
        principal = next(
            (m.person for m in members if m.role == "principal"), present[0] if present else ""
        )
        presenter = next((p for p in present if p != principal), principal)
        values.update(
            body=the_body.id,
            body_name=the_body.name,
            chair=principal,
            present=present,
            presenter=presenter,
        )
        candidates = [m.id for m in reg.meetings.values() if m.body == the_body.id] or candidates
    elif kind == "power":
        values["holder"] = _default_body(reg) or ""
    elif kind == "risk":
        if not reg.powers:
            raise NewRecordError(
                Msg(
                    "还没有权力事项：请先用 powerctl new power 新建。",
                    "there are no powers yet: create one with powerctl new power.",
                )
            )
        values["power"] = sorted(reg.powers)[0]
    elif kind == "disclosure":
        values["period"] = f"{day.year}-{day.month:02d}"
    rid = record_id or next_id(candidates, set(existing_ids), day.year, _FIRST_ID[kind])
    if rid in existing_ids:
        raise NewRecordError(Msg(f"id“{rid}”已经被使用。", f'the id "{rid}" is already used.'))
    values["id"] = rid
    folder = {
        "meeting": f"meetings/{day.year}",
        "power": "powers",
        "risk": "risks",
        "disclosure": "disclosures",
        "feedback": "feedback",
    }[kind]
    path = root / folder / f"{rid}.yaml"
    if path.exists():
        raise NewRecordError(Msg(f"文件已存在：{path}", f"the file already exists: {path}"))
    schema_kind = {"risk": "risks", "disclosure": "disclosures"}.get(kind, kind)
    values["modeline"] = schema_modeline(root, path, schema_kind)
    text = templates().get_template(f"new/{kind}.yaml.j2").render(**values)
    atomic_write(path, canonical(text, schema_kind))
    return path, rid


def _default_body(reg: Registry) -> str | None:
    counts = Counter(m.body for m in reg.meetings.values())
    if counts:
        return counts.most_common(1)[0][0]
    deciding = [b.id for b in reg.bodies.values() if b.decides_major]
    return deciding[0] if deciding else next(iter(reg.bodies), None)
