"""The web board in a real browser: Debian's Chromium driven by Playwright (never `playwright
install`: no downloads). Every page of examples/township loads over HTTP with no console error and
no failed request, axe-core finds nothing serious or critical, the Chinese search finds 工程, and
screenshots at desktop and phone width are kept for a person to look at.

Screenshots go to $POWERCTL_SCREENSHOTS when set, else to a temporary folder."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import http.server
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian chromium (/usr/bin/chromium) is not installed", allow_module_level=True)
import axe_playwright_python.async_playwright as axe_module  # noqa: E402
from playwright import async_api  # noqa: E402

from powerctl.pipeline import run  # noqa: E402
from powerctl.render.html import render_html  # noqa: E402
from powerctl.render.public import public_view  # noqa: E402
from powerctl.render.site_search import pagefind_binary  # noqa: E402
from powerctl.settings import Settings  # noqa: E402

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AS_OF = dt.date(2026, 11, 23)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_SHOT = 5000  # px of page height in a screenshot
# pages looked at in screenshots (the others are checked, not photographed)
SHOTS = {
    "index.html": "index",
    "leaders.html": "leaders",
    "leaders/p-zhou.html": "leader",
    "powers.html": "powers",
    "powers/QS-DW-003.html": "power",
    "risks.html": "risks",
    "decisions.html": "decisions",
    "ledger.html": "ledger",
    "feedback.html": "feedback",
    "complaints.html": "complaints",
    "traceability.html": "traceability",
    "search.html?q=工程": "search",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reg = run(EXAMPLES / "township", Settings()).registry
    out = tmp_path_factory.mktemp("browser") / "site"
    render_html(public_view(reg, AS_OF), out, assets_root=EXAMPLES / "township")
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("POWERCTL_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Watch:
    """Console errors, page errors and failed requests of one page."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def _pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith("pagefind/")
    )


@asynccontextmanager
async def chromium() -> AsyncIterator[Any]:
    async with async_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


def in_browser(test: Callable[[Any], Awaitable[None]]) -> None:
    async def main() -> None:
        async with chromium() as browser:
            await test(browser)

    asyncio.run(main())


# axe takes about a second a page, two thirds of it on colour contrast: two pages at a time, and
# the contrast rule once per template (pages of one template share their colours; every other
# rule still runs on every page)
WORKERS = 2
NO_CONTRAST = {"rules": {"color-contrast": {"enabled": False}}, "resultTypes": ["violations"]}


def _contrast_checked(pages: list[str]) -> set[str]:
    first: dict[str, str] = {}
    for path in pages:
        first.setdefault(path.split("/")[0] if "/" in path else path, path)
    return set(first.values())


def test_every_page_loads_cleanly_and_passes_axe(site: Path, server: str) -> None:
    pages = _pages(site)
    assert len(pages) > 40
    full = _contrast_checked(pages)
    axe = axe_module.Axe()
    problems: list[str] = []
    serious: list[str] = []

    async def worker(browser: Any, todo: list[str]) -> None:
        context = await browser.new_context(viewport=DESKTOP)
        page = await context.new_page()
        watch = Watch(page)
        for path in todo:
            await page.goto(server + path, wait_until="load")
            options = axe_module.DEFAULT_OPTIONS if path in full else NO_CONTRAST
            violations = (await axe.run(page, options=options)).response["violations"]
            serious.extend(
                f"{path}: {v['id']} ({v['impact']}): {v['help']} "
                + "; ".join(str(n["target"][0]) for n in v["nodes"][:3])
                for v in violations
                if v["impact"] in ("serious", "critical")
            )
        problems.extend(watch.problems)
        await context.close()

    async def test(browser: Any) -> None:
        await asyncio.gather(*(worker(browser, pages[i::WORKERS]) for i in range(WORKERS)))

    in_browser(test)
    assert problems == []
    assert serious == []


def test_screenshots_desktop_and_phone(server: str, shots: Path) -> None:
    problems: list[str] = []

    async def take(browser: Any, name: str, viewport: dict[str, int]) -> None:
        context = await browser.new_context(viewport=viewport, device_scale_factor=1)
        page = await context.new_page()
        watch = Watch(page)
        for path, stem in SHOTS.items():
            await page.goto(server + path, wait_until="load")
            if stem == "search":
                await page.wait_for_selector("#search-results li", timeout=10_000)
            # the whole page, cut at a few screens (the decisions page is 30 000 px on a phone)
            height = await page.evaluate("document.documentElement.scrollHeight")
            clip = {"x": 0, "y": 0, "width": viewport["width"], "height": min(height, MAX_SHOT)}
            await page.screenshot(path=str(shots / f"{stem}-{name}.png"), full_page=True, clip=clip)
        problems.extend(watch.problems)
        await context.close()

    async def test(browser: Any) -> None:
        await asyncio.gather(take(browser, "desktop", DESKTOP), take(browser, "phone", PHONE))

    in_browser(test)
    assert problems == []
    assert all((shots / f"{stem}-phone.png").is_file() for stem in SHOTS.values())


@pytest.mark.skipif(pagefind_binary() is None, reason="pagefind is not installed")
def test_search_finds_chinese_words_over_http(server: str) -> None:
    async def test(browser: Any) -> None:
        page = await browser.new_page()
        watch = Watch(page)
        await page.goto(server + "search.html", wait_until="load")
        await page.get_by_label("搜索关键词").fill("工程")
        await page.get_by_role("button", name="搜索").click()
        await page.wait_for_selector("#search-results li", timeout=10_000)
        assert await page.locator("#search-results li").count() >= 3
        titles = await page.locator("#search-results li > a").all_inner_texts()
        assert any("重大工程项目安排决定权" in t for t in titles)
        assert await page.locator("#search-results mark").first.inner_text() == "工程"
        await page.locator("#search-results li > a").first.click()  # a result opens its page
        await page.wait_for_load_state("load")
        assert page.url.startswith(server) and "search.html" not in page.url
        assert watch.problems == []

    in_browser(test)


def test_search_page_opened_from_a_file_says_it_needs_http(site: Path) -> None:
    async def test(browser: Any) -> None:
        page = await browser.new_page()
        await page.goto((site / "search.html").as_uri(), wait_until="load")
        assert await page.locator("#search-file").is_visible()
        assert "http" in await page.locator("#search-file").inner_text()
        assert not await page.locator("#search-form").is_visible()

    in_browser(test)


def test_table_filter_works_and_page_works_without_js(server: str) -> None:
    async def test(browser: Any) -> None:
        page = await browser.new_page()
        await page.goto(server + "risks.html", wait_until="load")
        total = await page.locator("#risk-table tbody tr").count()
        await page.select_option("#risk-table-level", "high")
        visible = await page.locator("#risk-table tbody tr:visible").count()
        assert 0 < visible < total
        await page.fill("#risk-table-q", "工程")
        assert await page.locator("#risk-table tbody tr:visible").count() <= visible
        # without JavaScript: every row shown, the filter form stays hidden
        context = await browser.new_context(java_script_enabled=False)
        page = await context.new_page()
        await page.goto(server + "risks.html", wait_until="load")
        assert await page.locator("#risk-table tbody tr:visible").count() == total
        assert not await page.locator("form.filter").is_visible()
        await context.close()

    in_browser(test)


@pytest.mark.skipif(pagefind_binary() is None, reason="pagefind is not installed")
def test_a_sharded_index_searches_every_shard(tmp_path: Path) -> None:
    """A county board's index comes in shards (site_search.SHARD_FROM): search.js merges them."""
    from powerctl.render import site_search

    reg = run(EXAMPLES / "township", Settings()).registry
    out = tmp_path / "site"
    saved = site_search.SHARD_FROM
    site_search.SHARD_FROM = 0
    try:
        render_html(public_view(reg, AS_OF), out, assets_root=EXAMPLES / "township")
    finally:
        site_search.SHARD_FROM = saved
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert (out / "pagefind-powers-0" / "pagefind-entry.json").is_file()
    handler = functools.partial(_QuietHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}/"

    async def test(browser: Any) -> None:
        page = await browser.new_page()
        watch = Watch(page)
        await page.goto(server + "search.html?q=工程", wait_until="load")
        await page.wait_for_selector("#search-results li", timeout=10_000)
        links = await page.locator("#search-results li > a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert any("/powers/" in str(href) for href in links)  # from a merged shard
        titles = await page.locator("#search-results li > a").all_inner_texts()
        assert any("重大工程项目安排决定权" in t for t in titles)
        await page.locator("#search-results li > a").first.click()
        await page.wait_for_load_state("load")
        assert page.url.startswith(server) and "search.html" not in page.url
        assert watch.problems == []

    try:
        in_browser(test)
    finally:
        httpd.shutdown()
        httpd.server_close()
