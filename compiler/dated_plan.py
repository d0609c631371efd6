"""Plan + application date → each item's start and due dates on the real working-day calendar.

Shared by `yjs plan` (every item) and the tailored notice (`yjs notice --start`, only the items
that apply to one applicant). It compiles nothing itself, so an emitter may import it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set
from dataclasses import dataclass

from compiler import durations
from compiler.plan import Plan, PlannedItem
from compiler.workdays import WorkCalendar


@dataclass(frozen=True, slots=True)
class DatedItem:
    planned: PlannedItem
    start: dt.date  # the case reaches its office
    due: dt.date  # its promised limit falls due
    legal_due: dt.date  # its legal limit falls due, from the same start


@dataclass(frozen=True, slots=True)
class DatedPlan:
    plan: Plan
    applied: dt.date  # the day the application is made (as given)
    accepted: dt.date  # the first working day on or after it
    items: tuple[DatedItem, ...]  # in the plan's order (stage, then spec order)
    done: dt.date  # the last item falls due
    promised_due: dt.date  # the bundle's own promise (`promised_days`) falls due


def date_plan(
    plan: Plan, applied: dt.date, calendar: WorkCalendar, handled: Set[str] | None = None
) -> DatedPlan:
    """Every item's start and due dates for an application on `applied`; with `handled`, only
    those items, each waiting only for the handled items it needs."""
    accepted = calendar.first_workday(applied)
    due: dict[str, dt.date] = {}
    items = []
    for planned in plan.items:  # stage order: whatever an item waits for is dated before it
        if handled is not None and planned.item.id not in handled:
            continue
        start = max((due[first] for first in planned.needs if first in due), default=accepted)
        days = planned.item.days
        due[planned.item.id] = calendar.due(start, days.promised)
        items.append(
            DatedItem(planned, start, due[planned.item.id], calendar.due(start, days.legal))
        )
    promise = durations.Limit(amount=plan.scenario.promised_days)
    return DatedPlan(
        plan,
        applied,
        accepted,
        tuple(items),
        max(due.values(), default=accepted),
        calendar.due(accepted, promise),
    )
