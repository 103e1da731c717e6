"""Atomic writes (temp file in the same folder + rename): a crash leaves the old file or the new
one, never half of it."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from powerctl.resources import schema_dir, template_dir


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write through a temp file in the same folder and `os.replace`, so a crash leaves the old
    file or the new one, never half of it. Text is UTF-8 with LF line ends. The file gets the
    usual permissions (0666 minus the umask): mkstemp's 0600 would hide a board from a web server."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
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


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """`atomic_write`, skipped when the file already holds these bytes (STYLE.md: output whose
    bytes did not change is not written out). Returns whether it wrote."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == payload:
        return False
    atomic_write(path, payload)
    return True


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
