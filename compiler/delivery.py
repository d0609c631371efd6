"""Scenario defaults + item overrides → what each item's service, fee and commitments are.

A spec says how items are delivered once for the bundle (`service:`, `fee:`) and overrides it
per item; the commitments (`pledge:`) and 免申即享 are per item or material. The planner calls
these functions once per item, and routing.json and the notice read only their results: an
artefact never looks at the spec's keys, so the two cannot disagree about what an item offers.
A value no spec states stays None ("not stated"): a platform must not read a guess as a promise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from compiler import delivery_terms, durations, ir, vocabulary


@dataclass(frozen=True, slots=True)
class FeeTerms:
    """收费 as data: `charged` is False only for 不收费; the rest as the spec states it."""

    charged: bool
    amount: float | None = None  # 元 per case
    standard: str | None = None
    basis: str | None = None
    exemptions: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AcceptPoint:
    """受理点: the bundle's 综合窗口 (one window for every item) or one department."""

    one_window: bool
    department: ir.Department | None  # None exactly when `one_window`


@dataclass(frozen=True, slots=True)
class ServiceTerms:
    """An item's effective 办理方式; empty or None where nothing states it."""

    accept: AcceptPoint | None
    channels: tuple[
        tuple[vocabulary.ServiceChannel, int], ...
    ]  # channel, visits; in the enum's order
    result_delivery: tuple[vocabulary.ResultDelivery, ...]
    unified_at: ir.Department | None  # where 统一出件 happens: the lead department
    nearby: tuple[vocabulary.Nearby, ...]
    assisted: bool | None
    home_visit: bool | None
    fee: FeeTerms

    @property
    def stated(self) -> bool:
        """Whether the spec states anything about delivering the item (fees apart)."""
        return bool(self.accept or self.channels or self.result_delivery or self.nearby) or (
            self.assisted,
            self.home_visit,
        ) != (None, None)


@dataclass(frozen=True, slots=True)
class PledgeTerms:
    """告知承诺 with its 事后核查: within how long, by whom."""

    check_within: durations.Limit  # in one of durations.CHECK_PERIOD_UNITS
    checked_by: tuple[ir.Department, ...]
    basis: str | None

    @property
    def period(self) -> str:
        """The period as the notice writes it: `20 个工作日`, `30 个自然日`, `2 个月`."""
        return self.check_within.text()


def fee_terms(fee: delivery_terms.Fee | str | None) -> FeeTerms:
    """`不收费` or nothing → not charged; other text (older specs) → charged, the text its
    收费标准; a mapping → as written."""
    if fee is None or fee == delivery_terms.NO_FEE:
        return FeeTerms(charged=False)
    if isinstance(fee, str):
        return FeeTerms(charged=True, standard=fee)
    return FeeTerms(fee.charged, fee.amount, fee.standard, fee.basis, fee.exemptions, fee.note)


def service_terms(
    scenario: ir.Scenario,
    item: ir.Item,
    departments: Mapping[str, ir.Department],
    lead: ir.Department,
) -> ServiceTerms:
    """The item's own `service` key where it has one, else the scenario's, else not stated.

    A 免申即享 item is not applied for, so it has no 受理点, channel or 就近办 whatever the
    bundle's defaults say (writing them on the item itself is E505).
    """
    merged = _merged(scenario.service, item.service)
    proactive = item.application is vocabulary.Application.PROACTIVE
    accept = None if proactive else _acceptance(merged.accept, item, departments)
    channels = {} if proactive else (merged.channels or {})
    delivery = merged.result_delivery or []
    nearby = [] if proactive else (merged.nearby or [])
    return ServiceTerms(
        accept=accept,
        channels=tuple((c, channels[c]) for c in vocabulary.ServiceChannel if c in channels),
        result_delivery=tuple(d for d in vocabulary.ResultDelivery if d in delivery),
        unified_at=lead if vocabulary.ResultDelivery.UNIFIED in delivery else None,
        nearby=tuple(n for n in vocabulary.Nearby if n in nearby),
        assisted=merged.assisted,
        home_visit=merged.home_visit,
        fee=fee_terms(item.fee if item.fee is not None else scenario.fee),
    )


def _merged(
    default: delivery_terms.Service | None, override: delivery_terms.Service | None
) -> delivery_terms.Service:
    """Key by key: the override's value where it states one, else the default's."""
    base = default if default is not None else delivery_terms.Service()
    if override is None:
        return base
    return base.model_copy(update={k: v for k, v in override if v is not None})


def _acceptance(
    accept: str | None, item: ir.Item, departments: Mapping[str, ir.Department]
) -> AcceptPoint | None:
    if accept is None:
        return None
    if accept == delivery_terms.ONE_WINDOW:
        return AcceptPoint(one_window=True, department=None)
    name = item.department if accept == delivery_terms.OWN_DEPARTMENT else accept
    return AcceptPoint(one_window=False, department=departments[name])


def pledge_terms(
    pledge: delivery_terms.Pledge | None,
    handlers: Iterable[ir.Department],
    departments: Mapping[str, ir.Department],
) -> PledgeTerms | None:
    """The pledge's checking department, or else the departments handling what relies on it."""
    if pledge is None:
        return None
    if pledge.checked_by is not None:
        checkers: tuple[ir.Department, ...] = (departments[pledge.checked_by],)
    else:
        checkers = tuple({d.id: d for d in handlers}.values())
    return PledgeTerms(pledge.check_within, checkers, pledge.basis)
