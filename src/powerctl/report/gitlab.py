"""`powerctl lint --format gitlab`: a GitLab Code Quality report (the `codequality` artifact of
a CI job), which GitLab shows in the merge request widget and the diff.

Only findings that are not waived: Code Quality has no notion of a dismissed issue.
"""

from __future__ import annotations

import json
from typing import Any

from powerctl.findings import Finding, Report, Severity
from powerctl.i18n import Lang
from powerctl.report.json_report import fingerprints, ordered

# Code Quality severities are info | minor | major | critical | blocker.
SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def render(report: Report, lang: Lang) -> str:
    findings = ordered(report.active)
    issues = [
        _issue(finding, lang, fingerprint)
        for finding, fingerprint in zip(findings, fingerprints(findings, "md5"), strict=True)
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def _issue(finding: Finding, lang: Lang, fingerprint: str) -> dict[str, Any]:
    line = finding.position.line if finding.position else 1
    return {
        "description": finding.message.get(lang),
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITY[finding.severity],
        "location": {"path": finding.file, "lines": {"begin": line}},
    }
