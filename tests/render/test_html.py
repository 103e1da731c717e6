"""`render_html`: the static web board of examples/township and of small registries: every page,
links that resolve offline, inline SVG, escaping of every free-text field, safe Markdown notes,
byte-for-byte determinism, the Atom feed, and secrecy (a party-only power has no page)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from conftest import EXAMPLES, RegistryBuilder
from powerctl.i18n import Lang
from powerctl.pipeline import run
from powerctl.render import site_search
from powerctl.render.html import SiteOutputError, render_html
from powerctl.render.public import PublicView, public_view
from powerctl.render.site_output import SiteWriter
from powerctl.settings import Settings

AS_OF = dt.date(2026, 11, 23)
TOWNSHIP = EXAMPLES / "township"
ATOM = "{http://www.w3.org/2005/Atom}"
TOP_PAGES = (
    "index.html",
    "leaders.html",
    "powers.html",
    "traceability.html",
    "risks.html",
    "decisions.html",
    "ledger.html",
    "feedback.html",
    "complaints.html",
    "search.html",
)


def township_view() -> PublicView:
    return public_view(run(TOWNSHIP, Settings()).registry, AS_OF)


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("township") / "site"
    render_html(township_view(), out, assets_root=TOWNSHIP)
    return out


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


class Links(HTMLParser):
    """Every href/src of a page and every id it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.ids: set[str] = set()
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.refs.append((tag, name, value))
            if tag == "html" and name == "lang":
                self.lang = value


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


# --- the township board ------------------------------------------------------------------------


def test_every_page_exists(township: Path) -> None:
    view = township_view()
    for name in (*TOP_PAGES, "feed.xml", "assets/site.css", "assets/site.js"):
        assert (township / name).is_file(), name
    for power in view.registry.powers:
        assert (township / "powers" / f"{power}.html").is_file()
    members = {m.person for b in view.registry.bodies.values() for m in b.memberships}
    for pid in members:
        assert (township / "leaders" / f"{pid}.html").is_file()
    assert (township / "assets" / "photos" / "p-zhang.svg").is_file()
    if site_search.pagefind_binary() is not None:
        assert (township / "pagefind" / "pagefind.js").is_file()


def test_links_resolve_offline_and_nothing_loads_from_the_network(township: Path) -> None:
    ids = {page: parse(page).ids for page in html_files(township)}
    for page in html_files(township):
        links = parse(page)
        assert links.lang == "zh-CN"
        for tag, attribute, url in links.refs:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                # only a link a visitor chooses to follow, never a resource the page loads
                assert tag == "a", f"{page}: {tag} {attribute}={url}"
                continue
            if parts.scheme in ("mailto", "tel", "data"):
                continue
            assert not parts.scheme and not parts.netloc, f"{page}: {url}"
            assert not url.startswith("/"), f"{page}: absolute path {url}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(township)} -> {url}"
            assert target.is_relative_to(township.resolve())
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in ids[target], f"{page.name} -> {url}: no such id"


def test_every_page_has_one_h1_landmarks_and_the_feed_link(township: Path) -> None:
    for page in html_files(township):
        text = page.read_text(encoding="utf-8")
        assert text.count("<h1") == 1, page
        for landmark in ("<header", "<nav", "<main", "<footer"):
            assert landmark in text, (page, landmark)
        assert 'rel="alternate" type="application/atom+xml"' in text
        assert '<link rel="icon" href="data:,">' in text
        assert 'name="viewport"' in text
        for table in re.findall(r"<table.*?</table>", text, flags=re.DOTALL):
            assert "<caption" in table and 'scope="col"' in table, page


def test_power_pages_have_an_inline_flowchart(township: Path) -> None:
    from powerctl.render.flowchart import dot_available

    page = (township / "powers" / "QS-DW-003.html").read_text(encoding="utf-8")
    if not dot_available():
        assert '<ol class="steps' in page
        pytest.skip("Graphviz dot is not installed: the steps are listed instead")
    for power in township_view().registry.powers:
        text = (township / "powers" / f"{power}.html").read_text(encoding="utf-8")
        assert "<svg" in text and "<?xml" not in text and "<!DOCTYPE svg" not in text, power
    assert "党委会集体讨论，记名票决" in page


def test_without_graphviz_the_steps_are_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from powerctl.render import flowchart

    monkeypatch.setattr(flowchart, "dot_available", lambda: False)
    out = tmp_path / "site"
    render_html(township_view(), out)
    page = (out / "powers" / "QS-DW-003.html").read_text(encoding="utf-8")
    assert "<svg" not in page and "流程图未能生成" in page
    assert page.index("项目业主单位提出项目建议") < page.index("项目档案立卷归档")


def test_without_the_picture_modules_the_board_still_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from powerctl.render import site_pages

    monkeypatch.setattr(site_pages, "optional", lambda module, name: None)
    out = tmp_path / "site"
    render_html(township_view(), out)
    power = (out / "powers" / "QS-DW-003.html").read_text(encoding="utf-8")
    assert "<svg" not in power and "1. 项目业主单位提出项目建议" in power
    risks = (out / "risks.html").read_text(encoding="utf-8")
    assert "热力图未能生成" in risks and 'id="risk-table"' in risks


def test_power_page_shows_its_traceability(township: Path) -> None:
    page = (township / "powers" / "QS-DW-003.html").read_text(encoding="utf-8")
    assert "重大工程项目安排决定权" in page
    assert "QS-R-007" in page  # its risk points with their controls
    assert "工程项目一律提交党委会集体票决" in page
    assert "关于清水河堤加固工程项目实施方案的议题" in page  # a decision taken under it
    assert "清水河堤加固工程项目实施方案审议结果" in page  # the disclosure that published it
    assert "建议在堤顶设置护栏和照明" in page  # public feedback about it
    assert "0771-5820118" in page  # its own complaint phone
    matrix = (township / "traceability.html").read_text(encoding="utf-8")
    assert 'href="powers/QS-DW-003.html"' in matrix


def test_risks_page_has_the_heat_map_and_a_filterable_table(township: Path) -> None:
    page = (township / "risks.html").read_text(encoding="utf-8")
    assert 'id="risk-table"' in page and 'data-filter-for="risk-table" hidden' in page
    assert page.count('data-level="high"') == 15
    if '<figure class="heatmap">' in page:
        assert "<svg" in page


def test_leaders_board_shows_who_holds_the_restricted_portfolios(township: Path) -> None:
    page = (township / "leaders.html").read_text(encoding="utf-8")
    section = page[page.index("五个不直接分管") :]
    for portfolio, holder in (
        ("财务", "王立新"),
        ("人事", "孙丽"),
        ("工程建设及招投标", "周海波"),
        ("行政审批", "陈静"),
        ("物资采购", "陈静"),
    ):
        assert re.search(rf"<th scope=\"row\">{portfolio}</th>\s*<td>[^<]*{holder}", section)
    assert "13907710001" in page  # publish_phone: true
    assert "13907710007" not in page  # p-wu: publish_phone false
    assert 'src="assets/photos/p-zhang.svg"' in page
    assert "吴晓东" in page  # a former member keeps a record page


def test_leader_record_shows_named_votes_never_secret_ballots(township: Path) -> None:
    page = (township / "leaders" / "p-sun.html").read_text(encoding="utf-8")
    assert "履职记录" in page and "赞成" in page
    # 后备干部推荐 (QS-M-2026-07 item 2) is internal and a secret ballot
    assert "后备干部" not in page


def test_non_public_power_has_no_page_and_is_never_named(township: Path) -> None:
    assert not (township / "powers" / "QS-DW-015.html").exists()
    for path in township.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "QS-DW-015" not in text and "党员组织关系管理权" not in text, path


def test_atom_feed_parses_and_lists_the_public_disclosures(township: Path) -> None:
    view = township_view()
    published = {
        d.title for d in view.registry.disclosures if d.published_on and d.published_on <= AS_OF
    }
    root = ET.parse(township / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    titles = {e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")}
    assert titles == published and len(titles) > 20
    assert root.findtext(f"{ATOM}updated") == "2026-11-16T00:00:00+08:00"
    assert "党内印发" not in (township / "feed.xml").read_text(encoding="utf-8")


def test_search_page_says_it_needs_http_and_javascript(township: Path) -> None:
    page = (township / "search.html").read_text(encoding="utf-8")
    assert "<noscript>" in page and "location.protocol" not in page  # the check lives in search.js
    assert 'id="search-file" hidden' in page
    assert '<label for="search-q">' in page
    assert "location.protocol" in (township / "assets" / "search.js").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in page  # the search page itself is not indexed


def test_no_external_resources_in_css_and_js(township: Path) -> None:
    for name in ("site.css", "site.js", "search.js"):
        text = (township / "assets" / name).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "@import" not in text
        assert "@font-face" not in text
    css = (township / "assets" / "site.css").read_text(encoding="utf-8")
    assert '"Noto Sans CJK SC"' in css and "@media print" in css and "@media (max-width" in css


# --- determinism and the build ---------------------------------------------------------------


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_two_renders_are_byte_identical(township: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    render_html(township_view(), again, assets_root=TOWNSHIP)
    first, second = snapshot(township), snapshot(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_rerender_keeps_unchanged_files_and_swaps_whole_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    view = township_view()
    render_html(view, out, assets_root=TOWNSHIP)
    before = {p: p.stat() for p in out.rglob("*.html")}
    (out / "stale.html").write_text("old", encoding="utf-8")
    files = render_html(view, out, assets_root=TOWNSHIP)
    assert not (out / "stale.html").exists()  # a rebuilt site has only what this build wrote
    for path, stat in before.items():
        assert path.stat().st_mtime_ns == stat.st_mtime_ns, path
        assert path.stat().st_ino == stat.st_ino, path
    assert out / "index.html" in files
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left behind
    assert oct(out.stat().st_mode & 0o755) == oct(0o755 & ~current_umask())


def current_umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def test_a_crash_leaves_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    view = township_view()
    render_html(view, out, assets_root=TOWNSHIP)
    before = snapshot(out)
    calls = 0
    real = SiteWriter.page

    def failing(*args: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("disk full")
        real(*args)

    monkeypatch.setattr(SiteWriter, "page", failing)
    with pytest.raises(RuntimeError):
        render_html(view, out, assets_root=TOWNSHIP)
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_refuses_to_replace_a_folder_it_did_not_build(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "thesis.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SiteOutputError):
        render_html(township_view(), out)
    assert (out / "thesis.txt").read_text(encoding="utf-8") == "mine"


def test_refuses_the_current_folder_and_symlinks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for out in (Path("."), tmp_path, tmp_path.parent):
        with pytest.raises(SiteOutputError):
            render_html(township_view(), out)
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(SiteOutputError):
        render_html(township_view(), tmp_path / "link")


def test_progress_is_reported_per_page(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    render_html(township_view(), tmp_path / "site", progress=lambda d, t: seen.append((d, t)))
    totals = {t for _, t in seen}
    assert len(totals) == 1 and seen[-1][0] == seen[-1][1] == totals.pop()
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) > 40


def test_without_pagefind_the_search_page_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_search, "pagefind_binary", lambda: None)
    out = tmp_path / "site"
    render_html(township_view(), out)
    page = (out / "search.html").read_text(encoding="utf-8")
    assert "未建立搜索索引" in page and "search.js" not in page
    assert not (out / "pagefind").exists()
    assert (out / "powers.html").is_file()


def test_english_chrome(tmp_path: Path) -> None:
    out = tmp_path / "site"
    render_html(township_view(), out, lang=Lang.EN)
    page = (out / "powers.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert ">Powers<" in page and "重大工程项目安排决定权" in page  # record content as written
    if site_search.pagefind_binary() is not None:
        # the records stay Chinese: the index segments them as Chinese under English chrome
        entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == ["zh"]


def test_photos_outside_the_registry_are_not_copied(
    registry: RegistryBuilder, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not for the board")
    people = registry["org/people.yaml"]["people"]
    people[0]["photo"] = "../secret.png"
    people[1]["photo"] = "assets/p-zhen.png"
    registry.raw["assets/p-zhen.png"] = b"\x89PNG photo"
    root = registry.write()
    view = public_view(run(root, Settings()).registry, AS_OF)
    out = tmp_path / "site"
    render_html(view, out, assets_root=root)
    copied = sorted(p.name for p in (out / "assets" / "photos").iterdir())
    assert copied == ["p-zhen.png"]


# --- escaping --------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{IMG}"


def poison(registry: RegistryBuilder) -> None:
    """A payload in every free-text field a page shows."""
    r = registry.records
    r["powerctl.yaml"]["contact"]["mailbox"] = PAYLOAD
    r["powerctl.yaml"]["unit"]["name"] = "测试镇" + PAYLOAD
    for person in r["org/people.yaml"]["people"]:
        person["name"] = person["name"] + PAYLOAD
    for body in r["org/bodies.yaml"]["bodies"]:
        body["name"] += PAYLOAD
        for membership in body["memberships"]:
            membership["title"] = "委员" + PAYLOAD
            membership["duties"] = "分管" + PAYLOAD
    power = r["powers/DW-001.yaml"]
    power["title"] += PAYLOAD
    power["description"] = PAYLOAD
    power["conditions"] = PAYLOAD
    power["notes"] = PAYLOAD
    power["basis"] = [{"title": "《条例》" + PAYLOAD, "article": PAYLOAD}]
    power["complaint"] = {"phone": "0771-1234567", "mailbox": PAYLOAD}
    for step in power["steps"]:
        step["name"] += PAYLOAD
        step["actor"] = PAYLOAD
    power["supervision"][0].update(by=PAYLOAD, how=PAYLOAD)
    risk = r["risks/DW-001.yaml"][0]
    risk.update(description=PAYLOAD, post=PAYLOAD)
    risk["controls"][0]["measure"] = PAYLOAD
    meeting = r["meetings/2026/M-01.yaml"]
    meeting["notes"] = PAYLOAD
    item = meeting["items"][0]
    item["title"] += PAYLOAD
    for statement in item["statements"]:
        statement["summary"] = PAYLOAD
    for entry in r["disclosures/2026.yaml"]:
        entry["title"] += PAYLOAD
        entry["summary"] = PAYLOAD
    feedback = r["feedback/2026.yaml"][0]
    feedback.update(summary=PAYLOAD, answer=PAYLOAD, secrecy="public")


def test_every_free_text_field_is_escaped(registry: RegistryBuilder, tmp_path: Path) -> None:
    poison(registry)
    root = registry.write()
    view = public_view(run(root, Settings()).registry, AS_OF)
    out = tmp_path / "site"
    render_html(view, out, assets_root=root)
    outputs = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")]
    for path in outputs:
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text, path
        assert "<img src=x" not in text, path
        assert "onerror=alert(1)>" not in text.replace("onerror=alert(1)&gt;", ""), path
    shown = {
        "index.html": 2,  # unit name, mailbox, disclosure titles
        "leaders.html": 3,
        "powers/DW-001.html": 10,
        "decisions.html": 1,
        "ledger.html": 2,
        "feedback.html": 2,
        "risks.html": 2,
        "leaders/p-zhen.html": 2,
    }
    for name, at_least in shown.items():
        text = (out / name).read_text(encoding="utf-8")
        assert text.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= at_least, name
        assert "&lt;img src=x onerror=alert(1)&gt;" in text, name
    feed = ET.parse(out / "feed.xml").getroot()
    assert any(SCRIPT in (e.findtext(f"{ATOM}title") or "") for e in feed.iter(f"{ATOM}entry"))


def test_markdown_notes_are_neutralised(registry: RegistryBuilder, tmp_path: Path) -> None:
    registry["powers/DW-001.yaml"]["notes"] = (
        "## 运行说明\n\n**重点**监督。\n\n<script>alert(1)</script>\n\n"
        '<img src="http://example.org/x.png" onerror="alert(1)">\n\n'
        "[点我](javascript:alert(1)) [数据](data:text/html,hi) [县纪委](https://example.org/jw) "
        "[来信](mailto:jw@example.org)\n\n![图](http://example.org/tracker.png)\n"
    )
    root = registry.write()
    out = tmp_path / "site"
    render_html(public_view(run(root, Settings()).registry, AS_OF), out)
    page = (out / "powers" / "DW-001.html").read_text(encoding="utf-8")
    notes = page[page.index('<section aria-labelledby="notes-h"') :]
    notes = notes[: notes.index("</section>")]
    assert "<strong>重点</strong>" in notes
    assert "<script" not in notes and "&lt;script&gt;" in notes
    assert "<img" not in notes
    assert "javascript:" not in re.sub(r">[^<]*<", "><", notes)  # in no attribute
    assert 'href="data:' not in notes
    assert '<a href="https://example.org/jw"' in notes
    assert '<a href="mailto:jw@example.org"' in notes
    assert 'src="http' not in page
    assert "<h2" not in notes.split("</h2>", 1)[1]  # note headings sit below the section's h2


def test_personnel_vote_counts_are_not_shown(registry: RegistryBuilder, tmp_path: Path) -> None:
    item = registry["meetings/2026/M-01.yaml"]["items"][0]
    item.update(category="personnel", title="关于干部任免的议题")
    item["vote"] = {"method": "secret", "counts": {"yes": 4, "no": 1, "abstain": 0}}
    root = registry.write()
    out = tmp_path / "site"
    render_html(public_view(run(root, Settings()).registry, AS_OF), out)
    page = (out / "decisions.html").read_text(encoding="utf-8")
    row = page[page.index("关于干部任免的议题") :]
    row = row[: row.index("</tr>")]
    assert "无记名投票" in row and "人事事项不公开票数" in row
    assert "赞成 4" not in row and "反对 1" not in row
