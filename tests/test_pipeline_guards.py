"""The pipeline guards planning and every emitter per bundle, as it guards the checks.

A crash is a yjs bug, and it must cost as little as it can: one E900 that names the stage and
the bundle and points at that bundle's spec, while every other bundle is still planned,
emitted and reported. `yjs check` stops before the emitters; `yjs build` runs them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest
from sample_project import BASE_YAML, NB_YAML, write_project
from typer.testing import CliRunner

import compiler.pipeline as pipeline
from cli import app
from compiler.analysis import Analysis
from compiler.plan import Plan
from dsl.diagnostics import Code, Diagnostic

# A second bundle with a warning of its own: W201 for a material it defines and never uses.
NB2_YAML = NB_YAML.replace("scenario: nb\n", "scenario: nb2\n").replace(
    "materials:\n", "materials:\n  - {id: spare, name: 备用材料}\n", 1
)
FILES = {
    "stdlib/base.yaml": BASE_YAML,
    "scenarios/nb.yaml": NB_YAML,
    "scenarios/nb2.yaml": NB2_YAML,
}
ARTEFACTS = ("form.schema.json", "routing.json", "notice.md")


@pytest.fixture
def two_bundles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_project(tmp_path / "proj", FILES)
    monkeypatch.chdir(root)
    return root


def crashing_for(sid: str, real: Callable[[Plan], dict[str, bytes]]) -> Callable[..., object]:
    """`real`, under its own name, except that it raises for bundle `sid`."""

    @functools.wraps(real)
    def stage(plan: Plan) -> dict[str, bytes]:
        if plan.scenario.scenario == sid:
            raise RuntimeError(f"boom in {sid}")
        return real(plan)

    return stage


def crash_planner_for(sid: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.build_plan

    @functools.wraps(real)
    def build_plan(analysis: Analysis) -> Plan:
        if analysis.bundle.scenario.scenario == sid:
            raise RuntimeError(f"boom in {sid}")
        return real(analysis)

    monkeypatch.setattr(pipeline, "build_plan", build_plan)


def crash_emitter_for(name: str, sid: str, monkeypatch: pytest.MonkeyPatch) -> None:
    emitters = tuple(crashing_for(sid, e) if e.__name__ == name else e for e in pipeline.EMITTERS)
    assert emitters != pipeline.EMITTERS, f"no emitter named {name}"
    monkeypatch.setattr(pipeline, "EMITTERS", emitters)


def internal_errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code is Code.E900]


def test_the_two_bundles_compile_clean_but_for_one_warning(two_bundles: Path) -> None:
    """Guards the fixture: without a crash there is nothing but nb2's W201."""
    result = pipeline.compile_paths([two_bundles / "scenarios"])
    assert [(d.code, d.span and d.span.file) for d in result.diagnostics] == [
        (Code.W201, "scenarios/nb2.yaml")
    ]
    assert {f"{sid}/{a}" for sid in ("nb", "nb2") for a in ARTEFACTS} < set(result.artifacts)


def test_a_planner_and_an_emitter_crash_cost_one_bundle_each(
    two_bundles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_planner_for("nb", monkeypatch)
    crash_emitter_for("emit_notice", "nb2", monkeypatch)
    result = pipeline.compile_paths([two_bundles / "scenarios"])

    planner, emitter = internal_errors(result.diagnostics)
    assert "build_plan" in planner.message and "`nb`" in planner.message
    assert "boom in nb" in planner.message
    assert planner.span is not None
    assert (planner.span.file, planner.span.line, planner.span.column) == (
        "scenarios/nb.yaml",
        1,
        11,
    )
    assert "emit_notice" in emitter.message and "`nb2`" in emitter.message
    assert emitter.span is not None
    assert (emitter.span.file, emitter.span.line, emitter.span.column) == (
        "scenarios/nb2.yaml",
        1,
        11,
    )
    assert Code.W201 in {d.code for d in result.diagnostics}  # nb2's own diagnostic survives
    assert not result.ok
    assert "nb2" in result.plans and "nb" not in result.plans
    assert {"nb2/form.schema.json", "nb2/routing.json"} <= set(result.artifacts)
    assert not any(name.startswith("nb/") for name in result.artifacts)
    assert "nb2/notice.md" not in result.artifacts


def test_every_bundle_gets_its_own_internal_error(
    two_bundles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "build_plan", _always_raises)
    result = pipeline.compile_paths([two_bundles / "scenarios"])
    crashes = internal_errors(result.diagnostics)
    assert [d.span.file if d.span else None for d in crashes] == [
        "scenarios/nb.yaml",
        "scenarios/nb2.yaml",
    ]
    assert result.artifacts == {} and result.plans == {}


def _always_raises(analysis: Analysis) -> Plan:
    raise ValueError("planner bug")


def test_compile_without_emit_plans_but_renders_nothing(
    two_bundles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for sid in ("nb", "nb2"):
        crash_emitter_for("emit_form_schema", sid, monkeypatch)
    result = pipeline.compile_paths([two_bundles / "scenarios"], emit=False)
    assert internal_errors(result.diagnostics) == []
    assert sorted(result.plans) == ["nb", "nb2"]
    assert result.artifacts == {}


def test_check_never_runs_an_emitter(two_bundles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crash_emitter_for("emit_routing", "nb", monkeypatch)
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "检查通过：2 个一件事" in result.stderr


def test_build_reports_an_emitter_crash_at_the_spec_and_writes_nothing(
    two_bundles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_emitter_for("emit_routing", "nb", monkeypatch)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 1
    assert "error[E900]" in result.stderr
    assert "emit_routing" in result.stderr
    assert "--> scenarios/nb.yaml:1:11" in result.stderr
    assert "warning[W201]" in result.stderr
    assert "Traceback" not in result.output
    assert not (two_bundles / "generated").exists()
