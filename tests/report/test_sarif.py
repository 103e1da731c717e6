"""`--format sarif` (report/sarif.py): SARIF 2.1.0, checked against the OASIS schema offline.

sarif-schema-2.1.0.json beside this file is the official schema (OASIS, errata 01; from the
oasis-tcs/sarif-spec repository, Schemata/sarif-schema-2.1.0.json), vendored so the test needs
no network.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from report_sample import CHINESE_FILE, ODD_FILE, ODD_ID, WAIVER_REASON, build_sample, make_finding

from conftest import RegistryBuilder
from powerctl.findings import Position, Report
from powerctl.i18n import Lang, Msg
from powerctl.report import sarif
from powerctl.rules import CATALOG

SCHEMA = Path(__file__).with_name("sarif-schema-2.1.0.json")


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    # every $ref is inside the file: validating never needs the network
    refs = [v for v in _walk(schema) if isinstance(v, tuple) and v[0] == "$ref"]
    assert refs and all(ref.startswith("#/") for _, ref in refs)
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield (key, value)
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def render(report: Report, lang: Lang = Lang.ZH) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(sarif.render(report, lang, tool_version="9.8.7"))
    return out


def test_valid_against_the_official_schema(registry: RegistryBuilder, validator: Any) -> None:
    sample = build_sample(registry)
    for lang in Lang:
        validator.validate(render(sample.report, lang))
    validator.validate(render(Report([], 0)))
    # and the validator does catch a broken log
    broken = render(sample.report)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_log_and_driver(registry: RegistryBuilder) -> None:
    log = render(build_sample(registry).report)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("powerctl", "9.8.7")
    assert run["language"] == "zh-CN"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert [r["id"] for r in driver["rules"]] == sorted(CATALOG.rules)


def test_one_descriptor_per_rule_from_its_declaration() -> None:
    log = render(Report([], 0), Lang.EN)
    for descriptor in log["runs"][0]["tool"]["driver"]["rules"]:
        rule = CATALOG.rules[descriptor["id"]]
        assert descriptor["shortDescription"] == {"text": rule.summary.en}
        assert descriptor["fullDescription"] == {"text": rule.what.en}
        assert descriptor["defaultConfiguration"] == {"level": rule.severity.value}
        assert descriptor["name"].isidentifier()
        text, markdown = descriptor["help"]["text"], descriptor["help"]["markdown"]
        for part in (rule.what.en, rule.why.en, rule.bad.rstrip(), rule.good.rstrip()):
            assert part in text and part in markdown
        assert "```yaml\n" + rule.bad.rstrip() + "\n```" in markdown
        assert all(key in text and key in markdown for key in rule.config)
    pc105 = next(d for d in log["runs"][0]["tool"]["driver"]["rules"] if d["id"] == "PC105")
    assert "limits.max_file_mb" in pc105["help"]["text"]


def test_results(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)
    run = render(sample.report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("PC103", "error"),
        ("PC102", "error"),
        ("PC108", "warning"),
        ("PC108", "warning"),
        ("PC102", "error"),
    ]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    recorder = sample.finding("PC102", "meetings/2026/M-01.yaml")
    pos = recorder.position
    assert pos is not None and pos.end_column is not None
    assert results[1]["message"] == {"text": recorder.message.zh}
    assert f"“{ODD_ID}”" in results[1]["message"]["text"]
    assert results[1]["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "meetings/2026/M-01.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {
                    "startLine": pos.line,
                    "startColumn": pos.column,
                    "endColumn": pos.end_column,
                },
            },
            "logicalLocations": [{"fullyQualifiedName": "M-01"}],
        }
    ]
    # relative URI references: `:` `,` and Chinese percent-encoded; no end column when unknown
    odd, chinese = results[2]["locations"][0], results[3]["locations"][0]
    assert odd == {
        "physicalLocation": {
            "artifactLocation": {"uri": "notes/a%3Ab%2Cc.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 1, "startColumn": 1},
        }
    }
    assert chinese["physicalLocation"]["artifactLocation"]["uri"] == (
        "notes/%E8%AF%B4%E6%98%8E.yaml"
    )
    assert sarif.artifact_uri(ODD_FILE) == "notes/a%3Ab%2Cc.yaml"
    assert sarif.artifact_uri(CHINESE_FILE) == "notes/%E8%AF%B4%E6%98%8E.yaml"


def test_waived_findings_are_suppressed_results(registry: RegistryBuilder) -> None:
    results = render(build_sample(registry).report, Lang.EN)["runs"][0]["results"]
    waived = [r for r in results if "suppressions" in r]
    assert len(waived) == 1
    assert waived[0]["ruleId"] == "PC103"
    assert waived[0]["suppressions"] == [
        {"kind": "inSource", "justification": f"waived: {WAIVER_REASON} (approved by p-shu)"}
    ]
    assert waived[0]["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "M-01#1"}]


def test_fingerprints_are_stable(registry: RegistryBuilder) -> None:
    sample = build_sample(registry)

    def prints(report: Report, lang: Lang = Lang.ZH) -> list[str]:
        results = render(report, lang)["runs"][0]["results"]
        return [r["partialFingerprints"]["powerctlFinding/v1"] for r in results]

    first = prints(sample.report)
    assert len(set(first)) == len(first)
    assert all(len(p) == 64 and int(p, 16) >= 0 for p in first)
    assert prints(sample.report) == first
    assert prints(sample.report, Lang.EN) == first  # the output language does not matter
    # moving a finding down the file (lines added above it) keeps its identity
    moved = copy.deepcopy(sample.report)
    for finding in moved.findings:
        assert finding.position is not None
        finding.position = dataclasses.replace(finding.position, line=finding.position.line + 5)
    assert prints(moved) == first


def test_identical_findings_get_distinct_fingerprints() -> None:
    twins = [make_finding(line=3), make_finding(line=9)]
    results = render(Report(twins, 1))["runs"][0]["results"]
    prints = {r["partialFingerprints"]["powerctlFinding/v1"] for r in results}
    assert len(prints) == 2


def test_notices_become_tool_notifications(validator: Any) -> None:
    report = Report(
        [make_finding()],
        1,
        notices=[Msg("节假日安排只到 2026 年", "the holiday calendar ends in 2026")],
    )
    log = render(report, Lang.EN)
    validator.validate(log)
    assert log["runs"][0]["invocations"] == [
        {
            "executionSuccessful": True,
            "toolExecutionNotifications": [
                {"level": "warning", "message": {"text": "the holiday calendar ends in 2026"}}
            ],
        }
    ]


def test_position_without_end_and_unknown_rule(validator: Any) -> None:
    odd = make_finding(code="PC999")
    odd.position = Position(2, 1)
    log = render(Report([odd], 1))
    validator.validate(log)
    (result,) = log["runs"][0]["results"]
    assert "ruleIndex" not in result
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 1,
    }


def test_utf8_text() -> None:
    text = sarif.render(Report([make_finding(message="中文说明")], 1), Lang.ZH, "1.0")
    assert "中文说明" in text and "\\u4e2d" not in text


def test_rule_name() -> None:
    rule = CATALOG.rules["PC101"]
    assert sarif.rule_name(rule) == "DuplicateIdWithinAKind"
    odd = dataclasses.replace(rule, summary=Msg("", "2/3 quorum: a member's view"))
    assert sarif.rule_name(odd) == "PC10123QuorumAMembersView"
