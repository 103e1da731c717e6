"""Working days (rules.md): the official mainland calendar plus powerctl.yaml overrides, and a
weekend fallback with one notice per year the library does not cover."""

from __future__ import annotations

import datetime as dt

import pytest

from powerctl.calendar import WorkCalendar

d = dt.date


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


# --- the official calendar: National Day 2025 -----------------------------------------------


@pytest.mark.parametrize("day", range(1, 9))
def test_national_day_2025_is_a_holiday(cal: WorkCalendar, day: int) -> None:
    assert not cal.is_workday(d(2025, 10, day))


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(d(2025, 9, 28), id="Sunday 09-28"),
        pytest.param(d(2025, 10, 11), id="Saturday 10-11"),
    ],
)
def test_make_up_weekend_days_are_working_days(cal: WorkCalendar, day: dt.date) -> None:
    assert day.weekday() >= 5
    assert cal.is_workday(day)


def test_ordinary_weekdays_and_weekends(cal: WorkCalendar) -> None:
    assert cal.is_workday(d(2025, 10, 9))  # Thursday after the holiday
    assert not cal.is_workday(d(2025, 10, 12))  # Sunday
    assert not cal.is_workday(d(2025, 9, 27))  # Saturday
    assert cal.uncovered_years == set()
    assert cal.notices() == []


def test_add_workdays_across_national_day(cal: WorkCalendar) -> None:
    # the day itself is not counted
    assert cal.add_workdays(d(2025, 9, 30), 1) == d(2025, 10, 9)
    assert cal.add_workdays(d(2025, 9, 30), 3) == d(2025, 10, 11)  # the make-up Saturday
    assert cal.add_workdays(d(2025, 9, 30), 4) == d(2025, 10, 13)
    # Friday 09-26 -> Sunday 09-28 (make-up) -> Monday 09-29
    assert cal.add_workdays(d(2025, 9, 26), 1) == d(2025, 9, 28)
    assert cal.add_workdays(d(2025, 9, 26), 2) == d(2025, 9, 29)
    # counting from a holiday
    assert cal.add_workdays(d(2025, 10, 3), 1) == d(2025, 10, 9)


def test_add_zero_workdays_is_the_day_itself(cal: WorkCalendar) -> None:
    assert cal.add_workdays(d(2025, 10, 3), 0) == d(2025, 10, 3)


def test_add_workdays_over_the_year_end(cal: WorkCalendar) -> None:
    # 2026-01-01..03 New Year holiday, Sunday 01-04 a make-up working day
    assert cal.add_workdays(d(2025, 12, 31), 1) == d(2026, 1, 4)


def test_workdays_between_counts_both_ends(cal: WorkCalendar) -> None:
    # 09-28, 09-29, 09-30, 10-09, 10-10, 10-11
    assert cal.workdays_between(d(2025, 9, 28), d(2025, 10, 11)) == 6
    assert cal.workdays_between(d(2025, 10, 1), d(2025, 10, 8)) == 0
    assert cal.workdays_between(d(2025, 10, 9), d(2025, 10, 9)) == 1
    assert cal.workdays_between(d(2025, 10, 4), d(2025, 10, 4)) == 0
    assert cal.workdays_between(d(2025, 10, 10), d(2025, 10, 9)) == 0  # end before start


def test_workdays_between_agrees_with_add_workdays(cal: WorkCalendar) -> None:
    start = d(2025, 9, 20)
    for n in range(1, 30):
        end = cal.add_workdays(start, n)
        assert cal.workdays_between(start + dt.timedelta(days=1), end) == n


def test_next_workday(cal: WorkCalendar) -> None:
    assert cal.next_workday(d(2025, 10, 1)) == d(2025, 10, 9)
    assert cal.next_workday(d(2025, 10, 9)) == d(2025, 10, 9)
    assert cal.next_workday(d(2025, 9, 28)) == d(2025, 9, 28)  # make-up Sunday
    assert cal.next_workday(d(2026, 4, 26)) == d(2026, 4, 27)  # an ordinary Sunday


# --- overrides from powerctl.yaml -------------------------------------------------------------


def test_holiday_override_wins_over_the_official_calendar() -> None:
    cal = WorkCalendar(holidays=[d(2025, 10, 9), d(2025, 9, 28)])
    assert not cal.is_workday(d(2025, 10, 9))
    assert not cal.is_workday(d(2025, 9, 28))
    assert cal.add_workdays(d(2025, 9, 30), 1) == d(2025, 10, 10)
    assert cal.workdays_between(d(2025, 9, 28), d(2025, 10, 11)) == 4


def test_workday_override_wins_over_the_official_calendar() -> None:
    cal = WorkCalendar(workdays=[d(2025, 10, 8), d(2025, 10, 12)])
    assert cal.is_workday(d(2025, 10, 8))
    assert cal.is_workday(d(2025, 10, 12))
    assert cal.add_workdays(d(2025, 9, 30), 1) == d(2025, 10, 8)
    assert cal.next_workday(d(2025, 10, 1)) == d(2025, 10, 8)


def test_overrides_do_not_leak_between_calendars() -> None:
    with_override = WorkCalendar(holidays=[d(2025, 10, 9)])
    assert not with_override.is_workday(d(2025, 10, 9))
    assert WorkCalendar().is_workday(d(2025, 10, 9))


# --- years the library does not cover ----------------------------------------------------------


def test_uncovered_year_falls_back_to_weekends(cal: WorkCalendar) -> None:
    assert cal.is_workday(d(2027, 1, 4))  # Monday
    assert not cal.is_workday(d(2027, 1, 2))  # Saturday
    # no holiday data: New Year's Day 2027 (a Friday) counts as a working day
    assert cal.is_workday(d(2027, 1, 1))
    assert cal.uncovered_years == {2027}


def test_uncovered_year_honours_overrides() -> None:
    cal = WorkCalendar(holidays=[d(2027, 2, 8)], workdays=[d(2027, 2, 7)])
    assert not cal.is_workday(d(2027, 2, 8))  # a Monday declared a holiday
    assert cal.is_workday(d(2027, 2, 7))  # a Sunday declared a working day
    # Friday 02-05 -> Sunday 02-07 (override) -> Tuesday 02-09 (Monday is a holiday)
    assert cal.add_workdays(d(2027, 2, 5), 1) == d(2027, 2, 7)
    assert cal.add_workdays(d(2027, 2, 5), 2) == d(2027, 2, 9)


def test_one_notice_per_run_of_uncovered_years(cal: WorkCalendar) -> None:
    cal.add_workdays(d(2026, 12, 20), 40)  # into 2027, many days
    cal.is_workday(d(2028, 3, 1))
    cal.is_workday(d(2027, 5, 5))
    cal.is_workday(d(2031, 5, 5))
    assert cal.uncovered_years == {2027, 2028, 2031}
    notices = cal.notices()
    assert len(notices) == 2
    assert "2027-2028" in notices[0].zh and "2027-2028" in notices[0].en
    assert "2031" in notices[1].zh and "2031" in notices[1].en
    assert "calendar.holidays" in notices[0].en and "chinesecalendar" in notices[0].zh


def test_a_record_in_year_one_gives_one_notice(cal: WorkCalendar) -> None:
    for year in range(1, 1901):
        cal.is_workday(d(year, 6, 1))
    assert [n.en.split(";")[0] for n in cal.notices()] == [
        "note: the official holiday calendar has no data for 1-1900"
    ]


def test_a_covered_year_gives_no_notice(cal: WorkCalendar) -> None:
    cal.workdays_between(d(2026, 1, 1), d(2026, 12, 31))
    assert cal.notices() == []


def test_add_workdays_across_into_an_uncovered_year(cal: WorkCalendar) -> None:
    # 2026-12-31 is a Thursday; 2027-01-01 has no data and is a weekday: counted
    assert cal.add_workdays(d(2026, 12, 31), 1) == d(2027, 1, 1)
    assert cal.add_workdays(d(2026, 12, 31), 2) == d(2027, 1, 4)
    assert cal.uncovered_years == {2027}
