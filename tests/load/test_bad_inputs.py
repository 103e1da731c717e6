"""Bad inputs end to end: `powerctl validate` on the minimal registry with one broken file.

Every loader problem is PC105 at `file:line:`, in Chinese (and English with --lang en), exit 1,
never a traceback."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CliResult, RegistryBuilder, dump_yaml

Cli = Callable[..., CliResult]

FINDING = re.compile(r"^(?P<file>\S+):(?P<line>\d+):(?P<column>\d+): (?P<code>PC\d{3}) ", re.M)


def findings_in(output: str) -> list[tuple[str, int, str]]:
    """(file, line, code) of every finding line of the text report."""
    return [(m["file"], int(m["line"]), m["code"]) for m in FINDING.finditer(output)]


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line of `text` containing `fragment`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in text")


def validate(cli: Cli, root: Path, *options: str) -> tuple[CliResult, CliResult]:
    """Run validate in Chinese and in English; check what holds for any run."""
    zh = cli("validate", root, *options)
    en = cli("validate", root, *options, "--lang", "en")
    for result in (zh, en):
        assert "Traceback" not in result.stdout + result.stderr
        assert "internal error" not in result.stdout + result.stderr
        assert result.exit_code in (0, 1), result.stdout + result.stderr
    assert findings_in(zh.stdout) == findings_in(en.stdout)
    return zh, en


def power_text(registry: RegistryBuilder) -> str:
    return dump_yaml(registry.records.pop("powers/DW-001.yaml"))


def meeting_text(registry: RegistryBuilder) -> str:
    return dump_yaml(registry.records.pop("meetings/2026/M-01.yaml"))


@dataclass
class Case:
    """One broken input: `setup` edits the registry and returns the 1-based line expected."""

    file: str
    setup: Callable[[RegistryBuilder], int]
    zh: str
    en: str
    options: tuple[str, ...] = ()


def syntax_error(registry: RegistryBuilder) -> int:
    text = power_text(registry).replace(
        "title: 重大工程项目安排决定权", "title: 重大工程: 项目安排"
    )
    registry.raw["powers/DW-001.yaml"] = text
    return line_of(text, "title: 重大工程:")


def duplicate_key(registry: RegistryBuilder) -> int:
    text = meeting_text(registry) + "chair: p-zhen\n"
    registry.raw["meetings/2026/M-01.yaml"] = text
    return len(text.splitlines())


def gbk_file(registry: RegistryBuilder) -> int:
    text = power_text(registry)
    registry.raw["powers/DW-001.yaml"] = text.encode("gbk")
    return next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())


def alias_bomb(registry: RegistryBuilder) -> int:
    lines = ["x0: &x0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]"]
    lines += [f"x{n}: &x{n} [" + ", ".join([f"*x{n - 1}"] * 9) + "]" for n in range(1, 9)]
    text = power_text(registry) + "\n".join(lines) + "\n"
    registry.raw["powers/DW-001.yaml"] = text
    return line_of(text, "x4:")


def big_file(registry: RegistryBuilder, config_limit: bool = True) -> int:
    if config_limit:
        registry.records["powerctl.yaml"]["limits"] = {"max_file_mb": 0.001}
    power = registry.records["powers/DW-001.yaml"]
    power["notes"] = "河堤加固工程的调研论证情况。" * 100
    return 1


def python_tag(registry: RegistryBuilder) -> int:
    text = power_text(registry).replace(
        "holder: committee", "holder: !!python/object/apply:os.system ['echo 被执行']"
    )
    registry.raw["powers/DW-001.yaml"] = text
    return line_of(text, "holder:")


def unknown_tag(registry: RegistryBuilder) -> int:
    text = meeting_text(registry).replace("recorder: p-ban", "recorder: !person p-ban")
    registry.raw["meetings/2026/M-01.yaml"] = text
    return line_of(text, "recorder:")


def photo(value: str, symlink_to: str | None = None) -> Callable[[RegistryBuilder], int]:
    def setup(registry: RegistryBuilder) -> int:
        registry.records["org/people.yaml"]["people"][1]["photo"] = value
        if symlink_to is not None:
            link = registry.root / value
            link.parent.mkdir(parents=True)
            os.symlink(symlink_to, link)
        return line_of(dump_yaml(registry.records["org/people.yaml"]), "photo:")

    return setup


def record_symlink(target: str) -> Callable[[RegistryBuilder], int]:
    def setup(registry: RegistryBuilder) -> int:
        (registry.root / "powers").mkdir(parents=True)
        os.symlink(target, registry.root / "powers" / "DW-002.yaml")
        return 1

    return setup


CASES = {
    "syntax error": Case("powers/DW-001.yaml", syntax_error, "YAML 语法错误", "YAML syntax error"),
    "duplicate key": Case(
        "meetings/2026/M-01.yaml", duplicate_key, "重复的键“chair”", 'duplicate key "chair"'
    ),
    "GBK file": Case("powers/DW-001.yaml", gbk_file, "GBK", "iconv -f GB18030"),
    "alias bomb": Case("powers/DW-001.yaml", alias_bomb, "别名展开后超过", "billion laughs"),
    "too big (powerctl.yaml)": Case("powers/DW-001.yaml", big_file, "文件过大", "too large"),
    "too big (--max-file-mb)": Case(
        "powers/DW-001.yaml",
        lambda r: big_file(r, config_limit=False),
        "文件过大",
        "too large",
        ("--max-file-mb", "0.001"),
    ),
    "python tag": Case(
        "powers/DW-001.yaml", python_tag, "不允许的 YAML 标签", "forbidden YAML tag !!python"
    ),
    "unknown tag": Case(
        "meetings/2026/M-01.yaml", unknown_tag, "未知的 YAML 标签 !person", "unknown YAML tag"
    ),
    "photo missing": Case(
        "org/people.yaml", photo("assets/people/p-zhen.jpg"), "不存在", "does not exist"
    ),
    "photo ..": Case(
        "org/people.yaml", photo("../../etc/passwd"), "跳出了登记册", "leaves the registry"
    ),
    "photo absolute": Case("org/people.yaml", photo("/etc/passwd"), "绝对路径", "is absolute"),
    "photo symlink outside": Case(
        "org/people.yaml",
        photo("assets/people/p-zhen.jpg", symlink_to="/etc/passwd"),
        "符号链接",
        "symbolic link leading outside",
    ),
    "record symlink to /etc/passwd": Case(
        "powers/DW-002.yaml", record_symlink("/etc/passwd"), "符号链接", "symbolic link"
    ),
    "record symlink loop": Case(
        "powers/DW-002.yaml", record_symlink("DW-002.yaml"), "符号链接", "(or loops)"
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_loader_problem_is_pc105_at_the_right_line(
    name: str, registry: RegistryBuilder, cli: Cli
) -> None:
    case = CASES[name]
    line = case.setup(registry)
    root = registry.write()
    zh, en = validate(cli, root, *case.options)
    assert zh.exit_code == en.exit_code == 1
    found = findings_in(zh.stdout)
    assert (case.file, line, "PC105") in found, zh.stdout
    # the broken file is reported once, and no other file has a loader problem
    assert [f for f in found if f[2] == "PC105"] == [(case.file, line, "PC105")], zh.stdout
    zh_line = next(x for x in zh.stdout.splitlines() if x.startswith(f"{case.file}:{line}:"))
    en_line = next(x for x in en.stdout.splitlines() if x.startswith(f"{case.file}:{line}:"))
    assert case.zh in zh_line and "[错误]" in zh_line
    assert case.en in en_line and "[error]" in en_line
    assert re.search(r"[\u4e00-\u9fff]", zh_line.split("PC105", 1)[1])
    assert not re.search(r"[\u4e00-\u9fff]", en_line.split("PC105", 1)[1])


@pytest.mark.parametrize(
    ("config", "options"),
    [
        (".inf", ()),
        ("1e400", ()),
        ("1000000000", ()),
        (None, ("--max-file-mb", "1e400")),
        (None, ("--max-file-mb", "1000000000")),
    ],
)
def test_huge_size_limit_does_not_crash(
    config: str | None, options: tuple[str, ...], registry: RegistryBuilder, cli: Cli
) -> None:
    if config is not None:
        text = dump_yaml(registry.records.pop("powerctl.yaml"))
        registry.raw["powerctl.yaml"] = text + f"limits: {{max_file_mb: {config}}}\n"
    zh, _ = validate(cli, registry.write(), *options)
    assert "PC105" not in zh.stdout


def test_overlong_photo_path_is_a_finding(registry: RegistryBuilder, cli: Cli) -> None:
    registry.records["org/people.yaml"]["people"][0]["photo"] = "assets/" + "照" * 2000 + ".jpg"
    zh, _ = validate(cli, registry.write())
    assert zh.exit_code == 1
    assert [code for *_, code in findings_in(zh.stdout)] == ["PC105"]
    assert "照" * 2000 not in zh.stdout  # the message shortens the path


def test_symlinked_folder_outside_the_registry_is_reported(
    registry: RegistryBuilder, cli: Cli, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "M-09.yaml").write_text("id: [未闭合\n", encoding="utf-8")
    root = registry.write()
    os.symlink(outside, root / "meetings" / "2025")
    zh, _ = validate(cli, root)
    assert zh.exit_code == 1  # once: exit 0 and "no problems", the meetings never checked
    assert ("meetings/2025", 1, "PC105") in findings_in(zh.stdout), zh.stdout
    assert "符号链接" in zh.stdout


def test_code_frame_after_a_line_separator_shows_the_right_line(
    registry: RegistryBuilder, cli: Cli
) -> None:
    text = power_text(registry).replace("title: 重大工程", "title: 重大\u2028工程") + "holder: x\n"
    registry.raw["powers/DW-001.yaml"] = text
    zh, _ = validate(cli, registry.write())
    line = len(text.split("\n")) - 1
    assert findings_in(zh.stdout) == [("powers/DW-001.yaml", line, "PC105")]
    assert re.search(rf"^ {line} \| holder: x$", zh.stdout, re.M), zh.stdout


def test_python_tag_is_not_executed(registry: RegistryBuilder, cli: Cli, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = power_text(registry).replace(
        "holder: committee", f"holder: !!python/object/apply:os.system ['touch {marker}']"
    )
    registry.raw["powers/DW-001.yaml"] = text
    validate(cli, registry.write())
    assert not marker.exists()


def test_symlink_to_a_file_inside_the_registry_is_read(registry: RegistryBuilder, cli: Cli) -> None:
    root = registry.write()
    os.symlink("DW-001.yaml", root / "powers" / "DW-002.yaml")
    zh, _ = validate(cli, root)
    assert "PC105" not in zh.stdout
    assert "符号链接" not in zh.stdout


def test_photo_inside_assets_is_fine(registry: RegistryBuilder, cli: Cli) -> None:
    registry.records["org/people.yaml"]["people"][0]["photo"] = "assets/people/p-shu.jpg"
    registry.raw["assets/people/p-shu.jpg"] = b"\xff\xd8\xff\xe0 not really a jpeg"
    zh, _ = validate(cli, registry.write())
    assert zh.exit_code == 0, zh.stdout
    assert findings_in(zh.stdout) == []


def test_comment_only_file_is_empty(registry: RegistryBuilder, cli: Cli) -> None:
    registry.raw["powers/DW-002.yaml"] = "# 待补充:村级工程项目审批权\n\n# 负责人:王镇长\n"
    zh, en = validate(cli, registry.write())
    assert zh.exit_code == 1
    assert findings_in(zh.stdout) == [("powers/DW-002.yaml", 1, "PC100")]
    assert "文件是空的" in zh.stdout
    assert "the file is empty" in en.stdout


@pytest.mark.parametrize("rel", ["powers/x.yml", "misc/notes.yaml", "org/extra.yaml", "risks.yaml"])
def test_yaml_file_of_no_kind_is_a_pc108_warning(
    rel: str, registry: RegistryBuilder, cli: Cli
) -> None:
    registry.raw[rel] = "title: 镇党委会议记录草稿\n"
    zh, en = validate(cli, registry.write())
    assert zh.exit_code == en.exit_code == 0, zh.stdout
    assert findings_in(zh.stdout) == [(rel, 1, "PC108")]
    assert "[警告]" in zh.stdout and "不属于任何记录类型" in zh.stdout
    assert "[warning]" in en.stdout and "matches no record kind" in en.stdout
    assert ("扩展名应为 .yaml" in zh.stdout) is rel.endswith(".yml")
    assert ("Use the .yaml extension" in en.stdout) is rel.endswith(".yml")


def test_pc108_does_not_hide_an_error(registry: RegistryBuilder, cli: Cli) -> None:
    registry.raw["misc/notes.yaml"] = "a: 1\n"
    registry.raw["powers/DW-002.yaml"] = "# 空\n"
    zh, _ = validate(cli, registry.write())
    assert zh.exit_code == 1
    assert {code for _, _, code in findings_in(zh.stdout)} == {"PC100", "PC108"}


@pytest.mark.parametrize(
    "rel",
    [
        ".github/workflows/ci.yml",
        ".vscode/settings.yaml",
        "site/data.yaml",
        "assets/meta.yaml",
        "node_modules/x/package.yaml",
        "powers/.draft.yaml",
        "meetings/notes.txt",
    ],
)
def test_tooling_files_are_ignored(rel: str, registry: RegistryBuilder, cli: Cli) -> None:
    registry.raw[rel] = "on: [push]\njobs: {test: {runs-on: ubuntu-latest}}\n: : : ["
    zh, _ = validate(cli, registry.write())
    assert zh.exit_code == 0, zh.stdout
    assert findings_in(zh.stdout) == []
    assert rel not in zh.stdout


# --- Markdown records -----------------------------------------------------------------------


def markdown(front: str, body: str = "会议研究了河堤加固工程。\n") -> str:
    return f"---\n{front}---\n{body}"


def test_markdown_power_is_valid(registry: RegistryBuilder, cli: Cli) -> None:
    registry.raw["powers/DW-001.md"] = markdown(power_text(registry), "## 说明\n\n正文。\n")
    zh, _ = validate(cli, registry.write())
    assert zh.exit_code == 0, zh.stdout


@pytest.mark.parametrize(
    ("kind", "rel"), [("power", "powers/DW-001.md"), ("meeting", "meetings/2026/M-01.md")]
)
def test_schema_error_in_front_matter_is_at_the_file_line(
    kind: str, rel: str, registry: RegistryBuilder, cli: Cli
) -> None:
    front = power_text(registry) if kind == "power" else meeting_text(registry)
    front = front.replace("secrecy: public", "secrecy: 绝密", 1)
    text = markdown(front)
    registry.raw[rel] = text
    zh, _ = validate(cli, registry.write())
    assert zh.exit_code == 1
    line = line_of(text, "secrecy: 绝密")
    assert line == line_of(front, "secrecy: 绝密") + 1  # the opening --- counts
    assert (rel, line, "PC100") in findings_in(zh.stdout), zh.stdout
    # the code frame shows the offending line of the file
    assert re.search(rf"^ {line} \| +secrecy: 绝密$", zh.stdout, re.M), zh.stdout


def test_syntax_error_in_front_matter_is_at_the_file_line(
    registry: RegistryBuilder, cli: Cli
) -> None:
    front = meeting_text(registry).replace("chair: p-shu", "chair: p-shu: 张书记")
    text = markdown(front)
    registry.raw["meetings/2026/M-01.md"] = text
    zh, _ = validate(cli, registry.write())
    assert zh.exit_code == 1
    assert findings_in(zh.stdout) == [("meetings/2026/M-01.md", line_of(text, "chair:"), "PC105")]


def test_duplicate_key_in_front_matter_names_the_file_line(
    registry: RegistryBuilder, cli: Cli
) -> None:
    front = meeting_text(registry) + "chair: p-zhen\n"
    text = markdown(front)
    registry.raw["meetings/2026/M-01.md"] = text
    zh, en = validate(cli, registry.write())
    first = line_of(text, "chair: p-shu")
    assert (("meetings/2026/M-01.md", line_of(text, "chair: p-zhen"), "PC105")) in findings_in(
        zh.stdout
    )
    assert f"first at line {first}" in en.stdout


def test_notes_in_front_matter_and_body(registry: RegistryBuilder, cli: Cli) -> None:
    front = meeting_text(registry) + "notes: 会议纪要略。\n"
    text = markdown(front, "# 会议纪要\n\n会议研究了河堤加固工程。\n")
    registry.raw["meetings/2026/M-01.md"] = text
    zh, en = validate(cli, registry.write())
    assert zh.exit_code == 1
    assert findings_in(zh.stdout) == [("meetings/2026/M-01.md", line_of(text, "notes:"), "PC100")]
    assert "正文" in zh.stdout and "notes" in zh.stdout
    assert "do not also put `notes` in the front matter" in en.stdout


def test_notes_in_front_matter_with_an_empty_body_is_fine(
    registry: RegistryBuilder, cli: Cli
) -> None:
    front = meeting_text(registry) + "notes: 会议纪要略。\n"
    registry.raw["meetings/2026/M-01.md"] = markdown(front, "\n")
    zh, _ = validate(cli, registry.write())
    assert zh.exit_code == 0, zh.stdout


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("id: M-01\n---\n正文\n", "必须以 YAML 头信息开始", "must start with YAML front matter"),
        ("---\nid: M-01\n正文\n", "头信息没有结束", "front matter is not closed"),
    ],
)
def test_markdown_without_front_matter_is_pc105(
    text: str, zh: str, en: str, registry: RegistryBuilder, cli: Cli
) -> None:
    registry.raw["meetings/2026/M-02.md"] = text
    zh_run, en_run = validate(cli, registry.write())
    assert zh_run.exit_code == 1
    assert findings_in(zh_run.stdout) == [("meetings/2026/M-02.md", 1, "PC105")]
    assert zh in zh_run.stdout and en in en_run.stdout


def test_markdown_in_other_folders_is_not_a_record(registry: RegistryBuilder, cli: Cli) -> None:
    registry.raw["risks/README.md"] = "# 说明\n没有头信息。\n"
    registry.raw["README.md"] = "# 登记册\n"
    zh, _ = validate(cli, registry.write())
    assert zh.exit_code == 0, zh.stdout


def test_every_loader_problem_at_once(registry: RegistryBuilder, cli: Cli) -> None:
    """Many broken files in one registry: all are reported, the run still ends normally."""
    for name in ["syntax error", "record symlink loop", "photo absolute"]:
        CASES[name].setup(registry)
    registry.raw["risks/DW-001.yaml"] = dump_yaml(registry.records.pop("risks/DW-001.yaml")).encode(
        "gb18030"
    )
    registry.raw["meetings/2026/M-02.yaml"] = "id: M-02\nid: M-03\n"
    registry.raw["meetings/2026/M-03.yaml"] = b"\x89PNG\r\n\x1a\n\x00\x00"
    zh, _ = validate(cli, registry.write())
    files = {file for file, _, code in findings_in(zh.stdout) if code == "PC105"}
    assert files == {
        "powers/DW-001.yaml",
        "powers/DW-002.yaml",
        "org/people.yaml",
        "risks/DW-001.yaml",
        "meetings/2026/M-02.yaml",
        "meetings/2026/M-03.yaml",
    }
