"""Builds are byte-stable: same input, same bytes, whatever the run, hash seed or location."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from sample_project import OUTPUTS, PROJECT_FILES, tree_bytes, write_project
from typer.testing import CliRunner

from cli import app

YJS = Path(sys.executable).parent / "yjs"
SHARED = "_schemas/supervision.schema.json"  # the one output that belongs to no scenario


def build(out: str = "generated") -> dict[str, bytes]:
    result = CliRunner().invoke(app, ["build", "--out", out])
    assert result.exit_code == 0, result.output
    return tree_bytes(Path(out))


def build_in_subprocess(root: Path, out: str, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONUTF8": "1"}
    done = subprocess.run(
        [str(YJS), "build", "--out", out],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return tree_bytes(root / out)


def test_two_builds_give_identical_bytes(project: Path) -> None:
    first = build()
    second = build()
    assert sorted(first) == sorted(OUTPUTS)
    assert first == second
    assert build("elsewhere") == first  # the output folder's name is not written anywhere


def test_hash_seed_does_not_change_the_output(project: Path) -> None:
    one = build_in_subprocess(project, "out1", "1")
    two = build_in_subprocess(project, "out2", "2")
    assert sorted(one) == sorted(OUTPUTS)
    assert one == two
    assert one == build()  # and the same as an in-process build


def test_project_location_does_not_change_the_output(tmp_path: Path, monkeypatch) -> None:
    outputs = []
    for name in ("a", "somewhere/much/deeper"):
        root = write_project(tmp_path / name)
        monkeypatch.chdir(root)
        outputs.append(build())
    assert outputs[0] == outputs[1]
    for data in outputs[0].values():
        assert str(tmp_path).encode() not in data  # no absolute paths


def test_building_from_another_folder_gives_the_same_bytes(project: Path, monkeypatch) -> None:
    reference = build()
    monkeypatch.chdir(project / "scenarios")
    result = CliRunner().invoke(app, ["build", ".", "--out", "../from_scenarios"])
    assert result.exit_code == 0, result.output
    assert tree_bytes(project / "from_scenarios") == reference


def test_input_timestamps_do_not_change_the_output(project: Path) -> None:
    first = build()
    for name in PROJECT_FILES:
        os.utime(project / name, (1_000_000_000, 1_000_000_000))
    assert build() == first


def walk(value: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in walk(v, f"{path}/{k}")]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in walk(v, f"{path}/{i}")]
    return [(path, value)]


def test_manifest_has_no_timestamps(project: Path) -> None:
    manifest = json.loads(build()["manifest.json"])
    for path, value in walk(manifest):
        assert not re.search(r"time|date|created|generated|built", path, re.I), path
        if isinstance(value, str):
            assert not re.search(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value), (path, value)
            assert not re.fullmatch(r"1[6-9]\d{8}(\.\d+)?", value), (path, value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            assert value < 1_000_000_000, (path, value)  # no epoch seconds
    dates = [
        v for p, v in walk(manifest) if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)
    ]
    assert dates == ["2023-05-31"]  # the only date is the spec's batch


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_manifest_hashes_match_the_files(project: Path) -> None:
    out = build()
    manifest = json.loads(out["manifest.json"])
    [entry] = manifest["scenarios"]
    assert entry["source"] == "scenarios/nb.yaml"
    assert entry["inputs"] == {
        name: sha256((project / name).read_bytes()) for name in PROJECT_FILES
    }
    assert manifest["shared"]["_schemas/supervision.schema.json"] == sha256(out[SHARED])
    assert set(manifest["shared"]) == {n for n in out if n.startswith(("_schemas/", "_formats/"))}
    assert entry["outputs"] | manifest["lists"] | manifest["shared"] == {
        name: sha256(data) for name, data in out.items() if name != "manifest.json"
    }
    assert set(manifest["lists"]) == {n for n in out if n.startswith("_lists/")}


def test_manifest_hash_changes_with_an_input(project: Path) -> None:
    before = json.loads(build()["manifest.json"])["scenarios"][0]["inputs"]
    base = project / "stdlib" / "base.yaml"
    base.write_bytes(base.read_bytes() + "# 注释\n".encode())
    after = json.loads(build()["manifest.json"])["scenarios"][0]["inputs"]
    assert after["scenarios/nb.yaml"] == before["scenarios/nb.yaml"]
    assert after["stdlib/base.yaml"] == sha256(base.read_bytes()) != before["stdlib/base.yaml"]


def test_copied_project_rebuilds_identically(project: Path, tmp_path: Path, monkeypatch) -> None:
    reference = build()
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    monkeypatch.chdir(copy)
    result = CliRunner().invoke(app, ["build", "--check"])
    assert result.exit_code == 0, result.output
    assert build() == reference
