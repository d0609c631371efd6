"""Analysis + one applicant's intake answers → what applies to them: items, materials, rules.

The spec tests ask these questions (and `yjs notice --answer` will); the types of what the
conditions name come from the bundle's Analysis, computed once per bundle, not per question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from compiler.analysis import Analysis
from compiler.conditions.ast import references
from compiler.conditions.evaluate import evaluate
from compiler.conditions.sites import parse_cached


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
