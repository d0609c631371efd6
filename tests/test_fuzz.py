"""The fuzzer's quick profile: a few hundred generated and mutated projects, every one of them
answered with diagnostics (fuzz_specs.py says what is generated, fuzz_checks.py what is
demanded).

The long profile (≥ 20,000 cases) runs with `pytest -m fuzz` or `python tests/fuzz_long.py`.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fuzz_checks import Project, check_cli, check_pipeline
from fuzz_specs import Case, generated_cases, mutated_cases
from hypothesis import HealthCheck, given, settings, strategies as st

QUICK = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much],
)  # fmt: skip


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project(tmp_path_factory.mktemp("fuzz"))


@settings(QUICK, max_examples=100)
@given(case=generated_cases())
def test_generated_specs_compile_to_diagnostics_or_artefacts(
    fuzz_project: Project, case: Case
) -> None:
    check_pipeline(fuzz_project, case)


@settings(QUICK, max_examples=120)
@given(case=mutated_cases())
def test_mutated_real_specs_give_diagnostics_only(fuzz_project: Project, case: Case) -> None:
    check_pipeline(fuzz_project, case)


@settings(QUICK, max_examples=10)
@given(case=st.one_of(generated_cases(), mutated_cases()))
def test_every_command_answers_a_broken_project_without_traceback(
    fuzz_project: Project, case: Case
) -> None:
    check_cli(fuzz_project, case)


@pytest.mark.fuzz
def test_long_profile_finds_nothing(tmp_path: Path) -> None:
    """≥ 20,000 cases; with `-s` it prints the totals the closing note records."""
    from fuzz_long import report, run

    start = time.perf_counter()
    tally = run(20_000, tmp_path / "project", progress=True)
    summary = report(tally, time.perf_counter() - start, tmp_path / "findings")
    print(summary)
    assert tally.total >= 20_000
    assert not tally.findings, summary
