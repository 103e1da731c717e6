"""The board's 修订记录 (revision history): what changed in the public records, commit by commit,
from the git history of the registry (issue 5: 如遇修订、调整及时更新, made visible to people who
never type `git log`).

Secrecy: both sides of every commit go through `public_view` before they are compared, so a change
to a record that is not public never shows; a commit that changed no public record is left out
entirely, together with its subject (a clerk's commit subject may name internal matters, and even
the date of an internal edit is not the public's business). The subject of a commit that did
change public records is shown: it is the clerk's own summary of a public change.

Git is run as a subprocess with list arguments (no shell) and a timeout; without git, or outside a
git work tree, there is no history (None) and the page says so.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from powerctl.i18n import Lang, Msg
from powerctl.model.registry import Registry
from powerctl.render import site_data as sd
from powerctl.render.public import public_view
from powerctl.render.site_text import LEVEL

log = logging.getLogger(__name__)

GIT_TIMEOUT = 30  # seconds, per git command
SEP = "\x1f"


@dataclass(frozen=True, slots=True)
class Change:
    """One change of one public record, in words."""

    text: str
    powers: tuple[str, ...]  # the powers it concerns (their ids)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One commit that changed public records."""

    date: dt.date
    subject: str
    short: str  # abbreviated commit hash
    changes: tuple[Change, ...]

    @property
    def powers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for c in self.changes for p in c.powers))

    def about(self, power_id: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if power_id in c.powers)


# --- git ----------------------------------------------------------------------------------------


def _git(args: list[str], cwd: Path) -> str | None:
    """stdout of `git ARGS`, or None when git is missing or fails."""
    try:
        done = subprocess.run(
            ["git", "-c", "log.showSignature=false", *args],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("git %s: %s", args[0], exc)
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    parent: str | None  # first parent; None for a root commit
    date: dt.date
    subject: str


def _commits(top: Path, rel: str, limit: int) -> list[Commit] | None:
    fmt = SEP.join(("%H", "%P", "%ad", "%s"))
    args = ["log", "--no-color", f"--format={fmt}", "--date=short", f"-n{limit}"]
    if rel != ".":
        args += ["--", f":(literal){rel}"]
    out = _git(args, top)
    if out is None:
        return None
    commits = []
    for line in out.splitlines():
        parts = line.split(SEP, 3)
        if len(parts) != 4:
            continue
        sha, parents, day, subject = parts
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            continue
        first = parents.split()[0] if parents.split() else None
        commits.append(Commit(sha, first, date, subject.strip()))
    return commits


def _gitdiff() -> Any | None:
    """powerctl.gitdiff, when it is there (the history degrades to none without it)."""
    try:
        return importlib.import_module("powerctl.gitdiff")
    except ImportError:
        return None


# --- the history --------------------------------------------------------------------------------


def history_entries(
    registry_root: Path,
    limit: int = 50,
    as_of: dt.date | None = None,
    lang: Lang = Lang.ZH,
    cache_dir: Path | None = None,
) -> list[HistoryEntry] | None:
    """The last `limit` commits that touched the registry and changed public records, newest
    first; None when the registry is not in a git work tree (or git is missing). With
    `cache_dir`, each commit's entry is kept (a commit never changes; the key also holds its
    parent, the board's date, the language and the powerctl code), so only new commits load
    the registry from git."""
    gitdiff = _gitdiff()
    if gitdiff is None:
        return None
    root = Path(registry_root).resolve()
    top_text = _git(["rev-parse", "--show-toplevel"], root)
    if top_text is None or not top_text.strip():
        return None
    top = Path(top_text.strip()).resolve()
    try:
        rel = root.relative_to(top).as_posix() or "."
    except ValueError:
        return None
    commits = _commits(top, rel, limit)
    if commits is None:
        return None
    day = as_of or dt.date.today()
    cache: dict[str | None, Registry | None] = {}

    def public_at(rev: str | None) -> Registry | None:
        """The public registry at `rev`, parsed once per commit; None when it cannot be read
        (or does not exist yet: the commit that created it)."""
        if rev not in cache:
            try:
                reg = gitdiff.registry_at(top, rel, rev)
                cache[rev] = public_view(reg, day).registry
            except Exception as exc:  # an old revision that does not load is no history
                log.info("registry at %s: %s", rev, exc)
                cache[rev] = None
        return cache[rev]

    store = _HistoryCache(cache_dir, rel, day, lang)
    entries = []
    for commit in commits:
        found, entry = store.get(commit)
        if not found:
            made = _entry(commit, public_at, gitdiff, lang)
            if made is False:
                continue
            entry = made if isinstance(made, HistoryEntry) else None
            store.put(commit, entry)
        if entry is not None:
            entries.append(entry)
    if store.blobs is not None:
        store.blobs.prune()
    return entries


def _entry(
    commit: Commit, public_at: Callable[[str | None], Registry | None], gitdiff: Any, lang: Lang
) -> HistoryEntry | bool | None:
    """The commit's entry; None when it changed no public record; False when it could not be
    read (not cached: git may do better next time)."""
    new = public_at(commit.sha)
    if new is None:
        return False
    old = public_at(commit.parent) if commit.parent else None
    if old is None:
        old = Registry(config=new.config)  # the registry starts here: everything is new
    try:
        data = json.loads(gitdiff.format_diff(gitdiff.diff_registries(old, new), "json", lang))
    except Exception as exc:
        log.info("diff of %s: %s", commit.sha[:10], exc)
        return False
    changes = describe(data.get("changes", []), old, new, lang)
    return HistoryEntry(commit.date, commit.subject, commit.sha[:8], changes) if changes else None


class _HistoryCache:
    """One small JSON file per commit under `<cache>/history/` (0600 in a 0700 folder). It
    holds only what the board shows: public changes in words, or that there were none."""

    def __init__(self, folder: Path | None, rel: str, day: dt.date, lang: Lang) -> None:
        from powerctl.render.site_cache import RenderCache, code_key, digest

        self.blobs = RenderCache(folder) if folder is not None else None
        self.base = digest(code_key(), "history", rel, day.isoformat(), lang.value)
        self.digest = digest

    def _key(self, commit: Commit) -> str:
        return self.digest(self.base, commit.sha, commit.parent or "")

    def get(self, commit: Commit) -> tuple[bool, HistoryEntry | None]:
        raw = self.blobs.get(self._key(commit)) if self.blobs is not None else None
        if raw is None:
            return False, None
        try:
            data = json.loads(raw)
            if data is None:
                return True, None
            changes = tuple(Change(str(c[0]), tuple(str(p) for p in c[1])) for c in data["c"])
            date = dt.date.fromisoformat(data["d"])
            return True, HistoryEntry(date, str(data["s"]), str(data["h"]), changes)
        except (ValueError, KeyError, TypeError, IndexError):
            return False, None

    def put(self, commit: Commit, entry: HistoryEntry | None) -> None:
        if self.blobs is None:
            return
        data = None
        if isinstance(entry, HistoryEntry):
            data = {
                "d": entry.date.isoformat(),
                "s": entry.subject,
                "h": entry.short,
                "c": [[c.text, list(c.powers)] for c in entry.changes],
            }
        self.blobs.put(self._key(commit), json.dumps(data, ensure_ascii=False).encode("utf-8"))


# --- changes in words ---------------------------------------------------------------------------

KIND = {
    "config": Msg("登记册设置", "registry settings"),
    "person": Msg("人员", "person"),
    "body": Msg("决策机构", "body"),
    "membership": Msg("成员任职", "membership"),
    "power": Msg("权力事项", "power"),
    "step": Msg("步骤", "step"),
    "supervision": Msg("监督环节", "supervision point"),
    "risk": Msg("风险点", "risk point"),
    "control": Msg("防控措施", "control"),
    "meeting": Msg("会议", "meeting"),
    "item": Msg("议题", "agenda item"),
    "disclosure": Msg("公开记录", "disclosure"),
    "feedback": Msg("群众意见", "feedback"),
}
VERB = {
    "added": Msg("新增", "added"),
    "removed": Msg("删除", "removed"),
    "changed": Msg("修改", "changed"),
}
SHORT = 30  # values up to this length are quoted old -> new; longer ones are only named


def _field_name(kind: str, name: str, lang: Lang) -> str:
    """The name `powerctl diff` gives a field, so the board and the diff use the same words."""
    try:
        names = importlib.import_module("powerctl.gitdiff_format")
        return str(names.field_name(kind, name, lang))
    except (ImportError, AttributeError):
        return name


def _value(value: Any) -> str | None:
    """A value short enough to quote, as text; None for a long or structured one."""
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        return None
    text = " ".join(str(value).split())
    return text if len(text) <= SHORT else None


def _field_words(kind: str, field: dict[str, Any], lang: Lang) -> str:
    name = str(field.get("field", ""))
    old, new = field.get("old"), field.get("new")
    zh = lang is Lang.ZH
    if name == "level" and old in LEVEL and new in LEVEL:
        a, b = LEVEL[old].get(lang), LEVEL[new].get(lang)
        return f"等级由{a}调为{b}" if zh else f"level {a} -> {b}"
    label = _field_name(kind, name, lang)
    if isinstance(old, list) and isinstance(new, list):
        gained = [str(v) for v in new if v not in old]
        lost = [str(v) for v in old if v not in new]
        parts = ([("增加 " if zh else "added ") + "、".join(gained)] if gained else []) + (
            [("去掉 " if zh else "removed ") + "、".join(lost)] if lost else []
        )
        if parts and all(len(p) <= SHORT * 2 for p in parts):
            return label + ("：" if zh else ": ") + ("，" if zh else ", ").join(parts)
    before, after = _value(old), _value(new)
    if before is not None and after is not None:
        return f"{label}由“{before}”改为“{after}”" if zh else f'{label} "{before}" -> "{after}"'
    return label


def _named(change: dict[str, Any]) -> str:
    rid, title = str(change.get("id", "")), str(change.get("label") or "")
    if not title or title == rid:
        return rid
    return f"{rid}《{title}》" if change.get("kind") == "power" else f"{rid}（{title}）"


def _steps_words(steps: list[dict[str, Any]], lang: Lang) -> str:
    """Flowchart step changes: 新增步骤 s4、s5，删除步骤 s2，修改步骤 s1."""
    zh = lang is Lang.ZH
    words = []
    for change in ("added", "removed", "changed"):
        ids = [str(s.get("id")) for s in steps if s.get("change") == change]
        if ids:
            verb = VERB[change].get(lang)
            words.append(f"{verb}步骤 {'、'.join(ids)}" if zh else f"{verb} steps {', '.join(ids)}")
    return ("，" if zh else ", ").join(words)


def _child_words(child: dict[str, Any], lang: Lang) -> str:
    kind = str(child.get("kind", ""))
    what = KIND[kind].get(lang) if kind in KIND else kind
    verb = VERB.get(str(child.get("change")), VERB["changed"]).get(lang)
    sep = "" if lang is Lang.ZH else " "
    text = f"{verb}{sep}{what} {_named(child)}"
    fields = [_field_words(kind, f, lang) for f in child.get("fields") or []]
    if child.get("change") == "changed" and fields:
        text += ("：" if lang is Lang.ZH else ": ") + ("、" if lang is Lang.ZH else ", ").join(
            fields
        )
    return text


def _sentence(change: dict[str, Any], lang: Lang) -> str:
    kind = str(change.get("kind", ""))
    zh = lang is Lang.ZH
    what = KIND[kind].get(lang) if kind in KIND else kind
    verb = VERB.get(str(change.get("change")), VERB["changed"]).get(lang)
    named = _named(change)
    head = f"{verb}{what} {named}" if zh else f"{verb.capitalize()} {what} {named}"
    if change.get("change") != "changed":
        return head
    fields = [_field_words(kind, f, lang) for f in change.get("fields") or []]
    children = [c for c in change.get("children") or [] if isinstance(c, dict)]
    steps = [c for c in children if c.get("kind") == "step"]
    others = [_child_words(c, lang) for c in children if c.get("kind") != "step"]
    if (
        zh
        and kind == "risk"
        and fields
        and not children
        and all(str(f.get("field")) == "level" for f in change.get("fields") or [])
    ):
        return f"{what} {change.get('id')} {fields[0]}"
    if zh and steps and not fields and not others:
        gap = "" if named.endswith(("》", "）")) else " "
        return f"修改 {named}{gap}流程图：{_steps_words(steps, lang)}"
    flow = [("流程图：" if zh else "flowchart: ") + _steps_words(steps, lang)] if steps else []
    parts = fields + flow + others
    if not parts:
        return head
    return head + ("：" if zh else ": ") + ("；" if zh else "; ").join(parts)


def _powers(change: dict[str, Any], old: Registry, new: Registry) -> tuple[str, ...]:
    """The public powers a change concerns (looked up on both sides: a removed risk counts)."""
    kind, rid = str(change.get("kind", "")), str(change.get("id", ""))
    found: list[str | None] = []
    for reg in (new, old):
        if kind == "power":
            found.append(rid if rid in reg.powers else None)
        elif kind == "risk":
            found += [r.power for r in reg.risks if r.id == rid]
        elif kind == "disclosure":
            found += [d.subject_power for d in reg.disclosures if d.id == rid]
        elif kind == "feedback":
            found += [f.about_power for f in reg.feedback if f.id == rid]
        elif kind == "meeting" and rid in reg.meetings:
            meeting = reg.meetings[rid]
            items = {str(c.get("id")) for c in change.get("children") or [] if isinstance(c, dict)}
            whole = change.get("change") != "changed"
            found += [i.power for i in meeting.items if whole or i.id in items]
    return tuple(dict.fromkeys(p for p in found if p))


def describe(
    changes: Iterable[dict[str, Any]], old: Registry, new: Registry, lang: Lang
) -> tuple[Change, ...]:
    """The changes of a semantic diff (its JSON form) as sentences, with the powers they touch."""
    return tuple(
        Change(_sentence(change, lang), _powers(change, old, new))
        for change in changes
        if isinstance(change, dict)
    )


# --- the page -----------------------------------------------------------------------------------


def history_anchor(power_id: str) -> str:
    return sd.anchor("history", power_id)


def history_context(history: list[HistoryEntry] | None, power_ids: Iterable[str]) -> dict[str, Any]:
    """What history.html is given: every entry, and per current public power its entries (only
    the changes about that power). One pass over the changes: a county's history has thousands
    of powers and changes, and asking each entry about each power is their product."""
    wanted = set(power_ids)
    by_power: dict[str, list[tuple[HistoryEntry, tuple[Change, ...]]]] = {}
    for entry in history or []:
        about: dict[str, list[Change]] = {}
        for change in entry.changes:
            for pid in dict.fromkeys(change.powers):
                if pid in wanted:
                    about.setdefault(pid, []).append(change)
        for pid, changes in about.items():
            by_power.setdefault(pid, []).append((entry, tuple(changes)))
    per_power = [
        (pid, history_anchor(pid), by_power[pid]) for pid in sorted(wanted) if pid in by_power
    ]
    return {"history": history, "per_power": per_power}


def power_links(history: list[HistoryEntry] | None) -> Callable[[str], str | None]:
    """power id -> its section of history.html (from the site root), or None."""
    touched = {p for e in history or [] for p in e.powers}
    return lambda pid: f"history.html#{history_anchor(pid)}" if pid in touched else None


__all__ = [
    "Change",
    "HistoryEntry",
    "describe",
    "history_anchor",
    "history_context",
    "history_entries",
    "power_links",
]
