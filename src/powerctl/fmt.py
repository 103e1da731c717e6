"""`powerctl fmt`: canonical formatting of record files, with ruamel.yaml round-trip.

What "canonical" means here:
- keys in the contract's order (data-model.md; the schemas list properties in that same order, so
  the order is read from them and cannot drift); keys the contract does not know follow, in the
  order the author wrote them;
- quotes only where a plain scalar would be read as something else by powerctl's own loader
  (`"1"`, `"13800000000"`, `"true"`); double quotes when quoting; `yes`/`no`/`on`/`off` stay plain
  strings (YAML 1.2, the contract);
- two-space mappings, sequences `  - ` under their key, top-level lists at column 0;
- flow mappings and lists stay flow (`{id: s1, name: ..., next: [s2]}`), block scalars stay block;
- every comment is kept; UTF-8 without BOM, LF line ends, one final newline;
- Markdown records: only the front matter is formatted; the body is kept as it is (only CRLF line
  ends become LF, like everywhere else).

A file is only rewritten when powerctl's loader reads the same data and the same comments from the
result; anything else is reported and the file stays as it was. Nothing here prints.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.tokens import CommentToken

from powerctl.i18n import Msg
from powerctl.load.compose import resolve_plain
from powerctl.load.discover import kind_of, walk
from powerctl.load.document import Kind
from powerctl.load.parse import parse
from powerctl.load.source import SourceError, decode, read_bytes, split_front_matter
from powerctl.scaffold.files import atomic_write
from powerctl.schema import load_schema

# A width no record line reaches: ruamel must never rewrap a long Chinese sentence.
_WIDTH = 4096


class FormatError(Exception):
    """A file that cannot be formatted safely (it does not parse, or the result would differ)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass
class FmtResult:
    changed: list[str] = field(default_factory=list)  # files that would change / were changed
    broken: list[tuple[str, Msg]] = field(default_factory=list)  # left untouched: do not parse
    skipped: list[tuple[str, Msg]] = field(default_factory=list)  # named paths that are no records


# --- ruamel.yaml set-up ---------------------------------------------------------------------------


class _Emitter(RoundTripEmitter):
    """Double quotes when quoting, and a top-level list at column 0 (`- id: ...`), while nested
    lists keep their dash two columns in (`indent(sequence=4, offset=2)` would shift both)."""

    def _at_root_sequence(self) -> bool:
        return len(self.indents.values) == 1 and self.indents.values[0] == (None, True)

    def increase_indent(
        self, flow: bool = False, sequence: bool | None = None, indentless: bool = False
    ) -> None:
        root = self._at_root_sequence()
        super().increase_indent(flow, sequence, indentless)
        if root and not flow and not indentless and self.indent is not None:
            self.indent -= self.best_sequence_indent - 2  # `- ` then the item

    def expect_block_sequence_item(self, first: bool = False) -> None:
        if not self._at_root_sequence():
            super().expect_block_sequence_item(first)
            return
        offset = self.sequence_dash_offset
        self.sequence_dash_offset = 0
        try:
            super().expect_block_sequence_item(first)
        finally:
            self.sequence_dash_offset = offset

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


class _Representer(RoundTripRepresenter):
    def represent_plain_or_quoted(self, data: str) -> Any:
        # powerctl's loader decides what a plain scalar is, not ruamel's resolver
        resolved = resolve_plain(data)
        if not (type(resolved) is str and resolved == data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return self.represent_str(data)

    def represent_null(self, data: None) -> Any:
        # ruamel writes an empty value (`end_date:`); the contract spells it `null`
        return self.represent_scalar("tag:yaml.org,2002:null", "null")


_Representer.add_representer(str, _Representer.represent_plain_or_quoted)
_Representer.add_representer(type(None), _Representer.represent_null)


def _yaml() -> YAML:
    # ruamel's round-trip mode reads YAML 1.2 by default (`yes` stays a string); setting
    # `yaml.version = (1, 2)` would only add a `%YAML 1.2` directive to every file.
    yaml = YAML(typ="rt")
    yaml.Emitter = _Emitter
    yaml.Representer = _Representer
    yaml.preserve_quotes = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = _WIDTH
    yaml.allow_unicode = True
    return yaml


# --- the contract's key order, from the schemas ---------------------------------------------------


class _Shape:
    """Property order and child schemas of one schema node ($ref, anyOf, if/then merged)."""

    def __init__(self, node: Any, defs: dict[str, Any]) -> None:
        self.order: list[str] = []
        self.children: dict[str, list[Any]] = {}
        self.items: list[Any] = []
        self._defs = defs
        self._add(node, depth=0)

    def _add(self, node: Any, depth: int) -> None:
        if not isinstance(node, dict) or depth > 16:
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            self._add(self._defs.get(ref.removeprefix("#/$defs/")), depth + 1)
        for name, child in (node.get("properties") or {}).items():
            if name not in self.children:
                self.order.append(name)
                self.children[name] = []
            self.children[name].append(child)
        if isinstance(node.get("items"), dict):
            self.items.append(node["items"])
        for key in ("anyOf", "oneOf", "allOf"):
            for branch in node.get(key) or []:
                self._add(branch, depth + 1)
        for key in ("then", "else"):
            self._add(node.get(key), depth + 1)


def _shape(nodes: list[Any], defs: dict[str, Any]) -> _Shape:
    return _Shape({"anyOf": nodes}, defs)


# --- reordering keys with their comments ----------------------------------------------------------


def _token(text: str, column: int) -> CommentToken:
    return CommentToken(text, CommentMark(column), None)


def _trailing_slot(container: Any, key: Any) -> tuple[Any, Any, int]:
    """Where ruamel keeps the comments that follow `container[key]`: on the deepest last entry of
    a block collection, else on the entry itself (slot 2 of a mapping entry, 0 of a list item)."""
    value = container[key]
    if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        return _trailing_slot(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
        return _trailing_slot(value, len(value) - 1)
    return container, key, 2 if isinstance(container, CommentedMap) else 0


def _block_ends(container: Any, key: Any) -> list[list[CommentToken]]:
    """The `ca.end` comment lists of the block collections that end with `container[key]`,
    innermost first (ruamel keeps comments after a list's last item there)."""
    value = container[key]
    inner: list[list[CommentToken]] = []
    if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        inner = _block_ends(value, last)
        end = getattr(value.ca, "end", None)
        if end:
            inner.append(end)
    return inner


def _split_trailing(container: Any, key: Any, column: int) -> list[str]:
    """Take the comment lines after `container[key]` that sit at `column` or left of it (they
    introduce the next entry of the mapping at `column`); the end-of-line comment and deeper
    lines stay where they are."""
    taken = _split_slot(container, key, column)
    for end in _block_ends(container, key):
        cut = len(end)
        while cut and (not end[cut - 1].value.strip() or end[cut - 1].column <= column):
            cut -= 1
        taken += [_line(token) for token in end[cut:]]
        del end[cut:]
    return taken


def _split_slot(container: Any, key: Any, column: int) -> list[str]:
    owner, slot_key, slot = _trailing_slot(container, key)
    entry = owner.ca.items.get(slot_key)
    if not entry or len(entry) <= slot or entry[slot] is None:
        return []
    token = entry[slot]
    value: str = token.value
    head, newline, rest = value.partition("\n")
    lines = rest.splitlines(keepends=True)
    cut = len(lines)
    while cut and (not lines[cut - 1].strip() or _indent(lines[cut - 1]) <= column):
        cut -= 1
    taken = lines[cut:]
    if not taken:
        return []
    kept = head + newline + "".join(lines[:cut])
    if kept.strip():
        token.value = kept
    else:
        entry[slot] = None
    return taken


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _reorder(mapping: CommentedMap, order: list[str], seq: Any, index: int) -> None:
    """Put `mapping`'s keys in `order` (unknown keys after them, as written). The comment lines
    that stood before a key move with it; the mapping's trailing comments stay at its end."""
    keys = list(mapping)
    rank = {name: i for i, name in enumerate(order)}
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))
    if wanted == keys:
        return
    column = mapping.lc.col or 0
    lead: dict[Any, list[str]] = {key: [] for key in keys}
    for before, key in itertools.pairwise(keys):
        lead[key] = _split_trailing(mapping, before, column)
    tail = _split_trailing(mapping, keys[-1], column)
    for key in keys:
        entry = mapping.ca.items.get(key)
        if entry and len(entry) > 1 and entry[1]:
            lead[key] += [_line(token) for token in entry[1]]
            entry[1] = None
    values = [(key, mapping[key]) for key in wanted]
    for key in keys:
        del mapping[key]
    for key, value in values:
        mapping[key] = value
    for position, key in enumerate(wanted):
        if lead[key]:
            tokens = [_token(line.lstrip(" "), _indent(line)) for line in lead[key]]
            if position == 0 and seq is not None:  # before the `- ` of the list item
                dash = max(column - 2, 0)
                tokens = [
                    _token(line.lstrip(" "), dash if line.strip() else 0) for line in lead[key]
                ]
                entry = seq.ca.items.setdefault(index, [None, None, None, None])
                entry[1] = (entry[1] or []) + tokens
            else:
                entry = mapping.ca.items.setdefault(key, [None, None, None, None])
                entry[1] = tokens
    if tail:
        owner, slot_key, slot = _trailing_slot(mapping, wanted[-1])
        entry = owner.ca.items.setdefault(slot_key, [None, None, None, None])
        if entry[slot] is None:
            entry[slot] = _token("\n" + "".join(tail), 0)
        else:
            entry[slot].value += "".join(tail)


def _line(token: CommentToken) -> str:
    text: str = token.value
    if not text.endswith("\n"):
        text += "\n"
    return " " * token.column + text if text.strip() else text


def _canonical(
    node: Any, shape: _Shape, defs: dict[str, Any], seq: Any = None, index: int = 0
) -> None:
    if isinstance(node, CommentedMap):
        _reorder(node, shape.order, seq, index)
        for key in list(node):
            if key in shape.children:
                _canonical(node[key], _shape(shape.children[key], defs), defs)
    elif isinstance(node, CommentedSeq) and shape.items:
        items = _shape(shape.items, defs)
        for i, item in enumerate(node):
            _canonical(item, items, defs, seq=node, index=i)


# --- text in, text out ----------------------------------------------------------------------------

_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'')
_END_COMMENT = re.compile(r"(?:^|\s)(#.*)$")


def comment_lines(text: str) -> Counter[str]:
    """Every comment of a YAML text (whole-line and end-of-line), stripped, with how often each
    occurs: what formatting must keep. Lines of block scalars count too; they are kept as well."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            found[stripped] += 1
            continue
        match = _END_COMMENT.search(_QUOTED.sub(lambda m: "_" * len(m[0]), line))
        if match:
            found[line[match.start(1) :].strip()] += 1
    return found


def _typed(value: Any) -> Any:
    """Data with its types spelled out, so that 1, 1.0 and true do not compare equal; key order
    does not count."""
    if isinstance(value, dict):
        return ("map", sorted(((_typed(k), _typed(v)) for k, v in value.items()), key=repr))
    if isinstance(value, list):
        return ("seq", [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def _normalized(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _not_parsing(problem: Any, line_offset: int) -> FormatError:
    line, column = problem.line + line_offset + 1, problem.column + 1
    where = Msg(f"第 {line} 行第 {column} 列：", f"line {line}, column {column}:")
    return FormatError(where + problem.message)


_UNSAFE = Msg(
    "格式化后读出的数据或注释与原文件不一致，文件保持原样未改动；请把这个文件反馈给 powerctl 的维护者。",
    "the formatted text would not read back as the same data and comments, so the file was "
    "left as it is; please report this file to powerctl's maintainers.",
)


def _format_yaml(text: str, kind: Kind, line_offset: int = 0) -> str:
    before = parse(text, line_offset=line_offset)
    if before.problems or before.fatal:
        raise (
            _not_parsing(before.problems[0], line_offset)
            if before.problems
            else FormatError(_UNSAFE)
        )
    if before.data is None:  # empty, or comments only: nothing to order
        return text if not text or text.endswith("\n") else text + "\n"
    yaml = _yaml()
    try:
        data = yaml.load(text)
        schema = load_schema(kind)
        defs = schema.get("$defs", {})
        _canonical(data, _Shape(schema, defs), defs)
        out = io.StringIO()
        yaml.dump(data, out)
    except (YAMLError, ValueError, TypeError, AttributeError, KeyError) as exc:
        raise FormatError(
            Msg(f"无法格式化（{exc}），文件保持原样。", f"cannot format ({exc}); left as it is.")
        ) from None
    result = out.getvalue().rstrip("\n") + "\n"
    after = parse(result, line_offset=line_offset)
    if (
        after.problems
        or _typed(after.data) != _typed(before.data)
        or comment_lines(result) != comment_lines(text)
    ):
        raise FormatError(_UNSAFE)
    return result


def format_text(text: str, kind: Kind, *, markdown: bool = False) -> str:
    """The canonical form of one record file's text (UTF-8 without BOM, LF line ends).

    `markdown`: a Markdown record; only its front matter is formatted. Raises FormatError when
    the text does not parse or cannot be formatted without changing what it says."""
    text = _normalized(text)
    if not markdown:
        return _format_yaml(text, kind)
    try:
        parts = split_front_matter(text)
    except SourceError as exc:
        raise FormatError(exc.message) from None
    opening_end = text.index("\n") + 1
    closing_start = opening_end + len(parts.text)
    closing_end = text.find("\n", closing_start)
    closing = text[closing_start:] if closing_end < 0 else text[closing_start:closing_end]
    header = _format_yaml(parts.text, kind, line_offset=1)
    return "---\n" + header + closing.rstrip() + "\n" + (parts.body or "")


# --- a registry -----------------------------------------------------------------------------------


def _targets(
    root: Path, paths: list[Path] | None, result: FmtResult
) -> list[tuple[str, Path, Kind]]:
    entries = [(e.rel, e.path, e.kind) for e in walk(root).entries if e.kind is not None]
    if paths is None:
        return entries
    chosen: dict[str, tuple[str, Path, Kind]] = {}
    base = root.resolve()
    for path in paths:
        shown = path.as_posix()
        try:
            rel = path.resolve().relative_to(base)
        except (OSError, ValueError):
            result.skipped.append(
                (shown, Msg("不在登记册目录之内。", "not inside the registry folder."))
            )
            continue
        if path.is_dir():
            prefix = "" if rel == Path(".") else rel.as_posix() + "/"
            chosen.update((e[0], e) for e in entries if e[0].startswith(prefix))
        elif not path.is_file():
            result.skipped.append((shown, Msg("文件不存在。", "no such file.")))
        else:
            kind = kind_of(PurePosixPath(rel.as_posix()))
            if kind is None:
                result.skipped.append(
                    (shown, Msg("不是登记册的记录文件。", "not a record file of the registry."))
                )
            else:
                chosen[rel.as_posix()] = (rel.as_posix(), root / rel, kind)
    return [chosen[rel] for rel in sorted(chosen)]


def format_registry(
    root: Path, paths: list[Path] | None, check: bool, max_bytes: int | None = None
) -> FmtResult:
    """Format the registry's record files (or those under `paths`). With `check`, only list the
    files that would change. A file that does not parse is reported in `broken`, never touched."""
    result = FmtResult()
    for rel, path, kind in _targets(root, paths, result):
        if path.is_symlink():
            result.skipped.append(
                (rel, Msg("是符号链接，不做格式化。", "a symbolic link; not formatted."))
            )
            continue
        try:
            data = read_bytes(path, max_bytes) if max_bytes else read_bytes(path)
            text = format_text(decode(data), kind, markdown=path.suffix == ".md")
        except SourceError as exc:
            result.broken.append((rel, exc.message))
            continue
        except FormatError as exc:
            result.broken.append((rel, exc.message))
            continue
        if text.encode("utf-8") == data:
            continue
        result.changed.append(rel)
        if not check:
            mode = path.stat().st_mode & 0o7777
            atomic_write(path, text)
            path.chmod(mode)  # the temporary file was created private (0600)
    return result
