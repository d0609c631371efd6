"""The reference library checks on its own with no diagnostic at all, warnings included."""

from __future__ import annotations

from pathlib import Path

from compiler.pipeline import compile_paths

ROOT = Path(__file__).resolve().parents[1]


def test_every_stdlib_file_checks_with_zero_diagnostics() -> None:
    files = sorted((ROOT / "stdlib").rglob("*.y*ml"))
    assert len(files) >= 10
    result = compile_paths(files)
    assert [
        f"{d.code.name} {d.span and d.span.file}:{d.span and d.span.line} {d.message}"
        for d in result.diagnostics
    ] == []
    assert len(result.sources) == len(files)
