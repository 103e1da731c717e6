"""Crash safety: `render`, `print` and `fmt` write to a temporary place and move into place, so a
process killed at any moment leaves the old output or the new one, never a mix; two renders into
the same folder at once end with one complete site.

The kill is real: the command runs in a child Python with an audit hook (sys.addaudithook) that
counts every write-like event (opening a file for writing, rename, link, remove, mkdir, chmod,
rmtree), with the renameat2 exchange marked by its symbol look-up just before it) and sends itself SIGKILL at the N-th one. A first run counts the events;
the kill points are spread over the whole run plus the moments around the final exchange.
CRASH_SPREAD=N spreads N kill points over each run instead of the default few.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES
from powerctl.atomic import recover_folder, replace_folder

KILLER = r"""
import atexit, os, signal, sys
N = int(os.environ.get("KILL_AFTER", "0"))
count = 0
exchange_at = []
EVENTS = {"os.rename", "os.link", "os.remove", "os.rmdir", "shutil.rmtree", "os.mkdir",
          "os.chmod", "os.truncate"}
def hook(event, args):
    global count
    if event == "open":
        path, mode, flags = args
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR))
        if not writing:
            return
    elif event == "ctypes.dlsym" and args[1] == "renameat2":
        exchange_at.append(count + 1)  # looked up right before the exchange
    elif event not in EVENTS:
        return
    count += 1
    if count == N:
        os.kill(os.getpid(), signal.SIGKILL)
sys.addaudithook(hook)
atexit.register(lambda: print(f"WRITES={count} EXCHANGE={exchange_at}", file=sys.stderr))
from powerctl.cli import main
sys.argv = ["powerctl", *sys.argv[1:]]
main()
"""

OLD_DAY, NEW_DAY = "2026-11-23", "2026-11-24"
# more kill points for a long run, e.g. CRASH_SPREAD=100 (the default few keep make test short)
SPREAD = int(os.environ.get("CRASH_SPREAD", "0"))


@pytest.fixture(scope="module")
def killer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("killer") / "killer.py"
    path.write_text(KILLER, encoding="utf-8")
    return path


def run(
    killer: Path, cwd: Path, *args: str, kill_after: int = 0
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KILL_AFTER": str(kill_after), "POWERCTL_LANG": "en"}
    return subprocess.run(
        [sys.executable, str(killer), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def counted(result: subprocess.CompletedProcess[str]) -> tuple[int, list[int]]:
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("WRITES="))
    writes, exchange = line.split(" ", 1)
    at = exchange.removeprefix("EXCHANGE=").strip("[]")
    return int(writes.removeprefix("WRITES=")), [int(x) for x in at.split(",") if x.strip()]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones included) -> sha256; {} when there is no folder."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def kill_points(total: int, exchange: list[int], spread: int) -> list[int]:
    spread = SPREAD or spread
    points = {max(1, total * k // spread) for k in range(1, spread)}
    for at in exchange[-1:]:
        points |= {at - 1, at, at + 1}
    points |= {total - 1, total}
    return sorted(p for p in points if 1 <= p <= total)


def leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_render_killed_at_any_write_leaves_the_old_or_the_new_board(
    fmt: str, killer: Path, tmp_path: Path
) -> None:
    shutil.copytree(EXAMPLES / "township", tmp_path / "reg")
    render = ["render", "reg", "--format", fmt, "-q", "--out"]
    # the two boards to tell apart: the same registry as of two days
    counted(run(killer, tmp_path, *render, "new", "--today", NEW_DAY))
    new = snapshot(tmp_path / "new")
    counted(run(killer, tmp_path, *render, "old", "--today", OLD_DAY))
    old = snapshot(tmp_path / "old")
    assert old and new and old != new
    counted(run(killer, tmp_path, *render, "probe", "--today", OLD_DAY))
    total, exchange = counted(run(killer, tmp_path, *render, "probe", "--today", NEW_DAY))
    if fmt == "html":
        assert exchange, "an existing html board is exchanged with renameat2"
    tried = 0
    points = kill_points(total, exchange, spread=4 if fmt == "html" else 3)
    for point in points:
        shutil.rmtree(tmp_path / "out", ignore_errors=True)
        shutil.copytree(tmp_path / "old", tmp_path / "out")
        result = run(killer, tmp_path, *render, "out", "--today", NEW_DAY, kill_after=point)
        assert result.returncode == -9, f"not killed at write {point}: {result.stderr[-500:]}"
        tried += 1
        state = snapshot(tmp_path / "out")
        assert state in (old, new), f"killed at write {point} of {total}: a mixed board"
        if point in (points[0], *exchange[-1:]):
            # the next render tidies what the killed one left and ends with the new board
            counted(run(killer, tmp_path, *render, "out", "--today", NEW_DAY))
            assert snapshot(tmp_path / "out") == new
            assert leftovers(tmp_path, "out") == []
    assert tried >= 4


def test_print_killed_at_any_write_leaves_the_old_or_the_new_pdf(
    killer: Path, tmp_path: Path
) -> None:
    shutil.copytree(EXAMPLES / "township", tmp_path / "reg")
    printing = ["print", "reg", "--sheets", "leaders,powers", "--out"]
    counted(run(killer, tmp_path, *printing, "board.pdf", "--today", OLD_DAY))
    old = (tmp_path / "board.pdf").read_bytes()
    total, _ = counted(run(killer, tmp_path, *printing, "probe.pdf", "--today", NEW_DAY))
    new = (tmp_path / "probe.pdf").read_bytes()
    assert old != new
    for point in kill_points(total, [], spread=2):
        result = run(killer, tmp_path, *printing, "board.pdf", "--today", NEW_DAY, kill_after=point)
        assert result.returncode == -9
        assert (tmp_path / "board.pdf").read_bytes() in (old, new), f"killed at write {point}"
        (tmp_path / "board.pdf").write_bytes(old)
    # the next print removes the temp files the killed ones left beside the PDF
    counted(run(killer, tmp_path, *printing, "board.pdf", "--today", NEW_DAY))
    assert (tmp_path / "board.pdf").read_bytes() == new
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".board.pdf.")] == []


def test_fmt_killed_at_any_write_leaves_each_file_old_or_formatted(
    killer: Path, tmp_path: Path
) -> None:
    shutil.copytree(EXAMPLES / "township", tmp_path / "messy")
    for path in [*(tmp_path / "messy").rglob("*.yaml")]:
        if path.parts[-2] != "org":
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(": ", ":   ", 1), encoding="utf-8")
    before = snapshot(tmp_path / "messy")
    shutil.copytree(tmp_path / "messy", tmp_path / "tidy")
    total, _ = counted(run(killer, tmp_path, "fmt", "tidy"))
    after = snapshot(tmp_path / "tidy")
    changed = [rel for rel in before if before[rel] != after[rel]]
    assert len(changed) > 20
    for point in kill_points(total, [], spread=3):
        shutil.rmtree(tmp_path / "reg", ignore_errors=True)
        shutil.copytree(tmp_path / "messy", tmp_path / "reg")
        result = run(killer, tmp_path, "fmt", "reg", kill_after=point)
        assert result.returncode == -9
        state = {rel: sha for rel, sha in snapshot(tmp_path / "reg").items() if ".tmp" not in rel}
        assert state.keys() == before.keys()
        for rel, sha in state.items():
            assert sha in (before[rel], after[rel]), f"killed at write {point}: {rel} is half"
        assert any(state[rel] == after[rel] for rel in changed) or point < total // 2


def test_two_renders_at_once_end_with_one_complete_site(killer: Path, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "township", tmp_path / "reg")
    render = ["render", "reg", "-q", "--out"]
    boards = {}
    for day in (OLD_DAY, NEW_DAY):
        counted(run(killer, tmp_path, *render, day, "--today", day))
        boards[day] = snapshot(tmp_path / day)
    env = {**os.environ, "KILL_AFTER": "0", "POWERCTL_LANG": "en"}
    for _ in range(2):
        shutil.rmtree(tmp_path / "out", ignore_errors=True)
        both = [
            subprocess.Popen(
                [sys.executable, str(killer), *render, "out", "--today", day],
                cwd=tmp_path,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for day in (OLD_DAY, NEW_DAY)
        ]
        for process in both:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
        assert snapshot(tmp_path / "out") in boards.values()
        assert leftovers(tmp_path, "out") == []


# --- the swap itself, where the system cannot exchange two folders --------------------------------


def board(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / ".powerctl-site").write_text("marker", encoding="utf-8")
    (folder / "index.html").write_text(text, encoding="utf-8")
    return folder


def test_replace_folder_without_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("powerctl.atomic.exchange", lambda a, b: False)
    out = board(tmp_path / "site", "old")
    replace_folder(board(tmp_path / ".site.x.tmp", "new"), out)
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert leftovers(tmp_path, "site") == []


def test_recover_puts_back_a_site_moved_aside_by_an_interrupted_swap(tmp_path: Path) -> None:
    # killed between the two renames of the fallback: the old site aside, the new one staged
    board(tmp_path / ".site.123.old", "old")
    board(tmp_path / ".site.abc.tmp", "new, unfinished")
    recover_folder(tmp_path / "site", ".powerctl-site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path, "site") == []


def test_recover_leaves_other_folders_alone(tmp_path: Path) -> None:
    board(tmp_path / "site", "current")
    (tmp_path / ".sitemap").mkdir()
    (tmp_path / "site-old").mkdir()
    recover_folder(tmp_path / "site", ".powerctl-site")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sitemap", "site", "site-old"]
