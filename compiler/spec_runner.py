"""Paths → `yjs test`: every spec test of every scenario, each passed or failed with a diff.

`yjs check` reports a failed test as E601 among the other diagnostics; this runner shows every
test, the passing ones too, with what was expected and what the bundle gives, line by line.
It runs the tests even when some fail (a failed test does not stop planning here, as it stops
a build), but not on a bundle with another error: its answers would mean nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.checks.spec_tests import Outcome, run_spec_test
from compiler.guard import stage
from compiler.pipeline import compile_paths
from compiler.plan import build_plan
from dsl.diagnostics import Code, Diagnostic, Severity
from dsl.render import to_json
from dsl.source import SourceFile

# A test's own failures (E601) and wrong answers (E112) are shown with the test, not apart.
_TEST_CODES = {Code.E601, Code.E112}
# Errors that leave the tests meaningful: a missed published target (shown, exit 1, tests run).
_TESTS_STILL_RUN = {Code.E507}


@dataclass(slots=True)
class SpecRun:
    diagnostics: list[Diagnostic]  # what stopped tests from running, and warnings
    sources: dict[str, SourceFile]
    outcomes: list[tuple[str, Outcome]] = field(default_factory=list)  # (scenario id, outcome)

    @property
    def ok(self) -> bool:
        stopped = any(d.severity is Severity.ERROR for d in self.diagnostics)
        return not stopped and all(o.passed for _, o in self.outcomes)


def run_tests(paths: list[Path]) -> SpecRun:
    result = compile_paths(paths, emit=False)
    others = [d for d in result.diagnostics if d.code not in _TEST_CODES]
    run = SpecRun(others, result.sources)
    if any(d.severity is Severity.ERROR and d.code not in _TESTS_STILL_RUN for d in others):
        return run
    for sid, analysis in result.analyses.items():
        plan = result.plans.get(sid)
        if plan is None:  # planning waited for the failed tests of some bundle
            with stage("build_plan", sid, None, run.diagnostics):
                plan = build_plan(analysis)
            if plan is None:
                continue
        for t in range(len(analysis.bundle.scenario.tests)):
            run.outcomes.append((sid, run_spec_test(analysis, plan, t)))
    return run


def render_text(run: SpecRun) -> str:
    lines: list[str] = []
    for sid, outcome in run.outcomes:
        mark = "通过  " if outcome.passed else "未通过"
        lines.append(f"{mark} {sid} › {outcome.test.name}")
        for wrong in outcome.wrong:
            lines.append(f"    {wrong.message}")
        for difference in outcome.differences:
            lines.extend(f"    {line}" for line in difference.lines())
    failed = sum(not o.passed for _, o in run.outcomes)
    total = len(run.outcomes)
    lines.append(f"共 {total} 个测试：{total - failed} 个通过，{failed} 个未通过")
    return "\n".join(lines) + "\n"


def render_json(run: SpecRun) -> list[dict[str, Any]]:
    return [
        {
            "scenario": sid,
            "test": outcome.test.name,
            "passed": outcome.passed,
            "differences": [
                {"what": d.what, "expected": _plain(d.expected), "got": _plain(d.got)}
                for d in outcome.differences
            ],
            "wrong_answers": [to_json(d) for d in outcome.wrong],
        }
        for sid, outcome in run.outcomes
    ]


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return value
