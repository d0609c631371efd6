"""One Analysis per bundle: the derived facts are built once, and every stage reads the same ones.

The builders are counted wherever a compiler module holds them, so a check or the planner
that calls one again (instead of reading the Analysis) makes the count go up and the test fail.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import compiler.analysis
import compiler.conditions.sites
import compiler.graph
import compiler.merge
import compiler.pipeline  # loads every check, the planner and the emitters
from compiler.analysis import Analysis
from compiler.pipeline import compile_paths
from compiler.program import Bundle

ROOT = Path(__file__).resolve().parents[1]
BUILDERS = [
    (compiler.merge, "field_uses"),
    (compiler.merge, "field_definitions"),
    (compiler.merge, "producers"),
    (compiler.graph, "item_graph"),
    (compiler.graph, "schedule"),
    (compiler.conditions.sites, "condition_env"),
    (compiler.analysis, "analyse_bundle"),
]
# A .yjs scenario, YAML ones, and one whose items come from the library (`use:`).
SCENARIOS = ["company_startup.yjs", "newborn.yaml", "employment.yaml"]


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Builder name → calls, counting every binding of it in any loaded compiler module."""
    counts: Counter[str] = Counter()
    for home, name in BUILDERS:
        original = getattr(home, name)
        counting = _counting(original, name, counts)
        for module in list(sys.modules.values()):
            if not getattr(module, "__name__", "").startswith("compiler"):
                continue
            for attr, value in list(vars(module).items()):
                if value is original:
                    monkeypatch.setattr(module, attr, counting)
    return counts


def _counting(original: Callable[..., Any], name: str, counts: Counter[str]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return original(*args, **kwargs)

    return call


def test_each_fact_is_built_once_per_bundle_in_a_build(built: Counter[str]) -> None:
    result = compile_paths([ROOT / "scenarios" / name for name in SCENARIOS], ROOT)
    assert result.ok, result.diagnostics
    assert len(result.plans) == len(SCENARIOS)  # the planner and the emitters ran too
    assert result.artifacts
    assert dict(built) == {name: len(SCENARIOS) for _, name in BUILDERS}


def test_a_cyclic_bundle_is_analysed_once_and_has_no_schedule(built: Counter[str]) -> None:
    spec = ROOT / "tests" / "cases" / "diagnostics" / "e401_cycle.yaml"
    result = compile_paths([spec], ROOT / "tests" / "cases")
    assert {d.code.name for d in result.diagnostics} == {"E401"}
    assert result.plans == {}
    assert dict(built) == {name: 1 for _, name in BUILDERS if name != "schedule"}


def test_a_crash_while_analysing_is_reported_for_that_bundle_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = compiler.pipeline.analyse_bundle

    def analyse_or_crash(bundle: Bundle) -> Analysis:
        if bundle.scenario.scenario == "newborn":
            raise RuntimeError("boom")
        return real(bundle)

    monkeypatch.setattr(compiler.pipeline, "analyse_bundle", analyse_or_crash)
    cycle = ROOT / "tests" / "cases" / "diagnostics" / "e401_cycle.yaml"
    result = compile_paths([ROOT / "scenarios" / "newborn.yaml", cycle], ROOT)
    crash = next(d for d in result.diagnostics if d.code.name == "E900")
    assert "analyse_bundle" in crash.message and "newborn.yaml" in crash.message
    lines = (ROOT / "scenarios" / "newborn.yaml").read_text(encoding="utf-8").splitlines()
    assert crash.span is not None and crash.span.file.endswith("newborn.yaml")
    assert lines[crash.span.line - 1] == "scenario: newborn"  # at the scenario's id
    assert "E401" in {d.code.name for d in result.diagnostics}  # the other bundle was checked
    assert result.artifacts == {}
