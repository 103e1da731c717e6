"""B1's baseline: find a registry's record files the way powerctl does and parse each with libyaml.

    python bench/parse_baseline.py DIR

This is the floor B1 compares `powerctl lint` against: the fastest YAML loader in Python
(PyYAML's `CSafeLoader`, libyaml), one process, no schema, no rules. File discovery mirrors
`powerctl.load.discover` (dot folders and the top-level output/attachment folders are skipped;
Markdown only under powers/ and meetings/, where its front matter is the record), but is
re-implemented here so the baseline does not import powerctl. Prints one line:
`files N records M` (a list entry counts as one record, so does a whole meeting or power file).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

SKIP_TOP = {"site", "assets", "node_modules", "_site", "public"}
YAML_SUFFIXES = {".yaml", ".yml"}
FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\r?\n")
FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def record_files(root: Path) -> list[Path]:
    """The files `powerctl lint` reads, in the same order."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        rel_dir = Path(folder).relative_to(root)
        top = rel_dir == Path(".")
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (top and d in SKIP_TOP))
        for name in sorted(files):
            rel = PurePosixPath((rel_dir / name).as_posix())
            if name.startswith("."):
                continue
            markdown_record = rel.suffix == ".md" and rel.parts[0] in ("powers", "meetings")
            if rel.suffix in YAML_SUFFIXES or markdown_record:
                found.append(Path(folder) / name)
    return found


def yaml_text(path: Path) -> str:
    """The YAML part of a file: all of a .yaml file, the front matter of a .md file."""
    text = path.read_bytes().decode("utf-8-sig")
    if path.suffix != ".md":
        return text
    opening = FRONT_MATTER_OPEN.match(text)
    if not opening:
        return ""
    closing = FRONT_MATTER_CLOSE.search(text, opening.end())
    return text[opening.end() : closing.start() if closing else len(text)]


def count_records(data: Any) -> int:
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict) and len(data) == 1:  # org/people.yaml: {people: [...]}
        (only,) = data.values()
        if isinstance(only, list):
            return len(only)
    return 1 if data is not None else 0


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    files = record_files(Path(argv[0]))
    records = 0
    for path in files:
        records += count_records(yaml.load(yaml_text(path), Loader=yaml.CSafeLoader))
    print(f"files {len(files)} records {records}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
