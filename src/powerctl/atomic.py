"""Atomic writes: a crash leaves the old file (or folder) or the new one, never half of it."""

from __future__ import annotations

import filecmp
import glob
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast


def atomic_write(path: Path, data: str | bytes, private: bool = False) -> None:
    """Write through a temp file in the same folder and `os.replace`, so a crash leaves the old
    file or the new one, never half of it. Text is UTF-8 with LF line ends. The file gets the
    usual permissions (0666 minus the umask): mkstemp's 0600 would hide a board from a web server.
    `private`: keep mkstemp's 0600 (caches, which may hold non-public records)."""
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


def write_output(path: Path, data: str | bytes) -> bool:
    """`write_if_changed` for a command's single output file (a printed board), holding
    `folder_lock(path.parent)`; under the lock no other powerctl writes there, so temp files of
    this name left by a killed run are removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(path.parent):
        for left in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            if left.is_file() and not left.is_symlink():
                left.unlink(missing_ok=True)
        return write_if_changed(path, data)


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """`atomic_write`, skipped when the file already holds these bytes (STYLE.md: output whose
    bytes did not change is not written out). Returns whether it wrote."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == payload:
        return False
    atomic_write(path, payload)
    return True


# --- whole folders: the web board and the Markdown board --------------------------------------

_RENAME_EXCHANGE = 2  # linux/fs.h


def _renameat2() -> Callable[..., int] | None:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)  # glibc >= 2.28
    if function is None:
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return cast("Callable[..., int]", function)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE): at every moment each name
    holds one complete folder. False where the system or the file system cannot do it."""
    import ctypes

    function = _renameat2()
    if function is None:
        return False
    at_cwd = -100
    if function(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system or kernel
        return False
    raise OSError(errno, os.strerror(errno), str(a))


def replace_folder(staging: Path, out: Path) -> None:
    """Put the complete folder `staging` at `out` (a sibling) and remove the old one. A crash at
    any moment leaves `out` holding the old folder or the new one, never a mix: the swap is one
    rename (an exchange when `out` exists). Where the system cannot exchange, the old folder is
    first moved aside, and `recover_folder` puts it back if a crash came between the two
    renames."""
    if not out.exists():
        os.replace(staging, out)
        return
    if exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the old folder
        return
    retired = out.with_name(f".{out.name}.{os.getpid()}.old")
    shutil.rmtree(retired, ignore_errors=True)
    os.replace(out, retired)
    os.replace(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


def recover_folder(out: Path, marker: str) -> None:
    """Tidy what an interrupted `replace_folder` left beside `out` (call it holding
    `folder_lock(out.parent)`): if `out` is missing but a moved-aside old folder is there, put it
    back; remove left-over staging (`.<name>.*.tmp`) and old folders. Only folders that carry
    `marker` (the board's own marker file) or are staging folders made by this module are
    touched."""
    parent = out.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{glob.escape(out.name)}.*.old"))
    if not out.exists():
        for old in olds:
            if (old / marker).is_file():
                os.replace(old, out)
                break
    for left in [*parent.glob(f".{glob.escape(out.name)}.*.tmp"), *olds]:
        if left.is_dir() and not left.is_symlink() and left != out:
            shutil.rmtree(left, ignore_errors=True)


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` itself (flock on its descriptor: no lock file is
    written). Two renders into the same place run one after the other, each ending with a
    complete board."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def staged_folder(target: Path, marker: str, check: Callable[[], None]) -> Iterator[Path]:
    """A new folder to build `target` in. Call it holding `folder_lock(target.parent)`: it tidies
    what an interrupted run left (`recover_folder`), runs `check` (may `target` be replaced?),
    yields an empty staging folder beside `target`, and when the block ends without an error
    makes it readable and puts it in place of `target` in one step; on an error it is removed
    and `target` is untouched."""
    recover_folder(target, marker)
    check()
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield staging
        make_readable(staging)
        replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def keep_unchanged(staging: Path, out: Path, settled: set[str] | None = None) -> None:
    """Put the previous file in place of each new file with the same bytes (a hard link, or a
    copy keeping its times), so unchanged files are not rewritten. `settled`: site paths
    already linked, or known to differ (site_output.SiteWriter)."""
    if not out.is_dir():
        return
    for new in staging.rglob("*"):
        rel = new.relative_to(staging)
        if settled and rel.as_posix() in settled:
            continue
        old = out / rel
        if not new.is_file() or not old.is_file() or old.is_symlink():
            continue
        if not filecmp.cmp(old, new, shallow=False):
            continue
        tmp = new.with_name(f".{new.name}.keep")
        try:
            os.link(old, tmp)
        except OSError:
            shutil.copy2(old, tmp)
        os.replace(tmp, new)


def make_readable(site: Path) -> None:
    """mkdtemp and mkstemp create private files; a web site is read by the web server."""
    umask = os.umask(0o022)
    os.umask(umask)
    for path in [site, *site.rglob("*")]:
        mode = 0o777 if path.is_dir() else 0o666
        os.chmod(path, mode & ~umask)
