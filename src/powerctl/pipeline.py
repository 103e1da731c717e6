"""load -> schema -> model -> checks -> waivers -> positions: one run over a registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from powerctl.assets import asset_problems
from powerctl.calendar import WorkCalendar
from powerctl.filecheck import load_checked
from powerctl.findings import DocPath, Finding, Position, Report, Severity
from powerctl.load import LoadedRegistry
from powerctl.model import Registry, build_registry
from powerctl.rules import CATALOG
from powerctl.rules.base import Context
from powerctl.rules.waivers import apply_waivers
from powerctl.settings import Settings

VALIDATE_PREFIX = "PC1"


@dataclass
class Run:
    """Everything one run produced, for commands that need more than the report."""

    loaded: LoadedRegistry
    registry: Registry
    report: Report


# A file that does not load or match its schema cannot be checked by any other rule, so these
# are reported whatever --select says (unless explicitly ignored).
ALWAYS = ("PC100", "PC105")


def selected_codes(select: Iterable[str], ignore: Iterable[str] = ()) -> set[str]:
    """Codes chosen by prefixes (`PC3`, `PC301`); ignore wins over select."""
    chosen, dropped = tuple(select), tuple(ignore)
    codes = {c for c in CATALOG.rules if c.startswith(chosen) or c in ALWAYS}
    return {c for c in codes if not c.startswith(dropped)} if dropped else codes


def run(
    root: Path,
    settings: Settings,
    select: Iterable[str] = (VALIDATE_PREFIX,),
    ignore: Iterable[str] = (),
) -> Run:
    """Check the registry at `root` with the rules chosen by `select` and `ignore` (prefixes)."""
    loaded, results = load_checked(root, settings.max_bytes, settings.files)
    findings: list[Finding] = list(loaded.findings)
    invalid: dict[str, set[DocPath | None]] = {}
    for checked in results:
        findings.extend(checked.findings)
        invalid[checked.doc.rel] = checked.invalid
    registry = build_registry(loaded.documents, invalid)
    findings.extend(asset_problems(root, registry))
    # a rule set to `off` in powerctl.yaml does not run (so its waivers are not judged either)
    off = {code for code, level in registry.config.rule_severity.items() if level == "off"}
    ran = selected_codes(select, ignore) - off
    config = registry.config
    context = Context(
        today=settings.today or dt.date.today(),
        calendar=WorkCalendar(config.holidays, config.workdays),
    )
    for codes, check in CATALOG.checks:
        if any(code in ran for code in codes):
            findings.extend(f for f in check(registry, context) if f.code in ran)
    findings = [f for f in findings if f.code in ran]
    findings = _apply_severities(findings, registry)
    findings.extend(_apply_severities(apply_waivers(findings, registry, ran), registry))
    documents = {doc.rel: doc for doc in loaded.documents}
    for finding in findings:
        if finding.position is None:
            owner = documents.get(finding.loc.file)
            finding.position = (
                owner.position(finding.loc.path, key=not finding.at_value)
                if owner
                else Position(1, 1)
            )
    if settings.only:
        findings = [f for f in findings if _selected(root, f.loc.file, settings.only)]
    findings.sort(key=Finding.sort_key)
    with_findings = {f.loc.file for f in findings}
    report = Report(
        findings,
        files=sorted({doc.rel for doc in loaded.documents} | {f.file for f in loaded.findings}),
        notices=context.calendar.notices(),
        files_checked=len(loaded.documents),
        sources={rel: doc.lines for rel, doc in documents.items() if rel in with_findings},
    )
    return Run(loaded, registry, report)


def _apply_severities(findings: list[Finding], registry: Registry) -> list[Finding]:
    """powerctl.yaml `rules:` sets a rule to error, warning or off."""
    overrides = registry.config.rule_severity
    kept = []
    for finding in findings:
        setting = overrides.get(finding.code)
        if setting == "off":
            continue
        if setting in ("error", "warning"):
            finding.severity = Severity(setting)
        kept.append(finding)
    return kept


def _selected(root: Path, rel: str, only: tuple[Path, ...]) -> bool:
    target = (root / rel).resolve()
    for path in only:
        chosen = path.resolve()
        if target == chosen or chosen in target.parents:
            return True
    return False
