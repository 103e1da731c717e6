"""Bytes -> text (`powerctl.load.source`): size limit, encodings, Markdown front matter."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from powerctl.load import source
from powerctl.load.parse import parse
from powerctl.load.source import (
    DEFAULT_MAX_BYTES,
    SourceError,
    decode,
    read_bytes,
    read_text,
    split_front_matter,
)

PEOPLE = "people:\n  - id: p-shu\n    name: 张书记\n  - id: p-zhen\n    name: 王镇长\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- UTF-8 and BOM --------------------------------------------------------------------------


def test_utf8_bom_is_accepted_silently(tmp_path: Path) -> None:
    plain = write(tmp_path, "plain.yaml", PEOPLE.encode("utf-8"))
    bom = write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + PEOPLE.encode("utf-8"))
    with_bom = read_text(bom, markdown=False)
    assert with_bom == read_text(plain, markdown=False)
    assert not with_bom.text.startswith("\ufeff")
    composed = parse(with_bom.text)
    assert composed.problems == []
    assert composed.data == parse(PEOPLE).data
    assert composed.data["people"][0] == {"id": "p-shu", "name": "张书记"}


def test_utf8_bom_before_markdown_front_matter(tmp_path: Path) -> None:
    text = "---\nid: M-01\n---\n正文\n"
    path = write(tmp_path, "M-01.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_text(path, markdown=True).text == "id: M-01\n"


def test_utf8_is_decoded_regardless_of_the_locale(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("PYTHONIOENCODING", "gbk")
    path = write(tmp_path, "people.yaml", PEOPLE.encode("utf-8"))
    assert read_text(path, markdown=False).text == PEOPLE


# --- other encodings ------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "gb2312"])
def test_gbk_file_is_rejected_with_an_iconv_hint(codec: str) -> None:
    text = "id: DW-001\ntitle: 重大工程项目安排决定权\nholder: committee\n"
    with pytest.raises(SourceError) as caught:
        decode(text.encode(codec))
    error = caught.value
    assert (error.line, error.column) == (2, 8)  # the first byte of 重
    assert "GBK" in error.message.zh and "iconv" in error.message.zh
    assert "UTF-8" in error.message.zh
    assert "GBK" in error.message.en and "iconv -f GB18030 -t UTF-8" in error.message.en
    assert str(error) == error.message.en


def test_gbk_position_counts_utf8_text_before_the_bad_byte() -> None:
    # a file edited in two editors: UTF-8 Chinese on line 1, GBK on line 3
    # (重 is 0xD6 0xD8 in GBK: 0xD8 cannot continue a UTF-8 sequence, so 0xD6 is the bad byte)
    gbk = "summary: 重大工程\n".encode("gbk")
    data = "title: 重大工程\n".encode() + b"holder: committee\n" + gbk
    with pytest.raises(SourceError) as caught:
        decode(data)
    assert (caught.value.line, caught.value.column) == (3, 10)
    assert "GBK" in caught.value.message.en


def test_other_invalid_utf8_gets_a_generic_message_with_the_line() -> None:
    data = "id: DW-001\ntitle: café\n".encode("latin-1")
    with pytest.raises(SourceError) as caught:
        decode(data)
    error = caught.value
    assert (error.line, error.column) == (2, 11)
    assert "GBK" not in error.message.en
    assert "第 2 行" in error.message.zh and "UTF-8" in error.message.zh
    assert "line 2" in error.message.en


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_rejected(codec: str) -> None:
    data = PEOPLE.encode(codec)
    if codec != "utf-16":
        data = ("\ufeff" + PEOPLE).encode(codec)
    with pytest.raises(SourceError) as caught:
        decode(data)
    assert "UTF-16" in caught.value.message.zh and "UTF-8" in caught.value.message.zh
    assert "UTF-16" in caught.value.message.en
    assert (caught.value.line, caught.value.column) == (1, 1)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(encoding: str) -> None:
    with pytest.raises(SourceError) as caught:
        decode(PEOPLE.encode(encoding))
    assert "UTF-16" in caught.value.message.zh and "the file is UTF-16" in caught.value.message.en


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"PK\x03\x04\x14\x00\x06\x00",  # a .docx saved as .yaml
        b"id: DW-001\n\x00\x00\x00",
    ],
)
def test_binary_content_is_rejected(data: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        decode(data)
    assert "二进制" in caught.value.message.zh and "assets/" in caught.value.message.zh
    assert "not a text file" in caught.value.message.en


# --- size limit -----------------------------------------------------------------------------


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.yaml", b"a" * 1000)
    assert read_bytes(path, max_bytes=1000) == b"a" * 1000


def test_file_over_the_limit_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: Any
) -> None:
    path = write(tmp_path, "big.yaml", b"a" * 1001)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(source, "open", no_open, raising=False)
    with pytest.raises(SourceError) as caught:
        read_bytes(path, max_bytes=1000)
    assert "文件过大" in caught.value.message.zh and "limits.max_file_mb" in caught.value.message.zh
    assert "too large" in caught.value.message.en
    assert (caught.value.line, caught.value.column) == (1, 1)
    with pytest.raises(SourceError):
        read_text(path, markdown=False, max_bytes=1000)


def test_file_that_grows_while_read_is_refused(tmp_path: Path, monkeypatch: Any) -> None:
    path = write(tmp_path, "growing.yaml", b"a" * 2000)
    real_stat = os.stat

    class Small:
        st_size = 10
        st_mode = stat.S_IFREG | 0o644

    monkeypatch.setattr(source.os, "stat", lambda p: Small() if Path(p) == path else real_stat(p))
    with pytest.raises(SourceError) as caught:
        read_bytes(path, max_bytes=1000)
    assert "too large" in caught.value.message.en


def test_huge_sparse_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024 * 1024)  # 50 GB, sparse: reading it would take ages
    start = time.perf_counter()
    with pytest.raises(SourceError):
        read_bytes(path, max_bytes=1024)
    assert time.perf_counter() - start < 1.0


def test_default_limit_is_5_mb(tmp_path: Path) -> None:
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    line = "  - 会议纪要正文,内容很长很长。\n".encode()
    path = write(tmp_path, "big.yaml", b"notes:\n" + line * (6 * 1024 * 1024 // len(line) + 1))
    assert path.stat().st_size > 6 * 1024 * 1024
    with pytest.raises(SourceError) as caught:
        read_text(path, markdown=False)
    assert "6.0 MB" in caught.value.message.en and "5.0 MB" in caught.value.message.en
    assert "6.0 MB" in caught.value.message.zh and "5.0 MB" in caught.value.message.zh


def test_small_limit_message_shows_real_sizes(tmp_path: Path) -> None:
    path = write(tmp_path, "big.yaml", b"a" * 2048)
    with pytest.raises(SourceError) as caught:
        read_bytes(path, max_bytes=1024)
    assert "0.0 MB" not in caught.value.message.en
    assert "2.0 KB" in caught.value.message.en and "1.0 KB" in caught.value.message.en
    assert "2.0 KB" in caught.value.message.zh


def test_large_limit_reads_only_what_the_file_holds(tmp_path: Path) -> None:
    path = write(tmp_path, "DW-001.yaml", b"id: DW-001\n")
    assert read_bytes(path, max_bytes=10**15) == b"id: DW-001\n"  # --max-file-mb 1000000000


def test_file_larger_than_one_read_chunk_is_read_whole(tmp_path: Path) -> None:
    data = ("- 会议纪要正文。\n" * 200_000).encode()  # about 4 MB, several chunks
    path = write(tmp_path, "notes.yaml", data)
    assert read_bytes(path) == data


# --- Markdown front matter ------------------------------------------------------------------

MEETING_MD = """\
---
id: M-01
body: committee
date: 2026-03-12
---
# 第一次党委会

会议研究了河堤加固工程。
"""


def test_front_matter_is_split() -> None:
    text = split_front_matter(MEETING_MD)
    assert text.text == "id: M-01\nbody: committee\ndate: 2026-03-12\n"
    assert text.full == MEETING_MD
    assert text.line_offset == 1
    assert text.body == "# 第一次党委会\n\n会议研究了河堤加固工程。\n"
    assert text.body_line == 6
    assert MEETING_MD.splitlines()[text.body_line - 1] == "# 第一次党委会"


def test_front_matter_lines_map_to_file_lines() -> None:
    text = split_front_matter(MEETING_MD)
    composed = parse(text.text)
    key, _ = composed.spans[("date",)]
    file_line = key.line + 1 + text.line_offset
    assert MEETING_MD.splitlines()[file_line - 1].startswith("date:")


def test_front_matter_closed_with_dots_and_trailing_spaces() -> None:
    text = split_front_matter("--- \nid: M-01\n...  \n正文\n")
    assert text.text == "id: M-01\n"
    assert text.body == "正文\n"
    assert text.body_line == 4


def test_front_matter_without_body() -> None:
    text = split_front_matter("---\nid: M-01\n---")
    assert text.text == "id: M-01\n"
    assert text.body == ""


def test_empty_front_matter() -> None:
    text = split_front_matter("---\n---\n正文\n")
    assert text.text == ""
    assert text.body == "正文\n"
    assert text.body_line == 3


def test_crlf_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "M-01.md", MEETING_MD.replace("\n", "\r\n").encode())
    text = read_text(path, markdown=True)
    assert text.text == "id: M-01\r\nbody: committee\r\ndate: 2026-03-12\r\n"
    assert text.body is not None and text.body.startswith("# 第一次党委会\r\n")
    assert text.body_line == 6
    composed = parse(text.text)
    assert composed.problems == []
    assert composed.data["body"] == "committee"
    assert composed.spans[("date",)][0].line == 2


def test_dashes_inside_the_front_matter_text_do_not_close_it() -> None:
    text = split_front_matter("---\ntitle: 甲---乙\n---\n正文\n")
    assert text.text == "title: 甲---乙\n"


@pytest.mark.parametrize(
    "full",
    [
        "id: M-01\n---\n正文\n",
        "# 第一次党委会\n\n---\nid: M-01\n---\n",
        "\n---\nid: M-01\n---\n",
        "----\nid: M-01\n---\n",
        "",
    ],
)
def test_missing_opening_front_matter(full: str) -> None:
    with pytest.raises(SourceError) as caught:
        split_front_matter(full)
    assert "头信息" in caught.value.message.zh and "---" in caught.value.message.zh
    assert "must start with YAML front matter" in caught.value.message.en


@pytest.mark.parametrize(
    "full", ["---\nid: M-01\n正文\n", "---\nid: M-01\n--- 正文\n", "---\n", "---\r\nid: M-01\r\n"]
)
def test_missing_closing_front_matter(full: str) -> None:
    with pytest.raises(SourceError) as caught:
        split_front_matter(full)
    assert "没有结束" in caught.value.message.zh
    assert "not closed" in caught.value.message.en


def test_read_text_yaml_is_the_whole_file(tmp_path: Path) -> None:
    path = write(tmp_path, "DW-001.yaml", b"---\nid: DW-001\n---\n")
    text = read_text(path, markdown=False)
    assert text.text == text.full == "---\nid: DW-001\n---\n"
    assert text.line_offset == 0
    assert text.body is None


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    """Opening a FIFO that nobody writes to blocks forever: it is refused before opening."""
    path = tmp_path / "M-09.yaml"
    os.mkfifo(path)
    with pytest.raises(SourceError) as caught:
        read_bytes(path)
    assert "命名管道" in caught.value.message.zh
    assert "not a regular file but a named pipe" in caught.value.message.en


def test_special_file_swapped_in_after_stat_is_refused(tmp_path: Path, monkeypatch: Any) -> None:
    """The open file is checked too, not just the path: a FIFO swapped in after the stat is
    opened without blocking (O_NONBLOCK) and refused."""
    path = tmp_path / "M-09.yaml"
    os.mkfifo(path)
    real_stat = os.stat

    class Regular:
        st_size = 10
        st_mode = stat.S_IFREG | 0o644

    def fake_stat(p: Any, **options: Any) -> Any:
        return Regular() if Path(p) == path else real_stat(p, **options)

    monkeypatch.setattr(source.os, "stat", fake_stat)
    with pytest.raises(SourceError) as caught:
        read_bytes(path)
    assert "named pipe" in caught.value.message.en
