"""PC301-PC312: meetings and collective decisions.

The minimal meeting M-01 (2026-03-12) of the committee: 5 members (principal p-shu), all present;
one major item (major_project) presented by p-zhen, every member states a view with the principal
last, a named vote of 5 yes, passed. The `prepared` fixture adds what PC310 asks of a major item:
research, and a pre-review at the secretary office's meeting SJ-01. `committee(registry, n)`
grows the committee to n members, all present, stating and voting yes. Each test changes one
thing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import RegistryBuilder, at
from powerctl.findings import Finding, Severity

MEETING = "meetings/2026/M-01.yaml"
BODIES = "org/bodies.yaml"
CONFIG = "powerctl.yaml"
TODAY = dt.date(2026, 11, 23)
EXTRA = [
    ("p-m6", "周委员"),
    ("p-m7", "吴委员"),
    ("p-m8", "郑委员"),
    ("p-m9", "冯委员"),
    ("p-m10", "陈委员"),
]
REASON = "经县委批准的特殊安排"


@pytest.fixture
def prepared(registry: RegistryBuilder) -> RegistryBuilder:
    """The minimal registry: its item is researched and pre-reviewed by the secretary office
    (SJ-01), so it is lint-clean; the tests change one thing."""
    return registry


# --- helpers ----------------------------------------------------------------------------------


def meeting(registry: RegistryBuilder) -> dict[str, Any]:
    result: dict[str, Any] = registry[MEETING]
    return result


def committee(registry: RegistryBuilder, size: int) -> list[str]:
    """Grow the committee to `size` members (5 to 10), all present, each stating a view (the
    principal last) and voting yes. Returns the member ids, principal first."""
    people = registry["org/people.yaml"]["people"]
    memberships = registry[BODIES]["bodies"][0]["memberships"]
    for pid, name in EXTRA[: size - 5]:
        people.append({"id": pid, "name": name})
        memberships.append({"person": pid, "role": "member", "start_date": dt.date(2024, 1, 1)})
    ids = [m["person"] for m in memberships]
    item = meeting(registry)["items"][0]
    meeting(registry)["attendance"]["present"] = list(ids)
    item["statements"] = [{"person": p, "position": "support"} for p in ids[1:] + ids[:1]]
    item["vote"] = {"method": "named", "ballots": [{"person": p, "option": "yes"} for p in ids]}
    return ids


def attend(registry: RegistryBuilder, present: list[str]) -> None:
    """Only `present` attend; the absent neither speak nor vote."""
    meeting(registry)["attendance"]["present"] = list(present)
    item = meeting(registry)["items"][0]
    item["statements"] = [s for s in item["statements"] if s["person"] in present]
    if "ballots" in item.get("vote", {}):
        item["vote"]["ballots"] = [b for b in item["vote"]["ballots"] if b["person"] in present]


def ballots(*options: str) -> dict[str, Any]:
    """A named vote of the (first) members in order: ballots("yes", "no") -> p-shu yes, p-zhen no."""
    ids = ["p-shu", "p-zhen", "p-fu", "p-ji", "p-zu"] + [pid for pid, _ in EXTRA]
    return {
        "method": "named",
        "ballots": [{"person": p, "option": o} for p, o in zip(ids, options, strict=False)],
    }


def secret(yes: int, no: int = 0, abstain: int = 0) -> dict[str, Any]:
    return {"method": "secret", "counts": {"yes": yes, "no": no, "abstain": abstain}}


def policy(registry: RegistryBuilder, **values: Any) -> None:
    registry[CONFIG].setdefault("policy", {}).update(values)


def waiver(rule: str) -> dict[str, str]:
    return {"rule": rule, "reason": REASON, "approved_by": "p-shu"}


def pc3(registry: RegistryBuilder) -> list[Finding]:
    return [f for f in registry.findings(select=("PC3",), today=TODAY) if not f.waived]


def found(registry: RegistryBuilder, code: str) -> list[Finding]:
    return [f for f in pc3(registry) if f.code == code]


def codes(registry: RegistryBuilder) -> list[str]:
    return sorted(f.code for f in pc3(registry))


def single(registry: RegistryBuilder, code: str) -> Finding:
    """The one PC3 finding, after asserting it is the only one."""
    findings = pc3(registry)
    assert [f.code for f in findings] == [code], [(f.code, f.message.en) for f in findings]
    return findings[0]


def names(finding: Finding, *parts: str) -> None:
    """Both messages contain each part (ids, numbers)."""
    for part in parts:
        assert part in finding.message.zh, finding.message.zh
        assert part in finding.message.en, finding.message.en


def line_of(registry: RegistryBuilder, needle: str, occurrence: int = 1) -> int:
    lines = (registry.root / MEETING).read_text(encoding="utf-8").splitlines()
    hits = [n for n, text in enumerate(lines, 1) if needle in text]
    return hits[occurrence - 1]


def test_the_prepared_minimal_registry_is_pc3_clean(prepared: RegistryBuilder) -> None:
    assert pc3(prepared) == []
    assert prepared.findings(select=("PC1",), today=TODAY) == []


def test_an_unknown_body_is_pc102s_business(prepared: RegistryBuilder) -> None:
    meeting(prepared)["body"] = "no-such-body"
    attend(prepared, ["p-zhen"])
    vote = {"method": "named", "ballots": [{"person": "p-zhen", "option": "no"}]}
    meeting(prepared)["items"][0].update(vote=vote, result="rejected")
    assert pc3(prepared) == []  # nobody is expected, no principal, no body to judge


def test_a_grown_committee_is_pc3_clean(prepared: RegistryBuilder) -> None:
    committee(prepared, 10)
    assert pc3(prepared) == []


# --- PC301 quorum -----------------------------------------------------------------------------


def test_pc301_six_of_nine_is_quorate(prepared: RegistryBuilder) -> None:
    ids = committee(prepared, 9)
    attend(prepared, ids[:6])  # 6*3 = 18 = 9*2: exactly two thirds
    assert found(prepared, "PC301") == []


def test_pc301_five_of_nine_is_not(prepared: RegistryBuilder) -> None:
    ids = committee(prepared, 9)
    attend(prepared, ids[:5])
    f = single(prepared, "PC301")
    assert f.severity is Severity.ERROR
    assert f.record_id == "M-01" and f.file == MEETING
    assert f.loc.path == ("attendance", "present")
    assert at(f)[0] == line_of(prepared, "present:")
    names(f, "M-01", "9", "5", "6")
    assert "应到 9 人，实到 5 人" in f.message.zh and "三分之二" in f.message.zh
    assert "two thirds" in f.message.en


def test_pc301_two_of_three_is_quorate(prepared: RegistryBuilder) -> None:
    for m in prepared[BODIES]["bodies"][0]["memberships"][3:]:
        m["end_date"] = dt.date(2025, 12, 31)  # p-ji and p-zu left the committee
    attend(prepared, ["p-shu", "p-zhen"])
    assert pc3(prepared) == []


def test_pc301_one_of_three_is_not(prepared: RegistryBuilder) -> None:
    for m in prepared[BODIES]["bodies"][0]["memberships"][3:]:
        m["end_date"] = dt.date(2025, 12, 31)
    prepared[MEETING]["items"][0]["presenter"] = "p-shu"
    attend(prepared, ["p-shu"])  # 1*3 < 3*2
    (f,) = found(prepared, "PC301")
    assert "应到 3 人，实到 1 人" in f.message.zh and "至少 2 人" in f.message.zh


def test_pc301_a_meeting_that_decided_nothing_is_not_checked(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    attend(prepared, ["p-shu", "p-zhen"])  # 2 of 5
    del item["vote"]
    item["result"] = "deferred"
    assert found(prepared, "PC301") == []


def test_pc301_rejected_is_a_decision(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    attend(prepared, ["p-shu", "p-zhen"])
    item["vote"] = ballots("no", "no")
    item["result"] = "rejected"
    assert len(found(prepared, "PC301")) == 1


def test_pc301_membership_ending_the_day_before_changes_expected(prepared: RegistryBuilder) -> None:
    attend(prepared, ["p-shu", "p-zhen", "p-fu"])  # 3 of 5: 9 < 10
    assert len(found(prepared, "PC301")) == 1
    p_zu = prepared[BODIES]["bodies"][0]["memberships"][4]
    p_zu["end_date"] = dt.date(2026, 3, 12)  # the meeting day still counts (both ends inclusive)
    assert len(found(prepared, "PC301")) == 1
    p_zu["end_date"] = dt.date(2026, 3, 11)  # 3 of 4: 9 >= 8
    assert found(prepared, "PC301") == []


def test_pc301_attendance_expected_override(prepared: RegistryBuilder) -> None:
    attend(prepared, ["p-shu", "p-zhen", "p-fu"])
    meeting(prepared)["attendance"]["expected"] = ["p-shu", "p-zhen", "p-fu", "p-ji"]
    assert found(prepared, "PC301") == []
    meeting(prepared)["attendance"]["expected"] = [
        "p-shu",
        "p-zhen",
        "p-fu",
        "p-ji",
        "p-zu",
        "p-ban",
    ]
    names(found(prepared, "PC301")[0], "6", "3", "4")


def test_pc301_non_members_and_observers_do_not_count(prepared: RegistryBuilder) -> None:
    attend(prepared, ["p-shu", "p-zhen", "p-fu"])
    meeting(prepared)["attendance"]["present"].append("p-ban")  # not a member
    meeting(prepared)["attendance"]["observers"] = [
        {"name": "刘主任", "as": "党政办主任", "person": "p-ban"}
    ]
    names(found(prepared, "PC301")[0], "5", "3")


def test_pc301_quorum_from_policy(prepared: RegistryBuilder) -> None:
    attend(prepared, ["p-shu", "p-zhen", "p-fu"])  # 3 of 5
    policy(prepared, quorum="3/5")
    assert found(prepared, "PC301") == []
    policy(prepared, quorum="4/5")
    f = found(prepared, "PC301")[0]
    assert "五分之四" in f.message.zh and "4/5" in f.message.en
    names(f, "5", "3", "4")


def test_pc301_waived_by_the_meeting_not_by_an_item(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    attend(prepared, ["p-shu", "p-zhen", "p-fu"])
    item["waivers"] = [waiver("PC301")]
    assert len(found(prepared, "PC301")) == 1
    del item["waivers"]
    meeting(prepared)["waivers"] = [waiver("PC301")]
    (f,) = [f for f in prepared.findings(select=("PC301",), today=TODAY)]
    assert f.waived


# --- PC302 presenter --------------------------------------------------------------------------


def test_pc302_presenter_absent(prepared: RegistryBuilder) -> None:
    attend(prepared, ["p-shu", "p-fu", "p-ji", "p-zu"])
    meeting(prepared)["attendance"]["absent"] = [{"person": "p-zhen", "reason": "外出学习"}]
    (f,) = found(prepared, "PC302")
    assert f.severity is Severity.ERROR
    assert f.record_id == "M-01#1"
    assert f.loc.path == ("items", 0, "presenter")
    assert at(f)[0] == line_of(prepared, "presenter: p-zhen")
    names(f, "p-zhen", "1")
    assert "王镇长" in f.message.zh


def test_pc302_quiet_for_a_presenter_who_attends_as_observer(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["presenter"] = "p-ban"
    meeting(prepared)["attendance"]["observers"] = [
        {"name": "刘主任", "as": "党政办主任", "person": "p-ban"}
    ]
    assert found(prepared, "PC302") == []


def test_pc302_applies_to_deferred_items_too(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    attend(prepared, ["p-shu", "p-fu", "p-ji", "p-zu"])
    del item["vote"]
    item["result"] = "deferred"
    assert [f.code for f in pc3(prepared)] == ["PC302"]


# --- PC303 principal speaks last --------------------------------------------------------------


def test_pc303_principal_first(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["statements"].insert(0, item["statements"].pop())  # p-shu moves to the front
    f = single(prepared, "PC303")
    assert f.severity is Severity.ERROR
    assert f.record_id == "M-01#1"
    assert f.loc.path == ("items", 0, "statements", 0, "person")
    names(f, "p-shu", "p-zhen", "p-zu", "1")
    assert "张书记" in f.message.zh and "第 1 个" in f.message.zh


def test_pc303_principal_in_the_middle_names_only_those_after(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["statements"].insert(2, item["statements"].pop())  # p-zhen, p-fu, p-shu, p-ji, p-zu
    f = single(prepared, "PC303")
    assert f.loc.path == ("items", 0, "statements", 2, "person")
    names(f, "p-ji", "p-zu")
    assert "p-zhen" not in f.message.en and "p-fu" not in f.message.en


def test_pc303_principal_twice_early_and_last(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["statements"].insert(0, {"person": "p-shu", "position": "support"})  # also set the tone
    assert len(found(prepared, "PC303")) == 1


def test_pc303_quiet_without_a_statement_by_the_principal(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["statements"].pop()
    assert found(prepared, "PC303") == []
    assert [f.code for f in pc3(prepared)] == ["PC304"]  # but he stated no view


def test_pc303_quiet_for_an_observer_speaking_after_the_principal(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    meeting(prepared)["attendance"]["observers"] = [
        {"name": "刘主任", "as": "党政办主任", "person": "p-ban"}
    ]
    item["statements"].append({"person": "p-ban", "position": "support"})
    assert found(prepared, "PC303") == []


def test_pc303_ordinary_item_only_with_policy_all(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["category"] = "ordinary"
    item["statements"].insert(0, item["statements"].pop())
    assert found(prepared, "PC303") == []
    policy(prepared, principal_speaks_last="all")
    f = single(prepared, "PC303")
    assert "三重一大" not in f.message.zh


def test_pc303_off(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["statements"].insert(0, item["statements"].pop())
    policy(prepared, principal_speaks_last="off")
    assert pc3(prepared) == []


def test_pc303_large_amount_makes_an_ordinary_item_major(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item.update(category="ordinary", amount=500000)
    item["statements"].insert(0, item["statements"].pop())
    assert codes(prepared) == ["PC303", "PC312"]


# --- PC304 every member states a view ---------------------------------------------------------


def test_pc304_one_member_silent(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["statements"] = [s for s in item["statements"] if s["person"] != "p-fu"]
    f = single(prepared, "PC304")
    assert f.severity is Severity.WARNING
    assert f.record_id == "M-01#1"
    assert f.loc.path == ("items", 0, "statements")
    names(f, "p-fu", "1")
    assert "李副书记" in f.message.zh


def test_pc304_one_finding_per_silent_member(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["statements"] = [s for s in item["statements"] if s["person"] in ("p-zhen", "p-shu")]
    found_ = found(prepared, "PC304")
    assert len(found_) == 3
    for f, pid in zip(found_, ["p-fu", "p-ji", "p-zu"], strict=True):
        names(f, pid)


def test_pc304_principal_absent(prepared: RegistryBuilder) -> None:
    attend(prepared, ["p-zhen", "p-fu", "p-ji", "p-zu"])
    assert pc3(prepared) == []


def test_pc304_quiet_for_a_recused_member(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["recusals"] = [{"person": "p-ji", "reason": "近亲属参与投标"}]
    item["statements"] = [s for s in item["statements"] if s["person"] != "p-ji"]
    item["vote"]["ballots"] = [b for b in item["vote"]["ballots"] if b["person"] != "p-ji"]
    assert pc3(prepared) == []


def test_pc304_ordinary_items_per_policy(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["category"] = "ordinary"
    del item["statements"]
    assert pc3(prepared) == []
    policy(prepared, every_member_states_view="all")
    assert len(found(prepared, "PC304")) == 5
    policy(prepared, every_member_states_view="off")
    item["category"] = "major_project"
    assert found(prepared, "PC304") == []


# --- PC305 result and votes -------------------------------------------------------------------


def test_pc305_nine_expected_five_yes_passes(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    committee(prepared, 9)
    item["vote"] = secret(5, 4)
    assert found(prepared, "PC305") == []


def test_pc305_nine_expected_four_yes_of_seven_present_fails(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    ids = committee(prepared, 9)
    attend(prepared, ids[:7])
    item["vote"] = secret(4, 2, 1)
    (f,) = found(prepared, "PC305")
    assert f.severity is Severity.ERROR
    assert f.record_id == "M-01#1"
    assert f.loc.path == ("items", 0, "result")
    names(f, "4", "9", "5")  # 4 yes, 9 expected, needs 5 (not 4 of 7 present)
    assert "passed" in f.message.en


def test_pc305_exactly_half_fails(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    committee(prepared, 10)
    item["vote"] = secret(5, 5)
    names(found(prepared, "PC305")[0], "5", "10", "6")


def test_pc305_rejected_with_five_of_nine_yes(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    committee(prepared, 9)
    item["vote"] = secret(5, 4)
    item["result"] = "rejected"
    (f,) = found(prepared, "PC305")
    names(f, "5", "9")
    assert "rejected" in f.message.en and "未通过" in f.message.zh


def test_pc305_rejected_with_four_of_nine_is_consistent(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    committee(prepared, 9)
    item["vote"] = secret(4, 5)
    item["result"] = "rejected"
    assert found(prepared, "PC305") == []


def test_pc305_counts_from_ballots_when_no_counts(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["vote"] = ballots("yes", "yes", "no", "no", "abstain")  # 2 of 5
    names(found(prepared, "PC305")[0], "2", "5", "3")


def test_pc305_counts_win_over_ballots(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["vote"]["counts"] = {"yes": 2, "no": 3, "abstain": 0}  # disagrees with 5 yes ballots
    assert codes(prepared) == ["PC305", "PC307", "PC308"]


def test_pc305_quiet_without_a_vote_and_for_deferred(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["vote"] = {"method": "none", "counts": {"yes": 0, "no": 5, "abstain": 0}}
    assert found(prepared, "PC305") == []
    item["vote"] = secret(1, 4)
    item["result"] = "deferred"
    assert found(prepared, "PC305") == []


def test_pc305_waived_by_the_item(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["vote"] = secret(2, 0, 3)
    item["waivers"] = [waiver("PC305")]
    assert found(prepared, "PC305") == []
    assert any(
        f.code == "PC305" and f.waived for f in prepared.findings(select=("PC3",), today=TODAY)
    )


# --- PC306 vote method ------------------------------------------------------------------------


def test_pc306_personnel_with_a_named_vote(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["category"] = "personnel"
    f = single(prepared, "PC306")
    assert f.severity is Severity.ERROR
    assert f.loc.path == ("items", 0, "vote", "method")
    assert "记名表决" in f.message.zh and "secret" in f.message.en
    names(f, "1")


def test_pc306_personnel_with_a_secret_ballot(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["category"] = "personnel"
    item["vote"] = secret(5)
    assert pc3(prepared) == []


def test_pc306_personnel_deferred_without_a_vote(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["category"] = "personnel"
    del item["vote"]
    item["result"] = "deferred"
    assert pc3(prepared) == []


def test_pc306_personnel_decided_without_any_vote(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["category"] = "personnel"
    item["vote"] = {"method": "none"}
    assert codes(prepared) == ["PC306", "PC309"]


def test_pc306_secret_ballot_without_counts(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["vote"] = {"method": "secret"}
    f = single(prepared, "PC306")
    assert f.loc.path == ("items", 0, "vote", "method")
    assert "counts" in f.message.zh and "counts" in f.message.en


def test_pc306_named_vote_missing_a_ballot(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["vote"]["ballots"] = [
        b for b in item["vote"]["ballots"] if b["person"] not in ("p-fu", "p-zu")
    ]
    f = single(prepared, "PC306")
    assert f.loc.path == ("items", 0, "vote", "ballots")
    names(f, "p-fu", "p-zu")
    assert "p-zhen" not in f.message.en


def test_pc306_show_of_hands_with_counts_only(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["vote"] = {"method": "show_of_hands", "counts": {"yes": 5, "no": 0, "abstain": 0}}
    f = single(prepared, "PC306")
    names(f, "p-shu", "p-zhen", "p-fu", "p-ji", "p-zu")


def test_pc306_no_ballot_needed_from_the_recused_or_absent(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    attend(prepared, ["p-shu", "p-zhen", "p-fu", "p-ji"])
    item["recusals"] = [{"person": "p-ji", "reason": "近亲属参与投标"}]
    item["statements"] = [s for s in item["statements"] if s["person"] != "p-ji"]
    item["vote"]["ballots"] = [b for b in item["vote"]["ballots"] if b["person"] != "p-ji"]
    assert pc3(prepared) == []


# --- PC307 vote arithmetic --------------------------------------------------------------------


def test_pc307_counts_exceed_voters_present(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["vote"] = secret(6)
    f = single(prepared, "PC307")
    assert f.severity is Severity.ERROR
    assert f.loc.path == ("items", 0, "vote", "counts")
    names(f, "6", "5")


def test_pc307_counts_equal_to_voters_present(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["vote"] = secret(4, 0, 1)
    assert pc3(prepared) == []


def test_pc307_recused_members_do_not_vote(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["recusals"] = [{"person": "p-ji", "reason": "近亲属参与投标"}]
    item["statements"] = [s for s in item["statements"] if s["person"] != "p-ji"]
    item["vote"] = secret(5)
    (f,) = found(prepared, "PC307")
    names(f, "5", "4")  # 5 votes, 4 voters (5 present, 1 recused)


def test_pc307_counts_disagree_with_ballots(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["vote"]["counts"] = {"yes": 4, "no": 1, "abstain": 0}
    f = single(prepared, "PC307")
    assert f.loc.path == ("items", 0, "vote", "counts")
    assert "yes 4, no 1, abstain 0" in f.message.en and "yes 5, no 0, abstain 0" in f.message.en


def test_pc307_ballot_from_an_absent_member(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    attend(prepared, ["p-shu", "p-zhen", "p-fu", "p-ji"])
    item["vote"]["ballots"].append({"person": "p-zu", "option": "yes"})
    f = single(prepared, "PC307")
    assert f.loc.path == ("items", 0, "vote", "ballots", 4, "person")
    names(f, "p-zu")
    assert "没有出席" in f.message.zh


def test_pc307_ballot_from_a_non_member_observer(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    meeting(prepared)["attendance"]["observers"] = [
        {"name": "刘主任", "as": "党政办主任", "person": "p-ban"}
    ]
    item["vote"]["ballots"].append({"person": "p-ban", "option": "yes"})
    f = single(prepared, "PC307")
    names(f, "p-ban")
    assert "不是本次会议的应到成员" in f.message.zh


def test_pc307_two_ballots_from_one_person(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["vote"]["ballots"].append({"person": "p-fu", "option": "no"})
    f = single(prepared, "PC307")
    assert f.loc.path == ("items", 0, "vote", "ballots", 5, "person")
    assert at(f)[0] == line_of(prepared, "person: p-fu", 3)  # statement, ballot, duplicate
    names(f, "p-fu")


# --- PC308 dissent ----------------------------------------------------------------------------


def test_pc308_three_no_of_nine_present(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    committee(prepared, 9)
    item["vote"] = ballots("yes", "yes", "yes", "yes", "yes", "yes", "no", "no", "no")
    f = single(prepared, "PC308")
    assert f.severity is Severity.WARNING
    assert f.loc.path == ("items", 0, "result")
    names(f, "3", "9")
    assert "三分之一" in f.message.zh


def test_pc308_two_no_of_nine_is_quiet(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    committee(prepared, 9)
    item["vote"] = ballots("yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "no")
    assert pc3(prepared) == []


def test_pc308_abstentions_count_as_dissent(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    committee(prepared, 9)
    item["vote"] = secret(6, 1, 2)
    assert codes(prepared) == ["PC308"]


def test_pc308_urgent_is_quiet(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    committee(prepared, 9)
    item["vote"] = secret(6, 3)
    item["urgent"] = True
    assert pc3(prepared) == []


def test_pc308_deferred_is_quiet(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    committee(prepared, 9)
    item["vote"] = secret(6, 3)
    item["result"] = "deferred"
    assert pc3(prepared) == []


def test_pc308_ratio_from_policy(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["vote"] = secret(4, 1)  # 1 of 5 present
    assert pc3(prepared) == []
    policy(prepared, dissent_defer_ratio="1/5")
    assert codes(prepared) == ["PC308"]


# --- PC309 major item, body and vote ----------------------------------------------------------


def test_pc309_body_may_not_decide_major(prepared: RegistryBuilder) -> None:
    prepared[BODIES]["bodies"][0]["decides_major"] = False
    f = single(prepared, "PC309")
    assert f.severity is Severity.ERROR
    assert f.loc.path == ("items", 0, "result")
    names(f, "committee", "decides_major", "1")


def test_pc309_major_item_with_method_none(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["vote"] = {"method": "none"}
    f = single(prepared, "PC309")
    assert f.loc.path == ("items", 0, "vote", "method")


def test_pc309_major_item_without_vote(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    del item["vote"]
    f = single(prepared, "PC309")
    assert f.loc.path == ("items", 0, "result")
    names(f, "1")


def test_pc309_quiet_for_deferred_and_for_ordinary(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    del item["vote"]
    item["result"] = "deferred"
    assert pc3(prepared) == []
    item.update(result="passed", category="ordinary")
    assert pc3(prepared) == []


def test_pc309_amount_at_the_threshold_is_major(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item.update(category="ordinary", amount=500000, vote={"method": "none"})
    assert codes(prepared) == ["PC309", "PC312"]
    item["amount"] = 499999
    assert pc3(prepared) == []


# --- PC310 preparation ------------------------------------------------------------------------


def test_pc310_without_research(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item["prepared"]["research"] = False
    f = single(prepared, "PC310")
    assert f.severity is Severity.ERROR
    assert f.loc.path == ("items", 0, "prepared", "research")
    assert "research" in f.message.zh and "未经调查研究论证不决策" in f.message.zh


def test_pc310_one_finding_per_missing_preparation(
    item: dict[str, Any], prepared: RegistryBuilder
) -> None:
    del item["prepared"]
    found_ = found(prepared, "PC310")
    assert [f.loc.path[-1] for f in found_] == ["research", "pre_review"]
    assert all(f.record_id == "M-01#1" for f in found_)


def test_pc310_rejected_is_decided_too(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    del item["prepared"]["pre_review"]
    item["vote"] = ballots("no", "no", "no", "no", "no")
    item["result"] = "rejected"
    assert found(prepared, "PC310")[0].loc.path[-1] == "pre_review"


def test_pc310_quiet_when_urgent_or_deferred(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    del item["prepared"]
    item["urgent"] = True
    assert pc3(prepared) == []
    item["urgent"] = False
    item["result"] = "deferred"
    del item["vote"]
    assert pc3(prepared) == []


# --- PC311 recusal ----------------------------------------------------------------------------


def test_pc311_recused_member_spoke_and_voted(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["recusals"] = [{"person": "p-ji", "reason": "近亲属参与投标"}]
    found_ = found(prepared, "PC311")
    assert [f.loc.path for f in found_] == [
        ("items", 0, "statements", 2, "person"),
        ("items", 0, "vote", "ballots", 3, "person"),
    ]
    for f in found_:
        assert f.severity is Severity.ERROR
        names(f, "p-ji", "1")
        assert "近亲属参与投标" in f.message.zh


def test_pc311_quiet_when_the_recused_member_stays_out(
    prepared: RegistryBuilder, item: dict[str, Any]
) -> None:
    item["recusals"] = [{"person": "p-ji"}]
    item["statements"] = [s for s in item["statements"] if s["person"] != "p-ji"]
    item["vote"]["ballots"] = [b for b in item["vote"]["ballots"] if b["person"] != "p-ji"]
    assert pc3(prepared) == []


# --- PC312 large funds filed as ordinary ------------------------------------------------------


def test_pc312_amount_at_the_threshold(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item.update(category="ordinary", amount=500000)
    f = single(prepared, "PC312")
    assert f.severity is Severity.WARNING
    assert f.loc.path == ("items", 0, "category")
    assert at(f)[0] == line_of(prepared, "category: ordinary")
    names(f, "500000", "1")


def test_pc312_below_the_threshold(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item.update(category="ordinary", amount=499999.5)
    assert pc3(prepared) == []


def test_pc312_threshold_from_policy(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item.update(category="ordinary", amount=300000)
    policy(prepared, major_funds_threshold=300000)
    names(single(prepared, "PC312"), "300000")


def test_pc312_quiet_for_a_major_category(prepared: RegistryBuilder, item: dict[str, Any]) -> None:
    item.update(category="large_funds", amount=5000000)
    assert pc3(prepared) == []
