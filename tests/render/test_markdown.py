"""`powerctl render --format md`: every page of the example board, its counts and links, a mermaid
flowchart per power, escaping of hostile record text, nothing internal, and byte-stable output."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, RegistryBuilder
from powerctl.i18n import Lang
from powerctl.pipeline import run
from powerctl.render.markdown import (
    BoardOutputError,
    escape_md,
    neutralize_notes,
    page_name,
    render_markdown,
)
from powerctl.render.public import PublicView, public_view
from powerctl.settings import Settings

AS_OF = dt.date(2026, 11, 23)
PAGES = [
    "README.md",
    "leaders.md",
    "powers.md",
    "risks.md",
    "decisions.md",
    "ledger.md",
    "feedback.md",
    "rules.md",
]
# not public in examples/township: two `secrecy: party` powers, two internal meetings, an
# unpublished phone (p-wu, publish_phone: false)
INTERNAL = [
    "QS-DW-015",
    "QS-DW-017",
    "党员组织关系管理权",
    "党员纪律处分决定权",
    "QS-SJ-2026-07",
    "QS-M-2026-07",
    "关于给予石桥村党支部一名委员党内警告处分的议题",
    "13907710007",
]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def view_of(root: Path, as_of: dt.date = AS_OF) -> PublicView:
    return public_view(run(root, Settings()).registry, as_of)


@pytest.fixture(scope="module")
def township() -> PublicView:
    return view_of(EXAMPLES / "township")


@pytest.fixture(scope="module")
def board(township: PublicView, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("md")
    render_markdown(township, out)
    return out


def pages(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*.md"))
    }


def table_rows(text: str, first_cell: str) -> list[list[str]]:
    """Cells of the table rows that start with `first_cell`, split on unescaped pipes."""
    rows = []
    for line in text.splitlines():
        if line.startswith(f"| {first_cell}"):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            rows.append([c.strip() for c in cells])
    return rows


def test_every_page_exists(board: Path, township: PublicView) -> None:
    for page in PAGES:
        assert (board / page).is_file(), page
    power_pages = sorted(p.stem for p in (board / "powers").glob("*.md"))
    assert power_pages == sorted(township.registry.powers)
    assert len(power_pages) == 26


def test_returns_every_page(township: PublicView, tmp_path: Path) -> None:
    written = render_markdown(township, tmp_path)
    assert sorted(written) == sorted(tmp_path.rglob("*.md"))
    assert len(written) == len(PAGES) + 26


def test_every_relative_link_resolves(board: Path) -> None:
    for rel, text in pages(board).items():
        for target in LINK.findall(text):
            assert not target.startswith(("http:", "https:", "/")), (rel, target)
            path = (board / rel).parent / target.split("#")[0]
            assert path.is_file(), (rel, target)


def test_home_page(board: Path, township: PublicView) -> None:
    home = (board / "README.md").read_text(encoding="utf-8")
    assert "0771-5820123" in home
    assert "镇纪委意见箱(镇政府一楼大厅)" in home
    assert f"下次定期公开日：{township.next_periodic_day}" in home
    assert "2026-12-28" in home
    assert "共 26 项，其中“三重一大”事项 16 项" in home
    assert "公开日期" in home and "2026-11-16" in home  # the latest disclosure first
    for page in PAGES[1:]:
        assert f"]({page})" in home


def test_power_list_counts_and_links(board: Path, township: PublicView) -> None:
    text = (board / "powers.md").read_text(encoding="utf-8")
    categories = {c for p in township.registry.powers.values() for c in [p.category]}
    counted = {row[0]: int(row[1]) for row in table_rows(text, "") if row[1].isdigit()}
    assert sum(counted.values()) == 26
    assert len(counted) == len(categories)
    for pid in township.registry.powers:
        assert f"](powers/{pid}.md)" in text


def test_power_page(board: Path) -> None:
    text = (board / "powers" / "QS-DW-003.md").read_text(encoding="utf-8")
    assert text.startswith("# QS-DW-003 重大工程项目安排决定权\n")
    assert "《中华人民共和国招标投标法》第三条" in text
    assert "经书记办公会初审列入党委会议题" in text  # conditions
    assert "| 行使主体 | 镇党委会 |" in text
    assert "镇纪委 | 纪委书记列席会议全程监督" in text  # supervision point
    assert "| QS-R-007 |" in text and "| 高 |" in text  # risk point with its level
    assert "0771-5820118" in text  # the power's own complaint phone
    assert "## 运行说明" in text  # the power's notes, as written
    assert "](../powers.md)" in text


def test_mermaid_block_per_power(board: Path, township: PublicView) -> None:
    for pid, power in township.registry.powers.items():
        text = (board / "powers" / f"{pid}.md").read_text(encoding="utf-8")
        block = re.search(r"```mermaid\n(.*?)\n```", text, re.S)
        assert block, pid
        assert block.group(1).startswith("flowchart")
        assert len(power.steps) >= 2


def test_step_list_when_the_flowchart_module_is_missing(
    township: PublicView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "powerctl.render.flowchart", None)  # import fails
    render_markdown(township, tmp_path)
    text = (tmp_path / "powers" / "QS-DW-003.md").read_text(encoding="utf-8")
    assert "```mermaid" not in text
    assert "1. 项目业主单位提出项目建议，开展可行性论证（分管副镇长）：→ 第 2 步" in text
    assert "4. 党委会集体讨论，记名票决（镇党委会）〔监督环节〕：通过 → 第 5 步" in text


def test_risk_register(board: Path, township: PublicView) -> None:
    text = (board / "risks.md").read_text(encoding="utf-8")
    risks = township.registry.risks
    high = sum(r.level == "high" for r in risks)
    assert f"共 {len(risks)} 个廉政风险点：高风险 {high} 个" in text
    assert len(table_rows(text, "QS-R-")) == len(risks)


def test_decisions_and_personnel_counts(board: Path, township: PublicView) -> None:
    text = (board / "decisions.md").read_text(encoding="utf-8")
    items = [i for m in township.registry.meetings.values() for i in m.items]
    rows = table_rows(text, "2026-")
    assert len(rows) == len(items)
    personnel = [r for r in rows if r[3] == "重要人事任免"]
    assert personnel
    assert all("赞成" not in r[6] for r in personnel)
    assert any("赞成" in r[6] for r in rows)


def test_ledger_and_feedback(board: Path, township: PublicView) -> None:
    ledger = (board / "ledger.md").read_text(encoding="utf-8")
    numbered = [r for r in table_rows(ledger, "") if r[0].isdigit()]
    assert len(numbered) == len(township.registry.disclosures)
    feedback = (board / "feedback.md").read_text(encoding="utf-8")
    assert f"共收到群众意见、举报 {len(township.feedback_counts)} 件" in feedback
    assert "| 2026-11 | 2 | 0 | 0 | 2 |" in feedback
    for entry in township.registry.feedback:  # counts only: not even public feedback text
        assert entry.summary not in feedback


def test_rules_page(board: Path) -> None:
    text = (board / "rules.md").read_text(encoding="utf-8")
    for rule in ["末位表态", "五个不直接分管", "三分之二到会", "半数", "暂缓表决", "任前公示"]:
        assert rule in text
    assert "党务公开时限" in text and "7个工作日内" in text
    assert "0771-5820123" in text


def test_leaders_page(board: Path) -> None:
    text = (board / "leaders.md").read_text(encoding="utf-8")
    assert "### 张建国" in text and "13907710001" in text
    assert "主持镇政府全面工作" in text  # duties
    assert "| 工程建设及招投标 | 周海波 |" in text  # 五个不直接分管: held by others


def test_nothing_internal_in_any_file(board: Path) -> None:
    for rel, text in pages(board).items():
        for secret in INTERNAL:
            assert secret not in text, (rel, secret)


def test_same_bytes_twice_and_no_rewrite(township: PublicView, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    render_markdown(township, first)
    render_markdown(township, second)
    assert pages(first) == pages(second)
    stamps = {p: p.stat().st_mtime_ns for p in first.rglob("*.md")}
    inodes = {p: p.stat().st_ino for p in first.rglob("*.md")}
    render_markdown(township, first)
    assert {p: p.stat().st_mtime_ns for p in first.rglob("*.md")} == stamps
    assert {p: p.stat().st_ino for p in first.rglob("*.md")} == inodes


def test_a_power_no_longer_public_loses_its_page(registry: RegistryBuilder, tmp_path: Path) -> None:
    registry.write()
    out = tmp_path / "md"
    render_markdown(view_of(registry.root), out)
    assert (out / "powers" / "DW-001.md").is_file()
    registry["powers/DW-001.yaml"]["secrecy"] = "party"
    registry.write()
    render_markdown(view_of(registry.root), out)
    assert not (out / "powers" / "DW-001.md").exists()
    for text in pages(out).values():
        assert "重大工程项目安排决定权" not in text


# --- escaping ------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_script_and_pipe_in_titles_stay_text(registry: RegistryBuilder, tmp_path: Path) -> None:
    registry["powers/DW-001.yaml"]["title"] = f"{SCRIPT}决定权 | 第二列"
    registry["powers/DW-001.yaml"]["description"] = (
        "第一行\n# 不是标题\n- 不是列表 [链接](javascript:x)"
    )
    item = registry["meetings/2026/M-01.yaml"]["items"][0]
    item["title"] = f"议题{SCRIPT}|A&B"
    registry["disclosures/2026.yaml"][0]["title"] = "公开 | <b>粗</b>"
    registry.write()
    out = tmp_path / "md"
    render_markdown(view_of(registry.root), out)
    every = pages(out)
    for rel, text in every.items():
        # inside the ```mermaid code block text is code (Mermaid sets the title as text)
        prose = re.sub(r"```mermaid\n.*?\n```", "", text, flags=re.S)
        assert "<script" not in prose and "<b>" not in prose, rel
    powers = every["powers.md"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;决定权 \\| 第二列" in powers
    row = table_rows(powers, "[DW-001]")[0]
    assert len(row) == 4  # the escaped pipe did not add a cell
    decisions = every["decisions.md"]
    assert "议题&lt;script&gt;alert(1)&lt;/script&gt;\\|A&amp;B" in decisions
    assert all(len(r) == 7 for r in table_rows(decisions, "2026-"))
    ledger = every["ledger.md"]
    assert "公开 \\| &lt;b&gt;粗&lt;/b&gt;" in ledger
    page = every["powers/DW-001.md"]
    assert "第一行 # 不是标题 - 不是列表 \\[链接\\](javascript:x)" in page
    assert "](javascript" not in page.replace("\\](javascript", "")


def test_escape_md() -> None:
    assert escape_md("a|b") == "a\\|b"
    assert escape_md("x\ny\r\nz") == "x y z"
    assert escape_md("<i>&") == "&lt;i&gt;&amp;"
    assert escape_md("[t](u)") == "\\[t\\](u)"
    assert escape_md("*_`~$") == "\\*\\_\\`\\~\\$"
    assert escape_md("# h") == "\\# h"
    assert escape_md("- x") == "\\- x"
    assert escape_md("1. x") == "1\\. x"
    assert escape_md("2026-04-28") == "2026-04-28"
    assert escape_md("清水镇（党委）") == "清水镇（党委）"


def test_notes_keep_markdown_but_not_html() -> None:
    notes = (
        "## 运行说明\n\n> 引用\n\n- 列表 **粗**\n\n<img src=x onerror=alert(1)>\n"
        "[好](https://example.org) [坏](javascript:alert(1)) [也坏](&#106;avascript:x)\n"
        "[ref]: vbscript:msgbox\n"
    )
    out = neutralize_notes(notes)
    assert "## 运行说明" in out and "> 引用" in out and "- 列表 **粗**" in out
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "[好](https://example.org)" in out
    assert "[坏]\\(javascript:alert(1))" in out
    assert "[也坏]\\(&#106;avascript:x)" in out
    assert "\\[ref]: vbscript:msgbox" in out


def test_odd_power_ids_stay_inside_the_powers_folder() -> None:
    taken: set[str] = set()
    names = [
        page_name(rid, taken) for rid in ["QS-DW-001", "../../etc/x", "a/b", "qs-dw-001", "权力1"]
    ]
    assert names[0] == "QS-DW-001"
    assert names[4] == "权力1"
    assert all("/" not in n and not n.startswith(".") for n in names)
    assert len({n.lower() for n in names}) == len(names)


def test_odd_power_id_page(registry: RegistryBuilder, tmp_path: Path) -> None:
    power = registry.records.pop("powers/DW-001.yaml")
    power["id"] = "../DW 001"
    registry.records["powers/DW-001.yaml"] = power
    for risk in registry["risks/DW-001.yaml"]:
        risk["power"] = "../DW 001"
    registry["meetings/2026/M-01.yaml"]["items"][0]["power"] = "../DW 001"
    registry.write()
    out = tmp_path / "board" / "md"
    render_markdown(view_of(registry.root), out)
    assert not (tmp_path / "board" / "DW 001.md").exists()
    (page,) = (out / "powers").glob("*.md")
    assert page.name.startswith("id-")
    text = (out / "powers.md").read_text(encoding="utf-8")
    assert f"](powers/{page.name})" in text


def test_english_chrome(township: PublicView, tmp_path: Path) -> None:
    render_markdown(township, tmp_path, lang=Lang.EN)
    home = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "## Supervision channels" in home
    assert "[Powers](powers.md)" in home
    assert "清水镇党委" in home  # record content is shown as written


def test_refuses_a_folder_it_did_not_build(township: PublicView, tmp_path: Path) -> None:
    records = tmp_path / "registry"
    (records / "powers").mkdir(parents=True)
    record = records / "powers" / "QS-DW-003.md"
    record.write_text("---\nid: QS-DW-003\n---\n", encoding="utf-8")
    with pytest.raises(BoardOutputError, match="not built by powerctl"):
        render_markdown(township, records)
    assert record.read_text(encoding="utf-8") == "---\nid: QS-DW-003\n---\n"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(BoardOutputError, match="not a folder"):
        render_markdown(township, tmp_path / "file")
