"""The `powerctl validate` command as a clerk and a CI see it: format, languages, exit codes,
consoles that cannot show every character."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import EXAMPLES, CliResult, RegistryBuilder, run_powerctl

Cli = Callable[..., CliResult]


def _break_chair(registry: RegistryBuilder) -> Path:
    registry["meetings/2026/M-01.yaml"]["chair"] = "p-zang"
    return registry.write()


def test_clean_registry_exits_0(cli: Cli, registry: RegistryBuilder) -> None:
    result = cli("validate", registry.write())
    assert result.exit_code == 0
    assert "没有发现问题" in result.stdout


def test_error_is_reported_as_file_line_col_code_with_frame(
    cli: Cli, registry: RegistryBuilder
) -> None:
    root = _break_chair(registry)
    result = cli("validate", root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "PC102" in line)
    match = re.match(r"^meetings/2026/M-01\.yaml:(\d+):(\d+): PC102 \[错误\] (.+)$", header)
    assert match, header
    line_no, col = int(match[1]), int(match[2])
    text = (root / "meetings/2026/M-01.yaml").read_text(encoding="utf-8").splitlines()
    assert "chair: p-zang" in text[line_no - 1]
    assert text[line_no - 1][col - 1 :].startswith("p-zang")
    assert "p-zang" in match[3]
    # the offending line is shown under the finding, with a caret under the value
    at = lines.index(header)
    assert lines[at + 2].endswith(text[line_no - 1])
    caret_line = lines[at + 3]
    assert caret_line.rstrip().endswith("^" * len("p-zang"))
    # the file heading groups the findings
    assert "meetings/2026/M-01.yaml" in lines
    assert "1 个错误" in result.stdout


def test_english_by_option_and_by_environment(cli: Cli, registry: RegistryBuilder) -> None:
    root = _break_chair(registry)
    by_option = cli("validate", root, "--lang", "en")
    by_env = cli("validate", root, env={"POWERCTL_LANG": "en"})
    for result in (by_option, by_env):
        assert result.exit_code == 1
        assert "PC102 [error]" in result.stdout
        assert "does not exist" in result.stdout
        assert "错误" not in result.stdout


def test_quiet_prints_only_the_counts(cli: Cli, registry: RegistryBuilder) -> None:
    result = cli("validate", _break_chair(registry), "-q")
    assert result.exit_code == 1
    assert result.stdout.strip().splitlines() == ["检查了 9 个文件：1 个错误，0 个警告"]


def test_warnings_only_exit_0(cli: Cli, registry: RegistryBuilder) -> None:
    registry.raw["misc/notes.yaml"] = "a: 1\n"
    result = cli("validate", registry.write())
    assert result.exit_code == 0
    assert "PC108" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "/nonexistent/registry"),
        ("validate", "--lang", "fr"),
        ("frobnicate",),
        ("schema", "nonsense"),
    ],
)
def test_usage_and_io_errors_exit_2(cli: Cli, args: tuple[str, ...]) -> None:
    assert cli(*args).exit_code == 2


def test_folder_without_registry_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", tmp_path)
    assert result.exit_code == 2
    assert "powerctl.yaml" in result.stderr


def test_paths_limit_the_report_but_the_whole_registry_is_checked(
    cli: Cli, registry: RegistryBuilder
) -> None:
    registry["risks/DW-001.yaml"][0]["power"] = "DW-404"
    root = _break_chair(registry)
    only_meetings = cli("validate", root / "meetings")
    assert "PC102" in only_meetings.stdout and "risks/" not in only_meetings.stdout
    only_risk = cli("validate", root / "risks" / "DW-001.yaml")
    assert "risks/DW-001.yaml" in only_risk.stdout and "meetings/" not in only_risk.stdout


def test_caret_lines_up_under_chinese_text(cli: Cli, registry: RegistryBuilder) -> None:
    registry.raw["powers/DW-002.yaml"] = (
        "id: DW-002\ntitle: 大额资金使用审批权\ncategory: large_funds\nholder: committee\n"
        "basis: [{title: 《中华人民共和国预算法》, article: 57}]\n"
        "steps: [{id: s1, name: 集体讨论决定, kind: end}]\n"
    )
    root = registry.write()
    result = cli("validate", root / "powers" / "DW-002.yaml")
    lines = result.stdout.splitlines()
    frame = next(i for i, line in enumerate(lines) if line.lstrip().startswith("5 |"))
    source, carets = lines[frame], lines[frame + 1]
    caret_cell = cell_len(carets[: carets.index("^")])
    # the caret sits under the offending value, after wide (two-cell) characters
    assert caret_cell == cell_len(source[: source.index("57}")])
    assert carets.count("^") == 2


def test_gbk_console_does_not_crash(registry: RegistryBuilder) -> None:
    """Windows with a Chinese locale writes GBK when redirected; an emoji cannot be encoded."""
    registry.raw["powers/DW-009.yaml"] = "id: DW-009\ntitle: 表情测试\ncategory: 表情😀\n"
    root = registry.write()
    proc = run_powerctl(
        "validate", root, env={"PYTHONIOENCODING": "gbk", "LANG": "C", "LC_ALL": "C"}
    )
    assert proc.returncode == 1
    out = proc.stdout.decode("gbk")
    assert "PC100" in out and "表情" in out
    assert b"Traceback" not in proc.stderr


def test_c_locale_reads_utf8_files(registry: RegistryBuilder) -> None:
    root = _break_chair(registry)
    proc = run_powerctl("validate", root, env={"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"})
    assert proc.returncode == 1
    assert "PC102" in proc.stdout.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr


def test_unexpected_exception_gives_a_short_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from powerctl import cli as cli_module

    def explode(**kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_module, "app", explode)
    monkeypatch.setattr("sys.argv", ["powerctl", "validate"])
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--debug" in err and "boom" in err and "Traceback" not in err


def test_example_registry_validates_clean(cli: Cli) -> None:
    result = cli("validate", EXAMPLES / "township")
    assert result.exit_code == 0, result.stdout
    assert "没有发现问题" in result.stdout
