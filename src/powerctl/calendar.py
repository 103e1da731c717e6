"""Working days (rules.md): the official mainland holiday and make-up-workday calendar
(`chinesecalendar`, which covers 2004-2026) plus the registry's `calendar.holidays/workdays`.
For a year the library does not cover, weekends plus overrides, and one notice per year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from powerctl.i18n import Msg

ONE_DAY = dt.timedelta(days=1)
# A deadline search never needs more than this many calendar days (guards against bad input).
_SEARCH_LIMIT = 3660


@lru_cache(maxsize=8192)
def _official(day: dt.date) -> bool | None:
    """The official calendar's answer, or None where it has no data."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


class WorkCalendar:
    def __init__(self, holidays: Iterable[dt.date] = (), workdays: Iterable[dt.date] = ()) -> None:
        self.holidays = frozenset(holidays)
        self.workdays = frozenset(workdays)
        self.uncovered_years: set[int] = set()

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        official = _official(day)
        if official is None:
            self.uncovered_years.add(day.year)
            return day.weekday() < 5
        return official

    def add_workdays(self, day: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `day` (`day` itself not counted); a deadline past the
        last representable day (9999-12-31) is that day: it never passes."""
        current = day
        found = 0
        for _ in range(_SEARCH_LIMIT):
            if found >= count or current == dt.date.max:
                return current
            current += ONE_DAY
            if self.is_workday(current):
                found += 1
        return current

    def next_workday(self, day: dt.date) -> dt.date:
        """`day` when it is a working day, else the next one (moving a disclosure day); never
        past 9999-12-31."""
        current = day
        for _ in range(_SEARCH_LIMIT):
            if self.is_workday(current) or current == dt.date.max:
                return current
            current += ONE_DAY
        return current

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days from `start` to `end`, both included (a notice period)."""
        if end < start:
            return 0
        span = min((end - start).days, _SEARCH_LIMIT)
        return sum(
            1 for offset in range(span + 1) if self.is_workday(start + dt.timedelta(days=offset))
        )

    def notices(self) -> list[Msg]:
        """One notice per run of consecutive uncovered years (a record dated in year 1 would
        otherwise print two thousand of them)."""
        return [
            Msg(
                f"注意：官方节假日数据没有 {years} 年，这些年份按周末加 powerctl.yaml 的 calendar 调整计算工作日；"
                "请升级 chinesecalendar,或在 calendar.holidays / calendar.workdays 中补充。",
                f"note: the official holiday calendar has no data for {years}; working days then "
                "are weekdays plus the calendar overrides in powerctl.yaml. Upgrade chinesecalendar "
                "or add calendar.holidays / calendar.workdays.",
            )
            for years in _year_runs(sorted(self.uncovered_years))
        ]


def _year_runs(years: list[int]) -> list[str]:
    """[1, 2, 3, 2027] -> ["1-3", "2027"]."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return [str(a) if a == b else f"{a}-{b}" for a, b in runs]
