"""The hostile corpus: one Case per input, with its expected outcome (README.md lists them).

A case starts from the minimal registry (conftest.minimal_records), then copies the files of
tests/hostile/cases/NAME/ over it (small inputs, checked in byte for byte) and/or runs `setup`
(big or special inputs made at test time: 50 MB, deep nesting, alias bombs, binary, FIFOs,
symlinks, permissions). Every case runs `powerctl validate` (Chinese) and `powerctl lint --lang
en`; `render` cases also run `render --format html` and `render --format md`."""

from __future__ import annotations

import os
import pickle
import random
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import dump_yaml
from hostile.harness import CASES_DIR, Layout
from hostile.payloads import PAYLOADS, payload_records

MB = 1024 * 1024


@dataclass(frozen=True)
class Expected:
    """A finding that must be reported: `where` is `file:line` (or `file` when the problem has no
    line, e.g. a folder); `zh` must be in its line of the Chinese `validate` report and `en` in
    its line of the English `lint` report."""

    code: str
    where: str
    zh: str
    en: str


@dataclass(frozen=True)
class Case:
    name: str
    input: str  # one line for README.md: the input
    outcome: str  # one line for README.md: what must happen
    exit: int  # exit status of validate and lint
    findings: tuple[Expected, ...] = ()
    # the codes validate reports, exactly (None: the codes of `findings`)
    codes: frozenset[str] | None = None
    lint_codes: frozenset[str] | None = None  # the codes lint reports (None: as validate)
    lint_exit: int | None = None  # None: as validate
    setup: Callable[[Layout], None] | None = None
    remove: tuple[str, ...] = ()  # registry files deleted before the overlay
    render: bool = False  # also render --format html and --format md
    # None: as validate (render builds the board without the records in error, then exits 1)
    render_exit: int | None = None
    payload: bool = False  # check the rendered board for active content
    obey_modes: bool = False  # as root, run without CAP_DAC_OVERRIDE so mode 000 is obeyed
    needs_root: bool = False
    no_cache_check: bool = False
    text: tuple[str, str] | None = None  # (zh, en) that validate / lint must print
    # terminal output allowed: a huge input must not come back as megabytes of text, unless
    # each line is a finding of its own
    output_limit: int = 100_000

    @property
    def overlay(self) -> str | None:
        return self.name if (CASES_DIR / self.name).is_dir() else None

    @property
    def validate_codes(self) -> frozenset[str]:
        return self.codes if self.codes is not None else frozenset(f.code for f in self.findings)

    @property
    def lint_code_set(self) -> frozenset[str]:
        return self.lint_codes if self.lint_codes is not None else self.validate_codes

    @property
    def lint_status(self) -> int:
        return self.exit if self.lint_exit is None else self.lint_exit


def pc105(where: str, zh: str, en: str) -> Expected:
    return Expected("PC105", where, zh, en)


# --- generated inputs ----------------------------------------------------------------------


def write(layout: Layout, rel: str, data: str | bytes) -> Path:
    path = layout.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def billion_laughs(layout: Layout) -> None:
    lines = ['a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈","哈"]']
    for n in range(1, 9):
        prev, this = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{this}: &{this} [" + ",".join([f"*{prev}"] * 10) + "]")
    write(layout, "powers/DW-002.yaml", "\n".join(lines) + "\n")


def alias_keys(layout: Layout) -> None:
    """Aliases as mapping keys, and an alias of a mapping used as a key."""
    write(layout, "risks/DW-002.yaml", "- &k {id: x}\n- *k : 1\n")


def deep_flow_sequence(layout: Layout) -> None:
    write(layout, "powers/DW-002.yaml", "steps: " + "[" * 10_000 + "]" * 10_000 + "\n")


def deep_flow_mapping(layout: Layout) -> None:
    write(layout, "meetings/2026/M-02.yaml", "{a: " * 10_000 + "1" + "}" * 10_000 + "\n")


def deep_block_compact(layout: Layout) -> None:
    # `- - - x`: 10,000 block sequences, each indented two columns more than its parent
    write(layout, "disclosures/2027.yaml", "- " * 10_000 + "x\n")


def deep_block_indented(layout: Layout) -> None:
    # one level per line, one more space each; 3,000 levels (4.5 MB, under the size limit)
    text = "".join(" " * level + "a:\n" for level in range(3_000)) + " " * 3_000 + "b: 1\n"
    write(layout, "feedback/2027.yaml", text)


def fifty_mb(rel: str) -> Callable[[Layout], None]:
    def setup(layout: Layout) -> None:
        line = "  - {id: s1, name: 调研论证环节说明文字, next: [s2]}\n".encode()
        body = b"steps:\n" + line * (50 * MB // len(line) + 1)
        write(layout, rel, body)

    return setup


def long_line(valid: bool) -> Callable[[Layout], None]:
    def setup(layout: Layout) -> None:
        path = layout.root / "powers/DW-001.yaml"
        text = path.read_text(encoding="utf-8")
        filler = "权力运行" * (2 * MB // 12)  # 2 MB of UTF-8 on one line
        if valid:
            text += f"description: {filler}\n"
        else:
            text += f"description: {filler}: 冒号\n"
        path.write_text(text, encoding="utf-8")

    return setup


def random_bytes(layout: Layout) -> None:
    rng = random.Random(7)
    write(layout, "meetings/2026/M-02.yaml", bytes(rng.getrandbits(8) for _ in range(65_536)))


def png_header(layout: Layout) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    write(layout, "powers/DW-002.yaml", png + bytes(range(256)) * 4)


def elf_header(layout: Layout) -> None:
    write(layout, "risks/DW-002.yaml", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"\x03\x00>\x00")


def late_nul(layout: Layout) -> None:
    """A NUL byte after the first 8 KB (where a binary sniff stops looking)."""
    path = layout.root / "feedback/2026.yaml"
    text = path.read_text(encoding="utf-8") + "".join(f"# 备注第 {n} 行\n" for n in range(1_000))
    path.write_text(text + "- id: F-002\x00\n", encoding="utf-8")


def fifo(rel: str) -> Callable[[Layout], None]:
    def setup(layout: Layout) -> None:
        path = layout.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        os.mkfifo(path)

    return setup


def char_device(layout: Layout) -> None:
    path = layout.root / "powers/DW-002.yaml"
    os.mknod(path, stat.S_IFCHR | 0o644, os.makedev(1, 5))  # what /dev/zero is


def unix_socket(layout: Layout) -> None:
    path = layout.root / "feedback/2027.yaml"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


def symlink(rel: str, target: Callable[[Layout], str]) -> Callable[[Layout], None]:
    def setup(layout: Layout) -> None:
        path = layout.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target(layout), path)

    return setup


def both(*setups: Callable[[Layout], None]) -> Callable[[Layout], None]:
    def setup(layout: Layout) -> None:
        for step in setups:
            step(layout)

    return setup


def outside_records(layout: Layout) -> None:
    folder = layout.outside / "meetings"
    folder.mkdir()
    (folder / "M-09.yaml").write_text("id: [未闭合\n", encoding="utf-8")


def photo(value: str) -> Callable[[Layout], None]:
    def setup(layout: Layout) -> None:
        path = layout.root / "org/people.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  name: 王镇长\n", f"  name: 王镇长\n  photo: {value}\n"))

    return setup


def chain_loop(layout: Layout) -> None:
    os.symlink("DW-003.yaml", layout.root / "powers/DW-002.yaml")
    os.symlink("DW-002.yaml", layout.root / "powers/DW-003.yaml")


def unreadable(rel: str) -> Callable[[Layout], None]:
    def setup(layout: Layout) -> None:
        os.chmod(layout.root / rel, 0)

    return setup


def cache_link_outside(layout: Layout) -> None:
    (layout.outside / "cache").mkdir()
    os.symlink(layout.outside / "cache", layout.root / ".powerctl-cache")


class _Boom:
    """A pickle that runs a command when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def planted_cache(layout: Layout) -> None:
    """A `.powerctl-cache/` committed by someone else: entries under every name powerctl may
    look for, each a pickle that would create `outside/pwned` (with and without a fake MAC)."""
    from powerctl import __version__
    from powerctl.filecheck import _cache_name
    from powerctl.settings import FileOptions

    folder = layout.root / ".powerctl-cache"
    folder.mkdir(mode=0o700)
    bomb = pickle.dumps(_Boom(layout.outside / "pwned"))
    names = {_cache_name(FileOptions()), _cache_name(FileOptions(fast=True))}
    names |= {f"report-{n:032x}" for n in range(3)}
    for name in names:
        (folder / name).write_bytes(b"\x00" * 32 + bomb)
    (folder / f"files-{__version__}.pickle").write_bytes(bomb)


def payload_registry(payload: str) -> Callable[[Layout], None]:
    def setup(layout: Layout) -> None:
        records, missing = payload_records(payload)
        assert not missing, f"free-text fields found in no record: {missing}"
        for rel, data in records.items():
            write(layout, rel, dump_yaml(data))

    return setup


def payload_ids(layout: Layout) -> None:
    """Payloads as ids and file names: ids end up in page names, links and anchors."""
    records, _ = payload_records("正常文本")
    power = records["powers/DW-001.yaml"]
    evil = '"><img src=x onerror=alert(1)>'
    power["id"] = "javascript:alert(1)"
    records["risks/DW-001.yaml"][0]["power"] = power["id"]
    records["risks/DW-001.yaml"][0]["id"] = evil
    records["meetings/2026/M-01.yaml"]["items"][0]["power"] = power["id"]
    records["feedback/2026.yaml"][0]["about"]["power"] = power["id"]
    records["disclosures/2026.yaml"][0]["id"] = "<script>alert(1)</script>"
    records["feedback/2026.yaml"][0]["id"] = "../../../../outside/x"
    for rel, data in records.items():
        write(layout, rel, dump_yaml(data))


def big_cycle(layout: Layout) -> None:
    """A 1,000-step flowchart that is one big loop with no end step."""
    path = layout.root / "powers/DW-002.yaml"
    steps = "".join(
        f"- {{id: s{n}, name: 环节{n}, next: [s{(n + 1) % 1000}]}}\n" for n in range(1000)
    )
    text = (
        "id: DW-002\ntitle: 大循环\ncategory: ordinary\nholder: committee\n"
        "basis: [{title: 条例}]\nsteps:\n" + steps
    )
    path.write_text(text, encoding="utf-8")


def many_risks(layout: Layout) -> None:
    """20,000 risk points in one file (3 MB): the schema and the rules walk every one."""
    entry = (
        "- {{id: R-{n}, power: DW-001, description: 风险{n}, "
        "scores: {{importance: 1, frequency: 1, likelihood: 1}}, level: low}}\n"
    )
    write(layout, "risks/many.yaml", "".join(entry.format(n=n) for n in range(20_000)))


# --- the corpus ------------------------------------------------------------------------------

TOO_LARGE = ("文件过大", "file too large")
BINARY = ("不是文本文件", "not a text file")
UTF16 = ("UTF-16", "the file is UTF-16")
NESTING = ("嵌套层级超过 64 层", "nesting deeper than 64 levels")
ALIASES = ("别名展开后超过", "billion laughs")
SYMLINK_FILE = ("符号链接", "symbolic link")
SYMLINK_FOLDER = ("这个文件夹是符号链接", "this folder is a symbolic link")
NOT_REGULAR = ("不是普通文件", "not a regular file")

CASES: list[Case] = [
    # --- size, depth, aliases
    Case(
        "billion-laughs",
        "9 levels of 10 aliases each (10^9 nodes when expanded)",
        "PC105 at the line where expansion passes 10,000 nodes; exit 1",
        1,
        (pc105("powers/DW-002.yaml:4", *ALIASES),),
        setup=billion_laughs,
    ),
    Case(
        "alias-as-key",
        "an alias of a mapping used as a mapping key",
        "PC105 (keys must be plain text); exit 1",
        1,
        (pc105("risks/DW-002.yaml:2", "键必须是简单的文本", "a key must be plain text"),),
        setup=alias_keys,
    ),
    Case(
        "deep-flow-sequence",
        "`steps: [[[[...]]]]` 10,000 levels deep in flow style",
        "PC105 nesting deeper than 64 levels, line 1; exit 1",
        1,
        (pc105("powers/DW-002.yaml:1", *NESTING),),
        setup=deep_flow_sequence,
    ),
    Case(
        "deep-flow-mapping",
        "`{a: {a: ...}}` 10,000 levels deep",
        "PC105 nesting, line 1; exit 1",
        1,
        (pc105("meetings/2026/M-02.yaml:1", *NESTING),),
        setup=deep_flow_mapping,
    ),
    Case(
        "deep-block-compact",
        "`- - - - ... x`: 10,000 nested block sequences on one line",
        "PC105 nesting, line 1; exit 1",
        1,
        (pc105("disclosures/2027.yaml:1", *NESTING),),
        setup=deep_block_compact,
    ),
    Case(
        "deep-block-indented",
        "3,000 nested block mappings, one per line (a 10,000-deep indented file is 50 MB)",
        "PC105 nesting at line 65; exit 1",
        1,
        (pc105("feedback/2027.yaml:65", *NESTING),),
        setup=deep_block_indented,
    ),
    Case(
        "file-50mb",
        "a 50 MB power file",
        "PC105 file too large (refused before reading), line 1; exit 1",
        1,
        (pc105("powers/DW-002.yaml:1", *TOO_LARGE),),
        setup=fifty_mb("powers/DW-002.yaml"),
    ),
    Case(
        "config-50mb",
        "a 50 MB powerctl.yaml",
        "PC105 file too large on powerctl.yaml; exit 1 (lint also PC203: no default channel)",
        1,
        (pc105("powerctl.yaml:1", *TOO_LARGE),),
        lint_codes=frozenset({"PC105", "PC203"}),  # no contact channel without the config
        setup=fifty_mb("powerctl.yaml"),
    ),
    Case(
        "long-line-valid",
        "a power description that is one 2 MB line",
        "accepted: exit 0, rendered",
        0,
        setup=long_line(True),
        render=True,
    ),
    Case(
        "long-line-syntax-error",
        "a 2 MB line that ends in a second `: `",
        "PC105 YAML syntax error at line 27; exit 1",
        1,
        (pc105("powers/DW-001.yaml:27", "YAML 语法错误", "YAML syntax error"),),
        setup=long_line(False),
    ),
    Case(
        "many-risks",
        "20,000 risk points in one 3 MB file",
        "checked within the time and memory bounds, no findings: exit 0",
        0,
        setup=many_risks,
    ),
    # --- binary and encodings
    Case(
        "random-bytes",
        "64 KB of random bytes as a meeting file",
        "PC105 not a text file; exit 1",
        1,
        (pc105("meetings/2026/M-02.yaml:1", *BINARY),),
        setup=random_bytes,
    ),
    Case(
        "png-as-yaml",
        "a PNG image named powers/DW-002.yaml",
        "PC105 not a text file; exit 1",
        1,
        (pc105("powers/DW-002.yaml:1", *BINARY),),
        setup=png_header,
    ),
    Case(
        "elf-as-yaml",
        "an ELF header named risks/DW-002.yaml",
        "PC105 not a text file; exit 1",
        1,
        (pc105("risks/DW-002.yaml:1", *BINARY),),
        setup=elf_header,
    ),
    Case(
        "nul-after-8k",
        "a NUL byte on line 1,009, after 8 KB of comments",
        "PC105 control character U+0000 at its line; exit 1",
        1,
        (pc105("feedback/2026.yaml:1009", "U+0000", "U+0000"),),
        setup=late_nul,
    ),
    Case(
        "gbk",
        "a meeting saved as GBK",
        "PC105 at the first Chinese line, naming GBK and iconv; exit 1",
        1,
        (pc105("meetings/2026/M-01.yaml:37", "GBK", "iconv -f GB18030"),),
    ),
    Case(
        "gb18030",
        "a power saved as GB18030 with characters GBK lacks (𠀀, €)",
        "PC105 GBK/GB18030 at line 2 (the first Chinese line); exit 1",
        1,
        (pc105("powers/DW-001.yaml:2", "GBK/GB18030", "GBK/GB18030"),),
    ),
    Case(
        "utf16le-bom",
        "a power saved as UTF-16 LE with BOM",
        "PC105 the file is UTF-16; exit 1",
        1,
        (pc105("powers/DW-001.yaml:1", *UTF16),),
    ),
    Case(
        "utf16be-bom",
        "a risk file saved as UTF-16 BE with BOM",
        "PC105 UTF-16; exit 1",
        1,
        (pc105("risks/DW-001.yaml:1", *UTF16),),
    ),
    Case(
        "utf16le-nobom",
        "org/people.yaml saved as UTF-16 LE without BOM",
        "PC105 UTF-16 (recognised without a BOM); exit 1",
        1,
        (pc105("org/people.yaml:1", *UTF16),),
    ),
    Case(
        "utf16be-nobom",
        "a feedback file saved as UTF-16 BE without BOM",
        "PC105 UTF-16; exit 1",
        1,
        (pc105("feedback/2026.yaml:1", *UTF16),),
    ),
    Case(
        "utf8-bom",
        "org/people.yaml in UTF-8 with a BOM",
        "accepted: exit 0",
        0,
    ),
    Case(
        "utf8-bom-md",
        "a Markdown power record with a UTF-8 BOM before its front matter",
        "accepted: exit 0",
        0,
        remove=("powers/DW-001.yaml",),
    ),
    Case("crlf", "a meeting with CRLF line ends", "accepted: exit 0", 0),
    Case("lone-cr", "a power with lone CR line ends (classic Mac)", "accepted: exit 0", 0),
    Case(
        "crlf-syntax-error",
        "a CRLF meeting with a syntax error on line 9",
        "PC105 at line 9 (CRLF counted once); exit 1",
        1,
        (pc105("meetings/2026/M-01.yaml:9", "YAML 语法错误", "YAML syntax error"),),
    ),
    Case(
        "lone-cr-syntax-error",
        "a lone-CR power with an unclosed [ on line 5",
        "PC105 at line 5; exit 1",
        1,
        (pc105("powers/DW-001.yaml:5", "方括号", "[ ] list is not closed"),),
    ),
    # --- YAML features that are refused
    Case(
        "tabs",
        "a tab indenting a key of a flowchart step",
        "PC105 tabs cannot indent, at line 10; exit 1",
        1,
        (pc105("powers/DW-001.yaml:10", "Tab", "tab"),),
    ),
    Case(
        "tabs-flow",
        "tabs before a mapping key",
        "PC105 tabs, at line 10; exit 1",
        1,
        (pc105("risks/DW-001.yaml:10", "Tab", "tab"),),
    ),
    Case(
        "duplicate-keys",
        "`name` twice in one person",
        "PC105 duplicate key at the second one (line 6), naming the first line; exit 1",
        1,
        (
            pc105(
                "org/people.yaml:6",
                "重复的键“name”（第 5 行",
                'duplicate key "name" (first at line 5)',
            ),
        ),
    ),
    Case(
        "merge-keys",
        "`<<: *base` merging an anchored mapping into an item",
        "PC105 merge keys not supported at line 40; exit 1",
        1,
        (pc105("meetings/2026/M-01.yaml:40", "合并键", "merge keys"),),
    ),
    Case(
        "python-object",
        "`!!python/object/new:subprocess.Popen` as a power title",
        "PC105 forbidden tag, never constructed; exit 1",
        1,
        (pc105("powers/DW-001.yaml:26", "不允许的 YAML 标签", "forbidden YAML tag !!python"),),
    ),
    Case(
        "python-name",
        "`!!python/name:os.system` as a recorder",
        "PC105 forbidden tag; exit 1",
        1,
        (pc105("meetings/2026/M-01.yaml:51", "不允许的 YAML 标签", "forbidden YAML tag"),),
    ),
    Case(
        "yaml-directive",
        "`%TAG !py! tag:yaml.org,2002:python/` then `!py!object/apply:os.system`",
        "PC105 forbidden tag (the %TAG shorthand is resolved); exit 1",
        1,
        (pc105("powers/DW-001.yaml:8", "不允许的 YAML 标签", "forbidden YAML tag"),),
    ),
    Case(
        "custom-tag",
        "`!custom` on a risk description",
        "PC105 unknown tag; exit 1",
        1,
        (pc105("risks/DW-001.yaml:5", "未知的 YAML 标签 !custom", "unknown YAML tag !custom"),),
    ),
    Case(
        "binary-tag",
        "`!!binary` on a person's name",
        "PC105 unknown tag !!binary; exit 1",
        1,
        (pc105("org/people.yaml:13", "未知的 YAML 标签 !!binary", "unknown YAML tag !!binary"),),
    ),
    Case(
        "empty-file",
        "a 0-byte risks file",
        "PC100 the file is empty, line 1; exit 1",
        1,
        (Expected("PC100", "risks/DW-002.yaml:1", "文件是空的", "the file is empty"),),
    ),
    Case(
        "comments-only",
        "a feedback file with only comments",
        "PC100 the file is empty; exit 1",
        1,
        (Expected("PC100", "feedback/2027.yaml:1", "文件是空的", "the file is empty"),),
    ),
    Case(
        "document-stream",
        "a ledger file holding three YAML documents",
        "PC105 at the second `---` (line 57); exit 1 (lint: the ledger is missing, so PC501/PC505)",
        1,
        (pc105("disclosures/2026.yaml:57", "一个文件只能有一个 YAML 文档", "one YAML document"),),
        lint_codes=frozenset({"PC105", "PC501", "PC505"}),
    ),
    # --- values
    Case(
        "odd-ids",
        "ids with spaces, full-width characters and emoji (a power, its risk, a person)",
        "accepted (ids are free strings): exit 0, no findings; rendered",
        0,
        render=True,
    ),
    Case(
        "id-path-traversal",
        "ids `../../../outside/pwned` (a power), `../../../outside/p-evil` and `/etc/p-abs` (people)",
        "accepted as ids: exit 0 (lint: PC205 warning); render writes only inside its output folder",
        0,
        lint_codes=frozenset({"PC205"}),
        render=True,
    ),
    Case(
        "bad-date",
        "meeting date 2026-02-30",
        "PC100 not a date, at line 10; exit 1",
        1,
        (Expected("PC100", "meetings/2026/M-01.yaml:10", "2026-02-30", "2026-02-30"),),
    ),
    Case(
        "bad-date-feedback",
        "feedback received 2026-13-01 and answered 0000-00-00",
        "PC100 at lines 3 and 6; exit 1",
        1,
        (
            Expected("PC100", "feedback/2026.yaml:3", "0000-00-00", "0000-00-00"),
            Expected("PC100", "feedback/2026.yaml:6", "2026-13-01", "2026-13-01"),
        ),
    ),
    Case(
        "negative-amount",
        "an item amount of -1200000",
        "PC100 at the amount's line (24); exit 1",
        1,
        (Expected("PC100", "meetings/2026/M-01.yaml:24", "-1200000", "-1200000"),),
    ),
    Case(
        "huge-amount",
        "an item amount of 1e308",
        "accepted as a number: exit 0; rendered",
        0,
        render=True,
    ),
    Case(
        "huge-int-amount",
        "an item amount of 10**40",
        "accepted: exit 0",
        0,
    ),
    Case(
        "infinite-amount",
        "an item amount of 1e309 (infinity as a float)",
        "PC100 at line 24 (not a finite number); exit 1",
        1,
        (Expected("PC100", "meetings/2026/M-01.yaml:24", "inf 不是有限的数", "not a finite"),),
    ),
    Case(
        "nan-amount",
        "an item amount of .nan",
        "PC100 at line 24; exit 1",
        1,
        (Expected("PC100", "meetings/2026/M-01.yaml:24", "NaN 不是有限的数", "not a finite"),),
    ),
    Case(
        "huge-threshold",
        "policy.major_funds_threshold: 1e400 and quorum 999999999999999999999/1",
        "PC100 not a finite number at line 10 (the quorum is a valid ratio); exit 1 (lint: PC203)",
        1,
        (Expected("PC100", "powerctl.yaml:10", "inf 不是有限的数", "inf, not a finite number"),),
        lint_codes=frozenset({"PC100", "PC203"}),  # the invalid config sets no contact channel
    ),
    Case(
        "periodic-since-year-one",
        "policy.periodic_disclosure.since: 0001-01-01 (12,000 periodic days to account for)",
        "valid for validate (exit 0); lint: PC505 for each missed day, within the time and "
        "memory bounds, one calendar notice for the years 1-2025; exit 1",
        0,
        lint_codes=frozenset({"PC505"}),
        lint_exit=1,
        output_limit=10_000_000,  # 12,150 findings of ~370 characters each
    ),
    # --- cross-record structure
    Case(
        "cyclic-flowchart",
        "a flowchart s1 -> s2 -> s3 -> s1 with no end step",
        "PC104 no end step; exit 1; rendered",
        1,
        (Expected("PC104", "powers/DW-001.yaml:8", "没有结束步骤", "no end step"),),
        render=True,
    ),
    Case(
        "self-loop-flowchart",
        "a first step whose next is itself",
        "PC104: no way to the end from s1, s2 and s3 unreachable; exit 1",
        1,
        (
            Expected("PC104", "powers/DW-001.yaml:9", "走不到任何结束步骤", "no end step can be"),
            Expected("PC104", "powers/DW-001.yaml:13", "走不到", "cannot be reached"),
        ),
    ),
    Case(
        "big-cyclic-flowchart",
        "1,000 steps in one loop without an end",
        "PC104 within the bounds (lint: PC205 warning); exit 1; rendered",
        1,
        (Expected("PC104", "powers/DW-002.yaml:6", "没有结束步骤", "no end step"),),
        lint_codes=frozenset({"PC104", "PC205"}),
        setup=big_cycle,
        render=True,
    ),
    Case(
        "self-waivers",
        "waivers of PC107 and PC106 (the waiver rules themselves), and an empty waiver",
        "PC106 at each (they cannot be waived; the empty one lacks reason); no loop; exit 1",
        1,
        (
            Expected("PC106", "meetings/2026/M-01.yaml:54", "PC107 不能豁免", "PC107 cannot be"),
            Expected("PC106", "meetings/2026/M-01.yaml:57", "PC106 不能豁免", "PC106 cannot be"),
            Expected("PC106", "meetings/2026/M-01.yaml:60", "缺少 reason", "lacks reason"),
        ),
    ),
    Case(
        "waiver-self-approved",
        "a power waiving PC104 approved by the power's own id, and a waiver of PC999",
        "PC102 (approver is no person), PC106 (no rule PC999), PC107 (nothing to waive); exit 1",
        1,
        (
            Expected("PC102", "powers/DW-001.yaml:30", "“DW-001”", '"DW-001"'),
            Expected("PC106", "powers/DW-001.yaml:31", "PC999", "PC999"),
            Expected("PC107", "powers/DW-001.yaml:28", "PC104", "PC104"),
        ),
    ),
    # --- paths, links and special files
    Case(
        "photo-dotdot",
        "photo: ../../etc/passwd",
        "PC105 leaves the registry, at the photo line; not copied into the board; exit 1",
        1,
        (pc105("org/people.yaml:6", "跳出了登记册", "leaves the registry"),),
        render=True,
    ),
    Case(
        "photo-absolute",
        "photo: /etc/passwd",
        "PC105 absolute path; not copied; exit 1",
        1,
        (pc105("org/people.yaml:6", "绝对路径", "is absolute"),),
        render=True,
    ),
    Case(
        "photo-file-url",
        "photo: file:///etc/passwd",
        "PC105 (no such asset); exit 1",
        1,
        (pc105("org/people.yaml:6", "不存在", "does not exist"),),
        render=True,
    ),
    Case(
        "photo-javascript",
        "photo: javascript:alert(1)//.jpg",
        "PC105 (no such asset); no script URL in the board; exit 1",
        1,
        (pc105("org/people.yaml:6", "不存在", "does not exist"),),
        render=True,
        payload=True,
    ),
    Case(
        "symlink-photo-outside",
        "assets/people/p.jpg is a symlink to a file outside the registry",
        "PC105 symlink leading outside; the file is not copied into the board; exit 1",
        1,
        (pc105("org/people.yaml:6", "符号链接", "symbolic link leading outside"),),
        setup=both(
            symlink("assets/people/p.jpg", lambda lay: str(lay.outside / "secret.txt")),
            photo("assets/people/p.jpg"),
        ),
        render=True,
    ),
    Case(
        "symlink-record-outside",
        "powers/DW-002.yaml is a symlink to a file outside the registry",
        "PC105 on the link, never read; exit 1",
        1,
        (pc105("powers/DW-002.yaml:1", *SYMLINK_FILE),),
        setup=symlink("powers/DW-002.yaml", lambda lay: str(lay.outside / "secret.txt")),
        render=True,
    ),
    Case(
        "symlink-folder-outside",
        "meetings/2025 is a symlink to a folder of (broken) records outside",
        "PC105 on the folder, not followed; exit 1",
        1,
        (pc105("meetings/2025:1", *SYMLINK_FOLDER),),
        setup=both(
            outside_records, symlink("meetings/2025", lambda lay: str(lay.outside / "meetings"))
        ),
        render=True,
    ),
    Case(
        "symlink-folder-loop",
        "meetings/2026/loop is a symlink to its parent folder",
        "PC105 on the folder, not followed (no endless walk); exit 1",
        1,
        (pc105("meetings/2026/loop:1", *SYMLINK_FOLDER),),
        setup=symlink("meetings/2026/loop", lambda lay: ".."),
        render=True,
    ),
    Case(
        "symlink-chain-loop",
        "powers/DW-002.yaml -> DW-003.yaml -> DW-002.yaml",
        "PC105 on both links; exit 1",
        1,
        (
            pc105("powers/DW-002.yaml:1", *SYMLINK_FILE),
            pc105("powers/DW-003.yaml:1", *SYMLINK_FILE),
        ),
        setup=chain_loop,
    ),
    Case(
        "fifo",
        "a FIFO named meetings/2026/M-09.yaml (nobody ever writes to it)",
        "PC105 not a regular file, skipped without opening it (no hang); exit 1",
        1,
        (pc105("meetings/2026/M-09.yaml:1", *NOT_REGULAR),),
        setup=fifo("meetings/2026/M-09.yaml"),
    ),
    Case(
        "fifo-config",
        "powerctl.yaml is a FIFO",
        "no registry found (powerctl.yaml is not a file): exit 2, no hang",
        2,
        text=("找不到 powerctl.yaml", "no powerctl.yaml found"),
        setup=fifo("powerctl.yaml"),
    ),
    Case(
        "char-device",
        "a character device (1,5, like /dev/zero) named powers/DW-002.yaml",
        "PC105 not a regular file (never read endlessly); exit 1",
        1,
        (pc105("powers/DW-002.yaml:1", *NOT_REGULAR),),
        setup=char_device,
        needs_root=True,
    ),
    Case(
        "unix-socket",
        "a Unix socket named feedback/2027.yaml",
        "PC105 not a regular file; exit 1",
        1,
        (pc105("feedback/2027.yaml:1", *NOT_REGULAR),),
        setup=unix_socket,
    ),
    Case(
        "unreadable-folder",
        "meetings/ with mode 000 (as root: run without CAP_DAC_OVERRIDE/READ_SEARCH)",
        "PC105 cannot read this folder (and PC102: the ledger's meetings were not read); exit 1",
        1,
        (pc105("meetings:1", "无法读取这个文件夹", "cannot read this folder"),),
        codes=frozenset({"PC105", "PC102"}),  # the ledger names meetings that were not read
        setup=unreadable("meetings"),
        obey_modes=True,
    ),
    Case(
        "unreadable-file",
        "meetings/2026/M-01.yaml with mode 000 (as root: without the DAC capabilities)",
        "PC105 cannot read the file (permission denied); exit 1",
        1,
        (pc105("meetings/2026/M-01.yaml:1", "无法读取文件", "cannot read the file"),),
        setup=unreadable("meetings/2026/M-01.yaml"),
        obey_modes=True,
    ),
    Case(
        "cache-symlink-outside",
        ".powerctl-cache is a symlink to a folder outside the registry",
        "the cache is not used and nothing is written through the link; exit 0",
        0,
        setup=cache_link_outside,
        render=True,
    ),
    Case(
        "cache-planted-pickles",
        "a committed .powerctl-cache/ whose entries are pickles that run a command",
        "never unpickled (no MAC of ours): the command does not run; exit 0",
        0,
        setup=planted_cache,
        render=True,
    ),
    Case(
        "markdown-body",
        "minutes as Markdown whose body holds <script>, onerror, javascript: links, {{7*7}}",
        "accepted: exit 0; the board shows the body as text, no active content",
        0,
        remove=("meetings/2026/M-01.yaml",),
        render=True,
        payload=True,
    ),
    Case(
        "payload-ids",
        'ids `javascript:alert(1)`, `"><img src=x onerror=alert(1)>`, `<script>...`, `../../..`',
        "accepted as ids: exit 0 (lint: PC107); no active content, no file outside the output folder",
        0,
        setup=payload_ids,
        lint_codes=frozenset({"PC107"}),  # the waivers of full_records() match nothing
        render=True,
        payload=True,
    ),
]

for _name, _payload in PAYLOADS.items():
    CASES.append(
        Case(
            f"payload-{_name}",
            f"`{_payload.splitlines()[0]}` in every free-text field of every record kind",
            "accepted (text is text): exit 0 (lint: PC107 warnings); no active content in HTML or Markdown",
            0,
            setup=payload_registry(_payload),
            lint_codes=frozenset({"PC107"}),  # the waivers of full_records() match nothing
            render=True,
            payload=True,
        )
    )

BY_NAME = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "case names are unique"
