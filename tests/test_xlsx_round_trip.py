"""A workbook carries every real spec: converting to .xlsx and back changes nothing.

For every scenario: YAML → .xlsx builds the same artefacts as the YAML (the workbook itself is a
spec), and YAML → .xlsx → YAML does too; the same from the .yjs printing of each scenario
(.yjs → .xlsx → .yjs). Every library under stdlib/ and every case spec keeps its IR through a
workbook, and every comment reaches the workbook as a note and comes back. The manifest, which
names the inputs, is not compared.

The default run takes a representative set (the largest scenario, one written in .yjs, one using
shared items, every case spec and two libraries: about 6 s); `pytest -m slow` runs every scenario
and library (about 25 s of CPU on the shared machine).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from reported import silenced

from compiler.convert_file import convert_file
from compiler.lower import lower
from compiler.pipeline import CompileResult, compile_paths
from dsl.comments import yaml_comments
from dsl.convert import convert_to_workbook
from dsl.document import Syntax
from dsl.front_ends import load, parse_source
from dsl.printer import print_yjs
from dsl.source import SourceFile
from dsl.xlsx.reader import read_workbook
from dsl.yjs.parser import parse_with_comments

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted(p for p in (ROOT / "scenarios").iterdir() if p.suffix in (".yaml", ".yjs"))
CASES = sorted(
    p
    for folder in ("constructs", "targets", "sequencing")
    for p in (ROOT / "tests" / "cases" / folder).glob("*.y*")
)
LIBRARIES = sorted(p for p in (ROOT / "stdlib").rglob("*") if p.suffix in (".yaml", ".yjs"))
SPECS = SCENARIOS + CASES + LIBRARIES
# The default run's set: the largest scenario, one in .yjs, one using shared items (`use:`),
# the libraries those items and departments come from, and every case spec.
REPRESENTATIVE = {
    ROOT / "scenarios" / name for name in ("business_permit.yaml", "marriage.yjs", "newborn.yaml")
} | {ROOT / "stdlib" / "personal" / "items.yaml", ROOT / "stdlib" / "changsha" / "departments.yaml"}


def _params(paths: list[Path]) -> list[object]:
    """`paths` as parameters, those outside the representative set marked slow."""
    return [
        pytest.param(
            p,
            id=p.relative_to(ROOT).with_suffix("").as_posix(),
            marks=() if p in REPRESENTATIVE or p in CASES else pytest.mark.slow,
        )
        for p in paths
    ]


def _project(tmp: Path) -> Path:
    shutil.copytree(ROOT / "stdlib", tmp / "stdlib")
    (tmp / "scenarios").mkdir()
    return tmp / "scenarios"


def _own(result: CompileResult, stem: str) -> dict[str, bytes]:
    return {k: v for k, v in result.artifacts.items() if k.startswith(f"{stem}/")}


def _converted(tmp: Path, write: Callable[[Path, Path], None], paths: list[Path]) -> CompileResult:
    """`paths` written into a copy of the project by `write(original, folder)`, compiled
    together (one compile of all is about as costly as two alone)."""
    folder = _project(tmp)
    for path in paths:
        write(path, folder)
    return compile_paths([folder])


def _selected(request: pytest.FixtureRequest) -> list[Path]:
    """The scenarios this run's tests ask for: all when a slow one was collected."""
    asked = {  # this module's tests only: other modules parametrize `path` with scenarios too
        item.callspec.params.get("path")
        for item in request.session.items
        if hasattr(item, "callspec") and item.path == request.path
    }
    return [p for p in SCENARIOS if p in asked]


def _to_workbook(path: Path, folder: Path) -> None:
    result = convert_file(path, Syntax.XLSX, folder / f"{path.stem}.xlsx")
    assert result.ok, [d.message for d in result.diagnostics]


@pytest.fixture(scope="module")
def workbooks(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> CompileResult:
    """Each scenario as a workbook: the .xlsx files are the specs."""
    return _converted(tmp_path_factory.mktemp("xlsx"), _to_workbook, _selected(request))


@pytest.fixture(scope="module")
def back_to_yaml(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> CompileResult:
    """YAML → .xlsx → YAML (each step through `yjs convert`'s own function)."""

    def write(path: Path, folder: Path) -> None:
        _to_workbook(path, folder)
        book = folder / f"{path.stem}.xlsx"
        result = convert_file(book, Syntax.YAML, folder / f"{path.stem}.yaml")
        assert result.ok, [d.message for d in result.diagnostics]
        book.unlink()

    return _converted(tmp_path_factory.mktemp("yaml"), write, _selected(request))


@pytest.fixture(scope="module")
def through_yjs(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> CompileResult:
    """The .yjs printing of each scenario → .xlsx → .yjs."""

    def write(path: Path, folder: Path) -> None:
        text = print_yjs(parse_source(SourceFile(path.name, path.read_text("utf-8"))).data)
        spec = folder / f"{path.stem}.yjs"
        spec.write_text(text, encoding="utf-8")
        _to_workbook(spec, folder)
        book = folder / f"{path.stem}.xlsx"
        result = convert_file(book, Syntax.YJS, spec)
        assert result.ok, [d.message for d in result.diagnostics]
        book.unlink()

    return _converted(tmp_path_factory.mktemp("yjs"), write, _selected(request))


@pytest.mark.parametrize("path", _params(SCENARIOS))
def test_every_scenario_builds_the_same_bytes_from_a_workbook(
    path: Path,
    real_scenarios: CompileResult,
    workbooks: CompileResult,
    back_to_yaml: CompileResult,
    through_yjs: CompileResult,
) -> None:
    expected = _own(real_scenarios, path.stem)
    forgiven = silenced(real_scenarios)  # a workbook has no suppression comments
    assert expected
    for result in (workbooks, back_to_yaml, through_yjs):
        problems = [
            f"{d.code.name} {d.message}"
            for d in result.diagnostics
            if (d.code.name, d.message) not in forgiven
            if d.span is None or Path(d.span.file).stem == path.stem
        ]
        assert problems == []
        assert _own(result, path.stem) == expected


@pytest.mark.parametrize("path", _params(SPECS))
def test_every_spec_keeps_its_ir_and_comments_through_a_workbook(path: Path) -> None:
    doc = load(path)
    book = read_workbook(f"{path.stem}.xlsx", convert_to_workbook(doc), "")
    assert book.problems == []
    assert lower(book).model_dump() == lower(doc).model_dump()
    if path.suffix == ".yjs":
        before = [c.text for c in parse_with_comments(doc.source)[1]]
    else:
        before = [c.text for c in yaml_comments(doc)]
    after = [c.text for c in book.notes]
    assert sorted(_words(t) for t in after) == sorted(_words(t) for t in before)


def _words(comment: str) -> str:
    """A comment's text: a note keeps the words; the `#` and the spaces around are layout."""
    return comment.lstrip("#").strip()
