"""Unit tests of the event composer (`powerctl.load.parse.parse` / `Composer`): YAML 1.2 core
scalars, positions, duplicate and merge keys, tags, aliases, depth, documents, syntax errors."""

from __future__ import annotations

import datetime as dt
import math
import sys
import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from powerctl.load.compose import ALIAS_BUDGET, MAX_DEPTH, Composed, Composer
from powerctl.load.parse import parse


def clean(text: str) -> object:
    """Parse `text`, assert it has no problem, return the data."""
    composed = parse(text)
    assert not composed.fatal
    assert [p.message.en for p in composed.problems] == []
    return composed.data


def _events(text: str) -> object:
    """The raw event stream, for driving a Composer with other limits."""
    return YAML(typ="safe", pure=False).parse(text)


def only_problem(composed: Composed) -> tuple[int, int, str, str]:
    """The single problem of `composed` as (0-based line, 0-based column, zh, en)."""
    assert len(composed.problems) == 1, [p.message.en for p in composed.problems]
    problem = composed.problems[0]
    return problem.line, problem.column, problem.message.zh, problem.message.en


# --- YAML 1.2 core schema -------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["no", "No", "NO", "yes", "Yes", "on", "On", "off", "OFF", "y", "n"]
)
def test_yaml11_booleans_stay_strings(word: str) -> None:
    data = clean(f"publish_phone: {word}\n")
    assert data == {"publish_phone": word}
    assert type(data["publish_phone"]) is str  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "value"), [("true", True), ("True", True), ("TRUE", True), ("false", False)]
)
def test_true_false_are_booleans(text: str, value: bool) -> None:
    data = clean(f"decides_major: {text}\n")
    assert data == {"decides_major": value}
    assert type(data["decides_major"]) is bool  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("500000", 500000),
        ("-3", -3),
        ("+12", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("0xff", 255),
        ("0771", 771),  # YAML 1.2 core: decimal, not octal (YAML 1.1 would give 505)
    ],
)
def test_integers(text: str, value: int) -> None:
    data = clean(f"major_funds_threshold: {text}\n")
    assert data == {"major_funds_threshold": value}
    assert type(data["major_funds_threshold"]) is int  # type: ignore[index]


@pytest.mark.parametrize("text", ["0b101", "1_000", "0o8", "0O17", "-0x1F", "1,000"])
def test_yaml11_only_numbers_stay_strings(text: str) -> None:
    assert clean(f"amount: {text}\n") == {"amount": text}


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.5", 1.5), ("-0.25", -0.25), (".5", 0.5), ("1e3", 1000.0), ("2.5E-1", 0.25), ("3.", 3.0)],
)
def test_floats(text: str, value: float) -> None:
    data = clean(f"ratio: {text}\n")
    assert data == {"ratio": value}
    assert type(data["ratio"]) is float  # type: ignore[index]


def test_infinity_and_nan() -> None:
    data = clean("a: .inf\nb: -.Inf\nc: .nan\n")
    assert data["a"] == math.inf  # type: ignore[index]
    assert data["b"] == -math.inf  # type: ignore[index]
    assert math.isnan(data["c"])  # type: ignore[index]


@pytest.mark.parametrize(
    "text", ["photo: ~", "photo: null", "photo: Null", "photo: NULL", "photo:"]
)
def test_nulls(text: str) -> None:
    assert clean(text + "\n") == {"photo": None}


def test_quoted_scalars_are_never_resolved() -> None:
    data = clean("a: 'true'\nb: \"7\"\nc: '~'\nd: \"0x1F\"\ne: ''\n")
    assert data == {"a": "true", "b": "7", "c": "~", "d": "0x1F", "e": ""}


def test_plain_iso_date_becomes_a_date() -> None:
    data = clean("date: 2026-03-12\n")
    assert data == {"date": dt.date(2026, 3, 12)}
    assert type(data["date"]) is dt.date  # type: ignore[index]


@pytest.mark.parametrize("text", ['"2026-03-12"', "'2026-03-12'"])
def test_quoted_date_stays_text(text: str) -> None:
    assert clean(f"date: {text}\n") == {"date": "2026-03-12"}


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-3-12", "2026-03-12T10:00:00"])
def test_impossible_or_non_iso_dates_stay_text(text: str) -> None:
    assert clean(f"date: {text}\n") == {"date": text}


def test_keys_are_text_and_values_keep_chinese() -> None:
    data = clean("1: 第一项\n名称: 镇党委会\n")
    assert data == {"1": "第一项", "名称": "镇党委会"}


def test_empty_and_comment_only_text_have_no_data_and_no_problem() -> None:
    for text in ["", "\n\n", "# 只有注释\n# 第二行注释\n"]:
        composed = parse(text)
        assert composed.data is None
        assert composed.problems == []
        assert not composed.fatal


# --- positions ------------------------------------------------------------------------------


POWER = """\
id: DW-001
title: 重大工程项目安排决定权
steps:
  - id: s1
    name: 调研论证
  - id: s2
    name: 集体讨论决定
basis: [甲, 乙]
"""


def test_spans_of_keys_and_values() -> None:
    composed = parse(POWER)
    key, value = composed.spans[("title",)]
    assert (key.line, key.column, key.end_line, key.end_column) == (1, 0, 1, 5)
    assert (value.line, value.column) == (1, 7)
    assert value.end_column == 7 + len("重大工程项目安排决定权")


def test_spans_of_list_items() -> None:
    composed = parse(POWER)
    first, first_value = composed.spans[("steps", 0)]
    assert first == first_value  # an item's key span is its own span
    assert (first.line, first.column) == (3, 4)
    second, _ = composed.spans[("steps", 1)]
    assert (second.line, second.column) == (5, 4)
    name_key, name_value = composed.spans[("steps", 1, "name")]
    assert (name_key.line, name_key.column) == (6, 4)
    assert (name_value.line, name_value.column) == (6, 10)
    flow_item, _ = composed.spans[("basis", 1)]
    assert (flow_item.line, flow_item.column) == (7, 11)


def test_span_of_root() -> None:
    composed = parse(POWER)
    root, _ = composed.spans[()]
    assert (root.line, root.column) == (0, 0)


@pytest.mark.parametrize(
    ("line", "value_column"),
    [("名称: 镇党委会", 4), ("负责人: 张书记  # 注释", 5), ("  党委书记兼镇长: 张三", 11)],
)
def test_cjk_key_gives_value_column_in_characters(line: str, value_column: int) -> None:
    text = ("上级:\n" if line.startswith(" ") else "") + line + "\n"
    composed = parse(text)
    assert not composed.problems
    spans = {path[-1]: span for path, span in composed.spans.items() if path}
    key = line.split(":")[0].strip()
    key_span, value_span = spans[key]
    assert key_span.column == len(line) - len(line.lstrip())
    assert key_span.end_column == key_span.column + len(key)
    assert value_span.column == value_column
    assert line[value_span.column] in "镇张"


# --- duplicate keys and merge keys ----------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_and_names_the_first() -> None:
    composed = parse(
        "id: DW-001\ntitle: 重大工程项目安排决定权\nholder: committee\ntitle: 第二个标题\n"
    )
    line, column, zh, en = only_problem(composed)
    assert (line, column) == (3, 0)
    assert "title" in zh and "第 2 行" in zh
    assert 'duplicate key "title" (first at line 2)' in en
    assert composed.data == {
        "id": "DW-001",
        "title": "重大工程项目安排决定权",
        "holder": "committee",
    }
    assert not composed.fatal


def test_duplicate_key_inside_a_list_item_keeps_the_first_value() -> None:
    text = "people:\n  - id: p-zhang\n    name: 张建国\n    name: 张建华\n"
    composed = parse(text)
    line, column, _, en = only_problem(composed)
    assert (line, column) == (3, 4)
    assert "first at line 3" in en
    assert composed.data == {"people": [{"id": "p-zhang", "name": "张建国"}]}


def test_duplicate_key_with_a_mapping_value_keeps_the_first_mapping() -> None:
    text = "unit:\n  id: a\n  name: 甲镇\nunit:\n  id: b\n"
    composed = parse(text)
    assert only_problem(composed)[:2] == (3, 0)
    assert composed.data == {"unit": {"id": "a", "name": "甲镇"}}


def test_quoted_and_plain_spellings_of_a_key_are_duplicates() -> None:
    composed = parse('id: DW-001\n"id": DW-002\n')
    assert only_problem(composed)[:2] == (1, 0)
    assert composed.data == {"id": "DW-001"}


def test_merge_key_is_a_problem() -> None:
    text = "defaults: &d\n  secrecy: public\nitem:\n  <<: *d\n  title: 议题\n"
    composed = parse(text)
    line, column, zh, en = only_problem(composed)
    assert (line, column) == (3, 2)
    assert "<<" in zh and "合并键" in zh
    assert "merge keys" in en
    assert not composed.fatal


def test_quoted_merge_key_is_just_a_key() -> None:
    assert clean('"<<": 文本\n') == {"<<": "文本"}


# --- tags -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown", "forbidden"),
    [
        ("cmd: !!python/object:os.system x\n", "!!python/object:os.system", True),
        (
            "cmd: !!python/object/apply:os.system ['echo 1']\n",
            "!!python/object/apply:os.system",
            True,
        ),
        ("cmd: !<tag:yaml.org,2002:python/name:os.system> x\n", "!!python/name:os.system", True),
        ("level: !custom 3\n", "!custom", False),
        ("level: !!binary aGVsbG8=\n", "!!binary", False),
        ("level: !!timestamp 2026-01-01\n", "!!timestamp", False),
        ("level: !!set {a, b}\n", "!!set", False),
    ],
)
def test_other_tags_are_problems_and_give_none(text: str, shown: str, forbidden: bool) -> None:
    composed = parse(text)
    line, column, zh, en = only_problem(composed)
    key = text.split(":")[0]
    assert (line, column) == (0, len(key) + 2)
    assert shown in zh and shown in en
    assert ("forbidden" in en) is forbidden
    assert ("unknown" in en) is not forbidden
    if "set" not in shown and "apply" not in shown:
        assert composed.data == {key: None}
    assert not composed.fatal


def test_custom_tag_on_a_mapping_is_reported() -> None:
    composed = parse("unit: !custom\n  id: test-town\n")
    assert only_problem(composed)[:2] == (0, 6)


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        f"a: !!python/object/apply:os.system ['touch {marker}']\n"
        f"b: !!python/object/apply:builtins.open ['{marker}', 'w']\n"
        f"c: !!python/object/new:pathlib.Path.touch ['{marker}']\n"
        "d: !!python/name:os.system\n"
        f"e: !!python/object:os.system {marker}\n"
    )
    composed = parse(text)
    assert not marker.exists()
    assert len(composed.problems) == 5
    assert all("forbidden YAML tag !!python/" in p.message.en for p in composed.problems)
    # the values are the plain lists/strings of the source (or None), never objects
    assert composed.data == {
        "a": [f"touch {marker}"],
        "b": [str(marker), "w"],
        "c": [str(marker)],
        "d": None,
        "e": None,
    }


def test_python_tag_on_the_document_is_reported() -> None:
    composed = parse("--- !!python/object/apply:os.system ['echo 1']\n")
    assert only_problem(composed)[:2] == (0, 4)


def test_tag_handle_redefined_to_python_is_still_forbidden() -> None:
    text = "%TAG !py! tag:yaml.org,2002:python/\n---\na: !py!object:os.system x\n"
    composed = parse(text)
    line, _, _, en = only_problem(composed)
    assert line == 2
    assert "forbidden" in en
    assert composed.data == {"a": None}


@pytest.mark.parametrize(
    ("text", "shown"),
    [("!!python/object:os.system x: 1\n", "forbidden"), ("!custom 名称: 值\n", "unknown")],
)
def test_tags_on_keys_are_reported(text: str, shown: str) -> None:
    line, column, _, en = only_problem(parse(text))
    assert (line, column) == (0, 0)
    assert shown in en


def test_str_tag_on_a_key_is_fine() -> None:
    assert clean("!!str 1: 第一项\n") == {"1": "第一项"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("!!str 12", "12"),
        ("!!str 2026-03-12", "2026-03-12"),
        ("!!str true", "true"),
        ('!!int "7"', 7),
        ("!!int 0x1F", 31),
        ("!!float 3", 3.0),
        ("!!float '2.5'", 2.5),
        ("!!bool true", True),
        ("!!null ''", None),
        ("! 12", "12"),
        ("!<tag:yaml.org,2002:str> 12", "12"),
    ],
)
def test_allowed_core_tags(text: str, value: object) -> None:
    data = clean(f"v: {text}\n")
    assert data == {"v": value}
    assert type(data["v"]) is type(value)  # type: ignore[index]


def test_core_collection_tags_are_allowed() -> None:
    assert clean("a: !!map {b: 1}\nc: !!seq [1, 2]\n") == {"a": {"b": 1}, "c": [1, 2]}


@pytest.mark.parametrize(
    "text",
    ["!!int abc", "!!int 1.5", "!!int true", "!!float 文本", "!!bool yes", "!!int 2026-03-12"],
)
def test_core_tag_with_a_value_of_the_wrong_type_is_a_problem(text: str) -> None:
    composed = parse(f"v: {text}\n")
    line, column, zh, en = only_problem(composed)
    assert (line, column) == (0, 3)
    assert text.split()[0] in zh and text.split()[0] in en
    assert composed.data == {"v": None}


def test_bad_int_value_message_names_the_value() -> None:
    _, _, zh, en = only_problem(parse("v: !!int abc\n"))
    assert "unknown" not in en
    assert "整数" in zh and "abc" in zh
    assert "abc" in en


# --- anchors and aliases --------------------------------------------------------------------


def test_small_anchor_reuse_works_and_is_shared() -> None:
    text = (
        "basis_common: &basis\n"
        "  - title: 《中国共产党地方委员会工作条例》\n"
        "    article: 第十一条\n"
        "power_a:\n"
        "  basis: *basis\n"
        "power_b:\n"
        "  basis: *basis\n"
        "phone: &tel '0771-1234567'\n"
        "contact: *tel\n"
    )
    data = clean(text)
    assert data["power_a"]["basis"] == [  # type: ignore[index]
        {"title": "《中国共产党地方委员会工作条例》", "article": "第十一条"}
    ]
    assert data["power_a"]["basis"] == data["power_b"]["basis"]  # type: ignore[index]
    assert data["power_a"]["basis"] is data["basis_common"]  # type: ignore[index]
    assert data["contact"] == "0771-1234567"  # type: ignore[index]


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(["哈"] * width) + "]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_fatal_and_fast() -> None:
    start = time.perf_counter()
    composed = parse(alias_bomb())
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0
    assert composed.fatal
    assert composed.data is None
    line, _, zh, en = only_problem(composed)
    assert line == 4  # 1 + 9*10 + 9*91 + 9*820 = 8200 nodes, the next line overflows
    assert str(ALIAS_BUDGET) in zh and "billion laughs" in en


def test_alias_budget_is_configurable() -> None:
    text = "a: &x [1, 2, 3]\nb: *x\nc: *x\n"
    assert not Composer(alias_budget=8).compose(_events(text)).fatal
    composed = Composer(alias_budget=7).compose(_events(text))
    assert composed.fatal
    assert composed.problems[0].line == 2


def test_undefined_alias_is_fatal() -> None:
    composed = parse("chair: *zhang\n")
    assert composed.fatal
    _, _, zh, en = only_problem(composed)
    assert "*zhang" in zh and "*zhang" in en


def test_recursive_alias_is_fatal() -> None:
    composed = parse("a: &loop\n  - *loop\n")
    assert composed.fatal
    assert composed.data is None


# --- nesting depth --------------------------------------------------------------------------


def test_nesting_at_the_limit_is_fine() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    composed = parse(text)
    assert not composed.fatal
    assert composed.problems == []


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 1000, 10_000])
def test_deep_flow_sequences_are_fatal(levels: int) -> None:
    composed = parse("[" * levels + "]" * levels)
    assert composed.fatal
    line, column, zh, en = only_problem(composed)
    assert (line, column) == (0, MAX_DEPTH)
    assert "64" in zh and "64" in en


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 10_000])
def test_deep_block_mappings_are_fatal(levels: int) -> None:
    text = "".join(" " * i + f"层{i}:\n" for i in range(levels))
    composed = parse(text)
    assert composed.fatal
    assert only_problem(composed)[:2] == (MAX_DEPTH, MAX_DEPTH)


@pytest.mark.parametrize("levels", [100, 10_000])
def test_deep_flow_mappings_and_block_sequences_are_fatal(levels: int) -> None:
    assert parse("{a: " * levels + "1" + "}" * levels).fatal
    assert parse("- " * levels + "x\n").fatal


def test_deep_nesting_does_not_depend_on_the_recursion_limit() -> None:
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        composed = parse("[" * 10_000 + "]" * 10_000)
    finally:
        sys.setrecursionlimit(old)
    assert composed.fatal
    assert "nesting deeper than 64" in composed.problems[0].message.en


def test_max_depth_is_configurable() -> None:
    composed = Composer(max_depth=2).compose(_events("a:\n  b:\n    c: 1\n"))
    assert composed.fatal
    assert composed.problems[0].line == 2  # the third mapping (root, a, b)
    assert not Composer(max_depth=3).compose(_events("a:\n  b:\n    c: 1\n")).fatal


# --- documents ------------------------------------------------------------------------------


def test_explicit_single_document_is_fine() -> None:
    assert clean("---\nid: M-01\n...\n") == {"id": "M-01"}


def test_second_document_is_a_problem() -> None:
    composed = parse("id: M-01\nbody: committee\n---\nid: M-02\n")
    line, column, zh, en = only_problem(composed)
    assert (line, column) == (2, 0)
    assert "---" in zh and "---" in en
    assert composed.data == {"id": "M-01", "body": "committee"}


def test_second_document_after_explicit_end_is_a_problem() -> None:
    composed = parse("---\nid: M-01\n...\n---\nid: M-02\n")
    assert only_problem(composed)[0] == 3


# --- syntax errors --------------------------------------------------------------------------


def assert_syntax_error(text: str, line: int) -> tuple[str, str]:
    composed = parse(text)
    assert composed.fatal
    assert composed.data is None
    got_line, _, zh, en = only_problem(composed)
    assert zh.startswith("YAML 语法错误")
    assert en.startswith("YAML syntax error")
    assert got_line == line, (got_line, zh)
    return zh, en


def test_value_with_colon_space() -> None:
    zh, en = assert_syntax_error("id: DW-001\ntitle: 重大: 工程\n", 1)
    assert "引号" in zh and "quote" in en
    assert parse("a: b: c\n").problems[0].column == 4


def test_tab_indentation() -> None:
    zh, en = assert_syntax_error("steps:\n  - id: s1\n\tname: 调研论证\n", 2)
    assert "Tab" in zh and "tab" in en
    assert_syntax_error("steps:\n\t- id: s1\n", 1)


def test_unclosed_bracket_without_following_lines() -> None:
    zh, en = assert_syntax_error("id: DW-001\nbasis: [甲, 乙\n", 1)
    assert "方括号" in zh and "[ ]" in en


def test_unclosed_brace() -> None:
    zh, en = assert_syntax_error("id: DW-001\nscores: {importance: 3\n", 1)
    assert "花括号" in zh and "{ }" in en


def test_unclosed_quote_message() -> None:
    composed = parse('id: DW-001\ntitle: "重大工程\nholder: committee\n')
    assert composed.fatal
    _, _, zh, en = only_problem(composed)
    assert "引号没有闭合" in zh and "quote is not closed" in en


def test_unclosed_quote_points_at_the_quote() -> None:
    composed = parse('id: DW-001\ntitle: "重大工程\nholder: committee\nsecrecy: public\n')
    assert only_problem(composed)[:2] == (1, 7)
    assert parse("id: DW-001\ntitle: '重大工程\n").problems[0].line == 1


def test_unclosed_bracket_points_at_the_bracket() -> None:
    text = "id: DW-001\nbasis: [甲, 乙\ntitle: 重大工程\nholder: committee\n"
    assert only_problem(parse(text))[:2] == (1, 7)


def test_missing_comma_in_a_flow_list_is_near_the_bracket() -> None:
    zh, _ = assert_syntax_error('id: DW-001\nbasis: [甲, "乙" 丙]\ntitle: 重大工程\n', 1)
    assert "逗号" in zh


@pytest.mark.parametrize("text", ["id: DW-001\ntitle", "id: DW-001\ntitle\n", "id: DW-001\n甲"])
def test_error_at_the_end_is_on_the_last_line(text: str) -> None:
    composed = parse(text)
    assert composed.fatal
    line, column, _, _ = only_problem(composed)
    assert line == 1  # never past the last line, with or without a final newline
    assert column <= len(text.splitlines()[1])


def test_bad_indentation() -> None:
    zh, en = assert_syntax_error("steps:\n  - id: s1\n - id: s2\n", 2)
    assert "缩进" in zh and "indentation" in en
    zh, en = assert_syntax_error("steps:\n  - id: s1\n    name: 调研论证\n   kind: end\n", 3)
    assert "列表项" in zh and "list items" in en


def test_control_character_is_reported_at_its_place_in_chinese() -> None:
    composed = parse("id: DW-001\ntitle: ab\x07cd\n")
    line, column, zh, en = only_problem(composed)
    assert (line, column) == (1, 9)
    assert "控制字符 U+0007" in zh and "unacceptable" not in zh
    assert "U+0007" in en


def test_control_character_after_chinese_text_is_at_its_place() -> None:
    # libyaml reports a UTF-8 byte offset; the position counts characters
    composed = parse("id: DW-001\ntitle: 重大\x07工程\n")
    assert only_problem(composed)[:2] == (1, 9)
    composed = parse("名称: 镇党委\n负责人: 张书记\x1b\n")
    assert only_problem(composed)[:2] == (1, 8)


def test_control_character_is_fatal_not_an_exception() -> None:
    composed = parse("id: DW-001\ntitle: 重大\x07工程\n")
    assert composed.fatal
    assert composed.problems


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separator_in_a_value_is_text(separator: str) -> None:
    assert clean(f"title: 甲{separator}乙\nholder: committee\n") == {
        "title": f"甲{separator}乙",
        "holder": "committee",
    }


def test_end_of_file_error_after_a_line_separator_is_in_the_file() -> None:
    composed = parse("title: 甲\u2028乙\ntitle")  # two lines; the error is on the second
    assert composed.fatal
    assert only_problem(composed)[0] == 1


def test_private_use_characters_survive_next_to_a_line_separator() -> None:
    data = clean('title: "\U0010fff0"\nnotes: 甲\u2028乙\n')
    assert data == {"title": "\U0010fff0", "notes": "甲\u2028乙"}


def test_unicode_line_separator_does_not_shift_lines_or_columns() -> None:
    composed = parse("title: 甲\u2028乙\n名\u2028称: 值\ntitle: 丙\n")
    line, column, _, en = only_problem(composed)
    assert (line, column) == (2, 0)
    assert "first at line 1" in en
    assert composed.data == {"title": "甲\u2028乙", "名\u2028称": "值"}
    assert composed.spans[("名\u2028称",)][1].column == 5
