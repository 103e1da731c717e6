"""A loaded file: its text, its data, where every key and item sits, and its load problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from powerctl.findings import DocPath, Finding, Position
from powerctl.load.source import Text, split_lines

if TYPE_CHECKING:
    from powerctl.load.compose import Span


def settle(dates: list[tuple[Any, Any, Any]]) -> None:
    """Put each (container, key or index, date) of the fast path's JSON view back as a date."""
    for container, key, day in dates:
        container[key] = day


class Kind(StrEnum):
    """File kinds of data-model.md; the value is the schema's name."""

    CONFIG = "config"
    PEOPLE = "people"
    BODIES = "bodies"
    POWER = "power"
    RISKS = "risks"
    MEETING = "meeting"
    DISCLOSURES = "disclosures"
    FEEDBACK = "feedback"


@dataclass
class Document:
    rel: str  # registry-relative POSIX path
    kind: Kind
    path: Path
    source: Text | None = None
    data: Any = None
    spans: dict[DocPath, tuple[Span, Span]] | None = None
    problems: list[Finding] = field(default_factory=list)
    # loaded by the fast path (load/fast.py): no spans and no text are kept; `recover` reads the
    # file again through the precise path when a finding needs a position or a source line
    light: bool = False
    # fast path: `data` is still the JSON view (dates as text) until `settle()` (filecheck.py)
    pending_dates: list[tuple[Any, Any, Any]] | None = None

    def settle(self) -> None:
        """Turn the JSON view left by the fast path into the data (dates as dates)."""
        if self.pending_dates is not None:
            settle(self.pending_dates)
            self.pending_dates = None

    def recover(self) -> None:
        """Spans and text for a document loaded by the fast path (the file is read again)."""
        if not self.light:
            return
        self.light = False
        from powerctl.load.parse import parse
        from powerctl.load.source import MAX_LIMIT, SourceError, read_text

        try:
            source = read_text(self.path, markdown=self.path.suffix == ".md", max_bytes=MAX_LIMIT)
        except (SourceError, OSError):
            self.spans = {}  # gone or changed since: positions fall back to the file's start
            return
        self.source = source
        self.spans = parse(source.text, line_offset=source.line_offset).spans

    @property
    def usable(self) -> bool:
        """Parsed into data that later stages may look at (it may still have PC105 findings)."""
        return self.source is not None and self.data is not None

    @property
    def lines(self) -> list[str]:
        self.recover()
        return split_lines(self.source.full) if self.source else []

    def position(self, path: DocPath, key: bool = True) -> Position:
        """Line/column of `path`, or of its nearest ancestor that has one.

        `key=True` points at a mapping entry's key (where a clerk looks for a field),
        `key=False` at its value.
        """
        self.recover()
        spans = self.spans or {}
        probe = path
        while probe and probe not in spans:
            probe = probe[:-1]
        found = spans.get(probe)
        offset = self.source.line_offset if self.source else 0
        if found is None:
            return Position(1 + offset, 1)
        key_span, value_span = found
        span = key_span if key else value_span
        end = (
            span.end_column + 1
            if span.end_line == span.line and span.end_column > span.column
            else None
        )
        return Position(span.line + 1 + offset, span.column + 1, end)
