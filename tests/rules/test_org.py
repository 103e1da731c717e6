"""PC201-PC205: powers and organisation.

The minimal registry's power DW-001 (major_project) is held by the committee, has a basis, a
supervised decision step s2, the default complaint channel from powerctl.yaml `contact`, and one
risk point R-001; the committee's principal p-shu holds only party_building. Each test changes
one thing."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import RegistryBuilder, at, where
from powerctl.findings import Finding, Severity

POWER = "powers/DW-001.yaml"
RISKS = "risks/DW-001.yaml"
BODIES = "org/bodies.yaml"
CONFIG = "powerctl.yaml"
REASON = "经县委批准的过渡安排"


def pc2(registry: RegistryBuilder, code: str) -> list[Finding]:
    """The active findings of `code`, after asserting no other PC1/PC2 rule fired."""
    findings = [f for f in registry.findings(select=("PC1", "PC2")) if not f.waived]
    assert {f.code for f in findings} <= {code}, [(f.code, f.message.en) for f in findings]
    return findings


def single(registry: RegistryBuilder, code: str) -> Finding:
    found = pc2(registry, code)
    assert len(found) == 1, [f.message.en for f in found]
    return found[0]


def names(finding: Finding, *ids: str) -> None:
    """Both messages name each id."""
    for rid in ids:
        assert rid in finding.message.zh, finding.message.zh
        assert rid in finding.message.en, finding.message.en


def power(registry: RegistryBuilder) -> dict[str, Any]:
    result: dict[str, Any] = registry[POWER]
    return result


def memberships(registry: RegistryBuilder) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = registry[BODIES]["bodies"][0]["memberships"]
    return result


def waiver(rule: str) -> dict[str, str]:
    return {"rule": rule, "reason": REASON, "approved_by": "p-shu"}


def test_minimal_registry_has_no_pc2_finding(registry: RegistryBuilder) -> None:
    assert registry.findings(select=("PC2",)) == []


# --- PC201 major power held by a person -------------------------------------------------------


def test_pc201_major_power_held_by_the_secretary(registry: RegistryBuilder) -> None:
    power(registry)["holder"] = "p-shu"
    f = single(registry, "PC201")
    assert f.severity is Severity.ERROR
    assert f.file == POWER
    assert f.record_id == "DW-001"
    assert at(f) == where(registry, POWER, "p-shu", after="holder: ")
    names(f, "DW-001", "p-shu", "major_project", "committee")
    assert "张书记" in f.message.zh


@pytest.mark.parametrize(
    "category", ["major_decision", "personnel", "major_project", "large_funds", "emergency"]
)
def test_pc201_every_major_category(registry: RegistryBuilder, category: str) -> None:
    power(registry).update(category=category, holder="p-zhen")
    f = single(registry, "PC201")
    names(f, category, "p-zhen")


def test_pc201_quiet_for_an_ordinary_power_held_by_a_person(registry: RegistryBuilder) -> None:
    # 个人职权 (e.g. 分管领导审批日常事务) may be held by a person
    power(registry).update(category="ordinary", holder="p-zhen")
    assert pc2(registry, "PC201") == []


def test_pc201_quiet_for_a_major_power_held_by_a_body(registry: RegistryBuilder) -> None:
    assert power(registry)["holder"] == "committee"
    assert pc2(registry, "PC201") == []


def test_pc201_an_unknown_holder_is_pc102_not_pc201(registry: RegistryBuilder) -> None:
    power(registry)["holder"] = "p-nobody"
    codes = [f.code for f in registry.findings(select=("PC1", "PC2"))]
    assert codes == ["PC102"]


def test_pc201_waived_by_the_power(registry: RegistryBuilder) -> None:
    power(registry).update(holder="p-shu", waivers=[waiver("PC201")])
    (f,) = registry.findings(select=("PC201", "PC107"))
    assert f.code == "PC201" and f.waived


# --- PC202 no legal basis ---------------------------------------------------------------------


def test_pc202_empty_basis(registry: RegistryBuilder) -> None:
    power(registry)["basis"] = []
    f = single(registry, "PC202")
    assert f.severity is Severity.ERROR
    assert f.file == POWER
    assert f.record_id == "DW-001"
    assert at(f) == where(registry, POWER, "basis:")
    names(f, "DW-001", "basis")


def test_pc202_missing_basis(registry: RegistryBuilder) -> None:
    del power(registry)["basis"]
    f = single(registry, "PC202")
    assert f.record_id == "DW-001"
    assert at(f) == (1, 1)  # the power itself: where the key is to be added
    names(f, "DW-001")


def test_pc202_a_basis_without_any_title_names_no_law(registry: RegistryBuilder) -> None:
    power(registry)["basis"] = [{"title": " ", "article": "第十一条"}]
    f = single(registry, "PC202")
    names(f, "DW-001")


def test_pc202_quiet_for_an_ordinary_power_with_a_basis(registry: RegistryBuilder) -> None:
    power(registry)["category"] = "ordinary"
    power(registry)["basis"] = [{"title": "《中华人民共和国村民委员会组织法》"}]  # no article
    assert pc2(registry, "PC202") == []


def test_pc202_applies_to_ordinary_powers_too(registry: RegistryBuilder) -> None:
    power(registry).update(category="ordinary", basis=[])
    assert [f.code for f in pc2(registry, "PC202")] == ["PC202"]


# --- PC203 supervision and complaint channel --------------------------------------------------


def test_pc203_decision_step_without_supervision(registry: RegistryBuilder) -> None:
    power(registry)["supervision"] = [{"step": "s1", "by": "党员群众", "how": "公开征求意见"}]
    f = single(registry, "PC203")
    assert f.severity is Severity.WARNING
    assert f.file == POWER
    assert f.record_id == "DW-001"
    assert at(f) == where(registry, POWER, "s2", after="id: ")
    names(f, "DW-001", "s2", "集体讨论决定")


def test_pc203_one_finding_per_unsupervised_decision_step(registry: RegistryBuilder) -> None:
    power(registry)["steps"] = [
        {
            "id": "s1",
            "name": "书记办公会初审",
            "kind": "decision",
            "next": {"passed": "s2", "rejected": "s3"},
        },
        {
            "id": "s2",
            "name": "党委会票决",
            "kind": "decision",
            "next": {"passed": "s3", "rejected": "s1"},
        },
        {"id": "s3", "name": "公示实施", "kind": "end"},
    ]
    power(registry)["supervision"] = []
    registry[RISKS][0]["step"] = "s2"
    found = pc2(registry, "PC203")
    assert [f.loc.path for f in found] == [("steps", 0, "id"), ("steps", 1, "id")]
    names(found[0], "s1", "书记办公会初审")
    names(found[1], "s2", "党委会票决")


def test_pc203_supervision_without_a_supervisor_does_not_count(registry: RegistryBuilder) -> None:
    power(registry)["supervision"] = [{"step": "s2", "by": " ", "how": "列席会议"}]
    f = single(registry, "PC203")
    names(f, "s2")


def test_pc203_major_power_without_a_decision_step(registry: RegistryBuilder) -> None:
    power(registry)["steps"] = [
        {"id": "s1", "name": "调研论证", "next": ["s2"]},
        {"id": "s2", "name": "集体讨论决定", "next": ["s3"]},
        {"id": "s3", "name": "公示实施", "kind": "end"},
    ]
    f = single(registry, "PC203")
    assert at(f) == where(registry, POWER, "steps:")
    names(f, "DW-001", "kind: decision")


def test_pc203_no_complaint_channel_anywhere(registry: RegistryBuilder) -> None:
    del registry[CONFIG]["contact"]
    f = single(registry, "PC203")
    assert f.file == POWER
    assert f.record_id == "DW-001"
    names(f, "DW-001", "complaint", "contact")


def test_pc203_empty_channels_are_no_channel(registry: RegistryBuilder) -> None:
    registry[CONFIG]["contact"] = {"supervision_phone": "", "mailbox": " "}
    power(registry)["complaint"] = {"phone": ""}
    f = single(registry, "PC203")
    assert at(f) == where(registry, POWER, "complaint:")


@pytest.mark.parametrize("channel", [{"phone": "0771-1234567"}, {"mailbox": "镇纪委意见箱"}])
def test_pc203_own_complaint_channel_without_a_default(
    registry: RegistryBuilder, channel: dict[str, str]
) -> None:
    del registry[CONFIG]["contact"]
    power(registry)["complaint"] = channel
    assert pc2(registry, "PC203") == []


@pytest.mark.parametrize("contact", [{"supervision_phone": "0771-1234567"}, {"mailbox": "意见箱"}])
def test_pc203_either_default_channel_is_enough(
    registry: RegistryBuilder, contact: dict[str, str]
) -> None:
    registry[CONFIG]["contact"] = contact
    assert pc2(registry, "PC203") == []


def test_pc203_missing_things_are_reported_separately(registry: RegistryBuilder) -> None:
    power(registry)["supervision"] = []
    del registry[CONFIG]["contact"]
    found = pc2(registry, "PC203")
    assert len(found) == 2
    assert "s2" in found[0].message.en or "s2" in found[1].message.en
    assert any("complaint channel" in f.message.en for f in found)


def test_pc203_quiet_for_an_ordinary_power(registry: RegistryBuilder) -> None:
    power(registry)["category"] = "ordinary"
    power(registry)["supervision"] = []
    del registry[CONFIG]["contact"]
    assert pc2(registry, "PC203") == []


# --- PC204 五个不直接分管 ----------------------------------------------------------------------


def test_pc204_principal_holds_finance(registry: RegistryBuilder) -> None:
    memberships(registry)[0]["portfolios"] = ["party_building", "finance"]
    f = single(registry, "PC204")
    assert f.severity is Severity.ERROR
    assert f.file == BODIES
    assert f.record_id == "committee"
    # points at the `finance` entry of the principal's portfolios (the first `- finance`)
    assert at(f) == where(registry, BODIES, "finance")
    names(f, "committee", "p-shu", "finance")
    assert "张书记" in f.message.zh and "五个不直接分管" in f.message.zh


@pytest.mark.parametrize(
    "portfolio",
    ["finance", "personnel", "construction_tendering", "administrative_approval", "procurement"],
)
def test_pc204_each_default_restricted_portfolio(registry: RegistryBuilder, portfolio: str) -> None:
    memberships(registry)[0]["portfolios"] = [portfolio]
    f = single(registry, "PC204")
    names(f, portfolio)


def test_pc204_one_finding_per_restricted_portfolio(registry: RegistryBuilder) -> None:
    memberships(registry)[0]["portfolios"] = ["finance", "party_building", "procurement"]
    found = pc2(registry, "PC204")
    assert [f.loc.path[-1] for f in found] == [0, 2]


def test_pc204_quiet_when_a_member_holds_finance(registry: RegistryBuilder) -> None:
    # the minimal registry's other members all hold finance
    assert memberships(registry)[1]["portfolios"] == ["finance"]
    assert pc2(registry, "PC204") == []


def test_pc204_applies_to_every_body(registry: RegistryBuilder) -> None:
    registry[BODIES]["bodies"].append(
        {
            "id": "office",
            "name": "镇党委书记办公会",
            "kind": "secretary_office",
            "memberships": [
                {
                    "person": "p-fu",
                    "role": "principal",
                    "start_date": "2024-01-01",
                    "portfolios": ["personnel"],
                },
                {"person": "p-shu", "role": "member", "start_date": "2024-01-01"},
            ],
        }
    )
    f = single(registry, "PC204")
    assert f.record_id == "office"
    names(f, "office", "p-fu", "personnel")


def test_pc204_follows_policy_restricted_portfolios(registry: RegistryBuilder) -> None:
    registry[CONFIG]["policy"] = {"restricted_portfolios": ["land"]}
    memberships(registry)[0]["portfolios"] = ["finance", "land"]
    f = single(registry, "PC204")
    names(f, "land")


def test_pc204_waived_by_the_membership(registry: RegistryBuilder) -> None:
    memberships(registry)[0].update(portfolios=["finance"], waivers=[waiver("PC204")])
    (f,) = registry.findings(select=("PC204", "PC107"))
    assert f.code == "PC204" and f.waived


def test_pc204_waived_by_the_body(registry: RegistryBuilder) -> None:
    memberships(registry)[0]["portfolios"] = ["finance"]
    registry[BODIES]["bodies"][0]["waivers"] = [waiver("PC204")]
    (f,) = registry.findings(select=("PC204", "PC107"))
    assert f.code == "PC204" and f.waived


def test_pc204_not_waived_by_another_members_waiver(registry: RegistryBuilder) -> None:
    memberships(registry)[0]["portfolios"] = ["finance"]
    memberships(registry)[1]["waivers"] = [waiver("PC204")]
    found = registry.findings(select=("PC204", "PC107"))
    assert sorted((f.code, f.waived) for f in found) == [("PC107", False), ("PC204", False)]


# --- PC205 no risk point ----------------------------------------------------------------------


def test_pc205_power_without_risk(registry: RegistryBuilder) -> None:
    registry.records["powers/DW-002.yaml"] = {
        **power(registry),
        "id": "DW-002",
        "title": "大额资金使用决定权",
        "category": "large_funds",
    }
    f = single(registry, "PC205")
    assert f.severity is Severity.WARNING
    assert f.file == "powers/DW-002.yaml"
    assert f.record_id == "DW-002"
    assert at(f) == where(registry, "powers/DW-002.yaml", "DW-002", after="id: ")
    names(f, "DW-002", "risks/DW-002.yaml")


def test_pc205_quiet_when_a_risk_in_another_file_names_the_power(
    registry: RegistryBuilder,
) -> None:
    registry.records["risks/all.yaml"] = registry.records.pop(RISKS)
    assert pc2(registry, "PC205") == []


def test_pc205_not_reported_while_a_risk_file_is_broken(registry: RegistryBuilder) -> None:
    # the broken risk point may well belong to the power: PC100 first
    del registry[RISKS][0]["scores"]
    codes = {f.code for f in registry.findings(select=("PC1", "PC2"))}
    assert codes == {"PC100"}
