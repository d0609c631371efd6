"""Analysis → E301 (syntax), E201 (unknown names) and E303–E307 (types) inside every condition.

Each condition is parsed and type-checked against the bundle's situations and fields; the
problem points at the offending token inside the string, at its real line and column.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.analysis import Analysis
from compiler.conditions.parse import ConditionError
from compiler.conditions.sites import condition_sites, parse_cached, site_span
from compiler.conditions.types import check_condition
from dsl.diagnostics import Diagnostic


def check_conditions(analysis: Analysis) -> Iterator[Diagnostic]:
    env = analysis.answers.env
    for site in condition_sites(analysis.bundle, analysis.field_uses):
        try:
            node = parse_cached(site.text)
        except ConditionError as err:
            span = site_span(site, err.offset_start, err.offset_end)
            yield Diagnostic(err.code, err.message, span, err.hint, args=err.args)
            continue
        for problem in check_condition(node, env):
            span = site_span(site, *problem.span)
            yield Diagnostic(problem.code, problem.message, span, problem.hint, args=problem.args)
