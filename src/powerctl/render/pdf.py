"""Printable notice-board sheets (公开栏) as PDF, via WeasyPrint, from the public view only.

A sheet is one section of the board the clerk pins up: 班子成员公开, 职权目录, 权力运行流程图,
廉政风险点, 公开台账/决策公开. The seeds (001, 004) show what such a board carries: photo, name,
title, duties, 分管工作 and phone of each leader; each power's flowchart with its supervision
points and risk levels; where to complain (一栏一网一信箱).
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from ruamel.yaml import YAML

from powerctl.atomic import write_output
from powerctl.i18n import Lang
from powerctl.model.records import Body, Disclosure, Membership, Power, Risk, Vote
from powerctl.render.public import PublicView
from powerctl.resources import template_dir

SHEETS = ("leaders", "powers", "risks", "flows", "disclosures")
DEFAULT_SHEETS = ("leaders", "powers", "flows", "disclosures")
# paper -> (root font size, flowchart max height): an A3 sheet is the A4 sheet enlarged (x1.41),
# so the same layout reads from further away on the wall.
PAPERS = {"A4": ("10pt", "150mm"), "A3": ("14pt", "212mm")}
ROLE_ORDER = {"principal": 0, "deputy": 1, "member": 2}
LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2}

Flowchart = Callable[[Power], str | None]
Heatmap = Callable[..., str]


# --- the sheets' content, computed in Python so the templates stay plain --------------------------


def main_body(view: PublicView) -> Body | None:
    """The body whose members make up the 班子: the one deciding 三重一大 that holds most powers."""
    reg = view.registry
    held = {bid: sum(p.holder == bid for p in reg.powers.values()) for bid in reg.bodies}
    deciding = [b for b in reg.bodies.values() if b.decides_major]
    return max(deciding, key=lambda b: held[b.id], default=None)


def leadership(view: PublicView) -> list[Membership]:
    """The members on the board, principal first; without a deciding body, every body's members."""
    body = main_body(view)
    bodies = [body] if body else list(view.registry.bodies.values())
    seen: dict[str, Membership] = {}
    for b in bodies:
        for m in b.members_on(view.as_of):
            seen.setdefault(m.person, m)
    return sorted(seen.values(), key=lambda m: ROLE_ORDER.get(m.role, len(ROLE_ORDER)))


def photo_uri(assets_root: Path | None, photo: str | None) -> str | None:
    """A file:// URI for a registry-relative photo, only when it stays inside the registry."""
    if assets_root is None or not photo:
        return None
    root = assets_root.resolve()
    path = (root / photo).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path.as_uri()


def restricted_held_by_others(
    members: Sequence[Membership], restricted: Sequence[str]
) -> tuple[Membership | None, list[tuple[str, list[str]]], list[str]]:
    """五个不直接分管: the principal; the restricted portfolios the principal does not hold, each with
    the members holding it instead; and those nobody on the board holds."""
    principal = next((m for m in members if m.role == "principal"), None)
    if principal is None:
        return None, [], []
    held, unheld = [], []
    for tag in restricted:
        if tag in principal.portfolios:
            continue
        holders = [m.person for m in members if m is not principal and tag in m.portfolios]
        if holders:
            held.append((tag, holders))
        else:
            unheld.append(tag)
    return principal, held, unheld


def strip_prolog(svg: str) -> str:
    """Inline SVG must not carry an XML declaration or doctype (system-deps.md, Graphviz)."""
    svg = re.sub(r"<\?xml[^>]*\?>", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>\[]*(\[[^\]]*\])?\s*>", "", svg, flags=re.IGNORECASE)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    return svg.strip()


def _optional(module: str, name: str) -> Any:
    """The flowchart / heat-map SVG functions, or None when their module is not importable (the
    flowchart module needs the `graphviz` package): the board then lists steps, shows no map."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def _risks_sorted(risks: Sequence[Risk]) -> list[Risk]:
    return sorted(risks, key=lambda r: (LEVEL_ORDER.get(r.level, 3), -r.score, r.id))


def power_flow(power: Power, view: PublicView, flowchart: Flowchart | None) -> dict[str, Any]:
    """One power's flow sheet: flowchart (SVG, or numbered steps), supervision, risks, complaint."""
    contact = view.registry.config.contact
    svg = flowchart(power) if flowchart else None
    number = {s.id: n for n, s in enumerate(power.steps, start=1)}
    names = {s.id: s.name for s in power.steps}
    return {
        "power": power,
        "svg": Markup(strip_prolog(svg)) if svg else None,
        "number": number,
        "supervised": {s.step for s in power.supervision},
        "supervision": [(names.get(s.step, s.step), s) for s in power.supervision],
        "step_names": names,
        "risks": _risks_sorted([r for r in view.registry.risks if r.power == power.id]),
        "phone": power.complaint_phone or contact.supervision_phone,
        "mailbox": power.complaint_mailbox or contact.mailbox,
    }


def flow_pages(flows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """One power per printed page; two consecutive small ones (few steps, few table rows) share."""

    def small(flow: dict[str, Any]) -> bool:
        power = flow["power"]
        return len(power.steps) <= 4 and len(flow["risks"]) + len(power.supervision) <= 3

    pages: list[list[dict[str, Any]]] = []
    for flow in flows:
        last = pages[-1] if pages else None
        if last is not None and len(last) == 1 and small(last[0]) and small(flow):
            last.append(flow)
        else:
            pages.append([flow])
    return pages


def public_decisions(view: PublicView) -> list[dict[str, Any]]:
    """决策公开: every public item of the public meetings up to the board date, newest first."""
    reg = view.registry
    rows = []
    for meeting in reg.meetings.values():
        if meeting.date > view.as_of:
            continue
        body = reg.bodies.get(meeting.body)
        for item in meeting.items:
            rows.append(
                {
                    "date": meeting.date,
                    "body": body.name if body else meeting.body,
                    "item": item,
                    "counts": vote_counts(item.vote),
                }
            )
    return sorted(rows, key=lambda r: (r["date"], r["item"].id), reverse=True)


def vote_counts(vote: Vote | None) -> tuple[int, int, int] | None:
    """(yes, no, abstain) where the view kept them: given counts, or those of named ballots."""
    if vote is None:
        return None
    if vote.counts is not None:
        return (vote.counts.yes, vote.counts.no, vote.counts.abstain)
    if vote.ballots:
        options = [b.option for b in vote.ballots]
        return (options.count("yes"), options.count("no"), options.count("abstain"))
    return None


def ledger(view: PublicView) -> list[Disclosure]:
    """公开台账: the entries published on or before the board date, newest first."""
    entries = [
        d
        for d in view.registry.disclosures
        if d.published_on is not None and d.published_on <= view.as_of
    ]
    return sorted(entries, key=lambda d: (d.published_on or view.as_of, d.id), reverse=True)


def feedback_totals(view: PublicView) -> dict[str, int]:
    totals = {"open": 0, "answered": 0, "closed": 0}
    for count in view.feedback_counts:
        totals[count.status] = totals.get(count.status, 0) + 1
    return totals


def group_by_category(powers: Sequence[Power]) -> list[tuple[str, list[Power]]]:
    """职权目录 by category, 三重一大 categories first in the format's order, then the others."""
    order = list(_label_data()["names"]["category"])
    cats = sorted(
        {p.category for p in powers},
        key=lambda c: (c not in order, order.index(c) if c in order else 0, c),
    )
    return [(c, [p for p in powers if p.category == c]) for c in cats]


# --- labels ---------------------------------------------------------------------------------------


@cache
def _label_data() -> dict[str, Any]:
    data = YAML(typ="safe", pure=True).load(
        (template_dir() / "print" / "labels.yaml").read_text("utf-8")
    )
    assert isinstance(data, dict)
    return data


def template_globals(lang: Lang) -> dict[str, Any]:
    """`L` (chrome labels), `name(group, value)` for the format's fixed values, `date(d)`."""
    i = 0 if lang is Lang.ZH else 1
    data = _label_data()
    chrome = {key: pair[i] for key, pair in data["chrome"].items()}
    names = {g: {k: pair[i] for k, pair in m.items()} for g, m in data["names"].items()}

    def name(group: str, value: str | None) -> str:
        return "" if value is None else str(names[group].get(value, value))

    def date(day: dt.date | None) -> str:
        if day is None:
            return ""
        return f"{day.year}年{day.month}月{day.day}日" if lang is Lang.ZH else day.isoformat()

    def numeral(n: int) -> str:
        # 五个不直接分管: small counts are written in Chinese numerals
        return "一二三四五六七八九十"[n - 1] if lang is Lang.ZH and 1 <= n <= 10 else str(n)

    return {
        "L": chrome,
        "name": name,
        "date": date,
        "numeral": numeral,
        "lang": "zh-CN" if lang is Lang.ZH else "en",
    }


# --- rendering ------------------------------------------------------------------------------------


def _environment(lang: Lang) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(template_globals(lang))
    return env


def board_html(
    view: PublicView,
    paper: str = "A4",
    sheets: Sequence[str] = DEFAULT_SHEETS,
    flowchart: Flowchart | None = None,
    heatmap: Heatmap | None = None,
    assets_root: Path | None = None,
    lang: Lang = Lang.ZH,
) -> str:
    """The board as one HTML document (what WeasyPrint lays out); useful on its own for checks."""
    paper = normalise_paper(paper)
    unknown = [s for s in sheets if s not in SHEETS]
    if unknown:
        raise ValueError(f"unknown sheet(s): {', '.join(unknown)} (known: {', '.join(SHEETS)})")
    reg = view.registry
    policy = reg.config.policy
    members = leadership(view)
    principal, held, unheld = restricted_held_by_others(members, policy.restricted_portfolios)
    risks = _risks_sorted(reg.risks)
    heat_svg = (
        heatmap(risks, policy.risk_levels_high, policy.risk_levels_medium) if heatmap else None
    )
    powers = sorted(reg.powers.values(), key=lambda p: p.id)
    font_size, flow_height = PAPERS[paper]
    return (
        _environment(lang)
        .get_template("print/board.html.j2")
        .render(
            view=view,
            reg=reg,
            sheets=[s for s in SHEETS if s in sheets],
            paper=paper,
            font_size=font_size,
            flow_height=flow_height,
            body=main_body(view),
            members=members,
            photos={
                m.person: photo_uri(assets_root, reg.people[m.person].photo)
                for m in members
                if m.person in reg.people
            },
            principal=principal,
            restricted_held=held,
            restricted_unheld=unheld,
            powers=powers,
            by_category=group_by_category(powers),
            flow_pages=flow_pages([power_flow(p, view, flowchart) for p in powers]),
            risks=risks,
            heat_svg=Markup(strip_prolog(heat_svg)) if heat_svg else None,
            ledger=ledger(view),
            decisions=public_decisions(view),
            feedback=feedback_totals(view),
        )
    )


def normalise_paper(paper: str) -> str:
    key = paper.strip().upper()
    if key not in PAPERS:
        raise ValueError(f"unknown paper size {paper!r} (known: {', '.join(PAPERS)})")
    return key


def render_pdf(
    view: PublicView,
    out: Path,
    paper: str = "A4",
    sheets: Sequence[str] = DEFAULT_SHEETS,
    flowchart: Flowchart | None = None,
    heatmap: Heatmap | None = None,
    assets_root: Path | None = None,
    lang: Lang = Lang.ZH,
) -> Path:
    """Write the board sheets to `out` (atomically) and return it. `flowchart` and `heatmap`
    default to powerctl.render.flowchart / heatmap when installed; `assets_root` is the registry
    folder that `person.photo` paths are relative to (no photos without it)."""
    import weasyprint  # type: ignore[import-untyped]  # slow import; untyped

    html = board_html(
        view,
        paper,
        sheets,
        flowchart or _optional("powerctl.render.flowchart", "flowchart_svg"),
        heatmap or _optional("powerctl.render.heatmap", "heatmap_svg"),
        assets_root,
        lang,
    )
    fetcher = _local_fetcher(weasyprint, [template_dir(), *([assets_root] if assets_root else [])])
    css = weasyprint.CSS(filename=str(template_dir() / "print" / "print.css"))
    document = weasyprint.HTML(
        string=html, base_url=str(template_dir() / "print") + "/", url_fetcher=fetcher
    ).render(stylesheets=[css])
    stamp = view.as_of.isoformat()
    document.metadata.created = document.metadata.modified = stamp
    pdf = document.write_pdf(pdf_identifier=f"powerctl-{stamp}".encode())
    write_output(out, pdf)
    return out


def _local_fetcher(weasyprint: Any, roots: Sequence[Path]) -> Any:
    """A URL fetcher that reads only data: URLs and files under `roots`: a board never reaches the
    network, whatever a record says."""
    allowed = [r.resolve() for r in roots]

    class LocalFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file:"):
                from urllib.parse import unquote, urlparse

                path = Path(unquote(urlparse(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in allowed):
                    raise ValueError(f"refusing to read {url}")
            elif not url.startswith("data:"):
                raise ValueError(f"refusing to fetch {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file", "data"))


__all__ = ["DEFAULT_SHEETS", "SHEETS", "board_html", "render_pdf"]
