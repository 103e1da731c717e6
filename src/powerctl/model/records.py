"""Plain dataclasses for the registry (data-model.md). Built once per run from schema-valid data;
every record and every element a rule may point at carries its `loc`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from powerctl.findings import Loc

MAJOR_CATEGORIES = frozenset(
    {"major_decision", "personnel", "major_project", "large_funds", "emergency"}
)
SECRECY_ORDER = {"public": 0, "party": 1, "internal": 2, "confidential": 3}


@dataclass(slots=True)
class Waiver:
    loc: Loc
    rule: str | None
    reason: str | None
    approved_by: str | None

    @property
    def valid(self) -> bool:
        return bool(self.rule and self.reason and self.approved_by)


# --- configuration -----------------------------------------------------------------------------


@dataclass(slots=True)
class PeriodicDisclosure:
    months: tuple[int, ...] = (2, 4, 6, 8, 10, 12)
    day: int = 26
    since: dt.date | None = None


@dataclass(slots=True)
class Policy:
    quorum: Fraction = Fraction(2, 3)
    pass_rule: str = "more_than_half_of_expected"
    dissent_defer_ratio: Fraction = Fraction(1, 3)
    major_funds_threshold: float = 500_000
    principal_speaks_last: str = "major"
    every_member_states_view: str = "major"
    disclosure_deadline_workdays: int = 7
    pre_appointment_notice_workdays: int = 5
    feedback_response_workdays: int = 15
    periodic_disclosure: PeriodicDisclosure = field(default_factory=PeriodicDisclosure)
    risk_levels_high: int = 12
    risk_levels_medium: int = 6
    restricted_portfolios: tuple[str, ...] = (
        "finance",
        "personnel",
        "construction_tendering",
        "administrative_approval",
        "procurement",
    )


@dataclass(slots=True)
class Unit:
    id: str = ""
    name: str = ""
    level: str = "township"


@dataclass(slots=True)
class Contact:
    supervision_phone: str | None = None
    mailbox: str | None = None


@dataclass(slots=True)
class Config:
    loc: Loc
    unit: Unit = field(default_factory=Unit)
    locale: str = "zh-CN"
    policy: Policy = field(default_factory=Policy)
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    rule_severity: dict[str, str] = field(default_factory=dict)
    contact: Contact = field(default_factory=Contact)
    max_file_mb: float = 5.0


# --- organisation ------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    loc: Loc
    id: str
    name: str
    photo: str | None = None
    phone: str | None = None
    publish_phone: bool = False


@dataclass(slots=True)
class Membership:
    loc: Loc
    person: str
    role: str
    start_date: dt.date
    end_date: dt.date | None = None
    title: str | None = None
    portfolios: tuple[str, ...] = ()
    duties: str | None = None
    waivers: list[Waiver] = field(default_factory=list)

    def covers(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


@dataclass(slots=True)
class Body:
    loc: Loc
    id: str
    name: str
    kind: str
    decides_major: bool
    memberships: list[Membership] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)

    def members_on(self, day: dt.date) -> list[Membership]:
        return [m for m in self.memberships if m.covers(day)]


# --- powers and risks --------------------------------------------------------------------------


@dataclass(slots=True)
class Step:
    loc: Loc
    id: str
    name: str
    actor: str | None = None
    kind: str = "action"
    # outcome label -> step id; a plain list of next steps has no labels (label None)
    next: list[tuple[str | None, str]] = field(default_factory=list)


@dataclass(slots=True)
class Supervision:
    loc: Loc
    step: str
    by: str
    how: str | None = None


@dataclass(slots=True)
class Basis:
    title: str
    article: str | None = None


@dataclass(slots=True)
class Power:
    loc: Loc
    id: str
    title: str
    category: str
    holder: str
    basis: list[Basis] = field(default_factory=list)
    description: str | None = None
    conditions: str | None = None
    secrecy: str = "public"
    steps: list[Step] = field(default_factory=list)
    supervision: list[Supervision] = field(default_factory=list)
    complaint_phone: str | None = None
    complaint_mailbox: str | None = None
    disclosure_scope: str | None = None
    disclosure_timing: str | None = None
    notes: str | None = None
    waivers: list[Waiver] = field(default_factory=list)

    @property
    def is_major(self) -> bool:
        return self.category in MAJOR_CATEGORIES


@dataclass(slots=True)
class Control:
    loc: Loc
    measure: str
    owner: str | None = None
    due: dt.date | None = None
    done: bool = False


@dataclass(slots=True)
class Risk:
    loc: Loc
    id: str
    power: str
    description: str
    importance: int
    frequency: int
    likelihood: int
    level: str
    step: str | None = None
    post: str | None = None
    found_by: str | None = None
    controls: list[Control] = field(default_factory=list)
    review_date: dt.date | None = None
    waivers: list[Waiver] = field(default_factory=list)

    @property
    def score(self) -> int:
        return self.importance * self.frequency * self.likelihood


# --- meetings ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Statement:
    loc: Loc
    person: str
    position: str
    summary: str | None = None


@dataclass(slots=True)
class Ballot:
    loc: Loc
    person: str
    option: str


@dataclass(slots=True)
class Counts:
    loc: Loc
    yes: int
    no: int
    abstain: int


@dataclass(slots=True)
class Vote:
    loc: Loc
    method: str
    ballots: list[Ballot] | None = None
    counts: Counts | None = None


@dataclass(slots=True)
class Recusal:
    loc: Loc
    person: str
    reason: str | None = None


@dataclass(slots=True)
class Item:
    loc: Loc
    id: str
    title: str
    category: str
    presenter: str
    result: str
    power: str | None = None
    amount: float | None = None
    urgent: bool = False
    research: bool = False
    proposed_by: str | None = None
    pre_review: str | None = None
    recusals: list[Recusal] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    vote: Vote | None = None
    secrecy: str = "internal"
    disclosure_scope: str | None = None
    disclosure_timing: str | None = None
    waivers: list[Waiver] = field(default_factory=list)


@dataclass(slots=True)
class Observer:
    loc: Loc
    name: str
    role: str | None = None  # the `as` field
    person: str | None = None


@dataclass(slots=True)
class Absence:
    loc: Loc
    person: str
    reason: str | None = None


@dataclass(slots=True)
class Meeting:
    loc: Loc
    id: str
    body: str
    date: dt.date
    chair: str
    kind: str = "regular"
    recorder: str | None = None
    secrecy: str = "internal"
    present: list[tuple[Loc, str]] = field(default_factory=list)
    absent: list[Absence] = field(default_factory=list)
    observers: list[Observer] = field(default_factory=list)
    expected_override: list[tuple[Loc, str]] | None = None
    items: list[Item] = field(default_factory=list)
    notes: str | None = None
    waivers: list[Waiver] = field(default_factory=list)


# --- disclosure and feedback -------------------------------------------------------------------


@dataclass(slots=True)
class Disclosure:
    loc: Loc
    id: str
    title: str
    subject_meeting: str | None = None
    subject_item: str | None = None
    subject_power: str | None = None
    subject_period: str | None = None
    kind: str | None = None
    scope: str = "public"
    channels: tuple[str, ...] = ()
    drafted_on: dt.date | None = None
    reviewed_at: str | None = None
    signed_by: str | None = None
    published_on: dt.date | None = None
    period_end: dt.date | None = None
    withdrawn_on: dt.date | None = None
    summary: str | None = None
    waivers: list[Waiver] = field(default_factory=list)


@dataclass(slots=True)
class Feedback:
    loc: Loc
    id: str
    received_on: dt.date
    summary: str
    channel: str | None = None
    about_power: str | None = None
    about_meeting: str | None = None
    about_item: str | None = None
    handler: str | None = None
    status: str = "open"
    answered_on: dt.date | None = None
    answer: str | None = None
    secrecy: str = "internal"
    waivers: list[Waiver] = field(default_factory=list)
