"""Imports and spec files: paths relative to the project root that must stay inside it, files
loaded once, and a manifest that names them from the root."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_project import BASE_YAML, NB_YAML, SCENARIO
from typer.testing import CliRunner

from cli import app
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


# --- spec files stay inside the project too ---------------------------------------------------


def tree_snapshot(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry under `folder`: links by their target, files by their bytes."""
    out = {}
    for p in sorted(folder.rglob("*")):
        key = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[key] = ("link", str(p.readlink()).encode())
        elif p.is_file():
            out[key] = ("file", p.read_bytes())
    return out


def outside_spec(project: Path) -> Path:
    """A valid scenario beside the project, not in it."""
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "other.yaml"
    target.write_text(NB_YAML.replace("scenario: nb", "scenario: other"), encoding="utf-8")
    return target


def test_symlink_in_scenarios_leaving_the_root_is_refused(project: Path) -> None:
    target = outside_spec(project)
    (project / "scenarios" / "other.yaml").symlink_to(target)
    result = compile_paths([project / "scenarios"])
    assert codes(result) == ["E205"]
    [d] = result.diagnostics
    assert "scenarios/other.yaml" in d.message
    assert d.hint is not None and str(target) in d.hint
    assert all("elsewhere" not in name for name in result.sources)  # never read


def test_symlinked_spec_named_on_the_command_line_is_refused(project: Path) -> None:
    (project / "scenarios" / "other.yaml").symlink_to(outside_spec(project))
    assert codes(compile_paths([Path("scenarios/other.yaml")])) == ["E205"]


def test_symlinked_folder_leaving_the_root_is_refused(project: Path) -> None:
    (project / "scenarios" / "more").symlink_to(outside_spec(project).parent)
    assert codes(compile_paths([project / "scenarios" / "more"])) == ["E205"]


def test_build_through_an_outside_symlink_changes_nothing(project: Path) -> None:
    (project / "scenarios" / "other.yaml").symlink_to(outside_spec(project))
    before = tree_snapshot(project.parent)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 1
    assert "E205" in result.stderr
    assert tree_snapshot(project.parent) == before


def test_symlink_that_stays_inside_the_root_is_compiled(project: Path) -> None:
    (project / "drafts").mkdir()
    (project / SCENARIO).rename(project / "drafts" / "nb.yaml")
    (project / SCENARIO).symlink_to(project / "drafts" / "nb.yaml")
    result = compile_paths([project / "scenarios"])
    assert result.ok, result.diagnostics
    manifest = json.loads(result.artifacts["manifest.json"])
    [entry] = manifest["scenarios"]
    assert entry["source"] == "drafts/nb.yaml"  # the file that was read, from the root


def test_manifest_records_root_relative_posix_paths(project: Path) -> None:
    result = compile_paths([project / "scenarios"])
    [entry] = json.loads(result.artifacts["manifest.json"])["scenarios"]
    assert entry["source"] == "scenarios/nb.yaml"
    assert list(entry["inputs"]) == ["scenarios/nb.yaml", "stdlib/base.yaml"]


def test_file_named_outside_the_root_is_recorded_from_the_root(project: Path) -> None:
    """Naming a file outside the project is explicit; the manifest still says where it is."""
    target = outside_spec(project)
    result = compile_paths([target], root=project)
    assert result.ok, result.diagnostics
    [entry] = json.loads(result.artifacts["manifest.json"])["scenarios"]
    assert entry["source"] == "../elsewhere/other.yaml"
    assert list(entry["inputs"]) == ["../elsewhere/other.yaml", "stdlib/base.yaml"]


def test_symlink_loop_is_unreadable_not_an_internal_error(project: Path) -> None:
    (project / "scenarios" / "loop.yaml").symlink_to("loop.yaml")
    result = compile_paths([project / "scenarios"])
    assert codes(result) == ["E100"]
    assert "scenarios/loop.yaml" in result.diagnostics[0].message
