"""The LALR tables cache (dsl/lark_cache.py): only ever saves time, never changes a parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsl.lark_cache import cached_lark

GRAMMAR = """
start: WORD+
WORD: /[a-z]+/
%ignore " "
"""


def _parse(tmp_path: Path) -> str:
    return cached_lark(GRAMMAR, "demo", parser="lalr").parse("ab cd").pretty()


def test_tables_are_saved_once_and_loaded_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YJS_CACHE_DIR", str(tmp_path / "cache"))
    first = _parse(tmp_path)
    (saved,) = (tmp_path / "cache").iterdir()
    assert saved.name.startswith("demo-") and saved.suffix == ".lark"
    stamp = saved.stat().st_mtime_ns
    assert _parse(tmp_path) == first
    assert saved.stat().st_mtime_ns == stamp  # loaded, not written again


def test_another_grammar_gets_its_own_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YJS_CACHE_DIR", str(tmp_path))
    cached_lark(GRAMMAR, "demo", parser="lalr")
    cached_lark(GRAMMAR.replace("a-z", "a-y"), "demo", parser="lalr")
    assert len(list(tmp_path.glob("demo-*.lark"))) == 2


def test_a_corrupt_cache_file_is_rebuilt_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("YJS_CACHE_DIR", str(tmp_path))
    expected = _parse(tmp_path)
    (saved,) = tmp_path.glob("demo-*.lark")
    whole = saved.read_bytes()
    saved.write_bytes(whole[: len(whole) // 2])  # a write cut short
    assert _parse(tmp_path) == expected
    assert len(saved.read_bytes()) > len(whole) // 2  # written again, whole
    assert _parse(tmp_path) == expected
    assert capfd.readouterr() == ("", "")


def test_a_cache_path_that_is_a_file_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("YJS_CACHE_DIR", str(blocker))
    assert "ab" in _parse(tmp_path)
