"""`powerctl lint` and `powerctl rules` as a clerk and a CI use them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, REPO, CliResult, RegistryBuilder
from powerctl.i18n import Lang
from powerctl.ruledocs import rules_markdown
from powerctl.rules import CATALOG

Cli = Callable[..., CliResult]
TODAY = "2026-11-23"

# rules.md, the contract, plus PC108 (docs/format-notes.md)
CONTRACT_CODES = (
    [f"PC10{i}" for i in range(8)]
    + ["PC108"]
    + [f"PC20{i}" for i in range(1, 6)]
    + [f"PC3{i:02d}" for i in range(1, 13)]
    + [f"PC40{i}" for i in range(1, 5)]
    + [f"PC50{i}" for i in range(1, 8)]
)
CONTRACT_WARNINGS = {
    "PC107",
    "PC108",
    "PC203",
    "PC205",
    "PC304",
    "PC308",
    "PC312",
    "PC403",
    "PC404",
    "PC506",
}


def test_catalogue_is_exactly_the_contract() -> None:
    assert sorted(CATALOG.rules) == sorted(CONTRACT_CODES)
    for code, rule in CATALOG.rules.items():
        expected = "warning" if code in CONTRACT_WARNINGS else "error"
        assert rule.severity.value == expected, code


@pytest.mark.parametrize("code", CONTRACT_CODES)
def test_every_rule_is_documented_in_both_languages(code: str) -> None:
    rule = CATALOG.rules[code]
    for text in (rule.summary, rule.what, rule.why):
        assert text.zh.strip() and text.en.strip(), code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text.zh), code
    yaml = YAML(typ="safe", pure=True)
    for example in (rule.bad, rule.good):
        assert example.strip(), code
    # the examples are real YAML (PC105's bad example is the exception: it shows unloadable YAML)
    for example in (rule.good,) if code == "PC105" else (rule.bad, rule.good):
        yaml.load(example)


def test_docs_rules_md_is_generated_and_current() -> None:
    docs = REPO / "docs" / "rules.md"
    assert docs.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `python -m powerctl.ruledocs`"
    )


def test_rules_lists_the_catalogue(cli: Cli) -> None:
    result = cli("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert listed == sorted(CONTRACT_CODES)


def test_rules_explains_one_rule(cli: Cli) -> None:
    result = cli("rules", "PC303", "--lang", "en")
    assert result.exit_code == 0
    rule = CATALOG.rules["PC303"]
    for part in (rule.what.en, rule.why.en, rule.bad.strip(), rule.good.strip()):
        assert part.splitlines()[0] in result.stdout
    zh = cli("rules", "pc303")
    assert rule.what.zh in zh.stdout


def test_rules_unknown_code_exits_2(cli: Cli) -> None:
    result = cli("rules", "PC999")
    assert result.exit_code == 2


def test_example_township_is_lint_clean(cli: Cli) -> None:
    result = cli("lint", EXAMPLES / "township", "--today", TODAY)
    assert result.exit_code == 0, result.stdout
    assert "没有发现问题" in result.stdout


def _two_problems(registry: RegistryBuilder) -> Path:
    """A PC102 (unknown recorder) and PC3xx findings (the presenter is not present)."""
    meeting = registry["meetings/2026/M-01.yaml"]
    meeting["recorder"] = "p-nobody"
    meeting["attendance"]["present"].remove("p-zhen")
    return registry.write()


def test_select_and_ignore(cli: Cli, registry: RegistryBuilder) -> None:
    root = _two_problems(registry)
    everything = cli("lint", root, "--today", TODAY, "--format", "json")
    codes = {f["code"] for f in json.loads(everything.stdout)["findings"]}
    assert "PC102" in codes
    assert any(c.startswith("PC3") for c in codes)
    only_pc3 = cli("lint", root, "--today", TODAY, "--format", "json", "--select", "PC3")
    selected = {f["code"] for f in json.loads(only_pc3.stdout)["findings"]}
    assert selected == {c for c in codes if c.startswith("PC3")}
    ignored = cli("lint", root, "--today", TODAY, "--format", "json", "--ignore", "PC1")
    assert not any(f["code"].startswith("PC1") for f in json.loads(ignored.stdout)["findings"])


def test_fail_on_and_exit_zero(cli: Cli, registry: RegistryBuilder) -> None:
    registry.raw["misc/notes.yaml"] = "a: 1\n"  # PC108, a warning only
    root = registry.write()
    assert cli("lint", root, "--today", TODAY).exit_code == 0
    assert cli("lint", root, "--today", TODAY, "--fail-on", "warning").exit_code == 1
    registry["meetings/2026/M-01.yaml"]["chair"] = "p-nobody"
    root = registry.write()
    assert cli("lint", root, "--today", TODAY).exit_code == 1
    assert cli("lint", root, "--today", TODAY, "--exit-zero").exit_code == 0


def test_config_severity_and_off(cli: Cli, registry: RegistryBuilder) -> None:
    registry["meetings/2026/M-01.yaml"]["chair"] = "p-nobody"
    registry["powerctl.yaml"]["rules"] = {"PC102": "warning"}
    root = registry.write()
    result = cli("lint", root, "--today", TODAY, "--format", "json")
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "PC102"]
    assert found and all(f["severity"] == "warning" for f in found)
    assert result.exit_code == 0
    registry["powerctl.yaml"]["rules"] = {"PC102": "off"}
    result = cli("lint", registry.write(), "--today", TODAY, "--format", "json")
    assert not any(f["code"] == "PC102" for f in json.loads(result.stdout)["findings"])


@pytest.mark.parametrize(
    "args",
    [("--today", "2026-13-01"), ("--select", "PC9"), ("--format", "xml"), ("--fail-on", "info")],
)
def test_bad_options_exit_2(cli: Cli, registry: RegistryBuilder, args: tuple[str, ...]) -> None:
    assert cli("lint", registry.write(), *args).exit_code == 2


def test_text_output_ends_with_a_table_by_rule(cli: Cli, registry: RegistryBuilder) -> None:
    registry["meetings/2026/M-01.yaml"]["chair"] = "p-nobody"
    result = cli("lint", registry.write(), "--today", TODAY)
    assert result.exit_code == 1
    table = result.stdout.split("规则")[-1]
    assert "PC102" in table and CATALOG.rules["PC102"].summary.get(Lang.ZH) in table


def test_github_actions_is_detected_and_writes_a_step_summary(
    cli: Cli, registry: RegistryBuilder, tmp_path: Path
) -> None:
    registry["meetings/2026/M-01.yaml"]["chair"] = "p-nobody"
    summary = tmp_path / "summary.md"
    result = cli(
        "lint",
        registry.write(),
        "--today",
        TODAY,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=meetings/2026/M-01.yaml,line=")
    assert "PC102" in summary.read_text(encoding="utf-8")


def test_public_report_lists_public_records_only_and_quotes_nothing(
    cli: Cli, registry: RegistryBuilder
) -> None:
    meeting = registry["meetings/2026/M-01.yaml"]
    meeting["recorder"] = "p-nobody"
    meeting["items"][0]["title"] = "秘密标题XYZ"
    meeting["items"][0]["presenter"] = "p-nobody2"
    root = registry.write()
    full = json.loads(cli("lint", root, "--today", TODAY, "--format", "json").stdout)
    assert any("p-nobody" in f["message"] for f in full["findings"])
    public = cli("lint", root, "--today", TODAY, "--format", "json", "--public")
    assert public.exit_code == 1
    listed = json.loads(public.stdout)["findings"]
    assert "PC102" in {f["code"] for f in listed}
    for finding in listed:
        assert finding["line"] and finding["file"] == "meetings/2026/M-01.yaml"
        assert "p-nobody" not in finding["message"] and "XYZ" not in finding["message"]
        assert f"powerctl rules {finding['code']}" in finding["message"]
    # the meeting made internal: nothing listed, the exit code and a notice still tell
    meeting["secrecy"] = "internal"
    for entry in registry["disclosures/2026.yaml"]:
        entry["scope"] = "internal"
    root = registry.write()
    hidden = cli("lint", root, "--today", TODAY, "--format", "sarif", "--public")
    assert hidden.exit_code == 1
    assert json.loads(hidden.stdout)["runs"][0]["results"] == []
    assert "M-01" not in hidden.stdout and "秘密标题XYZ" not in hidden.stdout
    assert "非公开记录" in hidden.stderr


def test_render_log_counts_errors_without_quoting_records(
    cli: Cli, registry: RegistryBuilder, tmp_path: Path
) -> None:
    meeting = registry["meetings/2026/M-01.yaml"]
    meeting["secrecy"] = "confidential"
    meeting["items"][0]["title"] = {"not": "a title"}  # PC100 in a confidential record
    meeting["notes"] = "绝密备注ABC"
    result = cli("render", registry.write(), "--out", tmp_path / "site", "--today", TODAY, "-q")
    assert result.exit_code == 1
    assert "1 个格式或引用错误" in result.stderr
    assert "M-01" not in result.stderr + result.stdout and "ABC" not in result.stderr
    assert (tmp_path / "site" / "index.html").is_file()  # the board is still built
