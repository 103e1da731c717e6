"""Markup the web board embeds without autoescaping, each made safe here: the Markdown `notes`
(markdown-it-py, raw HTML off, links limited to http(s)/mailto, no images: nothing loads from the
network) and the inline SVG pictures drawn by flowchart.py and heatmap.py (checked for script)."""

from __future__ import annotations

import importlib
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

log = logging.getLogger(__name__)

_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


def _validate_link(url: str) -> bool:
    return bool(_SAFE_LINK.match(url.strip()))


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.disable("image")  # an image would be a request to another host
    return md


_MD = _markdown()


def markdown_html(
    text: str | None, heading_base: int = 3, drop_heading: str | None = None
) -> Markup:
    """Notes as HTML. Headings are moved down so the first level is `heading_base` (the page has
    its own h1 and h2); a leading heading equal to `drop_heading` (the section's own title) is
    dropped."""
    if not text or not text.strip():
        return Markup("")
    tokens = _MD.parse(text)
    if (
        drop_heading is not None
        and len(tokens) >= 3
        and tokens[0].type == "heading_open"
        and tokens[1].content.strip() == drop_heading
    ):
        tokens = tokens[3:]
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = heading_base - min(levels) if levels else 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, max(1, int(token.tag[1]) + shift))}"
        if token.type == "link_open":
            token.attrSet("rel", "noopener noreferrer")
    return Markup(_MD.renderer.render(tokens, _MD.options, {}))


_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "image", "use"}


def safe_svg(svg: str | None) -> Markup | None:
    """The SVG as markup when it is a plain drawing: parsable, no script, no event handler, no
    link or reference that loads anything. Otherwise None (the page falls back to text)."""
    if not svg:
        return None
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        log.warning("an SVG picture did not parse; showing text instead")
        return None
    for element in root.iter():
        tag = element.tag.removeprefix(_SVG_NS) if isinstance(element.tag, str) else ""
        if tag in _FORBIDDEN_TAGS:
            return None
        for name, value in element.attrib.items():
            plain = name.rsplit("}", 1)[-1].lower()
            if plain.startswith("on") or name == _XLINK_HREF or plain == "href":
                if plain == "href" and value.startswith("#"):
                    continue
                return None
            if "url(" in value and "url(#" not in value.replace(" ", ""):
                return None
    return Markup(svg)


def optional(module: str, name: str) -> Callable[..., Any] | None:
    """A function from a sibling renderer that may not be installed (or may fail to import)."""
    try:
        found = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        log.warning("%s.%s is not available", module, name)
        return None
    return found if callable(found) else None
