"""Bytes -> text: size limit, UTF-8 decoding, BOM, and Markdown front matter.

Files are always read as bytes and decoded as UTF-8, never with the locale's encoding: a clerk's
Windows machine with a Chinese locale would otherwise read GBK and silently corrupt the records.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from powerctl.i18n import Msg

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_CHUNK = 1024 * 1024
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
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


# The limit may be lowered, not raised: a 5 MB file of 78,000 duplicate flowchart steps (156,000
# findings, each placed by the precise loader) already takes ~400 MB and ~9 s to check, and a
# pull request could otherwise set limits.max_file_mb: 1000 and hand CI a file that needs gigabytes.
MAX_LIMIT = DEFAULT_MAX_BYTES


def limit_bytes(megabytes: float) -> int:
    """A size limit in MB (any positive number, .inf included) -> bytes, at most MAX_LIMIT."""
    if megabytes != megabytes or megabytes <= 0:  # NaN or not positive
        return DEFAULT_MAX_BYTES
    return int(min(megabytes * 1024 * 1024, MAX_LIMIT))


def _mb(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "命名管道（FIFO）", "a named pipe (FIFO)"),
    (stat.S_ISCHR, "字符设备", "a character device"),
    (stat.S_ISBLK, "块设备", "a block device"),
    (stat.S_ISSOCK, "套接字", "a socket"),
    (stat.S_ISDIR, "文件夹", "a folder"),
)


def not_regular(mode: int) -> SourceError:
    """A FIFO, device or socket named like a record: opening or reading it could block forever
    (a FIFO nobody writes to) or never end (/dev/zero), so it is never read."""
    zh, en = next(((z, e) for test, z, e in _SPECIAL_KINDS if test(mode)), ("特殊文件", "special"))
    return SourceError(
        Msg(
            f"这不是普通文件，而是{zh}，不会被读取：请删除它，或换成普通的 UTF-8 YAML 文件。",
            f"this is not a regular file but {en}; it is not read: delete it or replace it with "
            "an ordinary UTF-8 YAML file.",
        )
    )


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading, or raise SourceError without ever blocking: O_NONBLOCK
    makes opening a FIFO return at once, and the open file (not the path, which could be swapped
    meanwhile) is checked."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise not_regular(mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a regular file, refusing before reading when it is over the limit."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise not_regular(info.st_mode)  # without opening it: a FIFO's open would block
    size = info.st_size
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
    with open_regular(path) as handle:
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


def _utf16_without_bom(data: bytes) -> bool:
    """UTF-16 saved without a BOM (some Windows tools): YAML's keys, spaces and line ends are
    ASCII, so NUL bytes fill one of every two byte positions and almost none of the other, and
    the whole file decodes. (Else a NUL means a binary file.)"""
    sample = data[:8192]
    half = len(sample) // 2
    if half < 2 or len(data) % 2:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) < half * 0.2 or min(even, odd) > half * 0.02:
        return False
    try:
        text = data.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return False
    return not _CONTROL.search(text)  # text, not a binary file that happens to decode


def decode(data: bytes) -> str:
    """UTF-8 (BOM accepted) or a SourceError that says what the file looks like and how to fix it."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
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
