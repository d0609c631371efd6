"""The README tutorial stays true: its spec gives exactly the diagnostic it shows, then builds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from cli import app
from compiler.pipeline import CompileResult

ROOT = Path(__file__).resolve().parents[1]


def _block(text: str, lang: str, after: str) -> str:
    start = text.index(after)
    match = re.compile(rf"```{lang}\n(.*?)```", re.S).search(text, start)
    assert match, f"no ```{lang} block after {after!r}"
    return match.group(1)


def test_tutorial_spec_gives_the_shown_diagnostic_and_builds_when_fixed(
    tmp_path: Path, monkeypatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    spec = _block(readme, "yaml", "**1. 写规格。**")
    shown = _block(readme, "text", "**2. 检查，读诊断。**")
    shutil.copytree(ROOT / "stdlib", tmp_path / "stdlib")
    (tmp_path / "practice").mkdir()
    path = tmp_path / "practice" / "hiring.yaml"
    path.write_text(spec, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    broken = runner.invoke(app, ["check", "practice/"])
    assert broken.exit_code == 1
    assert shown.strip() in broken.output

    path.write_text(spec.replace("cs_hrs ", "cs_hrss"), encoding="utf-8")
    assert runner.invoke(app, ["check", "practice/"]).exit_code == 0
    built = runner.invoke(app, ["build", "practice/", "--out", str(tmp_path / "out")])
    assert built.exit_code == 0
    notice = (tmp_path / "out" / "hiring_practice" / "notice.md").read_text(encoding="utf-8")
    assert "营业执照：可调取营业执照电子证照，无需提交" in notice


def test_readme_overview_table_matches_the_specs(real_scenarios: CompileResult) -> None:
    from compiler.emit.overview import README_END, README_START, render_overview

    result = real_scenarios
    assert result.ok, [d.message for d in result.diagnostics]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme[readme.index(README_START) + len(README_START) : readme.index(README_END)]
    assert shown.strip() == render_overview(result.plans.values()).strip(), (
        "README 的总览表已过期：运行 yjs stats --readme README.md"
    )
