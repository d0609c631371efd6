"""A no-op `yjs build`: skipped only when the build would write the same bytes.

The manifest's hashes of inputs and outputs decide; every way the output could differ — a spec,
an import, a new spec file, another `--as-of`, an output edited, deleted or added, `--force` —
gives a full build, and `build --check` always compiles.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sample_project import write_project
from typer.testing import CliRunner

from cli import app

SKIPPED = "已是最新"


def _build(root: Path, *extra: str) -> str:
    result = CliRunner().invoke(
        app, ["build", str(root / "scenarios"), "--out", str(root / "generated"), *extra]
    )
    assert result.exit_code == 0, result.output
    return result.stderr


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("YJS_CACHE_DIR", str(tmp_path / "cache"))  # where builds are stamped
    root = write_project(tmp_path / "proj")
    assert SKIPPED not in _build(root)
    return root


def test_an_unchanged_project_is_not_compiled_again(built: Path) -> None:
    manifest = built / "generated" / "manifest.json"
    stamp = manifest.stat().st_mtime_ns
    said = _build(built)
    assert "已是最新：1 个一件事" in said
    assert manifest.stat().st_mtime_ns == stamp  # nothing written
    (built / "scenarios" / "nb.yaml").touch()  # a new time, the same bytes
    assert SKIPPED in _build(built)


@pytest.mark.parametrize(
    "change",
    [
        "spec",
        "import",
        "new spec",
        "output edited",
        "output deleted",
        "output added",
        "another compiler",
    ],
)
def test_any_difference_builds_again(built: Path, change: str) -> None:
    out = built / "generated"
    if change == "spec":
        spec = built / "scenarios" / "nb.yaml"
        spec.write_text(spec.read_text("utf-8").replace("promised_days: 5", "promised_days: 6"))
    elif change == "import":
        lib = built / "stdlib" / "base.yaml"
        lib.write_text(lib.read_text("utf-8").replace("测试基础库", "测试基础库（改）"), "utf-8")
    elif change == "new spec":
        text = (built / "scenarios" / "nb.yaml").read_text("utf-8")
        (built / "scenarios" / "nb2.yaml").write_text(text.replace("scenario: nb", "scenario: nb2"))
    elif change == "output edited":
        (out / "nb" / "notice.md").write_text("改过的告知单\n", "utf-8")
    elif change == "output deleted":
        (out / "nb" / "notice.md").unlink()
    elif change == "output added":
        (out / "nb" / "extra.txt").write_text("x", "utf-8")
    else:  # a manifest written by another yjs version
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        manifest["compiler_version"] = "0.0.1"
        (out / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    said = _build(built)
    assert SKIPPED not in said and "已生成" in said
    assert SKIPPED in _build(built)  # and the build after that is a no-op again


def test_other_compiler_code_compiles(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The version stays while yjs itself is edited: its code's fingerprint decides too."""
    import compiler.up_to_date as up_to_date

    monkeypatch.setattr(up_to_date, "compiler_fingerprint", lambda: "another compiler")
    assert SKIPPED not in _build(built)
    assert SKIPPED in _build(built)  # the folder now says which compiler wrote it
    for stamp in (built.parent / "cache" / "builds").iterdir():
        stamp.unlink()  # no record of who wrote it: build
    assert SKIPPED not in _build(built)


def test_force_and_another_date_compile(built: Path) -> None:
    assert SKIPPED not in _build(built, "--force")
    assert SKIPPED not in _build(built, "--as-of", "2024-06-01")
    assert SKIPPED in _build(built, "--as-of", "2024-06-01")
    assert SKIPPED not in _build(built)  # the manifest names the date: back to today's build


def test_check_compiles_even_when_the_manifest_agrees(built: Path) -> None:
    """An output edited together with its hash in the manifest still fails `build --check`."""
    out = built / "generated"
    notice = out / "nb" / "notice.md"
    notice.write_text("改过的告知单\n", "utf-8")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    digest = hashlib.sha256(notice.read_bytes()).hexdigest()
    manifest["scenarios"][0]["outputs"]["nb/notice.md"] = digest
    (out / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    result = CliRunner().invoke(
        app, ["build", str(built / "scenarios"), "--out", str(out), "--check"]
    )
    assert result.exit_code == 1
    assert "nb/notice.md" in result.output
