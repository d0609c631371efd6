"""The fuzzer's quick profile: a few hundred generated and mutated projects, every one of them
answered with diagnostics (see fuzz_cases.py for what is generated and what is demanded).

The long profile (≥ 20,000 cases) runs with `pytest -m fuzz` or `python tests/fuzz_long.py`.
"""

from __future__ import annotations

import pytest
from fuzz_checks import Project, check_cli, check_pipeline
from fuzz_specs import Case, generated_cases, mutated_cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


@settings(QUICK, max_examples=120)
@given(case=generated_cases())
def test_generated_specs_compile_to_diagnostics_or_artefacts(
    fuzz_project: Project, case: Case
) -> None:
    check_pipeline(fuzz_project, case)


@settings(QUICK, max_examples=150)
@given(case=mutated_cases())
def test_mutated_real_specs_give_diagnostics_only(fuzz_project: Project, case: Case) -> None:
    check_pipeline(fuzz_project, case)


@settings(QUICK, max_examples=12)
@given(case=st.one_of(generated_cases(), mutated_cases()))
def test_every_command_answers_a_broken_project_without_traceback(
    fuzz_project: Project, case: Case
) -> None:
    check_cli(fuzz_project, case)
