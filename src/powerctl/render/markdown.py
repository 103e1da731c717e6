"""`powerctl render --format md`: the disclosure board as Markdown pages, for wikis and repository
browsing (GitHub and GitLab render them, flowcharts as ```mermaid blocks).

The only input is a PublicView (render/public.py). Every value a template prints goes through
`escape_md` (the Jinja `finalize` hook) unless it is `Md`, Markdown this module built itself:
links, the power's own notes with raw HTML neutralized, the mermaid block. So a record title
cannot open a table cell, a link or an HTML tag, whatever it holds; forgetting a filter in a
template escapes too much, never too little.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import importlib
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from powerctl.atomic import (
    atomic_write,
    folder_lock,
    keep_unchanged,
    staged_folder,
)
from powerctl.i18n import Lang
from powerctl.model.records import Item, Meeting, Membership, Power, Risk
from powerctl.model.registry import Registry
from powerctl.render.public import PublicView
from powerctl.render.site_data import published, tally
from powerctl.render.site_text import committee_rules, label
from powerctl.resources import template_dir

# the board's order: 三重一大 first, in the order the regulations list them
CATEGORY_ORDER = ("major_decision", "personnel", "major_project", "large_funds", "emergency")
LEVEL_ORDER = ("high", "medium", "low")


class Md(str):
    """Markdown that is safe to print as it is."""


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\x0b\x0c\x85\u2028\u2029]+\s*")
_BLOCK_START = re.compile(r"^(?:([#+=-])|(\d{1,9})([.)]))(?=\s|$)")


def escape_md(text: str) -> str:
    """Record text as literal Markdown on one line: `<`, `>`, `&` as entities (no raw HTML on
    GitHub), Markdown punctuation backslashed (`|` cannot split a table cell, `[` cannot open a
    link), line breaks folded to spaces (a table row stays one line), and no leading list or
    heading marker."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _LINE_BREAKS.sub(" ", _INLINE_SPECIAL.sub(r"\\\1", text)).strip()
    return _BLOCK_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text
    )


def _finalize(value: Any) -> str:
    if isinstance(value, Md):
        return value
    if value is None:
        return ""
    if isinstance(value, int | float | dt.date):
        return str(value)
    return escape_md(str(value))


_SAFE_SCHEMES = {"http", "https", "mailto"}
_LINK_OPEN = re.compile(r"\]\(")
_REF_DEFINITION = re.compile(r"^( {0,3})\[([^\]\n]+)\]:[ \t]*(\S+)", re.MULTILINE)
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*)\s*:")
_QUOTE_MARKERS = re.compile(r"^( {0,3}(?:&gt; ?)+)", re.MULTILINE)


def _unsafe_target(target: str) -> bool:
    # entities and backslash escapes are decoded in link targets: `&#106;avascript:` is javascript:
    decoded = html.unescape(target.replace("\\", "")).lstrip("<").strip()
    scheme = _SCHEME.match(decoded)
    return scheme is not None and scheme.group(1).lower() not in _SAFE_SCHEMES


def neutralize_notes(text: str) -> Md:
    """A power's own Markdown notes, kept as written except that raw HTML is shown as text
    (GitHub would render it) and links to anything but http(s)/mailto no longer link."""
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    # a `>` at the start of a line is a blockquote, not HTML: keep it
    text = _QUOTE_MARKERS.sub(lambda m: m.group(1).replace("&gt;", ">"), text)

    def inline(match: re.Match[str]) -> str:
        rest = text[match.end() : match.end() + 200]
        return "]\\(" if _unsafe_target(rest) else match.group(0)

    text = _LINK_OPEN.sub(inline, text)
    text = _REF_DEFINITION.sub(
        lambda m: (
            f"{m.group(1)}\\[{m.group(2)}]: {m.group(3)}"
            if _unsafe_target(m.group(3))
            else m.group(0)
        ),
        text,
    )
    return Md(text.strip("\n"))


def fenced(info: str, body: str) -> Md:
    """A code block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return Md(f"{fence}{info}\n{body.strip(chr(10))}\n{fence}")


def page_name(rid: str, taken: set[str]) -> str:
    """A file name for a record id: the id itself when it is a plain name, otherwise (slashes,
    dots in front, spaces, markup) a stable hash, so no id can write outside `powers/`."""
    plain = re.fullmatch(r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9_\-.\u4e00-\u9fff]{0,80}", rid)
    name = rid if plain else "id-" + hashlib.sha256(rid.encode()).hexdigest()[:16]
    if name.lower() in taken:  # case-insensitive file systems (Windows, macOS)
        name += "-" + hashlib.sha256(rid.encode()).hexdigest()[:8]
    taken.add(name.lower())
    return name


def link(text: object, target: str) -> Md:
    return Md(f"[{_finalize(text)}]({quote(target, safe='/#.-_~')})")


# --- page contexts ---------------------------------------------------------------------------------


def holder_name(reg: Registry, holder: str) -> str:
    body = reg.bodies.get(holder)
    return body.name if body else reg.person_name(holder)


def meeting_label(reg: Registry, meeting: Meeting) -> str:
    body = reg.bodies.get(meeting.body)
    return f"{body.name if body else meeting.body}（{meeting.id}）"


def controls_text(reg: Registry, risk: Risk, lang: Lang) -> str:
    """防控措施 with owner and deadline, one line (a table cell)."""
    parts = []
    for control in risk.controls:
        owner = reg.person_name(control.owner) if control.owner else None
        if lang is Lang.ZH:
            extra = [f"责任人：{owner}"] if owner else []
            extra += (
                ["已完成"] if control.done else ([f"{control.due} 前完成"] if control.due else [])
            )
        else:
            extra = [f"owner: {owner}"] if owner else []
            extra += ["done"] if control.done else ([f"due {control.due}"] if control.due else [])
        sep = "，" if lang is Lang.ZH else ", "
        parts.append(control.measure + (f"（{sep.join(extra)}）" if extra else ""))
    return "；".join(parts)


def public_items(reg: Registry) -> list[tuple[Meeting, Item]]:
    """Every public item of every public meeting, newest meeting first, items in agenda order."""
    meetings = sorted(reg.meetings.values(), key=lambda m: (m.date, m.id), reverse=True)
    return [(m, item) for m in meetings for item in m.items]


def _powers_by_category(reg: Registry) -> list[tuple[str, list[Power]]]:
    groups: dict[str, list[Power]] = {}
    for power in sorted(reg.powers.values(), key=lambda p: p.id):
        groups.setdefault(power.category, []).append(power)
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    return sorted(groups.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))


def _leaders(view: PublicView) -> list[dict[str, Any]]:
    """Each body's members on the board date; for the committee, who holds the portfolios its
    principal must not hold (五个不直接分管)."""
    reg = view.registry
    kinds = ["committee", "plenary", "joint_meeting", "secretary_office", "congress"]
    roles = {"principal": 0, "deputy": 1, "member": 2}
    bodies = sorted(
        reg.bodies.values(),
        key=lambda b: (kinds.index(b.kind) if b.kind in kinds else len(kinds), b.id),
    )
    out = []
    for body in bodies:
        members = sorted(body.members_on(view.as_of), key=lambda m: roles.get(m.role, 3))
        principal = reg.principal_on(body.id, view.as_of)
        restricted = []
        if principal is not None and body.kind == "committee":
            for tag in reg.config.policy.restricted_portfolios:
                held = [m.person for m in members if tag in m.portfolios]
                restricted.append((tag, [reg.person_name(p) for p in held]))
        out.append(
            {
                "body": body,
                "principal": _principal_name(reg, members, principal),
                "cards": body.kind == "committee",
                "members": [(m, reg.people.get(m.person)) for m in members],
                "restricted": restricted,
            }
        )
    return out


def _principal_name(reg: Registry, members: list[Membership], pid: str | None) -> str | None:
    title = next((m.title for m in members if m.person == pid and m.title), None)
    name = reg.person_name(pid) if pid else None
    return f"{name}（{title}）" if name and title else name


def _flowchart(power: Power) -> Md | None:
    """The power's flowchart as a mermaid block (render/flowchart.py), or None when that module is
    not there; the page then lists the steps in order."""
    try:
        module = importlib.import_module("powerctl.render.flowchart")
    except ImportError:
        return None
    make: Callable[[Power], str] | None = getattr(module, "flowchart_mermaid", None)
    return fenced("mermaid", make(power)) if make is not None else None


def _step_rows(power: Power, lang: Lang) -> list[tuple[int, str, str | None, bool, str]]:
    """The flowchart as numbered steps: (number, name, actor, supervised, what follows)."""
    number = {s.id: i + 1 for i, s in enumerate(power.steps)}
    supervised = {s.step for s in power.supervision}
    step_word = "第 {} 步" if lang is Lang.ZH else "step {}"
    rows = []
    for step in power.steps:
        follows = "；".join(
            (f"{label('result', outcome, lang)} → " if outcome else "→ ")
            + (step_word.format(number[target]) if target in number else target)
            for outcome, target in step.next
        )
        rows.append((number[step.id], step.name, step.actor, step.id in supervised, follows))
    return rows


def _power_page(view: PublicView, power: Power, lang: Lang) -> dict[str, Any]:
    reg = view.registry
    notes = neutralize_notes(power.notes) if power.notes and power.notes.strip() else None
    return {
        "power": power,
        "holder": holder_name(reg, power.holder),
        "flowchart": _flowchart(power),
        "steps": _step_rows(power, lang),
        "step_names": {s.id: s.name for s in power.steps},
        "risks": sorted((r for r in reg.risks if r.power == power.id), key=lambda r: r.id),
        "items": [(m, i) for m, i in public_items(reg) if i.power == power.id],
        "phone": power.complaint_phone or reg.config.contact.supervision_phone,
        "mailbox": power.complaint_mailbox or reg.config.contact.mailbox,
        "notes": notes,
        "notes_heading": notes is not None and not notes.lstrip().startswith("#"),
    }


def _feedback_table(view: PublicView) -> dict[str, Any]:
    statuses = ["open", "answered", "closed"]
    by_month: dict[str, Counter[str]] = {}
    by_power: Counter[str] = Counter()
    for count in view.feedback_counts:
        by_month.setdefault(count.month, Counter())[count.status] += 1
        if count.power is not None and count.power in view.registry.powers:
            by_power[count.power] += 1
    totals = Counter(c.status for c in view.feedback_counts)
    return {
        "statuses": statuses + sorted(set(totals) - set(statuses)),
        "months": sorted(by_month.items()),
        "totals": totals,
        "total": len(view.feedback_counts),
        "by_power": sorted(by_power.items()),
    }


def _contexts(view: PublicView, lang: Lang) -> dict[str, dict[str, Any]]:
    reg = view.registry
    # the ledger shows what is published on the board date (as the web board does); the latest
    # list leaves out what has been withdrawn
    ledger = sorted(
        (d for d in reg.disclosures if published(d, view.as_of)),
        key=lambda d: (d.published_on or dt.date.min, d.id),
    )
    latest = [d for d in reversed(ledger) if not d.withdrawn_on or d.withdrawn_on > view.as_of]
    risks = sorted(reg.risks, key=lambda r: r.id)
    levels = Counter(r.level for r in risks)
    n_major = sum(p.is_major for p in reg.powers.values())
    items = public_items(reg)
    return {
        "README.md": {
            "latest": latest[:10],
            "n_powers": len(reg.powers),
            "n_major": n_major,
            "n_risks": len(risks),
            "levels": levels,
            "n_items": len(items),
            "n_ledger": len(ledger),
            "n_feedback": len(view.feedback_counts),
        },
        "leaders.md": {"bodies": _leaders(view)},
        "powers.md": {
            "groups": _powers_by_category(reg),
            "risk_count": Counter(r.power for r in risks),
            "n_powers": len(reg.powers),
            "n_major": n_major,
        },
        "risks.md": {
            "risks": risks,
            "levels": levels,
            "heat": Counter((r.importance, r.likelihood) for r in risks),
        },
        "decisions.md": {"items": items},
        "ledger.md": {"ledger": ledger},
        "feedback.md": _feedback_table(view),
        "rules.md": {
            "rules": committee_rules(reg.config.policy, lang),
            "response_days": reg.config.policy.feedback_response_workdays,
        },
    }


def vote_text(item: Item, lang: Lang) -> str:
    """How the item was voted, with counts only where the view still has them."""
    if item.vote is None:
        return "—"
    method = label("method", item.vote.method, lang)
    counts = tally(item)
    if counts is None or item.vote.method == "none":
        return method
    if lang is Lang.ZH:
        return f"{method}：赞成 {counts.yes}、反对 {counts.no}、弃权 {counts.abstain}"
    return f"{method}: yes {counts.yes}, no {counts.no}, abstain {counts.abstain}"


# --- rendering -------------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    """One environment per process: compiling the templates is most of the time of a render."""
    return Environment(
        loader=FileSystemLoader(str(template_dir() / "md")),
        autoescape=False,  # Markdown, not HTML: `_finalize` escapes every printed value instead
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )


def _helpers(view: PublicView, lang: Lang, names: dict[str, str]) -> dict[str, Any]:
    """What every template may call, bound to this view and language."""
    reg = view.registry

    def power_link(pid: str, up: str = "") -> Md:
        power = reg.powers.get(pid)
        if power is None:
            return Md("")
        return link(power.title, f"{up}powers/{names[pid]}.md")

    return dict(
        view=view,
        contact=reg.config.contact,
        _=lambda zh, en: Md(zh if lang is Lang.ZH else en),
        lbl=lambda group, value: label(group, value, lang),
        labels=lambda group, values: "、".join(label(group, v, lang) for v in values),
        name=reg.person_name,
        holder_name=lambda holder: holder_name(reg, holder),
        meeting_label=lambda mid: (
            meeting_label(reg, reg.meetings[mid]) if mid in reg.meetings else None
        ),
        link=link,
        power_link=power_link,
        power_page=lambda pid: names[pid],
        controls=lambda risk: controls_text(reg, risk, lang),
        vote_text=lambda item: vote_text(item, lang),
        level_order=LEVEL_ORDER,
    )


def markdown_pages(view: PublicView, lang: Lang = Lang.ZH) -> dict[str, str]:
    """Relative path -> page text, for every page of the board."""
    taken: set[str] = set()
    names = {pid: page_name(pid, taken) for pid in sorted(view.registry.powers)}
    env = _environment()
    helpers = _helpers(view, lang, names)
    pages = {
        page: env.get_template(f"{page}.j2").render(up="", **helpers, **context)
        for page, context in _contexts(view, lang).items()
    }
    power_template = env.get_template("power.md.j2")
    for pid in sorted(view.registry.powers):
        context = _power_page(view, view.registry.powers[pid], lang)
        pages[f"powers/{names[pid]}.md"] = power_template.render(up="../", **helpers, **context)
    return {path: _tidy(text) for path, text in sorted(pages.items())}


def _tidy(text: str) -> str:
    """At most one blank line in a row, one final newline (templates stay readable)."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


MARKER = ".powerctl-md"


class BoardOutputError(Exception):
    """The output folder is not one powerctl may write the board into."""


def _check_out(out: Path) -> None:
    # the same rule as the web board: never write into (and delete from) a folder of someone else's
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise BoardOutputError(f"{out} exists and is not a folder")
    resolved = out.resolve()
    if resolved == resolved.parent or Path.cwd().is_relative_to(resolved):
        # the new board replaces the folder; the current one would be left behind, deleted
        raise BoardOutputError(f"{out} is the current folder or above it; choose a sub-folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BoardOutputError(
            f"{out} is not empty and was not built by powerctl; choose an empty or new folder"
        )


def render_markdown(view: PublicView, out: Path, lang: Lang = Lang.ZH) -> list[Path]:
    """Write the board under `out` (README.md, leaders.md, powers.md, powers/<ID>.md, risks.md,
    decisions.md, ledger.md, feedback.md, rules.md) and return every page's path.

    The board is built in a staging folder beside `out` and exchanged with it in one rename
    (atomic.replace_folder): a crash leaves the old board or the new one, never a mix. Pages
    whose bytes did not change keep their old file. Power pages left over from an earlier run
    (a power that is no longer public) are not carried over: an old page must not keep showing
    what the registry has since withdrawn. Files the board does not own (a wiki's .git, a
    picture someone added) are carried over as they are."""
    _check_out(out)
    pages = markdown_pages(view, lang)
    target = out.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        folder_lock(target.parent),
        staged_folder(target, MARKER, lambda: _check_out(out)) as staging,
    ):
        atomic_write(staging / MARKER, "powerctl Markdown board: rebuilt by `powerctl render`\n")
        for rel, text in pages.items():
            atomic_write(staging / rel, text)
        _carry_over(target, staging)
        keep_unchanged(staging, target)
    return [out / rel for rel in pages]


def _carry_over(old: Path, staging: Path) -> None:
    """Hard-link (or copy) into the new board what the old folder holds that the board does
    not own: everything but the marker, the top-level pages and powers/*.md."""
    if not old.is_dir():
        return
    for path in old.rglob("*"):
        rel = path.relative_to(old)
        owned = rel.as_posix() == MARKER or (
            path.suffix == ".md" and (len(rel.parts) == 1 or rel.parts[0] == "powers")
        )
        new = staging / rel
        if owned or new.exists() or path.is_symlink():
            continue
        if path.is_dir():
            new.mkdir(parents=True, exist_ok=True)
            continue
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, new)
        except OSError:
            shutil.copy2(path, new)


__all__ = [
    "BoardOutputError",
    "Md",
    "escape_md",
    "markdown_pages",
    "neutralize_notes",
    "render_markdown",
]
