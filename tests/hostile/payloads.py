"""Script and HTML payloads in every free-text field, and the checks of what render made of them.

The free-text fields come from the JSON Schemas (schemas/*.schema.json): every string property
without an enum, pattern or format whose title and description do not make it an id, a
reference, a code, a path, a phone number or a tag."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from conftest import REPO, minimal_records

SCHEMAS = REPO / "schemas"
# A string field whose title or description says one of these is not free text.
_NOT_FREE_TEXT = ("编号", "代码", "路径", "电话", "号码", "标签", "语言区域")

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": '"><img src=x onerror=alert(1)>',
    "template": "TPL{{7*7}}END {% if 1 %}JINJA{% endif %} ${7*7} #{7*7}",
    "javascript-url": "javascript:alert(1) JaVaScRiPt:alert(document.cookie) <javascript:alert(1)>",
    "markdown-link": (
        "[点击查看](javascript:alert(1)) ![图](javascript:alert(1)) "
        '<a href="javascript:alert(1)">链接</a> [参考][x]\n\n[x]: javascript:alert(1)'
    ),
    "polyglot": (
        "'\"--></style></textarea></title></script><svg/onload=alert(1)>]]><!--\n"
        "# 标题\n- 列表\n| a | b |\n\u202eevil\u202c <iframe src=javascript:alert(1)>"
    ),
}

# Which schema each record file follows.
SCHEMA_OF = {
    "powerctl.yaml": "config",
    "org/people.yaml": "people",
    "org/bodies.yaml": "bodies",
    "powers/DW-001.yaml": "power",
    "risks/DW-001.yaml": "risks",
    "meetings/2026/SJ-01.yaml": "meeting",
    "meetings/2026/M-01.yaml": "meeting",
    "disclosures/2026.yaml": "disclosures",
    "feedback/2026.yaml": "feedback",
}

Path_ = tuple[str, ...]  # "*": every item of a list, "?": every value of a mapping


def free_text_fields(schema_name: str) -> list[Path_]:
    schema = json.loads((SCHEMAS / f"{schema_name}.schema.json").read_text(encoding="utf-8"))
    found: list[Path_] = []
    _walk(schema, schema.get("$defs", {}), (), found, ())
    return sorted(set(found))


def _walk(node: Any, defs: dict[str, Any], path: Path_, out: list[Path_], seen: Path_) -> None:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            _walk(defs[name], defs, path, out, (*seen, name))
        return
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key, []):
            _walk(sub, defs, path, out, seen)
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    words = f"{node.get('title', '')} {node.get('description', '')}"
    if (
        "string" in types
        and not {"enum", "pattern", "format", "const"} & node.keys()
        and not any(w in words for w in _NOT_FREE_TEXT)
    ):
        out.append(path)
    for name, sub in node.get("properties", {}).items():
        _walk(sub, defs, (*path, name), out, seen)
    if isinstance(node.get("items"), dict):
        _walk(node["items"], defs, (*path, "*"), out, seen)
    if isinstance(node.get("additionalProperties"), dict):
        _walk(node["additionalProperties"], defs, (*path, "?"), out, seen)


def _waiver(rule: str) -> dict[str, str]:
    return {"rule": rule, "reason": "x", "approved_by": "p-shu"}


def full_records() -> dict[str, Any]:
    """The minimal registry with every optional container that holds free text present
    (observers, absences, waivers, controls, complaint, answers ...), all public."""
    records = minimal_records()
    power = records["powers/DW-001.yaml"]
    power.update(description="d", conditions="c", notes="n", complaint={"mailbox": "m"})
    power["waivers"] = [_waiver("PC205")]
    for step in power["steps"]:
        step["actor"] = "a"
    risk = records["risks/DW-001.yaml"][0]
    risk.update(post="p", waivers=[_waiver("PC404")])
    for meeting in ("meetings/2026/SJ-01.yaml", "meetings/2026/M-01.yaml"):
        data = records[meeting]
        data.update(notes="n", waivers=[_waiver("PC301")])
        data["attendance"]["absent"] = [{"person": "p-ban", "reason": "r"}]
        data["attendance"]["observers"] = [{"name": "n", "as": "a"}]
        for item in data["items"]:
            item["waivers"] = [_waiver("PC308")]
            item["recusals"] = [{"person": "p-ban", "reason": "r"}]
            for statement in item["statements"]:
                statement["summary"] = "s"
    for body in records["org/bodies.yaml"]["bodies"]:
        body["waivers"] = [_waiver("PC204")]
        for membership in body["memberships"]:
            membership.update(title="t", duties="d", waivers=[_waiver("PC204")])
    for entry in records["disclosures/2026.yaml"]:
        entry.update(summary="s", waivers=[_waiver("PC502")])
    for entry in records["feedback/2026.yaml"]:
        entry.update(answer="a", secrecy="public", waivers=[_waiver("PC506")])
    return records


def fill(data: Any, path: Path_, value: str) -> int:
    """Set every place `path` names in `data` to `value`; returns how many were set."""
    if not path:
        return 0
    head, rest = path[0], path[1:]
    if head == "*":
        items = data if isinstance(data, list) else []
        return sum(_set_or_descend(items, i, rest, value) for i in range(len(items)))
    if head == "?":
        keys = list(data) if isinstance(data, dict) else []
        return sum(_set_or_descend(data, k, rest, value) for k in keys)
    if not isinstance(data, dict):
        return 0
    if not rest:
        data[head] = value
        return 1
    return fill(data[head], rest, value) if head in data else 0


def _set_or_descend(container: Any, key: Any, rest: Path_, value: str) -> int:
    if not rest:
        container[key] = value
        return 1
    return fill(container[key], rest, value)


def payload_records(payload: str) -> tuple[dict[str, Any], dict[str, list[Path_]]]:
    """The full registry with `payload` in every free-text field; also which fields of which
    schema were not found in any record (must be none)."""
    records = full_records()
    missing: dict[str, list[Path_]] = {}
    for schema_name in sorted(set(SCHEMA_OF.values())):
        files = [f for f, s in SCHEMA_OF.items() if s == schema_name]
        for path in free_text_fields(schema_name):
            # a list-file schema (risks, disclosures, feedback) starts with "*"
            count = sum(fill(records[f], path, payload) for f in files)
            if count == 0:
                missing.setdefault(schema_name, []).append(path)
    return records, missing


# --- checking the rendered output ----------------------------------------------------------

_ON_ATTRIBUTE = re.compile(r"^on[a-z]+$")
# `data:,` (the board's empty favicon) is harmless; data: URLs of HTML or SVG documents are not
_BAD_SCHEME = re.compile(
    r"^\s*(?:javascript|vbscript|data\s*:[^,]*(?:html|svg|script))\s*:?", re.IGNORECASE
)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "poster"}
_FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset"}
# the board's own scripts (render/site_*.py): external, under assets/
_OWN_SCRIPT = re.compile(r"^(?:\.\./)*assets/[a-z]+\.js$")


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"
        if tag == "script":
            self._in_script = True
            if not _OWN_SCRIPT.match(values.get("src") or ""):
                self.problems.append(f"script element not of the board's own: {where}")
        if tag in _FORBIDDEN_TAGS:
            self.problems.append(f"forbidden element: {where}")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.problems.append(f"meta refresh: {where}")
        for name, value in attrs:
            if _ON_ATTRIBUTE.match(name):
                self.problems.append(f"event handler attribute {name}: {where}")
            if name in _URL_ATTRIBUTES and value and _BAD_SCHEME.match(value):
                self.problems.append(f"{name} with a script URL: {where}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data[:80]!r}")


def html_problems(text: str) -> list[str]:
    """Active content in an HTML page: script elements other than the board's own, event
    handler attributes, script URLs, frames."""
    audit = _Audit()
    audit.feed(text)
    audit.close()
    return audit.problems


def raw_payload_problems(text: str) -> list[str]:
    """The payloads' tags, literally (a `<` not escaped), anywhere in a page's source."""
    pieces = ["<script>alert", "<img src=x", "<svg/onload", "<iframe src=javascript"]
    lowered = text.lower()
    return [f"raw {p!r}" for p in pieces if p in lowered]


def template_problems(text: str) -> list[str]:
    """A template engine evaluated record text: {{7*7}} became 49."""
    return [p for p in ("TPL49END", "TPL49 END") if p in text]


def site_problems(folder: Path) -> Iterator[str]:
    """Every problem in the HTML pages and the feed of a rendered board."""
    for page in sorted(folder.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        rel = page.relative_to(folder)
        for problem in html_problems(text) + raw_payload_problems(text) + template_problems(text):
            yield f"{rel}: {problem}"
    for feed in sorted(folder.rglob("*.xml")):
        # RSS readers show <description> as HTML: what it holds after XML decoding must be safe
        try:
            tree = ElementTree.parse(feed)
        except ElementTree.ParseError as exc:
            yield f"{feed.relative_to(folder)}: not well-formed XML ({exc})"
            continue
        for element in tree.iter():
            text = element.text or ""
            problems = template_problems(text)
            # Atom text constructs are plain text unless type="html"; RSS descriptions are HTML
            if element.get("type") == "html" or element.tag.endswith("description"):
                problems += html_problems(text)
            if element.get("type") == "xhtml":
                problems += html_problems(ElementTree.tostring(element, encoding="unicode"))
            for problem in problems:
                yield f"{feed.relative_to(folder)} <{element.tag}>: {problem}"


_FENCED = re.compile(r"^```.*?^```", re.M | re.S)


def markdown_problems(folder: Path) -> Iterator[str]:
    """Every problem in a Markdown board, as a Markdown viewer with raw HTML on would show it."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": True})
    renderer.validateLink = lambda url: True  # a viewer that trusts every link: the worst case
    for page in sorted(folder.rglob("*.md")):
        source = page.read_text(encoding="utf-8", errors="replace")
        text = renderer.render(source)
        rel = page.relative_to(folder)
        for problem in html_problems(text) + template_problems(source):
            yield f"{rel}: {problem}"
        # outside fenced blocks (```mermaid holds titles as text: Mermaid sets them as text)
        prose = _FENCED.sub("", source)
        if "<script>alert" in prose or "<img src=x" in prose:
            yield f"{rel}: raw payload in the Markdown source"
