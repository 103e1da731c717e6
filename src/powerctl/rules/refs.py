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
            "同一类记录(人员、机构、权力事项、风险点、会议、台账、意见)中 id 必须唯一;同一会议中的议题 id、"
            "同一权力事项中的流程步骤 id 也必须唯一。",
            "Ids must be unique within a kind (person, body, power, risk, meeting, ledger entry, "
            "feedback); item ids within a meeting and step ids within a power too.",
        ),
        why=Msg(
            "其他记录靠 id 引用:重复的 id 让引用指向不明,公开栏上也会出现两条互相覆盖的记录。",
            "Other records refer by id: a duplicate makes references ambiguous and the board shows "
            "two records overwriting each other.",
        ),
        bad="- id: QS-R-007\n  power: QS-DW-003\n  ...\n- id: QS-R-007      # 与上一条重复\n  power: QS-DW-004",
        good="- id: QS-R-007\n  power: QS-DW-003\n  ...\n- id: QS-R-008\n  power: QS-DW-004",
    )
)

PC102 = declare(
    Rule(
        code="PC102",
        severity=Severity.ERROR,
        summary=Msg("引用了不存在的 id", "reference to an id that does not exist"),
        what=Msg(
            "检查所有引用:人员、机构、权力事项、会议、议题和流程步骤的 id 都必须存在。",
            "Checks every reference: the person, body, power, meeting, item and step ids must exist.",
        ),
        why=Msg(
            "引用断了,台账就对不上决策,风险点就挂不到权力事项上,追溯链条就断了。",
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
            "主持人、出席人、汇报人、发言人和投票人,必须是会议所属机构在会议当天的成员(应到成员);"
            "列席人员登记了 person 的除外。",
            "The chair, those present, presenters, speakers and voters must be members of the "
            "meeting's body on the meeting date (expected members), unless their id is an "
            "observer's `person`.",
        ),
        why=Msg(
            "集体决策只能由班子成员作出:非成员参与表决或被计入出席,会使到会人数和表决结果失真。",
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
            f"{kind.zh} id“{rid}”重复(已在 {where} 中使用):请改用一个未用过的 id。",
            f'{kind.en} id "{rid}" is used twice (already in {where}): choose an unused id.',
        ),
        record_id=record_id or rid,
        at_value=True,
    )


class _Refs:
    """Collects PC102 findings for one registry."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.found: list[Finding] = []

    def need(
        self,
        kind: str,
        rid: object,
        loc: Loc,
        field_zh: str,
        record_id: str,
        waivable_by: list[Waiver] | tuple[()] = (),
    ) -> None:
        if not isinstance(rid, str) or self.reg.may_exist(kind, rid):
            return
        name = KIND_NAMES[kind]
        hint = did_you_mean(rid, self.reg.ids.get(kind, {}))
        self.found.append(
            PC102.finding(
                loc,
                Msg(
                    f"{field_zh}引用了不存在的{name.zh}“{rid}”:请检查拼写,或先登记这个{name.zh}。{hint.zh}",
                    f'{field_zh.split()[-1]} refers to a {name.en} "{rid}" that does not exist: check the '
                    f"spelling or add the {name.en} first.{hint.en}",
                ),
                record_id=record_id,
                waivable_by=waivable_by,
                at_value=True,
            )
        )


@check(PC102)
def dangling_references(reg: Registry, ctx: Context) -> Iterator[Finding]:
    refs = _Refs(reg)
    for body in reg.bodies.values():
        for m in body.memberships:
            refs.need("person", m.person, m.loc.child("person"), "成员 person", body.id)
    for power in reg.powers.values():
        if not (reg.may_exist("body", power.holder) or reg.may_exist("person", power.holder)):
            refs.need("body", power.holder, power.loc.child("holder"), "行使主体 holder", power.id)
        step_ids = {s.id for s in power.steps}
        for sup in power.supervision:
            if sup.step not in step_ids:
                _missing_step(refs, sup.step, sup.loc.child("step"), power.id, step_ids)
    for risk in reg.risks:
        refs.need("power", risk.power, risk.loc.child("power"), "权力事项 power", risk.id)
        risk_power = reg.powers.get(risk.power)
        if risk_power is not None and risk.step is not None:
            step_ids = {s.id for s in risk_power.steps}
            if risk.step not in step_ids:
                _missing_step(refs, risk.step, risk.loc.child("step"), risk.id, step_ids)
        for c in risk.controls:
            refs.need("person", c.owner, c.loc.child("owner"), "责任人 owner", risk.id)
    for meeting in reg.meetings.values():
        _meeting_refs(refs, meeting)
    for d in reg.disclosures:
        if d.subject_meeting is not None:
            refs.need(
                "meeting",
                d.subject_meeting,
                d.loc.child("subject", "meeting"),
                "公开事项 subject.meeting",
                d.id,
            )
            _item_ref(refs, d.subject_meeting, d.subject_item, d.loc.child("subject", "item"), d.id)
        refs.need(
            "power",
            d.subject_power,
            d.loc.child("subject", "power"),
            "公开事项 subject.power",
            d.id,
        )
        refs.need(
            "meeting", d.reviewed_at, d.loc.child("reviewed_at"), "审定会议 reviewed_at", d.id
        )
        refs.need("person", d.signed_by, d.loc.child("signed_by"), "审签人 signed_by", d.id)
    for f in reg.feedback:
        refs.need(
            "power", f.about_power, f.loc.child("about", "power"), "反映事项 about.power", f.id
        )
        if f.about_meeting is not None:
            refs.need(
                "meeting",
                f.about_meeting,
                f.loc.child("about", "meeting"),
                "反映事项 about.meeting",
                f.id,
            )
            _item_ref(refs, f.about_meeting, f.about_item, f.loc.child("about", "item"), f.id)
        refs.need("person", f.handler, f.loc.child("handler"), "承办人 handler", f.id)
    for waiver, record_id in _all_waivers(reg):
        if waiver.valid:
            refs.need(
                "person",
                waiver.approved_by,
                waiver.loc.child("approved_by"),
                "批准人 approved_by",
                record_id,
            )
    yield from refs.found


def _missing_step(refs: _Refs, step: str, loc: Loc, record_id: str, step_ids: set[str]) -> None:
    hint = did_you_mean(step, step_ids)
    refs.found.append(
        PC102.finding(
            loc,
            Msg(
                f"引用了流程图中不存在的步骤“{step}”:可用的步骤 {'、'.join(sorted(step_ids))}。{hint.zh}",
                f'refers to a flowchart step "{step}" that does not exist; steps are '
                f"{', '.join(sorted(step_ids))}.{hint.en}",
            ),
            record_id=record_id,
            at_value=True,
        )
    )


def _item_ref(refs: _Refs, meeting_id: str, item_id: str | None, loc: Loc, record_id: str) -> None:
    meeting = refs.reg.meetings.get(meeting_id)
    if item_id is None or meeting is None:
        return
    items = [i.id for i in meeting.items]
    if item_id not in items:
        hint = did_you_mean(item_id, items)
        refs.found.append(
            PC102.finding(
                loc,
                Msg(
                    f"会议 {meeting_id} 中没有议题“{item_id}”(议题有:{'、'.join(items)})。{hint.zh}",
                    f'meeting {meeting_id} has no item "{item_id}" (its items: {", ".join(items)}).{hint.en}',
                ),
                record_id=record_id,
                at_value=True,
            )
        )


def _meeting_refs(refs: _Refs, m: Meeting) -> None:
    need = refs.need
    need("body", m.body, m.loc.child("body"), "会议机构 body", m.id)
    need("person", m.chair, m.loc.child("chair"), "主持人 chair", m.id)
    need("person", m.recorder, m.loc.child("recorder"), "记录人 recorder", m.id)
    for loc, pid in m.present:
        need("person", pid, loc, "出席 present", m.id)
    for loc, pid in m.expected_override or []:
        need("person", pid, loc, "应到 expected", m.id)
    for a in m.absent:
        need("person", a.person, a.loc.child("person"), "缺席 absent", m.id)
    for o in m.observers:
        need("person", o.person, o.loc.child("person"), "列席 observers", m.id)
    for item in m.items:
        rid = f"{m.id}#{item.id}"
        need("power", item.power, item.loc.child("power"), "权力事项 power", rid)
        need("person", item.presenter, item.loc.child("presenter"), "汇报人 presenter", rid)
        need(
            "person",
            item.proposed_by,
            item.loc.child("prepared", "proposed_by"),
            "提议人 proposed_by",
            rid,
        )
        need(
            "meeting",
            item.pre_review,
            item.loc.child("prepared", "pre_review"),
            "初审会议 pre_review",
            rid,
        )
        for r in item.recusals:
            need("person", r.person, r.loc.child("person"), "回避 recusals", rid)
        for s in item.statements:
            need("person", s.person, s.loc.child("person"), "发言 statements", rid)
        for b in (item.vote.ballots or []) if item.vote else []:
            need("person", b.person, b.loc.child("person"), "选票 ballots", rid)


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
    return PC103.finding(
        loc,
        Msg(
            f"{role.zh}“{pid}”({name})不是{body_name}在 {m.date} 的成员(应到成员):"
            "请核对任职起止日期(org/bodies.yaml),或把此人登记为列席人员(attendance.observers)。",
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
