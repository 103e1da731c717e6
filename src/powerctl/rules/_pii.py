"""Personal data in published text (PC507): mainland ID numbers and mobile numbers.

The detector reads plain strings; the walker lists every string of a model record with the
location of the YAML key it came from, so a finding points at the exact field."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from powerctl.findings import DocPath, Loc
from powerctl.i18n import Msg
from powerctl.model.records import Waiver
from powerctl.model.registry import Registry

# GB 11643-1999: 6-digit address code, 8-digit birth date, 3-digit sequence, check character
# (ISO 7064 MOD 11-2); never inside a longer run of digits.
_ID = re.compile(r"(?<![0-9])([1-9][0-9]{16}[0-9Xx])(?![0-9])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Mainland mobile numbers: 1[3-9] and 9 more digits, optionally +86 / 0086 in front and written
# 3-4-4 with spaces or hyphens; never inside a longer run of digits (an account or a case number).
_MOBILE = re.compile(
    r"(?<![0-9])(?:(?:\+|00)86[ -]?)?(1[3-9][0-9])([ -]?)([0-9]{4})\2([0-9]{4})(?![0-9])"
)


_FEWEST_DIGITS = 11  # a mobile number; an ID number has 17 or 18


@dataclass(frozen=True, slots=True)
class Personal:
    kind: str  # "id" | "mobile"
    number: str  # normalised: 18 characters (upper-case X) or 11 digits
    masked: str


def id_check_ok(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _plausible_birth(number: str, today: dt.date) -> bool:
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if not (year >= 1900 and 1 <= month <= 12):
        return False
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return False
    return dt.date(year, month, day) <= today


def mask_id(number: str) -> str:
    return number[:4] + "*" * 10 + number[-4:]


def mask_mobile(number: str) -> str:
    return number[:3] + "****" + number[-4:]


def normalise_phone(phone: str) -> str:
    """The 11 digits of a mobile number as written anywhere (+86, spaces, hyphens dropped)."""
    digits = re.sub(r"[^0-9]", "", phone)
    if len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def find_personal(text: str, today: dt.date) -> list[Personal]:
    """ID numbers (valid check character, plausible birth date) and mobile numbers in `text`."""
    if len(text) < _FEWEST_DIGITS or sum(map(text.count, "0123456789")) < _FEWEST_DIGITS:
        return []  # most text: no room for 11 digits (checked at C speed before any regex)
    found: list[Personal] = []
    for match in _ID.finditer(text):
        number = match.group(1).upper()
        if id_check_ok(number) and _plausible_birth(number, today):
            found.append(Personal("id", number, mask_id(number)))
    for match in _MOBILE.finditer(text):
        number = match.group(1) + match.group(3) + match.group(4)
        found.append(Personal("mobile", number, mask_mobile(number)))
    return list(dict.fromkeys(found))


# --- what is shown publicly ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shown:
    """A record whose text is published, as PC507 sees it."""

    loc: Loc
    record_id: str
    what: Msg
    waivers: list[Waiver]
    strings: Iterator[tuple[Loc, str]]


def shown_records(reg: Registry) -> Iterator[Shown]:
    """Public powers, public meetings and their public items, public ledger entries, public
    feedback, and every risk (a risk point takes its power's level and is shown on the board)."""
    for power in reg.powers.values():
        if power.secrecy == "public":
            what = Msg(f"权力事项 {power.id}", f"power {power.id}")
            yield Shown(power.loc, power.id, what, power.waivers, record_strings(power))
    for m in reg.meetings.values():
        if m.secrecy != "public":
            continue
        what = Msg(f"会议 {m.id}", f"meeting {m.id}")
        yield Shown(m.loc, m.id, what, m.waivers, record_strings(m, skip=("items",)))
        for item in m.items:
            if item.secrecy == "public":
                rid = f"{m.id}#{item.id}"
                yield Shown(
                    item.loc,
                    rid,
                    Msg(f"会议 {m.id} 议题 {item.id}", f"item {item.id} of meeting {m.id}"),
                    item.waivers,
                    record_strings(item),
                )
    for entry in reg.disclosures:
        if entry.scope == "public":
            what = Msg(f"台账条目 {entry.id}", f"ledger entry {entry.id}")
            yield Shown(entry.loc, entry.id, what, entry.waivers, record_strings(entry))
    for fb in reg.feedback:
        if fb.secrecy == "public":
            what = Msg(f"群众意见 {fb.id}", f"feedback {fb.id}")
            yield Shown(fb.loc, fb.id, what, fb.waivers, record_strings(fb))
    for risk in reg.risks:
        what = Msg(f"风险点 {risk.id}", f"risk {risk.id}")
        yield Shown(risk.loc, risk.id, what, risk.waivers, record_strings(risk))


@dataclass(frozen=True, slots=True)
class Leak:
    shown: Shown
    loc: Loc
    found: Personal

    def message(self) -> Msg:
        name = field_name(self.loc, self.shown.loc)
        field = Msg(name, name)
        if field.en == "notes" and self.loc.file.endswith(".md"):
            field = Msg("notes(Markdown 正文)", "notes (the Markdown body)")
        what, masked = self.shown.what, self.found.masked
        if self.found.kind == "id":
            return Msg(
                f"{what.zh} 的 {field.zh} 中有居民身份证号 {masked}：会公开展示的内容不得包含身份证号，"
                "请删除（确需留存的记在内部材料中）。",
                f"{what.en}: {field.en} contains a mainland ID number, {masked}: text that is shown "
                "publicly must not contain ID numbers; delete it (keep it in internal files if "
                "it is needed).",
            )
        return Msg(
            f"{what.zh} 的 {field.zh} 中有手机号 {masked}：会公开展示的内容不得包含未经同意公开的手机号，"
            "请删除；如是领导干部同意公开的本人号码，在 org/people.yaml 登记为其 phone 并设 "
            "publish_phone: true。",
            f"{what.en}: {field.en} contains a mobile number, {masked}: text that is shown publicly "
            "must not contain mobile numbers published without consent; delete it, or, if it is "
            "a leader's own number published with consent, record it as that person's phone in "
            "org/people.yaml with publish_phone: true.",
        )


def personal_data_leaks(reg: Registry, today: dt.date) -> Iterator[Leak]:
    """ID numbers, and mobile numbers other than the published phones of persons, in shown text;
    one per field and number."""
    published = {
        normalise_phone(p.phone) for p in reg.people.values() if p.phone and p.publish_phone
    }
    for shown in shown_records(reg):
        seen: set[tuple[Loc, str]] = set()
        for loc, text in shown.strings:
            for found in find_personal(text, today):
                if found.kind == "mobile" and found.number in published:
                    continue
                if (loc, found.number) not in seen:
                    seen.add((loc, found.number))
                    yield Leak(shown, loc, found)


# --- every string of a record, with the key it came from --------------------------------------

# model field -> the YAML path it was read from, where the two differ (model/build.py)
_RENAMED: dict[str, DocPath] = {
    "complaint_phone": ("complaint", "phone"),
    "complaint_mailbox": ("complaint", "mailbox"),
    "disclosure_scope": ("disclosure", "scope"),
    "disclosure_timing": ("disclosure", "timing"),
    "subject_meeting": ("subject", "meeting"),
    "subject_item": ("subject", "item"),
    "subject_power": ("subject", "power"),
    "subject_period": ("subject", "period"),
    "about_power": ("about", "power"),
    "about_meeting": ("about", "meeting"),
    "about_item": ("about", "item"),
    "proposed_by": ("prepared", "proposed_by"),
    "pre_review": ("prepared", "pre_review"),
    "present": ("attendance", "present"),
    "absent": ("attendance", "absent"),
    "observers": ("attendance", "observers"),
    "expected_override": ("attendance", "expected"),
}
_RENAMED_BY_TYPE: dict[str, dict[str, DocPath]] = {"Observer": {"role": ("as",)}}


def record_strings(record: Any, skip: Iterable[str] = ()) -> Iterator[tuple[Loc, str]]:
    """The strings in `record` (a model dataclass with a `loc`) and in what it contains that
    could hold personal data (room for 11 digits: find_personal finds nothing in the others),
    each with where it was read from. Walks iteratively and makes a Loc only for those: PC507
    visits every string of every public record."""
    skipped = frozenset(skip)
    # (object, file, path) in depth-first order; `path` is built as a tuple, a Loc only on a hit
    stack: list[tuple[Any, str, DocPath, bool]] = [(record, record.loc.file, record.loc.path, True)]
    while stack:
        obj, file, path, top = stack.pop()
        kind = type(obj)
        if kind is str:
            if len(obj) >= _FEWEST_DIGITS and sum(map(obj.count, "0123456789")) >= _FEWEST_DIGITS:
                yield Loc(file, path), obj
            continue
        if obj is None or kind in (bool, int, float):
            continue
        if kind is list or kind is tuple:
            children = []
            for i, value in enumerate(obj):
                if type(value) is tuple and len(value) == 2 and type(value[0]) is Loc:
                    children.append((value[1], value[0].file, value[0].path, False))  # (loc, id)
                else:
                    children.append((value, file, (*path, i), False))
            stack.extend(reversed(children))
            continue
        if is_dataclass(obj) and not isinstance(obj, type):
            own = getattr(obj, "loc", None)
            if own is not None:
                file, path = own.file, own.path
            children = []
            for name, sub in _field_paths(kind):
                if top and name in skipped:
                    continue
                value = getattr(obj, name)
                if value is None or type(value) in (bool, int, float):
                    continue
                if name == "next" and type(value) is list:
                    for loc, text in _step_next(value, Loc(file, (*path, *sub))):
                        children.append((text, loc.file, loc.path, False))
                else:
                    children.append((value, file, (*path, *sub), False))
            stack.extend(reversed(children))


_FIELD_PATHS: dict[type, tuple[tuple[str, DocPath], ...]] = {}


def _field_paths(kind: type) -> tuple[tuple[str, DocPath], ...]:
    """A model class's fields (but `loc`) with the YAML path each was read from."""
    found = _FIELD_PATHS.get(kind)
    if found is None:
        renamed = _RENAMED_BY_TYPE.get(kind.__name__, {})
        found = _FIELD_PATHS[kind] = tuple(
            (f.name, renamed.get(f.name) or _RENAMED.get(f.name) or (f.name,))
            for f in fields(kind)
            if f.name != "loc"
        )
    return found


def _step_next(targets: list[tuple[str | None, str]], loc: Loc) -> Iterator[tuple[Loc, str]]:
    for i, (label, target) in enumerate(targets):
        if label is None:
            yield loc.child(i), target
        else:
            yield loc.child(label), label
            yield loc.child(label), target


def field_name(loc: Loc, record: Loc) -> str:
    """The path of `loc` below `record`, as a clerk reads it: steps[2].name."""
    out = ""
    for part in loc.path[len(record.path) :]:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
