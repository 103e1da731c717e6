"""Text -> composed data with positions, through ruamel.yaml's event parser (C-accelerated when
ruamel.yaml.clib is installed). Syntax errors become messages a clerk can act on."""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from powerctl.i18n import Msg
from powerctl.load.compose import Composed, ComposeProblem, Composer
from powerctl.load.source import LINE_BREAK, split_lines

# (fragment of libyaml's English problem, Chinese explanation, English explanation)
_SYNTAX_HINTS: tuple[tuple[str, str, str], ...] = (
    (
        "mapping values are not allowed",
        "此处不能出现“： ”：值里含有冒号时请给整个值加引号，或检查上一行的缩进",
        'a ": " is not allowed here: quote a value that contains a colon, or check the '
        "indentation of the line above",
    ),
    (
        "tab character",
        "不能用 Tab 缩进，请改用空格",
        "tabs cannot indent YAML; use spaces",
    ),
    (
        "that cannot start any token",
        "这个字符不能出现在值的开头（例如 @、` 或 Tab）：请给值加引号，缩进请用空格",
        "this character cannot start a value (e.g. @, ` or a tab): quote the value and indent "
        "with spaces",
    ),
    (
        "while scanning a quoted scalar",
        "引号没有闭合：请检查这一行开始的引号是否成对",
        "a quote is not closed: check that the quotes starting here come in pairs",
    ),
    (
        "did not find expected ',' or ']'",
        "方括号 [ ] 没有闭合或缺少逗号",
        "a [ ] list is not closed or a comma is missing",
    ),
    (
        "did not find expected ',' or '}'",
        "花括号 { } 没有闭合或缺少逗号",
        "a { } mapping is not closed or a comma is missing",
    ),
    (
        "could not find expected ':'",
        "缺少冒号“：”：键和值之间要写“键： 值”（冒号后有一个空格）",
        'a ":" is missing: write "key: value" (a space after the colon)',
    ),
    (
        "did not find expected key",
        "缩进不一致：同一层的键要左对齐，列表项以“- ”开头",
        'inconsistent indentation: keys of one level line up, list items start with "- "',
    ),
    (
        "did not find expected '-' indicator",
        "列表项缩进不一致：同一列表的每一项都以同样缩进的“- ”开头",
        'list items are not aligned: every item of a list starts with "- " at the same indentation',
    ),
    (
        "expected <block end>",
        "缩进不一致：请检查这一行与上一行的缩进",
        "inconsistent indentation: compare this line's indentation with the line above",
    ),
    (
        "control characters are not allowed",
        "文件中含有不可见的控制字符：请删除它们（常见于从网页或 Word 复制的内容）",
        "the file contains invisible control characters: delete them (they come with text "
        "pasted from web pages or Word)",
    ),
    (
        "found undefined alias",
        "别名没有对应的锚点",
        "an alias has no anchor",
    ),
)


def _yaml_events() -> YAML:
    # typ="safe" with pure=False picks the C parser when ruamel.yaml.clib is present.
    return YAML(typ="safe", pure=False)


def syntax_message(exc: MarkedYAMLError) -> Msg:
    problem = str(exc.problem or "")
    context = str(getattr(exc, "context", "") or "")
    text = f"{context} {problem}"
    for fragment, zh, en in _SYNTAX_HINTS:
        if fragment in text:
            return Msg(f"YAML 语法错误：{zh}。", f"YAML syntax error: {en}.")
    return Msg(
        f"YAML 语法错误（{problem}）：请检查这一行的缩进、冒号和引号。",
        f"YAML syntax error ({problem}): check the indentation, colons and quotes on this line.",
    )


# YAML 1.2 does not treat NEL, LS and PS as line breaks, but libyaml (YAML 1.1) does: hide them
# behind private-use code points the file does not use while parsing (one character for one,
# so columns stay right) and give them back in the values.
_SEPARATORS = "\x85\u2028\u2029"
_PRIVATE = [chr(c) for c in range(0x10FFF0, 0x10FFFE)]


def _hiding(text: str) -> tuple[dict[int, str], dict[int, str]] | None:
    if not any(c in text for c in _SEPARATORS):
        return None
    free = [c for c in _PRIVATE if c not in text][: len(_SEPARATORS)]
    if len(free) < len(_SEPARATORS):
        return None  # a file full of private-use characters: let libyaml decide
    hide = {ord(sep): stand_in for sep, stand_in in zip(_SEPARATORS, free, strict=True)}
    show = {ord(stand_in): sep for sep, stand_in in zip(_SEPARATORS, free, strict=True)}
    return hide, show


# Problems inside a quoted scalar or a flow collection are best shown where it opened.
_AT_CONTEXT = ("while scanning a quoted scalar", "while parsing a flow")


def _problem_position(exc: MarkedYAMLError, text: str) -> tuple[int, int]:
    context = str(getattr(exc, "context", "") or "")
    mark = exc.context_mark if context.startswith(_AT_CONTEXT) else None
    mark = mark or exc.problem_mark or exc.context_mark
    if mark is None:
        return 0, 0
    lines = split_lines(text) or [""]
    if mark.line >= len(lines):  # past the end of a file without a final newline
        return len(lines) - 1, len(lines[-1])
    return mark.line, mark.column


def _reader_problem(exc: ReaderError, text: str) -> ComposeProblem:
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    # libyaml reports a byte offset, the pure-Python reader a character offset: find the
    # character itself instead
    found = text.find(chr(code)) if 0 <= code <= 0x10FFFF else -1
    position = found if found >= 0 else 0
    # lines as editors count them: CR, LF and CRLF all end a line (source.split_lines)
    before = LINE_BREAK.split(text[:position])
    line = len(before) - 1
    column = len(before[-1])
    return ComposeProblem(
        Msg(
            f"文件中含有不可见的控制字符 U+{code:04X}：请删除它（常见于从网页或 Word 复制的内容）。",
            f"the file contains an invisible control character U+{code:04X}: delete it (it comes "
            "with text pasted from web pages or Word).",
        ),
        line,
        column,
    )


def parse(text: str, composer: Composer | None = None, line_offset: int = 0) -> Composed:
    """Compose `text`; never raises for bad input. `line_offset`: lines before `text` in its
    file (Markdown front matter), for messages that name another line."""
    composer = composer or Composer()
    yaml = _yaml_events()
    tables = _hiding(text)
    try:
        events: Any = yaml.parse(text.translate(tables[0]) if tables else text)
        show = (lambda value: value.translate(tables[1])) if tables else None
        return composer.compose(events, show=show, line_offset=line_offset)
    except MarkedYAMLError as exc:
        line, column = _problem_position(exc, text)
        return Composed(
            data=None, problems=[ComposeProblem(syntax_message(exc), line, column)], fatal=True
        )
    except ReaderError as exc:
        return Composed(data=None, problems=[_reader_problem(exc, text)], fatal=True)
    except (YAMLError, RecursionError, ValueError) as exc:
        return Composed(
            data=None,
            problems=[
                ComposeProblem(Msg(f"YAML 无法解析：{exc}", f"YAML cannot be parsed: {exc}"), 0, 0)
            ],
            fatal=True,
        )
