"""The 权力运行流程图 (render/flowchart.py): Graphviz SVG, the text fallback, Mermaid."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXAMPLES, RegistryBuilder
from powerctl.findings import Loc
from powerctl.model.records import Power, Step, Supervision
from powerctl.model.registry import Registry
from powerctl.pipeline import run
from powerctl.render import flowchart
from powerctl.render.flowchart import (
    dot_available,
    flowchart_dot,
    flowchart_mermaid,
    flowchart_steps,
    flowchart_svg,
    mermaid_ids,
    wrap_label,
)
from powerctl.settings import Settings

SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(not dot_available(), reason="Graphviz `dot` is not installed")
PAYLOAD = "<script>alert(1)</script>"
ODD = 'a "quoted" & &amp; back\\slash \\n \\N \\'


@pytest.fixture(scope="module")
def township() -> Registry:
    return run(EXAMPLES / "township", Settings()).registry


def loc() -> Loc:
    return Loc("powers/T.yaml")


def make_power(steps: list[Step], supervision: list[Supervision] | None = None) -> Power:
    return Power(
        loc(),
        "T-1",
        "测试权力",
        "major_project",
        "committee",
        steps=steps,
        supervision=supervision or [],
    )


def step(id: str, name: str, *next: tuple[str | None, str], kind: str = "action") -> Step:
    return Step(loc(), id, name, actor="镇党委会", kind=kind, next=list(next))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def group(root: ET.Element, gid: str) -> ET.Element:
    found = [g for g in root.iter(f"{SVG}g") if g.get("id") == gid]
    assert len(found) == 1, gid
    return found[0]


def text_of(element: ET.Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{SVG}text"))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- Graphviz SVG ------------------------------------------------------------------------------


@needs_dot
def test_every_township_power_renders(township: Registry) -> None:
    assert len(township.powers) >= 20
    for power in township.powers.values():
        svg = flowchart_svg(power)
        assert svg is not None, power.id
        assert "<?xml" not in svg and "DOCTYPE" not in svg and "<!--" not in svg
        root = parse(svg)  # well-formed, inline-ready
        assert root.get("role") == "img"
        assert root.get("aria-label") == f"权力运行流程图：{power.title}"
        assert root[0].tag == f"{SVG}title" and root[0].text == root.get("aria-label")
        assert root[1].tag == f"{SVG}desc"
        assert root.get("width") == "100%" and root.get("height") is None
        assert root.get("viewBox") and "max-width" in (root.get("style") or "")
        prefix = f"fc-{power.id}"
        for i, s in enumerate(power.steps):
            node = group(root, f"{prefix}-n{i}")
            assert squash(text_of(node)) == squash(f"{s.name}（{s.actor}）"), (power.id, s.id)
        nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
        notes = {sup.step for sup in power.supervision}
        assert len(nodes) == len(power.steps) + len(notes)
        ids = [e.get("id") for e in root.iter() if e.get("id")]
        assert len(ids) == len(set(ids)), "ids must be unique on a page with many charts"


@needs_dot
def test_qs_dw_003_outcomes_supervision_and_loop(township: Registry) -> None:
    power = township.powers["QS-DW-003"]
    svg = flowchart_svg(power)
    assert svg is not None
    root = parse(svg)
    edge_labels = {
        text_of(g) for g in root.iter(f"{SVG}g") if g.get("class") == "edge" and text_of(g)
    }
    assert edge_labels == {"通过", "不通过", "暂缓"}
    assert "font-family=\"'Noto Sans CJK SC'" in svg
    index = {s.id: i for i, s in enumerate(power.steps)}
    for sup in power.supervision:
        i = index[sup.step]
        shape = group(root, f"fc-QS-DW-003-n{i}").find(f"{SVG}polygon")
        assert shape is not None and shape.get("stroke") == "#b91c1c"
        assert float(shape.get("stroke-width", "1")) > 2
        note = squash(text_of(group(root, f"fc-QS-DW-003-m{i}")))
        assert squash(f"监督：{sup.by}{sup.how}") in note
    plain = group(root, f"fc-QS-DW-003-n{index['s2']}").find(f"{SVG}polygon")
    assert plain is not None and plain.get("stroke") != "#b91c1c"
    start = group(root, "fc-QS-DW-003-n0").find(f"{SVG}polygon")
    assert start is not None and start.get("fill") == "#dbeafe"
    decision = group(root, f"fc-QS-DW-003-n{index['s4']}").find(f"{SVG}polygon")
    assert decision is not None and len(decision.get("points", "").split()) == 5  # a diamond
    end = group(root, f"fc-QS-DW-003-n{index['s8']}").find(f"{SVG}path")
    assert end is not None and "C" in end.get("d", "")  # rounded corners are curves
    # deferred: s4 -> s1 goes back up, so it must not constrain the ranks
    dot = flowchart_dot(power)
    back = [ln for ln in dot.splitlines() if "n3 -> n0" in ln]
    assert back and "constraint=false" in back[0] and "暂缓" in back[0]
    forward = [ln for ln in dot.splitlines() if "n3 -> n4" in ln]
    assert forward and "constraint" not in forward[0]


@needs_dot
def test_custom_supervision_label(township: Registry) -> None:
    svg = flowchart_svg(township.powers["QS-DW-013"], supervision_label="Oversight")
    assert svg is not None and "Oversight：镇纪委" in svg and "监督：" not in svg


@needs_dot
def test_free_text_is_escaped_in_svg() -> None:
    power = make_power(
        [
            step("s1", PAYLOAD, (None, "s2")),
            step("s2", ODD, ("passed", "s3"), ("<b>x</b>", "s1"), kind="decision"),
            step("s3", "结束 & 归档", kind="end"),
        ],
        [Supervision(loc(), "s2", "<i>纪委</i>", '"how" & \\')],
    )
    power.title = '<img src=x onerror="alert(1)">'
    svg = flowchart_svg(power)
    assert svg is not None
    assert "<script" not in svg and "<img" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    root = parse(svg)
    assert root.get("aria-label") == "权力运行流程图：" + power.title  # reads back exactly
    assert squash(text_of(group(root, "fc-T-1-n0"))) == squash(PAYLOAD + "（镇党委会）")
    # backslashes, quotes, `&amp;` and `\n`-like sequences come out as written
    assert squash(text_of(group(root, "fc-T-1-n1"))) == squash(ODD + "（镇党委会）")
    assert "&amp;amp;" in svg  # the user's literal "&amp;", not an ampersand
    assert squash('监督：<i>纪委</i>"how" & \\') == squash(text_of(group(root, "fc-T-1-m1")))
    labels = {text_of(g) for g in root.iter(f"{SVG}g") if g.get("class") == "edge"}
    assert "<b>x</b>" in labels and "通过" in labels


@needs_dot
def test_parallel_outcomes_share_one_labelled_edge() -> None:
    power = make_power(
        [
            step("s1", "调研", (None, "s2")),
            step(
                "s2",
                "决定",
                ("passed", "s3"),
                ("rejected", "s1"),
                ("deferred", "s1"),
                kind="decision",
            ),
            step("s3", "归档", ("unknown", "nowhere"), kind="end"),
        ]
    )
    dot = flowchart_dot(power)
    assert dot.count("n1 -> n0") == 1 and "不通过／暂缓" in dot
    assert "nowhere" not in dot  # a dangling reference (a lint finding) is not drawn
    assert flowchart_svg(power) is not None


# --- fallback when dot is missing --------------------------------------------------------------


def test_no_dot_means_none(monkeypatch: pytest.MonkeyPatch, township: Registry) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    assert not dot_available()
    assert flowchart_svg(township.powers["QS-DW-003"]) is None


def test_dot_not_on_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, township: Registry
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not dot_available()
    assert flowchart_svg(township.powers["QS-DW-003"]) is None
    # and if `dot` vanishes between the check and the call, still no crash
    monkeypatch.setattr(flowchart, "dot_available", lambda: True)
    assert flowchart_svg(township.powers["QS-DW-003"]) is None


def test_steps_fallback_reads_in_order(township: Registry) -> None:
    power = township.powers["QS-DW-003"]
    rows = flowchart_steps(power)
    assert [r[0].split("（")[0] for r in rows] == [s.name for s in power.steps]
    assert rows[0] == (
        "项目业主单位提出项目建议，开展可行性论证（分管副镇长）",
        "→ 财政所审核投资概算和资金来源",
    )
    decision = rows[3]
    assert "〔监督：镇纪委 纪委书记列席会议全程监督，签署监督意见〕" in decision[0]
    assert decision[1] == (
        "通过 → 项目立项结果公示；不通过 → 项目档案立卷归档；"
        "暂缓 → 项目业主单位提出项目建议，开展可行性论证"
    )
    assert rows[-1][1] == "结束"


def test_steps_fallback_keeps_free_text_raw() -> None:
    # plain text for a template with autoescape: no double escaping here
    rows = flowchart_steps(make_power([step("s1", PAYLOAD, kind="end")]))
    assert rows == [(PAYLOAD + "（镇党委会）", "结束")]


# --- Mermaid -----------------------------------------------------------------------------------

NODE = re.compile(r'^  (step_\w+)(\["|\{"|\(\[")([^"]*)("\]|"\}|"\]\))$')
EDGE = re.compile(r'^  (step_\w+) (-->|-\.->)(\|"([^"]*)"\|)? (step_\w+)$')
NOTE = re.compile(r'^  (step_\w+)_note>"([^"]*)"\] -\.- (step_\w+)$')


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str | None]], list[str]]:
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str | None]] = []
    notes: list[str] = []
    for line in lines[1:]:
        if m := NODE.match(line):
            nodes[m.group(1)] = m.group(3)
        elif m := EDGE.match(line):
            edges.append((m.group(1), m.group(5), m.group(4)))
        elif m := NOTE.match(line):
            assert m.group(1) == m.group(3)
            notes.append(m.group(1))
        else:
            assert re.match(r"^  (accTitle: [^\n]+|classDef \w+ \S+|class [\w,]+ \w+)$", line), line
    return nodes, edges, notes


def test_mermaid_structure(township: Registry) -> None:
    for power in township.powers.values():
        text = flowchart_mermaid(power)
        nodes, edges, notes = parse_mermaid(text)
        ids = mermaid_ids(power)
        assert list(nodes) == [ids[s.id] for s in power.steps]
        for s in power.steps:
            assert nodes[ids[s.id]].startswith(s.name.replace('"', "#quot;"))
        assert all(a in nodes and b in nodes for a, b, _ in edges)
        assert {n for n in notes} == {ids[sup.step] for sup in power.supervision}
        assert f"class {ids[power.steps[0].id]} start" in text
    nodes, edges, _ = parse_mermaid(flowchart_mermaid(township.powers["QS-DW-003"]))
    assert {label for _, _, label in edges} == {None, "通过", "不通过", "暂缓"}
    assert ("step_s4", "step_s1", "暂缓") in edges
    text = flowchart_mermaid(township.powers["QS-DW-003"])
    assert "step_s4 -.->|" in text  # the loop is dotted
    assert re.search(r"^  class step_s4,step_s6,step_s7 supervised$", text, re.M)
    assert 'step_s4{"' in text and 'step_s8(["' in text


def test_mermaid_escapes_free_text() -> None:
    power = make_power(
        [
            step("end", PAYLOAD + ' "x" # | `code` &lt;', ("passed", "s.2")),
            step("s.2", "a\nb", (None, "s-2")),
            step("s-2", "归档", kind="end"),
        ],
        [Supervision(loc(), "end", '纪委"', "<b>看</b>")],
    )
    power.title = "标题\n第二行"
    text = flowchart_mermaid(power)
    nodes, edges, notes = parse_mermaid(text)
    ids = mermaid_ids(power)
    assert ids == {"end": "step_end", "s.2": "step_s_2", "s-2": "step_s_2_2"}
    assert len(nodes) == 3 and len(edges) == 2 and notes == ["step_end"]
    label = nodes["step_end"]
    assert "<script" not in text and "<b>" not in text
    assert label.startswith(
        "#lt;script#gt;alert(1)#lt;/script#gt; #quot;x#quot; #35; #124; #96;code#96; #amp;lt;"
    )
    assert nodes["step_s_2"].startswith("a<br/>b")
    assert "\n  accTitle: 权力运行流程图：标题 第二行\n" in text  # one line, whatever the title


# --- wrapping ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("财政所审核投资概算和资金来源", 26, ["财政所审核投资", "概算和资金来源"]),
        (
            "启动应急响应，组织转移群众、调用物资和抢险队伍",
            26,
            ["启动应急响应，", "组织转移群众、", "调用物资和抢险队伍"],
        ),
        ("项目档案立卷归档", 26, ["项目档案立卷归档"]),
        ("在镇、村公示并报县民政部门审批", 26, ["在镇、村公示并", "报县民政部门审批"]),
        # 避头尾: no line ends with an opening quote or starts with a closing one
        ("通过惠民惠农“一卡通”发放资金", 26, ["通过惠民惠农“一卡通”", "发放资金"]),
        ("，，，，，，，", 6, ["，，，", "，，，", "，"]),  # no valid break: filled, nothing lost
        (
            "see https://example.org/a-long-path now",
            20,
            ["see", "https://example.org/", "a-long-path now"],
        ),
        ("", 10, [""]),
    ],
)
def test_wrap_label(text: str, width: int, lines: list[str]) -> None:
    assert wrap_label(text, width) == lines


def test_wrap_label_keeps_every_character() -> None:
    text = "党委会讨论决定，无记名投票表决；任前公示不少于5个工作日 Party committee vote"
    for width in (6, 10, 20, 26, 80):
        lines = wrap_label(text, width)
        assert squash("".join(lines)) == squash(text)
        assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in ln) <= width for ln in lines)


def test_registry_fixture_power_renders(registry: RegistryBuilder) -> None:
    registry.write()
    power = run(registry.root, Settings()).registry.powers["DW-001"]
    assert flowchart_steps(power)[1][1] == "通过 → 公示实施；不通过 → 调研论证"
    nodes, _, notes = parse_mermaid(flowchart_mermaid(power))
    assert len(nodes) == 3 and notes == ["step_s2"]
    if dot_available():
        svg = flowchart_svg(power)
        assert svg is not None and "列席会议" in svg
