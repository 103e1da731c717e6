"""The semantic diff itself: two registries in, changes by record out (issue 5).

Records are matched by id, never by file, so a renamed or moved file is the same record. Parts of a
record that have their own identity (flowchart steps, supervision points, risk controls, meeting
items, memberships) are compared the same way and reported as children of their record; everything
else is a field, shown old -> new. Nothing here knows about git or output formats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from powerctl.gitdiff_model import (
    ADDED,
    CHANGED,
    REMOVED,
    RISK_ORDER,
    Change,
    RegistryDiff,
    Spec,
    Value,
    compare,
    field_changes,
    flatten,
    waiver_texts,
    with_note,
)
from powerctl.model.records import (
    Basis,
    Body,
    Config,
    Control,
    Disclosure,
    Feedback,
    Item,
    Meeting,
    Membership,
    Person,
    Power,
    Risk,
    Step,
    Supervision,
)
from powerctl.model.registry import Registry

# --- powers and risks --------------------------------------------------------------------------


def _basis(b: Basis) -> str:
    return f"{b.title}{b.article or ''}"


def _next(step: Step) -> tuple[str, ...]:
    return tuple(f"{label}: {target}" if label else target for label, target in step.next)


STEP: Spec[Step] = Spec(
    "step",
    key=lambda s: s.id,
    label=lambda s: with_note(s.name, s.actor),
    values=lambda s: {"name": s.name, "actor": s.actor, "kind": s.kind, "next": _next(s)},
)
SUPERVISION: Spec[Supervision] = Spec(
    "supervision",
    key=lambda s: f"{s.step}/{s.by}",
    label=lambda s: with_note(s.by, s.how),
    values=lambda s: {"step": s.step, "by": s.by, "how": s.how},
)


def _power_values(p: Power) -> dict[str, Value]:
    return {
        "title": p.title,
        "category": p.category,
        "holder": p.holder,
        "basis": tuple(_basis(b) for b in p.basis),
        "description": p.description,
        "conditions": p.conditions,
        "secrecy": p.secrecy,
        "start": p.steps[0].id if p.steps else None,  # the first step is the start
        "complaint.phone": p.complaint_phone,
        "complaint.mailbox": p.complaint_mailbox,
        "disclosure.scope": p.disclosure_scope,
        "disclosure.timing": p.disclosure_timing,
        "notes": p.notes,
        "waivers": waiver_texts(p.waivers),
    }


def _power_children(a: Power | None, b: Power | None) -> list[Change]:
    return [
        *compare(STEP, a.steps if a else [], b.steps if b else [], ordered=True),
        *compare(SUPERVISION, a.supervision if a else [], b.supervision if b else [], ordered=True),
    ]


POWER: Spec[Power] = Spec(
    "power", lambda p: p.id, lambda p: p.title, _power_values, _power_children
)

CONTROL: Spec[Control] = Spec(
    "control",
    key=lambda c: c.measure,
    label=lambda c: c.measure,
    values=lambda c: {"owner": c.owner, "due": c.due, "done": c.done},
)


def _risk_values(r: Risk) -> dict[str, Value]:
    return {
        "power": r.power,
        "step": r.step,
        "post": r.post,
        "description": r.description,
        "found_by": r.found_by,
        "scores.importance": r.importance,
        "scores.frequency": r.frequency,
        "scores.likelihood": r.likelihood,
        "level": r.level,
        "review_date": r.review_date,
        "waivers": waiver_texts(r.waivers),
    }


def _risk_events(a: Risk | None, b: Risk | None) -> list[str]:
    if a is None or b is None or a.level == b.level:
        return []
    before, after = RISK_ORDER.get(a.level, -1), RISK_ORDER.get(b.level, -1)
    return ["level_raised"] if after > before else ["level_lowered"]


RISK: Spec[Risk] = Spec(
    "risk",
    lambda r: r.id,
    lambda r: r.description,
    _risk_values,
    lambda a, b: compare(CONTROL, *_controls(a, b), ordered=True),
    _risk_events,
)


def _controls(a: Risk | None, b: Risk | None) -> tuple[list[Control], list[Control]]:
    return (a.controls if a else []), (b.controls if b else [])


# --- meetings ----------------------------------------------------------------------------------


def _counts(item: Item) -> str | None:
    counts = item.vote.counts if item.vote else None
    if counts is None:
        return None
    return f"yes {counts.yes}, no {counts.no}, abstain {counts.abstain}"


def _item_values(i: Item) -> dict[str, Value]:
    vote = i.vote
    return {
        "title": i.title,
        "category": i.category,
        "power": i.power,
        "amount": i.amount,
        "presenter": i.presenter,
        "urgent": i.urgent,
        "prepared.research": i.research,
        "prepared.proposed_by": i.proposed_by,
        "prepared.pre_review": i.pre_review,
        "recusals": tuple(with_note(r.person, r.reason) for r in i.recusals),
        "statements": tuple(
            with_note(f"{s.person}: {s.position}", s.summary) for s in i.statements
        ),
        "vote.method": vote.method if vote else None,
        "vote.ballots": tuple(f"{b.person}: {b.option}" for b in vote.ballots)
        if vote and vote.ballots is not None
        else None,
        "vote.counts": _counts(i),
        "result": i.result,
        "secrecy": i.secrecy,
        "disclosure.scope": i.disclosure_scope,
        "disclosure.timing": i.disclosure_timing,
        "waivers": waiver_texts(i.waivers),
    }


ITEM: Spec[Item] = Spec("item", lambda i: i.id, lambda i: i.title, _item_values)


def _meeting_values(m: Meeting) -> dict[str, Value]:
    return {
        "body": m.body,
        "date": m.date,
        "kind": m.kind,
        "chair": m.chair,
        "recorder": m.recorder,
        "secrecy": m.secrecy,
        "attendance.present": tuple(pid for _, pid in m.present),
        "attendance.absent": tuple(with_note(a.person, a.reason) for a in m.absent),
        "attendance.observers": tuple(with_note(o.name, o.role) for o in m.observers),
        "attendance.expected": None
        if m.expected_override is None
        else tuple(pid for _, pid in m.expected_override),
        "notes": m.notes,
        "waivers": waiver_texts(m.waivers),
    }


def _meeting_spec(bodies: Mapping[str, Body]) -> Spec[Meeting]:
    def label(m: Meeting) -> str:
        body = bodies.get(m.body)
        return f"{m.date.isoformat()} {body.name if body else m.body}"

    return Spec(
        "meeting",
        lambda m: m.id,
        label,
        _meeting_values,
        lambda a, b: compare(ITEM, a.items if a else [], b.items if b else [], ordered=True),
        children_when_added=True,
    )


# --- organisation ------------------------------------------------------------------------------


def _membership_events(a: Membership | None, b: Membership | None) -> list[str]:
    if a is not None and b is not None and a.end_date is None and b.end_date is not None:
        return ["ended"]
    return []


def _membership_spec(people: Mapping[str, Person]) -> Spec[Membership]:
    def label(m: Membership) -> str:
        person = people.get(m.person)
        return with_note(person.name if person else m.person, m.title or m.role)

    return Spec(
        "membership",
        lambda m: m.person,
        label,
        lambda m: {
            "role": m.role,
            "title": m.title,
            "start_date": m.start_date,
            "end_date": m.end_date,
            "portfolios": tuple(m.portfolios),
            "duties": m.duties,
            "waivers": waiver_texts(m.waivers),
        },
        events=_membership_events,
    )


def _body_spec(people: Mapping[str, Person]) -> Spec[Body]:
    membership = _membership_spec(people)

    def memberships(body: Body | None) -> list[Membership]:
        # a person's memberships in start order, so a re-appointment pairs with the later one
        return sorted(body.memberships, key=lambda m: m.start_date) if body else []

    return Spec(
        "body",
        lambda b: b.id,
        lambda b: b.name,
        lambda b: {
            "name": b.name,
            "kind": b.kind,
            "decides_major": b.decides_major,
            "waivers": waiver_texts(b.waivers),
        },
        lambda a, b: compare(membership, memberships(a), memberships(b), ordered=True),
        children_when_added=True,
    )


PERSON: Spec[Person] = Spec(
    "person",
    lambda p: p.id,
    lambda p: p.name,
    lambda p: {
        "name": p.name,
        "photo": p.photo,
        "phone": p.phone,
        "publish_phone": p.publish_phone,
    },
)


# --- disclosure and feedback -------------------------------------------------------------------


def _reference(*pairs: tuple[str, str | None]) -> str | None:
    """`meeting: M-01, item: 1`: a subject or `about` reference as one comparable value."""
    return ", ".join(f"{name}: {value}" for name, value in pairs if value is not None) or None


def _subject(d: Disclosure) -> str | None:
    return _reference(
        ("meeting", d.subject_meeting),
        ("item", d.subject_item),
        ("power", d.subject_power),
        ("period", d.subject_period),
    )


def _disclosure_values(d: Disclosure) -> dict[str, Value]:
    values = flatten(d)
    for name in ("subject_meeting", "subject_item", "subject_power", "subject_period"):
        del values[name]
    values["waivers"] = waiver_texts(d.waivers)
    return {"subject": _subject(d), **values}


def _disclosure_events(a: Disclosure | None, b: Disclosure | None) -> list[str]:
    if b is None:
        return []
    events = []
    if b.published_on is not None and (a is None or a.published_on is None):
        events.append("published")
    if b.withdrawn_on is not None and (a is None or a.withdrawn_on is None):
        events.append("withdrawn")
    return events


DISCLOSURE: Spec[Disclosure] = Spec(
    "disclosure", lambda d: d.id, lambda d: d.title, _disclosure_values, events=_disclosure_events
)


def _about(f: Feedback) -> str | None:
    return _reference(
        ("power", f.about_power), ("meeting", f.about_meeting), ("item", f.about_item)
    )


def _feedback_values(f: Feedback) -> dict[str, Value]:
    values = flatten(f)
    for name in ("about_power", "about_meeting", "about_item"):
        del values[name]
    values["waivers"] = waiver_texts(f.waivers)
    return {**values, "about": _about(f)}


def _feedback_events(a: Feedback | None, b: Feedback | None) -> list[str]:
    if a is None or b is None or a.status == b.status:
        return []
    return {"answered": ["answered"], "closed": ["closed"], "open": ["reopened"]}.get(b.status, [])


FEEDBACK: Spec[Feedback] = Spec(
    "feedback", lambda f: f.id, lambda f: f.summary, _feedback_values, events=_feedback_events
)


# --- configuration and the whole registry ------------------------------------------------------


def _config_values(c: Config) -> dict[str, Value]:
    values = flatten(c)
    values["calendar.holidays"] = values.pop("holidays")
    values["calendar.workdays"] = values.pop("workdays")
    values["rules"] = values.pop("rule_severity")
    values["limits.max_file_mb"] = values.pop("max_file_mb")
    return values


def _config_change(old: Config, new: Config) -> list[Change]:
    # unit.id is required: an empty one means the registry (or its powerctl.yaml) is absent
    if not old.unit.id and not new.unit.id:
        return []
    if not old.unit.id:
        return [Change("config", "powerctl.yaml", ADDED, new.unit.name)]
    if not new.unit.id:
        return [Change("config", "powerctl.yaml", REMOVED, old.unit.name)]
    changed = field_changes(_config_values(old), _config_values(new))
    return [Change("config", "powerctl.yaml", CHANGED, new.unit.name, changed)] if changed else []


def _unreadable(reg: Registry, kind: str) -> Callable[[str, str], bool]:
    """Skip an addition whose id the old side holds unbuilt (or a removal the new side does)."""
    return lambda key, _change: key in reg.invalid_ids.get(kind, set())


def _skip(old: Registry, new: Registry, kind: str) -> Callable[[str, str], bool]:
    in_old, in_new = _unreadable(old, kind), _unreadable(new, kind)
    return lambda key, change: in_old(key, change) if change == ADDED else in_new(key, change)


def diff_registries(old: Registry, new: Registry) -> RegistryDiff:
    """What changed from `old` to `new`, record by record (matched by id)."""
    people = {**old.people, **new.people}
    bodies = {**old.bodies, **new.bodies}
    changes = [
        *_config_change(old.config, new.config),
        *compare(PERSON, old.people.values(), new.people.values(), _skip(old, new, "person")),
        *compare(
            _body_spec(people), old.bodies.values(), new.bodies.values(), _skip(old, new, "body")
        ),
        *compare(POWER, old.powers.values(), new.powers.values(), _skip(old, new, "power")),
        *compare(RISK, old.risks, new.risks, _skip(old, new, "risk")),
        *compare(
            _meeting_spec(bodies),
            old.meetings.values(),
            new.meetings.values(),
            _skip(old, new, "meeting"),
        ),
        *compare(DISCLOSURE, old.disclosures, new.disclosures, _skip(old, new, "disclosure")),
        *compare(FEEDBACK, old.feedback, new.feedback, _skip(old, new, "feedback")),
    ]
    return RegistryDiff(changes=changes)


def unreadable_records(reg: Registry) -> tuple[list[str], list[str]]:
    """(ids of records that exist but could not be built, kinds with a file that did not load)."""
    ids = sorted(f"{kind} {rid}" for kind, rids in reg.invalid_ids.items() for rid in rids if rid)
    return ids, sorted(reg.incomplete)
