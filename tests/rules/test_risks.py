"""PC401-PC404: risk points.

The minimal registry's risk R-001 (power DW-001) scores 3×2×2 = 12, is declared high, has one
control due 2027-06-30 (not done) and no review_date. Each test changes one thing; the checks run
on TODAY unless the test says otherwise."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from conftest import RegistryBuilder, at, where
from powerctl.findings import Finding, Loc, Severity
from powerctl.model.records import Policy, Risk
from powerctl.rules.risks import computed_level

RISKS = "risks/DW-001.yaml"
CONFIG = "powerctl.yaml"
TODAY = dt.date(2026, 11, 23)


def pc4(registry: RegistryBuilder, today: dt.date = TODAY) -> list[Finding]:
    """Active PC1 and PC4 findings, asserting that no PC1 rule fired (the data stays valid)."""
    findings = [f for f in registry.findings(select=("PC1", "PC4"), today=today) if not f.waived]
    assert not [f for f in findings if f.code.startswith("PC1")], [
        (f.code, f.message.en) for f in findings
    ]
    return findings


def codes(registry: RegistryBuilder, today: dt.date = TODAY) -> list[str]:
    return sorted(f.code for f in pc4(registry, today))


def single(registry: RegistryBuilder, code: str, today: dt.date = TODAY) -> Finding:
    found = pc4(registry, today)
    assert [f.code for f in found] == [code], [(f.code, f.message.en) for f in found]
    return found[0]


def names(finding: Finding, *ids: str) -> None:
    """Both messages name each id."""
    for rid in ids:
        assert rid in finding.message.zh, finding.message.zh
        assert rid in finding.message.en, finding.message.en


def risk(registry: RegistryBuilder) -> dict[str, Any]:
    result: dict[str, Any] = registry[RISKS][0]
    return result


def score(registry: RegistryBuilder, importance: int, frequency: int, likelihood: int) -> None:
    risk(registry)["scores"] = {
        "importance": importance,
        "frequency": frequency,
        "likelihood": likelihood,
    }


def control(registry: RegistryBuilder) -> dict[str, Any]:
    result: dict[str, Any] = risk(registry)["controls"][0]
    return result


def waiver(rule: str) -> dict[str, str]:
    return {"rule": rule, "reason": "风险点正在重新评估", "approved_by": "p-shu"}


def test_minimal_registry_has_no_pc4_finding(registry: RegistryBuilder) -> None:
    assert registry.findings(select=("PC4",), today=TODAY) == []


# --- computing the level ----------------------------------------------------------------------


def _risk(importance: int, frequency: int, likelihood: int) -> Risk:
    return Risk(Loc(RISKS), "R", "P", "", importance, frequency, likelihood, level="low")


def test_the_possible_products_of_three_scores() -> None:
    # 11 (and 5, 7, 10, ...) cannot occur: the boundaries that matter are 12, 9, 8, 6 and 4
    products = {i * f * lk for i, f, lk in itertools.product((1, 2, 3), repeat=3)}
    assert products == {1, 2, 3, 4, 6, 8, 9, 12, 18, 27}


@pytest.mark.parametrize(
    ("scores", "level"),
    [
        ((3, 3, 3), "high"),  # 27
        ((3, 3, 2), "high"),  # 18
        ((3, 2, 2), "high"),  # 12: exactly the high threshold (以上 includes the number)
        ((3, 3, 1), "medium"),  # 9: the largest product below 12
        ((2, 2, 2), "medium"),  # 8
        ((3, 2, 1), "medium"),  # 6: exactly the medium threshold
        ((2, 2, 1), "low"),  # 4: the largest product below 6
        ((1, 1, 1), "low"),  # 1
    ],
)
def test_default_levels(scores: tuple[int, int, int], level: str) -> None:
    assert computed_level(_risk(*scores), Policy()) == level


def test_custom_levels() -> None:
    policy = Policy(risk_levels_high=18, risk_levels_medium=9)
    assert computed_level(_risk(3, 3, 2), policy) == "high"  # 18
    assert computed_level(_risk(3, 2, 2), policy) == "medium"  # 12
    assert computed_level(_risk(3, 3, 1), policy) == "medium"  # 9
    assert computed_level(_risk(2, 2, 2), policy) == "low"  # 8


# --- PC401 declared level differs from the computed one ---------------------------------------


def test_pc401_twelve_declared_medium(registry: RegistryBuilder) -> None:
    risk(registry)["level"] = "medium"
    f = single(registry, "PC401")
    assert f.severity is Severity.ERROR
    assert f.file == RISKS
    assert f.record_id == "R-001"
    assert at(f) == where(registry, RISKS, "medium", after="level: ")
    names(f, "R-001", "3×2×2=12", "high", "medium", "12", "6")
    assert "高(high)" in f.message.zh and "中(medium)" in f.message.zh


@pytest.mark.parametrize(
    ("scores", "level"),
    [((3, 2, 2), "high"), ((3, 2, 1), "medium"), ((2, 2, 1), "low"), ((3, 3, 1), "medium")],
)
def test_pc401_quiet_when_level_matches(
    registry: RegistryBuilder, scores: tuple[int, int, int], level: str
) -> None:
    score(registry, *scores)
    risk(registry)["level"] = level
    assert pc4(registry) == []


@pytest.mark.parametrize(
    ("scores", "declared", "computed", "product"),
    [
        ((3, 2, 1), "low", "medium", "3×2×1=6"),  # exactly 6 is medium
        ((2, 2, 1), "medium", "low", "2×2×1=4"),  # 4 is low
        ((3, 3, 1), "high", "medium", "3×3×1=9"),  # 9 is not yet high
    ],
)
def test_pc401_boundaries(
    registry: RegistryBuilder,
    scores: tuple[int, int, int],
    declared: str,
    computed: str,
    product: str,
) -> None:
    score(registry, *scores)
    risk(registry)["level"] = declared
    f = single(registry, "PC401")
    names(f, product)
    assert f"set level: {computed}" in f.message.en
    assert f"应为{'中' if computed == 'medium' else '低'}({computed})" in f.message.zh


def test_pc401_follows_custom_thresholds(registry: RegistryBuilder) -> None:
    registry[CONFIG]["policy"] = {"risk_levels": {"high": 18, "medium": 8}}
    # 12 is only medium under these thresholds
    f = single(registry, "PC401")
    names(f, "3×2×2=12", "high ≥ 18, medium ≥ 8")
    assert "set level: medium" in f.message.en
    risk(registry)["level"] = "medium"
    assert pc4(registry) == []


def test_pc401_custom_medium_threshold_boundary(registry: RegistryBuilder) -> None:
    registry[CONFIG]["policy"] = {"risk_levels": {"high": 12, "medium": 4}}
    score(registry, 2, 2, 1)  # 4: medium under these thresholds, low by default
    risk(registry)["level"] = "medium"
    assert pc4(registry) == []
    risk(registry)["level"] = "low"
    assert codes(registry) == ["PC401"]


def test_pc401_in_a_file_with_a_single_risk(registry: RegistryBuilder) -> None:
    single_risk = registry.records.pop(RISKS)[0]
    single_risk["level"] = "low"
    registry.records["risks/R-001.yaml"] = single_risk
    f = single(registry, "PC401")
    assert f.file == "risks/R-001.yaml"
    assert at(f) == where(registry, "risks/R-001.yaml", "low", after="level: ")


def test_pc401_waived_by_the_risk(registry: RegistryBuilder) -> None:
    risk(registry).update(level="medium", waivers=[waiver("PC401")])
    (f,) = registry.findings(select=("PC401", "PC107"), today=TODAY)
    assert f.code == "PC401" and f.waived


# --- PC402 high risk without controls ---------------------------------------------------------


def test_pc402_high_risk_with_empty_controls(registry: RegistryBuilder) -> None:
    risk(registry)["controls"] = []
    f = single(registry, "PC402")
    assert f.severity is Severity.ERROR
    assert f.file == RISKS
    assert f.record_id == "R-001"
    assert at(f) == where(registry, RISKS, "controls:")
    names(f, "R-001", "DW-001", "3×2×2=12", "controls")


def test_pc402_high_risk_without_controls_key(registry: RegistryBuilder) -> None:
    del risk(registry)["controls"]
    f = single(registry, "PC402")
    assert f.record_id == "R-001"
    # no `controls` key: the finding points at the risk point itself
    assert at(f) == where(registry, RISKS, "description:")


def test_pc402_uses_the_computed_level_not_the_declared_one(registry: RegistryBuilder) -> None:
    # filed as low, but 3×2×2 = 12 is high: both the wrong level and the missing controls
    risk(registry).update(level="low", controls=[])
    assert codes(registry) == ["PC401", "PC402"]


def test_pc402_quiet_when_declared_high_but_computed_medium(registry: RegistryBuilder) -> None:
    score(registry, 3, 3, 1)  # 9: medium
    risk(registry)["controls"] = []
    assert codes(registry) == ["PC401"]


def test_pc402_quiet_for_medium_risk_without_controls(registry: RegistryBuilder) -> None:
    score(registry, 3, 2, 1)  # exactly 6: medium
    risk(registry).update(level="medium", controls=[])
    assert pc4(registry) == []


def test_pc402_follows_custom_high_threshold(registry: RegistryBuilder) -> None:
    registry[CONFIG]["policy"] = {"risk_levels": {"high": 9, "medium": 4}}
    score(registry, 3, 3, 1)  # 9: high under these thresholds
    risk(registry)["controls"] = []
    f = single(registry, "PC402")
    names(f, "3×3×1=9", "9")


def test_pc402_quiet_for_high_risk_with_a_control(registry: RegistryBuilder) -> None:
    assert risk(registry)["level"] == "high" and risk(registry)["controls"]
    assert pc4(registry) == []


# --- PC403 overdue controls -------------------------------------------------------------------


def test_pc403_control_past_due(registry: RegistryBuilder) -> None:
    control(registry).update(due=dt.date(2026, 6, 30), done=False)
    f = single(registry, "PC403")
    assert f.severity is Severity.WARNING
    assert f.file == RISKS
    assert f.record_id == "R-001"
    assert at(f) == where(registry, RISKS, "2026-06-30", after="due: ")
    names(f, "R-001", "一律集体票决", "2026-06-30", "2026-11-23", "146")


def test_pc403_due_yesterday_is_overdue(registry: RegistryBuilder) -> None:
    control(registry)["due"] = TODAY - dt.timedelta(days=1)
    f = single(registry, "PC403")
    names(f, "1")


def test_pc403_due_today_is_not_overdue(registry: RegistryBuilder) -> None:
    control(registry)["due"] = TODAY
    assert pc4(registry) == []


def test_pc403_quiet_when_done(registry: RegistryBuilder) -> None:
    control(registry).update(due=dt.date(2026, 6, 30), done=True)
    assert pc4(registry) == []


def test_pc403_quiet_without_due(registry: RegistryBuilder) -> None:
    del control(registry)["due"]
    assert pc4(registry) == []


def test_pc403_judged_on_today(registry: RegistryBuilder) -> None:
    # the minimal control is due 2027-06-30
    assert pc4(registry, today=dt.date(2027, 6, 30)) == []
    f = single(registry, "PC403", today=dt.date(2027, 7, 1))
    names(f, "2027-06-30", "2027-07-01")


def test_pc403_one_finding_per_overdue_control(registry: RegistryBuilder) -> None:
    risk(registry)["controls"] = [
        {"measure": "一律集体票决", "owner": "p-zhen", "due": dt.date(2026, 3, 31)},
        {"measure": "纪委全程监督", "owner": "p-ji", "due": dt.date(2026, 3, 31), "done": True},
        {"measure": "结果公示", "owner": "p-fu", "due": dt.date(2026, 9, 30)},
    ]
    found = pc4(registry)
    assert [(f.code, f.loc.path[-2]) for f in found] == [("PC403", 0), ("PC403", 2)]


def test_pc403_waived_by_the_risk(registry: RegistryBuilder) -> None:
    control(registry)["due"] = dt.date(2026, 6, 30)
    risk(registry)["waivers"] = [waiver("PC403")]
    (f,) = registry.findings(select=("PC403", "PC107"), today=TODAY)
    assert f.code == "PC403" and f.waived


# --- PC404 review date passed -----------------------------------------------------------------


def test_pc404_review_date_passed(registry: RegistryBuilder) -> None:
    risk(registry)["review_date"] = dt.date(2026, 6, 30)
    f = single(registry, "PC404")
    assert f.severity is Severity.WARNING
    assert f.file == RISKS
    assert f.record_id == "R-001"
    assert at(f) == where(registry, RISKS, "2026-06-30", after="review_date: ")
    names(f, "R-001", "2026-06-30", "2026-11-23", "review_date")


def test_pc404_review_date_yesterday(registry: RegistryBuilder) -> None:
    risk(registry)["review_date"] = TODAY - dt.timedelta(days=1)
    assert codes(registry) == ["PC404"]


def test_pc404_review_date_today_is_not_passed(registry: RegistryBuilder) -> None:
    risk(registry)["review_date"] = TODAY
    assert pc4(registry) == []


def test_pc404_quiet_for_a_future_review(registry: RegistryBuilder) -> None:
    risk(registry)["review_date"] = dt.date(2027, 12, 31)
    assert pc4(registry) == []


def test_pc404_waived_by_the_risk(registry: RegistryBuilder) -> None:
    risk(registry).update(review_date=dt.date(2026, 6, 30), waivers=[waiver("PC404")])
    (f,) = registry.findings(select=("PC404", "PC107"), today=TODAY)
    assert f.code == "PC404" and f.waived
