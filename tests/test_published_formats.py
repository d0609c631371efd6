"""generated/_formats/: the published checks agree with compiler/validators.py, in Python and in
JavaScript, on the shared test vectors and on generated near-misses."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from compiler import validators
from compiler.emit.formats import JS_MODULE, PYTHON_MODULE, emit_formats, vectors

ROOT = Path(__file__).resolve().parents[1]
NODE = shutil.which("node")
IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    for name, data in emit_formats().items():
        (folder / Path(name).name).write_bytes(data)
    return folder


def _module(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("yjs_formats_copy", folder / "yjs_formats.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_modules_are_what_build_writes() -> None:
    for name, data in emit_formats().items():
        assert (ROOT / "generated" / name).read_bytes() == data, name
    assert {JS_MODULE, PYTHON_MODULE} == set(emit_formats())


def test_vectors_cover_both_verdicts_for_every_format() -> None:
    seen = {(fmt, verdict) for fmt, _, verdict in vectors()}
    for fmt in {fmt for fmt, _, _ in vectors()}:
        assert {(fmt, True), (fmt, False)} <= seen, fmt
    known = {("gb11643-id-number", "11010519491231002X"): True, ("date", "2023-02-29"): False}
    assert all(dict(((f, v), ok) for f, v, ok in vectors())[k] is ok for k, ok in known.items())


def test_python_module_runs_its_vectors_standalone(published: Path) -> None:
    run = subprocess.run(
        ["python3", str(published / "yjs_formats.py")], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == f"{len(vectors())} passed, 0 failed"


def _near_misses(count: int) -> list[tuple[str, str]]:
    """Valid codes and one-character edits of them: where a wrong algorithm would show."""
    rng = random.Random(11643)
    out: list[tuple[str, str]] = []
    for _ in range(count):
        first = "".join(rng.choice("0123456789") for _ in range(17))
        first = rng.choice("123456789") + first[1:6] + f"{rng.randint(1900, 2100)}" + first[10:]
        first = first[:10] + f"{rng.randint(1, 12):02d}{rng.randint(1, 31):02d}" + first[14:17]
        try:
            number = first + validators.id_number_check_char(first)
        except ValueError:
            continue
        out.append((validators.ID_NUMBER_FORMAT, number))
        out.append((validators.ID_NUMBER_FORMAT, number[:17] + rng.choice("0123456789X")))
        code = "".join(rng.choice(validators.CREDIT_CODE_ALPHABET) for _ in range(17))
        out.append((validators.CREDIT_CODE_FORMAT, code + validators.credit_code_check_char(code)))
        out.append(
            (validators.CREDIT_CODE_FORMAT, code + rng.choice(validators.CREDIT_CODE_ALPHABET))
        )
        out.append((validators.REGION_FORMAT, f"{rng.randint(0, 999999):06d}"))
        out.append(
            (
                validators.DATE_FORMAT,
                f"{rng.randint(1999, 2101)}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}",
            )
        )
        out.append(
            (
                validators.DATE_NOT_FUTURE_FORMAT,
                f"{rng.randint(2000, 2099)}-{rng.randint(1, 12):02d}-{rng.randint(1, 31):02d}",
            )
        )
    return out


def _compiler_verdict(fmt: str, value: str) -> bool:
    checker = validators.format_checker()
    return checker.conforms(value, fmt)


def test_python_copy_agrees_with_the_compiler(published: Path) -> None:
    module = _module(published)
    assert module.self_test() == []
    for fmt, value in _near_misses(300):
        assert module.FORMATS[fmt](value) is _compiler_verdict(fmt, value), (fmt, value)


@pytest.mark.skipif(NODE is None and not IN_CI, reason="node is not installed")
def test_javascript_agrees_with_the_compiler(published: Path) -> None:
    cases = _near_misses(300)
    script = (
        "import(process.argv[1]).then((m) => {"
        " const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        " process.stdout.write(JSON.stringify({ failed: m.selfTest(),"
        " verdicts: cases.map(([f, v]) => m.FORMATS[f](v)) })); })"
    )
    run = subprocess.run(
        [str(NODE), "-e", script, str(published / "yjs-formats.mjs")],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["failed"] == []
    wrong = [
        (fmt, value)
        for (fmt, value), verdict in zip(cases, result["verdicts"], strict=True)
        if verdict is not _compiler_verdict(fmt, value)
    ]
    assert not wrong
