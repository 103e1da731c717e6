"""The fast path: libyaml's C parser (through PyYAML) straight into plain data, without positions.

Almost every record file is ordinary YAML: mappings, lists and scalars, no anchors, tags, merge
keys or duplicate keys. For those files this composer builds exactly the data the precise path
(parse.py + compose.py) builds, about three times faster, and keeps no spans: positions are
recovered by the precise path only for the files that end up with a finding (Document.recover).

Anything unusual — an anchor, alias or tag, a duplicate or non-text key, `<<`, nesting over the
limit, a second document, a syntax error, or one of the characters libyaml reads differently from
YAML 1.2 — makes `fast_compose` return None, and the caller takes the precise path, which words
the problem. So the fast path can only be faster, never different; tests/load/test_fast.py checks
that on generated and fuzzed input.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from yaml import events as ev
from yaml._yaml import CParser
from yaml.error import YAMLError

from powerctl.load.compose import MAX_DEPTH, resolve_plain
from powerctl.load.document import settle

_SCALAR = ev.ScalarEvent
_MAP_START = ev.MappingStartEvent
_MAP_END = ev.MappingEndEvent
_SEQ_START = ev.SequenceStartEvent
_SEQ_END = ev.SequenceEndEvent
_DOC_START = ev.DocumentStartEvent
_DOC_END = ev.DocumentEndEvent
_STREAM_START = ev.StreamStartEvent
_STREAM_END = ev.StreamEndEvent

# YAML 1.1 (libyaml) breaks lines at NEL, LS and PS, YAML 1.2 does not: leave such files to the
# precise path, which handles them.
_UNUSUAL_CHARACTERS = ("\x85", "\u2028", "\u2029")
_INTERN_MAX = 40  # short strings repeat (keys, ids, enum values): share one object


_NO_KEY = object()


class _Unusual(Exception):
    """Not a plain file: the precise path decides."""


# (container, key or index, date): where the JSON view holds a date's text
Dates = list[tuple[Any, Any, dt.date]]


def fast_compose(text: str) -> tuple[bool, Any]:
    """(True, data) for an ordinary file; (False, None) when the precise path must look."""
    ok, data, dates = fast_compose_json(text)
    if ok:
        settle(dates)
    return ok, data


def fast_compose_json(text: str) -> tuple[bool, Any, Dates]:
    """Like fast_compose, but dates are left as their ISO text (the JSON view the schemas
    judge) and listed in `dates`; `settle(dates)` then turns them into dates in place. Saves
    a copy of every document (schema.to_json)."""
    dates: Dates = []
    if any(c in text for c in _UNUSUAL_CHARACTERS):
        return False, None, dates
    try:
        parser = CParser(text)
    except (YAMLError, ValueError, TypeError):
        return False, None, dates
    try:
        return True, _compose(parser, dates), dates
    except (_Unusual, YAMLError, ValueError, RecursionError):
        return False, None, []
    finally:
        parser.dispose()


def _compose(parser: Any, dates: Dates) -> Any:
    intern = sys.intern
    get = parser.get_event
    # each frame: [container, is_map, pending key]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    while True:
        event = get()
        cls = type(event)
        if cls is _SCALAR:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            text = event.value
            top = stack[-1] if stack else None
            if top is not None and top[1] and top[2] is _NO_KEY:
                # a key stays text, as in compose.py; `<<` is a merge key, not ordinary
                if text == "<<" and not event.style:
                    raise _Unusual
                top[2] = intern(text) if len(text) <= _INTERN_MAX else text
                continue
            # plain scalars resolve by the YAML 1.2 core rules; quoted and block scalars are text
            value = resolve_plain(text) if not event.style else text
            if type(value) is str and len(value) <= _INTERN_MAX:
                value = intern(value)
            if type(value) is dt.date:
                if top is None:
                    raise _Unusual  # a lone date as the whole file: not a record anyway
                dates.append((top[0], top[2] if top[1] else len(top[0]), value))
                value = text
            if top is None:
                root = value
            elif top[1]:
                _put(top, value)
            else:
                top[0].append(value)
        elif cls is _MAP_START or cls is _SEQ_START:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            if stack and stack[-1][1] and stack[-1][2] is _NO_KEY:
                raise _Unusual  # a list or mapping as a key
            if len(stack) >= MAX_DEPTH:
                raise _Unusual
            is_map = cls is _MAP_START
            stack.append([{} if is_map else [], is_map, _NO_KEY])
        elif cls is _MAP_END or cls is _SEQ_END:
            value = stack.pop()[0]
            if not stack:
                root = value
                continue
            top = stack[-1]
            if top[1]:
                _put(top, value)
            else:
                top[0].append(value)
        elif cls is _DOC_START:
            documents += 1
            if documents > 1:
                raise _Unusual
        elif cls is _STREAM_END:
            return root
        elif cls is _DOC_END or cls is _STREAM_START:
            continue
        else:  # an alias
            raise _Unusual


def _put(frame: list[Any], value: Any) -> None:
    mapping: dict[str, Any] = frame[0]
    key = frame[2]
    if key in mapping:
        raise _Unusual  # a duplicate key: the precise path reports it
    mapping[key] = value
    frame[2] = _NO_KEY
