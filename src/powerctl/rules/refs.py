"""PC101 duplicate ids, PC102 dangling references, PC103 actors who are not members."""

from __future__ import annotations

from collections.abc import Iterator

from powerctl.findings import Finding, Loc, Severity
from powerctl.i18n import Msg
from powerctl.model.records import Meeting, Waiver
from powerctl.model.registry import Registry
from powerctl.rules.base import Context, Rule, check, declare, did_you_mean

PC101 = declare(
    Rule(
        code="PC101",
        severity=Severity.ERROR,
        summary=Msg("同类记录的 id 重复", "duplicate id within a kind"),
        what=Msg(
            "同一类记录（人员、机构、权力事项、风险点、会议、台账、意见）中 id 必须唯一；同一会议中的议题 id、"
            "同一权力事项中的流程步骤 id 也必须唯一。",
            "Ids must be unique within a kind (person, body, power, risk, meeting, ledger entry, "
            "feedback); item ids within a meeting and step ids within a power too.",
        ),
        why=Msg(
            "其他记录靠 id 引用：重复的 id 让引用指向不明，公开栏上也会出现两条互相覆盖的记录。",
            "Other records refer by id: a duplicate makes references ambiguous and the board shows "
            "two records overwriting each other.",
        ),
        bad="- id: QS-R-007\n  power: QS-DW-003\n  description: 未经集体研究确定施工单位\n"
        "- id: QS-R-007      # 与上一条重复\n  power: QS-DW-004\n  description: 化整为零规避招标",
        good="- id: QS-R-007\n  power: QS-DW-003\n  description: 未经集体研究确定施工单位\n"
        "- id: QS-R-008\n  power: QS-DW-004\n  description: 化整为零规避招标",
    )
)

PC102 = declare(
    Rule(
        code="PC102",
        severity=Severity.ERROR,
        summary=Msg("引用了不存在的 id", "reference to an id that does not exist"),
        what=Msg(
            "检查所有引用：人员、机构、权力事项、会议、议题和流程步骤的 id 都必须存在。",
            "Checks every reference: the person, body, power, meeting, item and step ids must exist.",
        ),
        why=Msg(
            "引用断了，台账就对不上决策，风险点就挂不到权力事项上，追溯链条就断了。",
            "A broken reference detaches a ledger entry from its decision or a risk from its power, "
            "and breaks the audit trail.",
        ),
        bad="chair: p-zang      # 拼写错误,应为 p-zhang",
        good="chair: p-zhang",
    )
)

PC103 = declare(
    Rule(
        code="PC103",
        severity=Severity.ERROR,
        summary=Msg(
            "会议中的行为人不是该机构当日的成员",
            "a person acts in a meeting who is not a member of the body on that date",
        ),
        what=Msg(
            "主持人、出席人、汇报人、发言人和投票人，必须是会议所属机构在会议当天的成员（应到成员）；"
            "列席人员登记了 person 的除外。",
            "The chair, those present, presenters, speakers and voters must be members of the "
            "meeting's body on the meeting date (expected members), unless their id is an "
            "observer's `person`.",
        ),
        why=Msg(
            "集体决策只能由班子成员作出：非成员参与表决或被计入出席，会使到会人数和表决结果失真。",
            "Collective decisions belong to the members: a non-member counted as present or "
            "voting distorts the quorum and the result.",
        ),
        bad="date: 2026-08-12\nattendance:\n  present: [p-zhang, p-wu]   # p-wu 已于 2026-06-30 调离",
        good="date: 2026-08-12\nattendance:\n  present: [p-zhang, p-he]",
    )
)

KIND_NAMES = {
    "person": Msg("人员", "person"),
    "body": Msg("机构", "body"),
    "power": Msg("权力事项", "power"),
    "meeting": Msg("会议", "meeting"),
    "risk": Msg("风险点", "risk"),
    "disclosure": Msg("台账条目", "ledger entry"),
    "feedback": Msg("意见", "feedback"),
    "item": Msg("议题", "item"),
    "step": Msg("流程步骤", "step"),
}


@check(PC101)
def duplicate_ids(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for kind, ids in reg.ids.items():
        for rid, locs in ids.items():
            for loc in locs[1:]:
                yield _duplicate(KIND_NAMES[kind], rid, loc, locs[0])
    for meeting in reg.meetings.values():
        yield from _duplicates_in(
            KIND_NAMES["item"], [(i.id, i.loc) for i in meeting.items], meeting.id
        )
    for power in reg.powers.values():
        yield from _duplicates_in(
            KIND_NAMES["step"], [(s.id, s.loc) for s in power.steps], power.id
        )


def _duplicates_in(kind: Msg, entries: list[tuple[str, Loc]], record_id: str) -> Iterator[Finding]:
    first: dict[str, Loc] = {}
    for rid, loc in entries:
        if rid in first:
            yield _duplicate(kind, rid, loc, first[rid], record_id)
        else:
            first[rid] = loc


def _duplicate(kind: Msg, rid: str, loc: Loc, first: Loc, record_id: str | None = None) -> Finding:
    where = first.file
    return PC101.finding(
        loc.child("id"),
        Msg(
            f"{kind.zh} id“{rid}”重复（已在 {where} 中使用）：请改用一个未用过的 id。",
            f'{kind.en} id "{rid}" is used twice (already in {where}): choose an unused id.',
        ),
        record_id=record_id or rid,
        at_value=True,
    )


Waivers = list[Waiver] | tuple[Waiver, ...]


class _Refs:
    """Collects PC102 findings for one registry; `on()` binds the record they concern."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.found: list[Finding] = []
        self.record_id = ""
        self.waivers: Waivers = ()

    def on(self, record_id: str, waivers: Waivers) -> _Refs:
        self.record_id, self.waivers = record_id, waivers
        return self

    def report(self, loc: Loc, message: Msg) -> None:
        self.found.append(
            PC102.finding(
                loc, message, record_id=self.record_id, waivable_by=self.waivers, at_value=True
            )
        )

    def need(self, kind: str, rid: object, loc: Loc, label: str) -> None:
        """`label` is "中文 english", e.g. "主持人 chair"."""
        if not isinstance(rid, str) or self.reg.may_exist(kind, rid):
            return
        name = KIND_NAMES[kind]
        hint = did_you_mean(rid, self.reg.ids.get(kind, {}))
        self.report(
            loc,
            Msg(
                f"{label} 引用了不存在的{name.zh}“{rid}”：请检查拼写，或先登记这个{name.zh}。{hint.zh}",
                f'{label.split()[-1]} refers to a {name.en} "{rid}" that does not exist: check the '
                f"spelling or add the {name.en} first.{hint.en}",
            ),
        )

    def holder(self, holder: str, loc: Loc) -> None:
        """A power's holder is a body (collective power) or a person (individual power)."""
        if self.reg.may_exist("body", holder) or self.reg.may_exist("person", holder):
            return
        known = [*self.reg.ids.get("body", {}), *self.reg.ids.get("person", {})]
        hint = did_you_mean(holder, known)
        self.report(
            loc,
            Msg(
                f"行使主体 holder 引用了不存在的机构或人员“{holder}”：集体行使填机构 id，个人行使填人员 id。{hint.zh}",
                f'holder refers to "{holder}", which is neither a body nor a person: a collective '
                f"power names a body id, an individual power a person id.{hint.en}",
            ),
        )

    def step(self, step: str, loc: Loc, step_ids: set[str]) -> None:
        if step in step_ids:
            return
        hint = did_you_mean(step, step_ids)
        self.report(
            loc,
            Msg(
                f"引用了流程图中不存在的步骤“{step}”：可用的步骤 {'、'.join(sorted(step_ids))}。{hint.zh}",
                f'refers to a flowchart step "{step}" that does not exist; steps are '
                f"{', '.join(sorted(step_ids))}.{hint.en}",
            ),
        )

    def item(self, meeting_id: str, item_id: str | None, loc: Loc) -> None:
        meeting = self.reg.meetings.get(meeting_id)
        if item_id is None or meeting is None:
            return
        items = [i.id for i in meeting.items]
        if item_id not in items:
            hint = did_you_mean(item_id, items)
            self.report(
                loc,
                Msg(
                    f"会议 {meeting_id} 中没有议题“{item_id}”（议题有：{'、'.join(items)}）。{hint.zh}",
                    f'meeting {meeting_id} has no item "{item_id}" (its items: {", ".join(items)}).{hint.en}',
                ),
            )


@check(PC102)
def dangling_references(reg: Registry, ctx: Context) -> Iterator[Finding]:
    refs = _Refs(reg)
    for body in reg.bodies.values():
        for m in body.memberships:
            refs.on(body.id, [*m.waivers, *body.waivers])
            refs.need("person", m.person, m.loc.child("person"), "成员 person")
    for power in reg.powers.values():
        refs.on(power.id, power.waivers).holder(power.holder, power.loc.child("holder"))
        step_ids = {s.id for s in power.steps}
        for sup in power.supervision:
            refs.step(sup.step, sup.loc.child("step"), step_ids)
    for risk in reg.risks:
        refs.on(risk.id, risk.waivers)
        refs.need("power", risk.power, risk.loc.child("power"), "权力事项 power")
        risk_power = reg.powers.get(risk.power)
        if risk_power is not None and risk.step is not None:
            refs.step(risk.step, risk.loc.child("step"), {s.id for s in risk_power.steps})
        for c in risk.controls:
            refs.need("person", c.owner, c.loc.child("owner"), "责任人 owner")
    for meeting in reg.meetings.values():
        _meeting_refs(refs, meeting)
    for d in reg.disclosures:
        refs.on(d.id, d.waivers)
        if d.subject_meeting is not None:
            refs.need(
                "meeting",
                d.subject_meeting,
                d.loc.child("subject", "meeting"),
                "公开事项 subject.meeting",
            )
            refs.item(d.subject_meeting, d.subject_item, d.loc.child("subject", "item"))
        refs.need(
            "power", d.subject_power, d.loc.child("subject", "power"), "公开事项 subject.power"
        )
        refs.need("meeting", d.reviewed_at, d.loc.child("reviewed_at"), "审定会议 reviewed_at")
        refs.need("person", d.signed_by, d.loc.child("signed_by"), "审签人 signed_by")
    for f in reg.feedback:
        refs.on(f.id, f.waivers)
        refs.need("power", f.about_power, f.loc.child("about", "power"), "反映事项 about.power")
        if f.about_meeting is not None:
            refs.need(
                "meeting",
                f.about_meeting,
                f.loc.child("about", "meeting"),
                "反映事项 about.meeting",
            )
            refs.item(f.about_meeting, f.about_item, f.loc.child("about", "item"))
        refs.need("person", f.handler, f.loc.child("handler"), "承办人 handler")
    for waiver, record_id in _all_waivers(reg):
        if waiver.valid:
            refs.on(record_id, ()).need(
                "person", waiver.approved_by, waiver.loc.child("approved_by"), "批准人 approved_by"
            )
    yield from refs.found


def _meeting_refs(refs: _Refs, m: Meeting) -> None:
    refs.on(m.id, m.waivers)
    refs.need("body", m.body, m.loc.child("body"), "会议机构 body")
    refs.need("person", m.chair, m.loc.child("chair"), "主持人 chair")
    refs.need("person", m.recorder, m.loc.child("recorder"), "记录人 recorder")
    for loc, pid in m.present:
        refs.need("person", pid, loc, "出席 present")
    for loc, pid in m.expected_override or []:
        refs.need("person", pid, loc, "应到 expected")
    for a in m.absent:
        refs.need("person", a.person, a.loc.child("person"), "缺席 absent")
    for o in m.observers:
        refs.need("person", o.person, o.loc.child("person"), "列席 observers")
    for item in m.items:
        refs.on(f"{m.id}#{item.id}", item.waivers)
        refs.need("power", item.power, item.loc.child("power"), "权力事项 power")
        refs.need("person", item.presenter, item.loc.child("presenter"), "汇报人 presenter")
        refs.need(
            "person",
            item.proposed_by,
            item.loc.child("prepared", "proposed_by"),
            "提议人 proposed_by",
        )
        refs.need(
            "meeting",
            item.pre_review,
            item.loc.child("prepared", "pre_review"),
            "初审会议 pre_review",
        )
        for r in item.recusals:
            refs.need("person", r.person, r.loc.child("person"), "回避 recusals")
        for s in item.statements:
            refs.need("person", s.person, s.loc.child("person"), "发言 statements")
        for b in (item.vote.ballots or []) if item.vote else []:
            refs.need("person", b.person, b.loc.child("person"), "选票 ballots")


def _all_waivers(reg: Registry) -> Iterator[tuple[Waiver, str]]:
    for body in reg.bodies.values():
        yield from ((w, body.id) for w in body.waivers)
        for m in body.memberships:
            yield from ((w, body.id) for w in m.waivers)
    for power in reg.powers.values():
        yield from ((w, power.id) for w in power.waivers)
    for risk in reg.risks:
        yield from ((w, risk.id) for w in risk.waivers)
    for meeting in reg.meetings.values():
        yield from ((w, meeting.id) for w in meeting.waivers)
        for item in meeting.items:
            yield from ((w, f"{meeting.id}#{item.id}") for w in item.waivers)
    for d in reg.disclosures:
        yield from ((w, d.id) for w in d.waivers)
    for f in reg.feedback:
        yield from ((w, f.id) for w in f.waivers)


all_waivers = _all_waivers


def _not_member(
    reg: Registry,
    m: Meeting,
    pid: str,
    loc: Loc,
    role: Msg,
    record_id: str,
    waivable: list[Waiver],
) -> Finding:
    body = reg.bodies.get(m.body)
    body_name = body.name if body else m.body
    name = reg.people[pid].name if pid in reg.people else pid
    if m.expected_override is not None:
        return PC103.finding(
            loc,
            Msg(
                f"{role.zh}“{pid}”（{name}）不在本次会议的应到名单（attendance.expected）中："
                "请把此人加入应到名单，或登记为列席人员（attendance.observers）。",
                f'{role.en} "{pid}" ({name}) is not on this meeting\'s expected list '
                "(attendance.expected): add the person there, or list them as an observer.",
            ),
            record_id=record_id,
            waivable_by=waivable,
            at_value=True,
        )
    return PC103.finding(
        loc,
        Msg(
            f"{role.zh}“{pid}”（{name}）不是{body_name}在 {m.date} 的成员（应到成员）："
            "请核对任职起止日期（org/bodies.yaml），或把此人登记为列席人员（attendance.observers）。",
            f'{role.en} "{pid}" ({name}) is not a member of {body_name} on {m.date} (not '
            "expected): check the membership dates in org/bodies.yaml, or list the person "
            "as an observer (attendance.observers).",
        ),
        record_id=record_id,
        waivable_by=waivable,
        at_value=True,
    )


def _meeting_actors(m: Meeting) -> Iterator[tuple[str, Loc, Msg, str, list[Waiver]]]:
    """Everyone who acts in a meeting: (person, where, role, record id, waivers that apply)."""
    yield m.chair, m.loc.child("chair"), Msg("主持人", "chair"), m.id, m.waivers
    for loc, pid in m.present:
        yield pid, loc, Msg("出席人", "present person"), m.id, m.waivers
    for item in m.items:
        rid = f"{m.id}#{item.id}"
        yield (
            item.presenter,
            item.loc.child("presenter"),
            Msg("汇报人", "presenter"),
            rid,
            item.waivers,
        )
        for s in item.statements:
            yield s.person, s.loc.child("person"), Msg("发言人", "speaker"), rid, item.waivers
        for b in (item.vote.ballots or []) if item.vote else []:
            yield b.person, b.loc.child("person"), Msg("投票人", "voter"), rid, item.waivers


@check(PC103)
def actors_not_members(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for m in reg.meetings.values():
        expected = reg.expected_members(m)
        if expected is None:
            continue  # unknown body: PC102 says so
        allowed = set(expected) | {o.person for o in m.observers if o.person}
        for pid, loc, role, record_id, waivable in _meeting_actors(m):
            if pid not in allowed and reg.exists("person", pid):
                yield _not_member(reg, m, pid, loc, role, record_id, waivable)
