"""Findings: the only thing checks produce.

A check never prints and never knows about terminals. It yields `Finding`s that point at a
`Loc` (a file and a path of keys/indexes inside it); the pipeline turns locations into
line and column only when a report needs them, so a fast loader can skip positions for the
files that have no finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from powerctl.i18n import Msg

PathPart = str | int
DocPath = tuple[PathPart, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


_PATHS: dict[DocPath, DocPath] = {}


class Loc:
    """Where a finding points: a registry-relative POSIX file path and a path inside its document.

    Immutable by convention. Written out by hand rather than as a frozen dataclass: every record
    and sub-record of the model has one (hundreds of thousands in a county archive), and a frozen
    dataclass's __init__ is several times slower."""

    __slots__ = ("file", "path")

    def __init__(self, file: str, path: DocPath = ()) -> None:
        self.file = file
        self.path = path

    def child(self, *parts: PathPart) -> Loc:
        path = self.path + parts
        # the same few thousand paths recur in every file ("items", 2, "statements", 5): share
        # one tuple each (a county archive's model holds about a million of them)
        return Loc(self.file, _PATHS.setdefault(path, path))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Loc:
            return NotImplemented
        assert isinstance(other, Loc)
        return self.file == other.file and self.path == other.path

    def __hash__(self) -> int:
        return hash((self.file, self.path))

    def __repr__(self) -> str:
        return f"Loc(file={self.file!r}, path={self.path!r})"

    def __reduce__(self) -> tuple[type[Loc], tuple[str, DocPath]]:
        return (Loc, (self.file, self.path))


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column; `end_column` marks the end of the span on the same line."""

    line: int
    column: int
    end_column: int | None = None


@dataclass(slots=True)
class Finding:
    code: str
    severity: Severity
    loc: Loc
    message: Msg
    record_id: str | None = None
    waived: bool = False
    # The waivers of the record or item the finding concerns (rules.md: only those can waive it).
    waivable_by: tuple[object, ...] = field(default=(), repr=False, compare=False)
    position: Position | None = None
    at_value: bool = False  # point the caret at the value rather than at the key

    @property
    def file(self) -> str:
        return self.loc.file

    def sort_key(self) -> tuple[str, int, int, str]:
        pos = self.position or Position(0, 0)
        return (self.loc.file, pos.line, pos.column, self.code)


@dataclass
class Report:
    """The collected outcome of one run."""

    findings: list[Finding]
    files_checked: int
    files: list[str] = field(default_factory=list)  # every checked file, registry-relative
    # registry-relative path -> the file's text split in lines, for code frames
    sources: dict[str, list[str]] = field(default_factory=dict)
    notices: list[Msg] = field(default_factory=list)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.active if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.active if f.severity is Severity.WARNING)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waived)
