"""`powerctl lint --public`: a report fit for a place anyone may read (a public CI log, a code
scanning dashboard, a comment on a pull request).

Two things in a finding can give away what is not public: where it points (the file and id of a
confidential power, an internal meeting's item) and what its message quotes (a title, a name, a
ballot count, a waiver's reason, possibly of another record than the one it points at). So:

- a finding is listed only when the record it points at (the innermost one: an item rather than
  its meeting) is on the public board, decided by the same `public_view` that filters every
  rendered board; findings in other records, or in files that could not be read, are counted and
  not listed (the exit code still counts them: CI fails all the same);
- a listed finding keeps its rule code, severity, file, line and column (what a clerk needs to find
  it), and its message becomes the rule's catalogue summary and where to read how to fix it;
- code frames (the record's own lines), waivers' reasons and approvers, and the names of files
  with nothing public in them are left out.

The full report stays one `powerctl lint` away, inside the office.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

from powerctl.findings import DocPath, Finding, Loc, Report
from powerctl.i18n import Msg
from powerctl.model.registry import Registry

Place = tuple[str, DocPath]


def public_report(report: Report, registry: Registry, as_of: dt.date) -> Report:
    """The findings about public records, with nothing the records say, and a notice counting
    the ones left out."""
    from powerctl.render.public import public_view

    every = set(_places(registry))
    shown = set(_places(public_view(registry, as_of).registry))
    listed = [_public(f) for f in report.findings if _innermost(f.loc, every) in shown]
    hidden = len(report.findings) - len(listed)
    notices = list(report.notices)
    if hidden:
        notices.append(
            Msg(
                f"另有 {hidden} 个问题位于非公开记录或无法读取的文件中，--public 报告不列出；"
                "请在内部运行 powerctl lint 查看。",
                f"{hidden} more finding(s) in records that are not public, or in files that could "
                "not be read, are not listed in a --public report; run powerctl lint inside the "
                "office to see them.",
            )
        )
    public_files = {file for file, _ in shown} | {f.file for f in listed}
    return dataclasses.replace(
        report,
        findings=listed,
        files=[f for f in report.files if f in public_files],
        sources={},
        notices=notices,
    )


def _places(registry: Registry) -> Iterator[Place]:
    """Where each record (and each meeting item) of `registry` is defined."""
    records: list[object] = [
        registry.config,
        *registry.people.values(),
        *registry.bodies.values(),
        *registry.powers.values(),
        *registry.risks,
        *registry.disclosures,
        *registry.feedback,
    ]
    for meeting in registry.meetings.values():
        records.append(meeting)
        records.extend(meeting.items)
    for record in records:
        loc = getattr(record, "loc", None)
        if isinstance(loc, Loc):
            yield loc.file, loc.path


def _innermost(loc: Loc, places: set[Place]) -> Place | None:
    for n in range(len(loc.path), -1, -1):
        place = (loc.file, loc.path[:n])
        if place in places:
            return place
    return None


def _public(finding: Finding) -> Finding:
    return dataclasses.replace(finding, message=public_message(finding.code), waivable_by=())


def public_message(code: str) -> Msg:
    from powerctl.rules import CATALOG

    rule = CATALOG.rules.get(code)
    summary = rule.summary if rule is not None else Msg("记录有问题", "the record has a problem")
    return Msg(
        f"{summary.zh}。改法见 powerctl rules {code}；详细说明请在内部运行 powerctl lint（不加 --public）。",
        f"{summary.en}. How to fix: powerctl rules {code}; for the details run powerctl lint "
        "without --public inside the office.",
    )
