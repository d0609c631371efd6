"""A promised time limit → the 电子监察 card points: the yellow-card warning and the red card.

One rule, read by supervision.json (the points, in the limit's own unit) and by process.bpmn
(timer boundary events at the same points), so the two cannot disagree:

* **Red card** when the promise is exceeded: the case is not finished by the end of the day the
  promise falls due (compiler/workdays.py counts it: 工作日 and 小时 in working time, 自然日 on
  the calendar with a last day on a holiday moved on). 即办 (a promise of 0) is due the day it
  is accepted.
* **Yellow card** at YELLOW_PERCENT of the promise: for 工作日 and 小时 in whole working hours
  (8 to a working day), rounded down; for 自然日 in whole days, rounded down. None when that is
  0 (a 1-hour or 1-natural-day promise, or 即办): there is no earlier point to warn at.

A BPMN engine has only a calendar clock, so each point also gets an ISO 8601 duration from the
moment the item starts, chosen to err on the harmless side of its card:

* the red timer is the **latest** the due date can end on the announced holiday calendar, over
  every application day `workdays.reference_starts()` holds (whole days, counting the day of
  acceptance in full): a red card never comes before the promise is really exceeded;
* the yellow timer is the **earliest** the working time can run out (started at the opening of
  a run of working days): a warning may come early, never late.

A platform with the working-day calendar should read the exact point from supervision.json
(or from the timer's `yjs:workingHours`/`yjs:workingDays`/`yjs:naturalDays` attribute) instead.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from compiler.durations import ITEM_LIMIT_UNITS, Limit, TimeUnit
from compiler.workdays import HOURS_PER_DAY, WorkCalendar, reference_starts

YELLOW_PERCENT = 80


@dataclass(frozen=True, slots=True)
class CardPoint:
    """When a card is raised: a duration in its unit, and the engine's calendar timer for it."""

    limit: Limit
    timer: str  # ISO 8601 duration from the start of the item (or of the bundle)

    @property
    def working_hours(self) -> int | None:
        """The point in working hours; None for a point counted in natural days."""
        if self.limit.unit is TimeUnit.HOUR:
            return self.limit.amount
        if self.limit.unit is TimeUnit.WORKING_DAY:
            return self.limit.amount * HOURS_PER_DAY
        return None


@dataclass(frozen=True, slots=True)
class Cards:
    yellow: CardPoint | None
    red: CardPoint


@cache
def cards(promised: Limit) -> Cards:
    """The yellow and red points of a promised limit.

    >>> c = cards(Limit(amount=5))
    >>> c.yellow.limit.text(), c.yellow.timer, c.red.limit.text()
    ('4 个工作日', 'P3DT8H', '5 个工作日')
    >>> cards(Limit(amount=1)).yellow.limit.text(), cards(Limit(amount=0)).yellow
    ('6 小时', None)
    """
    red = CardPoint(promised, _days(_latest_days(promised)))
    if promised.unit is TimeUnit.NATURAL_DAY:
        days = promised.amount * YELLOW_PERCENT // 100
        yellow = CardPoint(Limit(amount=days, unit=TimeUnit.NATURAL_DAY), _days(days))
        return Cards(yellow if days else None, red)
    hours = _hours(promised) * YELLOW_PERCENT // 100
    if hours == 0:
        return Cards(None, red)
    if hours % HOURS_PER_DAY == 0:
        point = _point(hours // HOURS_PER_DAY, TimeUnit.WORKING_DAY)
    else:
        point = _point(hours, TimeUnit.HOUR)
    return Cards(CardPoint(point, _earliest(hours)), red)


def _point(amount: int, unit: TimeUnit) -> Limit:
    """A computed card point as a Limit, without the bound on what a spec may write (3,650):
    80 % of a long promise counted in hours passes it (1,581 working days make 10,118 hours,
    found by the fuzz profile, which crashed the emitters), and the point is still exact."""
    return Limit.model_construct(amount=amount, unit=unit)


def _hours(limit: Limit) -> int:
    return limit.amount * (HOURS_PER_DAY if limit.unit is TimeUnit.WORKING_DAY else 1)


def _latest_days(limit: Limit) -> int:
    """Calendar days from an acceptance (any time of its day) to the end of the due date, at
    most, over every application day the calendar holds.

    The same due dates `WorkCalendar.due` gives, read off one list of working days instead of
    looked up start by start: the reference starts are consecutive working days, so the n-th
    working day after the k-th of them is the (k + n)-th of the list, and a natural-day limit
    ends on the first working day at or after start + n. One `due` call per start (496 of
    them, for each distinct promise) was 0.026 s of a cold build of the 33 real scenarios,
    most of emit_supervision's and emit_process's first calls; tests/test_supervision.py
    holds this to `due` for every unit.
    """
    if limit.unit not in ITEM_LIMIT_UNITS:  # as `due` does: only an item's limit is counted
        raise ValueError(f"a time limit in {limit.unit!s} is not counted on the calendar")
    starts = reference_starts()
    if limit.amount == 0:  # 即办: due the day it is accepted
        return 1
    if limit.unit is TimeUnit.NATURAL_DAY:
        ends = [start + dt.timedelta(days=limit.amount) for start in starts]
        days = _working_days(starts[0], max(ends))
        return 1 + max(
            (days[bisect_left(days, end)] - start).days
            for start, end in zip(starts, ends, strict=True)
        )
    n = (
        limit.amount
        if limit.unit is TimeUnit.WORKING_DAY
        else math.ceil(limit.amount / HOURS_PER_DAY)
    )
    days = _working_days(starts[0], starts[-1], more=n)
    return 1 + max((days[k + n] - start).days for k, start in enumerate(starts))


@cache
def _calendar() -> WorkCalendar:
    """One calendar for every card point: its working-day list is built a year at a time, and
    building it afresh for each distinct promise was half of what was left of `_latest_days`.
    Only its days are read (not `unannounced`), so sharing it changes no result."""
    return WorkCalendar()


def _working_days(first: dt.date, last: dt.date, more: int = 0) -> list[dt.date]:
    """The working days from `first` (a working day) to `last` or the first working day after,
    and `more` working days beyond that."""
    calendar, until = _calendar(), last
    while True:
        days = calendar.working_days(first - dt.timedelta(days=1), until)
        if days and days[-1] >= last and len(days) > more + bisect_left(days, last):
            return days
        until += dt.timedelta(days=more * 2 + 14)


def _earliest(hours: int) -> str:
    """The least calendar time `hours` of working time take: whole working days back to back
    from an opening time, 24 hours apart, and the rest of the hours on the last one."""
    whole = math.ceil(hours / HOURS_PER_DAY) - 1
    rest = hours - whole * HOURS_PER_DAY
    return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"


def _days(days: int) -> str:
    return f"P{days}D"
