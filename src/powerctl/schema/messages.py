"""jsonschema errors -> messages a clerk can act on, in Chinese and English.

jsonschema's own messages are English and name Python types ("5 is not of type 'string'").
We translate by validation keyword, name the field with its Chinese title from the schema, and
add the fix (quote a phone number, the closest allowed value, the date format).
"""

from __future__ import annotations

import ast
import difflib
import re
from typing import Any

from jsonschema.exceptions import ValidationError

from powerctl.i18n import Msg

_REQUIRED = re.compile(r"^(.*) is a required property$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TYPE_NAMES = {
    "string": ("文本", "text"),
    "integer": ("整数", "a whole number"),
    "number": ("数字", "a number"),
    "boolean": ("true 或 false", "true or false"),
    "array": ("列表", "a list"),
    "object": ("映射（“键： 值”）", 'a mapping ("key: value")'),
    "null": ("空值", "empty"),
}


def _actual(instance: Any) -> tuple[str, str]:
    if instance is None:
        return "空值", "empty"
    if isinstance(instance, bool):
        return "布尔值", "a boolean"
    if isinstance(instance, int | float):
        return "数字", "a number"
    if isinstance(instance, str):
        return "文本", "text"
    if isinstance(instance, list):
        return "列表", "a list"
    if isinstance(instance, dict):
        return "映射", "a mapping"
    return type(instance).__name__, type(instance).__name__


def dotted(path: Any) -> str:
    """`items[2].vote.method`: a document path as a clerk reads it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def field_name(error: ValidationError) -> str:
    return dotted(error.absolute_path) or "(根/root)"


def _short(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _title_of(schema: Any, name: str | None = None) -> str:
    if name is not None:
        schema = (schema.get("properties") or {}).get(name) if isinstance(schema, dict) else None
    if isinstance(schema, dict) and isinstance(schema.get("title"), str):
        return f"({schema['title']})"
    return ""


def _type_message(error: ValidationError, where: str, title: str) -> Msg:
    expected: Any = error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)
    want_zh = "或".join(_TYPE_NAMES.get(n, (n, n))[0] for n in names if n != "null")
    want_en = " or ".join(_TYPE_NAMES.get(n, (n, n))[1] for n in names if n != "null")
    got_zh, got_en = _actual(error.instance)
    instance = error.instance
    hint = Msg("", "")
    if "string" in names and isinstance(instance, int | float) and not isinstance(instance, bool):
        hint = Msg(
            f'请给值加引号，例如 "{_short(instance)}"（号码、编号要写成文本，否则开头的 0 会丢失）。',
            f'Quote the value, e.g. "{_short(instance)}" (numbers and ids are text; unquoted, '
            "a leading 0 is lost).",
        )
    elif "string" in names and isinstance(instance, bool):
        hint = Msg("请给值加引号。", "Quote the value.")
    elif "boolean" in names and isinstance(instance, str):
        hint = Msg(
            f"YAML 1.2 中只有 true 和 false 是布尔值，“{_short(instance)}”是文本：请写 true 或 false。",
            f'In YAML 1.2 only true and false are booleans; "{_short(instance)}" is text: write '
            "true or false.",
        )
    elif "array" in names and not isinstance(instance, list):
        hint = Msg(
            "请写成列表，例如 [a, b]，或每项一行、以“- ”开头。",
            'Write a list, e.g. [a, b], or one item per line starting with "- ".',
        )
    elif instance is None:
        hint = Msg("这个字段不能留空：请填写内容，或删除这一行。", "Fill it in or delete the line.")
    return Msg(
        f"“{where}”{title}应为{' ' if want_zh[:1].isascii() else ''}{want_zh}，实际是{got_zh}。{hint.zh}",
        f'"{where}" must be {want_en}, not {got_en}. {hint.en}'.rstrip(),
    )


def _enum_message(error: ValidationError, where: str, title: str) -> Msg:
    values: Any = error.validator_value
    allowed = [str(v) for v in values]
    close = difflib.get_close_matches(str(error.instance), allowed, n=1, cutoff=0.6)
    hint = Msg(f"是不是“{close[0]}”？", f'Did you mean "{close[0]}"?') if close else Msg("", "")
    return Msg(
        f"“{where}”{title}的值“{_short(error.instance)}”不在允许范围内，可选：{'、'.join(allowed)}。{hint.zh}",
        f'"{where}" has the value "{_short(error.instance)}", which is not allowed; use one of: '
        f"{', '.join(allowed)}. {hint.en}".rstrip(),
    )


def unexpected_key_message(key: str, where: str, allowed: list[str]) -> Msg:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if _CJK.search(key):
        # `{summary: 同意,但须……}`: an ASCII comma inside { } ends the value; the rest looks
        # like a key
        hint = Msg(
            "这看起来是上一个值的后半部分：在 { } 或 [ ] 里，英文逗号“,”会把值截断。"
            "请改用中文逗号“，”，或给整个值加引号。",
            "this looks like the second half of the previous value: inside { } or [ ] an ASCII "
            'comma "," ends a value. Use a full-width comma "，" or quote the whole value.',
        )
    elif close:
        hint = Msg(f"是不是拼错了“{close[0]}”？", f'did you mean "{close[0]}"?')
    else:
        hint = Msg(
            f"这里可以用的字段：{'、'.join(allowed)}。",
            f"fields allowed here: {', '.join(allowed)}.",
        )
    place_zh = f"“{where}”中" if where else ""
    place_en = f' in "{where}"' if where else ""
    return Msg(
        f"{place_zh}不认识的字段“{key}”：{hint.zh}",
        f'unknown field "{key}"{place_en}: {hint.en}',
    )


def required_name(error: ValidationError) -> str:
    """jsonschema yields one `required` error per missing property; its message names it."""
    match = _REQUIRED.match(error.message)
    if match:
        try:
            name = ast.literal_eval(match[1])
        except (ValueError, SyntaxError):
            name = match[1]
        return str(name)
    names: Any = error.validator_value
    missing = [n for n in names if isinstance(error.instance, dict) and n not in error.instance]
    return str(missing[0]) if missing else "?"


def translate(error: ValidationError) -> Msg:
    """One error -> one message (for additionalProperties see unexpected_key_message)."""
    where = field_name(error)
    if error.schema is False and where.endswith("ballots"):
        return Msg(
            "无记名投票不记录每个人的选票：请删除 ballots，只写票数 counts（同意、反对、弃权）。",
            "a secret ballot records no individual ballots: delete `ballots` and give only the "
            "`counts` (yes, no, abstain).",
        )
    if error.schema is False:  # a `false` subschema
        return Msg(
            f"这里不允许有“{where}”：请删除它。", f'"{where}" is not allowed here: delete it.'
        )
    kind = error.validator
    value: Any = error.validator_value
    title = _title_of(error.schema) if isinstance(error.schema, dict) else ""
    if kind == "type":
        return _type_message(error, where, title)
    if kind == "required":
        missing = required_name(error)
        mtitle = _title_of(error.schema, missing)
        place_zh = f"“{where}”" if error.absolute_path else "文件"
        place_en = f'"{where}"' if error.absolute_path else "the file"
        return Msg(
            f"{place_zh}缺少必填字段“{missing}”{mtitle}：请补上。",
            f'{place_en} lacks the required field "{missing}": add it.',
        )
    if kind in ("enum", "const"):
        if kind == "const":
            error.validator_value = [value]
        return _enum_message(error, where, title)
    if kind == "format" and value == "date":
        return Msg(
            f"“{where}”{title}的值“{_short(error.instance)}”不是有效日期："
            "日期写成 YYYY-MM-DD（月、日两位数），例如 2026-03-12。",
            f'"{where}" has "{_short(error.instance)}", which is not a valid date: write '
            "YYYY-MM-DD with two-digit month and day, e.g. 2026-03-12.",
        )
    if kind == "pattern":
        return Msg(
            f"“{where}”{title}的值“{_short(error.instance)}”格式不对（应符合 {value}）。",
            f'"{where}" has "{_short(error.instance)}", which does not have the expected form '
            f"({value}).",
        )
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        relation = {
            "minimum": ("不能小于", "at least"),
            "exclusiveMinimum": ("必须大于", "more than"),
            "maximum": ("不能大于", "at most"),
            "exclusiveMaximum": ("必须小于", "less than"),
        }[kind]
        return Msg(
            f"“{where}”{title}的值 {_short(error.instance)} {relation[0]} {value}。",
            f'"{where}" is {_short(error.instance)}; it must be {relation[1]} {value}.',
        )
    if kind == "minItems":
        return Msg(
            f"“{where}”{title}至少要有 {value} 项。", f'"{where}" needs at least {value} item(s).'
        )
    if kind == "maxItems":
        return Msg(
            f"“{where}”{title}最多 {value} 项。", f'"{where}" allows at most {value} item(s).'
        )
    if kind == "uniqueItems":
        return Msg(f"“{where}”{title}中有重复的项。", f'"{where}" has repeated items.')
    if kind == "minLength":
        return Msg(f"“{where}”{title}不能为空。", f'"{where}" must not be empty.')
    if kind == "minProperties":
        return Msg(f"“{where}”{title}不能为空。", f'"{where}" must not be empty.')
    if kind == "dependentRequired":
        needed = next(
            (
                (prop, dep)
                for prop, deps in value.items()
                if isinstance(error.instance, dict) and prop in error.instance
                for dep in deps
                if dep not in error.instance
            ),
            ("?", "?"),
        )
        return Msg(
            f"“{where}”写了“{needed[0]}”，就必须同时写“{needed[1]}”。",
            f'"{where}" has "{needed[0]}", so it also needs "{needed[1]}".',
        )
    if kind in ("anyOf", "oneOf"):
        return Msg(
            f"“{where}”{title}的写法不对：{_title_hint(error)}",
            f'"{where}" has the wrong shape: {_title_hint(error, en=True)}',
        )
    return Msg(
        f"“{where}”{title}不符合格式要求（{error.message}）。",
        f'"{where}" does not match the schema ({error.message}).',
    )


def _title_hint(error: ValidationError, en: bool = False) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    description = schema.get("description")
    if isinstance(description, str) and not en:
        return description
    return (
        "see the field's description in the schema (powerctl schema)." if en else "请参照字段说明。"
    )


def non_finite_message(path: Any, value: float) -> Msg:
    where = dotted(path)
    shown = "NaN" if value != value else ("-" if value < 0 else "") + "inf"
    return Msg(
        f"“{where}”的值 {shown} 不是有限的数：请写普通的数字，例如 1200000；"
        "不要写 .inf、.nan 或超出范围的数（如 1e309）。",
        f'"{where}" is {shown}, not a finite number: write an ordinary number such as 1200000, '
        "not .inf, .nan or a number out of range such as 1e309.",
    )
