"""The pages of the web board and what each template is given: plain values computed from the
public view (site_data.SiteData). Templates only lay these out."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from powerctl.i18n import Lang
from powerctl.model.records import MAJOR_CATEGORIES, Body, Disclosure, Membership, Person, Power
from powerctl.render import site_data as sd
from powerctl.render.site_cache import BlobCache
from powerctl.render.site_history import HistoryEntry, history_context, power_links
from powerctl.render.site_markup import markdown_html, optional, safe_svg
from powerctl.render.site_rules import committee_rules
from powerctl.render.site_text import CATEGORY, CHROME, label

LEVELS = ("high", "medium", "low")
STATUSES = ("open", "answered", "closed")


@dataclass
class Page:
    path: str  # relative to the site root, "/" separated
    template: str
    title: str
    nav: str  # the navigation entry shown as current
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")


def file_name(record_id: str) -> str:
    """A file name for a record id: the id when it is plain, else a cleaned id plus a hash (two
    ids never share a page)."""
    clean = re.sub(r"[^A-Za-z0-9._-]+", "_", record_id).strip(".") or "_"
    if clean == record_id:
        return clean
    return f"{clean}-{hashlib.sha1(record_id.encode()).hexdigest()[:8]}"


def power_path(power_id: str) -> str:
    return f"powers/{file_name(power_id)}.html"


def leader_path(pid: str) -> str:
    return f"leaders/{file_name(pid)}.html"


@dataclass(slots=True)
class Card:
    """A leader on the board (班子成员公开)."""

    person: Person
    membership: Membership
    photo: str | None  # site path
    portfolios: list[str]


@dataclass(slots=True)
class Restricted:
    """One of the principal's restricted portfolios and who holds it instead."""

    portfolio: str
    holders: list[tuple[str, str]]  # (name, title)
    principal_holds: bool


class Pages:
    """Builds every page of the site from the indexed public view."""

    def __init__(
        self,
        data: sd.SiteData,
        lang: Lang,
        photos: dict[str, str],
        cache: BlobCache | None = None,
    ) -> None:
        self.data = data
        self.cache = cache
        self.view = data.view
        self.reg = data.view.registry
        self.lang = lang
        self.photos = photos
        self.t = {key: msg.get(lang) for key, msg in CHROME.items()}
        self.leaders = sd.leader_ids(self.view)
        self.leader_set = set(self.leaders)
        self.power_pages: list[Page] = []

    # --- helpers the templates call ------------------------------------------------------------

    def helpers(self) -> dict[str, Any]:
        """Functions whose answer depends only on their arguments, the language and the
        registry's settings (so a page's cache key need not track their calls)."""
        return {
            "label": lambda group, value: label(group, value, self.lang),
            "power_path": power_path,
            "leader_path": leader_path,
            "tally": sd.tally,
            "anchor": sd.anchor,
            "is_major_item": self.reg.is_major,
            "steps_of": lambda power: {s.id: s.name for s in power.steps},
        }

    def lookups(self) -> dict[str, Callable[[str], Any]]:
        """Look-ups by record id into the whole registry: a page's output depends on their
        answers, which the render cache records per page (site_cache.Lookups)."""
        return {
            "person": self.reg.person_name,
            "power_title": lambda pid: (
                self.reg.powers[pid].title if pid in self.reg.powers else pid
            ),
            "is_leader": lambda pid: pid in self.leader_set,
            "body_name": lambda bid: self.reg.bodies[bid].name if bid in self.reg.bodies else bid,
            "holder_name": self.holder_name,
            "has_power": lambda pid: pid in self.reg.powers,
        }

    def holder_name(self, holder: str) -> str:
        if holder in self.reg.bodies:
            return self.reg.bodies[holder].name
        return self.reg.person_name(holder)

    def subject(self, entry: Disclosure) -> tuple[str, str | None]:
        """What a ledger entry published, as text and a site path (None: no page for it)."""
        if entry.subject_power is not None and entry.subject_power in self.reg.powers:
            return self.reg.powers[entry.subject_power].title, power_path(entry.subject_power)
        item = sd.subject_item(self.data, entry)
        if item is not None:
            return item.item.title, f"decisions.html#{item.anchor}"
        if entry.subject_meeting is not None and entry.subject_meeting in self.reg.meetings:
            meeting = self.reg.meetings[entry.subject_meeting]
            text = f"{meeting.date.isoformat()} {self.holder_name(meeting.body)}"
            return text, f"decisions.html#{sd.anchor('meeting', meeting.id)}"
        if entry.subject_period is not None:
            return self.t["period"].format(period=entry.subject_period), None
        return "", None

    # --- the pages -----------------------------------------------------------------------------

    def all(self) -> list[Page]:
        pages = [self.index(), self.leaders_page()]
        pages += [self.leader_page(pid) for pid in self.leaders]
        pages.append(self.powers_page())
        powers = sorted(self.reg.powers.values(), key=lambda p: p.id)
        drawn = zip(powers, self.flowcharts(powers), strict=True)
        self.power_pages = [self.power_page(power, svg) for power, svg in drawn]
        pages += self.power_pages
        pages += [
            self.traceability_page(),
            self.risks_page(),
            self.decisions_page(),
            self.ledger_page(),
            self.feedback_page(),
            self.complaints_page(),
        ]
        return pages

    def index(self) -> Page:
        risks = self.reg.risks
        stats = [
            (self.t["count_powers"], len(self.reg.powers), "powers.html"),
            (
                self.t["count_major"],
                sum(p.category in MAJOR_CATEGORIES for p in self.reg.powers.values()),
                "powers.html",
            ),
            (self.t["count_risks"], len(risks), "risks.html"),
            (self.t["count_high"], sum(r.level == "high" for r in risks), "risks.html"),
            (self.t["count_decisions"], len(self.data.items), "decisions.html"),
            (self.t["count_disclosures"], len(self.data.disclosures), "ledger.html"),
        ]
        latest = [(entry, *self.subject(entry)) for entry in self.data.disclosures[:8]]
        context = {"stats": stats, "latest": latest}
        return Page("index.html", "index.html", self.t["board"], "home", context)

    def _card(self, membership: Membership) -> Card:
        person = self.reg.people.get(membership.person) or Person(
            membership.loc, membership.person, membership.person
        )
        portfolios = [label("portfolio", tag, self.lang) for tag in membership.portfolios]
        return Card(person, membership, self.photos.get(person.id), portfolios)

    def main_body(self) -> Body | None:
        bodies = list(self.reg.bodies.values())
        return next((b for b in bodies if b.kind == "committee"), bodies[0] if bodies else None)

    def restricted(self, body: Body) -> tuple[Card | None, list[Restricted]]:
        members = body.members_on(self.view.as_of)
        principal = next((m for m in members if m.role == "principal"), None)
        rows = []
        for tag in self.reg.config.policy.restricted_portfolios:
            holders = [
                (self.reg.person_name(m.person), m.title or label("role", m.role, self.lang))
                for m in members
                if tag in m.portfolios and m is not principal
            ]
            held = principal is not None and tag in principal.portfolios
            rows.append(Restricted(label("portfolio", tag, self.lang), holders, held))
        return (self._card(principal) if principal else None), rows

    def leaders_page(self) -> Page:
        role_order = {"principal": 0, "deputy": 1, "member": 2}
        main = self.main_body()
        sections = []
        for body in self.reg.bodies.values():
            members = sorted(
                body.members_on(self.view.as_of), key=lambda m: role_order.get(m.role, 3)
            )
            sections.append((body, [self._card(m) for m in members]))
        current = {c.person.id for _, cards in sections for c in cards}
        former = [pid for pid in self.leaders if pid not in current]
        principal, restricted = self.restricted(main) if main else (None, [])
        context = {
            "sections": sections,
            "main": main,
            "principal": principal,
            "restricted": restricted,
            "former": former,
        }
        return Page("leaders.html", "leaders.html", self.t["leaders"], "leaders", context)

    def leader_page(self, pid: str) -> Page:
        person = self.reg.people[pid]
        rows = sd.record_of(self.data, pid)
        cards = [
            (name, self._card(m)) for name, m in sd.memberships_of(self.view, pid, self.view.as_of)
        ]
        counts = {
            "presented": sum(r.presented for r in rows),
            "stated": sum(r.position is not None for r in rows),
            "voted": sum(r.ballot is not None for r in rows),
        }
        context = {
            "person": person,
            "photo": self.photos.get(pid),
            "cards": cards,
            "rows": rows,
            "counts": counts,
        }
        title = f"{person.name} · {self.t['record']}"
        return Page(leader_path(pid), "leader.html", title, "leaders", context)

    def power_row(self, power: Power) -> dict[str, Any]:
        risks = Counter(r.level for r in self.data.risks_by_power.get(power.id, []))
        return {
            "power": power,
            "risks": risks,
            "decisions": len(self.data.items_by_power.get(power.id, [])),
            "disclosures": len(self.data.disclosures_by_power.get(power.id, [])),
            "feedback": sum(self.data.feedback_by_power.get(power.id, Counter()).values()),
        }

    def powers_page(self) -> Page:
        powers = sorted(self.reg.powers.values(), key=lambda p: p.id)
        order = list(CATEGORY) + sorted({p.category for p in powers} - set(CATEGORY))
        groups = [
            (cat, [self.power_row(p) for p in powers if p.category == cat])
            for cat in order
            if any(p.category == cat for p in powers)
        ]
        context = {
            "groups": groups,
            "total": len(powers),
            "major": sum(p.category in MAJOR_CATEGORIES for p in powers),
            "major_categories": MAJOR_CATEGORIES,
        }
        return Page("powers.html", "powers.html", self.t["powers"], "powers", context)

    @property
    def supervision_word(self) -> str:
        return "监督" if self.lang is Lang.ZH else "Supervision"

    def flowcharts(self, powers: list[Power]) -> list[Markup | None]:
        """Each power's flowchart SVG (in the order of `powers`), drawn in batches and reused
        from the render cache when unchanged."""
        draw = optional("powerctl.render.flowchart", "flowchart_svgs")
        if draw is None:
            return [None] * len(powers)
        return [safe_svg(svg) for svg in draw(powers, self.supervision_word, self.cache)]

    def power_page(self, power: Power, svg: Markup | None) -> Page:
        supervision = self.supervision_word
        listing = optional("powerctl.render.flowchart", "flowchart_steps")
        steps = listing(power, supervision) if listing else self._steps(power)
        contact = self.reg.config.contact
        feedback = self.data.feedback_by_power.get(power.id, Counter())
        context = {
            "power": power,
            "row": self.power_row(power),
            "flowchart": svg,
            "steps": steps,
            "risks": sorted(self.data.risks_by_power.get(power.id, []), key=_risk_order),
            "complaint_phone": power.complaint_phone or contact.supervision_phone,
            "complaint_mailbox": power.complaint_mailbox or contact.mailbox,
            "notes": markdown_html(power.notes, 3, self.t["notes"]),
            "decisions": list(reversed(self.data.items_by_power.get(power.id, []))),
            "disclosures": self.data.disclosures_by_power.get(power.id, []),
            "feedback": [(s, feedback[s]) for s in STATUSES if feedback[s]],
            "feedback_total": sum(feedback.values()),
            "public_feedback": self.data.public_feedback_by_power.get(power.id, []),
        }
        return Page(power_path(power.id), "power.html", power.title, "powers", context)

    @staticmethod
    def _steps(power: Power) -> list[tuple[str, str]]:
        names = {s.id: s.name for s in power.steps}
        return [
            (f"{n}. {s.name}", "；".join(names.get(t, t) for _, t in s.next))
            for n, s in enumerate(power.steps, start=1)
        ]

    def traceability_page(self) -> Page:
        rows = [self.power_row(p) for p in sorted(self.reg.powers.values(), key=lambda p: p.id)]
        totals = {
            "decisions": sum(r["decisions"] for r in rows),
            "risks": sum(sum(r["risks"].values()) for r in rows),
            "disclosures": sum(r["disclosures"] for r in rows),
            "feedback": sum(r["feedback"] for r in rows),
        }
        context = {"rows": rows, "totals": totals}
        return Page(
            "traceability.html", "traceability.html", self.t["traceability"], "powers", context
        )

    def risks_page(self) -> Page:
        risks = sorted(self.reg.risks, key=_risk_order)
        policy = self.reg.config.policy
        draw = optional("powerctl.render.heatmap", "heatmap_svg")
        heatmap = None
        if draw is not None:
            try:
                heatmap = safe_svg(draw(risks, policy.risk_levels_high, policy.risk_levels_medium))
            except Exception:  # a broken picture must not take the board down
                heatmap = None
        counts = Counter(r.level for r in risks)
        context = {
            "risks": risks,
            "heatmap": heatmap,
            "counts": {lvl: counts[lvl] for lvl in LEVELS},
            "levels": LEVELS,
        }
        return Page("risks.html", "risks.html", self.t["risks"], "risks", context)

    def decisions_page(self) -> Page:
        meetings = []
        for meeting in sorted(
            self.reg.meetings.values(), key=lambda m: (m.date, m.id), reverse=True
        ):
            entries = self.data.items_by_meeting.get(meeting.id, [])
            if entries:
                notes = markdown_html(meeting.notes, 4)
                meetings.append((meeting, sd.anchor("meeting", meeting.id), notes, entries))
        context = {"meetings": meetings, "item_count": len(self.data.items)}
        return Page("decisions.html", "decisions.html", self.t["decisions"], "decisions", context)

    def ledger_page(self) -> Page:
        context = {"entries": [(entry, *self.subject(entry)) for entry in self.data.disclosures]}
        return Page("ledger.html", "ledger.html", self.t["ledger"], "ledger", context)

    def feedback_page(self) -> Page:
        counts = self.view.feedback_counts
        by_month: dict[str, Counter[str]] = {}
        for count in sorted(counts, key=lambda c: c.month):
            by_month.setdefault(count.month, Counter())[count.status] += 1
        by_power = Counter(c.power for c in counts)
        powers = sorted((p for p in by_power if p is not None), key=lambda p: (-by_power[p], p))
        context = {
            "months": [(m, [c[s] for s in STATUSES], sum(c.values())) for m, c in by_month.items()],
            "statuses": STATUSES,
            "status_totals": [sum(c.status == s for c in counts) for s in STATUSES],
            "total": len(counts),
            "by_power": [(p, by_power[p]) for p in powers],
            "other": by_power[None],
            "public": [
                (f, sd.feedback_power(self.data, f))
                for f in sorted(
                    self.reg.feedback, key=lambda f: (f.received_on, f.id), reverse=True
                )
            ],
        }
        return Page("feedback.html", "feedback.html", self.t["feedback"], "feedback", context)

    def complaints_page(self) -> Page:
        contact = self.reg.config.contact
        channels: dict[tuple[str | None, str | None], list[Power]] = {}
        for power in sorted(self.reg.powers.values(), key=lambda p: p.id):
            key = (
                power.complaint_phone or contact.supervision_phone,
                power.complaint_mailbox or contact.mailbox,
            )
            if key != (contact.supervision_phone, contact.mailbox):
                channels.setdefault(key, []).append(power)
        context = {
            "channels": list(channels.items()),
            "rules": committee_rules(self.reg.config.policy, self.lang),
        }
        return Page(
            "complaints.html", "complaints.html", self.t["complaints"], "complaints", context
        )

    def history_page(self, history: list[HistoryEntry] | None) -> Page:
        """修订记录; also links each power page with a history to its section."""
        link = power_links(history)
        for page in self.power_pages:
            page.context["history_href"] = link(page.context["power"].id)
        context = history_context(history, self.reg.powers)
        return Page("history.html", "history.html", self.t["history"], "history", context)

    def search_page(self, bundles: list[str]) -> Page:
        """`bundles`: the search index's folders, the main one first (none: not built)."""
        context = {"built": bool(bundles), "merged": bundles[1:]}
        return Page("search.html", "search.html", self.t["search"], "search", context)


def _risk_order(risk: Any) -> tuple[int, int, str]:
    rank = LEVELS.index(risk.level) if risk.level in LEVELS else len(LEVELS)
    return (rank, -risk.score, risk.id)


def long_date(day: dt.date | None, lang: Lang) -> str:
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日" if lang is Lang.ZH else day.isoformat()
