"""JSON Schema validation (PC100): one finding per schema error, at the offending key's line.

Validators are compiled once per process per kind. The instance handed to jsonschema is a JSON
view of the document (dates as ISO strings), so the published schemas work for any other tool too.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from powerctl.findings import DocPath, Finding, Loc, Severity
from powerctl.load.document import Document, Kind
from powerctl.resources import schema_dir

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError

# jsonschema (and its messages) are imported only when a file fails the fast check: a clean run
# and `powerctl --help` do not pay for them (B7 in benchmarks.md)

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@cache
def formats() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(_is_date)
    return checker


def _is_date(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    if not _DATE.match(instance):
        return False
    try:
        dt.date.fromisoformat(instance)
    except ValueError:
        return False
    return True


def schema_file(kind: Kind) -> str:
    return f"{kind.value}.schema.json"


@cache
def load_schema(kind: Kind) -> dict[str, Any]:
    with open(schema_dir() / schema_file(kind), encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@cache
def validator(kind: Kind) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(kind), format_checker=formats())


@cache
def fast_validator(kind: Kind) -> Any:
    """jsonschema-rs, compiled once per process: it answers "valid?" about 100x faster than
    jsonschema, which still words the messages of the files that fail. None when unavailable."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a dependency; a broken install falls back
        return None
    return jsonschema_rs.Draft202012Validator(load_schema(kind), validate_formats=True)


def _surely_valid(kind: Kind, instance: Any) -> bool:
    fast = fast_validator(kind)
    if fast is None:
        return False
    try:
        return bool(fast.is_valid(instance))
    except Exception:  # e.g. a number JSON cannot hold: let jsonschema judge
        return False


def to_json(value: Any) -> Any:
    """The JSON view of composed YAML data (dates become ISO strings)."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def record_key(kind: Kind, path: DocPath) -> DocPath | None:
    """Which record of the file an error path falls in: () for single-record files,
    (index,) for lists; None when the error is above any record (the whole file is bad)."""
    if kind in (Kind.PEOPLE, Kind.BODIES):
        return (path[1],) if len(path) >= 2 and isinstance(path[1], int) else None
    if kind in (Kind.RISKS, Kind.DISCLOSURES, Kind.FEEDBACK):
        if path and isinstance(path[0], int):
            return (path[0],)
        return None
    return ()


@dataclass
class SchemaResult:
    findings: list[Finding] = field(default_factory=list)
    # records (see record_key) with errors; None in the set means the whole file
    invalid: set[DocPath | None] = field(default_factory=set)


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """anyOf/oneOf: report the best-matching alternative, not all of them."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        alternatives = [e for e in error.context if e.validator != "type"] or list(error.context)
        from jsonschema.exceptions import best_match

        best = best_match(alternatives)
        if best is not None and best.validator not in ("type",):
            yield best
            return
    yield error


def _false_schema_path(instance: Any, path: DocPath, error: ValidationError) -> DocPath:
    """jsonschema reports a `false` subschema (`"ballots": false`) at the parent object; find
    the key whose value was rejected, so the finding points at it."""
    parent = instance
    for part in path:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return path
    if isinstance(parent, dict):
        for key, value in parent.items():
            if value is error.instance:
                error.path.append(key)
                return (*path, key)
    return path


def _allowed_keys(schema: Any) -> list[str]:
    if not isinstance(schema, dict):
        return []
    return sorted((schema.get("properties") or {}).keys())


def validate_document(doc: Document) -> SchemaResult:
    result = SchemaResult()
    if doc.data is None:
        return result
    # the fast path hands over the JSON view itself (Document.pending_dates)
    instance = doc.data if doc.pending_dates is not None else to_json(doc.data)
    if _surely_valid(doc.kind, instance):
        return result
    from powerctl.schema.messages import (
        dotted,
        non_finite_message,
        translate,
        unexpected_key_message,
    )

    for top in validator(doc.kind).iter_errors(instance):
        for error in _leaves(top):
            path = tuple(error.absolute_path)
            if error.schema is False:
                path = _false_schema_path(instance, path, error)
            result.invalid.add(record_key(doc.kind, path))
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                allowed = _allowed_keys(error.schema)
                where = dotted(path)
                for key in error.instance:
                    if key not in allowed:
                        result.findings.append(
                            _finding(
                                doc, (*path, key), unexpected_key_message(key, where, allowed), True
                            )
                        )
                continue
            at_key = error.validator in ("required", "dependentRequired", "minProperties") or (
                error.schema is False
            )
            result.findings.append(_finding(doc, path, translate(error), at_key))
    for path, value in _non_finite(instance, ()):
        result.invalid.add(record_key(doc.kind, path))
        result.findings.append(_finding(doc, path, non_finite_message(path, value), False))
    return result


def _non_finite(value: Any, path: DocPath) -> Iterator[tuple[DocPath, float]]:
    """Numbers JSON cannot hold (.inf, .nan, 1e309): JSON Schema's `minimum` lets them through
    (NaN compares false), and no record means them. Only files that fail the fast validator
    get here, and it rejects them all."""
    if isinstance(value, float) and not math.isfinite(value):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _non_finite(item, (*path, index))


def _finding(doc: Document, path: DocPath, message: Any, at_key: bool) -> Finding:
    finding = Finding("PC100", Severity.ERROR, Loc(doc.rel, path), message)
    finding.position = doc.position(path, key=at_key)
    return finding
