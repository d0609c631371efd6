"""`yjs build -j N` and `yjs check -j N` give exactly what one process gives.

Every test runs the real CLI twice, with `-j 1` and `-j 2`, and compares bytes: the output
tree (every artefact, manifest.json, `_lists/`), the diagnostics in every format, the exit
code. The size threshold under which `-j` stays in one process is lowered to nothing here,
and `merge` is watched, so each test knows the workers really ran (a fork inherits the
monkeypatches, which is also how a stage is made to crash inside a worker).
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sample_project import tree_bytes, write_project
from typer.testing import CliRunner, Result

import compiler.parallel as parallel
import compiler.pipeline as pipeline
from cli import app
from compiler.analysis import Analysis
from compiler.plan import Plan

ROOT = Path(__file__).resolve().parents[1]
# Real bundles sharing stdlib libraries, of several sizes (the partition deals by size).
REAL = (
    "business_permit",
    "company_startup",
    "employee_hiring",
    "marriage",
    "newborn",
)

# A library whose item every bundle uses: its W510 is found by every worker and must be
# reported once; its suppressions are judged on the merged result.
SHARED = """\
library: shared
name: 共用库
departments:
  - {id: police, name: 长沙市公安局, level: 市, region: "430100"}
  - {id: hosp, name: 助产机构, level: 市, region: "430100", kind: 医疗机构}
items:
  - id: survey
    name: 共用事项
    department: police
    kind: 行政许可
    days: {legal: 20, promised: 5}
    special_procedures:
      - {name: 现场勘验, days: 3}
      - {name: 专家评审, days: 5}  # yjs: ignore[W510]
      - {name: 检验检测, days: 2}  # yjs: ignore[W510, W999]
"""


def scenario(n: int, department: str = "hosp", spare: bool = False) -> str:
    materials = f"materials:\n  - {{id: spare{n}, name: 备用材料{n}}}\n" if spare else ""
    return (
        f"scenario: s{n}\nname: 测试一件事{n}\nsubject: 个人\nbatch: 2023-05-31\nlead: police\n"
        f"promised_days: 9\nimports: [stdlib/shared]\n{materials}items:\n  - use: survey\n"
        f"  - id: own{n}\n    name: 自己的事项{n}\n    department: {department}\n"
        "    days: {legal: 10, promised: 2}\n"
    )


@pytest.fixture(autouse=True)
def merges(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """No size threshold, and a record of every merge: True when the workers' result stood."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    merged: list[bool] = []
    real = parallel.merge

    @functools.wraps(real)
    def merge(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        merged.append(result is not None)
        return result

    monkeypatch.setattr(parallel, "merge", merge)
    yield merged


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def same_run(*args: str) -> Result:
    """`args` with -j 1 and with -j 2: the same exit code, stdout and stderr; the -j 2 run."""
    one, two = run(*args, "-j", "1"), run(*args, "-j", "2")
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    return two


@pytest.fixture
def real_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Some real scenarios in a project of their own (stdlib imports fall back to yjs's)."""
    root = tmp_path / "proj"
    (root / "scenarios").mkdir(parents=True)
    (root / "yjs.toml").write_text("", encoding="utf-8")
    for sid in REAL:
        [spec] = (ROOT / "scenarios").glob(f"{sid}.*")
        shutil.copy(spec, root / "scenarios" / spec.name)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def mixed_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Six bundles on one library: warnings in several, an unknown department in two."""
    files = {"stdlib/shared.yaml": SHARED}
    for n in range(6):
        files[f"scenarios/s{n}.yaml"] = scenario(
            n, department="polise" if n in (1, 4) else "hosp", spare=n % 2 == 0
        )
    root = write_project(tmp_path / "mixed", files)
    monkeypatch.chdir(root)
    return root


def test_build_j2_writes_the_tree_j1_writes(real_project: Path, merges: list[bool]) -> None:
    one = run("build", "--out", "one", "-j", "1")
    two = run("build", "--out", "two", "-j", "2")
    assert one.exit_code == two.exit_code == 0
    assert merges == [True]
    assert tree_bytes(real_project / "two") == tree_bytes(real_project / "one")
    names = set(tree_bytes(real_project / "two"))
    assert {"manifest.json", "_lists/limited_completion.csv", "newborn/notice.md"} <= names
    assert run("build", "--out", "two", "--check", "-j", "2").exit_code == 0


def test_check_j2_reports_what_j1_reports(mixed_project: Path, merges: list[bool]) -> None:
    text = same_run("check")
    assert text.exit_code == 1
    assert text.stderr.count("stdlib/shared.yaml:13") == 1  # found by both workers, said once
    assert "E201" in text.stderr and "W201" in text.stderr and "W999" in text.stderr
    for fmt in ("json", "sarif", "github"):
        assert same_run("check", "--format", fmt).exit_code == 1
    assert merges and all(merges)


def test_suppressions_are_judged_as_one_process_judges_them(
    mixed_project: Path, merges: list[bool]
) -> None:
    """Clean of errors, an unused suppression is W203; one in the library only for W999."""
    for n in (1, 4):
        (mixed_project / f"scenarios/s{n}.yaml").write_text(
            scenario(n).replace("promised_days: 9", "promised_days: 9  # yjs: ignore[W201]"),
            encoding="utf-8",
        )
    text = same_run("check")
    assert text.exit_code == 0 and text.stderr.count("W203") == 3  # s1, s4 and the W999
    assert same_run("check", "--warn-error", "all", "--format", "json").exit_code == 1
    assert same_run("build", "--out", "out", "--force").exit_code == 0
    assert merges and all(merges)


def test_a_scenario_id_in_two_shares_is_compiled_in_one_process(
    mixed_project: Path, merges: list[bool]
) -> None:
    # as large as s0 and s2, so the partition deals s0 and this one to different shares
    (mixed_project / "scenarios/s5.yaml").write_text(scenario(0, spare=True), encoding="utf-8")
    text = same_run("check")
    assert "E202" in text.stderr and text.exit_code == 1
    assert False in merges


def test_a_stage_that_raises_in_a_worker_is_the_e900_of_one_process(
    real_project: Path, monkeypatch: pytest.MonkeyPatch, merges: list[bool]
) -> None:
    crash_planning(monkeypatch, lambda: True)
    text = same_run("build", "--out", "out")
    assert text.exit_code == 1 and "E900" in text.stderr and "build_plan" in text.stderr
    assert not (real_project / "out").exists()  # nothing half-written
    assert merges == [True]


def test_the_crash_really_happens_in_the_workers(
    real_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    crash_planning(monkeypatch, lambda: os.getpid() != parent)
    assert run("check", "-j", "1").exit_code == 0
    two = run("check", "-j", "2")
    assert two.exit_code == 1 and "E900" in two.stderr and "boom" in two.stderr


def test_a_worker_that_dies_is_an_e900_and_writes_nothing(
    real_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    real = pipeline.analyse_bundle

    def analyse_or_die(bundle: object) -> Analysis:
        if os.getpid() != parent:
            os._exit(3)
        return real(bundle)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "analyse_bundle", analyse_or_die)
    two = run("build", "--out", "out", "-j", "2")
    assert two.exit_code == 1
    assert "E900" in two.stderr and "工作进程意外退出，退出码 3" in two.stderr
    assert "Traceback" not in two.stderr + two.stdout
    assert not (real_project / "out").exists()


def test_progress_counts_bundles_across_workers(real_project: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    result = pipeline.compile_paths(
        [real_project / "scenarios"], progress=lambda *p: seen.append(p), jobs=2
    )
    assert result.ok and len(result.planned) == len(REAL)
    for phase in ("检查", "规划", "生成"):
        counts = [(done, total) for name, done, total in seen if name == phase]
        assert counts == [(n, len(REAL)) for n in range(1, len(REAL) + 1)]


@pytest.mark.parametrize("value", ["x", "-1", "1.5", "", "257"])
def test_bad_jobs_are_usage_errors(real_project: Path, value: str) -> None:
    for command in ("check", "build"):
        result = run(command, "-j", value)
        assert result.exit_code == 2 and "-j 的值" in result.stderr


@pytest.mark.parametrize("value", ["0", "auto", "AUTO"])
def test_jobs_zero_or_auto_is_every_core(real_project: Path, value: str) -> None:
    assert run("check", "-j", value).exit_code == 0


def test_partition_is_by_size_in_file_order_and_keeps_links_together(tmp_path: Path) -> None:
    sizes = {"a": 50, "b": 400, "c": 300, "d": 100, "e": 80}
    for name, size in sizes.items():
        (tmp_path / f"{name}.yaml").write_text("#" * size, encoding="utf-8")
    (tmp_path / "z.yaml").symlink_to(tmp_path / "b.yaml")
    files = sorted(tmp_path.glob("*.yaml"))
    shares = parallel.partition(files, 2)
    names = [[path.stem for _, path in share] for share in shares]
    assert names == [["b", "e", "z"], ["a", "c", "d"]]  # 400 + 80 and 300 + 100 + 50 bytes
    assert [index for share in shares for index, _ in share] == [1, 4, 5, 0, 2, 3]
    assert parallel.partition(files, 2) == shares  # the same files, the same shares


def crash_planning(monkeypatch: pytest.MonkeyPatch, when: Callable[[], bool]) -> None:
    real = pipeline.build_plan

    @functools.wraps(real)
    def build_plan(analysis: Analysis) -> Plan:
        if when():
            raise RuntimeError("boom")
        return real(analysis)

    monkeypatch.setattr(pipeline, "build_plan", build_plan)


def test_a_compile_that_raises_is_the_one_e900_of_one_process(
    real_project: Path, monkeypatch: pytest.MonkeyPatch, merges: list[bool]
) -> None:
    """Outside any stage (here: resolving) a crash ends the compile, here and in each worker."""

    def resolve_paths(*args: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "resolve_paths", resolve_paths)
    text = same_run("build", "--out", "out")
    assert text.exit_code == 1 and text.stderr.count("E900") == 1 and "编译阶段" in text.stderr
    assert not (real_project / "out").exists()
    assert merges == [True]
