"""PC301-PC312: meetings and collective decisions (议事决策制度, “三重一大”集体决策).

Counting follows data-model.md: *expected* (应到) = reg.expected_members, *present* (实到) =
reg.present_expected (only expected persons count; observers never), *voters present* = present
minus recused. Thresholds come from powerctl.yaml `policy` and are compared in integers.
The vote rules (PC305-PC308, PC311) live in _votes.py and are re-exported here."""

from __future__ import annotations

from collections.abc import Iterator

from powerctl.findings import Finding, Severity
from powerctl.i18n import Msg
from powerctl.model.records import Item, Meeting
from powerctl.model.registry import Registry
from powerctl.rules._votes import (
    PC305,
    PC306,
    PC307,
    PC308,
    PC311,
    RESULT,
    at_least,
    decided,
    each_item,
    fraction_name,
    item_id,
    people,
    who,
)
from powerctl.rules.base import Context, Rule, check, declare

__all__ = [
    "PC301",
    "PC302",
    "PC303",
    "PC304",
    "PC305",
    "PC306",
    "PC307",
    "PC308",
    "PC309",
    "PC310",
    "PC311",
    "PC312",
]

PC301 = declare(
    Rule(
        code="PC301",
        severity=Severity.ERROR,
        summary=Msg("到会人数不足却作出决定", "quorum not met at a meeting that decided"),
        what=Msg(
            "会议作出了决定（有议题结果为 passed 或 rejected）时，实到的应到成员须达到 policy.quorum(默认三分之二"
            "以上，恰好三分之二即可)：实到×分母 < 应到×分子即为不足。全部议题暂缓的会议不检查。",
            "When a meeting decided anything (an item passed or rejected), the expected members "
            "present must reach policy.quorum (default two thirds; exactly two thirds is "
            "enough): present*denominator < expected*numerator fails. A meeting that deferred "
            "everything is not checked.",
        ),
        why=Msg(
            "议事决策制度：“凡研究决定事项的会议，须有三分之二以上领导班子成员参加方可举行”；《党政领导干部选拔任用"
            "工作条例》同样要求三分之二以上成员到会。列席人员不计入到会人数。",
            "The seed 议事决策制度: a meeting that decides needs two thirds or more of the "
            "members present, as does the cadre-appointment regulation. Observers do not count.",
        ),
        bad="# 应到 9 人\nattendance:\n  present: [p-zhang, p-wang, p-li, p-zhao, p-sun]\n"
        'items:\n  - {id: "1", title: 关于河堤加固工程的议题, result: passed}',
        good="# 应到 9 人\nattendance:\n  present: [p-zhang, p-wang, p-li, p-zhao, p-sun, p-zhou]\n"
        'items:\n  - {id: "1", title: 关于河堤加固工程的议题, result: passed}',
        config=("policy.quorum",),
    )
)

PC302 = declare(
    Rule(
        code="PC302",
        severity=Severity.ERROR,
        summary=Msg("汇报议题的分管领导没有到会", "the presenter of an item was not present"),
        what=Msg(
            "议题的汇报人（presenter，分管领导）必须出席会议：列在 attendance.present 中，或是登记了 person 的列席人员。",
            "The presenter of an item (the leader in charge) must attend: be listed in "
            "attendance.present, or be an observer with that `person` id.",
        ),
        why=Msg(
            "议事决策制度：“要求分管此项工作的领导必须到会”，“会议先由分管领导介绍待决策事项的有关情况”。",
            "The seed 议事决策制度: the leader in charge of the matter must attend and "
            "introduce it before the discussion.",
        ),
        bad="attendance:\n  present: [p-zhang, p-li, p-zhao]\n  absent: [{person: p-wang, reason: 出差}]\n"
        'items:\n  - {id: "1", presenter: p-wang, result: passed}',
        good="attendance:\n  present: [p-zhang, p-wang, p-li, p-zhao]\n"
        'items:\n  - {id: "1", presenter: p-wang, result: passed}',
    )
)

PC303 = declare(
    Rule(
        code="PC303",
        severity=Severity.ERROR,
        summary=Msg("主要负责人没有最后表态", "the principal stated a view before another member"),
        what=Msg(
            "对“三重一大”议题（policy.principal_speaks_last 为 all 时对全部议题，为 off 时不检查），机构当日的主要负责人"
            "（role: principal）有表态时，其后不得再有其他成员表态。主要负责人没有表态的，此条不检查。",
            "On a major item (every item with policy.principal_speaks_last: all; none with "
            "off), when the body's principal on the meeting date has a statement, no other "
            "member may speak after it. A principal without a statement is not checked here.",
        ),
        why=Msg(
            "末位表态制度：“一把手”不得首先表态或个人定调，其他班子成员逐一发表意见后，“一把手”最后表态；"
            "《党政领导干部选拔任用工作条例》：主要负责人最后表态。",
            "The 末位表态 practice: the principal must not speak first or set the tone; the "
            "others speak one by one and the principal states his view last (the cadre-"
            "appointment regulation requires the same).",
        ),
        bad="statements:\n  - {person: p-zhang, position: support}   # 书记先表态\n"
        "  - {person: p-wang, position: support}",
        good="statements:\n  - {person: p-wang, position: support}\n"
        "  - {person: p-zhang, position: support}   # 书记最后表态",
        config=("policy.principal_speaks_last", "policy.major_funds_threshold"),
    )
)

PC304 = declare(
    Rule(
        code="PC304",
        severity=Severity.WARNING,
        summary=Msg("有到会成员没有表态", "a present, non-recused member stated no view"),
        what=Msg(
            "对“三重一大”议题（按 policy.every_member_states_view: major | all | off），每名到会且未回避的应到成员"
            "都应有一条表态（statements）；每缺一人报告一次。",
            "On a major item (per policy.every_member_states_view: major | all | off), every "
            "expected member who is present and not recused has a statement; one finding per "
            "member missing.",
        ),
        why=Msg(
            "民主集中制：“班子成员应对决策建议逐个明确表态”；议事决策制度：“每位领导必须发表自己的意见”；"
            "讨论干部任免须逐一发表同意、不同意或缓议的意见（《党政领导干部选拔任用工作条例》）。",
            "Democratic centralism as the seeds state it: every member states a clear view on "
            "the proposal; for appointments each says agree, disagree or defer (cadre-"
            "appointment regulation).",
        ),
        bad="attendance:\n  present: [p-zhang, p-wang, p-li]\nstatements:   # 缺 p-li 的表态\n"
        "  - {person: p-wang, position: support}\n  - {person: p-zhang, position: support}",
        good="attendance:\n  present: [p-zhang, p-wang, p-li]\nstatements:\n"
        "  - {person: p-wang, position: support}\n  - {person: p-li, position: defer}\n"
        "  - {person: p-zhang, position: support}",
        config=("policy.every_member_states_view", "policy.major_funds_threshold"),
    )
)

PC309 = declare(
    Rule(
        code="PC309",
        severity=Severity.ERROR,
        summary=Msg(
            "“三重一大”事项未经有权机构表决决定",
            "a major item decided by the wrong body or without a vote",
        ),
        what=Msg(
            "“三重一大”议题（重大类别，或金额达到 policy.major_funds_threshold）作出决定（passed/rejected）时，会议机构"
            "须能决定重大事项（decides_major 不为 false；书记办公会默认不能），并且须经表决（有 vote 且 method 不是 none）。",
            "A major item (major category, or an amount at or above policy.major_funds_"
            "threshold) that is decided (passed/rejected) must be decided by a body that may take "
            "major decisions (decides_major not false; a secretary office may not by default) "
            "and by a vote (a `vote` whose method is not none).",
        ),
        why=Msg(
            "“三重一大”事项必须由领导班子集体研究作出决定（末位表态制度）；书记办公会只对议题初审"
            "（“提交书记办公会议初审，确定是否列入会议讨论决策”）；重大事项实行票决。",
            "Major matters are decided collectively by the full leadership; the secretary "
            "office only pre-reviews items for the agenda; major matters are put to a vote.",
        ),
        bad="body: secretary-office   # 书记办公会\nitems:\n"
        '  - {id: "1", category: major_project, vote: {method: none}, result: passed}',
        good="body: party-committee\nitems:\n"
        '  - id: "1"\n    category: major_project\n'
        "    vote: {method: named, ballots: [{person: p-wang, option: yes}]}\n    result: passed",
        config=("policy.major_funds_threshold",),
    )
)

PC310 = declare(
    Rule(
        code="PC310",
        severity=Severity.ERROR,
        summary=Msg(
            "“三重一大”议题未经调研论证或书记办公会初审",
            "a major item decided without research or pre-review",
        ),
        what=Msg(
            "非紧急（urgent 不为 true）的“三重一大”议题作出决定（passed/rejected），须经调查研究论证"
            "（prepared.research: true）和书记办公会初审（prepared.pre_review 写初审会议编号）；每缺一项报告一次。",
            "A major item that is not urgent and is decided (passed/rejected) needs research "
            "(prepared.research: true) and a pre-review by the secretary office "
            "(prepared.pre_review: that meeting's id); one finding per missing preparation.",
        ),
        why=Msg(
            "五个不决策：“未经调查研究论证不决策”；议事决策制度：“凡未经深入调研的工作或不成熟的工作方案原则上不列入"
            "决策范围”，议题“收集后提交书记办公会议初审”。",
            "五个不决策: no decision without research; the seed 议事决策制度: unresearched or "
            "immature proposals are not put to a decision, and items are pre-reviewed by the "
            "secretary office.",
        ),
        bad="category: major_project\nprepared: {proposed_by: p-zhou}\nresult: passed",
        good="category: major_project\n"
        "prepared: {research: true, proposed_by: p-zhou, pre_review: QS-SJ-2026-05}\nresult: passed",
        config=("policy.major_funds_threshold",),
    )
)

PC312 = declare(
    Rule(
        code="PC312",
        severity=Severity.WARNING,
        summary=Msg("大额资金议题被归为一般事项", "a large-funds item classified as ordinary"),
        what=Msg(
            "金额(amount)达到 policy.major_funds_threshold 的议题,类别却是 ordinary(一般事项)。",
            "An item whose amount is at or above policy.major_funds_threshold has category "
            "ordinary.",
        ),
        why=Msg(
            "“大额度资金使用”属“三重一大”，须集体讨论决定(“超过‘四重一大’限定数额的非生产性开支须经单位领导班子集体"
            "审核”)；把大额资金议题归为一般事项，是规避集体决策程序的常见手法。",
            "Large expenditure is one of the 三重一大 and needs a collective decision; filing it "
            "as ordinary is a common way to dodge that procedure.",
        ),
        bad="category: ordinary\namount: 620000   # 达到 50 万元",
        good="category: large_funds\namount: 620000",
        config=("policy.major_funds_threshold",),
    )
)


def _in_scope(reg: Registry, item: Item, setting: str) -> bool:
    """policy.principal_speaks_last / every_member_states_view: major | all | off."""
    return setting == "all" or (setting == "major" and reg.is_major(item))


def _label(reg: Registry, item: Item) -> Msg:
    if reg.is_major(item):
        return Msg(f"“三重一大”议题 {item.id}", f"major item {item.id}")
    return Msg(f"议题 {item.id}", f"item {item.id}")


@check(PC301)
def quorum(reg: Registry, ctx: Context) -> Iterator[Finding]:
    q = reg.config.policy.quorum
    for m in reg.meetings.values():
        expected = reg.expected_members(m)
        decisions = [i.id for i in m.items if decided(i)]
        if expected is None or not decisions:
            continue
        e, p = len(expected), len(reg.present_expected(m))
        if p * q.denominator >= e * q.numerator:
            continue
        share, need = fraction_name(q), at_least(e, q)
        yield PC301.finding(
            m.loc.child("attendance", "present"),
            Msg(
                f"会议 {m.id} 应到 {e} 人，实到 {p} 人，不足{share.zh}（至少 {need} 人），却对议题 "
                f"{'、'.join(decisions)} 作出了决定：到会人数不足不得研究决定事项；请核对出席名单，或另行开会决定。",
                f"meeting {m.id}: {e} expected, {p} present, less than {share.en} (at least "
                f"{need}), yet item(s) {', '.join(decisions)} were decided: without a quorum "
                "nothing may be decided; check the attendance or decide at a quorate meeting.",
            ),
            record_id=m.id,
            waivable_by=m.waivers,
        )


def _attended(m: Meeting) -> set[str]:
    """In the room: everyone listed present (members or not) and observers with an id."""
    return {pid for _, pid in m.present} | {o.person for o in m.observers if o.person}


@check(PC302)
def presenter_absent(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for m, item in each_item(reg):
        if item.presenter in _attended(m):
            continue
        name = who(reg, item.presenter)
        yield PC302.finding(
            item.loc.child("presenter"),
            Msg(
                f"议题 {item.id}“{item.title}”的汇报人（分管领导）{name}没有出席会议：分管领导必须到会介绍情况；"
                "请核对出席名单（attendance.present），或改由到会的分管领导汇报。",
                f'the presenter of item {item.id} "{item.title}", {name}, was not present: the '
                "leader in charge must attend and introduce the item; check "
                "attendance.present, or have a present leader introduce it.",
            ),
            record_id=item_id(m, item),
            waivable_by=item.waivers,
            at_value=True,
        )


@check(PC303)
def principal_speaks_last(reg: Registry, ctx: Context) -> Iterator[Finding]:
    setting = reg.config.policy.principal_speaks_last
    for m, item in each_item(reg):
        principal = reg.principal_on(m.body, m.date)
        if principal is None or not _in_scope(reg, item, setting):
            continue
        members = set(reg.expected_members(m) or [])
        for i, s in enumerate(item.statements):
            if s.person != principal:
                continue
            later = [t.person for t in item.statements[i + 1 :]]
            later = list(dict.fromkeys(p for p in later if p != principal and p in members))
            if not later:
                continue
            label, after, name = _label(reg, item), people(reg, later), who(reg, principal)
            yield PC303.finding(
                s.loc.child("person"),
                Msg(
                    f"{label.zh}：主要负责人{name}第 {i + 1} 个表态，其后 {after.zh} 又表态：主要负责人应在其他成员"
                    "充分发表意见后最后表态（末位表态）；请核对发言顺序。",
                    f"{label.en}: the principal {name} spoke as number {i + 1}, and {after.en} "
                    "spoke after: the principal states his view last, after everyone else "
                    "(末位表态); check the speaking order.",
                ),
                record_id=item_id(m, item),
                waivable_by=item.waivers,
                at_value=True,
            )
            break


@check(PC304)
def every_member_states_view(reg: Registry, ctx: Context) -> Iterator[Finding]:
    setting = reg.config.policy.every_member_states_view
    for m, item in each_item(reg):
        if not _in_scope(reg, item, setting):
            continue
        spoke = {s.person for s in item.statements}
        for pid in reg.voters_present(m, item):
            if pid in spoke:
                continue
            label, name = _label(reg, item), who(reg, pid)
            yield PC304.finding(
                item.loc.child("statements"),
                Msg(
                    f"{label.zh}：到会成员{name}没有表态：每名到会且未回避的成员都应逐个明确表态"
                    "（同意、不同意、缓议或弃权），请补记其意见。",
                    f"{label.en}: {name} was present but stated no view: every present, "
                    "non-recused member states a clear view; record it.",
                ),
                record_id=item_id(m, item),
                waivable_by=item.waivers,
            )


@check(PC309)
def major_needs_collective_vote(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for m, item in each_item(reg):
        if not (reg.is_major(item) and decided(item)):
            continue
        body, result = reg.bodies.get(m.body), RESULT[item.result]
        if body is not None and not body.decides_major:
            yield PC309.finding(
                item.loc.child("result"),
                Msg(
                    f"“三重一大”议题 {item.id} 由{body.name}（{body.id}）记为{result.zh}，但该机构不能决定重大事项"
                    "（decides_major: false）：应提交党委会等有权机构集体讨论表决，本机构只作初审。",
                    f"major item {item.id} was {result.en} by {body.name} ({body.id}), which "
                    "may not take major decisions (decides_major: false): put it to a body "
                    "that may, such as the party committee; this body only pre-reviews.",
                ),
                record_id=item_id(m, item),
                waivable_by=item.waivers,
                at_value=True,
            )
        if item.vote is None or item.vote.method == "none":
            yield PC309.finding(
                item.loc.child("vote", "method") if item.vote else item.loc.child("result"),
                Msg(
                    f"“三重一大”议题 {item.id} 没有表决就记为{result.zh}：重大事项须经集体讨论并表决；"
                    "请补记表决方式（vote.method）和表决情况。",
                    f"major item {item.id} was {result.en} without a vote: major matters are put "
                    "to a vote; record vote.method and the votes.",
                ),
                record_id=item_id(m, item),
                waivable_by=item.waivers,
                at_value=True,
            )


@check(PC310)
def major_needs_preparation(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for m, item in each_item(reg):
        if item.urgent or not (reg.is_major(item) and decided(item)):
            continue
        result = RESULT[item.result]
        if not item.research:
            yield PC310.finding(
                item.loc.child("prepared", "research"),
                Msg(
                    f"“三重一大”议题 {item.id} 未经调查研究论证（prepared.research 不是 true）就记为{result.zh}："
                    "未经调查研究论证不决策；请先调研论证再提交会议，已调研论证的写 research: true。",
                    f"major item {item.id} was {result.en} without research (prepared.research "
                    "is not true): no decision without research; research it first, or record "
                    "research: true if it was done.",
                ),
                record_id=item_id(m, item),
                waivable_by=item.waivers,
            )
        if not item.pre_review:
            yield PC310.finding(
                item.loc.child("prepared", "pre_review"),
                Msg(
                    f"“三重一大”议题 {item.id} 没有书记办公会初审（prepared.pre_review）就记为{result.zh}："
                    "议题须经书记办公会初审才能提交会议决策；请写明初审会议的编号。",
                    f"major item {item.id} was {result.en} without a pre-review "
                    "(prepared.pre_review): items are pre-reviewed by the secretary office "
                    "before a decision; write the reviewing meeting's id.",
                ),
                record_id=item_id(m, item),
                waivable_by=item.waivers,
            )


def _yuan(amount: float) -> str:
    return f"{int(amount)}" if float(amount).is_integer() else f"{amount}"


@check(PC312)
def large_funds_as_ordinary(reg: Registry, ctx: Context) -> Iterator[Finding]:
    threshold = reg.config.policy.major_funds_threshold
    for m, item in each_item(reg):
        if item.category != "ordinary" or item.amount is None or item.amount < threshold:
            continue
        amount, limit = _yuan(item.amount), _yuan(threshold)
        yield PC312.finding(
            item.loc.child("category"),
            Msg(
                f"议题 {item.id} 涉及金额 {amount} 元，达到大额资金标准（{limit} 元），却归为一般事项（ordinary）："
                "请改为 large_funds 等“三重一大”类别，按集体决策程序办理。",
                f"item {item.id} spends {amount} yuan, at or above the large-funds threshold "
                f"({limit}), yet its category is ordinary: use large_funds (or another major "
                "category) and follow the collective decision procedure.",
            ),
            record_id=item_id(m, item),
            waivable_by=item.waivers,
            at_value=True,
        )
