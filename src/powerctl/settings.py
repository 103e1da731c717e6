"""One frozen Settings object passed down from the CLI (no module-level mutable settings)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from powerctl.i18n import Lang


@dataclass(frozen=True)
class Settings:
    lang: Lang = Lang.ZH
    max_bytes: int | None = None  # None: powerctl.yaml limits.max_file_mb, or 5 MB
    only: tuple[Path, ...] = field(default_factory=tuple)  # report findings for these paths only
    today: dt.date | None = None
