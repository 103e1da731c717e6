"""The 权力运行流程图 of a power: Graphviz SVG for the web page and the printed sheet, an ordered
list of steps when `dot` is missing (and for screen readers), Mermaid for the Markdown output.

Step names, actors and supervision text are free text from the records: every output escapes them
(Graphviz label escapes, XML in the SVG, Mermaid entity codes), so `<script>` is shown, never run.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import graphviz  # type: ignore[import-untyped]

from powerctl.model.records import Power, Step, Supervision
from powerctl.render.site_cache import BlobCache, code_key
from powerctl.render.site_cache import digest as svg_digest

log = logging.getLogger(__name__)

# fonts-noto-cjk registers this family with fontconfig (`fc-list | grep -i cjk`); without a CJK
# font Graphviz measures and draws tofu boxes (system-deps.md).
CJK_FONT = "Noto Sans CJK SC"
# what the browser falls back to when the visitor has no Noto (the layout was measured with Noto)
_FONT_STACK = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"

OUTCOME_LABELS = {"passed": "通过", "rejected": "不通过", "deferred": "暂缓"}

# colours: dark text on light fills (contrast well above 4.5:1); supervision is red and thick,
# and also named in its note, so colour is not the only carrier
_INK = "#1f2937"
_LINE = "#475569"
_SUPERVISION = "#b91c1c"
_STYLE = {
    "start": {"shape": "box", "style": "filled,bold", "fillcolor": "#dbeafe", "color": "#1d4ed8"},
    "action": {"shape": "box", "style": "filled", "fillcolor": "#f8fafc", "color": _LINE},
    "decision": {"shape": "diamond", "style": "filled", "fillcolor": "#fef3c7", "color": "#b45309"},
    "end": {"shape": "box", "style": "rounded,filled", "fillcolor": "#e2e8f0", "color": _LINE},
}
_NOTE = {"shape": "note", "style": "filled", "fillcolor": "#fef2f2", "color": _SUPERVISION}
_NOTE.update(fontcolor="#7f1d1d", fontsize="11")
# label widths in half-width columns (a Chinese character counts 2)
_WRAP = {"action": 26, "start": 26, "end": 26, "decision": 20, "note": 26}
_BREAK_AFTER = "，、；。：！？）》”"  # Latin text breaks at spaces
# Chinese line-breaking rules (避头尾): no line starts with closing or ends with opening marks
_NO_START = _BREAK_AFTER + "’」』"
_NO_END = "（《“‘「『"


def dot_available() -> bool:
    """Is Graphviz `dot` on PATH?"""
    return shutil.which("dot") is not None


# --- text --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap_label(text: str, width: int) -> list[str]:
    """Break free text into lines of at most `width` columns (a Chinese character counts 2).
    The line count is the fewest that breaking after punctuation and spaces allows (a phrase too
    long for one line may break anywhere); within that count, lines are as even as possible, and a
    break elsewhere than after punctuation costs extra. Latin words and numbers stay whole
    unless one alone is too long."""
    return list(_wrapped(text, width))


@lru_cache(maxsize=8192)  # actors and supervision texts repeat across powers
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        units = [
            u[i : i + width]
            for u in re.findall(
                r"[A-Za-z0-9_.,;:!?\-/=&%#@+~()]+|\s+|.", " ".join(paragraph.split())
            )
            for i in range(0, len(u), width)
        ]
        span = _Spans(units)
        count = _fewest_lines(units, width, span)
        # the balancing search grows with lines x characters: long texts are simply filled
        balanced = _balance(units, width, count, span) if count <= 6 else None
        lines += balanced or _fill(units, width)
    return tuple(ln for ln in lines if ln) or ("",)


class _Spans:
    """Width of "".join(units[start:end]).strip() in O(1): prefix sums of the unit widths, with
    whitespace units at either end left out (the searches below ask this millions of times)."""

    def __init__(self, units: list[str]) -> None:
        self.blank = [u.isspace() for u in units]
        self.prefix = [0]
        for unit in units:
            self.prefix.append(self.prefix[-1] + _width(unit))

    def __call__(self, start: int, end: int) -> int:
        blank = self.blank
        while start < end and blank[start]:
            start += 1
        while end > start and blank[end - 1]:
            end -= 1
        return self.prefix[end] - self.prefix[start]


def _soft(unit: str) -> bool:
    return unit.isspace() or unit in _BREAK_AFTER


def _fewest_lines(units: list[str], width: int, span: _Spans) -> int:
    """Fewest lines when breaking only after punctuation or spaces, or inside a too-long phrase."""
    phrase_of, bounds, current = [], [0], 0
    for i, unit in enumerate(units):
        phrase_of.append(current)
        if _soft(unit):
            bounds.append(i + 1)
            current += 1
    bounds.append(len(units))
    too_long = [span(bounds[k], bounds[k + 1]) > width for k in range(len(bounds) - 1)]
    fewest = [0] + [len(units) + 1] * len(units)
    for end in range(1, len(units) + 1):
        for start in range(end - 1, -1, -1):
            if span(start, end) > width and end - start > 1:
                break
            if start == 0 or _soft(units[start - 1]) or too_long[phrase_of[start]]:
                fewest[end] = min(fewest[end], fewest[start] + 1)
    return max(fewest[-1], 1)


def _fill(units: list[str], width: int) -> list[str]:
    lines = [""]
    for unit in units:
        if lines[-1] and _width((lines[-1] + unit).strip()) > width:
            lines.append("")
        lines[-1] += unit
    return [ln.strip() for ln in lines]


def _balance(units: list[str], width: int, count: int, span: _Spans) -> list[str] | None:
    """Exactly `count` lines: least squared slack, plus a penalty per break not after punctuation
    or a space; no line starts with a closing mark or ends with an opening one."""
    m, inf = len(units), float("inf")
    penalty = (0.4 * width) ** 2
    best = [[(inf, 0)] * (m + 1) for _ in range(count + 1)]
    best[0][0] = (0.0, 0)
    for k in range(1, count + 1):
        for end in range(1, m + 1):
            for start in range(end - 1, -1, -1):
                used = span(start, end)
                if used > width and end - start > 1:
                    break
                if best[k - 1][start][0] == inf or (start and units[start] in _NO_START):
                    continue
                if end < m and units[end - 1] in _NO_END:
                    continue
                soft = end == m or _soft(units[end - 1])
                cost = best[k - 1][start][0] + (width - used) ** 2 + (0 if soft else penalty)
                best[k][end] = min(best[k][end], (cost, start))
    if best[count][m][0] == inf:
        return None
    lines, end = [], m
    for k in range(count, 0, -1):
        start = best[k][end][1]
        lines.append("".join(units[start:end]).strip())
        end = start
    return lines[::-1]


def _width(text: str) -> int:
    return sum(_columns(ch) for ch in text)


def _dot_label(*parts: tuple[str, int]) -> str:
    """A plain Graphviz label from (text, wrap width) parts, one or more lines each.

    Graphviz turns `\\X` sequences into line breaks or names and decodes `&...;` entities in plain
    labels, so user backslashes are doubled and `&` written as `&amp;`; `\\n` appears only where a
    line break is meant. The `graphviz` package quotes the result (escaping `"`)."""
    lines = [ln for text, width in parts for ln in wrap_label(text, width)]
    escaped = [ln.replace("\\", "\\\\").replace("&", "&amp;") for ln in lines]
    return "\\n".join(escaped)


def _ident(text: str) -> str:
    """An id fragment safe in SVG ids and Mermaid node ids."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", text) or "_"


def _outcome(label: str | None) -> str | None:
    return None if label is None else OUTCOME_LABELS.get(label, label)


def _supervision_text(sup: Supervision, supervision_label: str) -> str:
    return f"{supervision_label}：{sup.by}" + (f" {sup.how}" if sup.how else "")


# --- structure shared by every output ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Edge:
    source: int
    target: int
    label: str | None  # outcome words, parallel outcomes joined by "／"
    back: bool  # goes back up the flow (a loop): drawn without constraining the ranks


def _edges(steps: list[Step]) -> list[_Edge]:
    """Edges between known steps; outcomes leading to the same step are merged into one edge;
    back edges found by depth-first search from the first step (steps in their written order)."""
    index = {step.id: i for i, step in enumerate(steps)}
    merged: dict[tuple[int, int], list[str]] = {}
    for i, step in enumerate(steps):
        for label, target in step.next:
            if target in index:
                words = merged.setdefault((i, index[target]), [])
                outcome = _outcome(label)
                if outcome and outcome not in words:
                    words.append(outcome)
    back = _back_edges(len(steps), list(merged))
    return [
        _Edge(s, t, "／".join(words) or None, (s, t) in back) for (s, t), words in merged.items()
    ]


def _back_edges(count: int, pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    successors: dict[int, list[int]] = {i: [] for i in range(count)}
    for s, t in pairs:
        successors[s].append(t)
    state = [0] * count  # 0 new, 1 on the stack, 2 done
    back: set[tuple[int, int]] = set()
    for root in range(count):
        if state[root]:
            continue
        state[root] = 1
        stack: list[tuple[int, Iterator[int]]] = [(root, iter(successors[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state[child] == 1:
                back.add((node, child))
            elif state[child] == 0:
                state[child] = 1
                stack.append((child, iter(successors[child])))
    return back


def _supervision_by_step(power: Power) -> dict[str, list[Supervision]]:
    known = {step.id for step in power.steps}
    result: dict[str, list[Supervision]] = {}
    for sup in power.supervision:
        if sup.step in known:
            result.setdefault(sup.step, []).append(sup)
    return result


def _role(steps: list[Step], i: int) -> str:
    kind = steps[i].kind
    if kind in ("decision", "end"):
        return kind
    return "start" if i == 0 else "action"


# --- Graphviz SVG ------------------------------------------------------------------------------


def flowchart_dot(power: Power, supervision_label: str = "监督") -> str:
    """The DOT source (exposed for tests and debugging)."""
    source: str = _digraph(power, supervision_label).source
    return source


def _digraph(power: Power, supervision_label: str) -> Any:
    prefix = f"fc-{_ident(power.id)}"
    font = {"fontname": CJK_FONT, "fontcolor": _INK}
    graph = graphviz.Digraph(
        name=prefix,
        graph_attr={"rankdir": "TB", "nodesep": "0.3", "ranksep": "0.4", "id": prefix, **font},
        node_attr={"fontsize": "12", "margin": "0.15,0.08", "penwidth": "1.2", **font},
        edge_attr={"fontsize": "11", "color": _LINE, "arrowsize": "0.7", **font},
    )
    steps = power.steps
    supervised = _supervision_by_step(power)
    for i, step in enumerate(steps):
        role = _role(steps, i)
        parts = [(step.name, _WRAP[role])]
        if step.actor:
            parts.append((f"（{step.actor}）", _WRAP[role]))
        attrs = dict(_STYLE[role])
        if i == 0 and role != "start":  # a flow that opens with a decision: still mark its start
            attrs.update(fillcolor=_STYLE["start"]["fillcolor"], color=_STYLE["start"]["color"])
            attrs["style"] += ",bold"
        if step.id in supervised:
            attrs.update(color=_SUPERVISION, penwidth="2.6")
        graph.node(f"n{i}", graphviz.nohtml(_dot_label(*parts)), id=f"{prefix}-n{i}", **attrs)
    for k, edge in enumerate(_edges(steps)):
        attrs = {"id": f"{prefix}-e{k}"}
        if edge.label:
            attrs["label"] = graphviz.nohtml(_dot_label((edge.label, 40)))
        if edge.back:
            # a loop back up the flow: dashed, and not allowed to pull the ranks out of order
            attrs.update(constraint="false", style="dashed")
        graph.edge(f"n{edge.source}", f"n{edge.target}", **attrs)
    for i, step in enumerate(steps):
        if step.id not in supervised:
            continue
        text = [
            part
            for sup in supervised[step.id]
            for part in (
                (f"{supervision_label}：{sup.by}", _WRAP["note"]),
                (sup.how or "", _WRAP["note"]),
            )
        ]
        with graph.subgraph() as row:  # the note sits beside its step
            row.attr(rank="same")
            row.node(f"n{i}")
            row.node(f"m{i}", graphviz.nohtml(_dot_label(*text)), id=f"{prefix}-m{i}", **_NOTE)
        link = {"id": f"{prefix}-l{i}", "style": "dashed", "color": _SUPERVISION, "dir": "none"}
        graph.edge(f"n{i}", f"m{i}", **link)
    return graph


def flowchart_svg(power: Power, supervision_label: str = "监督") -> str | None:
    """Inline-ready SVG of the power's flowchart, or None when Graphviz `dot` is not installed
    (the caller then shows `flowchart_steps(power)` and warns once)."""
    if not dot_available():
        return None
    try:
        raw: str = _digraph(power, supervision_label).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        return None
    return _inline_svg(raw, *_svg_text(power, supervision_label))


def _svg_text(power: Power, supervision_label: str) -> tuple[str, str]:
    """The SVG's <title> and <desc>."""
    title = f"权力运行流程图：{power.title}"
    desc = "；".join(
        f"{n}. {step} {follows}"
        for n, (step, follows) in enumerate(flowchart_steps(power, supervision_label), 1)
    )
    return title, desc


# a county has thousands of powers: `dot` starting once per graph (fontconfig, plugins) costs far
# more than the layout, so graphs go through one `dot` per batch, a batch per core
BATCH = 200
_SVG_START = "<?xml"
# from the second graph of a run on, dot's SVG writer prefixes the graph's id with its page
_PAGE_PREFIX = re.compile(r'(<g id=")page\d+,\d+_')


def flowchart_svgs(
    powers: list[Power],
    supervision_label: str = "监督",
    cache: BlobCache | None = None,
    jobs: int | None = None,
) -> list[str | None]:
    """`flowchart_svg` of each power (same order, same bytes), drawn in batches; with `cache`,
    a drawing is reused when its DOT source and text are unchanged."""
    if not dot_available():
        return [None] * len(powers)
    sources = [flowchart_dot(power, supervision_label) for power in powers]
    texts = [_svg_text(power, supervision_label) for power in powers]
    keys = [
        svg_digest("flowchart", code_key(), source, *text)
        for source, text in zip(sources, texts, strict=True)
    ]
    found: list[str | None] = [None] * len(powers)
    missing = []
    for i, key in enumerate(keys):
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            found[i] = hit.decode("utf-8")
        else:
            missing.append(i)
    batches = [missing[k : k + BATCH] for k in range(0, len(missing), BATCH)]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(batches)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        drawn = list(pool.map(lambda batch: _dot_batch([sources[i] for i in batch]), batches))
    for batch, raws in zip(batches, drawn, strict=True):
        for i, raw in zip(batch, raws, strict=True):
            if raw is None:
                continue
            svg = _inline_svg(raw, *texts[i])
            found[i] = svg
            if cache is not None:
                cache.put(keys[i], svg.encode("utf-8"))
    return found


def _dot_batch(sources: list[str]) -> list[str | None]:
    """Raw SVG of each DOT source through one `dot`; graph by graph when the batch's output
    does not split into exactly one SVG per graph (a graph dot refused, say)."""
    if not sources:
        return []
    try:
        done = subprocess.run(
            ["dot", "-Kdot", "-Tsvg"],
            input="".join(sources).encode("utf-8"),
            capture_output=True,
            timeout=60 + len(sources),
            check=False,
        )
        text = done.stdout.decode("utf-8")
        parts = [_SVG_START + part for part in text.split(_SVG_START)[1:]]
        if done.returncode == 0 and len(parts) == len(sources) and not text.split(_SVG_START)[0]:
            return [_PAGE_PREFIX.sub(r"\1", part, count=1) for part in parts]
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError) as exc:
        log.info("dot batch: %s", exc)
    return [_dot_one(source) for source in sources]


def _dot_one(source: str) -> str | None:
    try:
        raw = bytes(graphviz.pipe("dot", "svg", source.encode("utf-8"), quiet=True))
        return raw.decode("utf-8")
    except Exception as exc:  # one broken graph: that page shows the step list
        log.info("dot: %s", exc)
        return None


def _xml_text(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _inline_svg(raw: str, title: str, desc: str) -> str:
    """Strip the prolog, DOCTYPE and comments; drop Graphviz's <title>s (internal node names,
    shown as tooltips); make the root responsive and accessible."""
    svg = raw[raw.index("<svg") :]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<title>[^<]*</title>\n?", "", svg)
    svg = svg.replace(f'font-family="{CJK_FONT}"', f'font-family="{_FONT_STACK}"')
    root_end = svg.index(">")
    root = svg[:root_end]
    match = re.search(r'viewBox="[\d.\-]+ [\d.\-]+ ([\d.]+) [\d.]+"', root)
    max_width = f"max-width:{float(match.group(1)):.0f}pt;" if match else ""
    root = re.sub(r'\s(width|height)="[^"]*"', "", root)
    root += (
        f' width="100%" style="{max_width}height:auto" role="img"'
        f' aria-label="{_xml_text(title)}" class="flowchart"'
    )
    head = f"><title>{_xml_text(title)}</title><desc>{_xml_text(desc)}</desc>"
    return (root + head + svg[root_end + 1 :]).strip() + "\n"


# --- text fallback -----------------------------------------------------------------------------


def flowchart_steps(power: Power, supervision_label: str = "监督") -> list[tuple[str, str]]:
    """The flowchart as ordered text: (step, what follows), for the page when `dot` is missing
    and for screen readers. Plain text: the caller escapes it (Jinja autoescape)."""
    names = {step.id: step.name for step in power.steps}
    supervised = _supervision_by_step(power)
    rows: list[tuple[str, str]] = []
    for step in power.steps:
        head = step.name + (f"（{step.actor}）" if step.actor else "")
        for sup in supervised.get(step.id, []):
            head += f"〔{_supervision_text(sup, supervision_label)}〕"
        follows = [
            (f"{_outcome(label)} → " if label else "→ ") + names.get(target, target)
            for label, target in step.next
        ]
        rows.append((head, "；".join(follows) if follows else "结束"))
    return rows


# --- Mermaid -----------------------------------------------------------------------------------

_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "|": "#124;",
}


def mermaid_text(text: str) -> str:
    """Free text for inside a quoted Mermaid label: entity codes for the characters Mermaid or
    its HTML labels would read as syntax; line breaks become <br/>."""
    escaped = "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in text)
    return "<br/>".join(part.strip() for part in escaped.splitlines())


def mermaid_ids(power: Power) -> dict[str, str]:
    """Step id -> Mermaid node id: letters, digits and _ only, prefixed (Mermaid reserves `end`),
    unique even when two step ids sanitize alike."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for i, step in enumerate(power.steps):
        node = "step_" + re.sub(r"[^A-Za-z0-9_]", "_", step.id)
        if node in used:
            node = f"{node}_{i}"
        used.add(node)
        ids[step.id] = node
    return ids


def flowchart_mermaid(power: Power, supervision_label: str = "监督") -> str:
    """A Mermaid `flowchart TD` definition (for ```mermaid blocks in the Markdown output)."""
    ids = mermaid_ids(power)
    supervised = _supervision_by_step(power)
    shapes = {"start": '["{}"]', "action": '["{}"]', "decision": '{{"{}"}}', "end": '(["{}"])'}
    lines = [
        "flowchart TD",
        # accTitle runs to the end of its line and is set as text: only line breaks matter
        "  accTitle: " + " ".join(f"权力运行流程图：{power.title}".split()),
        "  classDef start fill:#dbeafe,stroke:#1d4ed8,stroke-width:2px",
        "  classDef supervised stroke:#b91c1c,stroke-width:3px",
        "  classDef supervisionNote fill:#fef2f2,stroke:#b91c1c,color:#7f1d1d",
    ]
    for i, step in enumerate(power.steps):
        label = mermaid_text(step.name)
        if step.actor:
            label += f"<br/>({mermaid_text(step.actor)})"
        lines.append(f"  {ids[step.id]}{shapes[_role(power.steps, i)].format(label)}")
    for edge in _edges(power.steps):
        source, target = ids[power.steps[edge.source].id], ids[power.steps[edge.target].id]
        arrow = "-.->" if edge.back else "-->"
        label = f'|"{mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"  {source} {arrow}{label} {target}")
    for step_id, sups in supervised.items():
        note = "<br/>".join(mermaid_text(_supervision_text(s, supervision_label)) for s in sups)
        lines.append(f'  {ids[step_id]}_note>"{note}"] -.- {ids[step_id]}')
    if power.steps:
        lines.append(f"  class {ids[power.steps[0].id]} start")
    if supervised:
        lines.append(f"  class {','.join(ids[s] for s in supervised)} supervised")
        lines.append(f"  class {','.join(ids[s] + '_note' for s in supervised)} supervisionNote")
    return "\n".join(lines) + "\n"
