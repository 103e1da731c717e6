"""Compose plain Python data from a YAML event stream, keeping the position of every key and item.

We do not use a YAML library's constructor: it would build objects for any tag it knows
(`!!python/object` in unsafe loaders), resolve scalars with YAML 1.1 rules (`no` -> False), stop
at the first duplicate key, recurse on deep nesting and expand alias bombs. This composer walks the
events iteratively and enforces the contract (data-model.md) and the limits itself:

- YAML 1.2 core schema: only `true`/`false` are booleans; `YYYY-MM-DD` plain scalars become dates;
- a tag outside the core set is reported and never constructed;
- duplicate keys and merge keys (`<<`) are reported (the first value is kept);
- alias expansion is budgeted, nesting depth is bounded, only one document per file.

It consumes the event protocol shared by ruamel.yaml and PyYAML (StreamStart, Scalar, MappingStart,
...), so a faster parser can be plugged in without touching anything else.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from powerctl.findings import DocPath
from powerctl.i18n import Msg

MAX_DEPTH = 64
ALIAS_BUDGET = 10_000

_CORE = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


@dataclass(frozen=True, slots=True)
class Span:
    """0-based line/column of a node; `end_*` where it ends."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(slots=True)
class ComposeProblem:
    message: Msg
    line: int  # 0-based
    column: int  # 0-based


@dataclass
class Composed:
    data: Any
    # path -> (span of the key, span of the value); for sequence items both are the item's span
    spans: dict[DocPath, tuple[Span, Span]] = field(default_factory=dict)
    problems: list[ComposeProblem] = field(default_factory=list)
    fatal: bool = False  # the data cannot be trusted at all (nothing is returned)


class _Abort(Exception):
    """Raised inside the composer to stop at a fatal problem."""


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    if end is None:
        end = start
    return Span(start.line, start.column, end.line, end.column)


# every non-text value of the core schema starts with one of these (or is empty)
_NOT_TEXT_START = frozenset("0123456789+-.~nNtTfF")


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core-schema resolution of a plain (unquoted) scalar."""
    if value and value[0] not in _NOT_TEXT_START:
        return value  # most values: Chinese text, ids, names
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT10.match(value):
        return int(value)
    if _INT8.match(value):
        return int(value[2:], 8)
    if _INT16.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    match = _DATE.match(value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return value  # not a real date (2026-02-30): stays text, and the schema says so
    return value


def _resolve_tagged(tag: str, value: str) -> tuple[bool, Any]:
    """Explicit core tags. Returns (ok, value)."""
    name = tag[len(_CORE) :] if tag.startswith(_CORE) else None
    if tag == "!" or name == "str":
        return True, value
    if name == "null":
        return True, None
    if name == "bool":
        return (value in _BOOL), _BOOL.get(value)
    if name == "int":
        resolved = resolve_plain(value)
        return (type(resolved) is int), resolved
    if name == "float":
        resolved = resolve_plain(value)
        ok = type(resolved) in (int, float)
        return ok, float(resolved) if ok else None
    return False, None


_CORE_SCALARS = {
    "int": ("整数", "a whole number"),
    "float": ("数字", "a number"),
    "bool": ("true 或 false", "true or false"),
}


def _tag_problem(tag: str, event: Any, text: str | None = None) -> ComposeProblem:
    span = _span(event)
    shown = tag.replace(_CORE, "!!")
    core = tag[len(_CORE) :] if tag.startswith(_CORE) else ""
    if core in _CORE_SCALARS and text is not None:
        want_zh, want_en = _CORE_SCALARS[core]
        msg = Msg(
            f"标签 {shown} 要求值是{want_zh}，但“{text}”不是：请改正这个值，或删除标签。",
            f'the tag {shown} needs {want_en}, but "{text}" is not one: fix the value or drop '
            "the tag.",
        )
        return ComposeProblem(msg, span.line, span.column)
    if "python/" in tag:
        msg = Msg(
            f"不允许的 YAML 标签 {shown}：它可能被用来执行代码，powerctl 不会构造它。请删除标签，只写普通的值。",
            f"forbidden YAML tag {shown}: it can be used to run code and is never constructed. "
            "Remove the tag and write a plain value.",
        )
    else:
        msg = Msg(
            f"未知的 YAML 标签 {shown}：登记册只用普通的文本、数字、日期、列表和键值。请删除标签。",
            f"unknown YAML tag {shown}: records use plain text, numbers, dates, lists and mappings. "
            "Remove the tag.",
        )
    return ComposeProblem(msg, span.line, span.column)


class _Frame:
    __slots__ = ("anchor", "is_map", "key", "key_span", "path", "span", "value")

    def __init__(self, is_map: bool, path: DocPath, span: Span, anchor: str | None) -> None:
        self.is_map = is_map
        self.path = path
        self.span = span
        self.anchor = anchor
        self.value: Any = {} if is_map else []
        self.key: Any = _NO_KEY
        self.key_span: Span | None = None


_NO_KEY = object()


class Composer:
    def __init__(self, max_depth: int = MAX_DEPTH, alias_budget: int = ALIAS_BUDGET) -> None:
        self.max_depth = max_depth
        self.alias_budget = alias_budget

    def compose(
        self,
        events: Iterable[Any],
        show: Callable[[str], str] | None = None,
        line_offset: int = 0,
    ) -> Composed:
        """`show` maps scalar text back (see parse.py); `line_offset` shifts the line numbers
        that messages mention (Markdown front matter)."""
        out = Composed(data=None)
        stack: list[_Frame] = []
        anchors: dict[str, tuple[Any, int]] = {}
        sizes: dict[int, int] = {}  # id(container) -> node count, for the alias budget
        expanded = 0
        documents = 0
        root_set = False

        def attach(value: Any, span: Span, size: int) -> None:
            nonlocal root_set
            if not stack:
                out.data = value
                out.spans[()] = (span, span)
                root_set = True
                return
            top = stack[-1]
            if top.is_map:
                if top.key is _NO_KEY:
                    raise AssertionError("attach called for a key")  # keys go through set_key
                key = top.key
                path = (*top.path, key)
                if key in top.value:
                    first = out.spans.get(path)
                    first_line = first[0].line + 1 + line_offset if first else 0
                    out.problems.append(
                        ComposeProblem(
                            Msg(
                                f"重复的键“{key}”（第 {first_line} 行已经出现过）："
                                "同一层级的键只能写一次，请删除或合并其中一个。",
                                f'duplicate key "{key}" (first at line {first_line}): '
                                "a key may appear once per mapping; delete or merge one of them.",
                            ),
                            top.key_span.line if top.key_span else span.line,
                            top.key_span.column if top.key_span else span.column,
                        )
                    )
                else:
                    top.value[key] = value
                    out.spans[path] = (top.key_span or span, span)
                top.key = _NO_KEY
                top.key_span = None
            else:
                path = (*top.path, len(top.value))
                top.value.append(value)
                out.spans[path] = (span, span)

        def set_key(event: Any) -> None:
            top = stack[-1]
            span = _span(event)
            if type(event).__name__ != "ScalarEvent":
                out.problems.append(
                    ComposeProblem(
                        Msg(
                            "键必须是简单的文本，不能是列表或映射。",
                            "a key must be plain text, not a list or a mapping.",
                        ),
                        span.line,
                        span.column,
                    )
                )
                raise _Abort
            key = show(event.value) if show else event.value
            key_tag = getattr(event, "tag", None)
            if key_tag is not None and key_tag not in ("!", _CORE + "str"):
                out.problems.append(_tag_problem(key_tag, event))
            if key == "<<" and not event.style:
                out.problems.append(
                    ComposeProblem(
                        Msg(
                            "不支持合并键“<<”：请把要用的键逐个写出来，每条记录应当独立可读。",
                            'merge keys ("<<") are not supported: write the keys out; '
                            "each record should read on its own.",
                        ),
                        span.line,
                        span.column,
                    )
                )
            top.key = key
            top.key_span = span

        try:
            for event in events:
                name = type(event).__name__
                if name in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
                    continue
                if name == "DocumentStartEvent":
                    documents += 1
                    if documents > 1:
                        span = _span(event)
                        out.problems.append(
                            ComposeProblem(
                                Msg(
                                    "一个文件只能有一个 YAML 文档（第二个“---”之后的内容不会被读取）："
                                    "请把多余的文档拆分到单独的文件。",
                                    'a file may hold one YAML document (nothing after the second "---" '
                                    "is read): move the extra document to a file of its own.",
                                ),
                                span.line,
                                span.column,
                            )
                        )
                        break
                    continue
                in_key_position = bool(stack) and stack[-1].is_map and stack[-1].key is _NO_KEY
                if in_key_position and name != "MappingEndEvent":
                    set_key(event)
                    continue
                tag = getattr(event, "tag", None)
                if name == "ScalarEvent":
                    span = _span(event)
                    text = show(event.value) if show else event.value
                    if tag is not None and tag != "!":
                        ok, value = _resolve_tagged(tag, text)
                        if not ok:
                            out.problems.append(_tag_problem(tag, event, text))
                            value = None
                    elif tag == "!" or event.style:
                        value = text
                    else:
                        value = resolve_plain(text)
                    if event.anchor:
                        anchors[event.anchor] = (value, 1)
                    attach(value, span, 1)
                elif name in ("MappingStartEvent", "SequenceStartEvent"):
                    is_map = name == "MappingStartEvent"
                    expected_tag = _CORE + ("map" if is_map else "seq")
                    if tag is not None and tag not in ("!", expected_tag):
                        out.problems.append(_tag_problem(tag, event))
                    if len(stack) >= self.max_depth:
                        span = _span(event)
                        out.problems.append(
                            ComposeProblem(
                                Msg(
                                    f"嵌套层级超过 {self.max_depth} 层：登记册记录不需要这么深的结构，请检查缩进。",
                                    f"nesting deeper than {self.max_depth} levels: records never need "
                                    "that; check the indentation.",
                                ),
                                span.line,
                                span.column,
                            )
                        )
                        raise _Abort
                    if stack:
                        parent = stack[-1]
                        part: Any = parent.key if parent.is_map else len(parent.value)
                        path = (*parent.path, part)
                    else:
                        path = ()
                    stack.append(_Frame(is_map, path, _span(event), event.anchor))
                elif name in ("MappingEndEvent", "SequenceEndEvent"):
                    frame = stack.pop()
                    children = frame.value.values() if frame.is_map else frame.value
                    size = 1 + sum(sizes.get(id(child), 1) for child in children)
                    sizes[id(frame.value)] = size
                    end = _span(event)
                    span = Span(frame.span.line, frame.span.column, end.end_line, end.end_column)
                    if frame.anchor:
                        anchors[frame.anchor] = (frame.value, size)
                    attach(frame.value, span, size)
                elif name == "AliasEvent":
                    span = _span(event)
                    if event.anchor not in anchors:
                        out.problems.append(
                            ComposeProblem(
                                Msg(
                                    f"别名 *{event.anchor} 没有对应的锚点 &{event.anchor}（或锚点在它自身内部）。",
                                    f"alias *{event.anchor} has no anchor &{event.anchor} before it "
                                    "(or refers to itself).",
                                ),
                                span.line,
                                span.column,
                            )
                        )
                        raise _Abort
                    value, size = anchors[event.anchor]
                    expanded += size
                    if expanded > self.alias_budget:
                        out.problems.append(
                            ComposeProblem(
                                Msg(
                                    f"别名展开后超过 {self.alias_budget} 个节点（疑似“billion laughs”攻击）："
                                    "请不要用锚点和别名反复引用大段内容，直接写出记录。",
                                    f"aliases expand to more than {self.alias_budget} nodes (a "
                                    '"billion laughs" bomb?): do not reuse large blocks through '
                                    "anchors and aliases; write the records out.",
                                ),
                                span.line,
                                span.column,
                            )
                        )
                        raise _Abort
                    attach(value, span, size)
        except _Abort:
            out.fatal = True
            out.data = None
            return out
        if not root_set:
            out.data = None
        return out
