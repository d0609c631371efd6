"""Shared fixtures: the `--update-goldens` switch, a sample project in a temporary folder, and the
real scenarios compiled once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_project import write_project

from compiler.pipeline import CompileResult, compile_paths

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/** and tests/cases/render/*.txt from the current output",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the sample project; the current directory is its root."""
    root = write_project(tmp_path / "proj")
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="session")
def real_scenarios() -> CompileResult:
    """`scenarios/` compiled once per session (once per worker under xdist).

    Several modules read the 33 real bundles; compiling them once instead of once per module or
    per test keeps the suite fast. Readers must not change the result: it is shared.
    """
    return compile_paths([ROOT / "scenarios"])
