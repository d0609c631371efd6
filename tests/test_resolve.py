"""Imports: paths relative to the project root that must stay inside it, files loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_project import BASE_YAML, NB_YAML, SCENARIO

from compiler.pipeline import CompileResult, compile_paths
from dsl.diagnostics import Code


def with_imports(root: Path, imports: str) -> CompileResult:
    spec = NB_YAML.replace("imports: [stdlib/base]", f"imports: {imports}")
    (root / SCENARIO).write_text(spec, encoding="utf-8")
    return compile_paths([root / "scenarios"])


def codes(result: CompileResult) -> list[str]:
    return [d.code.name for d in result.diagnostics]


def test_sample_imports_resolve(project: Path) -> None:
    assert with_imports(project, "[stdlib/base]").diagnostics == []


@pytest.mark.parametrize("name", ["stdlib/base.yaml", "./stdlib/base", "stdlib/../stdlib/base"])
def test_equivalent_spellings_resolve(project: Path, name: str) -> None:
    assert with_imports(project, f'["{name}"]').diagnostics == []


def test_importing_twice_defines_nothing_twice(project: Path) -> None:
    assert with_imports(project, "[stdlib/base, stdlib/base.yaml]").diagnostics == []


def test_import_cycle_between_libraries_is_one_warning_not_an_error(project: Path) -> None:
    (project / "stdlib" / "more.yaml").write_text(
        "library: more\nname: 更多\nimports: [stdlib/base]\n"
        "fields:\n  - {id: baby_sex, label: 性别, type: choice, choices: [男, 女]}\n",
        encoding="utf-8",
    )
    base = project / "stdlib" / "base.yaml"
    base.write_text(
        BASE_YAML.replace("name: 测试基础库\n", "name: 测试基础库\nimports: [stdlib/more]\n"),
        encoding="utf-8",
    )
    result = with_imports(project, "[stdlib/base]")
    assert [d.code for d in result.diagnostics] == [Code.W202]
    [d] = result.diagnostics
    assert d.message == "文件之间循环导入：stdlib/base.yaml → stdlib/more.yaml → stdlib/base.yaml"
    assert d.span is not None and (d.span.file, d.span.line) == ("stdlib/more.yaml", 3)
    assert result.ok


@pytest.mark.parametrize("name", ["../proj.yaml", "../proj", "/etc/hostname", "stdlib/../../x"])
def test_import_outside_the_root_is_e204(project: Path, name: str) -> None:
    (project.parent / "proj.yaml").write_text(BASE_YAML, encoding="utf-8")
    result = with_imports(project, f'[stdlib/base, "{name}"]')
    assert codes(result) == ["E204"]


@pytest.mark.parametrize("name", [".", ""])
def test_root_itself_is_not_an_import(project: Path, name: str) -> None:
    """`.` names the root folder; it must not reach `<parent>/<root name>.yaml` beside it."""
    outside = project.parent / f"{project.name}.yaml"
    outside.write_text(BASE_YAML.replace("library: base", "library: outside"), encoding="utf-8")
    result = with_imports(project, f'[stdlib/base, "{name}"]')
    assert not result.ok
    assert set(codes(result)) <= {"E113", "E203", "E204"}  # "" is also an empty value
    assert all("outside" not in str(p) for p in result.sources)


def test_null_byte_in_import_is_a_diagnostic_not_a_crash(project: Path) -> None:
    """The `\\0` escape writes a NUL: refused where it is written, never used as a path."""
    result = with_imports(project, '[stdlib/base, "stdlib/ba\\0se"]')
    assert "E900" not in codes(result), result.diagnostics[0].message
    assert codes(result) == ["E116"]


def test_import_of_a_folder_is_not_found(project: Path) -> None:
    assert codes(with_imports(project, "[stdlib/base, stdlib]")) == ["E203"]


def test_library_errors_are_reported_in_the_library(project: Path) -> None:
    base = project / "stdlib" / "base.yaml"
    base.write_text(BASE_YAML.replace("from_data: pop", "from_data: ppo"), encoding="utf-8")
    result = compile_paths([project / "scenarios"])
    [d] = result.diagnostics
    assert d.code is Code.E201
    assert d.span is not None and d.span.file == "stdlib/base.yaml"
    assert (d.span.line, d.span.column) == (13, 43)
    assert d.hint == "是否应为 `pop`？"
