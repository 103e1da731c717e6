"""PC401-PC404: risk points (廉政风险点): the level follows from the scores, high risks have
controls, controls and reviews are kept on time."""

from __future__ import annotations

from collections.abc import Iterator

from powerctl.findings import Finding, Severity
from powerctl.i18n import Msg
from powerctl.model.records import Policy, Risk
from powerctl.model.registry import Registry
from powerctl.rules.base import Context, Rule, check, declare

LEVEL_KEYS = ("policy.risk_levels.high", "policy.risk_levels.medium")

PC401 = declare(
    Rule(
        code="PC401",
        severity=Severity.ERROR,
        summary=Msg(
            "风险等级与评分计算结果不符",
            "declared level differs from the level computed from the scores",
        ),
        what=Msg(
            "风险等级由评分计算：重要性 × 频率 × 可能性（各 1 到 3）的乘积达到 policy.risk_levels.high"
            "(默认 12,含本数)为 high,达到 policy.risk_levels.medium(默认 6,含本数)为 medium,否则为 low。"
            "登记的 level 与计算结果不同时报告。",
            "The level follows from the scores: the product importance × frequency × likelihood "
            "(each 1 to 3) at or above policy.risk_levels.high (default 12) is high, at or above "
            "policy.risk_levels.medium (default 6) is medium, otherwise low. A declared `level` "
            "that differs from the computed one is reported.",
        ),
        why=Msg(
            "风险点要“根据职权的重要程度、行使频率和发生问题几率，实施风险评估，确定风险等级”："
            "等级必须由评分按统一标准得出，不能凭感觉填写，否则高风险会被写成低风险而逃避防控。",
            "Risk points are graded by the importance of the power, how often it is used and how "
            "likely problems are （根据职权的重要程度、行使频率和发生问题几率…确定风险等级）： the "
            "level must follow from the scores by one standard, or a high risk can be filed as "
            "low and escape its controls.",
        ),
        bad="scores: {importance: 3, frequency: 2, likelihood: 2}   # 乘积 12\nlevel: medium",
        good="scores: {importance: 3, frequency: 2, likelihood: 2}   # 乘积 12\nlevel: high",
        config=LEVEL_KEYS,
    )
)

PC402 = declare(
    Rule(
        code="PC402",
        severity=Severity.ERROR,
        summary=Msg("高风险点没有防控措施", "a high-level risk with no control"),
        what=Msg(
            "按评分计算为高风险的风险点（乘积达到 policy.risk_levels.high），必须至少有一项防控措施 controls。"
            "判断用的是计算出的等级，而不是登记的 level：登记的等级与计算不符时 PC401 另行报告，"
            "把高风险误登为低风险也逃不过本规则。",
            "A risk whose computed level is high (the product of its scores at or above "
            "policy.risk_levels.high) must have at least one control (`controls`). The computed "
            "level counts, not the declared `level`: when they disagree PC401 reports that too, "
            "and a high risk filed as low still gets this finding.",
        ),
        why=Msg(
            "排查风险点是为了“进行风险等级评估，制定防控措施”：高风险点没有防控措施，排查就失去了意义。",
            "Risk points are found in order to grade them and set controls (进行风险等级评估,"
            "制定防控措施): a high risk without controls defeats the purpose.",
        ),
        bad="scores: {importance: 3, frequency: 2, likelihood: 2}\nlevel: high\ncontrols: []",
        good="scores: {importance: 3, frequency: 2, likelihood: 2}\nlevel: high\ncontrols:\n  - {measure: 工程项目一律提交党委会集体票决, owner: p-wang, due: 2026-06-30}",
        config=LEVEL_KEYS,
    )
)

PC403 = declare(
    Rule(
        code="PC403",
        severity=Severity.WARNING,
        summary=Msg("防控措施逾期未完成", "a control is past its due date and not done"),
        what=Msg(
            "防控措施的完成时限 due 早于检查日期（--today，默认今天）且没有标记 done: true 时报告；"
            "due 当天不算逾期。",
            "Reports a control whose `due` date is before the day of the check (--today, "
            "default the current date) and that is not marked done: true; the due day itself is "
            "not overdue.",
        ),
        why=Msg(
            "防控措施要落到责任人和时限（“制定防控措施”“实时防控权力风险”）：逾期未落实的措施只停留在纸面上。",
            "Controls have an owner and a deadline so that risks are actually controlled "
            "(制定防控措施, 实时防控权力风险); a control past its deadline exists only on paper.",
        ),
        bad="controls:\n  - {measure: 工程项目一律提交党委会集体票决, owner: p-wang, due: 2026-06-30, done: false}   # 今天 2026-11-23",
        good="controls:\n  - {measure: 工程项目一律提交党委会集体票决, owner: p-wang, due: 2026-06-30, done: true}",
    )
)

PC404 = declare(
    Rule(
        code="PC404",
        severity=Severity.WARNING,
        summary=Msg("风险点复查日期已过", "a risk's review date has passed"),
        what=Msg(
            "风险点的复查日期 review_date 早于检查日期（--today，默认今天）时报告；复查日期当天不算过期。",
            "Reports a risk whose `review_date` is before the day of the check (--today, default "
            "the current date); the review day itself is not past.",
        ),
        why=Msg(
            "廉政风险防控是动态的（“实行风险预警”“实时防控权力风险”）：到期要重新评估等级和措施，"
            "过期未复查的风险点清单会与实际脱节。",
            "Risk prevention is ongoing (实行风险预警, 实时防控权力风险): grades and controls are "
            "to be reassessed when due; a list past its review drifts away from reality.",
        ),
        bad="review_date: 2026-06-30   # 今天 2026-11-23",
        good="review_date: 2027-06-30",
    )
)

LEVEL_NAMES = {"high": "高", "medium": "中", "low": "低"}


def computed_level(risk: Risk, policy: Policy) -> str:
    """rules.md PC401: product >= risk_levels.high is high, >= risk_levels.medium medium, else low."""
    if risk.score >= policy.risk_levels_high:
        return "high"
    if risk.score >= policy.risk_levels_medium:
        return "medium"
    return "low"


def _product(risk: Risk) -> str:
    return f"{risk.importance}×{risk.frequency}×{risk.likelihood}={risk.score}"


def _level_zh(level: str) -> str:
    return f"{LEVEL_NAMES.get(level, level)}({level})"


@check(PC401)
def level_differs_from_scores(reg: Registry, ctx: Context) -> Iterator[Finding]:
    policy = reg.config.policy
    thresholds = f"high ≥ {policy.risk_levels_high}, medium ≥ {policy.risk_levels_medium}"
    for risk in reg.risks:
        level = computed_level(risk, policy)
        if risk.level == level:
            continue
        yield PC401.finding(
            risk.loc.child("level"),
            Msg(
                f"风险点 {risk.id} 的评分乘积 {_product(risk)}，按风险等级标准（{thresholds}）应为"
                f"{_level_zh(level)}，登记的却是{_level_zh(risk.level)}：请把 level 改为 {level}，"
                "或重新评分。",
                f"risk {risk.id}: the scores give {_product(risk)}, which is {level} under "
                f"policy.risk_levels ({thresholds}), but its level is {risk.level}: set "
                f"level: {level}, or revise the scores.",
            ),
            record_id=risk.id,
            waivable_by=risk.waivers,
            at_value=True,
        )


@check(PC402)
def high_risk_without_controls(reg: Registry, ctx: Context) -> Iterator[Finding]:
    policy = reg.config.policy
    for risk in reg.risks:
        if risk.controls or computed_level(risk, policy) != "high":
            continue
        yield PC402.finding(
            risk.loc.child("controls"),
            Msg(
                f"风险点 {risk.id}（权力事项 {risk.power}）评分乘积 {_product(risk)}，达到高风险标准"
                f"（≥ {policy.risk_levels_high}），却没有防控措施：请在 controls 中写明至少一项措施、"
                "责任人和完成时限，例如 {measure: ..., owner: p-wang, due: 2026-12-31}。",
                f"risk {risk.id} (power {risk.power}) scores {_product(risk)}, a high risk "
                f"(>= {policy.risk_levels_high}), but has no controls: add at least one to "
                "`controls` with an owner and a due date, e.g. {measure: ..., owner: p-wang, "
                "due: 2026-12-31}.",
            ),
            record_id=risk.id,
            waivable_by=risk.waivers,
        )


@check(PC403)
def overdue_controls(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for risk in reg.risks:
        for control in risk.controls:
            if control.done or control.due is None or control.due >= ctx.today:
                continue
            days = (ctx.today - control.due).days
            yield PC403.finding(
                control.loc.child("due"),
                Msg(
                    f"风险点 {risk.id} 的防控措施“{control.measure}”应于 {control.due} 完成，"
                    f"到 {ctx.today} 已逾期 {days} 天仍未完成：请督促责任人落实后标记 done: true，"
                    "或经研究后调整 due。",
                    f'risk {risk.id}: the control "{control.measure}" was due on {control.due} '
                    f"and is still not done on {ctx.today} ({days} days overdue): carry it out "
                    "and mark it done: true, or agree a new `due`.",
                ),
                record_id=risk.id,
                waivable_by=risk.waivers,
                at_value=True,
            )


@check(PC404)
def review_overdue(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for risk in reg.risks:
        if risk.review_date is None or risk.review_date >= ctx.today:
            continue
        yield PC404.finding(
            risk.loc.child("review_date"),
            Msg(
                f"风险点 {risk.id} 的复查日期 {risk.review_date} 已过（检查日期 {ctx.today}）："
                "请重新评估评分、等级和防控措施，并把 review_date 改为下一次复查的日期。",
                f"risk {risk.id}: its review date {risk.review_date} has passed (checked on "
                f"{ctx.today}): reassess its scores, level and controls, and set review_date to "
                "the next review.",
            ),
            record_id=risk.id,
            waivable_by=risk.waivers,
            at_value=True,
        )
