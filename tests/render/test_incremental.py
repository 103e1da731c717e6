"""The render cache (render/site_cache.py, site_output.py): a warm cache gives the same bytes as
no cache; an edit re-renders only what it touches; a damaged cache is ignored; the cache is
private and holds nothing that is not public."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
from pathlib import Path

import jinja2
import pytest

from conftest import EXAMPLES
from powerctl.pipeline import run
from powerctl.render.html import MARKER, render_html
from powerctl.render.public import PublicView, public_view
from powerctl.settings import Settings

AS_OF = dt.date(2026, 11, 23)
SECRET = "内部标记QX7F"  # only ever in internal records


def view_of(root: Path) -> PublicView:
    return public_view(run(root, Settings()).registry, AS_OF)


def files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in site.rglob("*.html")
    }


@pytest.fixture()
def registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(EXAMPLES / "township", root)
    return root


@pytest.fixture()
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the templates rendered (each page is one top-level render)."""
    seen: list[str] = []
    real = jinja2.Template.render

    def counting(self: jinja2.Template, *args: object, **kwargs: object) -> str:
        seen.append(self.name or "")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    return seen


def test_a_warm_cache_gives_the_bytes_of_no_cache(registry: Path, tmp_path: Path) -> None:
    view = view_of(registry)
    cache = tmp_path / "cache"
    plain, cold, warm = tmp_path / "plain", tmp_path / "cold", tmp_path / "warm"
    render_html(view, plain, assets_root=registry)
    render_html(view, cold, assets_root=registry, cache_dir=cache)
    render_html(view_of(registry), warm, assets_root=registry, cache_dir=cache)
    assert files(cold) == files(plain)
    assert files(warm) == files(plain)


def test_an_unchanged_registry_renders_no_page_again(
    registry: Path, tmp_path: Path, renders: list[str]
) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    render_html(view_of(registry), out, assets_root=registry, cache_dir=cache)
    before = stamps(out)
    renders.clear()
    render_html(view_of(registry), out, assets_root=registry, cache_dir=cache)
    assert renders == []
    assert stamps(out) == before


def test_a_power_title_edit_rerenders_its_pages_only(
    registry: Path, tmp_path: Path, renders: list[str]
) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    render_html(view_of(registry), out, assets_root=registry, cache_dir=cache)
    old_title = "年度工作计划和重要政策制定权"
    showing = {rel for rel, data in files(out).items() if old_title.encode() in data}
    before = stamps(out)
    source = registry / "powers" / "QS-DW-002.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace(old_title, "年度工作计划制定权"),
        encoding="utf-8",
    )
    renders.clear()
    render_html(view_of(registry), out, assets_root=registry, cache_dir=cache)
    after = stamps(out)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    page = out / "powers" / "QS-DW-002.html"
    assert "年度工作计划制定权" in page.read_text(encoding="utf-8")
    assert {"powers/QS-DW-002.html", "powers.html"} <= changed
    # only pages that showed the title changed (the search page lists no titles)
    assert changed <= showing
    assert "powers/QS-DW-001.html" not in changed
    assert len(renders) <= len(showing) + 1  # + the search page
    # and the result is what a render without cache makes
    plain = tmp_path / "plain"
    render_html(view_of(registry), plain, assets_root=registry)
    assert files(out) == files(plain)


def test_a_person_name_edit_reaches_every_page_that_shows_it(
    registry: Path, tmp_path: Path
) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    render_html(view_of(registry), out, assets_root=registry, cache_dir=cache)
    people = registry / "org" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("name: 王立新", "name: 王立信"), encoding="utf-8")
    render_html(view_of(registry), out, assets_root=registry, cache_dir=cache)
    plain = tmp_path / "plain"
    render_html(view_of(registry), plain, assets_root=registry)
    assert files(out) == files(plain)
    assert "王立信" in (out / "leaders.html").read_text(encoding="utf-8")


def test_a_damaged_cache_is_ignored(registry: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    view = view_of(registry)
    render_html(view, out, assets_root=registry, cache_dir=cache)
    entries = [p for p in cache.rglob("*") if p.is_file()]
    assert entries
    for n, path in enumerate(entries):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if n % 2 else data[:-1] + b"\x00")
    (out / "index.html").unlink()  # and the previous site lost a page
    render_html(view, out, assets_root=registry, cache_dir=cache)
    plain = tmp_path / "plain"
    render_html(view, plain, assets_root=registry)
    assert files(out) == files(plain)


def test_deleting_the_cache_is_safe(registry: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    view = view_of(registry)
    render_html(view, out, assets_root=registry, cache_dir=cache)
    shutil.rmtree(cache)
    render_html(view, out, assets_root=registry, cache_dir=cache)
    plain = tmp_path / "plain"
    render_html(view, plain, assets_root=registry)
    assert files(out) == files(plain)


def test_the_cache_is_private_and_holds_nothing_internal(registry: Path, tmp_path: Path) -> None:
    power = registry / "powers" / "QS-DW-002.yaml"
    text = power.read_text(encoding="utf-8").replace("secrecy: public", "secrecy: internal")
    power.write_text(text.replace("title: ", f"title: {SECRET}", 1), encoding="utf-8")
    meeting = registry / "meetings" / "2026" / "QS-M-2026-09.yaml"
    lines = meeting.read_text(encoding="utf-8").splitlines(keepends=True)
    internal = max(i for i, line in enumerate(lines) if "secrecy: internal" in line)
    title = max(i for i in range(internal) if re.match(r"\s+title: ", lines[i]))
    lines[title] = lines[title].replace("title: ", f"title: {SECRET}", 1)
    meeting.write_text("".join(lines), encoding="utf-8")
    checked = run(registry, Settings())
    assert any(SECRET in p.title for p in checked.registry.powers.values())

    out, cache = tmp_path / "site", tmp_path / "cache"
    render_html(public_view(checked.registry, AS_OF), out, assets_root=registry, cache_dir=cache)
    render_html(view_of(registry), out, assets_root=registry, cache_dir=cache)
    paths = list(cache.rglob("*"))
    assert any(p.is_file() for p in paths)
    for path in [cache / "render", *paths]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert not any(SECRET.encode() in data for data in files(out).values())


def test_without_a_cache_folder_nothing_is_cached(registry: Path, tmp_path: Path) -> None:
    render_html(view_of(registry), tmp_path / "site", assets_root=registry)
    # (the lint cache of `run` may be there: the render's folders are not)
    assert not (registry / ".powerctl-cache" / "render").exists()
    assert not (registry / ".powerctl-cache" / "history").exists()
    assert sorted(os.listdir(tmp_path)) == ["registry", "site"]
