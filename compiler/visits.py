"""Visits (跑动): where the applicant must appear in person, and how many trips that takes.

Apart from the other figures because the rule is the model's, not arithmetic: a trip serves
every item accepted at the same place (the bundle's 综合窗口 or one department), so the count
is per place, not per item. metrics.py sums the trips; E507 names them when a target is missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compiler import delivery_terms
from compiler.plan import PlannedItem


@dataclass(frozen=True, slots=True)
class Trip:
    """Where the applicant must appear in person, and the items one trip there serves.

    A place is the bundle's 综合窗口 or the department that accepts the item (`service.accept`;
    the item's own department when no accept point is stated, since that is where an applicant
    would otherwise go). Items accepted at one place share its trips, so the place needs the
    most visits any of them needs; different places are different trips: 婚前医学检查 at a
    妇幼保健院 and 结婚登记 at the 婚姻登记处 are two trips even though each item is 最多跑一次.
    """

    place: str  # ONE_WINDOW or a department id
    name: str  # 综合窗口 or the department's name, for messages
    visits: int
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stop:
    """One item's part in the trips: where it is accepted and the visits its best channel
    takes (None: it states no channels), read once per plan rather than once per case."""

    item: str
    place: str
    name: str
    visits: int | None


def stop(planned: PlannedItem) -> Stop:
    place, name = _place(planned)
    return Stop(planned.item.id, place, name, best_visits(planned))


def trips_of(applied: Iterable[PlannedItem]) -> tuple[Trip, ...]:
    return trips_from(stop(planned) for planned in applied)


def trips_from(stops: Iterable[Stop]) -> tuple[Trip, ...]:
    places: dict[str, tuple[str, list[tuple[str, int]]]] = {}
    for s in stops:
        if not s.visits:
            continue
        places.setdefault(s.place, (s.name, []))[1].append((s.item, s.visits))
    return tuple(
        Trip(place, name, max(v for _, v in needs), tuple(i for i, _ in needs))
        for place, (name, needs) in places.items()
    )


def _place(planned: PlannedItem) -> tuple[str, str]:
    accept = planned.service.accept
    if accept is not None and accept.one_window:
        return delivery_terms.ONE_WINDOW, delivery_terms.ONE_WINDOW
    department = accept.department if accept is not None else None
    department = department or planned.department
    return department.id, department.name


def best_visits(planned: PlannedItem) -> int | None:
    channels = planned.service.channels
    return min(v for _, v in channels) if channels else None
