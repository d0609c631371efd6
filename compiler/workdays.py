"""Time limits on the real calendar: due dates, the promise-versus-law comparison, and how many
working days a limit can take on the item schedule.

Working days are the State Council's announced ones (法定节假日 and 调休 working Saturdays), read
from `chinese-calendar`, which holds each year only once its 放假安排 is published and refuses
the others. For such a year (before its data, or not yet announced) a day is a working day
when it is Monday to Friday; the calendar records the year, so that `yjs plan` can warn (W505)
instead of guessing silently.

How a limit counts from the day `start` on which a case reaches an office (always a working
day: acceptance, or the due date of the item it waited for):
- 工作日 n: the n-th working day after `start` (行政许可法第八十二条; the start day is not counted).
- 自然日 n: `start` + n days; when that day is not a working day, the first working day after it
  (民法典第二百零一条: the start day is not counted; 第二百零三条: a last day that is a statutory
  holiday moves to the day after the holiday).
- 小时 n: working hours, 8 in a working day (国务院关于职工工作时间的规定第三条), counted from
  the latest a case can arrive (the close of `start`): it is due on the ⌈n / 8⌉-th working day
  after `start`.
- 0 in any unit is 即办: due on `start`.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

import chinese_calendar

from compiler.durations import ITEM_LIMIT_UNITS, Limit, TimeUnit

HOURS_PER_DAY = 8  # 国务院关于职工工作时间的规定第三条: 每日工作 8 小时
# The rest days in force today were set by the 2024 revision of 《全国年节及纪念日放假办法》
# (国务院令第 798 号), in force from this day; worst cases are taken over years under it.
RULES_SINCE = dt.date(2025, 1, 1)
_DAY = dt.timedelta(days=1)


@cache
def announced_workdays(year: int) -> frozenset[dt.date] | None:
    """The working days of `year` as announced, or None when the package has no data for it."""
    try:
        days = chinese_calendar.get_workdays(dt.date(year, 1, 1), dt.date(year, 12, 31))
    except NotImplementedError:  # the package's way of saying: no 放假安排 for this year
        return None
    return frozenset(days)


def data_years() -> range:
    """Every year the calendar package has a 放假安排 for (it starts in 2004)."""
    years = announced_years()
    first = years.start
    while _has_data(first - 1):
        first -= 1
    return range(first, years.stop)


def _has_data(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def announced_years() -> range:
    """The years, from RULES_SINCE on, whose 放假安排 the installed calendar holds."""
    last = RULES_SINCE.year
    while announced_workdays(last + 1) is not None:
        last += 1
    return range(RULES_SINCE.year, last + 1)


class WorkCalendar:
    """Due dates on the announced calendar; `unannounced` collects the years a due date crossed
    that the calendar has no data for (counted as Monday to Friday)."""

    def __init__(self) -> None:
        self.unannounced: set[int] = set()
        self._years = range(0)  # the years `_days` covers, contiguous
        self._days: list[dt.date] = []  # every working day of those years, in order

    def due(self, start: dt.date, limit: Limit) -> dt.date:
        """The day `limit` falls due for a case that reaches its office on working day `start`."""
        _counted(limit)
        if limit.amount == 0:
            end = start
        elif limit.unit is TimeUnit.WORKING_DAY:
            end = self._nth_after(start, limit.amount)
        elif limit.unit is TimeUnit.HOUR:
            end = self._nth_after(start, math.ceil(limit.amount / HOURS_PER_DAY))
        else:
            end = self.first_workday(start + limit.amount * _DAY)
        self._note(start, end)
        return end

    def first_workday(self, day: dt.date) -> dt.date:
        """`day` when it is a working day, else the next working day."""
        self._cover(day.year)
        i = bisect_left(self._days, day)
        while i >= len(self._days):
            self._cover(self._years.stop)
        found = self._days[i]
        self._note(day, found)
        return found

    def working_days(self, after: dt.date, until: dt.date) -> list[dt.date]:
        """The working days in (after, until]."""
        self._cover(after.year)
        self._cover(until.year)
        return self._days[bisect_right(self._days, after) : bisect_right(self._days, until)]

    def _nth_after(self, start: dt.date, n: int) -> dt.date:
        self._cover(start.year)
        i = bisect_right(self._days, start) + n - 1
        while i >= len(self._days):
            self._cover(self._years.stop)
        return self._days[i]

    def _cover(self, year: int) -> None:
        """Extend the working-day list to `year` (and every year between)."""
        if year in self._years:
            return
        old = self._years if self._years else range(year, year)
        lo, hi = min(year, old.start), max(year + 1, old.stop)
        head = [d for y in range(lo, old.start) for d in _workdays(y)]
        tail = [d for y in range(old.stop, hi) for d in _workdays(y)]
        self._days = head + self._days + tail
        self._years = range(lo, hi)

    def _note(self, first: dt.date, last: dt.date) -> None:
        for year in range(first.year, last.year + 1):
            if announced_workdays(year) is None:
                self.unannounced.add(year)


def _workdays(year: int) -> list[dt.date]:
    known = announced_workdays(year)
    day, out = dt.date(year, 1, 1), []
    while day.year == year:
        if (day in known) if known is not None else day.weekday() < 5:
            out.append(day)
        day += _DAY
    return out


@cache
def reference_starts() -> tuple[dt.date, ...]:
    """Every working day under today's holiday rules that the calendar knows: the application
    days a comparison or a worst case is taken over."""
    years = announced_years()
    return tuple(
        WorkCalendar().working_days(
            dt.date(years.start - 1, 12, 31), dt.date(years.stop - 1, 12, 31)
        )
    )


@dataclass(frozen=True, slots=True)
class Overrun:
    """A promise that falls due after the law's limit, and an application day that shows it."""

    start: dt.date | None  # None: the units compare without a calendar (same unit, or hours)
    promised_due: dt.date | None
    legal_due: dt.date | None


def exceeds(promised: Limit, legal: Limit) -> Overrun | None:
    """Whether the promise can fall due after the legal limit.

    Same unit: the amounts compare. 工作日 and 小时: in working hours (a working day has 8).
    A 自然日 limit against another unit: due dates are compared for every application day in
    `reference_starts()`, and the first day on which the promise falls due later is the answer.
    """
    _counted(promised)
    _counted(legal)
    if promised.amount == 0:
        return None
    if promised.unit is legal.unit:
        return Overrun(None, None, None) if promised.amount > legal.amount else None
    if TimeUnit.NATURAL_DAY not in (promised.unit, legal.unit):
        return Overrun(None, None, None) if _hours(promised) > _hours(legal) else None
    calendar = WorkCalendar()
    for start in reference_starts():
        promised_due, legal_due = calendar.due(start, promised), calendar.due(start, legal)
        if promised_due > legal_due:
            return Overrun(start, promised_due, legal_due)
    return None


def _hours(limit: Limit) -> int:
    return limit.amount * (HOURS_PER_DAY if limit.unit is TimeUnit.WORKING_DAY else 1)


def schedule_days(limit: Limit) -> int:
    """The most working days `limit` can take, for the item schedule (which counts in working
    days): 工作日 as written, 小时 rounded up to whole working days, 自然日 the worst case over
    `reference_starts()`."""
    _counted(limit)
    if limit.unit is TimeUnit.WORKING_DAY:
        return limit.amount
    if limit.unit is TimeUnit.HOUR:
        return math.ceil(limit.amount / HOURS_PER_DAY)
    return _natural_worst(limit.amount)


@cache
def _natural_worst(amount: int) -> int:
    if amount == 0:
        return 0
    calendar, limit = WorkCalendar(), Limit(amount=amount, unit=TimeUnit.NATURAL_DAY)
    return max(
        len(calendar.working_days(start, calendar.due(start, limit)))
        for start in reference_starts()
    )


def _counted(limit: Limit) -> None:
    """Only an item's time limit is counted here, and ir.TimeLimit keeps it in a unit the rules
    above define: a 核查 period in months reaching the calendar would be a bug, not a guess."""
    if limit.unit not in ITEM_LIMIT_UNITS:
        raise ValueError(f"a time limit in {limit.unit!s} is not counted on the calendar")
