"""The command line through its real entry points: typer's CliRunner on `cli.app`, and the
installed `yjs` console script in a subprocess. Exit codes: 0 clean, 1 errors or stale, 2 usage.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sample_project import NB_YAML, OUTPUTS, SCENARIO, tree_bytes, write_project
from typer.testing import CliRunner, Result

from cli import app
from dsl.diagnostics import Code

YJS = Path(sys.executable).parent / "yjs"
SPAN_KEYS = {"file", "line", "column", "end_line", "end_column"}


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run_script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert YJS.is_file(), f"the console script is not installed next to {sys.executable}"
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.run(
        [str(YJS), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_spec(root: Path) -> None:
    """Introduce an error: an unknown department."""
    edit(root / SCENARIO, "department: police", "department: polise")


# --- check ------------------------------------------------------------------------------------


def test_check_clean_project_exits_0(project: Path) -> None:
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "检查通过：1 个一件事" in result.stderr


def test_check_with_errors_exits_1(project: Path) -> None:
    break_spec(project)
    result = run("check")
    assert result.exit_code == 1
    assert "error[E201]" in result.stderr
    assert "scenarios/nb.yaml:25:17" in result.stderr
    assert "共 1 个错误，0 个警告" in result.stderr


def test_check_missing_path_exits_2(project: Path) -> None:
    result = run("check", "no/such/spec.yaml")
    assert result.exit_code == 2
    assert "no/such/spec.yaml" in result.stderr


def test_check_without_scenarios_folder_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("check").exit_code == 2


def test_check_accepts_a_single_file(project: Path) -> None:
    """The named file alone is checked: a broken neighbour in the default set is not read, and a
    broken file named alone fails although the rest of the project is clean."""
    broken = project / "scenarios" / "broken.yaml"
    broken.write_text(
        NB_YAML.replace("scenario: nb", "scenario: broken").replace(
            "department: police", "department: polise"
        ),
        encoding="utf-8",
    )
    assert run("check").exit_code == 1  # the default set reads both files

    clean = run("check", SCENARIO)
    assert clean.exit_code == 0, clean.output
    assert "检查通过：1 个一件事" in clean.stderr

    failing = run("check", "scenarios/broken.yaml")
    assert failing.exit_code == 1
    assert "scenarios/broken.yaml:25:17" in failing.stderr
    assert "scenarios/nb.yaml" not in failing.stderr


def test_warnings_only_exit_0(project: Path) -> None:
    edit(project / SCENARIO, "lead: hosp", "lead: mi")
    edit(project / SCENARIO, "department: mi", "department: hosp")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "warning[W501]" in result.stderr


def test_json_format_is_an_array_of_diagnostic_objects(project: Path) -> None:
    break_spec(project)
    edit(project / SCENARIO, "lead: hosp", "lead: police")  # now handles nothing: a warning
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    diagnostics = json.loads(result.stdout)
    assert isinstance(diagnostics, list)
    assert [d["code"] for d in diagnostics] == ["W501", "E201"]
    for d in diagnostics:
        assert {"code", "severity", "message", "hint", "span"} <= set(d)
        assert set(d["span"]) == SPAN_KEYS
        assert d["severity"] == ("warning" if d["code"].startswith("W") else "error")
        assert isinstance(d["message"], str) and d["message"]
    e201 = diagnostics[1]
    assert e201["span"] == {
        "file": "scenarios/nb.yaml",
        "line": 25,
        "column": 17,
        "end_line": 25,
        "end_column": 23,
    }
    assert e201["hint"] == "是否应为 `police`？"


def test_json_format_on_a_clean_project_is_an_empty_array(project: Path) -> None:
    result = run("check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_github_format_prints_workflow_commands(project: Path) -> None:
    break_spec(project)
    edit(project / SCENARIO, "lead: hosp", "lead: police")
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::warning file=scenarios/nb.yaml,line=5,col=7,title=W501::牵头部门 `police` "
        "不办理本一件事的任何事项（牵头部门通常办理至少一个事项；请核对 `lead` 或事项的 `department`）",
        "::error file=scenarios/nb.yaml,line=25,col=17,title=E201::找不到部门 `polise`"
        "（是否应为 `police`？）",
    ]


def test_github_format_escapes_commas_in_file_names(project: Path) -> None:
    """Property values of workflow commands escape `,` and `:` (as @actions/core does)."""
    spec = project / "scenarios" / "nb,v2.yaml"
    (project / SCENARIO).rename(spec)
    edit(spec, "department: police", "department: polise")
    result = run("check", "--format", "github")
    assert result.stdout.startswith("::error file=scenarios/nb%2Cv2.yaml,line=25,col=17,")


# --- build ------------------------------------------------------------------------------------


def test_build_writes_generated_folder(project: Path) -> None:
    result = run("build")
    assert result.exit_code == 0, result.output
    out = project / "generated"
    assert sorted(tree_bytes(out)) == sorted(OUTPUTS)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in manifest["scenarios"]] == ["nb"]
    json.loads((out / "nb" / "form.schema.json").read_text(encoding="utf-8"))
    json.loads((out / "nb" / "routing.json").read_text(encoding="utf-8"))
    assert (out / "nb" / "notice.md").read_text(encoding="utf-8").startswith("<!-- 由 yjs")


def test_build_honours_out(project: Path) -> None:
    assert run("build", "--out", "dist/forms").exit_code == 0
    assert sorted(tree_bytes(project / "dist" / "forms")) == sorted(OUTPUTS)
    assert not (project / "generated").exists()


def test_build_replaces_the_whole_output_folder(project: Path) -> None:
    assert run("build").exit_code == 0  # the manifest makes the folder yjs's to replace
    (project / "generated" / "old").mkdir()
    (project / "generated" / "old" / "stale.json").write_text("{}", encoding="utf-8")
    assert run("build").exit_code == 0
    assert sorted(tree_bytes(project / "generated")) == sorted(OUTPUTS)


def test_build_output_folder_has_ordinary_permissions(project: Path) -> None:
    assert run("build").exit_code == 0
    reference = project / "reference"
    reference.mkdir()  # what the umask gives an ordinary folder
    mode = stat.S_IMODE((project / "generated").stat().st_mode)
    assert mode == stat.S_IMODE(reference.stat().st_mode)


def test_build_check_right_after_build_exits_0(project: Path) -> None:
    assert run("build").exit_code == 0
    result = run("build", "--check")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_build_check_names_stale_files(project: Path) -> None:
    assert run("build").exit_code == 0
    before = tree_bytes(project / "generated")
    edit(project / SCENARIO, "name: 出生登记", "name: 出生登记（含户口）")
    result = run("build", "--check")
    assert result.exit_code == 1
    stale = set(result.stdout.splitlines())
    assert stale == {
        "过期 generated/manifest.json",
        "过期 generated/nb/form.schema.json",  # x-yjs-needed-by names the items
        "过期 generated/nb/metrics.json",  # the exempt reason names the producing item
        "过期 generated/nb/notice.md",
        "过期 generated/nb/notice.html",
        "过期 generated/nb/notice.txt",
        "过期 generated/nb/process.bpmn",  # the task's name
        "过期 generated/nb/routing.csv",  # its rows name the item
        "过期 generated/nb/routing.json",
        "过期 generated/nb/routing/mi.json",  # slices that hold the item or wait for it
        "过期 generated/nb/routing/police.json",
        "过期 generated/nb/supervision.json",  # the item's name
        "过期 generated/_lists/limited_completion.md",  # it names every item
        "过期 generated/_lists/limited_completion.csv",
    }
    assert tree_bytes(project / "generated") == before  # --check writes nothing


def test_build_check_names_missing_files(project: Path) -> None:
    assert run("build").exit_code == 0
    (project / "generated" / "nb" / "notice.md").unlink()
    result = run("build", "--check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["缺少 generated/nb/notice.md"]


def test_build_check_without_output_names_every_file(project: Path) -> None:
    result = run("build", "--check")
    assert result.exit_code == 1
    assert sorted(result.stdout.splitlines()) == sorted(f"缺少 generated/{n}" for n in OUTPUTS)
    assert not (project / "generated").exists()


def test_build_check_names_extra_files(project: Path) -> None:
    assert run("build").exit_code == 0
    (project / "generated" / "nb" / "old.json").write_text("{}", encoding="utf-8")
    (project / "generated" / "gone").mkdir()
    (project / "generated" / "gone" / "notice.md").write_text("旧", encoding="utf-8")
    result = run("build", "--check")
    assert result.exit_code == 1
    assert sorted(result.stdout.splitlines()) == [
        "多余 generated/gone/notice.md",
        "多余 generated/nb/old.json",
    ]


def test_failed_build_leaves_previous_output_untouched(project: Path) -> None:
    assert run("build").exit_code == 0
    before = tree_bytes(project / "generated")
    entries = sorted(p.name for p in project.iterdir())
    edit(project / SCENARIO, "name: 出生登记", "name: 出生登记（新）")  # would change outputs
    break_spec(project)
    result = run("build")
    assert result.exit_code == 1
    assert "E201" in result.stderr
    assert tree_bytes(project / "generated") == before
    assert sorted(p.name for p in project.iterdir()) == entries  # no stray temporary folders


def test_successful_build_leaves_no_temporary_folders(project: Path) -> None:
    assert run("build").exit_code == 0
    assert run("build").exit_code == 0
    assert sorted(p.name for p in project.iterdir()) == ["generated", "scenarios", "stdlib"]


def test_build_with_a_missing_path_exits_2(project: Path) -> None:
    assert run("build", "nope.yaml").exit_code == 2
    assert not (project / "generated").exists()


# --- explain ----------------------------------------------------------------------------------


def test_explain_prints_the_page(project: Path) -> None:
    result = run("explain", "E201")
    assert result.exit_code == 0
    assert result.stdout.startswith("# E201")
    assert result.stdout.rstrip("\n") == Code.E201.explanation().rstrip("\n")


def test_explain_accepts_lowercase(project: Path) -> None:
    assert run("explain", "w501").stdout.startswith("# W501")


def test_explain_unknown_code_exits_2(project: Path) -> None:
    result = run("explain", "E999")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "E999" in result.stderr
    assert "E201" in result.stderr  # lists the codes that exist


# --- the installed console script ---------------------------------------------------------


def test_console_script_check(project: Path) -> None:
    clean = run_script("check", cwd=project)
    assert clean.returncode == 0, clean.stderr
    assert "检查通过" in clean.stderr
    break_spec(project)
    broken = run_script("check", "--format", "json", cwd=project)
    assert broken.returncode == 1
    assert [d["code"] for d in json.loads(broken.stdout)] == ["E201"]
    assert "Traceback" not in broken.stderr


def test_console_script_build_and_check(project: Path) -> None:
    built = run_script("build", cwd=project)
    assert built.returncode == 0, built.stderr
    assert sorted(tree_bytes(project / "generated")) == sorted(OUTPUTS)
    assert run_script("build", "--check", cwd=project).returncode == 0
    missing = run_script("check", "nowhere", cwd=project)
    assert missing.returncode == 2


def test_console_script_explain(project: Path) -> None:
    assert run_script("explain", "E999", cwd=project).returncode == 2
    page = run_script("explain", "E401", cwd=project)
    assert page.returncode == 0
    assert "正确写法" in page.stdout


def test_sample_project_is_the_documented_one(project: Path) -> None:
    """Guards the fixture: the tests above rely on these lines."""
    lines = NB_YAML.splitlines()
    assert lines[4] == "lead: hosp"
    assert lines[24] == "    department: police"


def test_progress_is_shown_when_asked_and_never_in_a_pipe(tmp_path: Path) -> None:
    root = write_project(tmp_path / "proj")
    scenarios, out = str(root / "scenarios"), str(root / "generated")
    asked = CliRunner().invoke(app, ["build", scenarios, "--out", out, "--progress", "--force"])
    assert asked.exit_code == 0, asked.output
    for phase in ("检查", "规划", "生成"):
        assert f"\r{phase} 1/1 个一件事" in asked.stderr
    quiet = CliRunner().invoke(app, ["check", scenarios])  # CliRunner's stderr is no terminal
    assert quiet.exit_code == 0
    assert "\r" not in quiet.stderr and "1/1" not in quiet.stderr
