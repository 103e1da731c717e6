"""Every user mistake met so far gets a short message in the clerk's language (Chinese by default,
English with POWERCTL_LANG=en), says what to do, exits 2, and never shows a Python stack; an
unexpected exception becomes a one-line message with a hint to re-run with --debug, which then
shows the stack.

The commands run through `cli.main()`, the console script's entry point (the single top-level
handler), not through typer's test runner, so click's own usage errors are covered too.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import RegistryBuilder
from powerctl import cli as cli_module

# (arguments, a fragment of the Chinese message, of the English one); {reg} is a lint-clean
# registry, {tmp} an empty folder outside it
MISTAKES: list[tuple[str, str, str]] = [
    ("frobnicate", "没有这个命令", "No such command"),
    ("validate {reg} --frob", "没有选项 --frob", "no such option: --frob"),
    ("new", "缺少参数", "missing argument"),
    ("lint {reg} --jobs many", "的值无效", "invalid value for"),
    ("lint {reg} --jobs 0", "的值无效", "invalid value for"),
    ("validate {tmp}/nowhere", "路径不存在", "no such path"),
    ("validate {tmp}", "找不到 powerctl.yaml", "no powerctl.yaml found"),
    ("lint {reg} --today 2026-02-30", "日期", "invalid date"),
    ("lint {reg} --format xml", "不支持的输出格式", "unknown format"),
    ("lint {reg} --select PC999", "没有以“PC999”开头的规则", 'no rule code starts with "PC999"'),
    ("lint {reg} --fail-on info", "--fail-on 只能是", "--fail-on must be"),
    ("rules PC999", "没有规则", "no rule"),
    ("schema nonsense", "没有“nonsense”这种记录", 'no record kind "nonsense"'),
    ("init {reg}", "已经存在", "already exists"),
    ("new bogus --registry {reg}", "不能新建", "cannot create"),
    ("new meeting --registry {reg} --date 2026-13-01", "日期", "invalid date"),
    ("due {reg} --on tomorrow", "日期", "invalid date"),
    ("render {reg} --format pdf", "--format 只能是", "--format must be"),
    ("render {reg} --out {reg}/meetings/site", "位于登记册的记录", "inside the registry's records"),
    ("render {reg} --out {reg}/assets", "位于登记册的记录", "inside the registry's records"),
    ("render {reg} --out {reg}", "位于登记册的记录", "inside the registry's records"),
    ("render {reg} --out {tmp}/notmine", "不会写入", "will not write into"),
    ("render {reg} --format md --out {tmp}/notmine", "不会写入", "will not write into"),
    ("render {reg} --out /proc/powerctl-site", "无法读写", "cannot read or write"),
    ("print {reg} --paper B5", "--paper 只能是", "--paper must be"),
    ("print {reg} --sheets leaders,gossip", "--sheets 可选", "--sheets: choose from"),
    ("print {reg} --out {reg}/org/board.pdf", "位于登记册的记录", "inside the registry's records"),
    ("export {reg} --format pdf", "--format 只能是", "--format must be"),
    ("export {reg} --what salaries", "--what 可选", "--what: choose from"),
    ("diff --registry {reg} --format xml", "--format 只能是", "--format must be"),
    ("diff --registry {reg}", "git", "git"),
    ("validate {reg} {tmp}", "不在同一个登记册中", "is not in the same registry"),
    ("fmt {tmp}/nowhere", "路径不存在", "no such path"),
]

Run = Callable[..., tuple[int, str]]


@pytest.fixture
def main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    def invoke(args: list[str], lang: str = "zh") -> tuple[int, str]:
        monkeypatch.setenv("POWERCTL_LANG", lang)
        monkeypatch.setattr("sys.argv", ["powerctl", *args])
        monkeypatch.setattr(cli_module, "_DEBUG", False)
        with pytest.raises(SystemExit) as exit_info:
            cli_module.main()
        captured = capsys.readouterr()
        code = exit_info.value.code
        return (code if isinstance(code, int) else 0), captured.out + captured.err

    return invoke


@pytest.mark.parametrize(("args", "zh", "en"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_user_mistake_gets_a_clear_message_in_both_languages(
    args: str, zh: str, en: str, main: Run, registry: RegistryBuilder, tmp_path: Path
) -> None:
    root = registry.write()
    empty = tmp_path / "empty"
    (empty / "notmine").mkdir(parents=True)
    (empty / "notmine" / "letter.txt").write_text("someone else's", encoding="utf-8")
    argv = args.format(reg=root, tmp=empty).split()
    for lang, fragment in (("zh", zh), ("en", en)):
        code, output = main(argv, lang)
        assert code == 2, f"{lang}: exit {code}\n{output}"
        assert fragment in output, f"{lang}: {fragment!r} not in\n{output}"
        assert "Traceback" not in output and "内部错误" not in output
        assert "internal error" not in output
    assert (empty / "notmine" / "letter.txt").is_file()  # refused, nothing replaced


def test_unexpected_error_is_one_line_and_debug_shows_the_stack(
    main: Run, registry: RegistryBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = registry.write()

    def explode(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr("powerctl.pipeline.check", explode)
    for lang, hint in (("zh", "请加 --debug 重新运行"), ("en", "Re-run with --debug")):
        code, output = main(["validate", str(root)], lang)
        assert code == 2
        assert hint in output and "a bug of ours" in output
        assert "Traceback" not in output and len(output.strip().splitlines()) == 1
    with pytest.raises(ZeroDivisionError):
        monkeypatch.setattr("sys.argv", ["powerctl", "validate", str(root), "--debug"])
        cli_module.main()


def test_debug_shows_the_stack_in_a_real_process(registry: RegistryBuilder) -> None:
    """Outside pytest: an unexpected exception with and without --debug."""
    root = registry.write()
    script = (
        "import sys, powerctl.pipeline as p\n"
        "def boom(*a, **k): raise ZeroDivisionError('a bug of ours')\n"
        "p.check = boom\n"
        "from powerctl.cli import main\n"
        "sys.argv = ['powerctl', *sys.argv[1:]]\n"
        "main()\n"
    )
    plain = subprocess.run(
        [sys.executable, "-c", script, "validate", str(root)], capture_output=True, text=True
    )
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert "--debug" in plain.stderr
    debug = subprocess.run(
        [sys.executable, "-c", script, "validate", str(root), "--debug"],
        capture_output=True,
        text=True,
    )
    assert debug.returncode != 0 and "Traceback" in debug.stderr
    assert "ZeroDivisionError: a bug of ours" in debug.stderr


def test_exit_codes_of_the_commands_pass_through_main(main: Run, registry: RegistryBuilder) -> None:
    root = registry.write()
    assert main(["validate", str(root)])[0] == 0
    registry["meetings/2026/M-01.yaml"]["chair"] = "p-nobody"
    assert main(["lint", str(registry.write()), "--today", "2026-11-23"])[0] == 1
    assert main(["version"])[0] == 0
