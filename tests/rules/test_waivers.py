"""PC106 malformed waivers, PC107 unused waivers, waived findings and per-rule severities.

A PC103 finding is easy to provoke on the minimal registry: let 刘主任 (p-ban, not a member
of the committee) state a view on the meeting's item."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import RegistryBuilder, at
from conftest import where as locate
from powerctl.findings import Finding, Severity

MEETING = "meetings/2026/M-01.yaml"
LEDGER = "disclosures/2026.yaml"
REASON = "党政办主任受书记委托说明预算情况"


def where(registry: RegistryBuilder, file: str, needle: str, after: str = "") -> tuple[int, int]:
    """(line, column) of the first `needle` right after `after` in `file` as written."""
    return locate(registry, file, needle, after=after)


def non_member_speaks(item: dict[str, Any]) -> None:
    item["statements"].insert(0, {"person": "p-ban", "position": "support"})


def waive(item: dict[str, Any], **waiver: Any) -> None:
    item["waivers"] = [waiver]


def by_code(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.code, []).append(f)
    return out


# --- PC106 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("waiver", "missing"),
    [
        pytest.param({"rule": "PC103", "approved_by": "p-shu"}, ["reason"], id="no reason"),
        pytest.param({"rule": "PC103", "reason": REASON}, ["approved_by"], id="no approver"),
        pytest.param({"reason": REASON, "approved_by": "p-shu"}, ["rule"], id="no rule"),
        pytest.param(
            {"rule": "", "reason": "  ", "approved_by": ""},
            ["rule", "reason", "approved_by"],
            id="empty strings",
        ),
    ],
)
def test_pc106_incomplete_waiver(
    registry: RegistryBuilder, item: dict[str, Any], waiver: dict[str, str], missing: list[str]
) -> None:
    waive(item, **waiver)
    (f,) = registry.findings()  # and no PC107: an invalid waiver is not judged as unused
    assert f.code == "PC106"
    assert f.severity is Severity.ERROR
    assert f.file == MEETING
    assert f.record_id == "M-01#1"
    # points at the waiver entry in the item's `waivers` list (its first key, as written)
    assert at(f) == where(registry, MEETING, sorted(waiver)[0], after="waivers:\n  - ")
    for name in missing:
        assert name in f.message.zh and name in f.message.en
    assert "不豁免任何问题" in f.message.zh and "waives nothing" in f.message.en


def test_pc106_unknown_rule_code(registry: RegistryBuilder, item: dict[str, Any]) -> None:
    waive(item, rule="PC999", reason=REASON, approved_by="p-shu")
    (f,) = registry.findings()
    assert f.code == "PC106"
    assert f.file == MEETING
    assert at(f) == where(registry, MEETING, "PC999")
    assert f.record_id == "M-01#1"
    assert "PC999" in f.message.zh and "PC999" in f.message.en


def test_pc106_rule_code_must_be_written_as_pc_and_three_digits(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    waive(item, rule="pc103", reason=REASON, approved_by="p-shu")
    assert registry.codes() == ["PC106"]


def test_pc106_an_invalid_waiver_waives_nothing(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    non_member_speaks(item)
    waive(item, rule="PC103", reason=REASON)  # approver missing
    found = by_code(registry.findings())
    assert set(found) == {"PC103", "PC106"}
    (finding,) = found["PC103"]
    assert not finding.waived
    assert registry.codes() == ["PC103", "PC106"]


def test_pc106_quiet_for_a_complete_waiver(registry: RegistryBuilder, item: dict[str, Any]) -> None:
    non_member_speaks(item)
    waive(item, rule="PC103", reason=REASON, approved_by="p-shu")
    assert "PC106" not in {f.code for f in registry.findings()}


# --- waived findings and PC107 ---------------------------------------------------------------


def test_a_matching_waiver_marks_the_finding_waived(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    non_member_speaks(item)
    waive(item, rule="PC103", reason=REASON, approved_by="p-shu")
    (f,) = registry.findings()
    # still listed, marked waived; no PC107 because the waiver was used
    assert f.code == "PC103"
    assert f.waived
    assert f.record_id == "M-01#1"
    assert registry.codes() == []


def test_pc107_a_valid_waiver_that_matches_nothing(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    waive(item, rule="PC103", reason=REASON, approved_by="p-shu")
    (f,) = registry.findings()
    assert f.code == "PC107"
    assert f.severity is Severity.WARNING
    assert f.file == MEETING
    assert f.record_id == "M-01#1"
    assert at(f) == where(registry, MEETING, "PC103", after="rule: ")
    assert "PC103" in f.message.zh and "PC103" in f.message.en


def test_pc107_a_waiver_on_another_record_does_not_match(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    non_member_speaks(item)  # PC103 on the item
    registry[LEDGER][0]["waivers"] = [{"rule": "PC103", "reason": REASON, "approved_by": "p-shu"}]
    found = by_code(registry.findings())
    assert set(found) == {"PC103", "PC107"}
    assert not found["PC103"][0].waived
    (unused,) = found["PC107"]
    assert unused.file == LEDGER
    assert unused.record_id == "D-001"


def test_pc107_quiet_for_a_waiver_of_a_rule_validate_does_not_run(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    # PC308 (sharp dissent not deferred) is a lint rule: validate cannot judge this waiver
    waive(item, rule="PC308", reason="防汛紧急,按多数意见先行实施", approved_by="p-shu")
    assert registry.findings() == []


def test_pc107_quiet_for_an_invalid_waiver(registry: RegistryBuilder, item: dict[str, Any]) -> None:
    waive(item, rule="PC103", approved_by="p-shu")
    assert registry.codes() == ["PC106"]


# --- severities from powerctl.yaml `rules:` --------------------------------------------------


def test_a_rule_set_to_warning(registry: RegistryBuilder, item: dict[str, Any]) -> None:
    non_member_speaks(item)
    registry["powerctl.yaml"]["rules"] = {"PC103": "warning"}
    (f,) = registry.findings()
    assert f.code == "PC103"
    assert f.severity is Severity.WARNING


def test_a_rule_set_to_off(registry: RegistryBuilder, item: dict[str, Any]) -> None:
    non_member_speaks(item)
    registry["powerctl.yaml"]["rules"] = {"PC103": "off"}
    assert registry.findings() == []


def test_pc107_set_to_error(registry: RegistryBuilder, item: dict[str, Any]) -> None:
    waive(item, rule="PC103", reason=REASON, approved_by="p-shu")
    registry["powerctl.yaml"]["rules"] = {"PC107": "error"}
    (f,) = registry.findings()
    assert f.code == "PC107"
    assert f.severity is Severity.ERROR


def test_pc107_set_to_off(registry: RegistryBuilder, item: dict[str, Any]) -> None:
    waive(item, rule="PC103", reason=REASON, approved_by="p-shu")
    registry["powerctl.yaml"]["rules"] = {"PC107": "off"}
    assert registry.findings() == []


def test_pc107_quiet_for_a_waiver_of_a_rule_switched_off(
    registry: RegistryBuilder, item: dict[str, Any]
) -> None:
    non_member_speaks(item)
    waive(item, rule="PC103", reason=REASON, approved_by="p-shu")
    registry["powerctl.yaml"]["rules"] = {"PC103": "off"}
    assert registry.codes() == []


def test_a_waiver_of_pc102_on_its_record_is_not_called_unused(registry: RegistryBuilder) -> None:
    entry = registry[LEDGER][0]
    entry["signed_by"] = "p-former"  # 已调离的原书记,人员名册中已删除
    entry["waivers"] = [{"rule": "PC102", "reason": "原书记已调离", "approved_by": "p-shu"}]
    found = by_code(registry.findings())
    assert found["PC102"][0].record_id == "D-001"
    assert "PC107" not in found
