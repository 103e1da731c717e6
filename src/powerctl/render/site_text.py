"""The web board's wording: page chrome in Chinese (default) and English, and the Chinese names of
the record values (categories, results, positions ...). Record content is shown as written."""

from __future__ import annotations

import re

from powerctl.i18n import Lang, Msg
from powerctl.render.site_rules import PORTFOLIO, committee_rules

CHROME: dict[str, Msg] = {
    "board": Msg("权力公开透明运行", "Power transparency board"),
    "skip": Msg("跳到正文", "Skip to content"),
    "colon": Msg("：", ": "),
    "paren": Msg("（{n}）", " ({n})"),
    "nav": Msg("栏目导航", "Sections"),
    "home": Msg("首页", "Home"),
    "leaders": Msg("班子成员公开", "Leadership"),
    "powers": Msg("职权目录", "Powers"),
    "risks": Msg("廉政风险点", "Integrity risks"),
    "decisions": Msg("决策公开", "Decisions"),
    "ledger": Msg("公开台账", "Disclosure ledger"),
    "feedback": Msg("群众意见统计", "Feedback"),
    "complaints": Msg("监督与举报", "How to complain"),
    "traceability": Msg("权力运行追溯", "Traceability"),
    "search": Msg("全文搜索", "Search"),
    "history": Msg("修订记录", "Revisions"),
    "feed": Msg("订阅公开信息（Atom）", "Subscribe (Atom feed)"),
    "feed_title": Msg("党务公开信息", "Disclosures"),
    "phone": Msg("监督电话", "Supervision phone"),
    "mailbox": Msg("意见箱", "Mailbox"),
    "as_of": Msg("信息截至", "Information as of"),
    "next_periodic": Msg("下次定期公开日", "Next periodic disclosure day"),
    "no_next_periodic": Msg("未设定", "not scheduled"),
    "latest": Msg("最新公开", "Latest disclosures"),
    "all_ledger": Msg("查看全部公开台账", "The whole ledger"),
    "overview": Msg("公开概况", "At a glance"),
    "contact": Msg("监督渠道", "Supervision channels"),
    "none": Msg("暂无", "None"),
    "count_powers": Msg("职权事项", "Powers"),
    "count_major": Msg("其中“三重一大”", "of which major (三重一大)"),
    "count_risks": Msg("廉政风险点", "Risk points"),
    "count_high": Msg("其中高风险", "of which high"),
    "count_decisions": Msg("公开的决策事项", "Public decisions"),
    "count_disclosures": Msg("公开信息", "Disclosures"),
    # leaders
    "photo_missing": Msg("暂无照片", "No photo"),
    "title": Msg("职务", "Title"),
    "duties": Msg("工作职责", "Duties"),
    "portfolios": Msg("分管工作", "Portfolios"),
    "mobile": Msg("联系电话", "Phone"),
    "record": Msg("履职记录", "Record"),
    "members_of": Msg("成员", "members"),
    "member": Msg("成员", "Member"),
    "restricted_title": Msg("“五个不直接分管”落实情况", "Portfolios the principal does not hold"),
    "restricted_intro": Msg(
        "{name}（{title}）不直接分管以下工作，由班子其他成员分管，书记履行监督职责。",
        "{name} ({title}) does not directly hold these portfolios; other members do, and the "
        "principal supervises.",
    ),
    "restricted_work": Msg("工作", "Portfolio"),
    "restricted_holder": Msg("分管领导", "Held by"),
    "restricted_nobody": Msg("未明确分管领导", "No member holds it"),
    "restricted_principal": Msg(
        "书记本人分管（不符合规定）", "Held by the principal (not allowed)"
    ),
    "former": Msg("曾任班子成员", "Former members"),
    # person page
    "presented": Msg("汇报议题", "Presented"),
    "position": Msg("表态", "Position"),
    "summary": Msg("发言要点", "Statement"),
    "ballot": Msg("记名表决", "Named vote"),
    "record_intro": Msg(
        "以下为本人在公开议题中的汇报、表态和记名表决情况；无记名投票的选择不公开。",
        "What this member presented, said and voted (named votes) on public items; secret-ballot "
        "choices are never published.",
    ),
    "record_counts": Msg(
        "汇报议题 {presented} 项，发言表态 {stated} 次，记名表决 {voted} 次。",
        "Presented {presented} items, stated a position {stated} times, named votes {voted}.",
    ),
    "yes_mark": Msg("是", "yes"),
    # powers
    "id": Msg("编号", "ID"),
    "name": Msg("名称", "Name"),
    "category": Msg("类别", "Category"),
    "holder": Msg("行使主体", "Held by"),
    "count": Msg("数量", "Count"),
    "major": Msg("三重一大", "Major （三重一大）"),
    "powers_total": Msg(
        "共 {total} 项职权，其中“三重一大”事项 {major} 项。",
        "{total} powers, {major} of them major (三重一大).",
    ),
    "by_category": Msg("按类别统计", "By category"),
    "filter": Msg("筛选", "Filter"),
    "filter_text": Msg("输入关键词筛选本表", "Type to filter this table"),
    "filter_level": Msg("风险等级", "Risk level"),
    "filter_all": Msg("全部", "All"),
    "filter_shown": Msg("显示 {n} 行", "{n} rows shown"),
    "decisions_n": Msg("决策", "Decisions"),
    "risks_n": Msg("风险点", "Risks"),
    "disclosures_n": Msg("公开", "Disclosures"),
    "feedback_n": Msg("群众意见", "Feedback"),
    "description": Msg("职权内容", "What it covers"),
    "basis": Msg("法律法规依据", "Legal basis"),
    "conditions": Msg("行使条件", "Conditions"),
    "disclosure_rule": Msg("公开要求", "Disclosure"),
    "flowchart": Msg("权力运行流程图", "Flowchart"),
    "flowchart_caption": Msg(
        "{title}运行流程：红色粗框为设有监督的环节，红色便签注明监督主体和方式，决策分支标注结果。",
        "How {title} is exercised: supervised steps have a thick red frame and a red note naming "
        "who supervises and how; decision branches are labelled with their outcome.",
    ),
    "flowchart_list": Msg(
        "流程图未能生成，以下按顺序列出运行步骤。",
        "The flowchart could not be drawn; the steps in order:",
    ),
    "flowchart_text": Msg("文字版运行步骤", "The steps as text"),
    "feedback_about": Msg(
        "直接涉及本职权的群众意见共 {n} 件。", "{n} feedback items about this power. "
    ),
    "supervision": Msg("监督环节", "Supervision points"),
    "step": Msg("环节", "Step"),
    "supervisor": Msg("监督主体", "Supervised by"),
    "how": Msg("监督方式", "How"),
    "complaint": Msg("投诉举报", "Complaints"),
    "notes": Msg("运行说明", "Notes"),
    "trace": Msg("运行追溯", "Traceability"),
    "trace_intro": Msg(
        "依据本职权作出的公开决策、对应的风险防控、公开记录和群众意见。",
        "Public decisions taken under this power, risk controls, disclosures and feedback.",
    ),
    "trace_decisions": Msg("依此作出的决策", "Decisions taken under it"),
    "trace_controls": Msg("风险点与防控措施", "Risk points and controls"),
    "trace_disclosures": Msg("公开记录", "Disclosures"),
    "trace_feedback": Msg("群众意见", "Feedback"),
    "trace_matrix_intro": Msg(
        "每项职权的公开决策、廉政风险点、公开记录和群众意见数量；点击职权查看明细。",
        "For each power: public decisions, risk points, disclosures and feedback; open a power for "
        "the details.",
    ),
    "total": Msg("合计", "Total"),
    # risks
    "heatmap": Msg("风险热力图", "Risk heat map"),
    "heatmap_caption": Msg(
        "横轴为发生概率，纵轴为重要程度，格中数字为风险点个数，颜色表示风险等级。",
        "Likelihood across, importance up; the numbers are risk points, the colour is the level.",
    ),
    "heatmap_missing": Msg("热力图未能生成。", "The heat map could not be drawn."),
    "level": Msg("风险等级", "Level"),
    "power": Msg("职权事项", "Power"),
    "post": Msg("风险岗位", "Post"),
    "risk_description": Msg("风险描述", "Risk"),
    "scores": Msg("重要程度/发生频率/可能性", "Importance / frequency / likelihood"),
    "controls": Msg("防控措施", "Controls"),
    "owner": Msg("责任人", "Owner"),
    "due": Msg("完成时限", "Due"),
    "done": Msg("已落实", "done"),
    "not_done": Msg("推进中", "in progress"),
    "found_by": Msg("查找方式", "Found by"),
    "levels_summary": Msg(
        "共 {total} 个风险点：高 {high} 个，中 {medium} 个，低 {low} 个。",
        "{total} risk points: {high} high, {medium} medium, {low} low.",
    ),
    # decisions
    "date": Msg("日期", "Date"),
    "body": Msg("会议", "Body"),
    "item": Msg("议题", "Item"),
    "presenter": Msg("汇报人", "Presenter"),
    "amount": Msg("金额（元）", "Amount (CNY)"),
    "vote": Msg("表决", "Vote"),
    "result": Msg("结果", "Result"),
    "minutes": Msg("会议纪要", "Minutes"),
    "attendance": Msg("到会 {present} 人", "{present} present"),
    "personnel_votes": Msg("人事事项不公开票数", "not published for personnel items"),
    "decisions_intro": Msg(
        "公开的会议议题及表决结果；人事事项无记名投票，不公开票数。",
        "Public agenda items and their results; personnel items are decided by secret ballot and "
        "their counts are not published.",
    ),
    "meetings_total": Msg(
        "共 {meetings} 次会议、{items} 项公开议题。", "{meetings} meetings, {items} public items."
    ),
    "urgent": Msg("紧急", "urgent"),
    "recused": Msg("回避", "recused"),
    # ledger
    "published_on": Msg("公开日期", "Published"),
    "kind": Msg("公开类型", "Kind"),
    "subject": Msg("公开内容", "About"),
    "channels": Msg("公开渠道", "Channels"),
    "signed_by": Msg("审签", "Signed by"),
    "period_end": Msg("公示期至", "Notice until"),
    "withdrawn": Msg("已撤回", "Withdrawn"),
    "period": Msg("{period} 定期公开", "Periodic disclosure {period}"),
    "ledger_total": Msg("共 {n} 条公开记录。", "{n} entries."),
    # feedback
    "month": Msg("月份", "Month"),
    "status": Msg("办理状态", "Status"),
    "feedback_intro": Msg(
        "群众通过监督电话、意见箱、网站和来访反映的意见按月统计；经本人同意公开的意见连同答复列在下方。",
        "Feedback received by phone, mailbox, website and visits, counted by month; feedback "
        "published with the writer's consent is listed with its answer.",
    ),
    "feedback_total": Msg("共收到 {n} 件。", "{n} received in all."),
    "by_month": Msg("按月份和办理状态统计", "By month and status"),
    "by_power": Msg("按职权事项统计", "By power"),
    "public_feedback": Msg("公开的群众意见及答复", "Published feedback and answers"),
    "received_on": Msg("收到日期", "Received"),
    "channel": Msg("渠道", "Channel"),
    "about": Msg("涉及", "About"),
    "answer": Msg("答复", "Answer"),
    "answered_on": Msg("答复日期", "Answered"),
    "other_power": Msg("其他或未注明", "Other or not stated"),
    # complaints
    "complaints_intro": Msg(
        "对本单位党组织和党员干部行使权力有意见、建议或举报的，可通过以下渠道反映。",
        "If you have an opinion, a suggestion or a complaint about how power is exercised here, use "
        "these channels.",
    ),
    "power_channels": Msg("各职权事项的举报渠道", "Channels per power"),
    "rules_title": Msg("本单位遵守的议事决策规则", "The rules this committee keeps"),
    "rules_intro": Msg(
        "群众可以对照以下规则监督；发现违反的，欢迎举报。",
        "Check the committee against these rules; report any breach.",
    ),
    # revision history
    "history_intro": Msg(
        "公开记录的每一次修订都保存在版本库中。以下按时间倒序列出最近的修订：日期、修订说明和改动内容；"
        "只列出公开内容的变化。",
        "Every revision of the public records is kept in version control. The latest revisions, "
        "newest first: date, the note that came with it, and what changed (public content only).",
    ),
    "history_none": Msg(
        "本登记册不在 git 仓库中，无修订记录。",
        "This registry is not kept in a git repository: there is no revision history.",
    ),
    "history_empty": Msg("暂无公开内容的修订记录。", "No revisions of public content yet."),
    "history_overall": Msg("全部修订", "All revisions"),
    "history_by_power": Msg("各职权事项的修订", "Revisions per power"),
    "history_note": Msg("修订说明", "Note"),
    "history_changes": Msg("改动内容", "What changed"),
    "history_version": Msg("版本", "Version"),
    "history_more": Msg("共 {n} 处改动，展开查看", "{n} changes: show them"),
    "history_of_power": Msg("本职权事项的修订记录", "Revision history of this power"),
    # search
    "search_label": Msg("搜索关键词", "Search words"),
    "search_button": Msg("搜索", "Search"),
    "search_intro": Msg(
        "在本站全部公开信息中搜索（支持中文）。",
        "Search all published information (Chinese supported).",
    ),
    "search_http": Msg(
        "全文搜索需要通过网站（http/https）访问本页；从本地文件直接打开时无法搜索。",
        "Search works only when this site is opened over http(s), not from a local file.",
    ),
    "search_nojs": Msg("全文搜索需要启用 JavaScript。", "Search needs JavaScript."),
    "search_unbuilt": Msg(
        "本次生成时未建立搜索索引（未安装 Pagefind），请使用栏目导航浏览。",
        "The search index was not built (Pagefind is not installed); browse the sections instead.",
    ),
    "search_none": Msg("没有找到相关内容。", "Nothing found."),
    "search_found": Msg("找到 {n} 条结果。", "{n} results."),
    "search_loading": Msg("正在搜索……", "Searching…"),
    "footer_built": Msg(
        "本站由 powerctl 根据公开记录生成。", "Built by powerctl from the public records."
    ),
}

CATEGORY = {
    "major_decision": Msg("重大决策", "Major decision"),
    "personnel": Msg("重要人事任免", "Personnel"),
    "major_project": Msg("重大项目安排", "Major project"),
    "large_funds": Msg("大额资金使用", "Large funds"),
    "emergency": Msg("重大突发事件处置", "Emergency"),
    "ordinary": Msg("一般事项", "Ordinary"),
}
RESULT = {
    "passed": Msg("通过", "passed"),
    "rejected": Msg("未通过", "rejected"),
    "deferred": Msg("暂缓表决", "deferred"),
}
POSITION = {
    "support": Msg("同意", "support"),
    "oppose": Msg("不同意", "oppose"),
    "defer": Msg("缓议", "defer"),
    "abstain": Msg("弃权", "abstain"),
}
OPTION = {"yes": Msg("赞成", "yes"), "no": Msg("反对", "no"), "abstain": Msg("弃权", "abstain")}
METHOD = {
    "named": Msg("记名表决", "named vote"),
    "secret": Msg("无记名投票", "secret ballot"),
    "show_of_hands": Msg("举手表决", "show of hands"),
    "none": Msg("未表决", "no vote"),
}
LEVEL = {"high": Msg("高", "high"), "medium": Msg("中", "medium"), "low": Msg("低", "low")}
DISCLOSURE_KIND = {
    "advance": Msg("事前公开", "advance"),
    "decision": Msg("决策公开", "decision"),
    "result": Msg("结果公开", "result"),
    "pre_appointment": Msg("任前公示", "pre-appointment notice"),
    "periodic": Msg("定期公开", "periodic"),
    "other": Msg("其他", "other"),
}
CHANNEL = {
    "board": Msg("公开栏", "notice board"),
    "website": Msg("网站", "website"),
    "meeting": Msg("会议", "meeting"),
    "bulletin": Msg("简报", "bulletin"),
    "other": Msg("其他", "other"),
    "phone": Msg("电话", "phone"),
    "mailbox": Msg("意见箱", "mailbox"),
    "visit": Msg("来访", "visit"),
}
STATUS = {
    "open": Msg("办理中", "open"),
    "answered": Msg("已答复", "answered"),
    "closed": Msg("已办结", "closed"),
}
FOUND_BY = {
    "self": Msg("自己找", "self"),
    "superior": Msg("上级点", "superior"),
    "public": Msg("群众帮", "the public"),
    "peer": Msg("互相查", "peers"),
    "organization": Msg("组织审", "the organisation"),
}
TIMING = {
    "fixed": Msg("长期公开", "standing"),
    "periodic": Msg("定期公开", "periodic"),
    "staged": Msg("阶段性公开", "staged"),
    "immediate": Msg("及时公开", "immediate"),
}
SCOPE = {"public": Msg("向社会公开", "public")}
ROLE = {
    "principal": Msg("书记", "principal"),
    "deputy": Msg("副书记", "deputy"),
    "member": Msg("委员", "member"),
}
GROUPS: dict[str, dict[str, Msg]] = {
    "category": CATEGORY,
    "result": RESULT,
    "position": POSITION,
    "option": OPTION,
    "method": METHOD,
    "level": LEVEL,
    "disclosure_kind": DISCLOSURE_KIND,
    "channel": CHANNEL,
    "status": STATUS,
    "found_by": FOUND_BY,
    "timing": TIMING,
    "scope": SCOPE,
    "role": ROLE,
    "portfolio": PORTFOLIO,
}


# what XML 1.0 cannot hold: C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
# lxml (the Atom feed) and openpyxl (xlsx) refuse them, so one such character in a title would
# stop the whole output
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot hold."""
    return _NOT_XML.sub("", text)


def chrome(lang: Lang) -> dict[str, str]:
    return {key: msg.get(lang) for key, msg in CHROME.items()}


def label(group: str, value: str | None, lang: Lang) -> str:
    """The display name of a record value; unknown values are shown as written."""
    if value is None:
        return ""
    msg = GROUPS[group].get(value)
    return msg.get(lang) if msg else value


__all__ = ["CATEGORY", "CHROME", "GROUPS", "PORTFOLIO", "chrome", "committee_rules", "label"]
