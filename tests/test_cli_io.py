"""Files the CLI cannot write are reported in one line with exit code 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_project import write_project
from typer.testing import CliRunner

from cli import app


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--out", "blocker/generated"],
        ["new", "practice", "--dir", "blocker/scenarios"],
        ["stats", "--readme", "blocker/README.md"],
    ],
)
def test_an_unwritable_target_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    write_project(tmp_path)
    (tmp_path / "blocker").write_text("a file where a folder should be", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "yjs: 无法读写" in result.output
    assert "Traceback" not in result.output
