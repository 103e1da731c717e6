"""Docs that cannot drift: docs/cli.md is generated from each command's --help."""

from __future__ import annotations

from conftest import REPO
from powerctl.clidocs import cli_markdown, commands, help_text


def test_cli_reference_is_generated_and_current() -> None:
    docs = REPO / "docs" / "cli.md"
    assert docs.read_text(encoding="utf-8") == cli_markdown(), (
        "docs/cli.md is stale: run `make docs` (python -m powerctl.clidocs)"
    )


def test_cli_reference_covers_every_command() -> None:
    text = cli_markdown()
    for name in commands():
        assert f"## powerctl {name}\n" in text
        assert f"Usage: powerctl {name}" in help_text(name)


def test_handbooks_link_to_existing_rule_anchors() -> None:
    rules = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    for guide in ("guide.zh.md", "guide.en.md"):
        path = REPO / "docs" / guide
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        for anchor in {a for a in __import__("re").findall(r"rules\.md#(pc\d{3})", text)}:
            assert f"## {anchor.upper()}" in rules, (guide, anchor)
