"""Golden files: compare bytes, show a unified diff and the refresh command on mismatch."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

REFRESH = "pytest --update-goldens {test}"


def assert_golden(path: Path, actual: bytes, update: bool, test: str) -> None:
    """`actual` must equal the golden file at `path`; `--update-goldens` rewrites it instead."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        return
    if not path.is_file():
        pytest.fail(f"golden file {path} is missing; create it with: {REFRESH.format(test=test)}")
    expected = path.read_bytes()
    if expected == actual:
        return
    diff = "".join(
        difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(keepends=True),
            actual.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"{path} (golden)",
            tofile=f"{path} (actual)",
        )
    )
    pytest.fail(
        f"{path} differs from the output:\n{diff or '(only bytes that do not decode differ)'}\n"
        f"If the change is intended, refresh with: {REFRESH.format(test=test)}",
        pytrace=False,
    )
