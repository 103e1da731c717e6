"""PC105 for referenced assets: a `photo:` must exist and stay inside the registry.

This touches the file system, so it is not a rule over the model; the pipeline runs it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from powerctl.findings import Finding, Severity
from powerctl.i18n import Msg
from powerctl.load.discover import inside

if TYPE_CHECKING:
    from powerctl.model.registry import Registry


def asset_problems(root: Path, reg: Registry) -> Iterator[Finding]:
    for person in reg.people.values():
        if person.photo is None:
            continue
        problem = check_asset(root, person.photo)
        if problem is not None:
            yield Finding(
                "PC105",
                Severity.ERROR,
                person.loc.child("photo"),
                problem,
                record_id=person.id,
                at_value=True,
            )


def check_asset(root: Path, ref: str) -> Msg | None:
    try:
        return _check_asset(root, ref)
    except (OSError, ValueError):  # ENAMETOOLONG, a NUL byte, ...
        return Msg(
            f"附件路径“{ref[:60]}”无法使用（过长或含有非法字符）：请把文件放进 assets/，写简短的相对路径。",
            f'the asset path "{ref[:60]}" cannot be used (too long or with invalid characters): '
            "put the file in assets/ and write a short relative path.",
        )


def _check_asset(root: Path, ref: str) -> Msg | None:
    posix = PurePosixPath(ref)
    if posix.is_absolute() or PureWindowsPath(ref).is_absolute() or ref.startswith("~"):
        return Msg(
            f"附件路径“{ref}”是绝对路径：附件必须放在登记册内，请写相对路径，例如 assets/people/p-zhang.jpg。",
            f'the asset path "{ref}" is absolute: assets must live in the registry; write a '
            "relative path such as assets/people/p-zhang.jpg.",
        )
    if ".." in posix.parts or "\\" in ref:
        return Msg(
            f"附件路径“{ref}”跳出了登记册（含 .. 或反斜杠）：请把文件放进 assets/，写相对路径。",
            f'the asset path "{ref}" leaves the registry (.. or a backslash): put the file in '
            "assets/ and write a relative path.",
        )
    target = root / posix
    linked = target.is_symlink() or any(p.is_symlink() for p in target.parents if root in p.parents)
    if linked and not inside(root, target):
        return Msg(
            f"附件“{ref}”是指向登记册之外的符号链接：请把文件本身复制进 assets/。",
            f'the asset "{ref}" is a symbolic link leading outside the registry: copy the '
            "file itself into assets/.",
        )
    if not target.is_file():
        return Msg(
            f"附件“{ref}”不存在：请检查文件名（区分大小写），或把文件放到这个位置。",
            f'the asset "{ref}" does not exist: check the file name (case matters) or put the '
            "file there.",
        )
    if not inside(root, target):
        return Msg(
            f"附件“{ref}”位于登记册之外。", f'the asset "{ref}" resolves outside the registry.'
        )
    return None
