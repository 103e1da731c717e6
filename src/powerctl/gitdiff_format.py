"""A RegistryDiff as text (a terminal), Markdown (a pull-request comment: summary table first,
details folded) or JSON (a stable structure for tools). Formatting never decides what changed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from powerctl.gitdiff_model import ADDED, CHANGED, REMOVED, Change, FieldChange, RegistryDiff, Value
from powerctl.i18n import Lang, Msg

Format = Literal["text", "md", "json"]
JSON_VERSION = 1

KIND_NAMES = {
    "config": Msg("配置（powerctl.yaml）", "configuration (powerctl.yaml)"),
    "person": Msg("人员", "people"),
    "body": Msg("决策机构", "bodies"),
    "membership": Msg("成员任职", "memberships"),
    "power": Msg("权力事项", "powers"),
    "step": Msg("流程步骤", "step"),
    "supervision": Msg("监督环节", "supervision"),
    "risk": Msg("廉政风险点", "risk points"),
    "control": Msg("防控措施", "control"),
    "meeting": Msg("会议", "meetings"),
    "item": Msg("议题", "items"),
    "disclosure": Msg("公开台账", "disclosures"),
    "feedback": Msg("群众意见", "feedback"),
}
CHANGE_NAMES = {
    ADDED: Msg("新增", "added"),
    REMOVED: Msg("删除", "removed"),
    CHANGED: Msg("修改", "changed"),
}
MARKERS = {ADDED: "+", REMOVED: "-", CHANGED: "~"}
EVENT_NAMES = {
    "level_raised": Msg("风险等级上调", "risk level raised"),
    "level_lowered": Msg("风险等级下调", "risk level lowered"),
    "ended": Msg("任职结束", "membership ended"),
    "published": Msg("已发布", "published"),
    "withdrawn": Msg("已撤回", "withdrawn"),
    "answered": Msg("已答复", "answered"),
    "closed": Msg("已办结", "closed"),
    "reopened": Msg("重新办理", "reopened"),
}
# Chinese names of the YAML keys; English output shows the keys themselves
FIELD_NAMES = {
    "title": "标题",
    "category": "类别",
    "holder": "行使主体",
    "basis": "依据",
    "description": "描述",
    "conditions": "行使条件",
    "secrecy": "密级",
    "start": "起始步骤",
    "complaint.phone": "举报电话",
    "complaint.mailbox": "举报信箱",
    "disclosure.scope": "公开范围",
    "disclosure.timing": "公开时限",
    "notes": "正文",
    "waivers": "豁免",
    "name": "名称",
    "actor": "执行者",
    "kind": "类型",
    "next": "下一步",
    "step": "流程步骤",
    "by": "监督主体",
    "how": "监督方式",
    "power": "权力事项",
    "post": "风险岗位",
    "found_by": "查找方式",
    "scores.importance": "重要程度",
    "scores.frequency": "发生频率",
    "scores.likelihood": "发生可能",
    "level": "风险等级",
    "review_date": "复查日期",
    "owner": "责任人",
    "due": "完成期限",
    "done": "已完成",
    "body": "决策机构",
    "date": "日期",
    "chair": "主持人",
    "recorder": "记录人",
    "attendance.present": "出席",
    "attendance.absent": "缺席",
    "attendance.observers": "列席",
    "attendance.expected": "应到",
    "amount": "金额",
    "presenter": "汇报人",
    "urgent": "紧急",
    "prepared.research": "调研论证",
    "prepared.proposed_by": "提议人",
    "prepared.pre_review": "初审会议",
    "recusals": "回避",
    "statements": "发言",
    "vote.method": "表决方式",
    "vote.ballots": "表决票",
    "vote.counts": "票数",
    "result": "表决结果",
    "role": "角色",
    "start_date": "任职开始",
    "end_date": "任职结束",
    "portfolios": "分管工作",
    "duties": "职责",
    "decides_major": "可决定三重一大事项",
    "photo": "照片",
    "phone": "电话",
    "publish_phone": "公开电话",
    "subject": "公开事项",
    "scope": "公开范围",
    "channels": "公开渠道",
    "drafted_on": "拟稿日期",
    "reviewed_at": "审定会议",
    "signed_by": "审签人",
    "published_on": "发布日期",
    "period_end": "公示截止",
    "withdrawn_on": "撤回日期",
    "summary": "内容",
    "received_on": "收到日期",
    "channel": "渠道",
    "about": "涉及",
    "handler": "承办人",
    "status": "办理状态",
    "answered_on": "答复日期",
    "answer": "答复",
}
# a part inside its record: one step, one item (English section names are plural)
_CHILD_NAMES = {
    "membership": Msg("成员任职", "membership"),
    "item": Msg("议题", "item"),
    "supervision": Msg("监督环节", "supervision point"),
}


def _child_name(kind: str, lang: Lang) -> str:
    return (_CHILD_NAMES.get(kind) or KIND_NAMES[kind]).get(lang)


_FIELD_NAMES_BY_KIND = {("membership", "title"): "职务"}


def field_name(kind: str, name: str, lang: Lang) -> str:
    if lang is Lang.EN:
        return name
    return _FIELD_NAMES_BY_KIND.get((kind, name)) or FIELD_NAMES.get(name, name)


def _value(value: Value, lang: Lang, limit: int) -> str:
    if value is None or value == ():
        return "（空）" if lang is Lang.ZH else "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    text = " ".join(str(value).split())  # one line: notes and descriptions may span many
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_field(kind: str, fc: FieldChange, lang: Lang, limit: int = 80) -> str:
    """`名称：旧 → 新`; a list that gained or lost entries says which."""
    name = field_name(kind, fc.field, lang)
    colon = "：" if lang is Lang.ZH else ": "
    old, new = fc.old or (), fc.new or ()
    if isinstance(old, tuple) and isinstance(new, tuple) and set(old) != set(new):
        parts = []
        gained = [v for v in new if v not in old]
        lost = [v for v in old if v not in new]
        if gained:
            parts.append(
                ("增加 " if lang is Lang.ZH else "added ") + _value(tuple(gained), lang, limit)
            )
        if lost:
            parts.append(
                ("去掉 " if lang is Lang.ZH else "removed ") + _value(tuple(lost), lang, limit)
            )
        return name + colon + ("；" if lang is Lang.ZH else "; ").join(parts)
    return f"{name}{colon}{_value(fc.old, lang, limit)} → {_value(fc.new, lang, limit)}"


def _events(change: Change, lang: Lang) -> str:
    names = [EVENT_NAMES[e].get(lang) if e in EVENT_NAMES else e for e in change.events]
    return f" [{', '.join(names)}]" if names else ""


def _side(rev: str | None, lang: Lang) -> str:
    return rev if rev is not None else ("工作区" if lang is Lang.ZH else "working tree")


def _count_phrase(row: dict[str, int], lang: Lang) -> str:
    sep = "，" if lang is Lang.ZH else ", "
    return sep.join(
        f"{CHANGE_NAMES[c].get(lang)} {n}" for c in (ADDED, REMOVED, CHANGED) if (n := row[c])
    )


def _heading(diff: RegistryDiff, lang: Lang) -> str:
    head = Msg("记录变更：{a} → {b}", "Record changes: {a} → {b}").get(lang)
    text = head.format(a=_side(diff.from_rev, lang), b=_side(diff.to_rev, lang))
    if diff.public:
        text += "（仅公开内容）" if lang is Lang.ZH else " (public content only)"
    return text


# --- text --------------------------------------------------------------------------------------


def _text_change(change: Change, lang: Lang, depth: int, nested: bool) -> list[str]:
    pad = "  " * depth
    kind = _child_name(change.kind, lang) + " " if nested else ""
    label = f" {change.label}" if change.label and change.label != change.id else ""
    lines = [f"{pad}{MARKERS[change.change]} {kind}{change.id}{label}{_events(change, lang)}"]
    lines += [f"{pad}    {describe_field(change.kind, fc, lang)}" for fc in change.fields]
    for child in change.children:
        lines += _text_change(child, lang, depth + 2, True)
    return lines


def _text(diff: RegistryDiff, lang: Lang) -> str:
    lines = [_heading(diff, lang)]
    counts = diff.counts()
    if not counts:
        lines.append("没有记录变更。" if lang is Lang.ZH else "No record changed.")
    for kind, row in counts.items():
        sep = "：" if lang is Lang.ZH else ": "
        lines.append(f"  {KIND_NAMES[kind].get(lang)}{sep}{_count_phrase(row, lang)}")
    for kind in dict.fromkeys(c.kind for c in diff.changes):
        lines += ["", KIND_NAMES[kind].get(lang)]
        for change in (c for c in diff.changes if c.kind == kind):
            lines += _text_change(change, lang, 1, False)
    for note in diff.notes:
        lines += ["", ("注意：" if lang is Lang.ZH else "Note: ") + note.get(lang)]
    return "\n".join(lines) + "\n"


# --- Markdown ----------------------------------------------------------------------------------

# lines never start with text, so only inline syntax needs escaping (`-`, `+`, `.` are safe)
_MD_SPECIAL = set("\\`*_[]<>|#~&")


def md_escape(text: str) -> str:
    """Plain text that stays plain in GitHub/GitLab Markdown, on one line (table cells too)."""
    one_line = " ".join(text.split())
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in one_line)


def _md_code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def _md_change(change: Change, lang: Lang, depth: int, nested: bool) -> list[str]:
    pad = "  " * depth
    kind = md_escape(_child_name(change.kind, lang)) + " " if nested else ""
    label = f" {md_escape(change.label)}" if change.label and change.label != change.id else ""
    events = md_escape(_events(change, lang).strip())
    mark = _md_code(MARKERS[change.change])
    lines = [
        f"{pad}- {mark} {kind}**{md_escape(change.id)}**{label}{' ' + events if events else ''}"
    ]
    lines += [
        f"{pad}  - {md_escape(describe_field(change.kind, fc, lang, 200))}" for fc in change.fields
    ]
    for child in change.children:
        lines += _md_change(child, lang, depth + 1, True)
    return lines


def _md(diff: RegistryDiff, lang: Lang) -> str:
    heading = md_escape(_heading(diff, lang))
    lines = [f"### {heading}", ""]
    counts = diff.counts()
    if not counts:
        lines.append(md_escape("没有记录变更。" if lang is Lang.ZH else "No record changed."))
    else:
        head = [Msg("类别", "Kind").get(lang), *(CHANGE_NAMES[c].get(lang) for c in CHANGE_NAMES)]
        lines += ["| " + " | ".join(head) + " |", "| --- | ---: | ---: | ---: |"]
        for kind, row in counts.items():
            cells = [md_escape(KIND_NAMES[kind].get(lang)), *(str(row[c]) for c in CHANGE_NAMES)]
            lines.append("| " + " | ".join(cells) + " |")
    for kind in dict.fromkeys(c.kind for c in diff.changes):
        changes = [c for c in diff.changes if c.kind == kind]
        summary = (
            f"{KIND_NAMES[kind].get(lang)}（{len(changes)}）"
            if lang is Lang.ZH
            else (f"{KIND_NAMES[kind].get(lang)} ({len(changes)})")
        )
        lines += ["", f"<details><summary>{md_escape(summary)}</summary>", ""]
        for change in changes:
            lines += _md_change(change, lang, 0, False)
        lines += ["", "</details>"]
    for note in diff.notes:
        lines += ["", "> " + md_escape(note.get(lang))]
    return "\n".join(lines) + "\n"


# --- JSON --------------------------------------------------------------------------------------


def _json_value(value: Value) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def change_json(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "id": change.id,
        "change": change.change,
        "label": change.label,
        "events": list(change.events),
        "fields": [
            {"field": f.field, "old": _json_value(f.old), "new": _json_value(f.new)}
            for f in change.fields
        ],
        "children": [change_json(c) for c in change.children],
    }


def diff_json(diff: RegistryDiff, lang: Lang) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "from": diff.from_rev,
        "to": diff.to_rev,
        "public": diff.public,
        "summary": diff.counts(),
        "changes": [change_json(c) for c in diff.changes],
        "notes": [n.get(lang) for n in diff.notes],
    }


def format_diff(diff: RegistryDiff, fmt: Format | str = "text", lang: Lang = Lang.ZH) -> str:
    """`fmt`: text | md | json. JSON keys and values are language-neutral except `notes`."""
    if fmt == "text":
        return _text(diff, lang)
    if fmt == "md":
        return _md(diff, lang)
    if fmt == "json":
        return json.dumps(diff_json(diff, lang), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown diff format: {fmt}")
