"""Which files make up a registry, and what kind each one is (decided by path, data-model.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from powerctl.load.document import Kind

CONFIG_NAME = "powerctl.yaml"
# Not records: output, attachments, tooling. Dot-folders (.git, .github, .vscode, caches) too.
_SKIP_TOP = {"site", "assets", "node_modules", "_site", "public"}
_YAML = {".yaml", ".yml"}


def kind_of(rel: PurePosixPath) -> Kind | None:
    parts = rel.parts
    suffix = rel.suffix
    if rel.as_posix() == CONFIG_NAME:
        return Kind.CONFIG
    if rel.as_posix() == "org/people.yaml":
        return Kind.PEOPLE
    if rel.as_posix() == "org/bodies.yaml":
        return Kind.BODIES
    if len(parts) == 2 and suffix in (".yaml", ".md") and parts[0] == "powers":
        return Kind.POWER
    if len(parts) >= 2 and suffix in (".yaml", ".md") and parts[0] == "meetings":
        return Kind.MEETING
    if len(parts) == 2 and suffix == ".yaml":
        return {
            "risks": Kind.RISKS,
            "disclosures": Kind.DISCLOSURES,
            "feedback": Kind.FEEDBACK,
        }.get(parts[0])
    return None


@dataclass(frozen=True, slots=True)
class Entry:
    rel: str
    path: Path
    kind: Kind | None  # None: a YAML file that matches no kind (PC108)


@dataclass
class Walk:
    entries: list[Entry]
    unreadable: list[str]  # folders we could not list
    linked: list[str] = field(default_factory=list)  # symlinked folders (never followed)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding powerctl.yaml."""
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def _is_candidate(rel: PurePosixPath) -> bool:
    if rel.suffix in _YAML:
        return True
    return rel.suffix == ".md" and bool(rel.parts) and rel.parts[0] in ("powers", "meetings")


def walk(root: Path) -> Walk:
    entries: list[Entry] = []
    unreadable: list[str] = []
    linked: list[str] = []

    def on_error(err: OSError) -> None:
        where = Path(err.filename) if err.filename else root
        try:
            unreadable.append(where.relative_to(root).as_posix() or ".")
        except ValueError:
            unreadable.append(str(where))

    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
        here = Path(folder)
        rel_dir = here.relative_to(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not (rel_dir == Path(".") and d in _SKIP_TOP)
        )
        for d in dirs:
            if (here / d).is_symlink():
                linked.append((rel_dir / d).as_posix())
        for name in sorted(files):
            if name.startswith("."):
                continue
            rel = PurePosixPath((rel_dir / name).as_posix())
            if not _is_candidate(rel):
                continue
            entries.append(Entry(rel.as_posix(), here / name, kind_of(rel)))
    return Walk(entries, unreadable, linked)


def inside(root: Path, target: Path) -> bool:
    """Does `target` (symlinks resolved) stay inside `root`?"""
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return resolved == root.resolve() or root.resolve() in resolved.parents
