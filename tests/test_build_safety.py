"""`yjs build` replaces only directories it wrote, never leaves a gap, and queues concurrent builds.

Every test works in a copy of a project under tmp_path, never in the repository. The kill tests
start the installed `yjs` in a subprocess, SIGKILL it at a random instant, then require the
output to be one of the two complete builds, byte for byte and consistent with its own manifest.
`-m slow` runs the long kill profile on a copy of the real scenarios.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from sample_project import NB_YAML, OUTPUTS, tree_bytes
from typer.testing import CliRunner, Result

from cli import app
from compiler.emit import output
from compiler.pipeline import compile_paths

YJS = Path(sys.executable).parent / "yjs"
ROOT = Path(__file__).resolve().parents[1]
FOREVER = 120.0  # a bound for waits that end in well under a second unless something is broken


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def start(
    root: Path, *args: str, stderr: IO[bytes] | int = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    assert YJS.is_file(), f"the console script is not installed next to {sys.executable}"
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.Popen(
        [str(YJS), *args], cwd=root, stdout=subprocess.DEVNULL, stderr=stderr, env=env
    )


def snapshot(root: Path) -> dict[str, bytes | str | None]:
    """Every entry under `root`, hidden ones included: folders as None, symlinks as their target."""
    tree: dict[str, bytes | str | None] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                tree[key] = f"-> {os.readlink(path)}"
            elif path.is_dir():
                tree[key] = None
            else:
                tree[key] = path.read_bytes()
    return tree


def matches_its_manifest(out: Path) -> bool:
    """The files under `out` are exactly those the manifest lists, with the hashes it lists."""
    try:
        manifest = json.loads((out / "manifest.json").read_bytes())
        listed = {n: h for s in manifest["scenarios"] for n, h in s["outputs"].items()}
        listed |= manifest["lists"]
        listed |= manifest["shared"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    files = {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in out.rglob("*")
        if p.is_file()
    }
    return files.pop("manifest.json", None) is not None and files == listed


def hidden_siblings(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".generated"))


# --- which paths yjs may replace --------------------------------------------------------------


@pytest.fixture
def lived_in(project: Path) -> Path:
    """The sample project after a build, with the things a real project has beside its specs."""
    assert run("build").exit_code == 0
    (project / "README.md").write_text("# 我的项目\n", encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "notes.txt").write_text("我的笔记\n", encoding="utf-8")
    (project / "other").mkdir()
    (project / "other" / "manifest.json").write_text('{"name": "not-yjs"}\n', encoding="utf-8")
    (project / "broken").mkdir()
    (project / "broken" / "manifest.json").write_text('{"format": "yjs-mani', encoding="utf-8")
    (project / "empty").mkdir()
    (project / "here").symlink_to(".")
    (project / "dangling").symlink_to("nowhere")
    return project


NO_SCENARIO = (
    "输入中没有一件事（scenario）规格，没有编译出任何生成物；为免清空已有的生成结果，未改动"
)
REFUSALS = {
    "project root": (["--out", "."], 2, "yjs: . 是项目根目录，不能作为输出目录"),
    "input folder": (["--out", "scenarios"], 2, "yjs: scenarios 是输入目录，不能作为输出目录"),
    "file": (["--out", "README.md"], 2, "yjs: README.md 是一个文件，不能作为输出目录"),
    "spec file": (["--out", "scenarios/nb.yaml"], 2, "yjs: scenarios/nb.yaml 是一个文件"),
    "dangling symlink": (["--out", "dangling"], 2, "yjs: dangling 不是目录，不能作为输出目录"),
    "filesystem root": (["--out", "/"], 2, "yjs: 不能把根目录 / 作为输出目录"),
    "foreign folder": (
        ["--out", "docs"],
        2,
        "yjs: docs 不是 yjs 生成的目录（根部没有 yjs 写的 manifest.json，却有 notes.txt），"
        "为免删除其中的内容，未改动它",
    ),
    "someone else's manifest": (["--out", "other"], 2, "yjs: other 不是 yjs 生成的目录"),
    "unparseable manifest": (["--out", "broken"], 2, "yjs: broken 不是 yjs 生成的目录"),
    "ancestor of the project": (["--out", ".."], 2, "包含项目根目录"),
    "folder of an imported library": (
        ["--out", "stdlib"],
        2,
        "yjs: stdlib 包含输入文件 stdlib/base.yaml，不能作为输出目录",
    ),
    "symlink to the project root": (["--out", "here"], 2, "yjs: here 是项目根目录"),
    "only libraries": (["stdlib"], 1, f"yjs: {NO_SCENARIO} generated"),
    "folder with no spec": (["empty"], 1, f"yjs: {NO_SCENARIO} generated"),
    "no scenario, new output": (["stdlib", "--out", "fresh"], 1, f"yjs: {NO_SCENARIO} fresh"),
}


@pytest.mark.parametrize(("args", "code", "message"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_refused_output_changes_nothing(
    lived_in: Path, args: list[str], code: int, message: str
) -> None:
    before = snapshot(lived_in)
    result = run("build", *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "已生成" not in result.stderr
    assert snapshot(lived_in) == before


def test_a_refusal_through_the_console_script(lived_in: Path) -> None:
    before = snapshot(lived_in)
    done = subprocess.run(
        [str(YJS), "build", "--out", "."],
        cwd=lived_in,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=FOREVER,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "yjs: . 是项目根目录，不能作为输出目录（yjs 会整体替换输出目录）\n"
    assert snapshot(lived_in) == before


def test_an_empty_folder_becomes_the_output(project: Path) -> None:
    (project / "site").mkdir()
    assert run("build", "--out", "site").exit_code == 0
    assert sorted(tree_bytes(project / "site")) == sorted(OUTPUTS)


def test_an_output_yjs_wrote_is_replaced_whatever_was_added_to_it(project: Path) -> None:
    assert run("build").exit_code == 0
    (project / "generated" / "notes.txt").write_text("写在生成目录里的笔记", encoding="utf-8")
    assert run("build").exit_code == 0
    assert sorted(tree_bytes(project / "generated")) == sorted(OUTPUTS)


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from_a").write_text("a", encoding="utf-8")
    (tmp_path / "b").mkdir()
    assert output.exchange(tmp_path / "a", tmp_path / "b")  # Linux with glibc ≥ 2.28 here
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from_a"]
    assert list((tmp_path / "a").iterdir()) == []


@pytest.mark.parametrize("name", ["../escaped.md", "/escaped.md", "nb/../../escaped.md", "./"])
def test_an_artefact_path_leaving_the_output_is_refused_and_changes_nothing(
    project: Path, name: str
) -> None:
    assert run("build").exit_code == 0
    before = tree_bytes(project / "generated")
    artifacts = {**compile_paths([Path("scenarios")]).artifacts, name: b"x"}
    with pytest.raises(ValueError, match="leaves the output"):
        output.write_output(artifacts, project / "generated", [project / "scenarios"])
    assert tree_bytes(project / "generated") == before
    assert hidden_siblings(project) == []
    assert not (project / "escaped.md").exists() and not (project.parent / "escaped.md").exists()


def test_without_renameat2_or_syncfs_the_build_renames_twice_and_fsyncs_each_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("build").exit_code == 0
    monkeypatch.setattr(output, "_libc_function", lambda name, argtypes: None)
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert output.exchange(project / "generated", project / "scenarios") is False
    edit = project / "scenarios" / "nb.yaml"
    edit.write_text(NB_YAML.replace("新生儿出生一件事", "新生儿（乙）"), encoding="utf-8")
    assert run("build").exit_code == 0
    out = project / "generated"
    assert tree_bytes(out) == compile_paths([Path("scenarios")]).artifacts
    assert "新生儿（乙）" in (out / "nb" / "notice.md").read_text(encoding="utf-8")
    # the files, 6 folders (root, nb/, nb/routing/, _lists/, _schemas/, _formats/), the parent
    assert len(synced) == len(OUTPUTS) + 7
    assert hidden_siblings(project) == []


# --- leftovers and the lock -------------------------------------------------------------------


def test_leftovers_of_a_killed_build_are_ignored_then_removed(project: Path) -> None:
    assert run("build").exit_code == 0
    manifest = (project / "generated" / "manifest.json").read_bytes()
    staging = project / ".generated.new-abcd1234"
    (staging / "nb").mkdir(parents=True)
    (staging / "manifest.json").write_bytes(manifest)
    (staging / "nb" / "notice.md").write_text("写了一半", encoding="utf-8")
    old = project / ".generated.old-efgh_678" / "generated"
    old.mkdir(parents=True)
    (old / "manifest.json").write_bytes(manifest)
    (project / ".generated.lock").write_text("999999\n", encoding="ascii")  # its holder died
    (project / ".generated.new-mine").mkdir()  # not a name yjs makes: not yjs's to delete
    (project / ".generated.new-12345678").write_text("a file, not a folder", encoding="utf-8")

    checked = run("build", "--check")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == ""
    assert run("build", "--force").exit_code == 0  # a build that writes: it clears leftovers
    assert hidden_siblings(project) == [".generated.new-12345678", ".generated.new-mine"]
    assert sorted(tree_bytes(project / "generated")) == sorted(OUTPUTS)


def test_a_build_waits_for_the_lock_and_then_says_another_build_runs(project: Path) -> None:
    assert run("build").exit_code == 0
    with output.build_lock((project / "generated").resolve()):
        before = snapshot(project)
        result = run("build", "--wait", "0.3", "--force")  # one that must write
        assert snapshot(project) == before
    assert result.exit_code == 1
    holder = f"另一个 yjs build（进程 {os.getpid()}）正在写入 generated"
    assert f"{holder}，等待中…" in result.stderr
    assert f"{holder}，等待 0.3 秒后仍未结束；请等它结束后再运行，或用 --wait 加长等待" in (
        result.stderr
    )
    assert hidden_siblings(project) == []  # the holder removes the lock file when it is done


def test_two_concurrent_builds_end_with_one_complete_build(project: Path, tmp_path: Path) -> None:
    (project / "scenarios" / "nb2.yaml").write_text(
        NB_YAML.replace("scenario: nb", "scenario: nb2"), encoding="utf-8"
    )
    # --force: the first job's build is already there, and this is about two builds writing.
    jobs = (["build", "scenarios/nb.yaml", "--force"], ["build", "scenarios", "--force"])
    expected = [compile_paths([Path(job[1])]).artifacts for job in jobs]
    assert expected[0] != expected[1]
    assert run("build", "scenarios/nb.yaml").exit_code == 0
    logs = [tmp_path / f"stderr{i}.txt" for i in range(len(jobs))]
    # Both builds compile, then find the lock taken and wait; released together, they race.
    with output.build_lock((project / "generated").resolve()):
        procs = []
        for job, log in zip(jobs, logs, strict=True):
            with log.open("wb") as handle:
                procs.append(start(project, *job, stderr=handle))
        deadline = time.monotonic() + FOREVER
        while not all("等待中" in log.read_text(encoding="utf-8") for log in logs):
            assert all(p.poll() is None for p in procs), [log.read_bytes() for log in logs]
            assert time.monotonic() < deadline
            time.sleep(0.01)
    codes = [p.wait(timeout=FOREVER) for p in procs]
    assert codes == [0, 0], [log.read_text(encoding="utf-8") for log in logs]
    out = project / "generated"
    assert tree_bytes(out) in expected
    assert matches_its_manifest(out)
    assert hidden_siblings(project) == []


# --- kill at random instants ------------------------------------------------------------------


@dataclass(slots=True)
class KillProfile:
    """Kill results: outcomes counted by kind, and a description of every corrupt state."""

    seed: int
    outcomes: Counter[str] = field(default_factory=Counter)
    corrupt: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(self.outcomes.items()))
        trials = self.outcomes.total()
        return f"seed {self.seed}: {trials} trials, {len(self.corrupt)} corrupt ({kinds})"


WINDOWS = ("writing", "anywhere")


def kill_builds(
    root: Path, edit: tuple[str, str, str], trials: int, windows: tuple[str, ...] = WINDOWS
) -> KillProfile:
    """Build two versions of `root` in turn, SIGKILLing each build at a random instant.

    A "writing" kill falls after the lock file appears, within twice the time an uncut write
    takes, so the staging and swap windows are hit often; an "anywhere" kill falls anywhere in
    the run. After every kill the output must be the previous complete build or the new one.
    """
    path, old, new = edit
    spec = root / path
    text = spec.read_text(encoding="utf-8")
    assert old in text
    versions = {"A": text, "B": text.replace(old, new, 1)}
    trees = {}
    for name, version in versions.items():
        spec.write_text(version, encoding="utf-8")
        trees[name] = compile_paths([root / "scenarios"]).artifacts
    assert trees["A"] != trees["B"]
    out, lock = root / "generated", root / ".generated.lock"
    spec.write_text(versions["A"], encoding="utf-8")
    began = time.monotonic()
    output.write_output(trees["A"], out, [root / "scenarios"])  # the old output
    write_time = time.monotonic() - began
    run_time = 0.0
    if "anywhere" in windows:
        began = time.monotonic()
        assert start(root, "build").wait(timeout=FOREVER) == 0
        run_time = time.monotonic() - began

    profile = KillProfile(seed=random.randrange(2**32))
    rng = random.Random(profile.seed)
    state = "A"
    for trial in range(trials):
        target = "B" if state == "A" else "A"
        spec.write_text(versions[target], encoding="utf-8")
        window = windows[trial % len(windows)]
        earlier = set(output.Siblings(out.resolve()).leftovers())  # a build that gets the lock
        proc = start(root, "build")  # removes these; one killed sooner leaves them
        if window == "anywhere":
            _watch(proc, None, rng.uniform(0, run_time))
        elif _watch(proc, lock, FOREVER):
            _watch(proc, None, rng.uniform(0, 2 * write_time))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=FOREVER)
        tree = tree_bytes(out) if out.is_dir() else None
        outcome = next((v for v in (state, target) if tree == trees[v]), None)
        if outcome is None or not matches_its_manifest(out):
            profile.corrupt.append(f"trial {trial} ({window}, exit {code}): {sorted(tree or [])}")
            break
        leftovers = set(output.Siblings(out.resolve()).leftovers()) - earlier
        killed = "killed" if code == -signal.SIGKILL else f"exit {code}"
        result = ("new" if outcome == target else "old") + (" + leftovers" if leftovers else "")
        profile.outcomes[f"{window}/{killed}/{result}"] += 1
        state = outcome

    spec.write_text(versions[state], encoding="utf-8")  # an uncut build cleans up after them all
    assert run("build", "--force").exit_code == 0  # one that writes, even if nothing changed
    assert tree_bytes(out) == trees[state]
    assert hidden_siblings(root) == []
    return profile


def _watch(proc: subprocess.Popen[bytes], lock: Path | None, seconds: float) -> bool:
    """Poll until `proc` holds `lock` (when given), ends, or `seconds` pass; True if it holds it.

    The holder writes its pid into the lock file: a file merely present may be a killed
    build's, which the next build locks and reuses.
    """
    deadline = time.monotonic() + seconds
    holder = f"{proc.pid}\n"
    while time.monotonic() < deadline and proc.poll() is None:
        if lock is not None:
            with contextlib.suppress(OSError):
                if lock.read_text(encoding="ascii") == holder:
                    return True
        time.sleep(0.0005)
    return False


def test_a_killed_build_leaves_the_old_or_the_new_output(project: Path) -> None:
    edit = ("scenarios/nb.yaml", "新生儿出生一件事", "新生儿（乙）")
    profile = kill_builds(project, edit, 3, windows=("writing",))
    print(profile.summary)
    assert profile.corrupt == [], profile.summary


@pytest.mark.slow
def test_kill_profile_on_the_real_scenarios(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "real"
    for folder in ("scenarios", "stdlib"):
        shutil.copytree(ROOT / folder, root / folder)
    monkeypatch.chdir(root)
    edit = ("stdlib/common/fields.yaml", "label: 联系电话（手机号码）", "label: 联系电话（手机号）")
    profile = kill_builds(root, edit, 60)
    print(profile.summary)
    assert profile.corrupt == [], profile.summary
    assert profile.outcomes.total() == 60
    mid_write = sum(n for k, n in profile.outcomes.items() if "killed" in k and "leftovers" in k)
    assert mid_write > 0, f"no kill landed while writing: {profile.summary}"
