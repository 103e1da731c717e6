"""`powerctl print`: the printed notice-board sheets (公开栏) as PDF.

WeasyPrint takes seconds per build, so the example board is built once per module (A4, default
sheets, one power title carrying markup) and once more on A3 with one sheet. The PDF is read back
with poppler: `pdffonts` (a CJK font really is embedded: without one WeasyPrint embeds DejaVu,
prints tofu boxes, and `pdftotext` still returns the Chinese), `pdftotext`, `pdfinfo`.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from functools import cache
from pathlib import Path

import pytest

from conftest import EXAMPLES, RegistryBuilder
from powerctl.i18n import Lang
from powerctl.model.registry import Registry
from powerctl.pipeline import run
from powerctl.render.pdf import SHEETS, board_html, photo_uri, render_pdf
from powerctl.render.public import PublicView, public_view
from powerctl.resources import template_dir
from powerctl.settings import Settings

TOWNSHIP = EXAMPLES / "township"
AS_OF = dt.date(2026, 11, 23)
MARKUP = "<b>x</b>"


@cache
def township() -> Registry:
    return run(TOWNSHIP, Settings()).registry


def township_view(as_of: dt.date = AS_OF) -> PublicView:
    """A fresh view each time (public_view copies), so a test may change it."""
    return public_view(township(), as_of)


def poppler(tool: str, pdf: Path, *args: str) -> str:
    done = subprocess.run(
        [tool, *args, str(pdf), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    view = township_view()
    power = view.registry.powers["QS-DW-001"]
    power.title = MARKUP + power.title  # the view is a copy: free text with markup in it
    out = tmp_path_factory.mktemp("print") / "board.pdf"
    assert render_pdf(view, out, assets_root=TOWNSHIP) == out
    return out


@pytest.fixture(scope="module")
def board_text(board: Path) -> str:
    return poppler("pdftotext", board)


@pytest.fixture(scope="module")
def a3_leaders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("print") / "leaders-a3.pdf"
    return render_pdf(township_view(), out, paper="a3", sheets=("leaders",), assets_root=TOWNSHIP)


def test_a_cjk_font_is_embedded(a3_leaders: Path) -> None:
    # pdffonts takes seconds on the full board (WeasyPrint makes each centred Graphviz label a form
    # XObject, and poppler walks them all): ask about the one-sheet board, laid out the same way
    fonts = poppler("pdffonts", a3_leaders).splitlines()[2:]
    cjk = [line for line in fonts if "CJK" in line and "Noto" in line]
    assert cjk, fonts
    # columns: name type encoding emb sub uni object ID: every Noto CJK font embedded
    assert all(line.split()[-5] == "yes" for line in cjk), cjk
    assert not [line for line in fonts if "DejaVu" in line], fonts


def test_board_text_has_the_sheets(board_text: str) -> None:
    for expected in (
        "清水镇党委",  # unit name (headings and page header)
        "班子成员公开",
        "张建国",  # a leader
        "13907710001",  # a published phone
        "职权目录",
        "重大工程项目安排决定权",  # a power title
        "权力运行流程图",
        "纪委书记列席会议全程监督",  # a supervision point
        "公开台账",
        "决策公开",
        "2026年11月23日",  # the disclosure date in the header
    ):
        assert expected in board_text, expected
    assert "廉政风险点热力图" not in board_text  # the risks sheet is not a default sheet


def test_restricted_portfolios_are_shown_held_by_others(board_text: str) -> None:
    flat = "".join(board_text.split())
    assert "财务（王立新）" in flat
    assert "由其他班子成员分管（五个不直接分管）" in flat


def test_page_numbers_and_header_on_every_page(board: Path, board_text: str) -> None:
    pages = int(
        next(x for x in poppler("pdfinfo", board).splitlines() if x.startswith("Pages:"))[6:]
    )
    assert pages > 20
    per_page = board_text.split("\f")
    assert f"第 {pages} 页 / 共 {pages} 页" in per_page[pages - 1]
    assert all("清水镇党委" in text and "公开日期" in text for text in per_page[:pages])


def test_markup_in_a_title_is_printed_as_text(board_text: str) -> None:
    assert MARKUP + "镇经济社会发展重大决策权" in board_text


def test_a3_is_larger_and_sheets_can_be_chosen(board: Path, a3_leaders: Path) -> None:
    def size(pdf: Path) -> str:
        return next(x for x in poppler("pdfinfo", pdf).splitlines() if x.startswith("Page size"))

    assert "(A4)" in size(board)
    assert "(A3)" in size(a3_leaders)
    text = poppler("pdftotext", a3_leaders)
    assert "班子成员公开" in text and "张建国" in text
    assert "职权目录" not in text and "权力运行流程图" not in text


def test_rebuilding_the_same_board_leaves_the_file_alone(a3_leaders: Path) -> None:
    before = a3_leaders.stat().st_mtime_ns, a3_leaders.read_bytes()
    render_pdf(township_view(), a3_leaders, paper="A3", sheets=("leaders",), assets_root=TOWNSHIP)
    assert (a3_leaders.stat().st_mtime_ns, a3_leaders.read_bytes()) == before
    assert not list(a3_leaders.parent.glob(".*.tmp"))


def test_print_css_keeps_rows_whole_and_repeats_headers() -> None:
    css = (template_dir() / "print" / "print.css").read_text(encoding="utf-8")
    assert "tr { break-inside: avoid; }" in css
    assert "thead { display: table-header-group; }" in css
    assert "counter(pages)" in (template_dir() / "print" / "board.html.j2").read_text("utf-8")


# --- the HTML that WeasyPrint lays out (fast: no PDF) ----------------------------------------------


def test_unknown_sheet_or_paper_is_refused() -> None:
    view = township_view()
    with pytest.raises(ValueError, match="unknown sheet"):
        board_html(view, sheets=("leaders", "posters"))
    with pytest.raises(ValueError, match="unknown paper"):
        board_html(view, paper="Letter")


def test_leaders_are_those_of_the_board_date() -> None:
    march = board_html(township_view(dt.date(2026, 3, 1)), sheets=("leaders",))
    assert "吴晓东" in march and "何晓燕" not in march  # 宣传委员 changed on 2026-07-01
    assert "13907710007" not in march  # 吴晓东 does not publish his phone
    november = board_html(township_view(), sheets=("leaders",))
    assert "何晓燕" in november and "吴晓东" not in november


def test_without_graphviz_the_steps_are_listed() -> None:
    html = board_html(township_view(), sheets=("flows",), flowchart=lambda power: None)
    assert '<ol class="steps">' in html and "<svg" not in html
    assert "党委会集体讨论，记名票决" in html


def test_inline_svg_loses_its_prolog() -> None:
    svg = '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg/>'
    html = board_html(township_view(), sheets=("flows",), flowchart=lambda power: svg)
    assert "<svg/>" in html and "<?xml" not in html and "DOCTYPE svg" not in html


def test_photos_only_from_inside_the_registry(tmp_path: Path) -> None:
    assert photo_uri(TOWNSHIP, "assets/people/p-zhang.svg") == (
        (TOWNSHIP / "assets/people/p-zhang.svg").resolve().as_uri()
    )
    (tmp_path / "secret.svg").write_text("<svg/>")
    assert photo_uri(TOWNSHIP, str(tmp_path / "secret.svg")) is None
    assert photo_uri(TOWNSHIP, "../../etc/passwd") is None
    assert photo_uri(None, "assets/people/p-zhang.svg") is None


def test_personnel_vote_counts_are_not_printed() -> None:
    view = township_view()
    personnel = [
        item
        for m in view.registry.meetings.values()
        for item in m.items
        if item.category == "personnel" and item.vote is not None
    ]
    assert personnel
    html = board_html(view, sheets=("disclosures",))
    for item in personnel:
        row = html[html.index(item.title) :].split("</tr>", 1)[0]
        assert "同意" not in row, row


def test_english_labels() -> None:
    html = board_html(township_view(), sheets=("powers", "leaders"), lang=Lang.EN)
    assert "Power list" in html and "Leadership" in html and "职权目录" not in html
    assert "Page " in html


def test_a_small_registry_renders_every_sheet(registry: RegistryBuilder) -> None:
    """The minimal registry: no photos, one power, portfolios nobody holds."""
    registry.write()
    view = public_view(run(registry.root, Settings()).registry, AS_OF)
    html = board_html(view, sheets=SHEETS, assets_root=registry.root)
    for expected in ("测试镇党委", "张书记", "重大工程项目安排决定权", "未经集体研究确定施工单位"):
        assert expected in html, expected
    flat = "".join(html.split())
    assert "财务（王镇长、李副书记、赵纪委书记、孙组织委员）由其他班子成员分管；" in flat
    assert "人事、工程招投标、行政审批、物资采购未明确分管领导（五个不直接分管）" in flat
