"""`powerctl lint --format sarif`: SARIF 2.1.0 (OASIS), for GitHub code scanning and other
static-analysis dashboards.

One run; the driver lists every rule of the catalogue (one `reportingDescriptor` each, with the
rule's documentation from its declaration), and every finding is a result. Waived findings are
results too, with an in-source suppression that quotes the waiver, so a dashboard shows them as
dismissed rather than losing them.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from powerctl.findings import Finding, Report, Severity
from powerctl.i18n import Lang, Msg
from powerctl.report.json_report import applied_waiver, fingerprints, ordered
from powerctl.ruledocs import entry_markdown
from powerctl.rules import CATALOG, Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "powerctlFinding/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}
# RFC 5646 tags for run.language: the language of every message in the log.
_LANGUAGE = {Lang.ZH: "zh-CN", Lang.EN: "en-US"}
_HEAD = {
    "why": Msg("依据", "Why"),
    "bad": Msg("错误示例", "Bad example"),
    "good": Msg("正确示例", "Good example"),
    "config": Msg("配置项", "Config keys"),
    "none": Msg("无", "none"),
    "waiver": Msg(
        "豁免理由：{reason}（批准人 {approver}）", "waived: {reason} (approved by {approver})"
    ),
    "waived": Msg("已豁免", "waived"),
}


def render(report: Report, lang: Lang, tool_version: str) -> str:
    return json.dumps(log(report, lang, tool_version), ensure_ascii=False, indent=2) + "\n"


def log(report: Report, lang: Lang, tool_version: str) -> dict[str, Any]:
    rules = [CATALOG.rules[code] for code in sorted(CATALOG.rules)]
    index = {rule.code: i for i, rule in enumerate(rules)}
    findings = ordered(report.findings)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "powerctl",
                "version": tool_version,
                "rules": [descriptor(rule, lang) for rule in rules],
            }
        },
        "invocations": [_invocation(report, lang)],
        "language": _LANGUAGE[lang],
        # positions come from the YAML parser, which counts characters, not UTF-16 units
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(finding, lang, index, fingerprint)
            for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)
        ],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def descriptor(rule: Rule, lang: Lang) -> dict[str, Any]:
    """The rule's `reportingDescriptor`, from the same declaration as `powerctl rules CODE`."""
    return {
        "id": rule.code,
        "name": rule_name(rule),
        "shortDescription": {"text": rule.summary.get(lang)},
        "fullDescription": {"text": rule.what.get(lang)},
        "help": {"text": _help_text(rule, lang), "markdown": entry_markdown(rule, lang)},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def rule_name(rule: Rule) -> str:
    """An identifier-like name (SARIF's `name`): the English summary in PascalCase."""
    words = re.findall(r"[A-Za-z0-9]+", re.sub(r"['\u2019]", "", rule.summary.en))
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name if name[:1].isalpha() else rule.code + name


def artifact_uri(file: str) -> str:
    """A registry-relative POSIX path as a relative URI reference: `:` (which would read as a
    scheme), `%`, spaces, `#`, `?` and non-ASCII names are percent-encoded as UTF-8."""
    return quote(file, safe="/")


def _help_text(rule: Rule, lang: Lang) -> str:
    """What, why, a bad and a good example and the config keys, as plain text."""
    h = {key: msg.get(lang) for key, msg in _HEAD.items()}
    colon = "\uff1a" if lang is Lang.ZH else ": "
    config = ", ".join(rule.config) or h["none"]
    return (
        f"{rule.what.get(lang)}\n\n{h['why']}{colon}{rule.why.get(lang)}\n\n"
        f"{h['bad']}{colon}\n{rule.bad.rstrip()}\n\n{h['good']}{colon}\n{rule.good.rstrip()}\n\n"
        f"{h['config']}{colon}{config}"
    )


def _invocation(report: Report, lang: Lang) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if report.notices:
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": notice.get(lang)}} for notice in report.notices
        ]
    return invocation


def _result(
    finding: Finding, lang: Lang, index: dict[str, int], fingerprint: str
) -> dict[str, Any]:
    region: dict[str, int] = {}
    pos = finding.position
    if pos is not None:
        region = {"startLine": pos.line, "startColumn": pos.column}
        if pos.end_column is not None:
            region["endColumn"] = pos.end_column
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": artifact_uri(finding.file), "uriBaseId": SRCROOT}
    }
    if region:
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.record_id is not None:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.record_id}]
    result: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    result |= {
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message.get(lang)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.waived:
        result["suppressions"] = [
            {"kind": "inSource", "justification": _justification(finding, lang)}
        ]
    return result


def _justification(finding: Finding, lang: Lang) -> str:
    waiver = applied_waiver(finding)
    if waiver is None:
        return _HEAD["waived"].get(lang)
    return _HEAD["waiver"].get(lang).format(reason=waiver.reason, approver=waiver.approved_by)
