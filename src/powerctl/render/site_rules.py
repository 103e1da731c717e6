"""The rules the committee keeps (rules.md), in plain words for the public, with this locality's
thresholds from powerctl.yaml: shown on the complaints page so people can hold the committee to
them (末位表态, 五个不直接分管, 三分之二到会, 超过应到半数, 暂缓表决, 五个不决策, 任前公示, 党务公开时限)."""

from __future__ import annotations

from fractions import Fraction

from powerctl.i18n import Lang, Msg
from powerctl.model.records import Policy

# 分管工作 tags are free; these are the common ones (the five restricted ones first)
PORTFOLIO = {
    "finance": Msg("财务", "finance"),
    "personnel": Msg("人事", "personnel"),
    "construction_tendering": Msg("工程建设及招投标", "construction and tendering"),
    "administrative_approval": Msg("行政审批", "administrative approval"),
    "procurement": Msg("物资采购", "procurement"),
    "overall": Msg("全面工作", "overall"),
    "party_building": Msg("党的建设", "Party building"),
    "party_affairs": Msg("党务工作", "Party affairs"),
    "government_affairs": Msg("政府工作", "government"),
    "audit": Msg("审计", "audit"),
    "rural_revitalization": Msg("乡村振兴", "rural revitalisation"),
    "petition": Msg("信访维稳", "petitions"),
    "discipline_inspection": Msg("纪检监察", "discipline inspection"),
    "organization": Msg("组织工作", "organisation"),
    "planning": Msg("规划", "planning"),
    "land": Msg("国土资源", "land"),
    "propaganda": Msg("宣传思想", "publicity"),
    "culture": Msg("文化", "culture"),
    "armed_forces": Msg("人民武装", "militia"),
    "emergency": Msg("应急管理", "emergencies"),
    "agriculture": Msg("农业农村", "agriculture"),
    "social_security": Msg("社会保障", "social security"),
    "education": Msg("教育", "education"),
    "health": Msg("卫生健康", "health"),
    "people_congress": Msg("人大工作", "people's congress"),
}


def _portfolio(tag: str, lang: Lang) -> str:
    msg = PORTFOLIO.get(tag)
    return msg.get(lang) if msg else tag


def _fraction_zh(value: Fraction) -> str:
    names = {Fraction(2, 3): "三分之二", Fraction(1, 2): "二分之一", Fraction(1, 3): "三分之一"}
    return names.get(value, f"{value.denominator}分之{value.numerator}")


def committee_rules(policy: Policy, lang: Lang) -> list[tuple[str, str]]:
    """The rules the committee keeps (rules.md), in plain words, with this locality's thresholds."""
    restricted = "、".join(_portfolio(tag, Lang.ZH) for tag in policy.restricted_portfolios)
    restricted_en = ", ".join(_portfolio(tag, Lang.EN) for tag in policy.restricted_portfolios)
    months = "、".join(str(m) for m in policy.periodic_disclosure.months)
    months_en = ", ".join(str(m) for m in policy.periodic_disclosure.months)
    day = policy.periodic_disclosure.day
    quorum = policy.quorum
    defer = policy.dissent_defer_ratio
    rules = [
        Msg("末位表态", "The principal speaks last"),
        Msg(
            "讨论“三重一大”事项时，班子成员逐个发表意见，书记最后表态，避免“一言堂”。",
            "On major (三重一大) matters every member states a view in turn and the Party "
            "secretary speaks last, so no one sets the tone.",
        ),
        Msg("五个不直接分管", "Five portfolios the principal does not hold"),
        Msg(
            f"党委书记不直接分管{restricted}工作，由其他班子成员分管，书记负责监督。",
            f"The Party secretary does not directly hold {restricted_en}; other members do and the "
            "secretary supervises.",
        ),
        Msg(f"{_fraction_zh(quorum)}到会", f"Quorum of {quorum}"),
        Msg(
            f"应到会成员{_fraction_zh(quorum)}以上到会，方可讨论决定重要事项。",
            f"Important matters are decided only when at least {quorum} of the members are present.",
        ),
        Msg("超过应到会成员半数同意", "More than half of all members"),
        Msg(
            "表决时，赞成票超过应到会成员（不是实到人数）的半数，决定才算通过。",
            "A decision passes only when the yes votes exceed half of all members expected, not "
            "just of those present.",
        ),
        Msg("意见分歧较大时暂缓表决", "Defer when opinion is split"),
        Msg(
            f"反对和弃权达到到会人数{_fraction_zh(defer)}以上、又不是紧急事项的，暂缓表决，"
            "进一步调研后再议。",
            f"When no and abstain reach {defer} of those present and the matter is not urgent, "
            "the vote is deferred for more research.",
        ),
        Msg("五个不决策", "Five conditions before deciding"),
        Msg(
            "“三重一大”事项未经调查研究论证的不决策，议题未经书记办公会初审的不决策，"
            "不属于本级职权或不符合法律法规的不决策；确属紧急的事项除外，事后及时报告。",
            "No major (三重一大) decision without research, without pre-review of the item by the "
            "secretary's office, or outside the committee's powers and the law; urgent matters "
            "excepted and reported afterwards.",
        ),
        Msg("任前公示", "Notice before appointment"),
        Msg(
            f"干部任用决定作出后、正式任职前，在一定范围内公示，公示期不少于"
            f"{policy.pre_appointment_notice_workdays}个工作日，接受群众监督。",
            f"Appointments are published before they take effect, for at least "
            f"{policy.pre_appointment_notice_workdays} working days, so people can object.",
        ),
        Msg("党务公开时限", "Disclosure deadlines"),
        Msg(
            f"应当公开的决策在作出后{policy.disclosure_deadline_workdays}个工作日内登记公开；"
            f"每年{months}月的{day}日（遇节假日顺延）定期公开党务；群众意见在"
            f"{policy.feedback_response_workdays}个工作日内答复。",
            f"Public decisions are published within {policy.disclosure_deadline_workdays} working "
            f"days; a periodic disclosure is made on day {day} of months {months_en} (moved to the "
            f"next working day); feedback is answered within {policy.feedback_response_workdays} "
            "working days.",
        ),
    ]
    return [(rules[i].get(lang), rules[i + 1].get(lang)) for i in range(0, len(rules), 2)]
