"""The 廉政风险点 heat map (render/heatmap.py): counts, colours, legend, accessibility."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from conftest import EXAMPLES
from powerctl.findings import Loc
from powerctl.model.records import Risk
from powerctl.pipeline import run
from powerctl.render.heatmap import (
    INK,
    LEVEL_WORDS,
    PALETTE,
    SCORE_WORDS,
    cell_level,
    heatmap_counts,
    heatmap_svg,
    risk_level,
)
from powerctl.settings import Settings

SVG = "{http://www.w3.org/2000/svg}"


def make_risk(n: int, importance: int, frequency: int, likelihood: int) -> Risk:
    return Risk(
        Loc("risks/T.yaml", (n,)),
        f"R-{n}",
        "P-1",
        "风险",
        importance=importance,
        frequency=frequency,
        likelihood=likelihood,
        level="",
    )


def cells(svg: str) -> dict[str, ET.Element]:
    """Cell groups keyed by their title's prefix, e.g. "重要性高、可能性中"."""
    root = ET.fromstring(svg)
    found: dict[str, ET.Element] = {}
    for g in root.iter(f"{SVG}g"):
        if "cell" in (g.get("class") or "").split():
            title = g.find(f"{SVG}title")
            assert title is not None and title.text
            found[title.text.split("：")[0]] = g
    assert len(found) == 9
    return found


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def name(importance: int, likelihood: int) -> str:
    return f"重要性{SCORE_WORDS[importance]}、可能性{SCORE_WORDS[likelihood]}"


def test_township_counts_per_cell() -> None:
    reg = run(EXAMPLES / "township", Settings()).registry
    policy = reg.config.policy
    high, medium = policy.risk_levels_high, policy.risk_levels_medium
    svg = heatmap_svg(reg.risks, high, medium)
    drawn = cells(svg)
    for i in (1, 2, 3):
        for k in (1, 2, 3):
            here = [r for r in reg.risks if (r.importance, r.likelihood) == (i, k)]
            group = drawn[name(i, k)]
            assert texts(group)[0] == str(len(here))
            # the records' own level agrees with the computed one in a lint-clean registry
            levels = Counter(r.level for r in here)
            assert levels == Counter(risk_level(r, high, medium) for r in here)
            top = next((lv for lv in ("high", "medium", "low") if levels[lv]), None)
            rect = group.find(f"{SVG}rect")
            assert rect is not None and rect.get("fill") == PALETTE[top or "empty"][0]
            assert f"cell-{top or 'empty'}" in (group.get("class") or "")
    totals = Counter(r.level for r in reg.risks)
    root = ET.fromstring(svg)
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text
    assert desc.text.startswith(
        f"共 {len(reg.risks)} 个风险点：高 {totals['high']} 个、中 {totals['medium']} 个、"
        f"低 {totals['low']} 个。"
    )
    legend = " ".join(texts(root))
    for level in ("high", "medium", "low"):
        assert f"{LEVEL_WORDS[level]}风险 {totals[level]} 个" in legend
    assert f"合计 {len(reg.risks)} 个" in legend


def test_cell_takes_its_highest_level() -> None:
    # importance 3, likelihood 2: frequency 1 -> 6 (medium), frequency 2 -> 12 (high)
    risks = [make_risk(1, 3, 1, 2), make_risk(2, 3, 2, 2), make_risk(3, 3, 1, 2)]
    counts = heatmap_counts(risks, 12, 6)
    assert counts[(3, 2)] == Counter({"medium": 2, "high": 1})
    assert cell_level(counts[(3, 2)]) == "high"
    group = cells(heatmap_svg(risks, 12, 6))[name(3, 2)]
    rect = group.find(f"{SVG}rect")
    assert rect is not None and rect.get("fill") == PALETTE["high"][0]
    title = group.find(f"{SVG}title")
    assert title is not None
    assert title.text == "重要性高、可能性中：3 个风险点，最高等级高（高 1、中 2）"
    assert texts(group) == ["3", "最高：高", "高 1、中 2"]  # the level in words, not colour only


def test_thresholds_come_from_the_policy() -> None:
    risks = [make_risk(1, 3, 3, 3)]  # 27
    assert risk_level(risks[0], 28, 27) == "medium"
    assert risk_level(risks[0], 12, 6) == "high"
    assert risk_level(make_risk(2, 1, 2, 2), 12, 6) == "low"
    assert risk_level(make_risk(3, 1, 2, 3), 12, 6) == "medium"  # 6 is medium (>=)
    group = cells(heatmap_svg(risks, 28, 27))[name(3, 3)]
    assert "cell-medium" in (group.get("class") or "")
    assert "分值 ≥ 28" in heatmap_svg(risks, 28, 27)


def test_empty_cells_and_empty_register() -> None:
    svg = heatmap_svg([], 12, 6)
    for group in cells(svg).values():
        assert texts(group) == ["0"]
        rect = group.find(f"{SVG}rect")
        assert rect is not None and rect.get("fill") == PALETTE["empty"][0]
    assert "共 0 个风险点" in svg


def test_accessible_svg() -> None:
    svg = heatmap_svg([make_risk(1, 2, 2, 2)], 12, 6)
    assert "<?xml" not in svg and "DOCTYPE" not in svg
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label")
    assert root[0].tag == f"{SVG}title" and root[0].text == root.get("aria-label")
    assert root[1].tag == f"{SVG}desc" and "重要性中、可能性中 1 个（中 1）" in (root[1].text or "")
    assert root.get("width") == "100%" and root.get("viewBox")


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("level", ["high", "medium", "low", "empty"])
def test_cell_text_contrast(level: str) -> None:
    fill, ink = PALETTE[level]
    assert contrast(fill, ink) >= 4.5


def test_every_text_colour_on_white_or_its_cell() -> None:
    svg = heatmap_svg([make_risk(n, i, 2, k) for n, (i, k) in enumerate([(1, 1), (3, 3)])], 12, 6)
    for colour in set(re.findall(r'<text[^>]* fill="(#[0-9a-f]{6})"', svg)):
        on_cell = [fill for fill, ink in PALETTE.values() if ink == colour]
        assert contrast(colour, "#ffffff") >= 4.5 or all(
            contrast(colour, f) >= 4.5 for f in on_cell
        )
    assert contrast(INK, "#ffffff") >= 4.5


def test_levels_stay_apart_without_red_green_vision() -> None:
    # high is much darker than the others; medium (orange) and low (sky blue) sit at the two ends
    # of the blue-yellow axis, which deuteranopes and protanopes keep
    high, medium, low = (PALETTE[lv][0] for lv in ("high", "medium", "low"))
    assert _luminance(high) < 0.15 < 0.3 < min(_luminance(medium), _luminance(low))
    blue = [int(c[5:7], 16) for c in (medium, low)]
    assert blue[0] < 64 and blue[1] > 192
