"""Load every file of a registry into Documents; loading problems become PC105/PC108 findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from powerctl.findings import Finding, Loc, Position, Severity
from powerctl.i18n import Msg
from powerctl.load.discover import CONFIG_NAME, Entry, inside, walk
from powerctl.load.document import Document, Kind
from powerctl.load.parse import parse
from powerctl.load.source import DEFAULT_MAX_BYTES, SourceError, limit_bytes, read_text


def yaml_problem(rel: str, message: Msg, line: int = 1, column: int = 1) -> Finding:
    return Finding("PC105", Severity.ERROR, Loc(rel), message, position=Position(line, column))


@dataclass
class LoadedRegistry:
    root: Path
    documents: list[Document]
    findings: list[Finding] = field(default_factory=list)  # PC105 for folders, PC108

    def of_kind(self, kind: Kind) -> list[Document]:
        return [d for d in self.documents if d.kind is kind]


def load_document(root: Path, entry: Entry, kind: Kind, max_bytes: int) -> Document:
    doc = Document(entry.rel, kind, entry.path)
    if entry.path.is_symlink() and not inside(root, entry.path):
        doc.problems.append(
            yaml_problem(
                entry.rel,
                Msg(
                    "这个文件是指向登记册之外（或循环）的符号链接，不会被读取：请把文件本身放进登记册。",
                    "this file is a symbolic link that leads outside the registry (or loops); it is "
                    "not read: put the file itself in the registry.",
                ),
            )
        )
        return doc
    try:
        source = read_text(entry.path, markdown=entry.path.suffix == ".md", max_bytes=max_bytes)
    except SourceError as exc:
        doc.problems.append(yaml_problem(entry.rel, exc.message, exc.line, exc.column))
        return doc
    except OSError as exc:
        doc.problems.append(
            yaml_problem(
                entry.rel,
                Msg(
                    f"无法读取文件（{exc.strerror}）：请检查文件权限。",
                    f"cannot read the file ({exc.strerror}): check its permissions.",
                ),
            )
        )
        return doc
    composed = parse(source.text, line_offset=source.line_offset)
    doc.source = source
    doc.spans = composed.spans
    for problem in composed.problems:
        doc.problems.append(
            yaml_problem(
                entry.rel,
                problem.message,
                problem.line + 1 + source.line_offset,
                problem.column + 1,
            )
        )
    doc.data = None if composed.fatal else composed.data
    return doc


def _max_bytes_from(config: Document | None) -> int:
    data: Any = config.data if config else None
    limits = data.get("limits") if isinstance(data, dict) else None
    value = limits.get("max_file_mb") if isinstance(limits, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return limit_bytes(value)
    return DEFAULT_MAX_BYTES


def load_registry(root: Path, max_bytes: int | None = None) -> LoadedRegistry:
    """Load all record files under `root` (which holds powerctl.yaml)."""
    walked = walk(root)
    loaded = LoadedRegistry(root, [])
    config_entry = next((e for e in walked.entries if e.rel == CONFIG_NAME), None)
    config_doc = None
    if config_entry is not None:
        config_doc = load_document(root, config_entry, Kind.CONFIG, max_bytes or DEFAULT_MAX_BYTES)
    limit = max_bytes or _max_bytes_from(config_doc)
    for entry in walked.entries:
        if entry is config_entry:
            assert config_doc is not None
            loaded.documents.append(config_doc)
        elif entry.kind is None:
            loaded.findings.append(unknown_file(entry))
        else:
            loaded.documents.append(load_document(root, entry, entry.kind, limit))
    for folder in walked.linked:
        loaded.findings.append(
            yaml_problem(
                folder,
                Msg(
                    "这个文件夹是符号链接，不会被读取（它可能指向登记册之外）：请把记录本身放进登记册。",
                    "this folder is a symbolic link and is not read (it may lead outside the "
                    "registry): put the records themselves in the registry.",
                ),
            )
        )
    for folder in walked.unreadable:
        loaded.findings.append(
            yaml_problem(
                folder,
                Msg(
                    "无法读取这个文件夹（权限不足）：其中的记录没有被检查，请检查文件夹权限。",
                    "cannot read this folder (permission denied): its records were not checked; "
                    "check the folder's permissions.",
                ),
            )
        )
    return loaded


def unknown_file(entry: Entry) -> Finding:
    hint_zh = hint_en = ""
    if entry.rel.endswith(".yml"):
        hint_zh = "扩展名应为 .yaml。"
        hint_en = " Use the .yaml extension."
    return Finding(
        "PC108",
        Severity.WARNING,
        Loc(entry.rel),
        Msg(
            "这个 YAML 文件不属于任何记录类型，不会被检查：记录应放在 powers/、risks/、meetings/、"
            f"disclosures/、feedback/ 或 org/people.yaml、org/bodies.yaml。{hint_zh}",
            "this YAML file matches no record kind and is not checked: records belong in powers/, "
            "risks/, meetings/, disclosures/, feedback/, org/people.yaml or org/bodies.yaml."
            + hint_en,
        ),
        position=Position(1, 1),
    )
