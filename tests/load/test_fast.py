"""The fast path (load/fast.py) builds exactly what the precise path builds, or declines.

And the compiled validator (jsonschema-rs) never calls valid what jsonschema rejects: it only
decides whether jsonschema has to look.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import dump_yaml, minimal_records
from powerctl.load.document import Document, Kind
from powerctl.load.fast import fast_compose
from powerctl.load.parse import parse
from powerctl.schema import _surely_valid, to_json, validate_document
from test_fuzz import DATA, KIND_FILES, YAMLISH, fuzz_settings, replace_somewhere

ROOT = Path(__file__).resolve().parents[2]
RECORD_FILES = sorted(
    p
    for folder in ("examples/township", "examples/broken")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in (".yaml", ".yml") and ".powerctl-cache" not in p.parts
)


def same(a: Any, b: Any) -> bool:
    """Equal with the same types all the way down (1, 1.0 and True are not the same value)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def agrees(text: str) -> bool:
    """The fast path either declines or matches the precise path; returns whether it took it."""
    ok, data = fast_compose(text)
    if not ok:
        assert data is None
        return False
    precise = parse(text)
    assert not precise.fatal and not precise.problems, (text, precise.problems)
    assert same(data, precise.data), (text, data, precise.data)
    return True


def test_example_files_agree_and_most_take_the_fast_path() -> None:
    assert len(RECORD_FILES) > 100
    taken = [agrees(p.read_bytes().decode("utf-8", errors="replace")) for p in RECORD_FILES]
    # examples/broken holds tags, aliases and duplicate keys on purpose; the rest is plain
    assert sum(taken) > 0.8 * len(taken)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchor and alias
        "a: !!str 1\n",  # a tag
        "a: !!python/object:os.system ls\n",
        "a: 1\na: 2\n",  # duplicate key
        "base: {x: 1}\nb:\n  <<: {x: 1}\n",  # merge key
        "a: 1\n---\nb: 2\n",  # two documents
        "a: x\u2028y\n",  # LS is not a line break in YAML 1.2
        "a: x\x85y\n",
        "[" * 100 + "]" * 100,  # deeper than the limit
        "? [a]\n: 1\n",  # a list as a key
        "a: [1\n",  # a syntax error
        "a:\tb\n\tc: d\n",
    ],
)
def test_declines_what_is_not_plain(text: str) -> None:
    assert fast_compose(text) == (False, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: no\nb: on\nc: yes\n", {"a": "no", "b": "on", "c": "yes"}),  # YAML 1.2: text
        ("a: true\nb: 0x1F\nc: 1e3\nd: ~\n", {"a": True, "b": 31, "c": 1000.0, "d": None}),
        (
            "d: 2026-02-28\ne: 2026-02-30\nf: '2026-02-28'\n",
            {"d": dt.date(2026, 2, 28), "e": "2026-02-30", "f": "2026-02-28"},
        ),
        ("1: a\ntrue: b\n", {"1": "a", "true": "b"}),  # keys stay text, as in compose.py
        ("'<<': quoted is fine\n", {"<<": "quoted is fine"}),
        ("", None),
        ("# 只有注释\n", None),
    ],
)
def test_yaml_12_core_resolution(text: str, expected: Any) -> None:
    ok, data = fast_compose(text)
    assert ok
    assert same(data, expected)
    assert agrees(text)


@fuzz_settings(1.0)
@given(text=YAMLISH)
def test_yamlish_text_agrees(text: str) -> None:
    agrees(text)


@fuzz_settings(0.5)
@given(data=DATA)
def test_dumped_data_takes_the_fast_path(data: Any) -> None:
    text = dump_yaml({"root": data})
    agrees(text)


# --- jsonschema-rs only ever says "valid" when jsonschema agrees -------------------------------

_KINDS = {
    "powerctl.yaml": Kind.CONFIG,
    "org/people.yaml": Kind.PEOPLE,
    "org/bodies.yaml": Kind.BODIES,
    "powers/DW-001.yaml": Kind.POWER,
    "risks/DW-001.yaml": Kind.RISKS,
    "meetings/2026/M-01.yaml": Kind.MEETING,
    "disclosures/2026.yaml": Kind.DISCLOSURES,
    "feedback/2026.yaml": Kind.FEEDBACK,
}


def _python_errors(kind: Kind, data: Any) -> int:
    from powerctl.schema import validator

    return sum(1 for _ in validator(kind).iter_errors(to_json(data)))


def test_minimal_records_are_valid_for_both() -> None:
    records = minimal_records()
    for where, kind in _KINDS.items():
        assert _surely_valid(kind, to_json(records[where]))
        assert _python_errors(kind, records[where]) == 0


@fuzz_settings(1.0)
@given(choice=st.data(), where=st.sampled_from(KIND_FILES), value=DATA)
def test_fast_validity_implies_jsonschema_validity(choice: Any, where: str, value: Any) -> None:
    record = replace_somewhere(minimal_records()[where], choice.draw, value)
    kind = _KINDS[where]
    if _surely_valid(kind, to_json(record)):
        assert _python_errors(kind, record) == 0, record
    elif record is not None:  # not sure: the slow path words every error (None: an empty file)
        doc = Document(where, kind, Path(where), data=record, spans={})
        result = validate_document(doc)
        assert result.findings or _python_errors(kind, record) == 0


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("\r\x1f", 1, 0),
        ("a\r\n\x1f", 1, 0),
        ("ab\x1f", 0, 2),
        ("x\ny\x1f", 1, 1),
        ("\r\r\x07", 2, 0),
    ],
)
def test_control_character_position_counts_cr_as_a_line_end(
    text: str, line: int, column: int
) -> None:
    """Found by test_fuzz: a control character after a lone CR was placed on the line above."""
    problems = parse(text).problems
    assert [(p.line, p.column) for p in problems] == [(line, column)]
