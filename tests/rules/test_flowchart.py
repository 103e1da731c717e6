"""PC104: the power's flowchart must be a real process.

The minimal power's flowchart is s1 (调研论证) -> s2 (集体讨论决定, decision: passed -> s3,
rejected -> s1) -> s3 (公示实施, end). Each test changes its steps."""

from __future__ import annotations

from typing import Any

from conftest import RegistryBuilder, at
from conftest import where as locate
from powerctl.findings import Finding, Severity

POWER = "powers/DW-001.yaml"


def where(registry: RegistryBuilder, needle: str, after: str = "") -> tuple[int, int]:
    """(line, column) of `needle`, which must be unique, in the power file as written."""
    return locate(registry, POWER, needle, after=after, unique=True)


def flowchart(registry: RegistryBuilder, *steps: dict[str, Any]) -> None:
    """Replace the flowchart; supervision and the risk no longer point at particular steps."""
    registry[POWER]["steps"] = list(steps)
    registry[POWER]["supervision"] = [{"step": steps[0]["id"], "by": "镇纪委"}]
    registry["risks/DW-001.yaml"][0].pop("step")


def pc104(registry: RegistryBuilder) -> list[Finding]:
    findings = registry.findings()
    assert {f.code for f in findings} <= {"PC104"}, [(f.code, f.message.en) for f in findings]
    for f in findings:
        assert f.file == POWER
        assert f.record_id == "DW-001"
        assert f.severity is Severity.ERROR
    return findings


def names(finding: Finding, *ids: str) -> None:
    for rid in ids:
        assert rid in finding.message.zh, finding.message.zh
        assert rid in finding.message.en, finding.message.en


def test_the_minimal_flowchart_with_its_loop_is_quiet(registry: RegistryBuilder) -> None:
    # rejected -> back to s1 is a legitimate loop: the decision can also go on to the end
    assert pc104(registry) == []


def test_a_loop_back_on_rejected_and_deferred_is_quiet(registry: RegistryBuilder) -> None:
    flowchart(
        registry,
        {"id": "s1", "name": "分管领导调研论证", "next": ["s2"]},
        {"id": "s2", "name": "书记办公会初审", "next": ["s3"]},
        {
            "id": "s3",
            "name": "党委会集体讨论决定",
            "kind": "decision",
            "next": {"passed": "s4", "rejected": "s1", "deferred": "s2"},
        },
        {"id": "s4", "name": "公示实施", "kind": "end"},
    )
    assert pc104(registry) == []


def test_next_names_a_missing_step(registry: RegistryBuilder) -> None:
    registry[POWER]["steps"][0]["next"] = ["s2", "s9"]
    (f,) = pc104(registry)
    names(f, "s1", "s9")


def test_next_to_a_missing_step_points_at_that_target(registry: RegistryBuilder) -> None:
    registry[POWER]["steps"][0]["next"] = ["s2", "s9"]
    (f,) = pc104(registry)
    assert at(f) == where(registry, "s9", after="- ")


def test_next_names_a_missing_step_with_a_hint(registry: RegistryBuilder) -> None:
    registry[POWER]["steps"][1]["next"] = {"passed": "s3", "rejected": "s11"}
    (f,) = [f for f in pc104(registry) if "s11" in f.message.en]
    assert "是不是“s1”" in f.message.zh
    assert 'Did you mean "s1"?' in f.message.en


def test_a_step_unreachable_from_the_first(registry: RegistryBuilder) -> None:
    registry[POWER]["steps"].append({"id": "s4", "name": "征求意见", "next": ["s2"]})
    (f,) = pc104(registry)
    assert at(f) == where(registry, "s4", after="id: ")
    names(f, "s4", "s1", "征求意见")


def test_no_end_step(registry: RegistryBuilder) -> None:
    del registry[POWER]["steps"][2]["kind"]  # s3 公示实施 is no longer marked as the end
    no_end, dead_end = pc104(registry)
    # the flowchart as a whole has no end: the finding points at `steps`
    assert at(no_end) == where(registry, "steps:")
    assert "没有结束步骤" in no_end.message.zh and "no end step" in no_end.message.en
    # and s3 now goes nowhere
    names(dead_end, "s3")
    assert "kind: end" in dead_end.message.zh and "kind: end" in dead_end.message.en


def test_a_non_end_step_without_next(registry: RegistryBuilder) -> None:
    steps = registry[POWER]["steps"]
    steps[1]["next"] = {"passed": "s3", "rejected": "s4"}
    steps.append({"id": "s4", "name": "退回修改"})  # forgot: back to s1
    findings = pc104(registry)
    assert findings, "a dead end must be reported"
    (f,) = [f for f in findings if "没有下一步" in f.message.zh]
    assert at(f) == where(registry, "s4", after="id: ")
    names(f, "s4", "退回修改")
    assert "has no next step" in f.message.en


def test_a_dead_end_is_reported_once(registry: RegistryBuilder) -> None:
    steps = registry[POWER]["steps"]
    steps[1]["next"] = {"passed": "s3", "rejected": "s4"}
    steps.append({"id": "s4", "name": "退回修改"})
    assert len(pc104(registry)) == 1


def test_a_decision_with_one_outcome(registry: RegistryBuilder) -> None:
    registry[POWER]["steps"][1]["next"] = {"passed": "s3"}
    (f,) = pc104(registry)
    assert at(f) == where(registry, "passed: s3")
    names(f, "s2", "集体讨论决定")
    assert "两个结果分支" in f.message.zh and "fewer than two outcomes" in f.message.en
    assert "next: {passed: s4, rejected: s1}" in f.message.en


def test_the_chinese_decision_message_shows_single_braces(registry: RegistryBuilder) -> None:
    registry[POWER]["steps"][1]["next"] = {"passed": "s3"}
    (f,) = pc104(registry)
    assert "next: {passed: s4, rejected: s1}" in f.message.zh
    assert "{{" not in f.message.zh


def test_a_decision_with_a_single_next_in_a_list(registry: RegistryBuilder) -> None:
    registry[POWER]["steps"][1]["next"] = ["s3"]
    (f,) = pc104(registry)
    names(f, "s2")


def test_a_loop_with_no_exit(registry: RegistryBuilder) -> None:
    flowchart(
        registry,
        {"id": "s1", "name": "调研论证", "next": ["s2", "s4"]},
        {"id": "s2", "name": "讨论", "next": ["s3"]},
        {"id": "s3", "name": "再讨论", "next": ["s2"]},  # s2 <-> s3 forever
        {"id": "s4", "name": "公示实施", "kind": "end"},
    )
    first, second = pc104(registry)
    assert at(first) == where(registry, "s2", after="id: ")
    assert at(second) == where(registry, "s3", after="id: ")
    names(first, "s2", "讨论")
    names(second, "s3", "再讨论")
    for f in (first, second):
        assert "走不到任何结束步骤" in f.message.zh and "no end step can be reached" in f.message.en


def test_pc104_is_waived_by_a_waiver_on_the_power(registry: RegistryBuilder) -> None:
    registry[POWER]["steps"][1]["next"] = {"passed": "s3"}
    registry[POWER]["waivers"] = [
        {"rule": "PC104", "reason": "上级统一流程图,待县委组织部修订", "approved_by": "p-shu"}
    ]
    (f,) = pc104(registry)
    assert f.waived
    assert registry.codes() == []
