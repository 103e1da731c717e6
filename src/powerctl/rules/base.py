"""The rule catalogue (rules.md, a contract): each rule declares its code, severity, messages and
documentation beside its check function, the way ruff documents rules in their own source.
`powerctl rules CODE` and docs/rules.md are generated from these declarations."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from powerctl.calendar import WorkCalendar
from powerctl.findings import Finding, Loc, Severity
from powerctl.i18n import Msg
from powerctl.model.registry import Registry


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    summary: Msg  # one line for the catalogue
    what: Msg  # what it does
    why: Msg  # the practice or clause it enforces
    bad: str  # a YAML example that fires
    good: str  # the same example, fixed
    config: tuple[str, ...] = ()  # powerctl.yaml keys that tune it

    def finding(
        self,
        loc: Loc,
        message: Msg,
        record_id: str | None = None,
        waivable_by: Iterable[object] = (),
        at_value: bool = False,
    ) -> Finding:
        return Finding(
            self.code,
            self.severity,
            loc,
            message,
            record_id=record_id,
            waivable_by=tuple(waivable_by),
            at_value=at_value,
        )


@dataclass
class Context:
    """What a check may know besides the model: the date it is judged on and the calendar."""

    today: dt.date
    calendar: WorkCalendar


Check = Callable[[Registry, Context], Iterator[Finding]]


@dataclass
class Catalog:
    rules: dict[str, Rule] = field(default_factory=dict)
    checks: list[tuple[tuple[str, ...], Check]] = field(default_factory=list)

    def add(self, rule: Rule) -> Rule:
        if rule.code in self.rules:
            raise ValueError(f"rule {rule.code} declared twice")
        self.rules[rule.code] = rule
        return rule


CATALOG = Catalog()


def declare(rule: Rule) -> Rule:
    return CATALOG.add(rule)


def check(*rules: Rule) -> Callable[[Check], Check]:
    """Register a check function that yields findings of `rules`."""

    def register(fn: Check) -> Check:
        CATALOG.checks.append((tuple(r.code for r in rules), fn))
        return fn

    return register


def did_you_mean(value: str, candidates: Iterable[str]) -> Msg:
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    if not close:
        return Msg("", "")
    return Msg(f"是不是“{close[0]}”？", f' Did you mean "{close[0]}"?')
