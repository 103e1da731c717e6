"""A small, fast YAML 1.2 writer for bench/gen.py.

A dumper is too slow for 100,000 records, and the files should look like the hand-written
example (short mappings in flow style, one record per list entry). Records are plain dicts and
lists; `Flow` marks a mapping or list written on one line. A string that YAML 1.2 (core schema)
would read as something else, or that could break a plain scalar, is written double-quoted
(a JSON string is a valid YAML double-quoted scalar)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

# YAML 1.2 core schema: null, booleans, integers and floats
_NOT_A_STRING = re.compile(
    r"(?:null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))"
)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# what may not appear anywhere in a plain scalar written inside or outside a flow collection
_UNSAFE = re.compile(r"[,\[\]{}\n\r\t\\]|: |:$| #")


class Flow(dict[str, Any]):
    """A mapping written on one line: {person: p-wang, position: support}."""


class FlowList(list[Any]):
    """A list written on one line: [board, website]."""


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if (
        not text
        or text[0] in _INDICATORS
        or text[0] == " "
        or text[-1] == " "
        or _UNSAFE.search(text)
        or _NOT_A_STRING.fullmatch(text)
    ):
        return json.dumps(text, ensure_ascii=False)
    return text


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def _value(key: str, value: Any, pad: str, out: list[str]) -> None:
    """`key: value` at indentation `pad`, the value in whatever style it calls for."""
    if isinstance(value, Flow | FlowList) or (isinstance(value, list) and not value):
        out.append(f"{pad}{key}: {flow(value)}")
    elif isinstance(value, dict):
        out.append(f"{pad}{key}:")
        mapping(value, pad + "  ", out)
    elif isinstance(value, list):
        out.append(f"{pad}{key}:")
        sequence(value, pad + "  ", out)
    elif isinstance(value, str) and "\n" in value:
        out.append(f"{pad}{key}: |")
        out.extend(f"{pad}  {line}" if line else "" for line in value.rstrip("\n").split("\n"))
    else:
        out.append(f"{pad}{key}: {scalar(value)}")


def mapping(record: dict[str, Any], pad: str, out: list[str]) -> None:
    for key, value in record.items():
        _value(key, value, pad, out)


def sequence(items: list[Any], pad: str, out: list[str]) -> None:
    for item in items:
        if isinstance(item, Flow | FlowList) or not isinstance(item, dict):
            out.append(f"{pad}- {flow(item)}")
            continue
        # a block mapping inside a list: the first key shares the line with the dash
        lines: list[str] = []
        mapping(item, pad + "  ", lines)
        lines[0] = f"{pad}- {lines[0][len(pad) + 2 :]}"
        out.extend(lines)


def document(record: dict[str, Any] | list[Any], header: list[str]) -> str:
    """A whole file: comment lines, then the record (a mapping or a list of records)."""
    out = [f"# {line}" for line in header]
    if isinstance(record, dict):
        mapping(record, "", out)
    else:
        sequence(record, "", out)
    return "\n".join(out) + "\n"


def front_matter(record: dict[str, Any], header: list[str], body: str) -> str:
    """A Markdown file whose YAML front matter is the record and whose body is its notes."""
    return "---\n" + document(record, header) + "---\n" + body.rstrip("\n") + "\n"
