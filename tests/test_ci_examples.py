"""examples/ci/ and .pre-commit-hooks.yaml run as far as a local machine can run them.

Each file is parsed as the CI system would (YAML), and every `yjs` command in it runs, through
bash as the CI runner would, in a temporary copy of a spec repository (stdlib/, one scenario,
its committed generated/). Steps that need the CI service itself (checkout, setup-python, the
SARIF upload, pip install from the department's index) are the only ones not run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def spec_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("department") / "repo"
    shutil.copytree(ROOT / "stdlib", repo / "stdlib")
    (repo / "scenarios").mkdir()
    shutil.copy(ROOT / "scenarios" / "marriage.yjs", repo / "scenarios")
    assert _bash("yjs build scenarios/", repo).returncode == 0
    return repo


def _bash(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _github_commands() -> list[str]:
    workflow = yaml.safe_load((ROOT / "examples/ci/github-actions.yml").read_text("utf-8"))
    steps = workflow["jobs"]["yjs"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    return [s["run"] for s in steps if "run" in s and s["run"].startswith("yjs ")]


def _gitlab_commands() -> list[str]:
    pipeline = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text("utf-8"))
    job = pipeline["yjs"]
    assert job["stage"] in pipeline["stages"]
    return [c for c in job["script"] if c.startswith("yjs ")]


def _hook_commands() -> list[str]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert {h["id"] for h in hooks} == {"yjs-check", "yjs-build-check"}
    return [h["entry"] for h in hooks]


@pytest.mark.parametrize("source", [_github_commands, _gitlab_commands, _hook_commands])
def test_the_commands_pass_on_a_clean_spec_repository(
    source: Callable[[], list[str]], spec_repo: Path
) -> None:
    commands = source()
    assert len(commands) >= 2
    for command in commands:
        run = _bash(command, spec_repo)
        assert run.returncode == 0, (command, run.stdout[-2000:], run.stderr[-2000:])


def test_the_build_check_fails_when_generated_is_stale(spec_repo: Path, tmp_path: Path) -> None:
    """The same commands catch what they are there to catch: a spec changed, generated/ not."""
    repo = tmp_path / "repo"
    shutil.copytree(spec_repo, repo)
    spec = repo / "scenarios" / "marriage.yjs"
    spec.write_text(spec.read_text("utf-8").replace("婚姻一件事", "婚姻登记一件事", 1), "utf-8")
    stale = [c for c in _gitlab_commands() + _hook_commands() if "build" in c]
    for command in stale:
        run = _bash(command, repo)
        assert run.returncode == 1, command
        assert "过期" in run.stdout + run.stderr
