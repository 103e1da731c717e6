"""PC501-PC507: disclosure (党务公开) and feedback.

Source: the seed implementation opinion on 党务公开 (003): every disclosure goes 拟定公开内容 ->
党组织审定 -> 第一责任人审签 -> 公开; every even month's 26th is the 党务公开日 (moved to the next
working day on holidays); 任前公示 and other dynamic matters are disclosed at once; feedback from
the 意见箱 and 接待电话 is answered. Deadlines count working days (rules.md, calendar.py)."""

from __future__ import annotations

import calendar as monthcal
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from powerctl.calendar import WorkCalendar
from powerctl.findings import Finding, Severity
from powerctl.i18n import Msg
from powerctl.model.records import (
    SECRECY_ORDER,
    Disclosure,
    Feedback,
    Item,
    Meeting,
    Policy,
)
from powerctl.model.registry import Registry
from powerctl.rules._pii import personal_data_leaks
from powerctl.rules.base import Context, Rule, check, declare

PC501 = declare(
    Rule(
        code="PC501",
        severity=Severity.ERROR,
        summary=Msg("应公开的决策没有按时公开", "a public decision was not disclosed in time"),
        what=Msg(
            "议题已作出决定（passed/rejected）且本身的 disclosure.scope 为 public 时，公开台账中必须有以该议题为"
            "对象(subject: {meeting, item})、在会议日后 disclosure_deadline_workdays 个工作日内(含最后一天)"
            "发布的条目。期限未过（按 --today）时不报。",
            "A decided item (passed/rejected) whose own `disclosure.scope` is public needs a ledger "
            "entry with that item as its `subject`, published within disclosure_deadline_workdays "
            "working days after the meeting (the last day included). Not reported while the "
            "deadline (as of --today) has not passed.",
        ),
        why=Msg(
            "党务公开实施意见：对“三重一大”等重大事项决策实行决策公开、结果公开，动态性工作即时公开；"
            "公开的时限应与公开的内容相适应。决定了却迟迟不公开，群众就无从监督。",
            "The 党务公开 implementation opinion requires decisions on major matters to be "
            "disclosed (决策公开、结果公开), promptly for dynamic matters; a decision that is "
            "never published cannot be supervised.",
        ),
        bad="# 会议 2026-03-12 通过，议题 disclosure: {scope: public}，台账中没有对应条目",
        good='- id: QS-D-2026-031\n  subject: {meeting: QS-M-2026-07, item: "1"}\n  published_on: 2026-03-16',
        config=("policy.disclosure_deadline_workdays", "calendar.holidays", "calendar.workdays"),
    )
)

PC502 = declare(
    Rule(
        code="PC502",
        severity=Severity.ERROR,
        summary=Msg(
            "台账条目未经审定或审签就发布", "a ledger entry published without review or sign-off"
        ),
        what=Msg(
            "已发布（有 published_on）的台账条目必须写明党组织审定的会议（reviewed_at）和第一责任人审签人"
            "（signed_by）；缺哪一项报哪一项。",
            "A published ledger entry (with `published_on`) must name the meeting that reviewed it "
            "(`reviewed_at`) and the person who signed it off (`signed_by`); one finding per "
            "missing field.",
        ),
        why=Msg(
            "党务公开实施意见：每次公开必须严格按照“拟定公开内容—党组织审定—第一责任人（审批人）审签—"
            "向党员（群众）公开”程序实施。",
            "The implementation opinion: every disclosure follows 拟定公开内容 (draft) - 党组织审定 "
            "(review by the Party organisation) - 第一责任人审签 (sign-off by the person in "
            "charge) - 公开 (publish).",
        ),
        bad="- id: QS-D-2026-031\n  published_on: 2026-03-16     # 没有 reviewed_at、signed_by",
        good="- id: QS-D-2026-031\n  reviewed_at: QS-M-2026-08\n  signed_by: p-zhang\n  published_on: 2026-03-16",
    )
)

PC503 = declare(
    Rule(
        code="PC503",
        severity=Severity.ERROR,
        summary=Msg("任前公示期不足", "pre-appointment notice period too short"),
        what=Msg(
            "kind: pre_appointment 的已发布条目，公示期（published_on 至 period_end，两端都算）的工作日数"
            "不得少于 pre_appointment_notice_workdays;没有 period_end 也报。",
            "A published `kind: pre_appointment` entry's notice period (published_on to "
            "period_end, both ends included) must last at least pre_appointment_notice_workdays "
            "working days; an entry without `period_end` is reported too.",
        ),
        why=Msg(
            "任前公示是即时公开的法定内容（党政领导干部选拔任用工作条例：公示期不少于五个工作日），"
            "公示期不足，群众来不及反映问题。",
            "The pre-appointment notice (任前公示) must run at least five working days (cadre "
            "selection and appointment regulation); a shorter notice leaves no time for objections.",
        ),
        bad="kind: pre_appointment\npublished_on: 2026-03-16\nperiod_end: 2026-03-18",
        good="kind: pre_appointment\npublished_on: 2026-03-16\nperiod_end: 2026-03-20",
        config=("policy.pre_appointment_notice_workdays", "calendar.holidays", "calendar.workdays"),
    )
)

PC504 = declare(
    Rule(
        code="PC504",
        severity=Severity.ERROR,
        summary=Msg(
            "公开条目指向非公开记录（泄密）", "a public ledger entry discloses a non-public record"
        ),
        what=Msg(
            "scope: public 的台账条目，其 subject 指向的会议、议题或权力事项的密级必须是 public"
            "（议题的密级继承会议）。",
            "A `scope: public` ledger entry's `subject` (meeting, item or power) must itself be "
            "public (an item inherits its meeting's secrecy).",
        ),
        why=Msg(
            "党务公开的范围以“不涉及党内和国家秘密”为前提；把党内或内部事项向社会公开就是泄密。",
            "党务公开 covers what involves no Party or state secret; publishing a Party-internal "
            "or internal matter to the public is a leak.",
        ),
        bad='- subject: {meeting: QS-M-2026-07, item: "2"}   # 议题 secrecy: internal\n  scope: public',
        good='- subject: {meeting: QS-M-2026-07, item: "2"}\n  scope: party',
    )
)

PC505 = declare(
    Rule(
        code="PC505",
        severity=Severity.ERROR,
        summary=Msg("定期公开日未公开", "a periodic disclosure day passed without an entry"),
        what=Msg(
            "每个定期公开日（periodic_disclosure 的 months 各月的 day 日，超过月末取月末，遇非工作日顺延到下一个"
            "工作日）过后，必须有 kind: periodic、subject: {period: YYYY-MM} 且在当天或之前发布的条目。"
            "早于 periodic_disclosure.since（默认最早一次会议的日期）的公开日不算。",
            "After each periodic disclosure day (day `day` of each month in `months`, the month's "
            "last day when shorter, moved to the next working day) there must be a `kind: "
            "periodic` entry with `subject: {period: YYYY-MM}` published on or before it. Days "
            "before periodic_disclosure.since (default: the earliest meeting date) do not count.",
        ),
        why=Msg(
            "党务公开实施意见：每双月26日（遇节假日则顺延到下一个工作日）为党务公开日，对常规性工作实行定期公开。",
            "The implementation opinion: the 26th of every even month (moved to the next working "
            "day on holidays) is the 党务公开日, the day routine work is disclosed.",
        ),
        bad="# 2026-04-26 是星期日，顺延到 2026-04-27；台账中 2026-04 期迟至 2026-04-28 才发布",
        good='- kind: periodic\n  subject: {period: "2026-04"}\n  published_on: 2026-04-27',
        config=("policy.periodic_disclosure", "calendar.holidays", "calendar.workdays"),
    )
)

PC506 = declare(
    Rule(
        code="PC506",
        severity=Severity.WARNING,
        summary=Msg("群众意见答复超期", "feedback answered late or still unanswered"),
        what=Msg(
            "群众意见应在收到(received_on)后 feedback_response_workdays 个工作日内答复:answered_on 晚于期限,"
            "或期限已过（按 --today）仍没有 answered_on，都报。",
            "Feedback is answered within feedback_response_workdays working days after "
            "`received_on`: reported when `answered_on` is later, or when the deadline has passed "
            "(as of --today) and there is no `answered_on`.",
        ),
        why=Msg(
            "党务公开实施意见：设置意见箱和接待电话，认真收集党员群众的意见建议，及时作出处理或整改，并将结果反馈。",
            "The implementation opinion: collect opinions through the mailbox and the reception "
            "phone, deal with them promptly and report the result back.",
        ),
        bad="received_on: 2026-04-02\nanswered_on: 2026-05-06",
        good="received_on: 2026-04-02\nanswered_on: 2026-04-10",
        config=("policy.feedback_response_workdays", "calendar.holidays", "calendar.workdays"),
    )
)

PC507 = declare(
    Rule(
        code="PC507",
        severity=Severity.ERROR,
        summary=Msg("公开内容含身份证号或手机号", "ID or mobile number in public content"),
        what=Msg(
            "公开的权力事项、公开的会议及其公开议题、公开的台账条目、公开的群众意见和所有风险点的任何文字中，"
            "不得出现居民身份证号（18位，校验码正确）或手机号；org/people.yaml 中 publish_phone: true 的"
            "人员本人的 phone 除外。提示中号码打码显示。",
            "No string of a public power, a public meeting or its public items, a public ledger "
            "entry, public feedback or any risk may contain a mainland ID number (18 characters, "
            "valid check digit) or a mobile number, except the `phone` of a person with "
            "`publish_phone: true`. Messages show the number masked.",
        ),
        why=Msg(
            "公开栏和网站面向社会；个人信息保护法要求处理身份证号等敏感个人信息须有特定目的和单独同意。"
            "种子材料只公开领导干部本人同意公开的联系电话。",
            "Boards and websites are public; the Personal Information Protection Law treats ID "
            "numbers as sensitive personal information. The seeds publish only leaders' own phone "
            "numbers, by consent.",
        ),
        bad="summary: 反映人王某（电话13912345678）称施工扰民",
        good="summary: 反映人王某称施工扰民   # 联系方式记在内部材料中",
    )
)


# --- timing helpers (also used by `powerctl due`) ------------------------------------------


def is_published(entry: Disclosure, by: dt.date | None = None) -> bool:
    """Published (on or before `by`, when given); an entry withdrawn before it was published never was."""
    pub = entry.published_on
    if pub is None or (by is not None and pub > by):
        return False
    return entry.withdrawn_on is None or entry.withdrawn_on >= pub


def item_label(m: Meeting, item: Item) -> Msg:
    return Msg(
        f"会议 {m.id} 议题 {item.id}“{item.title}”",
        f'item {item.id} of meeting {m.id} ("{item.title}")',
    )


def public_decisions(reg: Registry) -> Iterator[tuple[Meeting, Item]]:
    """Decided items whose own disclosure.scope is public (rules.md: nothing inherited)."""
    for m in reg.meetings.values():
        for item in m.items:
            if item.result in ("passed", "rejected") and item.disclosure_scope == "public":
                yield m, item


def entries_by_item(reg: Registry) -> dict[tuple[str, str], list[Disclosure]]:
    out: dict[tuple[str, str], list[Disclosure]] = defaultdict(list)
    for entry in reg.disclosures:
        if entry.subject_meeting and entry.subject_item:
            out[(entry.subject_meeting, entry.subject_item)].append(entry)
    return out


def entries_by_period(reg: Registry) -> dict[str, list[Disclosure]]:
    out: dict[str, list[Disclosure]] = defaultdict(list)
    for entry in reg.disclosures:
        if entry.kind == "periodic" and entry.subject_period:
            out[entry.subject_period].append(entry)
    return out


def disclosure_deadline(reg: Registry, cal: WorkCalendar, m: Meeting) -> dt.date:
    return cal.add_workdays(m.date, reg.config.policy.disclosure_deadline_workdays)


def feedback_deadline(reg: Registry, cal: WorkCalendar, fb: Feedback) -> dt.date:
    return cal.add_workdays(fb.received_on, reg.config.policy.feedback_response_workdays)


def periodic_since(reg: Registry) -> dt.date | None:
    since = reg.config.policy.periodic_disclosure.since
    if since is None and reg.meetings:
        since = min(m.date for m in reg.meetings.values())
    return since


@dataclass(frozen=True, slots=True)
class PeriodicDay:
    period: str  # YYYY-MM
    nominal: dt.date  # the configured day, clamped to the month's end
    day: dt.date  # moved to a working day


def periodic_days(
    policy: Policy, cal: WorkCalendar, first_year: int, last_year: int
) -> Iterator[PeriodicDay]:
    """The 党务公开日 of the years given (within 1..9999: callers ask for a year around a date),
    in order."""
    periodic = policy.periodic_disclosure
    months = sorted({m for m in periodic.months if 1 <= m <= 12})
    for year in range(max(first_year, dt.MINYEAR), min(last_year, dt.MAXYEAR) + 1):
        for month in months:
            last = monthcal.monthrange(year, month)[1]
            nominal = dt.date(year, month, min(max(periodic.day, 1), last))
            yield PeriodicDay(f"{year:04d}-{month:02d}", nominal, cal.next_workday(nominal))


def minimal_notice_end(cal: WorkCalendar, published_on: dt.date, days: int) -> dt.date:
    """The earliest period_end giving `days` working days counted from `published_on`."""
    if days <= 0:
        return published_on
    if cal.is_workday(published_on):
        return cal.add_workdays(published_on, days - 1)
    return cal.add_workdays(published_on, days)


def _late(entries: list[Disclosure]) -> Msg:
    late = sorted(
        (e for e in entries if is_published(e)), key=lambda e: e.published_on or dt.date.min
    )
    if not late:
        return Msg("", "")
    first = late[0]
    return Msg(
        f"（条目 {first.id} 迟至 {first.published_on} 才发布）",
        f" (entry {first.id} was published only on {first.published_on})",
    )


# --- checks ------------------------------------------------------------------------------------


@check(PC501)
def public_decisions_disclosed(reg: Registry, ctx: Context) -> Iterator[Finding]:
    by_item = entries_by_item(reg)
    days = reg.config.policy.disclosure_deadline_workdays
    for m, item in public_decisions(reg):
        deadline = disclosure_deadline(reg, ctx.calendar, m)
        if deadline >= ctx.today:
            continue
        entries = by_item.get((m.id, item.id), [])
        if any(is_published(e, by=deadline) for e in entries):
            continue
        late = _late(entries)
        label = item_label(m, item)
        missing = Msg(
            f"没有按时发布的条目{late.zh}" if late.zh else "没有以它为对象的已发布条目",
            f"has no entry for it published in time{late.en}",
        )
        yield PC501.finding(
            item.loc.child("disclosure"),
            Msg(
                f"{label.zh}已于 {m.date} 作出决定，公开范围为 public，应在会后 {days} 个工作日内即 "
                f"{deadline}（含当日）前公开，但台账中{missing.zh}：请在 disclosures/ 登记 subject: "
                f'{{meeting: {m.id}, item: "{item.id}"}} 的条目并写明 published_on；确属逾期的，'
                "在议题上登记豁免并写明原因。",
                f"{label.en} was decided on {m.date} with disclosure scope public and had to be "
                f"published within {days} working days, by {deadline} (inclusive), but the ledger "
                f"{missing.en}: add an entry with subject: "
                f'{{meeting: {m.id}, item: "{item.id}"}} and its published_on; if it really was '
                "late, record a waiver on the item with the reason.",
            ),
            record_id=f"{m.id}#{item.id}",
            waivable_by=item.waivers,
        )


# 党组织审定 and 第一责任人审签, the two steps between drafting and publishing
_PROCEDURE = (
    ("reviewed_at", Msg("党组织审定的会议编号", "the meeting that reviewed it")),
    ("signed_by", Msg("第一责任人审签人", "the person in charge who signed it off")),
)


@check(PC502)
def published_without_procedure(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for entry in reg.disclosures:
        if entry.published_on is None:
            continue
        for key, meaning in _PROCEDURE:
            if getattr(entry, key):
                continue
            yield PC502.finding(
                entry.loc.child("published_on"),
                Msg(
                    f"台账条目 {entry.id} 已于 {entry.published_on} 发布，但没有 {key}（{meaning.zh}）："
                    f"公开须经“拟定—审定—审签—公开”程序，请补写 {key}。",
                    f"ledger entry {entry.id} was published on {entry.published_on} without "
                    f"`{key}` ({meaning.en}): a disclosure goes draft - review - sign-off - "
                    f"publish; add `{key}`.",
                ),
                record_id=entry.id,
                waivable_by=entry.waivers,
            )


@check(PC503)
def pre_appointment_period(reg: Registry, ctx: Context) -> Iterator[Finding]:
    needed = reg.config.policy.pre_appointment_notice_workdays
    for entry in reg.disclosures:
        if entry.kind != "pre_appointment" or entry.published_on is None:
            continue
        earliest = minimal_notice_end(ctx.calendar, entry.published_on, needed)
        if entry.period_end is None:
            yield PC503.finding(
                entry.loc.child("published_on"),
                Msg(
                    f"任前公示 {entry.id} 没有写公示期截止日期 period_end，无法确认公示期不少于 {needed} 个"
                    f"工作日：请写明 period_end（自 {entry.published_on} 起至少到 {earliest}）。",
                    f"pre-appointment notice {entry.id} has no `period_end`, so its period cannot "
                    f"be shown to last {needed} working days: add period_end (from "
                    f"{entry.published_on}, at least {earliest}).",
                ),
                record_id=entry.id,
                waivable_by=entry.waivers,
            )
            continue
        length = ctx.calendar.workdays_between(entry.published_on, entry.period_end)
        if length < needed:
            yield PC503.finding(
                entry.loc.child("period_end"),
                Msg(
                    f"任前公示 {entry.id} 的公示期 {entry.published_on} 至 {entry.period_end} 只有 "
                    f"{length} 个工作日，少于 {needed} 个工作日：公示期至少应到 {earliest}。",
                    f"pre-appointment notice {entry.id} runs {entry.published_on} to "
                    f"{entry.period_end}, only {length} working days, fewer than {needed}: the "
                    f"period must last at least until {earliest}.",
                ),
                record_id=entry.id,
                waivable_by=entry.waivers,
                at_value=True,
            )


_SECRECY_ZH = {"party": "党内", "internal": "内部", "confidential": "秘密"}


def _subject_secrecy(reg: Registry, entry: Disclosure) -> tuple[Msg, str] | None:
    """(what the subject is, its secrecy) when the entry names a meeting, item or power we know."""
    if entry.subject_meeting is not None:
        m = reg.meetings.get(entry.subject_meeting)
        if m is None:
            return None
        if entry.subject_item is None:
            return Msg(f"会议 {m.id}", f"meeting {m.id}"), m.secrecy
        item = next((i for i in m.items if i.id == entry.subject_item), None)
        if item is None:
            return None
        # an item may only be stricter than its meeting: the stricter of the two decides
        level = max(item.secrecy, m.secrecy, key=lambda s: SECRECY_ORDER.get(s, 3))
        return item_label(m, item), level
    if entry.subject_power is not None:
        power = reg.powers.get(entry.subject_power)
        if power is None:
            return None
        return Msg(f"权力事项 {power.id}", f"power {power.id}"), power.secrecy
    return None


@check(PC504)
def public_entry_leaks(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for entry in reg.disclosures:
        if entry.scope != "public":
            continue
        subject = _subject_secrecy(reg, entry)
        if subject is None or subject[1] == "public":
            continue
        what, level = subject
        name = _SECRECY_ZH.get(level, level)
        yield PC504.finding(
            entry.loc.child("subject"),
            Msg(
                f"台账条目 {entry.id} 向社会公开（scope: public），但它公开的{what.zh} 密级为 {level}"
                f"（{name}），不得向社会公开：请把条目的 scope 改为 party 或 internal；"
                "如该记录确可公开，先修改其 secrecy。",
                f"ledger entry {entry.id} is public (scope: public) but its subject, {what.en}, is "
                f"{level} and must not be published: set the entry's scope to party "
                "or internal; if the record may be public after all, change its secrecy first.",
            ),
            record_id=entry.id,
            waivable_by=entry.waivers,
        )


@check(PC505)
def periodic_disclosure_days(reg: Registry, ctx: Context) -> Iterator[Finding]:
    since = periodic_since(reg)
    if since is None:
        return
    policy = reg.config.policy
    by_period = entries_by_period(reg)
    where = reg.config.loc.child("policy", "periodic_disclosure")
    for pd in periodic_days(policy, ctx.calendar, since.year, ctx.today.year):
        if pd.nominal < since or pd.day >= ctx.today:
            continue
        entries = by_period.get(pd.period, [])
        if any(is_published(e, by=pd.day) for e in entries):
            continue
        late = _late(entries)
        moved = Msg(
            f"（名义日期 {pd.nominal} 非工作日，顺延）" if pd.day != pd.nominal else "",
            f" (moved from {pd.nominal}, not a working day)" if pd.day != pd.nominal else "",
        )
        yield PC505.finding(
            where,
            Msg(
                f"{pd.period} 期党务公开日 {pd.day}{moved.zh} 已过，但没有在当天或之前发布的定期公开条目"
                f"{late.zh or ''}:请在 disclosures/ 登记 kind: periodic、"
                f'subject: {{period: "{pd.period}"}} 的条目并写明 published_on。',
                f"the periodic disclosure day for {pd.period}, {pd.day}{moved.en}, has passed "
                f"with no periodic entry published on or before it{late.en}: add an entry with "
                f'kind: periodic, subject: {{period: "{pd.period}"}} and its published_on.',
            ),
            record_id=pd.period,
        )


@check(PC506)
def feedback_answered_in_time(reg: Registry, ctx: Context) -> Iterator[Finding]:
    days = reg.config.policy.feedback_response_workdays
    for fb in reg.feedback:
        deadline = feedback_deadline(reg, ctx.calendar, fb)
        if fb.answered_on is not None and fb.answered_on > deadline:
            yield PC506.finding(
                fb.loc.child("answered_on"),
                Msg(
                    f"群众意见 {fb.id} 于 {fb.received_on} 收到，应在 {days} 个工作日内即 {deadline} 前答复，"
                    f"实际 {fb.answered_on} 才答复，已超期：请核对答复日期；确属超期的，写明原因后登记豁免。",
                    f"feedback {fb.id} received on {fb.received_on} was due an answer within {days} "
                    f"working days, by {deadline}, but was answered on {fb.answered_on}: check the "
                    "date; if it really was late, record a waiver with the reason.",
                ),
                record_id=fb.id,
                waivable_by=fb.waivers,
                at_value=True,
            )
        elif fb.answered_on is None and deadline < ctx.today:
            yield PC506.finding(
                fb.loc.child("received_on"),
                Msg(
                    f"群众意见 {fb.id} 于 {fb.received_on} 收到，答复期限 {deadline}（{days} 个工作日）已过，"
                    f"仍没有答复日期 answered_on（状态 {fb.status}）：请尽快答复并登记 answered_on。",
                    f"feedback {fb.id} received on {fb.received_on} had to be answered by {deadline} "
                    f"({days} working days) and has no `answered_on` (status {fb.status}): answer "
                    "it and record answered_on.",
                ),
                record_id=fb.id,
                waivable_by=fb.waivers,
            )


@check(PC507)
def personal_data_in_public(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for leak in personal_data_leaks(reg, ctx.today):
        yield PC507.finding(
            leak.loc,
            leak.message(),
            record_id=leak.shown.record_id,
            waivable_by=leak.shown.waivers,
            at_value=True,
        )
