"""Atomic file writes: a crash leaves the old file or the new one, never half of it."""

from __future__ import annotations

import os
from pathlib import Path


def atomic_write(path: Path, data: str | bytes, private: bool = False) -> None:
    """Write through a temp file in the same folder and `os.replace`, so a crash leaves the old
    file or the new one, never half of it. Text is UTF-8 with LF line ends. The file gets the
    usual permissions (0666 minus the umask): mkstemp's 0600 would hide a board from a web server.
    `private`: keep mkstemp's 0600 (caches, which may hold non-public records)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """`atomic_write`, skipped when the file already holds these bytes (STYLE.md: output whose
    bytes did not change is not written out). Returns whether it wrote."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == payload:
        return False
    atomic_write(path, payload)
    return True
