"""load -> schema -> model -> checks -> waivers -> positions: one run over a registry.

`check` is what validate and lint call: when no input changed since a run with the same settings
(same file bytes, schemas, powerctl version, date, rule selection, photos), the report of that run
is taken from the cache without building the model or importing the rules (benchmarks.md B3, B7).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from powerctl.cache import digest
from powerctl.filecheck import Inputs, iter_checked, read_inputs
from powerctl.findings import Finding, Position, Report, Severity
from powerctl.i18n import Msg
from powerctl.settings import Settings

if TYPE_CHECKING:
    from powerctl.load import LoadedRegistry
    from powerctl.model import Registry

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
    from powerctl.rules import CATALOG

    chosen, dropped = tuple(select), tuple(ignore)
    codes = {c for c in CATALOG.rules if c.startswith(chosen) or c in ALWAYS}
    return {c for c in codes if not c.startswith(dropped)} if dropped else codes


_REPORT_PREFIX = "report-"
_REPORTS_KEPT = 6  # validate, lint and a few --select variants side by side


@dataclass
class _CachedReport:
    report: Report
    photos: list[tuple[str, Msg | None]]  # each photo path checked and what was found


def check(
    root: Path,
    settings: Settings,
    select: Iterable[str] = (VALIDATE_PREFIX,),
    ignore: Iterable[str] = (),
) -> Report:
    """The report of `run`, from the cache when nothing it depends on changed."""
    inputs = read_inputs(root, settings.max_bytes, settings.files)
    if inputs.store is None:
        return run(root, settings, select, ignore, inputs).report
    today = settings.today or dt.date.today()
    name = _REPORT_PREFIX + digest(
        inputs.key,
        today.isoformat(),
        ",".join(select),
        "!" + ",".join(ignore),
        *[str(p) for p in settings.only],
        _calendar_version(),
    )
    hit = inputs.store.load(name)
    if isinstance(hit, _CachedReport) and _photos_unchanged(root, hit.photos):
        inputs.store.touch(name)
        return hit.report
    result = run(root, settings, select, ignore, inputs)
    from powerctl.assets import check_asset

    photos = [
        (p.photo, check_asset(root, p.photo))
        for p in result.registry.people.values()
        if p.photo is not None
    ]
    inputs.store.store(name, _CachedReport(result.report, photos))
    inputs.store.prune(_REPORT_PREFIX, name, keep=_REPORTS_KEPT)
    return result.report


def _calendar_version() -> str:
    """Which holiday data the calendar has (without importing it: start-up time)."""
    from importlib.util import find_spec

    spec = find_spec("chinese_calendar")
    if spec is None or not spec.submodule_search_locations:
        return "none"
    parts = []
    for folder in spec.submodule_search_locations:
        for path in sorted(Path(folder).glob("*.py")):
            info = path.stat()
            parts.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return digest(*parts)


def _photos_unchanged(root: Path, photos: list[tuple[str, Msg | None]]) -> bool:
    from powerctl.assets import check_asset

    return all(check_asset(root, ref) == found for ref, found in photos)


def run(
    root: Path,
    settings: Settings,
    select: Iterable[str] = (VALIDATE_PREFIX,),
    ignore: Iterable[str] = (),
    inputs: Inputs | None = None,
) -> Run:
    """Check the registry at `root` with the rules chosen by `select` and `ignore` (prefixes)."""
    from powerctl.assets import asset_problems
    from powerctl.calendar import WorkCalendar
    from powerctl.model.build import RegistryBuilder
    from powerctl.rules import CATALOG
    from powerctl.rules.base import Context
    from powerctl.rules.waivers import apply_waivers

    inputs = inputs or read_inputs(root, settings.max_bytes, settings.files)
    loaded = inputs.plan.loaded
    findings: list[Finding] = list(loaded.findings)
    builder = RegistryBuilder()
    for checked in iter_checked(inputs, settings.files):
        findings.extend(checked.findings)
        builder.add(checked.doc, checked.invalid)
        checked.doc.data = None  # built into the model; the data itself is not needed again
        loaded.documents.append(checked.doc)
    registry = builder.registry
    findings.extend(asset_problems(root, registry))
    # a rule set to `off` in powerctl.yaml does not run (so its waivers are not judged either)
    off = {code for code, level in registry.config.rule_severity.items() if level == "off"}
    ran = selected_codes(select, ignore) - off
    config = registry.config
    context = Context(
        today=settings.today or dt.date.today(),
        calendar=WorkCalendar(config.holidays, config.workdays),
    )
    for codes, rule_check in CATALOG.checks:
        if any(code in ran for code in codes):
            findings.extend(f for f in rule_check(registry, context) if f.code in ran)
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
