"""What a semantic diff is made of (issue 5): changes by record, their fields and children, and
the matching of two collections of records by key. The record kinds are in gitdiff_compare.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from fractions import Fraction
from typing import Any, Generic, TypeVar

from powerctl.i18n import Msg
from powerctl.model.records import Waiver

Value = str | int | float | bool | dt.date | tuple[str, ...] | None

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
# record kinds in the order a reviewer reads them; children are reported inside their record
KINDS = ("config", "person", "body", "power", "risk", "meeting", "disclosure", "feedback")
# kinds counted in the summary (a membership or an item is a record of its own to a reader)
COUNTED = (
    "config",
    "person",
    "body",
    "membership",
    "power",
    "risk",
    "meeting",
    "item",
    "disclosure",
    "feedback",
)
RISK_ORDER = {"low": 0, "medium": 1, "high": 2}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str  # the YAML key, dotted for nested keys (`vote.method`, `complaint.phone`)
    old: Value
    new: Value


@dataclass(slots=True)
class Change:
    kind: str  # config | person | body | membership | power | step | supervision | risk | ...
    id: str
    change: str  # added | removed | changed
    label: str = ""  # what a reader recognises: a title, a name, a date and body
    fields: list[FieldChange] = field(default_factory=list)
    children: list[Change] = field(default_factory=list)
    # what the change means: level_raised, level_lowered, ended, published, withdrawn, answered,
    # closed, reopened
    events: list[str] = field(default_factory=list)


@dataclass
class RegistryDiff:
    changes: list[Change] = field(default_factory=list)
    notes: list[Msg] = field(default_factory=list)  # records that could not be compared
    from_rev: str | None = None  # None: the working tree
    to_rev: str | None = None
    public: bool = False

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, dict[str, int]]:
        """kind -> {added, removed, changed} -> number, for the kinds in COUNTED that changed."""
        tally: dict[str, dict[str, int]] = {}

        def visit(changes: Iterable[Change]) -> None:
            for change in changes:
                if change.kind in COUNTED:
                    row = tally.setdefault(change.kind, {ADDED: 0, REMOVED: 0, CHANGED: 0})
                    row[change.change] += 1
                visit(change.children)

        visit(self.changes)
        return {kind: tally[kind] for kind in COUNTED if kind in tally}


# --- values ------------------------------------------------------------------------------------


def _plain(value: Any) -> Value:
    if value is None or isinstance(value, str | bool | int | float | dt.date):
        return value
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(str(_show(v)) for v in value))
    if isinstance(value, dict):
        return tuple(f"{k}: {_show(v)}" for k, v in sorted(value.items()))
    if isinstance(value, list | tuple):
        return tuple(str(_show(v)) for v in value)
    return str(value)


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def with_note(main: str, extra: str | None) -> str:
    return f"{main}（{extra}）" if extra else main


def waiver_texts(waivers: list[Waiver]) -> tuple[str, ...]:
    return tuple(
        with_note(f"{w.rule}: {w.reason or ''}".rstrip(": "), w.approved_by) for w in waivers
    )


def flatten(obj: Any, prefix: str = "") -> dict[str, Value]:
    """A dataclass as dotted fields (locations left out), for records without children."""
    out: dict[str, Value] = {}
    for spec in fields(obj):
        if spec.name == "loc":
            continue
        value = getattr(obj, spec.name)
        if is_dataclass(value) and not isinstance(value, type):
            out.update(flatten(value, f"{prefix}{spec.name}."))
        else:
            out[prefix + spec.name] = _plain(value)
    return out


# --- matching ----------------------------------------------------------------------------------

R = TypeVar("R")


@dataclass(frozen=True)
class Spec(Generic[R]):
    kind: str
    key: Callable[[R], str]
    label: Callable[[R], str]
    values: Callable[[R], dict[str, Value]]
    children: Callable[[R | None, R | None], list[Change]] = lambda _a, _b: []
    events: Callable[[R | None, R | None], list[str]] = lambda _a, _b: []
    children_when_added: bool = False


def keyed(records: Iterable[R], key: Callable[[R], str]) -> dict[str, R]:
    """Records by key, in their order; a repeated key gets ` (2)`, ` (3)` ... (paired in order)."""
    out: dict[str, R] = {}
    seen: dict[str, int] = {}
    for record in records:
        k = key(record)
        seen[k] = seen.get(k, 0) + 1
        out[k if seen[k] == 1 else f"{k} ({seen[k]})"] = record
    return out


def field_changes(old: Mapping[str, Value], new: Mapping[str, Value]) -> list[FieldChange]:
    names = list(dict.fromkeys([*new, *old]))
    return [
        FieldChange(name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    ]


def compare(
    spec: Spec[R],
    old: Iterable[R],
    new: Iterable[R],
    skip: Callable[[str, str], bool] = lambda _k, _c: False,
    ordered: bool = False,
) -> list[Change]:
    """Changes between two collections of one kind. `skip(key, change)`: leave out an addition or
    removal we cannot judge (the record exists on the other side but could not be read)."""
    before, after = keyed(old, spec.key), keyed(new, spec.key)
    keys = list(dict.fromkeys([*after, *before]))
    out: list[Change] = []
    for key in keys if ordered else sorted(keys):
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            if not skip(key, ADDED):
                kids = spec.children(None, b) if spec.children_when_added else []
                out.append(
                    Change(spec.kind, key, ADDED, spec.label(b), [], kids, spec.events(a, b))
                )
        elif b is None and a is not None:
            if not skip(key, REMOVED):
                out.append(Change(spec.kind, key, REMOVED, spec.label(a), [], [], []))
        elif a is not None and b is not None:
            changed = field_changes(spec.values(a), spec.values(b))
            kids = spec.children(a, b)
            events = spec.events(a, b)
            if changed or kids or events:
                out.append(Change(spec.kind, key, CHANGED, spec.label(b), changed, kids, events))
    return out
