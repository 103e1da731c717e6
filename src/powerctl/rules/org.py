"""PC201-PC205: powers and organisation (清权、配权、制权): who holds a power, on what basis, how
it is supervised, and the 一把手 "五个不直接分管" rule."""

from __future__ import annotations

from collections.abc import Iterator

from powerctl.findings import Finding, Severity
from powerctl.i18n import Msg
from powerctl.model.records import Body, Membership, Power, Step, Supervision
from powerctl.model.registry import Registry
from powerctl.rules.base import Context, Rule, check, declare

PC201 = declare(
    Rule(
        code="PC201",
        severity=Severity.ERROR,
        summary=Msg(
            "重大事项权力由个人行使，而不是集体",
            "a power in a major category is held by a person, not a collective body",
        ),
        what=Msg(
            "类别为 major_decision、personnel、major_project、large_funds、emergency(三重一大)的权力事项,"
            "行使主体 holder 必须是一个集体机构（org/bodies.yaml 中的 id），不能是某个人（org/people.yaml 中的 id）。",
            "A power whose category is major_decision, personnel, major_project, large_funds or "
            "emergency (三重一大) must be held by a collective body (an id in org/bodies.yaml), "
            "not by a person (an id in org/people.yaml).",
        ),
        why=Msg(
            "“三重一大”事项必须由领导班子集体讨论决定(“三重一大”事项集体决策制度；“集体领导、民主集中、"
            "个别酝酿、会议决定”)，任何个人不得直接决定。",
            "三重一大 matters (major decisions, appointments, projects and large funds) must be "
            "decided collectively by the leading group (the 三重一大 collective-decision system; "
            "集体领导、民主集中、个别酝酿、会议决定); no individual may decide them alone.",
        ),
        bad="id: QS-DW-003\ncategory: major_project\nholder: p-zhang        # 书记个人",
        good="id: QS-DW-003\ncategory: major_project\nholder: party-committee   # 镇党委会",
    )
)

PC202 = declare(
    Rule(
        code="PC202",
        severity=Severity.ERROR,
        summary=Msg("权力事项没有法律法规依据", "a power has no legal basis"),
        what=Msg(
            "每个权力事项都要写明法律法规依据 basis（至少一条有名称 title 的依据）；"
            "basis 缺失、为空列表，或各条都没有写法规名称，都会报告。",
            "Every power must state its legal basis, `basis`, with at least one entry that names "
            "the law (`title`); a missing or empty basis, or one whose entries all lack a "
            "title, is reported.",
        ),
        why=Msg(
            "清权确权要“明确每项权力的基本内容、办理流程和法律法规依据”：没有依据的权力不应列入权力清单。",
            "Listing powers (清权) means stating each power's content, procedure and legal basis "
            "（明确每项权力的基本内容、办理流程和法律法规依据）； a power without a basis does not "
            "belong on the list.",
        ),
        bad="id: QS-DW-003\ntitle: 重大工程项目安排决定权\nbasis: []",
        good="id: QS-DW-003\ntitle: 重大工程项目安排决定权\nbasis:\n  - {title: 《中国共产党地方委员会工作条例》, article: 第十一条}",
    )
)

PC203 = declare(
    Rule(
        code="PC203",
        severity=Severity.WARNING,
        summary=Msg(
            "重大事项权力缺少监督环节或举报方式",
            "a major power lacks supervision on its decision step or a complaint channel",
        ),
        what=Msg(
            "对三重一大类别的权力事项，检查三件事，缺一项报一条：每个决策步骤（kind: decision）都有监督安排"
            "（supervision 中 step 指向它、并写明 by）；流程图中至少有一个决策步骤；有举报方式"
            "（本事项的 complaint 电话或意见箱，或 powerctl.yaml contact 中的默认渠道）。",
            "For a power in a major category, checks three things and reports each that is "
            "missing: every decision step (kind: decision) has a supervision entry (a "
            "`supervision` entry whose `step` names it and whose `by` is filled in); the "
            "flowchart has at least one decision step; there is a complaint channel (the power's "
            "own `complaint` phone or mailbox, or the default in powerctl.yaml `contact`).",
        ),
        why=Msg(
            "权力运行流程图要“明确行使权力的条件、承办岗位、运行步骤、监督环节、举报方式”，"
            "重点加强“三重一大”事项；决策环节是最需要监督的关键环节（关键环节监督），"
            "并要“设立意见箱和监督电话”畅通监督渠道。",
            "The flowchart must state the conditions, posts, steps, supervision points and "
            "complaint channels of a power (明确…运行步骤、监督环节、举报方式), above all for "
            "三重一大 matters; the decision is the key point to supervise (关键环节监督), and "
            "a complaint phone and mailbox must be open (设立意见箱和监督电话).",
        ),
        bad="category: major_project\nsteps:\n  - {id: s1, name: 调研论证, next: [s2]}\n  - {id: s2, name: 党委会集体讨论表决, kind: decision, next: {passed: s3, rejected: s1}}\n  - {id: s3, name: 公示实施, kind: end}\nsupervision: []",
        good='category: major_project\nsteps:\n  - {id: s1, name: 调研论证, next: [s2]}\n  - {id: s2, name: 党委会集体讨论表决, kind: decision, next: {passed: s3, rejected: s1}}\n  - {id: s3, name: 公示实施, kind: end}\nsupervision:\n  - {step: s2, by: 镇纪委, how: 纪委书记列席会议全程监督}\ncomplaint: {phone: "0771-0000000", mailbox: 镇纪委意见箱}',
        config=("contact.supervision_phone", "contact.mailbox"),
    )
)

PC204 = declare(
    Rule(
        code="PC204",
        severity=Severity.ERROR,
        summary=Msg(
            "一把手直接分管受限工作（五个不直接分管）",
            "the principal (一把手) of a body holds a restricted portfolio",
        ),
        what=Msg(
            "任何机构中角色为 principal（一把手）的任职，其分管工作 portfolios 不得包含 "
            "policy.restricted_portfolios 中的任何一项(默认:finance 财务、personnel 人事、"
            "construction_tendering 工程建设及招标、administrative_approval 行政审批、procurement 物资采购)。"
            "每个受限分管报告一条；可由该任职或该机构的豁免（waivers）豁免。",
            "In any body, a membership with role principal (一把手) must not list in its "
            "`portfolios` any of policy.restricted_portfolios (default: finance, personnel, "
            "construction_tendering, administrative_approval, procurement). One finding per "
            "restricted portfolio; a waiver on the membership or on the body waives it.",
        ),
        why=Msg(
            "党政“一把手”“五个不直接分管”制度：一把手不直接分管财务、组织人事、建设工程及招标、行政审批、物资采购，"
            "确定由分管领导具体负责，一把手只负责监督（“副职分管、正职监管”）。",
            "The 一把手 五个不直接分管 system: the principal does not directly handle finance, "
            "personnel, construction and tendering, administrative approval or procurement; a "
            "deputy is put in charge and the principal supervises (副职分管、正职监管).",
        ),
        bad="memberships:\n  - person: p-zhang\n    role: principal\n    title: 党委书记\n    start_date: 2024-01-01\n    portfolios: [party_building, finance]",
        good="memberships:\n  - person: p-zhang\n    role: principal\n    title: 党委书记\n    start_date: 2024-01-01\n    portfolios: [party_building]\n  - person: p-wang\n    role: deputy\n    title: 党委副书记、镇长\n    start_date: 2024-01-01\n    portfolios: [finance]",
        config=("policy.restricted_portfolios",),
    )
)

PC205 = declare(
    Rule(
        code="PC205",
        severity=Severity.WARNING,
        summary=Msg("权力事项没有排查廉政风险点", "a power has no risk point assessed"),
        what=Msg(
            "每个权力事项至少要有一个廉政风险点（risks/ 中某个风险点的 power 是它的 id）。",
            "Every power needs at least one risk point (a risk in risks/ whose `power` is its id).",
        ),
        why=Msg(
            "“在理清权力清单、制定工作流程的基础上，对关键环节、重点工作开展岗位廉政风险点排查，"
            "形成职权风险点清单，进行风险等级评估，制定防控措施”：没有排查风险点的权力就没有防控。",
            "Once powers and flowcharts are listed, each power's risk points are to be found, "
            "graded and given controls （开展岗位廉政风险点排查…进行风险等级评估，制定防控措施）； "
            "a power with no risk point assessed has no prevention.",
        ),
        bad="# powers/QS-DW-003.yaml;risks/ 中没有任何 power: QS-DW-003 的风险点\nid: QS-DW-003\ntitle: 重大工程项目安排决定权\ncategory: major_project",
        good="# risks/QS-DW-003.yaml\n- id: QS-R-007\n  power: QS-DW-003\n  description: 工程项目未经集体研究即确定施工单位\n  scores: {importance: 3, frequency: 2, likelihood: 2}\n  level: high\n  controls:\n    - {measure: 工程项目一律提交党委会集体票决, owner: p-wang, due: 2026-06-30}",
    )
)

CATEGORY_NAMES = {
    "major_decision": "重大决策",
    "personnel": "重要人事任免",
    "major_project": "重大项目安排",
    "large_funds": "大额资金使用",
    "emergency": "重大突发事件处置",
}


# --- PC201 -------------------------------------------------------------------------------------


@check(PC201)
def major_power_held_by_person(reg: Registry, ctx: Context) -> Iterator[Finding]:
    collective = sorted(b.id for b in reg.bodies.values() if b.decides_major)
    for power in reg.powers.values():
        holder = power.holder
        if not power.is_major or reg.exists("body", holder) or not reg.exists("person", holder):
            continue
        zh_hint = f"（可用的决策机构：{'、'.join(collective)}）" if collective else ""
        en_hint = (
            f" (bodies that decide major matters: {', '.join(collective)})" if collective else ""
        )
        yield PC201.finding(
            power.loc.child("holder"),
            Msg(
                f"权力事项 {power.id}“{power.title}”属于{CATEGORY_NAMES.get(power.category, '三重一大')}"
                f"（{power.category}），却由个人 {holder}（{reg.person_name(holder)}）行使："
                f"三重一大事项须集体决定，请把 holder 改为一个集体机构的 id{zh_hint}。",
                f'power {power.id} "{power.title}" is in the major category {power.category} but '
                f"is held by a person, {holder} ({reg.person_name(holder)}): 三重一大 matters are "
                f"decided collectively; set holder to a body id{en_hint}.",
            ),
            record_id=power.id,
            waivable_by=power.waivers,
            at_value=True,
        )


# --- PC202 -------------------------------------------------------------------------------------


@check(PC202)
def power_without_basis(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for power in reg.powers.values():
        if any(b.title and b.title.strip() for b in power.basis):
            continue
        yield PC202.finding(
            power.loc.child("basis"),
            Msg(
                f"权力事项 {power.id}“{power.title}”没有写明法律法规依据：请在 basis 中列出依据，"
                "例如 basis: [{title: 《中国共产党农村基层组织工作条例》， article: 第九条}]。",
                f'power {power.id} "{power.title}" has no legal basis: list the laws or Party '
                "regulations it rests on in `basis`, e.g. basis: [{title: 《中国共产党农村基层组织"
                "工作条例》， article: 第九条}].",
            ),
            record_id=power.id,
            waivable_by=power.waivers,
        )


# --- PC203 -------------------------------------------------------------------------------------


def _supervises(sup: Supervision, step: Step) -> bool:
    return sup.step == step.id and bool(sup.by and sup.by.strip())


def _has_complaint_channel(reg: Registry, power: Power) -> bool:
    contact = reg.config.contact
    channels = (
        power.complaint_phone,
        power.complaint_mailbox,
        contact.supervision_phone,
        contact.mailbox,
    )
    return any(c and c.strip() for c in channels)


@check(PC203)
def major_power_unsupervised(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for power in reg.powers.values():
        if power.is_major:
            yield from _supervision_gaps(reg, power)


def _supervision_gaps(reg: Registry, power: Power) -> Iterator[Finding]:
    decisions = [s for s in power.steps if s.kind == "decision"]
    for step in decisions:
        if not any(_supervises(sup, step) for sup in power.supervision):
            yield PC203.finding(
                step.loc.child("id"),
                Msg(
                    f"权力事项 {power.id} 的决策步骤 {step.id}“{step.name}”没有监督安排："
                    f"请在 supervision 中加一条，例如 {{step: {step.id}, by: 镇纪委， how: 纪委书记列席会议全程监督}}。",
                    f'power {power.id}: decision step {step.id} "{step.name}" has no supervision '
                    f"entry: add one to `supervision`, e.g. {{step: {step.id}, by: 镇纪委, how: "
                    "纪委书记列席会议全程监督}.",
                ),
                record_id=power.id,
                waivable_by=power.waivers,
                at_value=True,
            )
    if not decisions:
        yield PC203.finding(
            power.loc.child("steps"),
            Msg(
                f"权力事项 {power.id}“{power.title}”属于三重一大，流程图却没有决策步骤："
                "请把集体讨论决定的那一步标为 kind: decision，写明各结果的去向，并为它安排监督。",
                f'power {power.id} "{power.title}" is a major power but its flowchart has no '
                "decision step: mark the collective-decision step kind: decision with its "
                "outcomes, and give it a supervision entry.",
            ),
            record_id=power.id,
            waivable_by=power.waivers,
        )
    if not _has_complaint_channel(reg, power):
        yield PC203.finding(
            power.loc.child("complaint"),
            Msg(
                f"权力事项 {power.id}“{power.title}”没有举报方式：请写 complaint: {{phone: ..., mailbox: ...}}，"
                "或在 powerctl.yaml 的 contact 中设置默认的监督电话(supervision_phone)或意见箱(mailbox)。",
                f'power {power.id} "{power.title}" has no complaint channel: add complaint: '
                "{phone: ..., mailbox: ...}, or set a default supervision_phone or mailbox in "
                "powerctl.yaml `contact`.",
            ),
            record_id=power.id,
            waivable_by=power.waivers,
        )


# --- PC204 -------------------------------------------------------------------------------------


@check(PC204)
def principal_restricted_portfolio(reg: Registry, ctx: Context) -> Iterator[Finding]:
    restricted = set(reg.config.policy.restricted_portfolios)
    for body in reg.bodies.values():
        for membership in body.memberships:
            if membership.role == "principal":
                yield from _restricted_portfolios(reg, body, membership, restricted)


def _restricted_portfolios(
    reg: Registry, body: Body, membership: Membership, restricted: set[str]
) -> Iterator[Finding]:
    pid = membership.person
    for index, portfolio in enumerate(membership.portfolios):
        if portfolio not in restricted:
            continue
        yield PC204.finding(
            membership.loc.child("portfolios", index),
            Msg(
                f"{body.name}（{body.id}）的一把手 {pid}（{reg.person_name(pid)}）分管“{portfolio}”，"
                "违反“五个不直接分管”：请把这项工作交给其他班子成员分管，从一把手的 portfolios 中删除。",
                f"the principal of {body.name} ({body.id}), {pid} ({reg.person_name(pid)}), holds "
                f'the restricted portfolio "{portfolio}" (五个不直接分管): give it to another '
                "member and remove it from the principal's portfolios.",
            ),
            record_id=body.id,
            waivable_by=[*membership.waivers, *body.waivers],
            at_value=True,
        )


# --- PC205 -------------------------------------------------------------------------------------


@check(PC205)
def power_without_risk(reg: Registry, ctx: Context) -> Iterator[Finding]:
    if "risk" in reg.incomplete or reg.invalid_ids.get("risk"):
        # A risk file we could not build may hold this power's risk points: fix PC100/PC105 first.
        return
    assessed = {risk.power for risk in reg.risks}
    for power in reg.powers.values():
        if power.id in assessed:
            continue
        yield PC205.finding(
            power.loc.child("id"),
            Msg(
                f"权力事项 {power.id}“{power.title}”还没有排查廉政风险点：请在 risks/{power.id}.yaml 中"
                f"登记至少一个 power: {power.id} 的风险点，评定等级并制定防控措施。",
                f'power {power.id} "{power.title}" has no risk point assessed: add at least one '
                f"risk with power: {power.id} (e.g. in risks/{power.id}.yaml), grade it and give "
                "it controls.",
            ),
            record_id=power.id,
            waivable_by=power.waivers,
            at_value=True,
        )
