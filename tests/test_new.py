"""`yjs new ID` scaffolds a commented spec that checks with no diagnostic at all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "stdlib", tmp_path / "stdlib")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_spec_checks_clean_and_builds(project: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(app, ["new", "school_lunch", "--name", "学生午餐补助一件事"]).exit_code == 0
    )
    path = project / "scenarios" / "school_lunch.yaml"
    assert path.read_text(encoding="utf-8").startswith("# 学生午餐补助一件事\n")
    checked = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert (checked.exit_code, json.loads(checked.stdout)) == (0, [])
    assert runner.invoke(app, ["build", "--out", "out"]).exit_code == 0
    assert (project / "out" / "school_lunch" / "notice.md").is_file()


def test_new_refuses_to_overwrite(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["new", "x1"]).exit_code == 0
    again = runner.invoke(app, ["new", "x1"])
    assert again.exit_code == 2
    assert "已存在" in again.output


@pytest.mark.parametrize("bad", ["School", "1abc", "a-b", "新生儿"])
def test_new_rejects_an_id_yjs_would_reject(project: Path, bad: str) -> None:
    result = CliRunner().invoke(app, ["new", bad])
    assert result.exit_code == 2
    assert not (project / "scenarios").exists()
