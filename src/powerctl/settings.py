"""One frozen Settings object passed down from the CLI (no module-level mutable settings)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from powerctl.i18n import Lang


@dataclass(frozen=True)
class FileOptions:
    """How record files are read (filecheck.py); none of these changes a finding."""

    fast: bool = True  # libyaml fast path; False: the precise (round-trip) loader for every file
    cache: bool = True  # .powerctl-cache/ in the registry
    jobs: int | None = None  # worker processes; None: one per core when it pays; 1: no pool


@dataclass(frozen=True)
class Settings:
    lang: Lang = Lang.ZH
    max_bytes: int | None = None  # None: powerctl.yaml limits.max_file_mb, or 5 MB
    only: tuple[Path, ...] = field(default_factory=tuple)  # report findings for these paths only
    today: dt.date | None = None
    files: FileOptions = field(default_factory=FileOptions)  # fast path, cache, process pool
