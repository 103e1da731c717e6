"""The offline full-text index of the board: Pagefind's extended build (it segments Chinese) run
over the written pages; the browser then searches static files, no server needed beyond HTTP."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

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


def build_index(site: Path, timeout: float = 300) -> bool:
    """Index the pages under `site` (those with data-pagefind-body); False when Pagefind is not
    installed or fails (the board still works, the search page says so)."""
    binary = pagefind_binary()
    if binary is None:
        log.warning("pagefind is not installed: the site has no search index")
        return False
    # the records are Chinese whatever the page chrome's language: segment them as Chinese
    command = [
        str(binary),
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--force-language",
        "zh",
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("pagefind failed: %s", error)
        return False
    if done.returncode != 0 or not (site / BUNDLE / "pagefind.js").is_file():
        log.warning("pagefind failed: %s", done.stderr.decode("utf-8", "replace")[-2000:])
        return False
    return True
