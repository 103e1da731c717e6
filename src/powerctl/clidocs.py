"""docs/cli.md, generated from each command's `--help` at a fixed width (the way sqlite-utils
generates its CLI reference); a test fails when the file is stale."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from powerctl.cli import app

# A fixed, plain rendering: no colours, a set width, whatever the terminal.
ENV = {"TERMINAL_WIDTH": "100", "COLUMNS": "100", "NO_COLOR": "1", "POWERCTL_LANG": ""}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def help_text(*command: str) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env=ENV, prog_name="powerctl")
    return "\n".join(line.rstrip() for line in _ANSI.sub("", result.output).splitlines()).strip()


def commands() -> list[str]:
    return sorted(
        info.name or info.callback.__name__ for info in app.registered_commands if info.callback
    )


def cli_markdown() -> str:
    out = [
        "# 命令参考 / CLI reference",
        "",
        "<!-- Generated from each command's --help by `python -m powerctl.clidocs`; do not edit by "
        "hand (a test fails when it is stale). -->",
        "",
        "```text",
        help_text(),
        "```",
        "",
    ]
    for name in commands():
        out += [f"## powerctl {name}", "", "```text", help_text(name), "```", ""]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    from powerctl.scaffold.files import atomic_write

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/cli.md")
    atomic_write(target, cli_markdown())
    print(f"wrote {target}")
