"""`yjs why` and the provenance it shares with form.schema.json and routing.json.

Through the real entry point on the real scenarios (a YAML one and a .yjs one) and on the
sample project; the provenance records are also checked against the plan on all 33 bundles,
so `why`, the artefacts, the notice and the metrics cannot give different reasons.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT
from test_cli_contract import run, run_script

from compiler.pipeline import CompileResult, compile_paths
from compiler.provenance import Ground, trace

NEWBORN = str(ROOT / "scenarios/newborn.yaml")
MARRIAGE = str(ROOT / "scenarios/marriage.yjs")


def test_why_exempt_material_in_yaml_names_the_licence_and_every_item() -> None:
    result = run("why", "newborn", "mother_id_card", NEWBORN, "--format", "json")
    assert result.exit_code == 0, result.stderr
    [record] = json.loads(result.stdout)
    assert record["kind"] == "material"
    assert record["exempt"]["grounds"] == ["电子证照"]
    assert record["exempt"]["license"] == "id_card"
    assert record["exempt"]["when"] is None
    needed = {n["item"]: n["when"] for n in record["needed_by"]}
    assert needed["birth_registration"] is None
    assert needed["maternity_expense_reimbursement"] == {
        "text": "claim_maternity_expense",
        "words": "“分娩住院的医疗费用是否未在医院直接结算，需要申请报销？”选择“是”",
    }


def test_why_required_material_in_yaml_says_it_must_be_submitted() -> None:
    result = run("why", "newborn", "maternal_health_handbook_receipt", NEWBORN)
    assert result.exit_code == 0, result.stderr
    assert "免提交：否，由申请人提交" in result.stdout
    assert "受理要求：容缺后补，受理后 5 个工作日内补交" in result.stdout
    assert "`birth_certificate_issue` 出生医学证明首次签发" in result.stdout


def test_why_in_the_yjs_syntax_both_ways() -> None:
    required = run("why", "marriage", "marriage_couple_photos", MARRIAGE, "--format", "json")
    exempt = run("why", "marriage", "applicant_id_card", MARRIAGE, "--format", "json")
    assert required.exit_code == exempt.exit_code == 0
    [photos] = json.loads(required.stdout)
    [card] = json.loads(exempt.stdout)
    assert photos["exempt"] is None and photos["supplier"] == "申请人自备"
    assert [n["item"] for n in photos["needed_by"]] == ["marriage_registration"]
    assert card["exempt"]["grounds"] == ["电子证照"]
    conditional = [n for n in card["needed_by"] if n["when"] is not None]
    assert conditional and all(n["when"]["words"] for n in conditional)


def test_why_a_result_and_shared_data(project: Path) -> None:
    cert = json.loads(run("why", "nb", "birth_cert", "--format", "json").stdout)[0]
    assert cert["exempt"]["grounds"] == ["办件结果"] and cert["exempt"]["produced_by"] == ["a"]
    address = run("why", "nb", "address")
    assert address.exit_code == 0
    assert "免填：是，依据：共享数据" in address.stdout
    assert "由共享数据“人口库”提供，无需填写" in address.stdout
    typed = json.loads(run("why", "nb", "cert_no", "--format", "json").stdout)[0]
    assert typed["exempt"]["grounds"] == ["办件结果"] and typed["exempt"]["produced_by"] == ["a"]


def test_why_finds_a_material_by_its_name(project: Path) -> None:
    result = run("why", "nb", "户口簿", "--format", "json")
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)] == ["hh"]


def test_why_unknown_name_is_a_usage_error_with_near_matches(project: Path) -> None:
    result = run("why", "nb", "birth_crt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr == "yjs: 一件事 `nb` 中没有字段或材料 `birth_crt`；是否应为 `birth_cert`？\n"
    )


def test_why_unknown_scenario_and_missing_path_are_usage_errors(project: Path) -> None:
    unknown = run("why", "nbb", "hh")
    assert unknown.exit_code == 2
    assert "找不到一件事 `nbb`；是否应为 `nb`？" in unknown.stderr
    missing = run("why", "nb", "hh", "nope.yaml")
    assert missing.exit_code == 2 and missing.stderr == "yjs: 找不到 nope.yaml\n"


def test_why_on_a_spec_with_errors_exits_1(project: Path) -> None:
    spec = project / "scenarios/nb.yaml"
    spec.write_text(spec.read_text("utf-8").replace("department: police", "department: polic"))
    result = run("why", "nb", "hh")
    assert result.exit_code == 1
    assert "E201" in result.stderr


def test_why_through_the_installed_script(project: Path) -> None:
    result = run_script("why", "nb", "hh", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("材料 `hh`（户口簿），新生儿出生一件事（`nb`）\n")


def test_artefacts_carry_the_same_provenance(project: Path) -> None:
    built = compile_paths([project / "scenarios"])
    form = json.loads(built.artifacts["nb/form.schema.json"])
    routing = json.loads(built.artifacts["nb/routing.json"])
    needed = form["properties"]["baby_name"]["x-yjs-needed-by"]
    assert [n["item"] for n in needed] == ["a", "b"]
    exempt = {e["field"]: e["exempt"]["grounds"] for e in form["x-yjs"]["exempt"]}
    assert exempt == {"address": ["共享数据"], "cert_no": ["办件结果"]}
    assert "x-yjs-needed-by" not in form["properties"].get("address", {})
    materials = {m["id"]: m["provenance"] for m in routing["materials"]}
    assert materials["hh"]["exempt"]["produced_by"] == ["b"]
    assert materials["hh"]["needed_by"][0]["when"]["text"] == "join_mi"
    why = json.loads(run("why", "nb", "hh", "--format", "json").stdout)[0]
    assert why["exempt"]["grounds"] == materials["hh"]["exempt"]["grounds"]
    assert why["supplier"] == materials["hh"]["supplier"]


@pytest.mark.parametrize("kind", ["fields", "materials"])
def test_provenance_agrees_with_the_plan_on_every_real_bundle(
    real_scenarios: CompileResult, kind: str
) -> None:
    """Spared exactly when the plan spares it, under the plan's condition, on its grounds."""
    for plan in real_scenarios.plans.values():
        traced = trace(plan)
        if kind == "fields":
            for f in plan.form:
                record = traced.fields[f.definition.id]
                assert (record.exemption is None) == f.asked, (plan.scenario.scenario, f)
                assert [n.item for n in record.needs] == list(f.items)
            continue
        for m in plan.materials:
            record = traced.materials[m.material.id]
            exemption = record.exemption
            spared = not m.submit or m.exempt_when is not None
            assert (exemption is not None) == spared, (plan.scenario.scenario, m.material.id)
            if exemption is not None:
                assert exemption.when == m.exempt_when
                assert exemption.reason == m.reason
                made = any(m.material.id in p.item.produces for p in plan.items)
                assert (exemption.grounds[0] is Ground.RESULT) == made
