"""Writing the board's files into the staging folder (render/html.py), with or without the
render cache.

Without a cache every page is rendered and written, and html.py compares each file with the
previous site afterwards. With a cache (site_cache.py) a page is rendered only when its inputs
changed: its key is a digest of its template context, and the registry look-ups it made while
rendering are recorded with their answers and checked again. A file whose bytes the previous
build wrote and recorded in its manifest (hash, size, mtime, inode) is hard-linked from the
previous site instead of written, so it is neither rendered nor compared again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from jinja2 import Environment

from powerctl.render.site_cache import (
    Digester,
    Lookups,
    RenderCache,
    Undigestable,
    code_key,
    digest,
)
from powerctl.render.site_pages import Page
from powerctl.scaffold.files import atomic_write

log = logging.getLogger(__name__)


class SiteWriter:
    def __init__(
        self,
        env: Environment,
        staging: Path,
        target: Path,
        common: dict[str, Any],
        cache: RenderCache | None = None,
        lookups: Lookups | None = None,
        digester: Digester | None = None,
        settings: tuple[str, ...] = (),
    ) -> None:
        self.env = env
        self.staging = staging
        self.target = target
        self.common = common
        self.cache = cache
        self.lookups = lookups
        self.digester = digester
        self.known: dict[str, str] = {}  # site path -> sha256 of what this build put there
        self.linked: set[str] = set()  # site paths hard-linked from the previous site
        self.previous = self._load_manifest() if cache is not None else {}
        self.base = ""
        if cache is not None and digester is not None:
            shared = {k: v for k, v in common.items()}
            try:
                self.base = digest(code_key(), *settings, digester.of(shared))
            except Undigestable as exc:
                log.info("render cache off: %s", exc)
                self.cache = None

    # --- pages ----------------------------------------------------------------------------------

    def page(self, page: Page) -> None:
        context = {
            **self.common,
            **page.context,
            "root": page.root,
            "title": page.title,
            "current": page.nav,
        }
        key = self._key(page)
        if key is not None:
            html = self._cached(key)
            if html is not None:
                self.file(page.path, html)
                return
        template = self.env.get_template(page.template)
        if key is None or self.lookups is None or self.cache is None:
            self.file(page.path, template.render(context).encode("utf-8"))
            return
        self.lookups.record()
        try:
            html = template.render(context).encode("utf-8")
        finally:
            calls = self.lookups.stop()
        head = json.dumps({"calls": calls}, ensure_ascii=False).encode("utf-8")
        self.cache.put(key, head + b"\n" + html)
        self.file(page.path, html)

    def _key(self, page: Page) -> str | None:
        if self.cache is None or self.digester is None:
            return None
        try:
            context = self.digester.of(page.context)
        except Undigestable as exc:
            log.info("page %s is not cached: %s", page.path, exc)
            return None
        return digest(self.base, "page", page.path, page.template, page.title, page.nav, context)

    def _cached(self, key: str) -> bytes | None:
        assert self.cache is not None and self.lookups is not None
        raw = self.cache.get(key)
        if raw is None or b"\n" not in raw:
            return None
        head, html = raw.split(b"\n", 1)
        try:
            calls = json.loads(head)["calls"]
        except (ValueError, KeyError, TypeError):
            return None
        return html if self.lookups.still_valid(calls) else None

    # --- files ----------------------------------------------------------------------------------

    def cached_bytes(self, *parts: str) -> tuple[str | None, bytes | None]:
        """(key, cached output) for a non-page output keyed by `parts`; (None, None) without a
        cache."""
        if self.cache is None:
            return None, None
        key = digest(self.base, *parts)
        return key, self.cache.get(key)

    def remember(self, key: str | None, data: bytes) -> None:
        if key is not None and self.cache is not None:
            self.cache.put(key, data)

    def file(self, rel: str, data: bytes) -> None:
        """Put `data` at site path `rel`: a hard link to the previous site's file when the
        previous build recorded the same bytes there, else a new file."""
        sha = hashlib.sha256(data).hexdigest()
        self.known[rel] = sha
        if self._unchanged(rel, sha) and _link(self.target / rel, self.staging / rel):
            self.linked.add(rel)
            return
        atomic_write(self.staging / rel, data)

    def _unchanged(self, rel: str, sha: str) -> bool:
        record = self.previous.get(rel)
        return record is not None and record[0] == sha and _same_stat(self.target / rel, record)

    def settled(self) -> set[str]:
        """Site paths html.py need not compare with the previous site: linked ones, and new
        ones whose previous file is known (by its manifest record) to differ."""
        done = set(self.linked)
        for rel, sha in self.known.items():
            record = self.previous.get(rel)
            if record is not None and record[0] != sha and _same_stat(self.target / rel, record):
                done.add(rel)
        return done

    # --- the manifest of the previous build ------------------------------------------------------

    def _manifest_path(self) -> Path:
        assert self.cache is not None
        name = digest("manifest", str(self.target))[:32]
        return self.cache.folder / "manifest" / f"{name}.json"

    def _load_manifest(self) -> dict[str, list[Any]]:
        try:
            data = json.loads(self._manifest_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            k: v
            for k, v in data.items()
            if isinstance(k, str) and isinstance(v, list) and len(v) == 4
        }

    def save_manifest(self) -> None:
        """After the swap: what this build wrote, with the stat of each file as it now is."""
        if self.cache is None:
            return
        records: dict[str, list[Any]] = {}
        for rel, sha in self.known.items():
            try:
                st = (self.target / rel).stat()
            except OSError:
                continue
            records[rel] = [sha, st.st_size, st.st_mtime_ns, st.st_ino]
        path = self._manifest_path()
        try:
            for folder in (self.cache.folder.parent, self.cache.folder, path.parent):
                folder.mkdir(mode=0o700, exist_ok=True)
                os.chmod(folder, 0o700)
            atomic_write(path, json.dumps(records, sort_keys=True))
            os.chmod(path, 0o600)
        except OSError as exc:
            log.info("render cache manifest: %s", exc)


def _same_stat(path: Path, record: list[Any]) -> bool:
    try:
        st = path.stat(follow_symlinks=False)
    except OSError:
        return False
    return [st.st_size, st.st_mtime_ns, st.st_ino] == record[1:] and path.is_file()


def _link(source: Path, target: Path) -> bool:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        try:
            shutil.copy2(source, target)
        except OSError:
            return False
    return True
