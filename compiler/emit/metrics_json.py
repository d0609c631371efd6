"""Metrics → metrics.json: 减材料、减环节、减时限、减跑动 as data, for a dashboard or an audit.

`worst` holds, figure by figure, the largest number before and after the bundle and the
reduction in percent; `range` the least and the most after; `cases` every answer set (when
`exhaustive`) or the two bounds, each with what drives its numbers (the materials to submit,
the exempt ones with their reason, the steps, the critical path). `visits` is null when an
item states no channels; otherwise it is the sum over `trips`, one per place the applicant must
go to, with the items each trip serves. See compiler/metrics.py for how each figure is counted.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any

from compiler import delivery_terms
from compiler.emit.encoding import json_bytes
from compiler.metrics import Case, Figure, Figures, Metrics, reduction
from compiler.version import COMPILER_VERSION, FORMAT_VERSIONS

METRICS = "metrics.json"


def metrics_data(metrics: Metrics) -> dict[str, Any]:
    before, after = metrics.bound("max", "before"), metrics.bound("max", "after")
    return {
        "format": "yjs-metrics",
        "format_version": FORMAT_VERSIONS[METRICS],
        "compiler_version": COMPILER_VERSION,
        "scenario": metrics.scenario,
        "bundle_steps": list(delivery_terms.BUNDLE_STEPS),
        "exhaustive": metrics.exhaustive,
        "worst": {
            "before": _figures(before),
            "after": _figures(after),
            "reduction_percent": {f.key: reduction(before.get(f), after.get(f)) for f in Figure},
        },
        "range": {"min": _figures(metrics.bound("min", "after")), "max": _figures(after)},
        "cases": [_case(c) for c in metrics.cases],
    }


def emit_metrics(metrics: Metrics) -> dict[str, bytes]:
    return {METRICS: json_bytes(metrics_data(metrics))}


def _case(case: Case) -> dict[str, Any]:
    return {
        "answers": None if case.answers is None else dict(case.answers),
        "label": case.label,
        "before": _figures(case.before),
        "after": _figures(case.after),
        "items": list(case.items),
        "fields": list(case.fields),
        "materials": list(case.materials),
        "exempt": [{"material": e.material, "reason": e.reason} for e in case.exempt],
        "steps": list(case.steps),
        "critical_path": list(case.critical_path),
        "trips": [
            {"place": t.place, "name": t.name, "visits": t.visits, "items": list(t.items)}
            for t in case.trips
        ],
    }


_NAMES = tuple(f.name for f in fields(Figures))
_VALUES = attrgetter(*_NAMES)


def _figures(figures: Figures) -> dict[str, int | None]:
    """`Figures.data()` without its dataclasses.fields() call per instance: two per case were
    a third of emit_metrics over the 33 real scenarios (cProfile)."""
    return dict(zip(_NAMES, _VALUES(figures), strict=True))
