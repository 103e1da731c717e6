"""Schema-valid documents -> the Registry model.

Only records without schema errors become model objects; every record with a string id is still
known by its id, so a typo in one record does not make every reference to it dangle (PC102).
"""

from __future__ import annotations

import datetime as dt
import sys
from fractions import Fraction
from typing import Any

from powerctl.findings import DocPath, Loc
from powerctl.load.document import Document, Kind
from powerctl.model.records import (
    Absence,
    Ballot,
    Basis,
    Body,
    Config,
    Contact,
    Control,
    Counts,
    Disclosure,
    Feedback,
    Item,
    Meeting,
    Membership,
    Observer,
    PeriodicDisclosure,
    Person,
    Policy,
    Power,
    Recusal,
    Risk,
    Statement,
    Step,
    Supervision,
    Unit,
    Vote,
    Waiver,
)
from powerctl.model.registry import Registry

Raw = dict[str, Any]


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _fraction(value: Any, default: Fraction) -> Fraction:
    try:
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return default


def waivers(raw: Raw, loc: Loc) -> list[Waiver]:
    out = []
    for i, w in enumerate(raw.get("waivers") or []):
        if isinstance(w, dict):
            out.append(
                Waiver(
                    loc.child("waivers", i), w.get("rule"), w.get("reason"), w.get("approved_by")
                )
            )
    return out


def build_config(raw: Raw, loc: Loc) -> Config:
    config = Config(loc)
    unit = raw.get("unit") or {}
    config.unit = Unit(unit.get("id", ""), unit.get("name", ""), unit.get("level", "township"))
    config.locale = raw.get("locale", "zh-CN")
    p = raw.get("policy") or {}
    policy = Policy()
    policy.quorum = _fraction(p.get("quorum", "2/3"), policy.quorum)
    policy.pass_rule = p.get("pass_rule", policy.pass_rule)
    policy.dissent_defer_ratio = _fraction(
        p.get("dissent_defer_ratio", "1/3"), policy.dissent_defer_ratio
    )
    for name in (
        "major_funds_threshold",
        "principal_speaks_last",
        "every_member_states_view",
        "disclosure_deadline_workdays",
        "pre_appointment_notice_workdays",
        "feedback_response_workdays",
    ):
        if name in p:
            setattr(policy, name, p[name])
    periodic = p.get("periodic_disclosure") or {}
    policy.periodic_disclosure = PeriodicDisclosure(
        tuple(periodic.get("months", (2, 4, 6, 8, 10, 12))),
        periodic.get("day", 26),
        as_date(periodic.get("since")),
    )
    levels = p.get("risk_levels") or {}
    policy.risk_levels_high = levels.get("high", policy.risk_levels_high)
    policy.risk_levels_medium = levels.get("medium", policy.risk_levels_medium)
    if "restricted_portfolios" in p:
        policy.restricted_portfolios = tuple(p["restricted_portfolios"])
    config.policy = policy
    calendar = raw.get("calendar") or {}
    config.holidays = frozenset(d for d in map(as_date, calendar.get("holidays") or []) if d)
    config.workdays = frozenset(d for d in map(as_date, calendar.get("workdays") or []) if d)
    config.rule_severity = dict(raw.get("rules") or {})
    contact = raw.get("contact") or {}
    config.contact = Contact(contact.get("supervision_phone"), contact.get("mailbox"))
    config.max_file_mb = (raw.get("limits") or {}).get("max_file_mb", 5.0)
    return config


def build_person(raw: Raw, loc: Loc) -> Person:
    return Person(
        loc,
        raw["id"],
        raw["name"],
        raw.get("photo"),
        raw.get("phone"),
        bool(raw.get("publish_phone")),
    )


def build_body(raw: Raw, loc: Loc) -> Body:
    memberships = []
    for i, m in enumerate(raw.get("memberships") or []):
        mloc = loc.child("memberships", i)
        memberships.append(
            Membership(
                mloc,
                m["person"],
                m["role"],
                as_date(m["start_date"]) or dt.date.min,
                as_date(m.get("end_date")),
                m.get("title"),
                tuple(m.get("portfolios") or ()),
                m.get("duties"),
                waivers(m, mloc),
            )
        )
    kind = raw["kind"]
    decides_major = raw.get("decides_major", kind != "secretary_office")
    return Body(
        loc, raw["id"], raw["name"], kind, bool(decides_major), memberships, waivers(raw, loc)
    )


def _next(raw: Any) -> list[tuple[str | None, str]]:
    if isinstance(raw, dict):
        return [(str(label), target) for label, target in raw.items()]
    if isinstance(raw, list):
        return [(None, target) for target in raw]
    return []


def build_power(raw: Raw, loc: Loc, notes: str | None) -> Power:
    steps = [
        Step(
            loc.child("steps", i),
            s["id"],
            s["name"],
            s.get("actor"),
            s.get("kind", "action"),
            _next(s.get("next")),
        )
        for i, s in enumerate(raw.get("steps") or [])
    ]
    supervision = [
        Supervision(loc.child("supervision", i), s["step"], s["by"], s.get("how"))
        for i, s in enumerate(raw.get("supervision") or [])
    ]
    complaint = raw.get("complaint") or {}
    disclosure = raw.get("disclosure") or {}
    return Power(
        loc,
        raw["id"],
        raw["title"],
        raw["category"],
        raw["holder"],
        [Basis(b["title"], b.get("article")) for b in raw.get("basis") or []],
        raw.get("description"),
        raw.get("conditions"),
        raw.get("secrecy", "public"),
        steps,
        supervision,
        complaint.get("phone"),
        complaint.get("mailbox"),
        disclosure.get("scope"),
        disclosure.get("timing"),
        notes if notes is not None else raw.get("notes"),
        waivers(raw, loc),
    )


def build_risk(raw: Raw, loc: Loc) -> Risk:
    scores = raw["scores"]
    controls = [
        Control(
            loc.child("controls", i),
            c["measure"],
            c.get("owner"),
            as_date(c.get("due")),
            bool(c.get("done")),
        )
        for i, c in enumerate(raw.get("controls") or [])
    ]
    return Risk(
        loc,
        raw["id"],
        raw["power"],
        raw["description"],
        scores["importance"],
        scores["frequency"],
        scores["likelihood"],
        raw["level"],
        raw.get("step"),
        raw.get("post"),
        raw.get("found_by"),
        controls,
        as_date(raw.get("review_date")),
        waivers(raw, loc),
    )


def _i(value: Any) -> Any:
    """Share one object per repeated text (person ids, options): a county archive holds a
    million of them, and the cache hands each file its own copies."""
    return sys.intern(value) if type(value) is str else value


def build_item(raw: Raw, loc: Loc, meeting_secrecy: str) -> Item:
    prepared = raw.get("prepared") or {}
    vote = None
    if isinstance(raw.get("vote"), dict):
        v = raw["vote"]
        vloc = loc.child("vote")
        ballots = None
        if "ballots" in v:
            ballots = [
                Ballot(vloc.child("ballots", i), _i(b["person"]), _i(b["option"]))
                for i, b in enumerate(v.get("ballots") or [])
            ]
        counts = None
        if isinstance(v.get("counts"), dict):
            c = v["counts"]
            counts = Counts(vloc.child("counts"), c["yes"], c["no"], c["abstain"])
        vote = Vote(vloc, v["method"], ballots, counts)
    disclosure = raw.get("disclosure") or {}
    return Item(
        loc,
        raw["id"],
        raw["title"],
        _i(raw["category"]),
        _i(raw["presenter"]),
        _i(raw["result"]),
        raw.get("power"),
        raw.get("amount"),
        bool(raw.get("urgent")),
        bool(prepared.get("research")),
        prepared.get("proposed_by"),
        prepared.get("pre_review"),
        [
            Recusal(loc.child("recusals", i), _i(r["person"]), r.get("reason"))
            for i, r in enumerate(raw.get("recusals") or [])
        ],
        [
            Statement(
                loc.child("statements", i), _i(s["person"]), _i(s["position"]), s.get("summary")
            )
            for i, s in enumerate(raw.get("statements") or [])
        ],
        vote,
        raw.get("secrecy", meeting_secrecy),
        disclosure.get("scope"),
        disclosure.get("timing"),
        waivers(raw, loc),
    )


def build_meeting(raw: Raw, loc: Loc, notes: str | None) -> Meeting:
    secrecy = raw.get("secrecy", "internal")
    attendance = raw.get("attendance") or {}
    aloc = loc.child("attendance")
    expected = attendance.get("expected")
    return Meeting(
        loc,
        raw["id"],
        raw["body"],
        as_date(raw["date"]) or dt.date.min,
        raw["chair"],
        raw.get("kind", "regular"),
        raw.get("recorder"),
        secrecy,
        [(aloc.child("present", i), _i(p)) for i, p in enumerate(attendance.get("present") or [])],
        [
            Absence(aloc.child("absent", i), _i(a["person"]), a.get("reason"))
            for i, a in enumerate(attendance.get("absent") or [])
        ],
        [
            Observer(aloc.child("observers", i), o["name"], o.get("as"), o.get("person"))
            for i, o in enumerate(attendance.get("observers") or [])
        ],
        None
        if expected is None
        else [(aloc.child("expected", i), p) for i, p in enumerate(expected)],
        [
            build_item(it, loc.child("items", i), secrecy)
            for i, it in enumerate(raw.get("items") or [])
        ],
        notes if notes is not None else raw.get("notes"),
        waivers(raw, loc),
    )


def build_disclosure(raw: Raw, loc: Loc) -> Disclosure:
    subject = raw.get("subject") or {}
    return Disclosure(
        loc,
        raw["id"],
        raw["title"],
        subject.get("meeting"),
        subject.get("item"),
        subject.get("power"),
        subject.get("period"),
        raw.get("kind"),
        raw.get("scope", "public"),
        tuple(raw.get("channels") or ()),
        as_date(raw.get("drafted_on")),
        raw.get("reviewed_at"),
        raw.get("signed_by"),
        as_date(raw.get("published_on")),
        as_date(raw.get("period_end")),
        as_date(raw.get("withdrawn_on")),
        raw.get("summary"),
        waivers(raw, loc),
    )


def build_feedback(raw: Raw, loc: Loc) -> Feedback:
    about = raw.get("about") or {}
    return Feedback(
        loc,
        raw["id"],
        as_date(raw["received_on"]) or dt.date.min,
        raw["summary"],
        raw.get("channel"),
        about.get("power"),
        about.get("meeting"),
        about.get("item"),
        raw.get("handler"),
        raw.get("status", "open"),
        as_date(raw.get("answered_on")),
        raw.get("answer"),
        raw.get("secrecy", "internal"),
        waivers(raw, loc),
    )


# --- assembling the registry -------------------------------------------------------------------

# kind -> (name of the list key for files that wrap their list, record kind name)
_LIST_KEY = {Kind.PEOPLE: "people", Kind.BODIES: "bodies"}
_ID_KIND = {
    Kind.PEOPLE: "person",
    Kind.BODIES: "body",
    Kind.POWER: "power",
    Kind.RISKS: "risk",
    Kind.MEETING: "meeting",
    Kind.DISCLOSURES: "disclosure",
    Kind.FEEDBACK: "feedback",
}


def records_of(doc: Document) -> list[tuple[DocPath, DocPath, Any]]:
    """(record key as in schema.record_key, document path, raw record) for each record in a file."""
    data = doc.data
    if doc.kind in _LIST_KEY:
        items = data.get(_LIST_KEY[doc.kind]) if isinstance(data, dict) else None
        if not isinstance(items, list):
            return []
        return [((i,), (_LIST_KEY[doc.kind], i), r) for i, r in enumerate(items)]
    if doc.kind is Kind.RISKS and isinstance(data, dict):
        return [((), (), data)]
    if doc.kind in (Kind.RISKS, Kind.DISCLOSURES, Kind.FEEDBACK):
        if not isinstance(data, list):
            return []
        return [((i,), (i,), r) for i, r in enumerate(data)]
    return [((), (), data)]


def build_registry(documents: list[Document], invalid: dict[str, set[DocPath | None]]) -> Registry:
    """`invalid[rel]` holds the record keys (schema.record_key) with schema errors."""
    builder = RegistryBuilder()
    for doc in documents:
        builder.add(doc, invalid.get(doc.rel, set()))
    return builder.registry


class RegistryBuilder:
    """Builds the registry one document at a time, so a run can let each document's data go as
    soon as its records are built (a county archive does not fit in memory twice)."""

    def __init__(self) -> None:
        self.registry = Registry()

    def add(self, doc: Document, bad: set[DocPath | None]) -> None:
        """`bad`: the record keys (schema.record_key) of `doc` with schema errors."""
        registry = self.registry
        if not doc.usable or None in bad:
            registry.incomplete.add(_ID_KIND.get(doc.kind, doc.kind.value))
            _note_ids(registry, doc, skip_all=True)
            return
        if doc.kind is Kind.CONFIG:
            if not bad:
                registry.config = build_config(doc.data, Loc(doc.rel))
            return
        notes = _markdown_notes(doc)
        id_kind = _ID_KIND[doc.kind]
        for key, path, raw in records_of(doc):
            loc = Loc(doc.rel, path)
            rid = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(rid, str):
                registry.ids.setdefault(id_kind, {}).setdefault(rid, []).append(loc)
            else:
                registry.incomplete.add(id_kind)
            if key in bad:
                registry.invalid_ids.setdefault(id_kind, set()).add(
                    rid if isinstance(rid, str) else ""
                )
                continue
            _add(registry, doc.kind, raw, loc, notes)


def _note_ids(registry: Registry, doc: Document, skip_all: bool) -> None:
    """Remember the ids of records we will not build, so they still resolve."""
    if doc.kind is Kind.CONFIG or doc.data is None:
        return
    id_kind = _ID_KIND[doc.kind]
    for _key, path, raw in records_of(doc):
        rid = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(rid, str):
            registry.ids.setdefault(id_kind, {}).setdefault(rid, []).append(Loc(doc.rel, path))
            registry.invalid_ids.setdefault(id_kind, set()).add(rid)


def _markdown_notes(doc: Document) -> str | None:
    if doc.source is None or doc.source.body is None:
        return None
    body = doc.source.body.strip()
    return body or None


def _add(registry: Registry, kind: Kind, raw: Raw, loc: Loc, notes: str | None) -> None:
    if kind is Kind.PEOPLE:
        person = build_person(raw, loc)
        registry.people.setdefault(person.id, person)
    elif kind is Kind.BODIES:
        body = build_body(raw, loc)
        registry.bodies.setdefault(body.id, body)
    elif kind is Kind.POWER:
        power = build_power(raw, loc, notes)
        registry.powers.setdefault(power.id, power)
    elif kind is Kind.RISKS:
        registry.risks.append(build_risk(raw, loc))
    elif kind is Kind.MEETING:
        meeting = build_meeting(raw, loc, notes)
        registry.meetings.setdefault(meeting.id, meeting)
    elif kind is Kind.DISCLOSURES:
        registry.disclosures.append(build_disclosure(raw, loc))
    elif kind is Kind.FEEDBACK:
        registry.feedback.append(build_feedback(raw, loc))
