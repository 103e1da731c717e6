"""PC501-PC507: disclosure (党务公开) and feedback.

Each test starts from the minimal clean registry of conftest.py (meeting M-01 on Thursday
2026-03-12, its public item "1" disclosed by D-001 on 2026-03-13, feedback F-001 received on
2026-04-02 and answered on 2026-04-10) and changes one thing. Dates are real: the 2026 official
calendar has Qingming on 04-04..06 and National Day on 10-01..07 (make-up day Saturday 10-10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import RegistryBuilder, at, dump_yaml, where
from powerctl.findings import Finding, Severity
from powerctl.rules import CATALOG
from powerctl.rules._pii import find_personal, mask_id, normalise_phone

MEETING = "meetings/2026/M-01.yaml"
PEOPLE = "org/people.yaml"
POWER = "powers/DW-001.yaml"
RISKS = "risks/DW-001.yaml"
LEDGER = "disclosures/2026.yaml"
FEEDBACK = "feedback/2026.yaml"
CONFIG = "powerctl.yaml"
d = dt.date

# M-01 (2026-03-12) + 7 working days
DEADLINE = d(2026, 3, 23)
# F-001 (2026-04-02) + 15 working days, across Qingming (04-04..06)
ANSWER_BY = d(2026, 4, 24)
ID_NUMBER = "11010519491231002X"  # the GB 11643 sample: valid check character
ID_NUMBER_2 = "450102198506150048"
MOBILE = "13912345678"


@pytest.fixture(autouse=True)
def default_periodic_policy(registry: RegistryBuilder) -> None:
    """These tests count 党务公开日 from the meeting date: start with the default periodic policy
    and no periodic entries, whatever the shared minimal registry holds."""
    registry[CONFIG].get("policy", {}).pop("periodic_disclosure", None)
    registry.records[LEDGER] = [e for e in registry[LEDGER] if e.get("kind") != "periodic"]


def lint(registry: RegistryBuilder, code: str, today: dt.date) -> list[Finding]:
    """Active findings of the rule `code` as of `today` (anything else is a test error)."""
    found = [f for f in registry.findings(select=(code,), today=today) if not f.waived]
    assert {f.code for f in found} <= {code}, [(f.code, f.message.en) for f in found]
    return found


def single(registry: RegistryBuilder, code: str, today: dt.date) -> Finding:
    found = lint(registry, code, today)
    assert len(found) == 1, [f.message.en for f in found]
    return found[0]


def names(finding: Finding, *texts: str) -> None:
    for text in texts:
        assert text in finding.message.zh, finding.message.zh
        assert text in finding.message.en, finding.message.en


def ledger(registry: RegistryBuilder) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = registry[LEDGER]
    return result


def policy(registry: RegistryBuilder) -> dict[str, Any]:
    result: dict[str, Any] = registry[CONFIG].setdefault("policy", {})
    return result


def entry(eid: str, **fields: Any) -> dict[str, Any]:
    """A reviewed and signed public ledger entry."""
    base = {
        "id": eid,
        "title": "公开事项",
        "kind": "other",
        "scope": "public",
        "channels": ["board"],
        "reviewed_at": "M-01",
        "signed_by": "p-shu",
    }
    return {**base, **fields}


def periodic(eid: str, period: str, published_on: dt.date) -> dict[str, Any]:
    return entry(
        eid,
        title=f"{period} 定期公开",
        kind="periodic",
        subject={"period": period},
        published_on=published_on,
    )


def test_every_rule_is_documented() -> None:
    for code in ("PC501", "PC502", "PC503", "PC504", "PC505", "PC506", "PC507"):
        rule = CATALOG.rules[code]
        assert rule.what.zh and rule.what.en and rule.why.zh and rule.why.en
        assert rule.bad and rule.good and rule.summary.zh and rule.summary.en
    assert CATALOG.rules["PC506"].severity is Severity.WARNING


def test_minimal_registry_is_clean(registry: RegistryBuilder) -> None:
    # the first periodic day counted is 2026-04-27 (since = the meeting date, 2026-03-12)
    assert registry.findings(select=("PC5",), today=d(2026, 4, 27)) == []


# --- PC501 public decisions disclosed in time ---------------------------------------------------


def test_pc501_fires_the_day_after_the_deadline(registry: RegistryBuilder) -> None:
    ledger(registry).clear()
    f = single(registry, "PC501", DEADLINE + dt.timedelta(days=1))
    assert f.severity is Severity.ERROR
    assert f.file == MEETING
    assert at(f) == where(registry, MEETING, "disclosure:")
    assert f.record_id == "M-01#1"
    names(f, "M-01", "2026-03-23", "2026-03-12")


def test_pc501_quiet_until_the_deadline_has_passed(registry: RegistryBuilder) -> None:
    ledger(registry).clear()
    assert lint(registry, "PC501", DEADLINE) == []


def test_pc501_published_on_the_deadline_is_in_time(registry: RegistryBuilder) -> None:
    ledger(registry)[0]["published_on"] = DEADLINE
    assert lint(registry, "PC501", d(2026, 11, 23)) == []


def test_pc501_published_the_day_after_the_deadline_is_late(registry: RegistryBuilder) -> None:
    ledger(registry)[0]["published_on"] = DEADLINE + dt.timedelta(days=1)
    f = single(registry, "PC501", d(2026, 11, 23))
    names(f, "D-001", "2026-03-24", "2026-03-23")


DROP = object()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"published_on": DROP}, id="not published"),
        pytest.param({"withdrawn_on": d(2026, 3, 12)}, id="withdrawn before publishing"),
        pytest.param({"subject": {"meeting": "M-01", "item": "2"}}, id="another item"),
        pytest.param({"subject": {"meeting": "M-01"}}, id="the whole meeting"),
    ],
)
def test_pc501_entries_that_do_not_count(registry: RegistryBuilder, change: dict[str, Any]) -> None:
    apply(ledger(registry)[0], change)
    names(single(registry, "PC501", d(2026, 11, 23)), "M-01")


def apply(record: dict[str, Any], change: dict[str, Any]) -> None:
    for key, value in change.items():
        if value is DROP:
            del record[key]
        else:
            record[key] = value


def test_pc501_withdrawn_after_publishing_still_counts(registry: RegistryBuilder) -> None:
    ledger(registry)[0]["withdrawn_on"] = d(2026, 5, 1)
    assert lint(registry, "PC501", d(2026, 11, 23)) == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"result": "deferred"}, id="deferred"),
        pytest.param({"disclosure": {"scope": "party"}}, id="party scope"),
        pytest.param({"disclosure": DROP}, id="no disclosure: nothing inherited from the power"),
    ],
)
def test_pc501_quiet_for_items_that_need_no_public_entry(
    registry: RegistryBuilder, item: dict[str, Any], change: dict[str, Any]
) -> None:
    registry[POWER]["disclosure"] = {"scope": "public", "timing": "immediate"}
    ledger(registry).clear()
    apply(item, change)
    if item["result"] == "deferred":
        del item["vote"]
    assert lint(registry, "PC501", d(2026, 11, 23)) == []


def test_pc501_rejected_items_are_decisions_too(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["result"] = "rejected"
    item["vote"]["ballots"] = [
        {"person": b["person"], "option": "no"} for b in item["vote"]["ballots"]
    ]
    ledger(registry).clear()
    single(registry, "PC501", d(2026, 11, 23))


def test_pc501_deadline_counts_working_days_across_national_day(
    registry: RegistryBuilder,
) -> None:
    # 2026-09-30 + 7 working days: 10-08, 10-09, 10-10 (make-up Saturday), 10-12 .. 10-15
    registry[MEETING]["date"] = d(2026, 9, 30)
    ledger(registry)[0]["published_on"] = d(2026, 10, 15)
    assert lint(registry, "PC501", d(2026, 11, 23)) == []
    ledger(registry)[0]["published_on"] = d(2026, 10, 16)
    names(single(registry, "PC501", d(2026, 11, 23)), "2026-10-15")


def test_pc501_deadline_from_policy_and_calendar_overrides(registry: RegistryBuilder) -> None:
    policy(registry)["disclosure_deadline_workdays"] = 3  # 03-13, 03-16, 03-17
    ledger(registry)[0]["published_on"] = d(2026, 3, 18)
    names(single(registry, "PC501", d(2026, 11, 23)), "2026-03-17")
    registry[CONFIG]["calendar"] = {"holidays": [d(2026, 3, 16)]}  # deadline moves to 03-18
    assert lint(registry, "PC501", d(2026, 11, 23)) == []


def test_pc501_waived_on_the_item(registry: RegistryBuilder, item: dict[str, Any]) -> None:
    ledger(registry).clear()
    item["waivers"] = [
        {"rule": "PC501", "reason": "涉及招标保密，招标结束后公开", "approved_by": "p-shu"}
    ]
    found = registry.findings(select=("PC5",), today=d(2026, 4, 27))
    assert [(f.code, f.waived) for f in found] == [("PC501", True)]


# --- PC502 published without review or sign-off -------------------------------------------------


def test_pc502_published_without_review(registry: RegistryBuilder) -> None:
    del ledger(registry)[0]["reviewed_at"]
    f = single(registry, "PC502", d(2026, 11, 23))
    assert f.severity is Severity.ERROR
    assert f.file == LEDGER
    assert at(f) == where(registry, LEDGER, "published_on:")
    assert f.record_id == "D-001"
    names(f, "D-001", "reviewed_at", "2026-03-13")


def test_pc502_one_finding_per_missing_field(registry: RegistryBuilder) -> None:
    del ledger(registry)[0]["reviewed_at"]
    del ledger(registry)[0]["signed_by"]
    found = lint(registry, "PC502", d(2026, 11, 23))
    assert len(found) == 2
    assert any("signed_by" in f.message.en for f in found)
    assert any("审签" in f.message.zh for f in found)


def test_pc502_quiet_for_a_draft(registry: RegistryBuilder) -> None:
    draft = entry("D-002", title="草稿", subject={"power": "DW-001"})
    del draft["reviewed_at"], draft["signed_by"]
    ledger(registry).append(draft)
    assert lint(registry, "PC502", d(2026, 11, 23)) == []


# --- PC503 pre-appointment notice period ---------------------------------------------------------


def notice(published_on: dt.date, period_end: dt.date | None) -> dict[str, Any]:
    fields: dict[str, Any] = {"published_on": published_on}
    if period_end is not None:
        fields["period_end"] = period_end
    return entry("D-009", title="任前公示", kind="pre_appointment", **fields)


def test_pc503_five_working_days_is_enough(registry: RegistryBuilder) -> None:
    ledger(registry).append(notice(d(2026, 3, 16), d(2026, 3, 20)))  # Monday to Friday
    assert lint(registry, "PC503", d(2026, 11, 23)) == []


def test_pc503_four_working_days_is_too_short(registry: RegistryBuilder) -> None:
    ledger(registry).append(notice(d(2026, 3, 16), d(2026, 3, 19)))
    f = single(registry, "PC503", d(2026, 11, 23))
    assert f.file == LEDGER
    assert at(f) == where(registry, LEDGER, "2026-03-19")
    assert f.record_id == "D-009"
    names(f, "D-009", "2026-03-16", "2026-03-19", "2026-03-20")
    assert " 4 " in f.message.zh and "only 4 working days" in f.message.en


def test_pc503_weekend_days_do_not_count(registry: RegistryBuilder) -> None:
    # Thursday to Tuesday: 7 calendar days, 4 working days
    ledger(registry).append(notice(d(2026, 3, 19), d(2026, 3, 24)))
    names(single(registry, "PC503", d(2026, 11, 23)), "2026-03-25")


def test_pc503_across_national_day(registry: RegistryBuilder) -> None:
    # 09-28, 09-29, 09-30, 10-08, 10-09: five working days in twelve calendar days
    ledger(registry).append(notice(d(2026, 9, 28), d(2026, 10, 9)))
    assert lint(registry, "PC503", d(2026, 11, 23)) == []
    ledger(registry)[-1]["period_end"] = d(2026, 10, 8)
    names(single(registry, "PC503", d(2026, 11, 23)), "2026-10-09")


def test_pc503_without_period_end(registry: RegistryBuilder) -> None:
    ledger(registry).append(notice(d(2026, 3, 16), None))
    f = single(registry, "PC503", d(2026, 11, 23))
    assert at(f) == where(registry, LEDGER, "published_on: 2026-03-16")
    names(f, "period_end", "2026-03-20")


def test_pc503_threshold_from_policy(registry: RegistryBuilder) -> None:
    policy(registry)["pre_appointment_notice_workdays"] = 7
    ledger(registry).append(notice(d(2026, 3, 16), d(2026, 3, 20)))
    names(single(registry, "PC503", d(2026, 11, 23)), "2026-03-24")


def test_pc503_quiet_for_other_kinds_and_drafts(registry: RegistryBuilder) -> None:
    ledger(registry).append(entry("D-010", kind="result", published_on=d(2026, 3, 16)))
    draft = notice(d(2026, 3, 16), None)
    del draft["published_on"]
    ledger(registry).append(draft)
    assert lint(registry, "PC503", d(2026, 11, 23)) == []


# --- PC504 public entry about a non-public record ------------------------------------------------


def test_pc504_public_entry_about_an_internal_item(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["secrecy"] = "internal"
    item["disclosure"] = {"scope": "internal"}
    f = single(registry, "PC504", d(2026, 11, 23))
    assert f.file == LEDGER
    assert at(f) == where(registry, LEDGER, "subject:")
    assert f.record_id == "D-001"
    names(f, "D-001", "M-01", "internal")


def test_pc504_item_inherits_the_meeting_secrecy(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    registry[MEETING]["secrecy"] = "internal"
    del item["secrecy"]
    names(single(registry, "PC504", d(2026, 11, 23)), "internal")


def test_pc504_an_item_cannot_be_looser_than_its_meeting(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    registry[MEETING]["secrecy"] = "internal"
    item["secrecy"] = "public"  # invalid in itself; the stricter level decides
    names(single(registry, "PC504", d(2026, 11, 23)), "internal")


def test_pc504_public_entry_about_an_internal_meeting(registry: RegistryBuilder) -> None:
    registry[MEETING]["secrecy"] = "confidential"
    registry[MEETING]["items"][0]["secrecy"] = "confidential"
    ledger(registry)[0]["subject"] = {"meeting": "M-01"}
    names(single(registry, "PC504", d(2026, 11, 23)), "confidential")


def test_pc504_public_entry_about_a_party_power(registry: RegistryBuilder) -> None:
    registry[POWER]["secrecy"] = "party"
    ledger(registry).append(entry("D-002", subject={"power": "DW-001"}, published_on=d(2026, 3, 2)))
    f = single(registry, "PC504", d(2026, 11, 23))
    names(f, "D-002", "DW-001", "party")


def test_pc504_quiet_for_a_party_entry_or_public_subjects(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    ledger(registry).append(entry("D-002", subject={"power": "DW-001"}))
    ledger(registry).append(entry("D-003", subject={"period": "2026-04"}, kind="periodic"))
    assert lint(registry, "PC504", d(2026, 11, 23)) == []
    item["secrecy"] = "internal"
    ledger(registry)[0]["scope"] = "party"
    assert lint(registry, "PC504", d(2026, 11, 23)) == []


# --- PC505 periodic disclosure days ----------------------------------------------------------


def since_new_year(registry: RegistryBuilder) -> None:
    policy(registry)["periodic_disclosure"] = {
        "months": [2, 4, 6, 8, 10, 12],
        "day": 26,
        "since": d(2026, 1, 1),
    }


def test_pc505_fires_after_a_missed_day(registry: RegistryBuilder) -> None:
    # 2026-02-26 is a working day (the Spring Festival holiday ended on 02-23)
    since_new_year(registry)
    f = single(registry, "PC505", d(2026, 2, 27))
    assert f.severity is Severity.ERROR
    assert f.file == CONFIG
    assert at(f) == where(registry, CONFIG, "periodic_disclosure:")
    assert f.record_id == "2026-02"
    names(f, "2026-02", "2026-02-26")


def test_pc505_quiet_on_the_day_itself(registry: RegistryBuilder) -> None:
    since_new_year(registry)
    assert lint(registry, "PC505", d(2026, 2, 26)) == []


def test_pc505_published_on_the_day_is_in_time(registry: RegistryBuilder) -> None:
    since_new_year(registry)
    ledger(registry).append(periodic("D-002", "2026-02", d(2026, 2, 26)))
    assert lint(registry, "PC505", d(2026, 4, 27)) == []


def test_pc505_published_the_day_after_is_late(registry: RegistryBuilder) -> None:
    since_new_year(registry)
    ledger(registry).append(periodic("D-002", "2026-02", d(2026, 2, 27)))
    f = single(registry, "PC505", d(2026, 4, 27))
    names(f, "D-002", "2026-02-27")


def test_pc505_a_sunday_moves_to_monday(registry: RegistryBuilder) -> None:
    # 2026-04-26 is a Sunday: the day is Monday 04-27
    ledger(registry).append(periodic("D-002", "2026-04", d(2026, 4, 27)))
    assert lint(registry, "PC505", d(2026, 5, 20)) == []
    assert lint(registry, "PC505", d(2026, 4, 27)) == []
    ledger(registry)[-1]["published_on"] = d(2026, 4, 28)
    f = single(registry, "PC505", d(2026, 5, 20))
    names(f, "2026-04-27", "2026-04-26")


def test_pc505_calendar_overrides_move_the_day(registry: RegistryBuilder) -> None:
    since_new_year(registry)
    registry[CONFIG]["calendar"] = {"holidays": [d(2026, 2, 26)]}
    ledger(registry).append(periodic("D-002", "2026-02", d(2026, 2, 27)))
    assert lint(registry, "PC505", d(2026, 4, 27)) == []
    # and a make-up working day keeps the nominal day
    registry[CONFIG]["calendar"] = {"holidays": [d(2026, 2, 26)], "workdays": [d(2026, 4, 26)]}
    ledger(registry).append(periodic("D-003", "2026-04", d(2026, 4, 27)))
    names(single(registry, "PC505", d(2026, 5, 20)), "2026-04-26")


def test_pc505_only_periodic_entries_for_that_period_count(registry: RegistryBuilder) -> None:
    since_new_year(registry)
    ledger(registry).append(periodic("D-002", "2026-03", d(2026, 2, 26)))
    ledger(registry).append({**periodic("D-003", "2026-02", d(2026, 2, 26)), "kind": "other"})
    assert [f.record_id for f in lint(registry, "PC505", d(2026, 2, 27))] == ["2026-02"]


def test_pc505_since_defaults_to_the_earliest_meeting(registry: RegistryBuilder) -> None:
    # the meeting is on 2026-03-12: February does not count, April does
    assert lint(registry, "PC505", d(2026, 4, 27)) == []
    assert [f.record_id for f in lint(registry, "PC505", d(2026, 4, 28))] == ["2026-04"]


def test_pc505_nominal_days_before_since_do_not_count(registry: RegistryBuilder) -> None:
    policy(registry)["periodic_disclosure"] = {"since": d(2026, 4, 27)}
    # nominal 04-26 is before since, although the moved day 04-27 is not
    assert [f.record_id for f in lint(registry, "PC505", d(2026, 6, 29))] == ["2026-06"]


def test_pc505_nothing_without_meetings_or_since(registry: RegistryBuilder) -> None:
    for name in [n for n in registry.records if n.startswith("meetings/")]:
        del registry.records[name]
    ledger(registry).clear()
    assert lint(registry, "PC505", d(2026, 11, 23)) == []


def test_pc505_day_clamped_to_the_end_of_the_month(registry: RegistryBuilder) -> None:
    # day 31 of February 2026 is Saturday 02-28, a make-up working day of the Spring Festival
    policy(registry)["periodic_disclosure"] = {"months": [2], "day": 31, "since": d(2026, 1, 1)}
    assert lint(registry, "PC505", d(2026, 2, 28)) == []
    f = single(registry, "PC505", d(2026, 3, 1))
    names(f, "2026-02-28")
    assert "moved" not in f.message.en


def test_pc505_every_missed_day_is_a_finding(registry: RegistryBuilder) -> None:
    since_new_year(registry)
    found = lint(registry, "PC505", d(2026, 11, 23))
    assert [f.record_id for f in found] == ["2026-02", "2026-04", "2026-06", "2026-08", "2026-10"]


# --- PC506 feedback answered in time ----------------------------------------------------------


def feedback(registry: RegistryBuilder) -> dict[str, Any]:
    result: dict[str, Any] = registry[FEEDBACK][0]
    return result


def test_pc506_answered_on_the_deadline_is_in_time(registry: RegistryBuilder) -> None:
    feedback(registry)["answered_on"] = ANSWER_BY
    assert lint(registry, "PC506", d(2026, 11, 23)) == []


def test_pc506_answered_the_day_after_the_deadline(registry: RegistryBuilder) -> None:
    feedback(registry)["answered_on"] = ANSWER_BY + dt.timedelta(days=3)  # Monday 04-27
    f = single(registry, "PC506", d(2026, 11, 23))
    assert f.severity is Severity.WARNING
    assert f.file == FEEDBACK
    assert at(f) == where(registry, FEEDBACK, "2026-04-27")
    assert f.record_id == "F-001"
    names(f, "F-001", "2026-04-02", "2026-04-24", "2026-04-27")


def test_pc506_unanswered_after_the_deadline(registry: RegistryBuilder) -> None:
    del feedback(registry)["answered_on"]
    feedback(registry)["status"] = "open"
    assert lint(registry, "PC506", ANSWER_BY) == []
    f = single(registry, "PC506", ANSWER_BY + dt.timedelta(days=1))
    assert at(f) == where(registry, FEEDBACK, "received_on:")
    names(f, "F-001", "2026-04-24", "answered_on")


def test_pc506_closed_without_an_answer_date(registry: RegistryBuilder) -> None:
    del feedback(registry)["answered_on"]
    feedback(registry)["status"] = "closed"
    names(single(registry, "PC506", d(2026, 11, 23)), "closed")


def test_pc506_deadline_from_policy(registry: RegistryBuilder) -> None:
    policy(registry)["feedback_response_workdays"] = 5  # 04-03, 04-07 .. 04-10 (Qingming)
    assert lint(registry, "PC506", d(2026, 11, 23)) == []
    policy(registry)["feedback_response_workdays"] = 4
    names(single(registry, "PC506", d(2026, 11, 23)), "2026-04-09")


def test_pc506_waived(registry: RegistryBuilder) -> None:
    feedback(registry)["answered_on"] = d(2026, 5, 6)
    feedback(registry)["waivers"] = [
        {"rule": "PC506", "reason": "需县级部门会商", "approved_by": "p-shu"}
    ]
    assert lint(registry, "PC506", d(2026, 11, 23)) == []


# --- PC507 ID and mobile numbers in public text ---------------------------------------------------


def test_pii_detector() -> None:
    today = d(2026, 11, 23)
    assert [p.masked for p in find_personal(f"身份证号{ID_NUMBER}。", today)] == [
        "1101**********002X"
    ]
    assert [p.kind for p in find_personal(ID_NUMBER.lower(), today)] == ["id"]
    assert find_personal(ID_NUMBER[:-1] + "1", today) == []  # wrong check character
    assert find_personal("440101199013321239", today) == []  # month 13: check digit valid
    for text in (
        MOBILE,
        f"电话:{MOBILE}。",
        "139 1234 5678",
        "139-1234-5678",
        "+86 13912345678",
        "+8613912345678",
    ):
        assert [p.masked for p in find_personal(text, today)] == ["139****5678"], text
    for text in (
        "0771-5820123",
        "账号6222139123456789",
        "12912345678",
        "139123456789",
        "8613912345678",
        "139-1234 5678",
    ):
        assert find_personal(text, today) == [], text
    assert mask_id(ID_NUMBER_2) == "4501**********0048"
    assert normalise_phone("+86 139-1234-5678") == MOBILE


def test_pii_detector_rejects_birth_dates_in_the_future() -> None:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    base = "11010520300101001"  # born 2030
    check = "10X98765432"[sum(int(c) * w for c, w in zip(base, weights, strict=True)) % 11]
    assert find_personal(base + check, d(2026, 11, 23)) == []
    assert [p.kind for p in find_personal(base + check, d(2031, 1, 1))] == ["id"]


def test_pc507_mobile_in_public_feedback(registry: RegistryBuilder) -> None:
    feedback(registry)["secrecy"] = "public"
    feedback(registry)["summary"] = f"反映人王某（电话{MOBILE}）称施工扰民"
    f = single(registry, "PC507", d(2026, 11, 23))
    assert f.severity is Severity.ERROR
    assert f.file == FEEDBACK
    assert at(f) == where(registry, FEEDBACK, "反映人")
    assert f.record_id == "F-001"
    names(f, "F-001", "139****5678", "summary")
    assert MOBILE not in f.message.zh + f.message.en


def test_pc507_quiet_for_internal_feedback(registry: RegistryBuilder) -> None:
    feedback(registry)["summary"] = f"反映人王某（电话{MOBILE}）称施工扰民"
    assert lint(registry, "PC507", d(2026, 11, 23)) == []


def test_pc507_id_number_in_any_risk(registry: RegistryBuilder) -> None:
    registry[POWER]["secrecy"] = "internal"  # a risk is checked whatever its power's level
    registry[RISKS][0]["controls"][0]["measure"] = f"核查承包人{ID_NUMBER_2}的资质"
    f = single(registry, "PC507", d(2026, 11, 23))
    assert f.file == RISKS
    assert at(f) == where(registry, RISKS, "核查")
    assert f.record_id == "R-001"
    names(f, "R-001", "controls[0].measure", "4501**********0048")
    assert ID_NUMBER_2 not in f.message.zh + f.message.en


def test_pc507_power_step_and_basis(registry: RegistryBuilder) -> None:
    registry[POWER]["steps"][0]["name"] = f"调研论证（联系人 {MOBILE}）"
    registry[POWER]["basis"][0]["article"] = f"第十一条 {ID_NUMBER}"
    found = lint(registry, "PC507", d(2026, 11, 23))
    assert sorted(f.message.en.split(":")[1].split(" contains")[0].strip() for f in found) == [
        "basis[0].article",
        "steps[0].name",
    ]
    assert {at(f) for f in found} == {
        where(registry, POWER, "调研论证"),
        where(registry, POWER, "第十一条"),
    }
    registry[POWER]["secrecy"] = "internal"
    assert lint(registry, "PC507", d(2026, 11, 23)) == []


def test_pc507_published_phone_of_a_person_is_allowed(registry: RegistryBuilder) -> None:
    registry[PEOPLE]["people"][0].update({"phone": "139-1234-5678", "publish_phone": True})
    registry[POWER]["complaint"] = {"phone": MOBILE, "mailbox": "镇纪委意见箱"}
    assert lint(registry, "PC507", d(2026, 11, 23)) == []
    registry[PEOPLE]["people"][0]["publish_phone"] = False
    f = single(registry, "PC507", d(2026, 11, 23))
    names(f, "DW-001", "complaint.phone", "publish_phone")


def test_pc507_public_meeting_and_its_public_items_only(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    registry[MEETING]["notes"] = f"会议由镇党委书记主持。联系电话{MOBILE}"
    item["statements"][0]["summary"] = f"施工方负责人电话 {MOBILE.replace('139', '138')}"
    found = lint(registry, "PC507", d(2026, 11, 23))
    assert sorted(f.record_id or "" for f in found) == ["M-01", "M-01#1"]
    assert any("statements[0].summary" in f.message.en for f in found)
    item["secrecy"] = "internal"
    item["disclosure"] = {"scope": "internal"}
    assert [f.record_id for f in lint(registry, "PC507", d(2026, 11, 23))] == ["M-01"]
    registry[MEETING]["secrecy"] = "internal"
    assert lint(registry, "PC507", d(2026, 11, 23)) == []


def test_pc507_markdown_body_of_a_power(registry: RegistryBuilder) -> None:
    power = dict(registry.records.pop(POWER))
    power["id"] = "DW-002"
    registry.raw["powers/DW-002.md"] = (
        "---\n" + dump_yaml(power) + "---\n\n# 说明\n\n经办人手机 13912345678，欢迎监督。\n"
    )
    registry[RISKS][0]["power"] = "DW-002"
    registry[FEEDBACK][0]["about"] = {"power": "DW-002"}
    f = single(registry, "PC507", d(2026, 11, 23))
    assert f.file == "powers/DW-002.md"
    assert f.record_id == "DW-002"
    names(f, "139****5678", "Markdown")


def test_pc507_public_ledger_entry_only(registry: RegistryBuilder) -> None:
    ledger(registry)[0]["summary"] = f"中标人身份证号{ID_NUMBER}"
    f = single(registry, "PC507", d(2026, 11, 23))
    names(f, "D-001", "summary", "1101**********002X")
    ledger(registry)[0]["scope"] = "party"
    assert lint(registry, "PC507", d(2026, 11, 23)) == []


def test_pc507_one_finding_per_field_and_number(registry: RegistryBuilder) -> None:
    registry[RISKS][0]["description"] = f"{MOBILE} 与 {MOBILE} 以及 {ID_NUMBER}"
    found = lint(registry, "PC507", d(2026, 11, 23))
    assert sorted(f.message.en.split(", ")[1].split(":")[0] for f in found) == [
        "1101**********002X",
        "139****5678",
    ]


def test_pc507_waived_on_the_risk(registry: RegistryBuilder) -> None:
    registry[RISKS][0]["description"] = f"举报电话 {MOBILE}"
    registry[RISKS][0]["waivers"] = [
        {"rule": "PC507", "reason": "县纪委公开举报电话", "approved_by": "p-ji"}
    ]
    assert lint(registry, "PC507", d(2026, 11, 23)) == []
