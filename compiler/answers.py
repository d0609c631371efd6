"""Analysis + one applicant's intake answers → what applies to them: items, materials, rules.

The spec tests ask these questions (and `yjs notice --answer` will); the types of what the
conditions name come from the bundle's Analysis, computed once per bundle, not per question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from compiler.analysis import Analysis
from compiler.conditions.ast import (
    Compare,
    Date,
    ListExpr,
    Node,
    Number,
    Ref,
    Str,
    children,
    references,
)
from compiler.conditions.evaluate import evaluate
from compiler.conditions.sites import parse_cached
from compiler.conditions.types import TypeInfo
from compiler.vocabulary import FieldType


class Answers:
    def __init__(self, analysis: Analysis, values: Mapping[str, object], today: dt.date) -> None:
        self.bundle, self.values, self.today = analysis.bundle, values, today
        self.env = analysis.answers.env

    def holds(self, condition: str | None) -> bool:
        """A missing condition always holds."""
        return condition is None or evaluate(
            parse_cached(condition), self.values, self.today, self.env
        )

    def items(self) -> list[str]:
        return [item.id for item in self.bundle.items if self.holds(item.when)]

    def materials(self) -> list[str]:
        """Materials the applicant deals with: what the notice would list for them."""
        out: list[str] = []
        for item in self.bundle.items:
            if not self.holds(item.when):
                continue
            for mid in item.materials:
                material = self.bundle.scope.material(mid)
                if mid not in out and material is not None and self.holds(material.when):
                    out.append(mid)
        return out

    def failed_rules(self) -> list[str]:
        """Rules that apply and fail; a rule naming an unanswered value is not judged yet."""
        out = []
        for rule in self.bundle.scenario.rules:
            check = parse_cached(rule.check)
            if any(self.values.get(name) is None for name in references(check)):
                continue
            if self.holds(rule.when) and not self.holds(rule.check):
                out.append(rule.id)
        return out


# The sample answer sets an artefact is exercised with: every name at its first value, every
# name at its last, and the names alternating between values.
SAMPLE_LABELS = ("全部取第一个值", "全部取最后一个值", "交替取值")


def answer_samples(analysis: Analysis) -> list[tuple[str, dict[str, object]]]:
    """Three answer sets (label, answers) that between them answer each situation, and each
    field an item's condition names, at its extremes.

    The values of a name are its answers when it has few (是/否, the choices), else the values
    around each literal it is compared with (for `area > 300`: 299, 300, 301), so the sets fall
    on both sides of the conditions the spec writes. Values are JSON (dates as ISO text), as a
    platform stores them. Linear in the size of the bundle's conditions.
    """
    spec = analysis.bundle.scenario
    env = analysis.answers.env
    names = [s.id for s in spec.situations]
    literals: dict[str, list[object]] = {}
    for item in analysis.bundle.items:
        if item.when is None:
            continue
        node = parse_cached(item.when)
        names += [n for n in references(node) if n in env]
        for name, value in compared_literals(node):
            literals.setdefault(name, []).append(value)
    values = {name: _values(env[name], literals.get(name, [])) for name in dict.fromkeys(names)}
    ordered = list(values.items())
    return [
        (SAMPLE_LABELS[0], {name: vs[0] for name, vs in ordered}),
        (SAMPLE_LABELS[1], {name: vs[-1] for name, vs in ordered}),
        (SAMPLE_LABELS[2], {name: vs[(i + 1) % len(vs)] for i, (name, vs) in enumerate(ordered)}),
    ]


def compared_literals(node: Node) -> list[tuple[str, object]]:
    """(name, literal) for each comparison of a reference with a literal, or a list of them."""
    out: list[tuple[str, object]] = []
    if isinstance(node, Compare):
        pairs = [(node.left, node.right), (node.right, node.left)]
        for ref, other in pairs:
            if not isinstance(ref, Ref):
                continue
            others = other.items if isinstance(other, ListExpr) else (other,)
            out += [(ref.name, o.value) for o in others if isinstance(o, Str | Number | Date)]
    for child in children(node):
        out += compared_literals(child)
    return out


def _values(info: TypeInfo, literals: list[object]) -> list[object]:
    """The values a sample gives one name, in order; never empty."""
    if info.type is FieldType.BOOLEAN:
        return [False, True]
    if info.choices:
        return list(info.choices)
    around: set[object] = set()
    for value in literals:
        if isinstance(value, dt.date):
            around |= {(value + dt.timedelta(days=d)).isoformat() for d in (-1, 0, 1)}
        elif isinstance(value, int | Decimal):
            number = float(value) if isinstance(value, Decimal) else value
            around |= {number - 1, number, number + 1}
        else:
            around.add(value)
    if not around:
        return [None]  # nothing compares it: leave it unanswered
    return sorted(around, key=_order)


def _order(value: object) -> tuple[bool, float, str]:
    """Numbers by value, then text (a name's values are all of one kind)."""
    if isinstance(value, int | float):
        return False, float(value), ""
    return True, 0.0, str(value)
