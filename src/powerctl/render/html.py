"""`powerctl render --format html`: the static, offline web board (权力公开透明运行).

Everything shown comes from the PublicView (render/public.py); templates never see the registry.
The site is built in a staging folder next to `out` and exchanged with it in one rename at the
end (atomic.replace_folder), so a crash at any moment leaves the old site or the new one; files
whose bytes did not change keep their old inode and mtime (STYLE.md: "No changes ... not written
out"), so a static host or rsync sees only what changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from powerctl.atomic import (
    atomic_write,
    folder_lock,
    keep_unchanged,
    staged_folder,
)
from powerctl.i18n import Lang
from powerctl.render import site_data as sd
from powerctl.render import site_history
from powerctl.render.public import PublicView
from powerctl.render.site_cache import Digester, Lookups, RenderCache, open_cache
from powerctl.render.site_feed import atom_feed
from powerctl.render.site_output import SiteWriter
from powerctl.render.site_pages import Pages, file_name, long_date
from powerctl.render.site_search import build_index
from powerctl.resources import template_dir

log = logging.getLogger(__name__)

# a previous build carries this file; a non-empty `out` without it is not ours to replace
MARKER = ".powerctl-site"
STATIC = ("site.css", "site.js", "search.js")
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"})
NAV = (
    ("home", "index.html"),
    ("leaders", "leaders.html"),
    ("powers", "powers.html"),
    ("risks", "risks.html"),
    ("decisions", "decisions.html"),
    ("ledger", "ledger.html"),
    ("feedback", "feedback.html"),
    ("complaints", "complaints.html"),
    ("history", "history.html"),
    ("search", "search.html"),
)


class SiteOutputError(Exception):
    """`out` exists and is not a site this command built (refuse to replace it)."""


def site_environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(template_dir() / "site")),
        autoescape=True,  # every template: record text is shown, never run
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(
    view: PublicView,
    out: Path,
    assets_root: Path | None = None,
    lang: Lang = Lang.ZH,
    progress: Callable[[int, int], None] | None = None,
    cache_dir: Path | None = None,
) -> list[Path]:
    """Build the web board into `out`; returns the files of the site (under `out`), sorted.

    `cache_dir` (the registry's `.powerctl-cache`): reuse rendered pages, flowcharts, search
    index shards and history from earlier builds (site_cache.py); None renders everything."""
    if Path(out).is_symlink():
        raise SiteOutputError(f"{out} is a symbolic link; choose a real folder")
    target = Path(out).resolve()
    _check_out(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    cache = open_cache(cache_dir)
    # one render at a time into this place: a second one waits, then builds on the first's site
    with folder_lock(target.parent):
        with staged_folder(target, MARKER, lambda: _check_out(target)) as staging:
            writer = _build(view, staging, target, assets_root, lang, progress, cache)
            keep_unchanged(staging, target, writer.settled())
        writer.save_manifest()  # under the lock: it records the stat of the files now in place
    if cache is not None:
        cache.prune()
    return sorted(
        Path(out) / path.relative_to(target)
        for path in target.rglob("*")
        if path.is_file() and path.name != MARKER
    )


def _check_out(out: Path) -> None:
    if out == out.parent or out == Path.cwd() or Path.cwd().is_relative_to(out):
        raise SiteOutputError(f"{out} is the current folder or above it; choose a sub-folder")
    if out.exists() and not out.is_dir():
        raise SiteOutputError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteOutputError(
            f"{out} is not empty and was not built by powerctl; choose an empty or new folder"
        )


def _build(
    view: PublicView,
    site: Path,
    target: Path,
    assets_root: Path | None,
    lang: Lang,
    progress: Callable[[int, int], None] | None,
    cache: RenderCache | None,
) -> SiteWriter:
    data = sd.build(view)
    photos = _copy_photos(view, site, assets_root)
    pages = Pages(data, lang, photos, cache)
    # the registry's git history: `assets_root` is the registry (the CLI passes its root)
    history = (
        site_history.history_entries(
            assets_root,
            as_of=view.as_of,
            lang=lang,
            cache_dir=cache.folder.parent / "history" if cache is not None else None,
        )
        if (assets_root is not None)
        else None
    )
    todo = [*pages.all(), pages.history_page(history)]
    total = len(todo) + 3  # + feed, search index, search page
    writer = _writer(view, pages, lang, site, target, cache)

    def tick(done: int) -> None:
        if progress is not None:
            progress(done, total)

    for done, page in enumerate(todo, start=1):
        writer.page(page)
        tick(done)
    subjects = {entry.id: pages.subject(entry)[0] for entry in data.disclosures}
    key, feed = writer.cached_bytes("feed", _digest_of(writer, data.disclosures, subjects))
    if feed is None:
        feed = atom_feed(
            view.registry.config.unit.id,
            view.unit_name,
            data.disclosures,
            view.as_of,
            lang,
            subjects,
        )
        writer.remember(key, feed)
    writer.file("feed.xml", feed)
    tick(len(todo) + 1)
    static = template_dir() / "site"
    for name in STATIC:
        writer.file(f"assets/{name}", (static / name).read_bytes())
    built = build_index(site, cache=cache, pages=writer.known)
    tick(len(todo) + 2)
    writer.page(pages.search_page(built))
    tick(total)
    atomic_write(site / MARKER, "powerctl web board: this folder is rebuilt by `powerctl render`\n")
    return writer


def _digest_of(writer: SiteWriter, *values: object) -> str:
    if writer.digester is None:
        return ""
    return writer.digester.of(list(values))


def _writer(
    view: PublicView,
    pages: Pages,
    lang: Lang,
    site: Path,
    target: Path,
    cache: RenderCache | None,
) -> SiteWriter:
    """Without a cache, templates get the look-ups as they are; with one, recorded (a cached
    page is valid while every look-up it made still gives the same answer)."""
    env = site_environment()
    common = _common(view, pages, lang)
    if cache is None:
        return SiteWriter(env, site, target, {**common, **pages.lookups()})
    names = {id(fn): name for name, fn in common.items() if callable(fn)}
    digester = Digester(names)
    lookups = Lookups(pages.lookups(), digester)
    for name, fn in lookups.wrapped.items():
        digester.functions[id(fn)] = name
    settings = (lang.value, digester.of(view.registry.config))
    common = {**common, **lookups.wrapped}
    return SiteWriter(env, site, target, common, cache, lookups, digester, settings)


def _common(view: PublicView, pages: Pages, lang: Lang) -> dict[str, Any]:
    t = pages.t
    return {
        "T": t,
        "lang": lang.value,
        "html_lang": "zh-CN" if lang is Lang.ZH else "en",
        "unit": view.unit_name,
        "as_of": view.as_of,
        "as_of_text": long_date(view.as_of, lang),
        "next_periodic": long_date(view.next_periodic_day, lang),
        "contact": view.registry.config.contact,
        "nav_items": [(key, href, t[key]) for key, href in NAV],
        "long_date": lambda day: long_date(day, lang),
        "history_href": None,  # a power page with a revision history links to it
        **pages.helpers(),
    }


def _copy_photos(view: PublicView, site: Path, assets_root: Path | None) -> dict[str, str]:
    """person id -> site path of the photo, for the leaders on the board. A photo must be a file
    inside `assets_root` (the registry) with an image suffix; anything else is left out."""
    if assets_root is None:
        return {}
    root = assets_root.resolve()
    found: dict[str, str] = {}
    for pid in sd.leader_ids(view):
        photo = view.registry.people[pid].photo
        if not photo:
            continue
        source = (root / photo).resolve()
        if not source.is_relative_to(root) or not source.is_file():
            log.warning("photo of %s not found: %s", pid, photo)
            continue
        if source.suffix.lower() not in PHOTO_SUFFIXES:
            continue
        target = f"assets/photos/{file_name(pid)}{source.suffix.lower()}"
        atomic_write(site / target, source.read_bytes())
        found[pid] = target
    return found
