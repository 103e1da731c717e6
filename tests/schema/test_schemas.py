"""The published JSON Schemas (schemas/*.schema.json): valid Draft 2020-12, documented in Chinese
at every level, enums equal to the contract (data-model.md, format-notes.md), and shipped
unchanged by `powerctl schema`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, REPO, CliResult
from powerctl.pipeline import run
from powerctl.settings import Settings

SCHEMAS = REPO / "schemas"
KINDS = ["bodies", "config", "disclosures", "feedback", "meeting", "people", "power", "risks"]
CJK = re.compile(r"[\u4e00-\u9fff]")

# The contract's value lists (data-model.md; step kinds from format-notes.md), keyed by schema and
# by the name of the property that carries the enum. `rules.*` is the value of any key of
# powerctl.yaml `rules:`.
SECRECY_MEETING = ["public", "internal", "confidential"]
SCOPE = ["public", "party", "internal"]
TIMING = ["fixed", "periodic", "staged", "immediate"]
CATEGORY = ["major_decision", "personnel", "major_project", "large_funds", "emergency", "ordinary"]
CONTRACT_ENUMS: dict[str, dict[str, list[Any]]] = {
    "config": {
        "level": ["county", "township", "village", "department"],
        "pass_rule": ["more_than_half_of_expected"],
        "principal_speaks_last": ["major", "all", "off"],
        "every_member_states_view": ["major", "all", "off"],
        "rules.*": ["error", "warning", "off"],
    },
    "people": {},
    "bodies": {
        "kind": [
            "congress",
            "plenary",
            "committee",
            "secretary_office",
            "joint_meeting",
            "village_committee",
        ],
        "role": ["principal", "deputy", "member"],
    },
    "power": {
        "category": CATEGORY,
        "secrecy": ["public", "party", "internal", "confidential"],
        "kind": ["action", "decision", "end"],
        "scope": SCOPE,
        "timing": TIMING,
    },
    "risks": {
        "found_by": ["self", "superior", "public", "peer", "organization"],
        "level": ["high", "medium", "low"],
    },
    "meeting": {
        "kind": ["regular", "extended", "emergency"],
        "secrecy": SECRECY_MEETING,
        "category": CATEGORY,
        "position": ["support", "oppose", "defer", "abstain"],
        "method": ["named", "secret", "show_of_hands", "none"],
        "option": ["yes", "no", "abstain"],
        "result": ["passed", "rejected", "deferred"],
        "scope": SCOPE,
        "timing": TIMING,
    },
    "disclosures": {
        "kind": ["advance", "decision", "result", "pre_appointment", "periodic", "other"],
        "scope": SCOPE,
        "channels": ["board", "website", "meeting", "bulletin", "other"],
    },
    "feedback": {
        "channel": ["phone", "mailbox", "website", "visit", "other"],
        "status": ["open", "answered", "closed"],
        "secrecy": SECRECY_MEETING,
    },
}

# Subschemas that only express a condition (if/then/not ...): they describe no field of a record.
_CONDITIONS = {"if", "then", "else", "not"}


def load(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{kind}.schema.json").read_text("utf-8"))
    return schema


def documented(schema: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """(path, subschema) for every property at every depth and every $defs entry."""
    if isinstance(schema, list):
        for i, sub in enumerate(schema):
            yield from documented(sub, f"{where}/{i}")
        return
    if not isinstance(schema, dict):
        return
    for keyword in ("properties", "$defs"):
        for name, sub in (schema.get(keyword) or {}).items():
            yield f"{where}/{keyword}/{name}", sub
    for keyword, sub in schema.items():
        if keyword not in _CONDITIONS:
            yield from documented(sub, f"{where}/{keyword}")


def enums(schema: Any, name: str = "", inside_condition: bool = False) -> Iterator[tuple[str, Any]]:
    """(property name, enum list) for every enum that constrains a field."""
    if isinstance(schema, list):
        for sub in schema:
            yield from enums(sub, name, inside_condition)
        return
    if not isinstance(schema, dict):
        return
    if "enum" in schema and not inside_condition:
        yield name, schema["enum"]
    for keyword, sub in schema.items():
        if keyword in ("properties", "$defs"):
            for child, child_schema in sub.items():
                yield from enums(child_schema, child, inside_condition)
        elif keyword == "additionalProperties":
            yield from enums(sub, f"{name}.*", inside_condition)
        elif keyword == "items":
            yield from enums(sub, name, inside_condition)
        elif isinstance(sub, dict | list):
            yield from enums(sub, name, inside_condition or keyword in _CONDITIONS)


def test_there_is_one_schema_per_record_kind() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == [
        f"{kind}.schema.json" for kind in KINDS
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = load(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", KINDS)
def test_schema_has_an_id(kind: str) -> None:
    schema_id = load(kind).get("$id")
    assert isinstance(schema_id, str) and kind in schema_id


def test_schema_ids_are_distinct() -> None:
    ids = [load(kind)["$id"] for kind in KINDS]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_and_definition_has_a_chinese_title_and_description(kind: str) -> None:
    schema = load(kind)
    entries = [("(root)", schema), *documented(schema)]
    assert len(entries) > 2
    undocumented = []
    for where, sub in entries:
        if not isinstance(sub, dict):
            undocumented.append(f"{where} is {sub!r}, not a documented schema")
            continue
        for keyword in ("title", "description"):
            text = sub.get(keyword)
            if not (isinstance(text, str) and CJK.search(text)):
                undocumented.append(f"{where}: {keyword} {text!r}")
    assert undocumented == []


@pytest.mark.parametrize("kind", KINDS)
def test_enums_equal_the_contract(kind: str) -> None:
    found: dict[str, list[list[Any]]] = {}
    for name, values in enums(load(kind)):
        found.setdefault(name, []).append(values)
    expected = CONTRACT_ENUMS[kind]
    # every enum of the schema is in the contract, and every contract list is in the schema
    assert sorted(found) == sorted(expected)
    for name, lists in found.items():
        for values in lists:
            assert values == expected[name], f"{kind}: {name}"


def test_the_example_registry_matches_the_schemas() -> None:
    findings = run(EXAMPLES / "township", Settings()).report.findings
    schema_errors = [(f.file, f.position, f.message.en) for f in findings if f.code == "PC100"]
    assert schema_errors == []


def test_schema_out_writes_the_shipped_schemas(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli("schema", "--out", out)
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == [f"{kind}.schema.json" for kind in KINDS]
    for name in written:
        assert (out / name).read_bytes() == (SCHEMAS / name).read_bytes(), name


def test_schema_prints_one_kind_as_json(cli: Callable[..., CliResult]) -> None:
    result = cli("schema", "meeting")
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == load("meeting")
    Draft202012Validator.check_schema(printed)


def test_schema_of_an_unknown_kind_is_a_usage_error(cli: Callable[..., CliResult]) -> None:
    result = cli("schema", "meetings")
    assert result.exit_code != 0
    assert "meeting" in result.stderr
