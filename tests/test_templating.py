"""The compiled-template cache (compiler/emit/templating.py): it only ever saves the compile.

A notice rendered from templates loaded back from the cache, from a damaged cache or with no
cache at all is byte for byte the notice rendered from freshly compiled templates.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic
from jinja2.sandbox import SandboxedEnvironment

from compiler.emit import templating
from compiler.emit.notice import FORMATS, render_notice
from compiler.emit.notice_blocks import Bullets, Para, Table
from compiler.emit.notice_doc import NoticeDoc, Section

ROWS = (("1", "出生登记"), ("2", "a_b_"))
DOC = NoticeDoc(
    "nb",
    "新生儿出生一件事 一次告知单",
    (Para("由 <卫健委> 牵头 | *合并* 办理\x1b[31m"),),
    (
        Section("items", "办理事项", (Table(("序号", "事项"), ROWS),)),
        Section("basis", "设定依据", (Bullets(("# 不是标题", "1. 不是编号")),)),
    ),
    False,
)


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Environments built anew for the test, over a cache folder of its own; rebuilt after it
    so no other test renders with this one's."""
    monkeypatch.setenv("YJS_CACHE_DIR", str(tmp_path / "cache"))
    _forget()
    yield tmp_path / "cache"
    _forget()


def _forget() -> None:
    templating.environment.cache_clear()
    templating.template.cache_clear()


def _render() -> dict[str, str]:
    return {kind: render_notice(DOC, kind) for kind in FORMATS}


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled a template the cache holds")

    monkeypatch.setattr(SandboxedEnvironment, "compile", refuse)


def test_templates_are_compiled_once_and_loaded_after(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _render()
    saved = sorted(p.relative_to(fresh).parts[:2] for p in fresh.rglob("*.cache"))
    assert [folder for folder, _ in saved] == ["templates"] * 3
    assert sorted(kind.split("-")[0] for _, kind in saved) == sorted(FORMATS)  # one per format
    _forget()
    _no_compiling(monkeypatch)
    assert _render() == compiled


def test_a_damaged_cache_file_is_compiled_again(fresh: Path) -> None:
    compiled = _render()
    files = list(fresh.rglob("*.cache"))
    damaged = (b"", b"not jinja", bc_magic + b"not a checksum")
    for n, file in enumerate(files):  # emptied, not a cache file, cut short inside the header
        file.write_bytes(damaged[n % 3])
    _forget()
    assert _render() == compiled
    assert all(len(f.read_bytes()) > len(b"not jinja") for f in files)  # written again, whole


def test_a_cache_folder_gone_before_the_write_only_costs_the_compile(fresh: Path) -> None:
    compiled = _render()
    _forget()
    for kind in FORMATS:
        templating.environment(kind)  # each made with its folder, which then disappears
    shutil.rmtree(fresh)
    assert _render() == compiled
    assert not fresh.exists()


def test_a_cache_path_that_is_a_file_only_costs_the_compile(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    compiled = _render()
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("YJS_CACHE_DIR", str(blocker))
    _forget()
    assert _render() == compiled
    assert blocker.read_text("utf-8") == "x"


def test_each_format_and_option_set_has_its_own_folder(fresh: Path) -> None:
    _render()
    folders = {p.name for p in (fresh / "templates").iterdir()}
    assert len(folders) == len(FORMATS)
    options = {"trim_blocks": True, "finalize": templating.plain_text}
    one = templating._compiled_cache("txt", options)
    other = templating._compiled_cache("txt", {**options, "trim_blocks": False})
    assert one is not None and other is not None and one.directory != other.directory
