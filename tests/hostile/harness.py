"""Running one hostile case: build its registry, run the real CLI in subprocesses with a memory
cap, measure each run, and check that nothing was written where it should not be.

Used by test_hostile.py; cases.py is the manifest."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent / "cases"
TODAY = "2026-11-23"  # the minimal registry is lint-clean as of this day (conftest.py)
WALL_LIMIT = 10.0  # seconds per command (issue 7)
RSS_LIMIT = 500 * 1024 * 1024  # bytes per command, the child and the processes it waited for
ADDRESS_LIMIT = 1536 * 1024 * 1024  # RLIMIT_AS safety net: a bomb fails, the machine stays up
HANG_LIMIT = 60.0  # a command still running after this is killed (and the case fails)

# The console script of the venv running the tests (`.venv/bin/powerctl`), else `-m powerctl`.
_SCRIPT = Path(sys.executable).with_name("powerctl")
POWERCTL = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "powerctl"]

# The launcher sets RLIMIT_AS (and, for permission cases, drops root's power to ignore file modes),
# then forks and execs the real CLI and reports its exit status and rusage. Forking from this
# small process, not from the test process, matters: a forked child starts with its parent's
# peak RSS, so wait4 on a child of pytest would report pytest's size, not powerctl's. No Python
# code runs between fork and exec in the test process (preexec_fn is unsafe with threads).
CANNOT_DROP = 97
_LAUNCH = """
import ctypes, os, resource, sys
limit, drop, result, argv = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3], sys.argv[4:]
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
if drop:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH: root then obeys mode 000
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP, effective from the next exec
            sys.exit(97)  # CANNOT_DROP
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(result, "w") as handle:
    handle.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


@dataclass
class Layout:
    """The folders of one case: everything lives under `base`."""

    base: Path

    @property
    def root(self) -> Path:
        return self.base / "registry"

    @property
    def outside(self) -> Path:
        """A folder next to the registry that symlinks may point into (must stay unchanged)."""
        return self.base / "outside"

    @property
    def home(self) -> Path:
        return self.base / "home"

    @property
    def xdg(self) -> Path:
        return self.base / "xdg-cache"

    @property
    def tmp(self) -> Path:
        return self.base / "tmp"

    @property
    def out(self) -> Path:
        return self.base / "out"

    def make(self) -> None:
        for folder in (self.root, self.outside, self.home, self.xdg, self.tmp, self.out):
            folder.mkdir(parents=True, exist_ok=True)
        (self.outside / "secret.txt").write_text("outside the registry\n", encoding="utf-8")


def overlay(layout: Layout, name: str) -> None:
    """Copy tests/hostile/cases/NAME/** over the registry (byte for byte)."""
    source = CASES_DIR / name
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = layout.root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


# --- what a run may change ----------------------------------------------------------------

Snapshot = dict[str, tuple[str, int, int]]


def snapshot(*folders: Path) -> Snapshot:
    """(kind, size, mtime_ns) of every entry below `folders`, symlinks not followed, special
    files never opened; folders are recorded by presence only (creating the cache changes the
    registry folder's mtime, by design)."""
    found: Snapshot = {}
    for top in folders:
        for path in _entries(top):
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                found[str(path)] = ("dir", 0, 0)
            else:
                kind = "link" if stat.S_ISLNK(info.st_mode) else "file"
                found[str(path)] = (kind, info.st_size, info.st_mtime_ns)
    return found


def _entries(top: Path) -> Iterator[Path]:
    yield top
    for folder, dirs, files in os.walk(top, followlinks=False):
        for name in dirs + files:
            yield Path(folder) / name


def unexpected_changes(before: Snapshot, after: Snapshot, layout: Layout) -> list[str]:
    """Changed, added or removed paths outside what a run may touch: the output folder, the
    registry's cache folder and the user's cache key."""
    allowed = [layout.out, layout.root / ".powerctl-cache"]
    allowed_exact = {layout.xdg / "powerctl", layout.xdg / "powerctl" / "key"}

    def may_change(path: str) -> bool:
        p = Path(path)
        return p in allowed_exact or any(p == a or a in p.parents for a in allowed)

    changed = [p for p in before.keys() | after.keys() if before.get(p) != after.get(p)]
    return sorted(p for p in changed if not may_change(p))


# --- running the CLI ------------------------------------------------------------------------


@dataclass
class Outcome:
    command: list[str]
    exit_code: int
    output: str  # stdout then stderr
    wall: float  # seconds
    max_rss: int  # bytes
    hung: bool = False

    @property
    def label(self) -> str:
        return " ".join(self.command[:1] + [a for a in self.command[1:] if a.startswith("--")])


def run_cli(args: list[str], layout: Layout, drop_dac: bool = False) -> Outcome:
    """`powerctl ARGS` in a subprocess: its own session (killed as a group if it hangs), HOME,
    XDG_CACHE_HOME and TMPDIR inside the case, RLIMIT_AS set; exit status and peak RSS from
    wait4 (the CLI and every process it waited for, e.g. dot)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("POWERCTL_", "PYTEST", "COV_"))
    }
    env.update(
        HOME=str(layout.home),
        XDG_CACHE_HOME=str(layout.xdg),
        TMPDIR=str(layout.tmp),
        LANG="C.UTF-8",
        PYTHONDONTWRITEBYTECODE="1",
    )
    side = layout.base.parent / layout.base.name  # beside the case, outside what is watched
    report = side.with_suffix(".rusage")
    report.unlink(missing_ok=True)
    flag = "1" if drop_dac else "0"
    command = [sys.executable, "-c", _LAUNCH, str(ADDRESS_LIMIT), flag, str(report)]
    command += [*POWERCTL, *args]
    stdout = side.with_suffix(".stdout")
    stderr = side.with_suffix(".stderr")
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        start = time.monotonic()
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=layout.base,
            env=env,
            start_new_session=True,
        )
        try:
            launcher = child.wait(timeout=HANG_LIMIT)
            hung = False
        except subprocess.TimeoutExpired:
            hung = True
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)
            launcher = child.wait()
        wall = time.monotonic() - start
    output = stdout.read_bytes().decode("utf-8", "replace")
    output += stderr.read_bytes().decode("utf-8", "replace")
    stdout.unlink()
    stderr.unlink()
    exit_code, max_rss = -1, 0
    if report.exists():
        code, rss = report.read_text().split()
        exit_code, max_rss = int(code), int(rss) * 1024
        report.unlink()
    elif launcher == CANNOT_DROP:
        raise PermissionError("cannot drop CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH")
    return Outcome(args, exit_code, output, wall, max_rss, hung=hung)


@dataclass
class CaseRun:
    """Everything a case produced, for the assertions."""

    layout: Layout
    outcomes: dict[str, Outcome] = field(default_factory=dict)  # validate, lint, html, md
    changes: list[str] = field(default_factory=list)
    skipped: str | None = None
