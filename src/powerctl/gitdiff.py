"""Semantic diff between revisions (issue 5): `powerctl diff [REV] [REV2]`.

The registry of a revision is read straight from git's object store (`git ls-tree`, then one
`git cat-file --batch` for every record file) into a temporary folder and loaded by the same pipeline
as the working tree, so both sides are the same model. git runs as a subprocess with list arguments
(no shell); a revision that starts with `-` is refused so it cannot be taken for an option.

    diff = diff_revisions(repo, "registry", "HEAD", None, public=True)
    print(format_diff(diff, "md", Lang.ZH))
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from powerctl.gitdiff_compare import diff_registries, unreadable_records
from powerctl.gitdiff_format import format_diff
from powerctl.gitdiff_model import Change, FieldChange, RegistryDiff
from powerctl.i18n import Msg
from powerctl.model.registry import Registry
from powerctl.pipeline import run
from powerctl.render.public import public_view
from powerctl.settings import Settings

# only these files make up records (data-model.md); photos and other assets are not needed
_RECORD_SUFFIXES = {".yaml", ".yml", ".md"}
_GIT_TIMEOUT = 120


class DiffError(Exception):
    """A diff that cannot be made; `message` says why in both languages."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.en)
        self.message = message


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            check=False,
            timeout=_GIT_TIMEOUT,
            env=env,
        )
    except FileNotFoundError as err:
        raise DiffError(
            Msg("找不到 git 命令：请先安装 git。", "the git command was not found: install git.")
        ) from err
    except subprocess.TimeoutExpired as err:
        raise DiffError(
            Msg("git 命令超时（{s} 秒）。", "git did not answer within {s} seconds.").format(
                s=_GIT_TIMEOUT
            )
        ) from err


def _stderr(done: subprocess.CompletedProcess[bytes]) -> str:
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""


def _toplevel(folder: Path) -> Path:
    if not folder.is_dir():
        raise DiffError(Msg("找不到文件夹：{f}", "no such folder: {f}").format(f=folder.as_posix()))
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise DiffError(
            Msg(
                "{f} 不在 git 仓库中：比较修订版本需要 git 仓库（git init）。（git：{e}）",
                "{f} is not inside a git repository: comparing revisions needs one (git init). "
                "(git: {e})",
            ).format(f=folder.as_posix(), e=_stderr(done))
        )
    return Path(done.stdout.decode("utf-8").strip())


def _commit(top: Path, rev: str) -> str:
    unknown = Msg(
        "未知的修订版本：{r}（请用 git log 查看提交，或写分支名、标签名）。",
        "unknown revision: {r} (see git log for commits, or give a branch or tag name).",
    ).format(r=rev)
    if not rev or rev.startswith("-"):
        raise DiffError(unknown)
    done = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode != 0:
        raise DiffError(unknown)
    return done.stdout.decode("ascii").strip()


def _prefix(top: Path, folder: Path) -> str:
    """The registry folder as a path inside the repository ('' for the top)."""
    try:
        rel = folder.resolve().relative_to(top.resolve())
    except ValueError as err:
        raise DiffError(
            Msg(
                "记录文件夹 {f} 不在 git 仓库 {t} 之内。", "the registry {f} is not inside {t}."
            ).format(f=folder.as_posix(), t=top.as_posix())
        ) from err
    return "" if rel == Path() else rel.as_posix()


def _tree(top: Path, commit: str, prefix: str) -> list[tuple[str, str]]:
    """(blob id, path inside the registry) of the record files of `commit`."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    done = _git(top, *args, *(["--", prefix] if prefix else []))
    if done.returncode != 0:
        raise DiffError(
            Msg("无法读取提交 {c} 的文件列表：{e}", "cannot list the files of {c}: {e}").format(
                c=commit[:12], e=_stderr(done)
            )
        )
    files = []
    for entry in done.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind != "blob" or mode == "120000":  # submodules and symlinks are not records
            continue
        if prefix:
            if not path.startswith(prefix + "/"):
                continue
            path = path[len(prefix) + 1 :]
        rel = PurePosixPath(path)
        if rel.suffix in _RECORD_SUFFIXES and all(p not in ("", ".", "..") for p in rel.parts):
            files.append((oid, path))
    return files


def _extract(top: Path, files: list[tuple[str, str]], dest: Path) -> None:
    """Write the blobs into `dest` with one `git cat-file --batch`."""
    done = _git(top, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid, _ in files).encode())
    if done.returncode != 0:
        raise DiffError(
            Msg("无法读取 git 对象：{e}", "cannot read git objects: {e}").format(e=_stderr(done))
        )
    out, pos = done.stdout, 0
    for _oid, path in files:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) != 3:  # "<oid> missing"
            raise DiffError(Msg("git 对象缺失：{p}", "missing git object: {p}").format(p=path))
        size = int(header[2])
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1


def registry_at(repo_root: Path, registry_rel: str, rev: str | None) -> Registry:
    """The registry in `repo_root / registry_rel` as of `rev` (None: the working tree). A registry
    folder that does not exist at that revision is an empty registry (everything is added)."""
    folder = repo_root / registry_rel
    if rev is None:
        if not folder.is_dir():
            return Registry()
        return run(folder, Settings()).registry
    top = _toplevel(repo_root)
    commit = _commit(top, rev)
    files = _tree(top, commit, _prefix(top, folder))
    if not files:
        return Registry()
    with tempfile.TemporaryDirectory(prefix="powerctl-diff-") as tmp:
        _extract(top, files, Path(tmp))
        return run(Path(tmp), Settings()).registry


def _side(rev: str | None) -> Msg:
    return Msg("工作区", "the working tree") if rev is None else Msg(rev, rev)


def _notes(reg: Registry, rev: str | None, public: bool) -> list[Msg]:
    ids, kinds = unreadable_records(reg)
    if not ids and not kinds:
        return []
    side = _side(rev)
    # the public form names no record: an unreadable record may be one that is not public
    which = "" if public else "：" + "、".join(ids + kinds)
    which_en = "" if public else ": " + ", ".join(ids + kinds)
    return [
        Msg(
            f"{side.zh}中有记录文件无法读取或不符合格式{which}；这些记录未参与比较，请先运行 powerctl validate。",
            f"some record files in {side.en} do not load or do not match their schema{which_en}; "
            "they were not compared: run powerctl validate first.",
        )
    ]


def _public(reg: Registry, day: dt.date) -> Registry:
    shown = public_view(reg, day).registry
    # an unreadable record is not "removed" on the board either (the ids only steer matching)
    shown.invalid_ids = reg.invalid_ids
    return shown


def diff_revisions(
    repo_root: Path,
    registry_rel: str = ".",
    rev: str | None = "HEAD",
    rev2: str | None = None,
    *,
    public: bool = False,
    as_of: dt.date | None = None,
) -> RegistryDiff:
    """`powerctl diff [REV] [REV2]`: `rev` (default HEAD) against `rev2` (default the working
    tree). `public`: compare only what the board shows (render.public), so no secret leaks."""
    old = registry_at(repo_root, registry_rel, rev)
    new = registry_at(repo_root, registry_rel, rev2)
    notes = [*_notes(old, rev, public), *_notes(new, rev2, public)]
    if public:
        day = as_of or dt.date.today()
        old, new = _public(old, day), _public(new, day)
    diff = diff_registries(old, new)
    diff.notes = notes
    diff.from_rev, diff.to_rev, diff.public = rev, rev2, public
    return diff


__all__ = [
    "Change",
    "DiffError",
    "FieldChange",
    "RegistryDiff",
    "diff_registries",
    "diff_revisions",
    "format_diff",
    "registry_at",
]
