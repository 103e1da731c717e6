"""The Atom feed of the disclosure ledger (feedgen), so people can subscribe to the board.

Reproducible: every date comes from the records (`updated` is set explicitly, never "now"), ids
are URNs from the unit and entry ids, links are relative to the feed (the site has no fixed host).
"""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from powerctl.i18n import Lang
from powerctl.model.records import Disclosure
from powerctl.render.site_text import CHROME, label, xml_text

# the records are dated in local (Beijing) time
CST = dt.timezone(dt.timedelta(hours=8))


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=CST)


def atom_feed(
    unit_id: str,
    unit_name: str,
    entries: list[Disclosure],
    as_of: dt.date,
    lang: Lang,
    subject: dict[str, str],
) -> bytes:
    """`entries` newest first (published ones only); `subject[id]` is the text of what each
    published, shown as the entry's summary when the entry has none."""
    feed = FeedGenerator()
    feed.id(xml_text(f"urn:powerctl:{unit_id or 'unit'}:disclosures"))
    feed.title(xml_text(f"{unit_name} {CHROME['feed_title'].get(lang)}"))
    feed.author({"name": xml_text(unit_name) or "powerctl"})
    feed.link(href="index.html", rel="alternate", type="text/html")
    feed.link(href="feed.xml", rel="self", type="application/atom+xml")
    feed.language("zh-CN" if lang is Lang.ZH else "en")
    feed.generator("powerctl")
    newest = max((e.published_on for e in entries if e.published_on), default=as_of)
    feed.updated(_stamp(newest))
    # feedgen prepends each new entry; add oldest first so the feed reads newest first
    for entry in reversed(entries):
        assert entry.published_on is not None
        item = feed.add_entry()
        item.id(xml_text(f"urn:powerctl:{unit_id or 'unit'}:disclosure:{entry.id}"))
        # Atom requires a title (feedgen refuses an empty one): the entry's id stands in
        item.title(xml_text(entry.title).strip() or xml_text(entry.id).strip() or "-")
        item.link(
            href=xml_text(f"ledger.html#{_fragment(entry.id)}"), rel="alternate", type="text/html"
        )
        item.published(_stamp(entry.published_on))
        item.updated(_stamp(entry.withdrawn_on or entry.published_on))
        kind = label("disclosure_kind", entry.kind, lang)
        text = entry.summary or subject.get(entry.id) or entry.title
        item.summary(xml_text(f"【{kind}】{text}" if kind else text))
        item.category(term=xml_text(entry.kind or "other"), label=xml_text(kind) or None)
    data: bytes = feed.atom_str(pretty=True, encoding="UTF-8")
    return data


def _fragment(record_id: str) -> str:
    from powerctl.render.site_data import anchor

    return anchor("entry", record_id)
