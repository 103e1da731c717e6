"""The vote rules of the PC3xx family (PC305-PC308, PC311; registered through meetings.py), and
the helpers both modules share: what a vote counts, who is in the room, how messages name people
and ratios. Counting is in integers only (rules.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from powerctl.findings import Finding, Loc, Severity
from powerctl.i18n import Msg
from powerctl.model.records import Ballot, Counts, Item, Meeting, Vote
from powerctl.model.registry import Registry
from powerctl.rules.base import Context, Rule, check, declare

DECIDED = frozenset({"passed", "rejected"})  # deferred (暂缓) is not a decision
VOTED = frozenset({"named", "show_of_hands", "secret"})  # `none`: no vote was taken
PER_PERSON = frozenset({"named", "show_of_hands"})  # methods that record every member's ballot
METHOD = {
    "named": Msg("记名表决", "a named vote"),
    "show_of_hands": Msg("举手表决", "a show of hands"),
    "secret": Msg("无记名投票", "a secret ballot"),
    "none": Msg("不表决", "no vote"),
}
RESULT = {
    "passed": Msg("通过", "passed"),
    "rejected": Msg("未通过", "rejected"),
    "deferred": Msg("暂缓", "deferred"),
}
_ZH_DIGITS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def text(self) -> Msg:
        return Msg(
            f"赞成 {self.yes}、反对 {self.no}、弃权 {self.abstain}",
            f"yes {self.yes}, no {self.no}, abstain {self.abstain}",
        )


def ballot_tally(ballots: Iterable[Ballot]) -> Tally:
    options = [b.option for b in ballots]
    return Tally(options.count("yes"), options.count("no"), options.count("abstain"))


def vote_tally(vote: Vote | None) -> Tally | None:
    """The vote's numbers: its `counts` when given, else the tally of its ballots; None when it
    records neither (nothing to count: PC306 or PC309 says what is missing)."""
    if vote is None:
        return None
    if vote.counts is not None:
        return Tally(vote.counts.yes, vote.counts.no, vote.counts.abstain)
    return ballot_tally(vote.ballots) if vote.ballots else None


def decided(item: Item) -> bool:
    return item.result in DECIDED


def item_id(meeting: Meeting, item: Item) -> str:
    return f"{meeting.id}#{item.id}"


def each_item(reg: Registry) -> Iterator[tuple[Meeting, Item]]:
    for meeting in reg.meetings.values():
        for item in meeting.items:
            yield meeting, item


def who(reg: Registry, pid: str) -> str:
    """张建国(p-zhang), or the bare id of an unknown person."""
    name = reg.person_name(pid)
    return pid if name == pid else f"{name}({pid})"


def people(reg: Registry, pids: Iterable[str]) -> Msg:
    named = [who(reg, pid) for pid in pids]
    return Msg("、".join(named), ", ".join(named))


def at_least(count: int, ratio: Fraction) -> int:
    """The smallest whole n with n >= ratio*count (以上 includes the number itself)."""
    return -(-count * ratio.numerator // ratio.denominator)


def fraction_name(ratio: Fraction) -> Msg:
    """三分之二 / two thirds; "3/5" for ratios without a usual name."""
    num, den = ratio.numerator, ratio.denominator
    plain = f"{num}/{den}"
    if not (0 < num <= 10 and 0 < den <= 10):
        return Msg(plain, plain)
    english = {(1, 2): "one half", (1, 3): "one third", (2, 3): "two thirds"}
    return Msg(f"{_ZH_DIGITS[den]}分之{_ZH_DIGITS[num]}", english.get((num, den), plain))


PC305 = declare(
    Rule(
        code="PC305",
        severity=Severity.ERROR,
        summary=Msg("表决结果与票数不符", "result inconsistent with the vote"),
        what=Msg(
            "对经过表决（method 为 named、show_of_hands 或 secret）的议题：记为 passed 须赞成票超过应到成员半数"
            "（赞成×2 > 应到，恰好一半不通过）；赞成票超过半数却记为 rejected 也不对。赞成票取 counts，"
            "没有 counts 时按每人投票统计。",
            "For an item put to a vote (method named, show_of_hands or secret): `passed` needs "
            "yes*2 > expected (exactly half fails), and `rejected` is wrong when yes*2 > "
            "expected. Yes votes come from `counts`, else from the ballots.",
        ),
        why=Msg(
            "议事决策制度：“赞成票数超过应到领导班子成员半数的为通过”（超过不含本数；按应到而不是实到计算）。",
            "The seed 议事决策制度: an item passes when the yes votes exceed half of the members "
            "who should attend (counted on expected, not on present).",
        ),
        bad="# 应到 9 人,实到 7 人\nvote: {method: secret, counts: {yes: 4, no: 2, abstain: 1}}\nresult: passed",
        good="# 应到 9 人,实到 7 人\nvote: {method: secret, counts: {yes: 4, no: 2, abstain: 1}}\nresult: rejected",
        config=("policy.pass_rule",),
    )
)

PC306 = declare(
    Rule(
        code="PC306",
        severity=Severity.ERROR,
        summary=Msg("表决方式不符合要求", "vote method wrong for the item"),
        what=Msg(
            "人事议题（category: personnel）作出决定须无记名投票（method: secret）；记名表决和举手表决须为每名到会"
            "且未回避的成员记一票（ballots）；无记名投票须记录票数（counts）。",
            "A personnel item is decided by secret ballot (method: secret); a named vote or a "
            "show of hands records a ballot for every present, non-recused member; a secret "
            "ballot records its counts.",
        ),
        why=Msg(
            "议事决策制度：“一般性事项的表决，采用记名形式，须将每位成员表决的具体意见记录在案；涉及人事等重大问题，"
            "进行无记名票决，须记录同意、反对和弃权的票数”；《党政领导干部选拔任用工作条例》：干部任免以无记名投票表决。",
            "The seed 议事决策制度: a named vote records every member's view; personnel matters "
            "go to a secret ballot whose yes/no/abstain counts are recorded; the cadre-"
            "appointment regulation requires a secret ballot for appointments.",
        ),
        bad="category: personnel\nvote:\n  method: named\n  ballots: [{person: p-sun, option: yes}]\nresult: passed",
        good="category: personnel\nvote:\n  method: secret\n  counts: {yes: 8, no: 0, abstain: 1}\nresult: passed",
    )
)

PC307 = declare(
    Rule(
        code="PC307",
        severity=Severity.ERROR,
        summary=Msg("票数不可能成立", "vote arithmetic impossible"),
        what=Msg(
            "计票总数超过参加表决的人数（实到且未回避）；记名或举手表决的 counts 与每人投票统计不一致；"
            "没有到会的人（缺席或不是应到成员）有投票；同一人投了两票。",
            "The counts total more than the voters present (present, not recused); a named "
            "vote's or show of hands' counts disagree with its ballots; a ballot from someone "
            "not present (absent or not expected); two ballots from one person.",
        ),
        why=Msg(
            "票决遵循“按程序办事、充分酝酿讨论、一人一票”的原则（末位表态制度）；票数对不上的纪要不能证明决定合法作出。",
            "Votes follow one person, one vote (the seeds' 票决 principle); minutes whose "
            "numbers cannot add up do not prove the decision was lawfully taken.",
        ),
        bad="# 实到 7 人\nvote:\n  method: secret\n  counts: {yes: 7, no: 1, abstain: 0}",
        good="# 实到 7 人\nvote:\n  method: secret\n  counts: {yes: 6, no: 1, abstain: 0}",
    )
)

PC308 = declare(
    Rule(
        code="PC308",
        severity=Severity.WARNING,
        summary=Msg("意见分歧较大却没有暂缓表决", "sharp dissent not deferred"),
        what=Msg(
            "反对票与弃权票之和达到实到人数的 policy.dissent_defer_ratio(默认三分之一："
            "（反对+弃权）×分母 >= 分子×实到)时，非紧急议题（urgent 不为 true）的结果应为 deferred。"
            "票数取 counts，没有时按每人投票统计。",
            "When no + abstain reach policy.dissent_defer_ratio of those present (default one "
            "third: (no+abstain)*denominator >= numerator*present), an item that is not urgent "
            "should end `deferred`. Numbers come from `counts`, else from the ballots.",
        ),
        why=Msg(
            "民主集中制：“对讨论中意见分歧较大或者有重大问题不清楚的，除在紧急情况下按多数意见执行外，应暂缓表决”；"
            "五个不决策：“有异议、分歧较大的不决策”。",
            "Democratic centralism as the seeds state it: when views differ sharply, defer the "
            "vote for further study unless an emergency requires acting on the majority view "
            "（五个不决策）.",
        ),
        bad="# 实到 9 人\nvote: {method: secret, counts: {yes: 6, no: 2, abstain: 1}}\nresult: passed",
        good="# 实到 9 人\nvote: {method: secret, counts: {yes: 6, no: 2, abstain: 1}}\nresult: deferred",
        config=("policy.dissent_defer_ratio",),
    )
)

PC311 = declare(
    Rule(
        code="PC311",
        severity=Severity.ERROR,
        summary=Msg("回避的成员参与了表态或表决", "a recused member stated a view or voted"),
        what=Msg(
            "列在议题 recusals 中的成员，在该议题不得有表态（statements）或投票（ballots）。",
            "A member listed in the item's `recusals` has no statement and no ballot on it.",
        ),
        why=Msg(
            "回避制度：与议题有利害关系的成员应当回避，不参加讨论和表决；《党政领导干部选拔任用工作条例》规定"
            "讨论干部任免涉及本人或亲属的应当回避。",
            "Recusal: a member with an interest in the matter takes no part in its discussion "
            "or vote (the cadre-appointment regulation requires the same for appointments).",
        ),
        bad="recusals: [{person: p-chen, reason: 近亲属参与投标}]\nvote:\n  method: named\n"
        "  ballots: [{person: p-chen, option: yes}, {person: p-wang, option: yes}]",
        good="recusals: [{person: p-chen, reason: 近亲属参与投标}]\nvote:\n  method: named\n"
        "  ballots: [{person: p-wang, option: yes}]",
    )
)


@check(PC305)
def result_matches_vote(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for m, item in each_item(reg):
        expected, tally = reg.expected_members(m), vote_tally(item.vote)
        if item.vote is None or item.vote.method not in VOTED or not decided(item):
            continue
        if (
            tally is None
            or expected is None
            or (tally.yes * 2 > len(expected)) == (item.result == "passed")
        ):
            continue
        yes, e = tally.yes, len(expected)
        if item.result == "passed":
            wrong = Msg(
                f"记为通过，但赞成 {yes} 票没有超过应到 {e} 人的半数（至少需要 {e // 2 + 1} 票）",
                f"is passed, but {yes} yes votes are not more than half of the {e} expected "
                f"(it needs {e // 2 + 1})",
            )
            fix = Msg("改为 rejected（未通过）", "record it as rejected")
        else:
            wrong = Msg(
                f"记为未通过，但赞成 {yes} 票已超过应到 {e} 人的半数",
                f"is rejected, but {yes} yes votes are more than half of the {e} expected",
            )
            fix = Msg("改为 passed（通过）", "record it as passed")
        yield PC305.finding(
            item.loc.child("result"),
            Msg(
                f"议题 {item.id} {wrong.zh}：赞成票超过应到成员半数才为通过；请核对票数，或把结果{fix.zh}。",
                f"item {item.id} {wrong.en}: an item passes only when the yes votes exceed half "
                f"of the expected members; check the votes or {fix.en}.",
            ),
            record_id=item_id(m, item),
            waivable_by=item.waivers,
            at_value=True,
        )


@check(PC306)
def vote_method(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for m, item in each_item(reg):
        vote, rid = item.vote, item_id(m, item)
        method = vote.method if vote else "none"
        if item.category == "personnel" and decided(item) and method != "secret":
            how = METHOD.get(method, METHOD["none"])
            yield PC306.finding(
                item.loc.child("vote", "method"),
                Msg(
                    f"人事议题 {item.id} 以{how.zh}记为{RESULT[item.result].zh}：干部任免须无记名投票"
                    "（method: secret），并记录同意、反对、弃权票数。",
                    f"personnel item {item.id} was {RESULT[item.result].en} by {how.en}: "
                    "appointments are decided by secret ballot (method: secret) with "
                    "yes/no/abstain counts.",
                ),
                record_id=rid,
                waivable_by=item.waivers,
                at_value=vote is not None,
            )
        if vote is not None and vote.method in PER_PERSON:
            voted = {b.person for b in vote.ballots or []}
            missing = [pid for pid in reg.voters_present(m, item) if pid not in voted]
            if missing:
                how, names = METHOD[vote.method], people(reg, missing)
                yield PC306.finding(
                    vote.loc.child("ballots"),
                    Msg(
                        f"议题 {item.id} 采用{how.zh}，但没有 {names.zh} 的票：须将每位到会且未回避成员的"
                        "表决意见记录在案，请在 ballots 中补记。",
                        f"item {item.id} was put to {how.en} but has no ballot for {names.en}: "
                        "record every present, non-recused member's vote in `ballots`.",
                    ),
                    record_id=rid,
                    waivable_by=item.waivers,
                )
        if vote is not None and vote.method == "secret" and vote.counts is None:
            yield PC306.finding(
                vote.loc.child("method"),
                Msg(
                    f"议题 {item.id} 采用无记名投票，但没有记录票数：请在 vote.counts 写明赞成、反对、弃权票数。",
                    f"item {item.id} went to a secret ballot without counts: write the yes, no "
                    "and abstain numbers in vote.counts.",
                ),
                record_id=rid,
                waivable_by=item.waivers,
                at_value=True,
            )


def _impossible(m: Meeting, item: Item, loc: Loc, text: Msg, at_value: bool = False) -> Finding:
    return PC307.finding(
        loc,
        Msg(f"议题 {item.id} {text.zh}", f"item {item.id}: {text.en}"),
        record_id=item_id(m, item),
        waivable_by=item.waivers,
        at_value=at_value,
    )


def _impossible_counts(
    m: Meeting, item: Item, vote: Vote, given: Counts, present: list[str], voters: list[str]
) -> Iterator[Finding]:
    counts, loc = Tally(given.yes, given.no, given.abstain), given.loc
    if counts.total > len(voters):
        recused = len(present) - len(voters)
        yield _impossible(
            m,
            item,
            loc,
            Msg(
                f"计票共 {counts.total} 票（{counts.text.zh}），超过参加表决的 {len(voters)} 人"
                f"（实到 {len(present)} 人，回避 {recused} 人）：请核对票数。",
                f"the counts total {counts.total} ({counts.text.en}), more than the "
                f"{len(voters)} voters present ({len(present)} present, {recused} recused): "
                "check the numbers.",
            ),
        )
    tally = ballot_tally(vote.ballots or [])
    if vote.method in PER_PERSON and vote.ballots and tally != counts:
        yield _impossible(
            m,
            item,
            loc,
            Msg(
                f"的计票（{counts.text.zh}）与每人投票的统计（{tally.text.zh}）不一致：请核对 counts 和 ballots。",
                f"the counts ({counts.text.en}) disagree with the ballots ({tally.text.en}): "
                "check counts and ballots.",
            ),
        )


@check(PC307)
def vote_arithmetic(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for m, item in each_item(reg):
        vote, expected = item.vote, reg.expected_members(m)
        if vote is None or expected is None:
            continue
        present, voters = reg.present_expected(m), reg.voters_present(m, item)
        if vote.counts is not None:
            yield from _impossible_counts(m, item, vote, vote.counts, present, voters)
        seen: set[str] = set()
        for b in vote.ballots or []:
            name = who(reg, b.person)
            if b.person not in present:
                why = (
                    Msg("没有出席会议", "was not present")
                    if b.person in expected
                    else Msg("不是本次会议的应到成员", "is not an expected member of this meeting")
                )
                yield _impossible(
                    m,
                    item,
                    b.loc.child("person"),
                    Msg(
                        f"中 {name} {why.zh}，却有其投票：请核对出席名单，或删除这一票。",
                        f"{name} {why.en} but has a ballot: check the attendance or remove "
                        "the ballot.",
                    ),
                    at_value=True,
                )
            if b.person in seen:
                yield _impossible(
                    m,
                    item,
                    b.loc.child("person"),
                    Msg(
                        f"中 {name} 投了不止一票：一人只能投一票，请删除重复的票。",
                        f"{name} has more than one ballot: one person, one vote; remove the "
                        "duplicate.",
                    ),
                    at_value=True,
                )
            seen.add(b.person)


@check(PC308)
def dissent_not_deferred(reg: Registry, ctx: Context) -> Iterator[Finding]:
    ratio = reg.config.policy.dissent_defer_ratio
    for m, item in each_item(reg):
        tally = vote_tally(item.vote)
        if item.urgent or not decided(item) or tally is None or reg.expected_members(m) is None:
            continue
        dissent, p = tally.no + tally.abstain, len(reg.present_expected(m))
        # no dissent is never sharp dissent, whatever the ratio (a meeting with nobody present
        # would otherwise satisfy 0 >= ratio*0)
        if dissent == 0 or dissent * ratio.denominator < ratio.numerator * p:
            continue
        share, need, result = fraction_name(ratio), at_least(p, ratio), RESULT[item.result]
        yield PC308.finding(
            item.loc.child("result"),
            Msg(
                f"议题 {item.id} 反对 {tally.no} 票、弃权 {tally.abstain} 票，共 {dissent} 票，达到实到 {p} 人的"
                f"{share.zh}（{need} 票以上），意见分歧较大，却记为{result.zh}：分歧较大的应暂缓表决（result: deferred），"
                "进一步调查研究后再决策；确属紧急情况按多数意见执行的，请标明 urgent: true。",
                f"item {item.id} has {tally.no} no and {tally.abstain} abstain, {dissent} in "
                f"all, at least {share.en} of the {p} present ({need} or more): views differ "
                f"sharply, yet it was {result.en}: defer it (result: deferred) for further "
                "study; if an emergency required acting on the majority view, mark it "
                "urgent: true.",
            ),
            record_id=item_id(m, item),
            waivable_by=item.waivers,
            at_value=True,
        )


@check(PC311)
def recused_took_part(reg: Registry, ctx: Context) -> Iterator[Finding]:
    for m, item in each_item(reg):
        reasons = {r.person: r.reason for r in item.recusals}
        ballots = (item.vote.ballots or []) if item.vote else []
        acts = [(s.loc, s.person, Msg("却发言表态", "yet stated a view")) for s in item.statements]
        acts += [(b.loc, b.person, Msg("却参加了表决", "yet voted")) for b in ballots]
        for loc, pid, act in acts:
            if pid not in reasons:
                continue
            reason = reasons[pid]
            because = Msg(f"（原因：{reason}）", f" ({reason})") if reason else Msg("", "")
            yield PC311.finding(
                loc.child("person"),
                Msg(
                    f"{who(reg, pid)} 已回避议题 {item.id}{because.zh},{act.zh}：回避的成员不得参加该议题的"
                    "讨论和表决，请核对记录。",
                    f"{who(reg, pid)} is recused from item {item.id}{because.en} {act.en}: a "
                    "recused member takes no part in the discussion or the vote; check the "
                    "record.",
                ),
                record_id=item_id(m, item),
                waivable_by=item.waivers,
                at_value=True,
            )
