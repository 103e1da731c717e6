"""PC101 duplicate ids, PC102 dangling references, PC103 actors who are not members.

Each test starts from the minimal clean registry of conftest.py and changes one thing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from conftest import RegistryBuilder, at, where
from powerctl.findings import Finding, Severity

MEETING = "meetings/2026/M-01.yaml"
PEOPLE = "org/people.yaml"
BODIES = "org/bodies.yaml"
POWER = "powers/DW-001.yaml"
RISKS = "risks/DW-001.yaml"
LEDGER = "disclosures/2026.yaml"
FEEDBACK = "feedback/2026.yaml"
MEMBERS = ["p-shu", "p-zhen", "p-fu", "p-ji", "p-zu"]


def only(findings: list[Finding], code: str) -> list[Finding]:
    """All findings, after asserting that every one of them has `code`."""
    assert findings, f"expected {code}, got nothing"
    assert {f.code for f in findings} == {code}, [(f.code, f.message.en) for f in findings]
    return findings


def single(findings: list[Finding], code: str) -> Finding:
    found = only(findings, code)
    assert len(found) == 1, [f.message.en for f in found]
    return found[0]


def names(finding: Finding, *ids: str) -> None:
    """Both messages name each id."""
    for rid in ids:
        assert rid in finding.message.zh, finding.message.zh
        assert rid in finding.message.en, finding.message.en


def items(registry: RegistryBuilder) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = registry[MEETING]["items"]
    return result


def memberships(registry: RegistryBuilder) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = registry[BODIES]["bodies"][0]["memberships"]
    return result


# --- PC101 duplicate ids ---------------------------------------------------------------------


def test_minimal_registry_has_no_pc1_finding(registry: RegistryBuilder) -> None:
    assert registry.findings() == []


def test_pc101_duplicate_person_in_the_same_file(registry: RegistryBuilder) -> None:
    registry[PEOPLE]["people"].append({"id": "p-zhen", "name": "王镇长(重复登记)"})
    f = single(registry.findings(), "PC101")
    assert f.file == PEOPLE
    assert f.severity is Severity.ERROR
    assert at(f) == where(registry, PEOPLE, "p-zhen", occurrence=2)
    assert f.record_id == "p-zhen"
    names(f, "p-zhen", PEOPLE)


def test_pc101_duplicate_body(registry: RegistryBuilder) -> None:
    bodies = registry[BODIES]["bodies"]
    bodies.append({**bodies[0], "name": "镇党委会(重复)"})
    f = single(registry.findings(), "PC101")
    assert f.file == BODIES
    assert f.record_id == "committee"
    assert at(f) == where(registry, BODIES, "committee", occurrence=2, after="id: ")
    names(f, "committee")


def test_pc101_duplicate_power_across_files(registry: RegistryBuilder) -> None:
    registry.records["powers/DW-002.yaml"] = {**registry[POWER], "title": "另一项权力"}
    f = single(registry.findings(), "PC101")
    # the second file (in path order) is the duplicate; the message names the first one
    assert f.file == "powers/DW-002.yaml"
    assert at(f) == where(registry, "powers/DW-002.yaml", "DW-001")
    assert f.record_id == "DW-001"
    names(f, "DW-001", POWER)


def test_pc101_duplicate_risk_in_the_same_file(registry: RegistryBuilder) -> None:
    risks = registry[RISKS]
    risks.append({**risks[0], "description": "复制粘贴后忘了改编号"})
    f = single(registry.findings(), "PC101")
    assert f.file == RISKS
    assert at(f) == where(registry, RISKS, "R-001", occurrence=2)
    assert f.record_id == "R-001"
    names(f, "R-001")


def test_pc101_duplicate_risk_across_files(registry: RegistryBuilder) -> None:
    registry.records["risks/DW-002.yaml"] = [dict(registry[RISKS][0])]
    f = single(registry.findings(), "PC101")
    assert f.file == "risks/DW-002.yaml"
    assert at(f) == where(registry, "risks/DW-002.yaml", "R-001")
    names(f, "R-001", RISKS)


def test_pc101_duplicate_meeting_across_files(registry: RegistryBuilder) -> None:
    copy = {**registry[MEETING], "date": dt.date(2026, 4, 9)}
    registry.records["meetings/2026/M-02.yaml"] = copy  # copied last month's minutes
    f = single(registry.findings(), "PC101")
    assert f.file == "meetings/2026/M-02.yaml"
    assert at(f) == where(registry, "meetings/2026/M-02.yaml", "M-01", after="id: ")
    assert f.record_id == "M-01"
    names(f, "M-01", MEETING)


def test_pc101_duplicate_disclosure_in_the_same_file(registry: RegistryBuilder) -> None:
    ledger = registry[LEDGER]
    ledger.append({**ledger[0], "title": "河堤加固工程结果公开"})
    f = single(registry.findings(), "PC101")
    assert f.file == LEDGER
    assert at(f) == where(registry, LEDGER, "D-001", occurrence=2)
    assert f.record_id == "D-001"
    names(f, "D-001")


def test_pc101_duplicate_disclosure_across_files(registry: RegistryBuilder) -> None:
    registry.records["disclosures/2025.yaml"] = [dict(registry[LEDGER][0])]
    f = single(registry.findings(), "PC101")
    # disclosures/2025.yaml sorts first, so the 2026 entry is the second definition
    assert f.file == LEDGER
    assert at(f) == where(registry, LEDGER, "D-001")
    names(f, "D-001", "disclosures/2025.yaml")


def test_pc101_duplicate_feedback(registry: RegistryBuilder) -> None:
    feedback = registry[FEEDBACK]
    feedback.append({**feedback[0], "summary": "再次反映施工扰民"})
    f = single(registry.findings(), "PC101")
    assert f.file == FEEDBACK
    assert at(f) == where(registry, FEEDBACK, "F-001", occurrence=2)
    names(f, "F-001")


def test_pc101_duplicate_item_id_in_a_meeting(registry: RegistryBuilder) -> None:
    items(registry).append({**items(registry)[0], "title": "关于河堤加固工程追加资金的议题"})
    f = single(registry.findings(), "PC101")
    assert f.file == MEETING
    assert at(f) == where(registry, MEETING, "'1'", occurrence=2, after="id: ")
    # the item belongs to the meeting: the record is the meeting
    assert f.record_id == "M-01"
    assert "“1”" in f.message.zh and '"1"' in f.message.en


def test_pc101_duplicate_step_id_in_a_power(registry: RegistryBuilder) -> None:
    steps = registry[POWER]["steps"]
    steps[2] = {"id": "s1", "name": "公示实施", "kind": "end"}
    steps[1]["next"] = {"passed": "s1", "rejected": "s1"}
    f = single(registry.findings(), "PC101")
    assert f.file == POWER
    assert at(f) == where(registry, POWER, "s1", occurrence=2, after="id: ")
    assert f.record_id == "DW-001"
    assert "s1" in f.message.zh and "s1" in f.message.en


def test_pc101_quiet_for_the_same_id_in_different_kinds_and_scopes(
    registry: RegistryBuilder,
) -> None:
    # a risk may share its power's id; item "1" and step "s1" are local to their record
    registry[RISKS][0]["id"] = "DW-001"
    second = {**registry[MEETING], "id": "M-02", "date": dt.date(2026, 4, 9)}
    registry.records["meetings/2026/M-02.yaml"] = second
    registry.records["powers/DW-002.yaml"] = {**registry[POWER], "id": "DW-002"}
    assert [f for f in registry.findings() if f.code == "PC101"] == []


# --- PC102 dangling references ---------------------------------------------------------------


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[RegistryBuilder], None]:
    """A mutation that sets records[path[0]][path[1]]...[path[-1]] = value."""

    def mutate(registry: RegistryBuilder) -> None:
        node = registry.records[path[0]]
        for part in path[1:-1]:
            node = node[part]
        node[path[-1]] = value

    return mutate


def _append(path: tuple[str | int, ...], value: Any) -> Callable[[RegistryBuilder], None]:
    def mutate(registry: RegistryBuilder) -> None:
        node = registry.records[path[0]]
        for part in path[1:]:
            node = node[part]
        node.append(value)

    return mutate


ITEM: tuple[str | int, ...] = (MEETING, "items", 0)

# (case, mutation, file, the offending value as written, record_id)
DANGLING: list[tuple[str, Callable[[RegistryBuilder], None], str, str, str]] = [
    ("meeting body", _set((MEETING, "body"), "comittee"), MEETING, "comittee", "M-01"),
    ("meeting chair", _set((MEETING, "chair"), "p-xu"), MEETING, "p-xu", "M-01"),
    (
        "present",
        _append((MEETING, "attendance", "present"), "p-xu"),
        MEETING,
        "p-xu",
        "M-01",
    ),
    ("presenter", _set((*ITEM, "presenter"), "p-xu"), MEETING, "p-xu", "M-01#1"),
    (
        "statement",
        _append((*ITEM, "statements"), {"person": "p-xu", "position": "support"}),
        MEETING,
        "p-xu",
        "M-01#1",
    ),
    (
        "ballot",
        _append((*ITEM, "vote", "ballots"), {"person": "p-xu", "option": "yes"}),
        MEETING,
        "p-xu",
        "M-01#1",
    ),
    (
        "recusal",
        _set((*ITEM, "recusals"), [{"person": "p-xu", "reason": "近亲属参与投标"}]),
        MEETING,
        "p-xu",
        "M-01#1",
    ),
    ("item power", _set((*ITEM, "power"), "DW-009"), MEETING, "DW-009", "M-01#1"),
    (
        "pre_review",
        _set((*ITEM, "prepared"), {"research": True, "pre_review": "SJ-09"}),
        MEETING,
        "SJ-09",
        "M-01#1",
    ),
    ("risk power", _set((RISKS, 0, "power"), "DW-009"), RISKS, "DW-009", "R-001"),
    ("risk step not in its power", _set((RISKS, 0, "step"), "s9"), RISKS, "s9", "R-001"),
    (
        "supervision step",
        _set((POWER, "supervision", 0, "step"), "s9"),
        POWER,
        "s9",
        "DW-001",
    ),
    (
        "control owner",
        _set((RISKS, 0, "controls", 0, "owner"), "p-xu"),
        RISKS,
        "p-xu",
        "R-001",
    ),
    (
        "disclosure subject meeting",
        _set((LEDGER, 0, "subject"), {"meeting": "M-09", "item": "1"}),
        LEDGER,
        "M-09",
        "D-001",
    ),
    (
        "disclosure subject item",
        _set((LEDGER, 0, "subject"), {"meeting": "M-01", "item": "7"}),
        LEDGER,
        "'7'",
        "D-001",
    ),
    (
        "disclosure subject power",
        _set((LEDGER, 0, "subject"), {"power": "DW-009"}),
        LEDGER,
        "DW-009",
        "D-001",
    ),
    ("reviewed_at", _set((LEDGER, 0, "reviewed_at"), "M-09"), LEDGER, "M-09", "D-001"),
    ("signed_by", _set((LEDGER, 0, "signed_by"), "p-xu"), LEDGER, "p-xu", "D-001"),
    (
        "feedback about power",
        _set((FEEDBACK, 0, "about"), {"power": "DW-009"}),
        FEEDBACK,
        "DW-009",
        "F-001",
    ),
    (
        "feedback about meeting",
        _set((FEEDBACK, 0, "about"), {"meeting": "M-09"}),
        FEEDBACK,
        "M-09",
        "F-001",
    ),
    (
        "feedback about item",
        _set((FEEDBACK, 0, "about"), {"meeting": "M-01", "item": "7"}),
        FEEDBACK,
        "'7'",
        "F-001",
    ),
    ("feedback handler", _set((FEEDBACK, 0, "handler"), "p-xu"), FEEDBACK, "p-xu", "F-001"),
    (
        "membership person",
        _append(
            (BODIES, "bodies", 0, "memberships"),
            {"person": "p-xu", "role": "member", "start_date": dt.date(2026, 6, 1)},
        ),
        BODIES,
        "p-xu",
        "committee",
    ),
    ("power holder", _set((POWER, "holder"), "p-xu"), POWER, "p-xu", "DW-001"),
    ("recorder", _set((MEETING, "recorder"), "p-xu"), MEETING, "p-xu", "M-01"),
    (
        "absent",
        _set((MEETING, "attendance", "absent"), [{"person": "p-xu", "reason": "外出学习"}]),
        MEETING,
        "p-xu",
        "M-01",
    ),
    (
        "observer person",
        _set((MEETING, "attendance", "observers"), [{"name": "许某", "person": "p-xu"}]),
        MEETING,
        "p-xu",
        "M-01",
    ),
    (
        "expected",
        _set((MEETING, "attendance", "expected"), [*MEMBERS, "p-xu"]),
        MEETING,
        "p-xu",
        "M-01",
    ),
    (
        "proposed_by",
        _set((*ITEM, "prepared"), {"research": True, "proposed_by": "p-xu"}),
        MEETING,
        "p-xu",
        "M-01#1",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "file", "value", "record_id"),
    [pytest.param(m, f, v, r, id=case) for case, m, f, v, r in DANGLING],
)
def test_pc102_dangling_reference(
    registry: RegistryBuilder,
    mutate: Callable[[RegistryBuilder], None],
    file: str,
    value: str,
    record_id: str,
) -> None:
    mutate(registry)
    f = single(registry.findings(), "PC102")
    assert f.file == file
    assert f.severity is Severity.ERROR
    assert at(f) == where(registry, file, value)
    assert f.record_id == record_id
    names(f, value.strip("'"))


def test_pc102_waiver_approver(registry: RegistryBuilder) -> None:
    _speaks_and_votes(registry, "p-ban")
    waiver = {"rule": "PC103", "reason": "党政办主任受书记委托说明情况", "approved_by": "p-xu"}
    items(registry)[0]["waivers"] = [waiver]
    dangling = [f for f in registry.findings() if f.code in ("PC102", "PC106")]
    f = single(dangling, "PC102")
    assert f.file == MEETING
    assert at(f) == where(registry, MEETING, "p-xu", after="approved_by: ")
    assert f.record_id == "M-01#1"
    names(f, "p-xu")


def test_pc102_did_you_mean(registry: RegistryBuilder) -> None:
    registry[MEETING]["chair"] = "p-zhne"
    f = single(registry.findings(), "PC102")
    assert at(f) == where(registry, MEETING, "p-zhne")
    assert "是不是“p-zhen”" in f.message.zh
    assert 'Did you mean "p-zhen"?' in f.message.en


def test_pc102_did_you_mean_for_a_flowchart_step(registry: RegistryBuilder) -> None:
    registry[RISKS][0]["step"] = "s22"
    f = single(registry.findings(), "PC102")
    assert "是不是“s2”" in f.message.zh
    assert 'Did you mean "s2"?' in f.message.en
    # and the steps that do exist are listed
    assert "s1、s2、s3" in f.message.zh
    assert "s1, s2, s3" in f.message.en


def test_pc102_holder_typo_of_a_person_gets_a_hint(registry: RegistryBuilder) -> None:
    registry[POWER]["holder"] = "p-zhne"  # an individual power held by 王镇长 (p-zhen)
    f = single(registry.findings(), "PC102")
    assert "是不是“p-zhen”" in f.message.zh
    assert "person" in f.message.en


def test_pc102_quiet_when_the_holder_is_a_person(registry: RegistryBuilder) -> None:
    registry[POWER]["holder"] = "p-zhen"  # an individual power: PC201 (lint) judges it, not PC102
    assert registry.findings() == []


def test_pc102_quiet_for_references_that_resolve(registry: RegistryBuilder) -> None:
    registry[MEETING]["attendance"]["absent"] = []
    registry[MEETING]["attendance"]["observers"] = [
        {"name": "刘主任", "as": "列席", "person": "p-ban"}
    ]
    items(registry)[0]["prepared"] = {"research": True, "proposed_by": "p-fu", "pre_review": "M-01"}
    items(registry)[0]["recusals"] = []
    registry[FEEDBACK][0]["about"] = {"meeting": "M-01", "item": "1"}
    registry[LEDGER].append(
        {"id": "D-002", "title": "权力清单", "subject": {"power": "DW-001"}, "kind": "other"}
    )
    assert registry.findings() == []


def test_pc102_no_cascade_from_a_record_with_a_schema_error(registry: RegistryBuilder) -> None:
    # p-zhen (presenter, speaker, voter, control owner, handler) has a misspelt field; the
    # meeting (subject, reviewed_at) and the power (item, risk, feedback) have one too.
    registry[PEOPLE]["people"][1]["titel"] = "镇长"
    registry[MEETING]["dte"] = "2026-03-12"
    registry[POWER]["categroy"] = "major_project"
    findings = registry.findings()
    assert {f.code for f in findings} == {"PC100"}
    assert sorted(f.file for f in findings) == sorted([PEOPLE, MEETING, POWER])


def test_pc102_for_persons_is_suppressed_when_people_yaml_does_not_parse(
    registry: RegistryBuilder,
) -> None:
    del registry.records[PEOPLE]
    registry.raw[PEOPLE] = "people:\n  - id: p-shu\n    name: [张书记\n"
    registry[MEETING]["chair"] = "p-nobody"  # would be PC102 if people.yaml could be read
    registry[MEETING]["body"] = "comittee"  # bodies are still known: this one is reported
    findings = registry.findings()
    assert sorted(f.code for f in findings) == ["PC102", "PC105"]
    yaml_problem = next(f for f in findings if f.code == "PC105")
    assert yaml_problem.file == PEOPLE
    dangling = next(f for f in findings if f.code == "PC102")
    assert dangling.file == MEETING
    names(dangling, "comittee")


# --- PC103 actors who are not members --------------------------------------------------------


def _speaks_and_votes(registry: RegistryBuilder, person: str) -> None:
    item = items(registry)[0]
    item["statements"].insert(0, {"person": person, "position": "support"})
    item["vote"]["ballots"].append({"person": person, "option": "yes"})


def test_pc103_statement_and_ballot_by_a_non_member(registry: RegistryBuilder) -> None:
    _speaks_and_votes(registry, "p-ban")  # 党政办主任, not a committee member
    speaker, voter = only(registry.findings(), "PC103")
    assert speaker.file == voter.file == MEETING
    assert at(speaker) == where(registry, MEETING, "p-ban")
    assert at(voter) == where(registry, MEETING, "p-ban", occurrence=2)
    assert speaker.record_id == voter.record_id == "M-01#1"
    for f in (speaker, voter):
        names(f, "p-ban", "刘主任", "2026-03-12")
        assert "镇党委会" in f.message.zh and "镇党委会" in f.message.en
    assert "发言人" in speaker.message.zh and "speaker" in speaker.message.en
    assert "投票人" in voter.message.zh and "voter" in voter.message.en


def test_pc103_chair_presenter_and_present_non_member(registry: RegistryBuilder) -> None:
    registry[MEETING]["chair"] = "p-ban"
    registry[MEETING]["attendance"]["present"].append("p-ban")
    items(registry)[0]["presenter"] = "p-ban"
    findings = only(registry.findings(), "PC103")
    roles = {f.message.en.split(' "')[0]: f for f in findings}
    assert set(roles) == {"chair", "present person", "presenter"}
    assert roles["chair"].record_id == "M-01"
    assert roles["present person"].record_id == "M-01"
    assert roles["presenter"].record_id == "M-01#1"
    assert at(roles["chair"]) == where(registry, MEETING, "p-ban", after="chair: ")
    for f in findings:
        names(f, "p-ban")


def _membership_of_p_zu(registry: RegistryBuilder) -> dict[str, Any]:
    membership = memberships(registry)[4]
    assert membership["person"] == "p-zu"
    return membership


@pytest.mark.parametrize(
    ("meeting_date", "fires"),
    [
        pytest.param(dt.date(2026, 3, 12), False, id="meeting on the end_date"),
        pytest.param(dt.date(2026, 3, 13), True, id="meeting the day after"),
    ],
)
def test_pc103_end_date_is_inclusive(
    registry: RegistryBuilder, meeting_date: dt.date, fires: bool
) -> None:
    _membership_of_p_zu(registry)["end_date"] = dt.date(2026, 3, 12)
    registry[MEETING]["date"] = meeting_date
    findings = registry.findings()
    if not fires:
        assert findings == []
        return
    present, speaker, voter = only(findings, "PC103")
    assert at(present) == where(registry, MEETING, "p-zu", after="- ")
    for f in (present, speaker, voter):
        names(f, "p-zu", "2026-03-13")


@pytest.mark.parametrize(
    ("meeting_date", "fires"),
    [
        pytest.param(dt.date(2026, 3, 12), False, id="meeting on the start_date"),
        pytest.param(dt.date(2026, 3, 11), True, id="meeting the day before"),
    ],
)
def test_pc103_start_date_is_inclusive(
    registry: RegistryBuilder, meeting_date: dt.date, fires: bool
) -> None:
    _membership_of_p_zu(registry)["start_date"] = dt.date(2026, 3, 12)
    registry[MEETING]["date"] = meeting_date
    codes = [f.code for f in registry.findings()]
    assert codes == (["PC103"] * 3 if fires else [])


def test_pc103_a_registered_observer_is_exempt(registry: RegistryBuilder) -> None:
    registry[MEETING]["attendance"]["observers"] = [
        {"name": "刘主任", "as": "党政办主任(列席说明情况)", "person": "p-ban"}
    ]
    items(registry)[0]["statements"].insert(0, {"person": "p-ban", "position": "support"})
    assert registry.findings() == []


def test_pc103_an_observer_without_person_does_not_exempt(registry: RegistryBuilder) -> None:
    registry[MEETING]["attendance"]["observers"] = [{"name": "刘主任", "as": "党政办主任"}]
    items(registry)[0]["statements"].insert(0, {"person": "p-ban", "position": "support"})
    f = single(registry.findings(), "PC103")
    names(f, "p-ban")


def test_pc103_expected_override_replaces_the_computed_list(registry: RegistryBuilder) -> None:
    # p-zu is a member by the dates, but the meeting says who was expected
    registry[MEETING]["attendance"]["expected"] = ["p-shu", "p-zhen", "p-fu", "p-ji"]
    findings = only(registry.findings(), "PC103")
    assert [f.message.en.split(' "')[0] for f in findings] == ["present person", "speaker", "voter"]
    for f in findings:
        names(f, "p-zu")


def test_pc103_expected_override_admits_a_non_member(registry: RegistryBuilder) -> None:
    registry[MEETING]["attendance"]["expected"] = [*MEMBERS, "p-ban"]
    registry[MEETING]["attendance"]["present"].append("p-ban")
    _speaks_and_votes(registry, "p-ban")
    assert registry.findings() == []


def test_pc103_quiet_for_an_unknown_person(registry: RegistryBuilder) -> None:
    # an id that does not exist is PC102's finding, not also PC103's
    _speaks_and_votes(registry, "p-xu")
    assert {f.code for f in registry.findings()} == {"PC102"}
