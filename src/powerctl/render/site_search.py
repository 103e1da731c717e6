"""The offline full-text index of the board: Pagefind's extended build (it segments Chinese) run
over the written pages; the browser then searches static files, no server needed beyond HTTP."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import tarfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from powerctl.render.site_cache import BlobCache, code_key, digest
from powerctl.render.site_pages import file_name

log = logging.getLogger(__name__)

BUNDLE = "pagefind"


def pagefind_binary() -> Path | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        found = get_executable()
    except Exception:  # the binary package is broken: search is optional
        return None
    return Path(found) if found is not None and Path(found).exists() else None


# a county board has thousands of pages: the index is built in shards (Pagefind bundles the
# browser merges, search.js), so an edit re-indexes a few shards, not the county: each list page
# (decisions, ledger, ...) is a shard of its own, record pages are spread over a few per folder
FOLDER_SHARDS = {"powers": 8, "leaders": 4}
SHARD_FROM = 200  # pages; a smaller board has one bundle, as it always had
MAIN = "index.html"  # its shard is the main bundle, at pagefind/
# Pagefind spends most of a small run waiting, not computing: more runs than cores pay off
WORKERS = 6


def shard_of(rel: str) -> str:
    """The shard (bundle folder name) of a page."""
    folder, _, name = rel.rpartition("/")
    if not folder:
        return BUNDLE if rel == MAIN else f"{BUNDLE}-{name.removesuffix('.html')}"
    top = folder.split("/")[0]
    count = FOLDER_SHARDS.get(top, 1)
    return f"{BUNDLE}-{file_name(top)}-{zlib.crc32(rel.encode('utf-8')) % count}"


def build_index(
    site: Path,
    timeout: float = 300,
    cache: BlobCache | None = None,
    pages: dict[str, str] | None = None,
) -> list[str]:
    """Index the pages under `site` (those with data-pagefind-body); returns the bundle folders
    (the first is the main one, "pagefind/"), empty when Pagefind is not installed or fails
    (the board still works, the search page says so). `pages`: site path -> sha256 of the pages
    written; with more than SHARD_FROM of them the index is sharded, and with `cache` a shard
    whose pages did not change is reused."""
    binary = pagefind_binary()
    if binary is None:
        log.warning("pagefind is not installed: the site has no search index")
        return []
    html = sorted(rel for rel in (pages or {}) if rel.endswith(".html"))
    if len(html) <= SHARD_FROM or pages is None:
        return [BUNDLE + "/"] if _run(binary, site, site / BUNDLE, timeout) else []
    groups: dict[str, list[str]] = {}
    for rel in html:
        groups.setdefault(shard_of(rel), []).append(rel)
    if BUNDLE not in groups:  # no home page: the first shard is the main bundle
        first = min(groups)
        groups[BUNDLE] = groups.pop(first)
    names = {n: n for n in groups}
    order = [BUNDLE, *sorted(n for n in groups if n != BUNDLE)]

    def shard(n: str) -> bool:
        key = digest(
            code_key(), "pagefind", _version(), *(x for r in groups[n] for x in (r, pages[r]))
        )
        cached = cache.get(key) if cache is not None else None
        if cached is not None and _untar(cached, site / names[n]):
            return True
        source = site / f".index-{n}"
        try:
            for rel in groups[n]:
                (source / rel).parent.mkdir(parents=True, exist_ok=True)
                os.link(site / rel, source / rel)
            if not _run(binary, source, site / names[n], timeout):
                return False
        finally:
            shutil.rmtree(source, ignore_errors=True)
        if cache is not None:
            cache.put(key, _tar(site / names[n]))
        return True

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        done = list(pool.map(shard, order))
    if not all(done):
        for name in names.values():
            shutil.rmtree(site / name, ignore_errors=True)
        return []
    return [names[n] + "/" for n in order]


def _version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return ""


def _run(binary: Path, source: Path, output: Path, timeout: float) -> bool:
    # the records are Chinese whatever the page chrome's language: segment them as Chinese
    command = [
        str(binary),
        "--site",
        str(source),
        "--output-path",
        str(output),
        "--force-language",
        "zh",
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("pagefind failed: %s", error)
        return False
    if done.returncode != 0 or not (output / "pagefind.js").is_file():
        log.warning("pagefind failed: %s", done.stderr.decode("utf-8", "replace")[-2000:])
        return False
    return True


def _tar(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)
    return buffer.getvalue()


def _untar(data: bytes, folder: Path) -> bool:
    """Unpack a cached bundle: plain files inside `folder` only; anything else is a miss."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r") as archive:
            members = archive.getmembers()
            if not members or not all(m.isfile() for m in members):
                return False
            archive.extractall(folder, members=members, filter="data")
    except (tarfile.TarError, OSError, ValueError):
        shutil.rmtree(folder, ignore_errors=True)
        return False
    return (folder / "pagefind.js").is_file()
