"""Shared fixtures: the `--update-goldens` switch and a sample project in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_project import write_project


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
