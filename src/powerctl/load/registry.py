"""Load every file of a registry into Documents; loading problems become PC105/PC108 findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from powerctl.findings import Finding, Loc, Position, Severity
from powerctl.i18n import Msg
from powerctl.load.discover import CONFIG_NAME, Entry, inside, walk
from powerctl.load.document import Document, Kind
from powerctl.load.source import (
    DEFAULT_MAX_BYTES,
    SourceError,
    Text,
    limit_bytes,
    open_regular,
    read_bytes,
    to_text,
)


def yaml_problem(rel: str, message: Msg, line: int = 1, column: int = 1) -> Finding:
    return Finding("PC105", Severity.ERROR, Loc(rel), message, position=Position(line, column))


@dataclass
class LoadedRegistry:
    root: Path
    documents: list[Document]
    findings: list[Finding] = field(default_factory=list)  # PC105 for folders, PC108

    def of_kind(self, kind: Kind) -> list[Document]:
        return [d for d in self.documents if d.kind is kind]


def read_entry(root: Path, entry: Entry, kind: Kind, max_bytes: int) -> bytes | Document:
    """The file's bytes, or a Document carrying the PC105 problem that stopped the reading."""
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
        return read_bytes(entry.path, max_bytes)
    except SourceError as exc:
        doc.problems.append(yaml_problem(entry.rel, exc.message, exc.line, exc.column))
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


def compose_document(rel: str, path: Path, kind: Kind, raw: bytes, fast: bool = False) -> Document:
    """Bytes -> Document. `fast`: try the fast path first (load/fast.py); positions are then
    recovered on demand (Document.recover)."""
    from powerctl.load.fast import fast_compose_json
    from powerctl.load.parse import parse

    doc = Document(rel, kind, path)
    try:
        source = to_text(raw, markdown=path.suffix == ".md")
    except SourceError as exc:
        doc.problems.append(yaml_problem(rel, exc.message, exc.line, exc.column))
        return doc
    if fast:
        ok, data, dates = fast_compose_json(source.text)
        if ok:
            # keep what the model needs (the Markdown body), not the text: `recover` re-reads it
            doc.source = Text("", "", source.line_offset, source.body, source.body_line)
            doc.data = data
            doc.pending_dates = dates  # the JSON view until filecheck settles it
            doc.light = True
            return doc
    composed = parse(source.text, line_offset=source.line_offset)
    doc.source = source
    doc.spans = composed.spans
    for problem in composed.problems:
        doc.problems.append(
            yaml_problem(
                rel,
                problem.message,
                problem.line + 1 + source.line_offset,
                problem.column + 1,
            )
        )
    doc.data = None if composed.fatal else composed.data
    return doc


def load_document(
    root: Path, entry: Entry, kind: Kind, max_bytes: int, fast: bool = False
) -> Document:
    raw = read_entry(root, entry, kind, max_bytes)
    if isinstance(raw, Document):
        return raw
    return compose_document(entry.rel, entry.path, kind, raw, fast)


def _may_set_limit(entry: Entry, max_bytes: int | None) -> bool:
    """Must powerctl.yaml be read first, for `limits.max_file_mb`? (Without it, the parsers are
    not even imported when the cache answers: start-up time, benchmarks.md B7.)"""
    if max_bytes is not None:
        return False
    if entry.path.is_symlink() or not entry.path.is_file():
        return True  # let load_document word the problem
    try:
        with open_regular(entry.path) as handle:
            head = handle.read(DEFAULT_MAX_BYTES + 1)
    except (OSError, SourceError):
        return True  # let load_document word the problem
    return b"max_file_mb" in head or len(head) > DEFAULT_MAX_BYTES


def _max_bytes_from(config: Document | None) -> int:
    data: Any = config.data if config else None
    limits = data.get("limits") if isinstance(data, dict) else None
    value = limits.get("max_file_mb") if isinstance(limits, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return limit_bytes(value)
    return DEFAULT_MAX_BYTES


@dataclass
class Plan:
    """What a registry holds before its record files are read: powerctl.yaml (read first, it
    sets the size limit), then each record file in order; folder problems and PC108 are known."""

    loaded: LoadedRegistry  # documents empty; findings for folders and unknown files
    slots: list[Document | tuple[Entry, Kind]]  # the config document, or a file still to read
    limit: int


def plan_registry(root: Path, max_bytes: int | None = None) -> Plan:
    walked = walk(root)
    loaded = LoadedRegistry(root, [])
    config_entry = next((e for e in walked.entries if e.rel == CONFIG_NAME), None)
    config_doc = None
    if config_entry is not None and _may_set_limit(config_entry, max_bytes):
        config_doc = load_document(root, config_entry, Kind.CONFIG, max_bytes or DEFAULT_MAX_BYTES)
    limit = max_bytes or _max_bytes_from(config_doc)
    slots: list[Document | tuple[Entry, Kind]] = []
    for entry in walked.entries:
        if entry is config_entry and config_doc is not None:
            slots.append(config_doc)
        elif entry is config_entry:
            # no size limit in it: read like any other file (and only if needed, from the cache)
            slots.append((entry, Kind.CONFIG))
        elif entry.kind is None:
            loaded.findings.append(unknown_file(entry))
        else:
            slots.append((entry, entry.kind))
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
    return Plan(loaded, slots, limit)


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
