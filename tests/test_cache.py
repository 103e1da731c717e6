""".powerctl-cache/: private, signed, never trusted blindly, safe to delete (cache.py)."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import stat
from pathlib import Path

import pytest

from conftest import RegistryBuilder
from powerctl import cache
from powerctl.cache import CACHE_DIR, Pack, PackWriter, Store, cache_folder
from powerctl.pipeline import check
from powerctl.settings import FileOptions, Settings

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh per-user key in a temporary home for every test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cache, "_key_memo", None)


class Planted:
    """Unpickling this creates a folder: proof that a payload was run."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.target),))


def registry(tmp_path: Path) -> Path:
    return RegistryBuilder(tmp_path / "registry").write()


def settings(use_cache: bool = True) -> Settings:
    return Settings(today=TODAY, files=FileOptions(cache=use_cache))


def test_folder_and_files_are_private(tmp_path: Path) -> None:
    root = registry(tmp_path)
    check(root, settings(), select=("PC",))
    folder = root / CACHE_DIR
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert len(files) >= 3  # .gitignore, the file pack, a report
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert (folder / ".gitignore").read_text() == "*\n"
    key = tmp_path / "xdg" / "powerctl" / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    root = registry(tmp_path)
    check(root, settings(use_cache=False), select=("PC",))
    assert not (root / CACHE_DIR).exists()


def test_an_entry_signed_with_another_key_is_never_unpickled(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    target = tmp_path / "payload-ran"
    theirs = Store(folder)
    theirs.key = b"k" * 32  # e.g. a pack committed into the registry by someone else
    theirs.store("report-x", Planted(target))
    writer = PackWriter(theirs, "files-x.pickle")
    writer.add("powers/a.yaml", "digest", Planted(target))
    writer.commit()
    ours = Store(folder)
    assert ours.load("report-x") is None
    assert Pack.open(ours, "files-x.pickle") is None
    assert not target.exists()
    # with the signer's key the same bytes do load (and the payload runs): the refusal above is
    # the signature's doing
    theirs.load("report-x")
    assert target.exists()


def test_a_tampered_pack_is_ignored_and_the_run_stays_right(tmp_path: Path) -> None:
    root = registry(tmp_path)
    expected = check(root, settings(use_cache=False), select=("PC",)).findings
    check(root, settings(), select=("PC",))
    for path in (root / CACHE_DIR).iterdir():
        if path.name.startswith(("files-", "report-")):
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0xFF
            path.write_bytes(bytes(data))
    again = check(root, settings(), select=("PC",)).findings
    assert [(f.code, f.file, f.position) for f in again] == [
        (f.code, f.file, f.position) for f in expected
    ]


def test_a_symlinked_cache_folder_is_not_used(tmp_path: Path) -> None:
    root = registry(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / CACHE_DIR).symlink_to(elsewhere)
    assert cache_folder(root) is None
    check(root, settings(), select=("PC",))
    assert list(elsewhere.iterdir()) == []


def test_deleting_the_cache_at_any_time_is_safe(tmp_path: Path) -> None:
    root = registry(tmp_path)
    first = check(root, settings(), select=("PC",)).findings
    for path in (root / CACHE_DIR).iterdir():
        path.unlink()
    os.rmdir(root / CACHE_DIR)
    assert check(root, settings(), select=("PC",)).findings == first


def test_a_pack_round_trips(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    store = Store(folder)
    writer = PackWriter(store, "p")
    writer.add("a", "1", {"x": [1, 2]})
    writer.add_raw("b", "2", pickle.dumps("text"))
    writer.commit()
    pack = Pack.open(store, "p")
    assert pack is not None
    assert pack.load("a") == {"x": [1, 2]} and pack.load("b") == "text"
    assert pack.index["b"][0] == "2"
    pack.close()
