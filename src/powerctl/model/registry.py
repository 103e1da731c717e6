"""The whole registry, built once per run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from powerctl.findings import Loc
from powerctl.model.records import (
    MAJOR_CATEGORIES,
    Body,
    Config,
    Disclosure,
    Feedback,
    Item,
    Meeting,
    Membership,
    Person,
    Power,
    Risk,
)


@dataclass
class Registry:
    config: Config = field(default_factory=lambda: Config(Loc("powerctl.yaml")))
    people: dict[str, Person] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    powers: dict[str, Power] = field(default_factory=dict)
    risks: list[Risk] = field(default_factory=list)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    disclosures: list[Disclosure] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    # record kind ("person", "power", ...) -> id -> every place a record with that id is defined,
    # including records that failed their schema (they exist, they are just not built)
    ids: dict[str, dict[str, list[Loc]]] = field(default_factory=dict)
    invalid_ids: dict[str, set[str]] = field(default_factory=dict)
    # record kinds with a file we could not read: unknown ids of these kinds are not reported
    incomplete: set[str] = field(default_factory=set)
    # expected/present per meeting, computed once: a county archive asks ~10 times per item
    _expected: dict[int, tuple[Meeting, list[str] | None, list[str]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def exists(self, kind: str, rid: str) -> bool:
        return rid in self.ids.get(kind, {})

    def may_exist(self, kind: str, rid: str) -> bool:
        """False only when we are sure: the id is unknown and every file of its kind was read."""
        return self.exists(kind, rid) or kind in self.incomplete

    def expected_members(self, meeting: Meeting) -> list[str] | None:
        """应到成员 (data-model.md): the attendance.expected override, or the body's members on the
        meeting date; None when the body is unknown."""
        expected = self._attendance(meeting)[1]
        return None if expected is None else list(expected)

    def _attendance(self, meeting: Meeting) -> tuple[Meeting, list[str] | None, list[str]]:
        # keyed by identity; the meeting is kept in the entry so its id() is not reused
        memo = self._expected.get(id(meeting))
        if memo is None:
            expected = self._expected_members(meeting)
            chosen = set(expected or [])
            present = list(dict.fromkeys(pid for _, pid in meeting.present if pid in chosen))
            memo = self._expected[id(meeting)] = (meeting, expected, present)
        return memo

    def _expected_members(self, meeting: Meeting) -> list[str] | None:
        if meeting.expected_override is not None:
            return [pid for _, pid in meeting.expected_override]
        body = self.bodies.get(meeting.body)
        if body is None:
            return None
        return list(dict.fromkeys(m.person for m in body.members_on(meeting.date)))

    def memberships_on(self, body_id: str, day: dt.date) -> list[Membership]:
        body = self.bodies.get(body_id)
        return body.members_on(day) if body else []

    def principal_on(self, body_id: str, day: dt.date) -> str | None:
        """The body's principal (一把手) on `day`, if any."""
        return next(
            (m.person for m in self.memberships_on(body_id, day) if m.role == "principal"), None
        )

    def is_major(self, item: Item) -> bool:
        """三重一大 (rules.md): a major category, or an amount at or above the threshold."""
        threshold = self.config.policy.major_funds_threshold
        return item.category in MAJOR_CATEGORIES or (
            item.amount is not None and item.amount >= threshold
        )

    def present_expected(self, meeting: Meeting) -> list[str]:
        """实到: the expected persons listed as present (non-members and observers never count)."""
        return list(self._attendance(meeting)[2])

    def voters_present(self, meeting: Meeting, item: Item) -> list[str]:
        """Present (expected) members minus those recused from `item`."""
        recused = {r.person for r in item.recusals}
        return [pid for pid in self.present_expected(meeting) if pid not in recused]

    def person_name(self, pid: str) -> str:
        person = self.people.get(pid)
        return person.name if person else pid
