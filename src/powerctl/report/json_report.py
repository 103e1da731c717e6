"""`powerctl lint --format json`: the report as one JSON document, for scripts and dashboards.

Format version 1 (a contract: add keys in a new version, never rename):

    {"version": 1,
     "findings": [{"code", "severity", "file", "line", "column", "message", "waived", "record_id"}],
     "summary": {"errors", "warnings", "waived", "files"}}

`file` is registry-relative POSIX, `line`/`column` are 1-based (null when unknown), waived
findings are listed with `"waived": true` and are not counted in `errors`/`warnings`.

This module also holds the small facts about findings that the other machine-readable writers
share (order, fingerprints, the waiver that applied, the files a report knows).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from powerctl.findings import Finding, Report
from powerctl.i18n import Lang
from powerctl.model.records import Waiver

FORMAT_VERSION = 1


def render(report: Report, lang: Lang) -> str:
    return json.dumps(document(report, lang), ensure_ascii=False, indent=2) + "\n"


def document(report: Report, lang: Lang) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "findings": [_finding(f, lang) for f in ordered(report.findings)],
        "summary": {
            "errors": report.errors,
            "warnings": report.warnings,
            "waived": report.waived,
            "files": report.files_checked,
        },
    }


def _finding(finding: Finding, lang: Lang) -> dict[str, Any]:
    pos = finding.position
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "file": finding.file,
        "line": pos.line if pos else None,
        "column": pos.column if pos else None,
        "message": finding.message.get(lang),
        "waived": finding.waived,
        "record_id": finding.record_id,
    }


# --- shared by the machine-readable writers ---------------------------------------------------


def ordered(findings: list[Finding]) -> list[Finding]:
    """File, line, column, code, then message: the same input always gives the same output."""
    return sorted(findings, key=lambda f: (*f.sort_key(), f.message.en))


def fingerprints(findings: list[Finding], digest: str = "sha256") -> list[str]:
    """A stable identity per finding for CI systems that track issues across runs (SARIF
    partialFingerprints, GitLab's fingerprint): rule, file, record and the English message, not
    the line, so an issue keeps its identity when lines above it move, and not the output
    language. Identical findings in one file get their ordinal mixed in, as both consumers drop
    results whose fingerprints collide."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    out = []
    for finding in findings:
        key = (finding.code, finding.file, finding.record_id or "", finding.message.en)
        nth = seen[key]
        seen[key] += 1
        text = "\x1f".join((*key, str(nth) if nth else ""))
        out.append(hashlib.new(digest, text.encode("utf-8"), usedforsecurity=False).hexdigest())
    return out


def applied_waiver(finding: Finding) -> Waiver | None:
    """The waiver that waived `finding` (the first valid one of its record naming its rule)."""
    if not finding.waived:
        return None
    for candidate in finding.waivable_by:
        if isinstance(candidate, Waiver) and candidate.valid and candidate.rule == finding.code:
            return candidate
    return None


def known_files(report: Report) -> list[str]:
    """Every file the report knows of: the checked files (`Report.files`, where the report
    carries them), the files with source text, and the files findings point at."""
    files = set(getattr(report, "files", None) or ())
    files.update(report.sources)
    files.update(f.file for f in report.findings)
    return sorted(files)
