"""The promises every command keeps, through the real entry points (CliRunner and the script).

A missing path is a usage error (exit 2) with the same one line in every command; every
command opens a spec the same way, so a broken file reads the same in check, fmt and convert;
`yjs fmt` says what it did, including when it did nothing; `yjs --version` answers at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sample_project import SCENARIO
from typer.testing import CliRunner, Result

from cli import app
from compiler.version import COMPILER_VERSION, FORMAT_VERSIONS

YJS = Path(sys.executable).parent / "yjs"
VERSION_LINES = [f"yjs {COMPILER_VERSION}"] + [
    f"{artefact} 格式版本 {version}" for artefact, version in FORMAT_VERSIONS.items()
]

MESSY_YJS = """\
library extra "额外库" {
    fields [
  { id baby_sex, label "性别", type choice, choices [男, 女] }
  ]
}
"""


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run_script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert YJS.is_file(), f"the console script is not installed next to {sys.executable}"
    return subprocess.run(
        [str(YJS), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
        check=False,
    )


# --- --version -------------------------------------------------------------------------------


def test_version_prints_the_compiler_and_format_versions() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == VERSION_LINES


def test_version_through_the_installed_script(tmp_path: Path) -> None:
    result = run_script("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == VERSION_LINES
    assert result.stderr == ""


def test_version_does_not_load_the_compiler(tmp_path: Path) -> None:
    """`--version` must answer as fast as `--help`: no pipeline, no pydantic, no lark."""
    probe = (
        "import sys\n"
        "from cli import app\n"
        "try:\n"
        "    app(['--version'])\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        "heavy = ('compiler.pipeline', 'compiler.ir', 'pydantic', 'lark', 'networkx')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


# --- a missing path is a usage error, everywhere -----------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "nope.yjs"],
        ["build", "nope.yjs"],
        ["stats", "nope.yjs"],
        ["fmt", "nope.yjs"],
        ["fmt", "--check", "nope.yjs"],
        ["convert", "nope.yjs", "--to", "yaml"],
        ["why", "nb", "hh", "nope.yjs"],
        ["diff", SCENARIO, "nope.yjs"],
    ],
)
def test_every_command_given_a_missing_path_exits_2_with_one_line(
    project: Path, args: list[str]
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == "yjs: 找不到 nope.yjs\n"
    assert result.stdout == ""


def test_fmt_missing_path_through_the_installed_script(project: Path) -> None:
    result = run_script("fmt", "nope.yjs", cwd=project)
    assert result.returncode == 2
    assert result.stderr == "yjs: 找不到 nope.yjs\n"


def test_fmt_names_every_missing_path_and_touches_nothing(project: Path) -> None:
    lib = project / "stdlib" / "extra.yjs"
    lib.write_text(MESSY_YJS, encoding="utf-8")
    result = run("fmt", "stdlib", "nope.yjs", "gone/")
    assert result.exit_code == 2
    assert result.stderr == "yjs: 找不到 nope.yjs, gone\n"
    assert lib.read_text(encoding="utf-8") == MESSY_YJS


# --- fmt says what it did ------------------------------------------------------------------------


def test_fmt_on_a_yaml_file_says_it_formats_only_yjs(project: Path) -> None:
    before = (project / SCENARIO).read_bytes()
    result = run("fmt", SCENARIO)
    assert result.exit_code == 0
    assert result.output == f"yjs fmt 只整理 .yjs 文件，未处理 {SCENARIO}\n"
    assert (project / SCENARIO).read_bytes() == before


def test_fmt_without_any_yjs_file_says_there_is_nothing_to_do(project: Path) -> None:
    for args in (["fmt"], ["fmt", "--check"], ["fmt", "scenarios"]):
        result = run(*args)
        assert result.exit_code == 0
        assert result.output == "没有找到 .yjs 文件，无需整理\n"


def test_fmt_with_everything_formatted_says_so(project: Path) -> None:
    lib = project / "stdlib" / "extra.yjs"
    lib.write_text(MESSY_YJS, encoding="utf-8")
    first = run("fmt")
    assert (first.exit_code, first.stdout) == (0, "已整理 stdlib/extra.yjs\n")
    assert lib.read_text(encoding="utf-8") != MESSY_YJS
    for args in (["fmt"], ["fmt", "--check"]):
        again = run(*args)
        assert again.exit_code == 0
        assert again.output == "1 个 .yjs 文件已是统一格式，无需整理\n"


def test_fmt_check_lists_without_writing(project: Path) -> None:
    lib = project / "stdlib" / "extra.yjs"
    lib.write_text(MESSY_YJS, encoding="utf-8")
    result = run("fmt", "--check", "stdlib/extra.yjs", SCENARIO)
    assert result.exit_code == 1
    assert result.stdout == "需要整理 stdlib/extra.yjs\n"
    assert result.stderr == f"yjs fmt 只整理 .yjs 文件，未处理 {SCENARIO}\n"
    assert lib.read_text(encoding="utf-8") == MESSY_YJS


# --- one loading path: a broken file reads the same in every command -----------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("library extra 额外库 {\n  fields: []\n}\n".encode("gbk"), "E102"),
        (MESSY_YJS.replace("label ", "label: ").encode("utf-8"), "E126"),
    ],
    ids=["not-utf8", "syntax-error"],
)
def test_check_fmt_and_convert_report_a_broken_file_alike(
    project: Path, raw: bytes, code: str
) -> None:
    path = project / "stdlib" / "extra.yjs"
    path.write_bytes(raw)
    reports = [
        run(*args)
        for args in (
            ["check", "stdlib/extra.yjs"],
            ["fmt", "stdlib/extra.yjs"],
            ["convert", "stdlib/extra.yjs", "--to", "yaml"],
        )
    ]
    assert [r.exit_code for r in reports] == [1, 1, 1]
    assert f"error[{code}]" in reports[0].stderr
    assert "--> stdlib/extra.yjs:" in reports[0].stderr
    assert reports[1].stderr == reports[0].stderr
    assert reports[2].stderr == reports[0].stderr
    assert path.read_bytes() == raw


def test_convert_reports_a_folder_as_unreadable_not_a_traceback(project: Path) -> None:
    result = run("convert", "stdlib", "--to", "yjs")
    assert result.exit_code == 1
    assert "error[E100]" in result.stderr
    assert "stdlib" in result.stderr


# --- a crash in fmt or convert is an E900, like one in the pipeline -------------------------------


def _crash(*args: object, **kwargs: object) -> str:
    raise RuntimeError("boom")


@pytest.mark.parametrize(
    ("target", "args", "stage"),
    [
        ("compiler.format_files.format_yjs", ["fmt", "stdlib/extra.yjs"], "format_yjs"),
        (
            "compiler.convert_file.convert",
            ["convert", "stdlib/extra.yjs", "--to", "yaml"],
            "convert",
        ),
    ],
    ids=["fmt", "convert"],
)
def test_a_crash_in_fmt_or_convert_is_an_internal_error_not_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch, target: str, args: list[str], stage: str
) -> None:
    lib = project / "stdlib" / "extra.yjs"
    lib.write_text(MESSY_YJS, encoding="utf-8")
    monkeypatch.setattr(target, _crash)
    result = run(*args)
    assert result.exit_code == 1
    assert "error[E900]" in result.stderr
    assert f"{stage}（stdlib/extra.yjs）" in result.stderr
    assert "--> stdlib/extra.yjs:1:1" in result.stderr
    assert "Traceback" not in result.output
    assert lib.read_text(encoding="utf-8") == MESSY_YJS


def test_status_lines_spell_out_control_characters_in_file_names(project: Path) -> None:
    lib = project / "stdlib" / "evil\x1b[2J.yjs"
    lib.write_text(MESSY_YJS, encoding="utf-8")
    result = run("fmt", "--check")
    assert result.exit_code == 1
    assert result.stdout == "需要整理 stdlib/evil\\x1b[2J.yjs\n"
    assert "\x1b" not in result.output
