"""Rule documentation from the one source, the rule declarations (ruff's model):
`powerctl rules`, `powerctl rules CODE` and docs/rules.md are all generated here."""

from __future__ import annotations

from powerctl.i18n import Lang, Msg
from powerctl.rules import CATALOG, Rule

_HEAD = {
    "what": Msg("作用", "What it does"),
    "why": Msg("依据", "Why"),
    "bad": Msg("错误示例", "Bad example"),
    "good": Msg("正确示例", "Good example"),
    "config": Msg("配置项", "Config keys"),
    "severity": Msg("默认级别", "Default severity"),
    "none": Msg("无", "none"),
}
_SEVERITY = {"error": Msg("错误", "error"), "warning": Msg("警告", "warning")}


def rules_in_order() -> list[Rule]:
    return [CATALOG.rules[code] for code in sorted(CATALOG.rules)]


def catalogue_lines(lang: Lang) -> list[str]:
    return [
        f"{r.code}  {_SEVERITY[r.severity.value].get(lang):<4}  {r.summary.get(lang)}"
        for r in rules_in_order()
    ]


def _config(rule: Rule, lang: Lang) -> str:
    return ", ".join(f"`{key}`" for key in rule.config) or _HEAD["none"].get(lang)


def entry_markdown(rule: Rule, lang: Lang, level: int = 2) -> str:
    h = "#" * level
    parts = [
        f"{h} {rule.code}: {rule.summary.get(lang)}",
        "",
        f"{_HEAD['severity'].get(lang)}: {_SEVERITY[rule.severity.value].get(lang)}",
        "",
        f"**{_HEAD['what'].get(lang)}**: {rule.what.get(lang)}",
        "",
        f"**{_HEAD['why'].get(lang)}**: {rule.why.get(lang)}",
        "",
        f"**{_HEAD['bad'].get(lang)}**:",
        "",
        "```yaml",
        rule.bad.rstrip(),
        "```",
        "",
        f"**{_HEAD['good'].get(lang)}**:",
        "",
        "```yaml",
        rule.good.rstrip(),
        "```",
        "",
        f"**{_HEAD['config'].get(lang)}**: {_config(rule, lang)}",
        "",
    ]
    return "\n".join(parts)


def rules_markdown() -> str:
    """docs/rules.md: the whole catalogue, Chinese then English for each rule."""
    out = [
        "# 规则目录 / Rule catalogue",
        "",
        "<!-- Generated from the rule declarations in src/powerctl/rules/ by "
        "`python -m powerctl.ruledocs`; do not edit by hand (a test fails when it is stale). -->",
        "",
        "| code | severity | 规则 | rule |",
        "|---|---|---|---|",
    ]
    for rule in rules_in_order():
        out.append(
            f"| [{rule.code}](#{rule.code.lower()}) | {rule.severity.value} | "
            f"{rule.summary.zh} | {rule.summary.en} |"
        )
    out.append("")
    for rule in rules_in_order():
        out.append(f"## {rule.code}")
        out.append("")
        out.append(entry_markdown(rule, Lang.ZH, level=3))
        out.append(entry_markdown(rule, Lang.EN, level=3))
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/rules.md")
    from powerctl.scaffold.files import atomic_write

    atomic_write(target, rules_markdown())
    print(f"wrote {target}")
