"""Atomic writes (temp file in the same folder + rename): a crash leaves the old file or the new
one, never half of it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

# re-exported: renderers and commands import them from here
from powerctl.atomic import atomic_write as atomic_write
from powerctl.atomic import write_if_changed as write_if_changed
from powerctl.resources import schema_dir, template_dir


def write_schemas(out: Path) -> list[Path]:
    written = []
    for source in sorted(schema_dir().glob("*.schema.json")):
        target = out / source.name
        text = source.read_text(encoding="utf-8")
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            atomic_write(target, text)
        written.append(target)
    return written


def yaml_str(value: Any) -> str:
    """A value as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def templates() -> Environment:
    # YAML, not HTML: autoescape off; every user-supplied value goes through `yaml_str`.
    env = Environment(
        loader=FileSystemLoader(str(template_dir())),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["q"] = yaml_str
    return env


def schema_modeline(root: Path, record: Path, kind: str) -> str:
    schema = root / ".powerctl" / "schemas" / f"{kind}.schema.json"
    rel = os.path.relpath(schema, record.parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={rel}"


def canonical(text: str, kind: str) -> str:
    """Generated records come out as `powerctl fmt` would write them (so `fmt --check` passes
    on a new registry)."""
    from powerctl.fmt import FormatError, format_text
    from powerctl.load.document import Kind

    try:
        return format_text(text, Kind(kind))
    except (FormatError, ValueError):
        return text
