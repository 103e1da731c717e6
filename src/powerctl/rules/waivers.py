"""PC106 malformed waivers, PC107 unused waivers (rules.md: waivers)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from powerctl.findings import Finding, Severity
from powerctl.i18n import Msg
from powerctl.model.records import Waiver
from powerctl.model.registry import Registry
from powerctl.rules.base import CATALOG, Context, Rule, check, declare
from powerctl.rules.refs import all_waivers

PC106 = declare(
    Rule(
        code="PC106",
        severity=Severity.ERROR,
        summary=Msg("豁免缺少规则、理由或批准人", "waiver without rule, reason or approver"),
        what=Msg(
            "豁免（waivers）必须写明豁免的规则代码 rule、理由 reason 和批准人 approved_by；"
            "缺少任何一项的豁免无效，不豁免任何问题。",
            "A waiver must name the rule code (`rule`), the reason (`reason`) and who approved it "
            "(`approved_by`); a waiver missing any of them is invalid and waives nothing.",
        ),
        why=Msg(
            "豁免是对程序规则的例外，例外必须有据可查：谁批准、为什么，否则就是给违规开口子。",
            "A waiver is an exception to procedure and must be accountable: who approved it and "
            "why; otherwise it is a loophole.",
        ),
        bad="waivers: [{rule: PC308}]",
        good="waivers: [{rule: PC308, reason: 防汛紧急，按多数意见先行实施, approved_by: p-zhang}]",
    )
)

PC107 = declare(
    Rule(
        code="PC107",
        severity=Severity.WARNING,
        summary=Msg("豁免没有对应任何问题", "a valid waiver that matches no finding"),
        what=Msg(
            "一条有效的豁免没有豁免到任何问题（规则没有触发，或豁免写在了别的记录上）。",
            "A valid waiver that waives no finding (the rule did not fire, or the waiver sits on "
            "another record).",
        ),
        why=Msg(
            "多余的豁免会掩盖以后真正出现的问题，应当删除。",
            "A stale waiver would hide a real problem later; delete it.",
        ),
        bad="# 议题表决正常,却写了豁免\nwaivers: [{rule: PC308, reason: 分歧较大, approved_by: p-zhang}]",
        good="# 删除多余的豁免",
    )
)

_CODE = re.compile(r"^PC[0-9]{3}$")
# Findings about files as files and about waivers themselves are never waivable.
UNWAIVABLE = frozenset({"PC100", "PC101", "PC105", "PC106", "PC107", "PC108"})


@check(PC106)
def malformed_waivers(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for waiver, record_id in all_waivers(reg):
        missing = [
            name
            for name, value in (
                ("rule", waiver.rule),
                ("reason", waiver.reason),
                ("approved_by", waiver.approved_by),
            )
            if not (isinstance(value, str) and value.strip())
        ]
        if missing:
            yield PC106.finding(
                waiver.loc,
                Msg(
                    f"豁免缺少 {'、'.join(missing)}：有效的豁免要写明规则、理由和批准人，否则不豁免任何问题。",
                    f"the waiver lacks {', '.join(missing)}: a waiver needs a rule, a reason and "
                    "an approver, or it waives nothing.",
                ),
                record_id=record_id,
            )
        elif waiver.rule in UNWAIVABLE:
            yield PC106.finding(
                waiver.loc.child("rule"),
                Msg(
                    f"{waiver.rule} 不能豁免：格式错误、重复 id 和无法读取的文件必须改正，豁免本身的问题也不能再豁免。",
                    f"{waiver.rule} cannot be waived: schema errors, duplicate ids and unreadable "
                    "files must be fixed, and problems with waivers cannot themselves be waived.",
                ),
                record_id=record_id,
                at_value=True,
            )
        elif not (_CODE.match(waiver.rule or "") and waiver.rule in CATALOG.rules):
            yield PC106.finding(
                waiver.loc.child("rule"),
                Msg(
                    f"豁免的规则“{waiver.rule}”不存在：请写规则代码，例如 PC308（powerctl rules 列出全部规则）。",
                    f'the waiver names a rule "{waiver.rule}" that does not exist: write a rule code '
                    "such as PC308 (powerctl rules lists them).",
                ),
                record_id=record_id,
                at_value=True,
            )


def usable(waiver: Waiver) -> bool:
    return (
        waiver.valid
        and bool(_CODE.match(waiver.rule or ""))
        and waiver.rule in CATALOG.rules
        and waiver.rule not in UNWAIVABLE
    )


def apply_waivers(findings: list[Finding], reg: Registry, ran: Iterable[str]) -> list[Finding]:
    """Mark waived findings, and return PC107 findings for valid waivers of rules that ran but
    matched nothing (a waiver of a rule that was not run this time is not judged)."""
    used: set[int] = set()
    for finding in findings:
        for candidate in finding.waivable_by:
            if (
                isinstance(candidate, Waiver)
                and usable(candidate)
                and candidate.rule == finding.code
            ):
                finding.waived = True
                used.add(id(candidate))
    ran = set(ran)
    unused = []
    for waiver, record_id in all_waivers(reg):
        if usable(waiver) and waiver.rule in ran and id(waiver) not in used:
            unused.append(
                PC107.finding(
                    waiver.loc.child("rule"),
                    Msg(
                        f"豁免 {waiver.rule} 没有对应任何问题：这条记录没有触发该规则，请删除这条豁免。",
                        f"the waiver of {waiver.rule} matches no finding: the rule does not fire "
                        "on this record; delete the waiver.",
                    ),
                    record_id=record_id,
                    at_value=True,
                )
            )
    return unused
