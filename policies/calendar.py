"""Legal time limits in working days or calendar days.

Counting starts the day after the start event (Bộ luật Dân sự 2015, Điều 147). Working
days are Monday–Friday minus Vietnam's public holidays and official days off (the
`holidays` package), plus the Saturdays officially worked in exchange for a bridge day
("làm bù", read from the package's "substituted from" entries), adjusted by the one-off
announcements of `calendar.yaml`. A calendar-day limit
whose last day is a day off ends on the next working day (Điều 148 khoản 5).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import holidays
import yaml

DAY_TYPES = ("working", "calendar")
_SUBSTITUTED = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


@lru_cache(maxsize=1)
def announced() -> tuple[frozenset[date], frozenset[date]]:
    """(extra days off, extra working days) from `calendar.yaml`."""
    data = yaml.safe_load(resources.files("pakn.policies").joinpath("calendar.yaml").read_text("utf-8"))
    return (frozenset(row["date"] for row in data.get("days_off") or []),
            frozenset(row["date"] for row in data.get("working_days") or []))


@lru_cache(maxsize=64)
def _year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, days worked although weekend) of one year."""
    table = holidays.country_holidays("VN", years=[year - 1, year, year + 1])
    extra_off, extra_worked = announced()
    off = {d for d in table if d.year == year} | {d for d in extra_off if d.year == year}
    worked = {d for d in extra_worked if d.year == year}
    for name in table.values():
        for month, day, y in _SUBSTITUTED.findall(name):
            if int(y) == year:
                worked.add(date(int(y), int(month), int(day)))
    return frozenset(off - worked), frozenset(worked)


@lru_cache(maxsize=4096)
def is_working_day(day: date) -> bool:
    off, worked = _year(day.year)
    if day in worked:
        return True
    return day.weekday() < 5 and day not in off


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (start itself is not counted)."""
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def add_calendar_days(start: date, days: int) -> date:
    """`start` + `days`, moved to the next working day if it falls on a day off."""
    end = start + timedelta(days=days)
    while not is_working_day(end):
        end += timedelta(days=1)
    return end


def add_days(start: date, days: int, day_type: str) -> date:
    if day_type == "working":
        return add_working_days(start, days)
    if day_type == "calendar":
        return add_calendar_days(start, days)
    raise ValueError(f"day_type {day_type!r} is not one of {DAY_TYPES}")


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end ≤ start)."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        count += is_working_day(current)
    return count
