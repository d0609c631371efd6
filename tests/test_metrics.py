"""Metrics (减材料/减环节/减时限/减跑动), `targets:` (E507) and `yjs stats`, recomputed by hand.

The sample project (tests/sample_project.py) and the Hunan-style 企业开办 case are small enough
to count on paper; the expected numbers below are that count, written out item by item.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sample_project import write_project
from typer.testing import CliRunner

from cli import app
from compiler.durations import TimeUnit
from compiler.emit.csv_cells import csv_text, safe_cell
from compiler.metrics import Figure, Figures
from compiler.pipeline import compile_paths
from compiler.version import FORMAT_VERSIONS

ROOT = Path(__file__).resolve().parents[1]
HUNAN = ROOT / "tests" / "cases" / "targets" / "hunan_startup.yaml"


def test_sample_project_by_hand(tmp_path: Path) -> None:
    root = write_project(tmp_path / "proj")
    result = compile_paths([root / "scenarios"])
    assert result.ok
    metrics = result.metrics["nb"]
    assert metrics.exhaustive  # one yes/no situation: two answer sets
    by_answer = {case.answers["join_mi"]: case for case in metrics.cases if case.answers}
    # join_mi yes: a asks mother_id, baby_name; b asks cert_no, baby_name (address is shared
    # data); c asks bank → 5 fields; one material each → 3; 3 steps each → 9; 2 + 1 + 1 days.
    assert by_answer[True].before == Figures(fields=5, materials=3, visits=None, steps=9, days=4)
    # The bundle: mother_id, baby_name, bank asked (cert_no comes from a's result); the ID
    # card is an e-licence, the birth certificate and the register are results → nothing to
    # submit; 一表申请 → 并联办理 → 统一出件; the chain a → b → c is 4 working days.
    assert by_answer[True].after == Figures(fields=3, materials=0, visits=None, steps=3, days=4)
    assert by_answer[True].critical_path == ("a", "b", "c")
    assert {e.material for e in by_answer[True].exempt} == {"id_card_m", "birth_cert", "hh"}
    assert by_answer[False].before == Figures(fields=4, materials=2, visits=None, steps=6, days=3)
    assert by_answer[False].after == Figures(fields=2, materials=0, visits=None, steps=3, days=3)
    data = json.loads(result.artifacts["nb/metrics.json"])
    assert data["format_version"] == FORMAT_VERSIONS["metrics.json"]
    assert data["worst"]["before"] == {
        "fields": 5,
        "materials": 3,
        "visits": None,
        "steps": 9,
        "days": 4,
    }
    assert data["worst"]["reduction_percent"]["steps"] == 66.7
    assert data["range"]["min"]["days"] == 3
    manifest = json.loads(result.artifacts["manifest.json"])
    assert "nb/metrics.json" in manifest["scenarios"][0]["outputs"]


def test_hunan_startup_by_hand_meets_its_targets() -> None:
    result = compile_paths([HUNAN])
    assert result.ok, [d.message for d in result.diagnostics]
    (case,) = {c.after: c for c in result.metrics["hunan_startup"].cases}.values()
    # register lists 6 materials, seal 3, the other four 1 each (营业执照) → 13 before; after,
    # the ID card is an e-licence and 营业执照 the register's result: 6 to submit.
    assert case.before == Figures(fields=0, materials=13, visits=None, steps=18, days=6)
    assert case.after == Figures(fields=0, materials=6, visits=None, steps=3, days=2)
    assert case.critical_path == ("register", "seal")


def test_hunan_startup_without_the_e_licence_misses_the_material_target(tmp_path: Path) -> None:
    text = HUNAN.read_text("utf-8").replace(", license: id_card_license}", "}")
    spec = tmp_path / "hunan.yaml"
    spec.write_text(text, "utf-8")
    result = compile_paths([spec])
    errors = [d for d in result.diagnostics if d.code.name == "E507"]
    assert len(errors) == 1
    (error,) = errors
    assert "提交材料 7 份，超过目标 6 份" in error.message
    assert "法定代表人居民身份证（`id_card`" in (error.hint or "")
    assert error.span is not None and (error.span.line, error.span.column) == (10, 22)
    assert not result.artifacts


@pytest.mark.parametrize(
    ("targets", "code_at"),
    [
        ("{materials: 6, steps: 3, days: 2, visits: 0}", "visits"),
        ("{materials: 6, steps: 3, days: 1}", "days"),
        ("{materials: 6, steps: 2, days: 2}", "steps"),
        ("{materials: 6, steps: 3, days: 2, online: true}", "online"),
    ],
)
def test_each_target_is_judged(tmp_path: Path, targets: str, code_at: str) -> None:
    text = HUNAN.read_text("utf-8").replace("{materials: 6, steps: 3, days: 2}", targets)
    spec = tmp_path / "hunan.yaml"
    spec.write_text(text, "utf-8")
    result = compile_paths([spec], emit=False)
    (error,) = [d for d in result.diagnostics if d.code.name == "E507"]
    assert error.span is not None
    line = text.splitlines()[error.span.line - 1]
    assert line[error.span.column - 1 :].startswith(
        {"visits": "0", "days": "1", "steps": "2", "online": "true"}[code_at]
    )


def test_days_breach_names_the_critical_path(tmp_path: Path) -> None:
    text = HUNAN.read_text("utf-8").replace("days: 2}", "days: 1}", 1)
    spec = tmp_path / "hunan.yaml"
    spec.write_text(text, "utf-8")
    (error,) = compile_paths([spec], emit=False).diagnostics
    assert "办理时限 2 个工作日，超过目标 1 个工作日" in error.message
    assert "“企业设立登记”（1 个工作日） → “公章刻制备案”（1 个工作日）" in (error.hint or "")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("企业开办", "企业开办"),
        ("a=b", "a=b"),
        (-5, "-5"),
        (12.5, "12.5"),
        (None, ""),
        (True, "true"),
        (False, "false"),
        (TimeUnit.HOUR, "小时"),
    ],
)
def test_csv_cells_cannot_run_as_formulas(value: object, cell: str) -> None:
    assert safe_cell(value) == cell
    # csv_text decides plain str and int cells by their type: every kind comes out as its
    # safe_cell, written by the csv module
    written = io.StringIO()
    csv.writer(written, lineterminator="\n").writerow([cell, "", "0"])
    assert csv_text([[value, "", 0]]) == written.getvalue()


def test_csv_text_quotes_and_escapes() -> None:
    text = csv_text([['=HYPERLINK("x")', "a,b"], [1, None]])
    assert list(csv.reader(io.StringIO(text))) == [['\'=HYPERLINK("x")', "a,b"], ["1", ""]]


def test_stats_reports_before_and_after_for_every_scenario() -> None:
    runner = CliRunner()
    json_run = runner.invoke(app, ["stats", str(ROOT / "scenarios"), "--format", "json"])
    assert json_run.exit_code == 0, json_run.output
    rows = json.loads(json_run.stdout)
    scenarios = {p.stem for p in (ROOT / "scenarios").iterdir()}
    assert {r["scenario"] for r in rows} == scenarios
    for row in rows:
        for figure in Figure:
            got = row["figures"][figure.key]
            assert set(got) == {"before", "after", "reduction_percent"}
            if figure is not Figure.VISITS:
                assert got["before"] >= got["after"] >= 0
    csv_run = runner.invoke(app, ["stats", str(ROOT / "scenarios"), "--format", "csv"])
    assert csv_run.exit_code == 0
    table = list(csv.DictReader(io.StringIO(csv_run.stdout)))
    assert len(table) == len(rows)
    first = rows[0]
    assert table[0]["materials_after"] == str(first["figures"]["materials"]["after"])
    text_run = runner.invoke(app, ["stats", str(ROOT / "scenarios")])
    assert text_run.exit_code == 0
    assert "提交材料（份）" in text_run.stdout
    name = next(r["name"] for r in rows if r["scenario"] == "company_startup")
    startup = next(r for r in rows if r["scenario"] == "company_startup")["figures"]["days"]
    assert f"| {name} |" in text_run.stdout
    assert f"{startup['before']} → {startup['after']}" in text_run.stdout


def test_stats_csv_escapes_a_scenario_name(tmp_path: Path) -> None:
    text = HUNAN.read_text("utf-8").replace("name: 企业开办一件事（湖南做法）", 'name: "=1+2"')
    spec = tmp_path / "hunan.yaml"
    spec.write_text(text, "utf-8")
    run = CliRunner().invoke(app, ["stats", str(spec), "--format", "csv"])
    assert run.exit_code == 0, run.output
    assert next(iter(csv.DictReader(io.StringIO(run.stdout))))["name"] == "'=1+2"


def _hunan_with_service(tmp_path: Path, service: str, targets: str | None = None) -> Path:
    text = HUNAN.read_text("utf-8").replace("promised_days: 2\n", f"promised_days: 2\n{service}\n")
    if targets is not None:
        text = text.replace("{materials: 6, steps: 3, days: 2}", targets)
    spec = tmp_path / "hunan.yaml"
    spec.write_text(text, "utf-8")
    return spec


def test_one_window_serves_every_item_in_one_trip(tmp_path: Path) -> None:
    spec = _hunan_with_service(tmp_path, "service: {accept: 综合窗口, channels: {窗口: 1}}")
    result = compile_paths([spec], emit=False)
    assert result.ok, [d.message for d in result.diagnostics]
    (case,) = {c.after: c for c in result.metrics["hunan_startup"].cases}.values()
    # Before: six items, one visit each; after: the 综合窗口 accepts all six in one trip.
    assert (case.before.visits, case.after.visits) == (6, 1)
    (trip,) = case.trips
    assert (trip.place, trip.visits, len(trip.items)) == ("综合窗口", 1, 6)


def test_each_department_accepting_for_itself_is_a_trip_of_its_own(tmp_path: Path) -> None:
    spec = _hunan_with_service(
        tmp_path,
        "service: {accept: 办理部门, channels: {窗口: 1}}",
        "{materials: 6, steps: 3, days: 2, visits: 1}",
    )
    result = compile_paths([spec], emit=False)
    (case,) = {c.after: c for c in result.metrics["hunan_startup"].cases}.values()
    assert case.after.visits == 6
    assert [t.place for t in case.trips] == ["market", "police", "tax", "hrss", "mi", "fund"]
    (error,) = [d for d in result.diagnostics if d.code.name == "E507"]
    assert "到某市公安局1次（“公章刻制备案”）" in (error.hint or "")


def test_marriage_needs_a_trip_to_the_clinic_and_one_to_the_registry() -> None:
    result = compile_paths([ROOT / "scenarios" / "marriage.yjs"], emit=False)
    metrics = result.metrics["marriage"]
    worst = metrics.worst(Figure.VISITS)
    # 婚前医学检查 and 孕前优生健康检查 are at the same 妇幼保健 institution (one trip);
    # 结婚登记 needs both parties at the 婚姻登记处 (another); the rest is accepted there too
    # or online.
    assert worst.after.visits == 2
    assert {t.place: t.items for t in worst.trips} == {
        "maternal_child_health_institution": (
            "premarital_medical_examination",
            "pre_pregnancy_health_check",
        ),
        "cs_civil_affairs": ("marriage_registration",),
    }
