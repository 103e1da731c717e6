"""The 廉政风险点 heat map: importance (rows) by likelihood (columns), a hand-built SVG.

A risk's level is computed from importance x frequency x likelihood (data-model.md
`policy.risk_levels`), so one cell can hold risks of different levels: the cell takes the colour of
its highest level, shows its count and names the level in words too (colour is never the only
carrier). The palette (Okabe-Ito sky blue and orange, a dark red) stays apart for the common colour
vision deficiencies, and every text colour has a contrast of at least 4.5:1 on its fill.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from powerctl.model.records import Risk

LEVELS = ("high", "medium", "low")
LEVEL_WORDS = {"high": "高", "medium": "中", "low": "低"}
SCORE_WORDS = {1: "低", 2: "中", 3: "高"}
# level -> (fill, text colour); "empty" for a cell without risks
PALETTE = {
    "high": ("#b2182b", "#ffffff"),
    "medium": ("#e69f00", "#111111"),
    "low": ("#56b4e9", "#111111"),
    "empty": ("#f1f5f9", "#475569"),
}
INK = "#1f2937"
_FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"

# geometry (viewBox units)
_LEFT, _TOP, _CELL_W, _CELL_H = 78, 16, 118, 88
_LEGEND_X = _LEFT + 3 * _CELL_W + 28
_WIDTH, _HEIGHT = _LEGEND_X + 190, _TOP + 3 * _CELL_H + 62


def risk_level(risk: Risk, high: int, medium: int) -> str:
    """high | medium | low from the product of the three scores (policy.risk_levels)."""
    if risk.score >= high:
        return "high"
    return "medium" if risk.score >= medium else "low"


def heatmap_counts(
    risks: Iterable[Risk], high: int, medium: int
) -> dict[tuple[int, int], Counter[str]]:
    """(importance, likelihood) -> level counts, for every cell of the 3x3 grid."""
    cells: dict[tuple[int, int], Counter[str]] = {
        (i, k): Counter() for i in (1, 2, 3) for k in (1, 2, 3)
    }
    for risk in risks:
        cell = cells.get((risk.importance, risk.likelihood))
        if cell is not None:
            cell[risk_level(risk, high, medium)] += 1
    return cells


def cell_level(counts: Counter[str]) -> str | None:
    """The highest level among a cell's risks, None for an empty cell."""
    return next((level for level in LEVELS if counts[level]), None)


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _breakdown(counts: Counter[str]) -> str:
    return "、".join(f"{LEVEL_WORDS[lv]} {counts[lv]}" for lv in LEVELS if counts[lv])


def _cell_name(importance: int, likelihood: int) -> str:
    return f"重要性{SCORE_WORDS[importance]}、可能性{SCORE_WORDS[likelihood]}"


def _text(x: float, y: float, text: str, size: int, fill: str = INK, extra: str = "") -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" fill="{fill}"'
        f' text-anchor="middle"{extra}>{_esc(text)}</text>'
    )


def _cell(importance: int, likelihood: int, counts: Counter[str]) -> str:
    x = _LEFT + (likelihood - 1) * _CELL_W
    y = _TOP + (3 - importance) * _CELL_H
    level = cell_level(counts)
    fill, ink = PALETTE[level or "empty"]
    total = sum(counts.values())
    if level:
        summary = f"{_cell_name(importance, likelihood)}：{total} 个风险点，最高等级{LEVEL_WORDS[level]}（{_breakdown(counts)}）"
    else:
        summary = f"{_cell_name(importance, likelihood)}：无风险点"
    cx = x + _CELL_W / 2
    parts = [
        f'<g class="cell cell-{level or "empty"}"><title>{_esc(summary)}</title>',
        f'<rect x="{x}" y="{y}" width="{_CELL_W}" height="{_CELL_H}" fill="{fill}"'
        ' stroke="#ffffff" stroke-width="3"/>',
        _text(cx, y + 42, str(total), 28, ink, ' font-weight="bold"'),
    ]
    if level:
        parts.append(_text(cx, y + 64, f"最高：{LEVEL_WORDS[level]}", 13, ink))
        parts.append(_text(cx, y + 80, _breakdown(counts), 11, ink))
    parts.append("</g>")
    return "".join(parts)


def _axes() -> str:
    parts = []
    grid_bottom = _TOP + 3 * _CELL_H
    for score in (1, 2, 3):
        cx = _LEFT + (score - 0.5) * _CELL_W
        parts.append(_text(cx, grid_bottom + 20, SCORE_WORDS[score], 13))
        cy = _TOP + (3 - score + 0.5) * _CELL_H + 5
        parts.append(_text(_LEFT - 14, cy, SCORE_WORDS[score], 13))
    parts.append(
        _text(_LEFT + 1.5 * _CELL_W, grid_bottom + 46, "可能性 →", 14, INK, ' font-weight="bold"')
    )
    my = _TOP + 1.5 * _CELL_H
    parts.append(
        _text(36, my, "重要性 →", 14, INK, f' font-weight="bold" transform="rotate(-90 36 {my:g})"')
    )
    return "".join(parts)


def _legend(totals: Counter[str], high: int, medium: int, all_count: int) -> str:
    x, y = _LEGEND_X, _TOP + 14
    rules = {
        "high": f"分值 ≥ {high}",
        "medium": f"分值 {medium}–{high - 1}",
        "low": f"分值 < {medium}",
    }
    parts = [
        f'<text x="{x}" y="{y}" font-size="14" font-weight="bold" fill="{INK}">风险等级</text>'
    ]
    for n, level in enumerate((*LEVELS, "empty")):
        top = y + 14 + n * 38
        fill, _ = PALETTE[level]
        parts.append(
            f'<rect x="{x}" y="{top}" width="22" height="22" fill="{fill}" stroke="#64748b"/>'
        )
        if level == "empty":
            label, note = "无风险点", ""
        else:
            label, note = f"{LEVEL_WORDS[level]}风险 {totals[level]} 个", rules[level]
        parts.append(
            f'<text x="{x + 30}" y="{top + 11}" font-size="13" fill="{INK}">{_esc(label)}</text>'
        )
        if note:
            parts.append(
                f'<text x="{x + 30}" y="{top + 26}" font-size="11" fill="#374151">{_esc(note)}</text>'
            )
    bottom = y + 14 + 4 * 38 + 8
    parts.append(
        f'<text x="{x}" y="{bottom}" font-size="13" font-weight="bold" fill="{INK}">合计 {all_count} 个</text>'
    )
    for n, line in enumerate(("分值 = 重要性 × 发生频率", "× 可能性；格色取格内", "最高等级")):
        parts.append(
            f'<text x="{x}" y="{bottom + 20 + n * 16}" font-size="11" fill="#374151">{_esc(line)}</text>'
        )
    return "".join(parts)


def heatmap_svg(risks: list[Risk], high: int, medium: int) -> str:
    """Inline-ready SVG: 3x3 grid of importance (rows, 高 at the top) by likelihood (columns),
    each cell with its count and coloured by its highest level; a legend with totals."""
    cells = heatmap_counts(risks, high, medium)
    totals: Counter[str] = Counter(risk_level(r, high, medium) for r in risks)
    title = "廉政风险点热力图（重要性 × 可能性）"
    filled = [
        f"{_cell_name(i, k)} {sum(c.values())} 个（{_breakdown(c)}）"
        for (i, k), c in sorted(cells.items(), key=lambda item: (-item[0][0], -item[0][1]))
        if c
    ]
    desc = (
        f"共 {len(risks)} 个风险点：高 {totals['high']} 个、中 {totals['medium']} 个、"
        f"低 {totals['low']} 个。" + ("；".join(filled) + "。" if filled else "")
    )
    body = "".join(_cell(i, k, c) for (i, k), c in cells.items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_HEIGHT}"'
        f' width="100%" style="max-width:{_WIDTH}px;height:auto" role="img"'
        f' aria-label="{_esc(title)}" class="heatmap" font-family="{_FONT}">'
        f"<title>{_esc(title)}</title><desc>{_esc(desc)}</desc>"
        f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="#ffffff"/>'
        f"{body}{_axes()}{_legend(totals, high, medium, len(risks))}</svg>\n"
    )
