"""`yjs test`: spec tests in the applicant's language (submit, exempt, fields, days, visits).

The Hunan-style 企业开办 case states what the applicant submits and what is exempt and why; a
copy with a broken expectation must fail with a readable diff and exit 1, and `yjs check`
must still report it as E601 at the test's name.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parents[1]
HUNAN = ROOT / "tests" / "cases" / "targets" / "hunan_startup.yaml"


def broken(tmp_path: Path) -> Path:
    """The case with its test expecting 1 day, no 授权委托书, and the ID card as a result."""
    head, tail = HUNAN.read_text("utf-8").split("tests:\n")
    tail = tail.replace("      days: 2", "      days: 1").replace(", mandate]", "]")
    tail = tail.replace("{id_card: 电子证照", "{id_card: 办件结果")
    path = tmp_path / "hunan.yaml"
    path.write_text(head + "tests:\n" + tail, "utf-8")
    return path


def test_scenarios_pass() -> None:
    run = CliRunner().invoke(app, ["test", str(ROOT / "scenarios")])
    assert run.exit_code == 0, run.output
    lines = run.stdout.splitlines()
    assert lines[-1].startswith("共 ") and lines[-1].endswith("0 个未通过")
    assert sum(line.startswith("通过") for line in lines) == len(lines) - 1 > 100


def test_the_case_passes_with_its_expectations() -> None:
    run = CliRunner().invoke(app, ["test", str(HUNAN)])
    assert run.exit_code == 0, run.output
    assert run.stdout.splitlines() == [
        "通过   hunan_startup › 申请人只交 6 份材料，身份证和营业执照免提交，2 个工作日办结",
        "共 1 个测试：1 个通过，0 个未通过",
    ]


def test_a_broken_expectation_fails_with_a_diff(tmp_path: Path) -> None:
    run = CliRunner().invoke(app, ["test", str(broken(tmp_path))])
    assert run.exit_code == 1
    assert run.stdout.splitlines() == [
        "未通过 hunan_startup › 申请人只交 6 份材料，身份证和营业执照免提交，2 个工作日办结",
        "    需提交的材料：",
        "      + mandate（实际有，期望没有）",
        "    免提交的材料：",
        "      - id_card（办件结果）（期望有，实际没有）",
        "      + id_card（电子证照）（实际有，期望没有）",
        "    总工作日：",
        "      - 期望 1",
        "      + 实际 2",
        "共 1 个测试：0 个通过，1 个未通过",
    ]


def test_json_format(tmp_path: Path) -> None:
    run = CliRunner().invoke(app, ["test", str(broken(tmp_path)), "--format", "json"])
    assert run.exit_code == 1
    (outcome,) = json.loads(run.stdout)
    assert outcome["passed"] is False
    days = next(d for d in outcome["differences"] if d["what"] == "总工作日")
    assert (days["expected"], days["got"]) == (1, 2)
    exempt = next(d for d in outcome["differences"] if d["what"] == "免提交的材料")
    assert exempt["got"] == {"id_card": "电子证照", "business_license": "办件结果"}


def test_check_still_reports_e601(tmp_path: Path) -> None:
    path = broken(tmp_path)
    run = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    assert run.exit_code == 1
    (diagnostic,) = json.loads(run.stdout)
    assert diagnostic["code"] == "E601"
    assert "总工作日应为 1，实际为 2" in diagnostic["message"]
    assert "需提交的材料不应有却有：mandate" in diagnostic["message"]
    line = (
        path.read_text("utf-8")
        .splitlines()
        .index("  - name: 申请人只交 6 份材料，身份证和营业执照免提交，2 个工作日办结")
    )
    assert diagnostic["span"]["line"] == line + 1


def test_fields_and_visits_are_judged(tmp_path: Path) -> None:
    head, tail = HUNAN.read_text("utf-8").split("tests:\n")
    tail = tail.replace("      fields: []", "      fields: [company_name]\n      visits: 0")
    path = tmp_path / "hunan.yaml"
    path.write_text(head + "tests:\n" + tail, "utf-8")
    run = CliRunner().invoke(app, ["test", str(path)])
    assert run.exit_code == 1
    assert "      - company_name（期望有，实际没有）" in run.stdout
    assert "      + 实际 未写明（有事项没有写办理渠道）" in run.stdout


def test_a_missed_target_is_shown_and_the_tests_still_run(tmp_path: Path) -> None:
    text = HUNAN.read_text("utf-8").replace("targets: {materials: 6,", "targets: {materials: 5,")
    path = tmp_path / "hunan.yaml"
    path.write_text(text, "utf-8")
    run = CliRunner().invoke(app, ["test", str(path)])
    assert run.exit_code == 1
    assert "error[E507]" in run.stderr
    assert run.stdout.splitlines()[-1] == "共 1 个测试：1 个通过，0 个未通过"


def test_another_error_stops_the_tests(tmp_path: Path) -> None:
    text = HUNAN.read_text("utf-8").replace("department: fund", "department: nowhere")
    path = tmp_path / "hunan.yaml"
    path.write_text(text, "utf-8")
    run = CliRunner().invoke(app, ["test", str(path)])
    assert run.exit_code == 1
    assert "error[E201]" in run.stderr
    assert run.stdout == ""
