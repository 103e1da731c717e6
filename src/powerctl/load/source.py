"""Bytes -> text: size limit, UTF-8 decoding, BOM, and Markdown front matter.

Files are always read as bytes and decoded as UTF-8, never with the locale's encoding: a clerk's
Windows machine with a Chinese locale would otherwise read GBK and silently corrupt the records.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from powerctl.i18n import Msg

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_CHUNK = 1024 * 1024
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as YAML 1.2 and editors count them: only CR, LF and CRLF break a line
    (str.splitlines also breaks at U+2028, U+2029 and U+0085)."""
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class SourceError(Exception):
    """A file that cannot be turned into text; carries a 1-based position and a message."""

    def __init__(self, message: Msg, line: int = 1, column: int = 1) -> None:
        super().__init__(message.en)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class Text:
    text: str  # what the YAML parser sees
    full: str  # the whole file (differs from `text` for Markdown)
    line_offset: int = 0  # lines before `text` starts in the file (front matter)
    body: str | None = None  # Markdown body after the front matter
    body_line: int = 0  # 1-based line where the body starts


MAX_LIMIT = 1 << 31  # 2 GiB: a larger (or infinite) limit means "no practical limit"


def limit_bytes(megabytes: float) -> int:
    """A size limit in MB (any positive number, .inf included) -> bytes."""
    if megabytes != megabytes or megabytes <= 0:  # NaN or not positive
        return DEFAULT_MAX_BYTES
    return int(min(megabytes * 1024 * 1024, MAX_LIMIT))


def _mb(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, refusing before reading when it is over the limit."""
    size = os.stat(path).st_size
    if size > max_bytes:
        raise SourceError(
            Msg(
                f"文件过大（{_mb(size)}，上限 {_mb(max_bytes)}）：一份记录文件不应这么大，"
                "请把内容拆分到多个文件；确有需要可在 powerctl.yaml 的 limits.max_file_mb 调高上限。",
                f"file too large ({_mb(size)}, limit {_mb(max_bytes)}): split it into several "
                "files, or raise limits.max_file_mb in powerctl.yaml if it really must be this big.",
            )
        )
    chunks: list[bytes] = []
    total = 0
    with open(path, "rb") as handle:
        # in chunks: never a buffer of max_bytes up front, and a file that grows is still bounded
        while total <= max_bytes:
            chunk = handle.read(min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    data = b"".join(chunks)
    if len(data) > max_bytes:  # grew while we looked
        raise SourceError(
            Msg(f"文件过大（上限 {_mb(max_bytes)}）。", f"file too large (limit {_mb(max_bytes)}).")
        )
    return data


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def decode(data: bytes) -> str:
    """UTF-8 (BOM accepted) or a SourceError that says what the file looks like and how to fix it."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            Msg(
                "文件是 UTF-16 编码，登记册只接受 UTF-8：请在编辑器中“另存为 UTF-8”"
                "（VS Code：右下角编码 → 通过编码保存 → UTF-8）。",
                "the file is UTF-16; records must be UTF-8: save it as UTF-8 "
                "(VS Code: encoding in the status bar -> Save with Encoding -> UTF-8).",
            )
        )
    if b"\x00" in data[:8192]:
        raise SourceError(
            Msg(
                "这不是文本文件（含有二进制内容）：登记册目录中只能放 UTF-8 的 YAML 文本，"
                "图片等附件请放到 assets/ 目录。",
                "this is not a text file (binary content): only UTF-8 YAML text belongs here; "
                "put pictures and other attachments in assets/.",
            )
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(data, exc.start)
        try:
            looks_gbk = bool(_CJK.search(data.decode("gb18030")))
        except UnicodeDecodeError:
            looks_gbk = False
        if looks_gbk:
            raise SourceError(
                Msg(
                    "文件不是 UTF-8 编码，看起来是 GBK/GB18030（Windows 中文系统的默认编码）："
                    "请转换为 UTF-8，例如 `iconv -f GB18030 -t UTF-8 原文件 > 新文件`，"
                    "或在 VS Code 中“通过编码重新打开 → GB18030”后“通过编码保存 → UTF-8”。",
                    "the file is not UTF-8; it looks like GBK/GB18030 (the default of Chinese "
                    "Windows): convert it, e.g. `iconv -f GB18030 -t UTF-8 old > new`, or in VS Code "
                    "Reopen with Encoding -> GB18030, then Save with Encoding -> UTF-8.",
                ),
                line,
                column,
            ) from None
        raise SourceError(
            Msg(
                f"文件不是有效的 UTF-8 编码（第 {line} 行有无法识别的字节）：请用编辑器另存为 UTF-8。",
                f"the file is not valid UTF-8 (undecodable byte on line {line}): save it as UTF-8.",
            ),
            line,
            column,
        ) from None


def split_front_matter(full: str) -> Text:
    """A Markdown record: `---` front matter `---` then the body (data-model.md)."""
    opening = _FRONT_MATTER_OPEN.match(full)
    if not opening:
        raise SourceError(
            Msg(
                "Markdown 记录必须以 YAML 头信息开始：第一行写“---”，然后是记录的字段，再用一行“---”结束。",
                'a Markdown record must start with YAML front matter: a first line "---", the '
                'record\'s fields, then a closing "---" line.',
            )
        )
    closing = _FRONT_MATTER_CLOSE.search(full, opening.end())
    if not closing:
        raise SourceError(
            Msg(
                "YAML 头信息没有结束：请在字段之后加一行“---”，正文写在它下面。",
                'the front matter is not closed: add a "---" line after the fields; the body goes '
                "below it.",
            )
        )
    header = full[opening.end() : closing.start()]
    body_start = full.find("\n", closing.start())
    body = "" if body_start < 0 else full[body_start + 1 :]
    body_line = full.count("\n", 0, body_start) + 2 if body_start >= 0 else 0
    return Text(text=header, full=full, line_offset=1, body=body, body_line=body_line)


def read_text(path: Path, markdown: bool, max_bytes: int = DEFAULT_MAX_BYTES) -> Text:
    return to_text(read_bytes(path, max_bytes), markdown)


def to_text(data: bytes, markdown: bool) -> Text:
    full = decode(data)
    if markdown:
        return split_front_matter(full)
    return Text(text=full, full=full)
