"""Conditions inside specs: errors at the token's own column, and the plan's use of them.

The condition language itself is tested in test_conditions.py; here: where a YAML condition's
problems are reported (plain, single- and double-quoted strings), how item, field and material
conditions reach form.schema.json (checked with jsonschema) and routing.json, and spec tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from sample_project import BASE_YAML, write_project

from compiler.pipeline import CompileResult, compile_paths

SPEC = """\
scenario: shop
name: 开店一件事
subject: 企业
batch: 2023-05-31
lead: police
promised_days: 5
imports: [stdlib/base]
situations:
  - {{id: sells_food, question: 是否经营食品？}}
  - {{id: shop_kind, question: 店铺类型, type: choice, choices: [餐馆, 超市]}}
fields:
  - {{id: area, label: 经营面积, type: decimal}}
  - {{id: opening, label: 开业日期, type: date}}
  - {{id: seats, label: 座位数, type: integer, when: "shop_kind == '餐馆'", required_when: "area > 50"}}
materials:
  - {{id: floor_plan, name: 平面图, when: "area > 300"}}
rules:
  - {{id: positive_area, check: "area > 0", message: 经营面积必须大于 0}}
items:
  - id: licence
    name: 营业执照
    department: police
    days: {{legal: 3, promised: 1}}
    fields: [area, opening, seats]
    materials: [floor_plan]
  - id: food
    name: 食品经营许可
    department: mi
    when: {when}
    days: {{legal: 10, promised: 3}}
    fields: [area]
tests:
  - name: 超市不卖食品
    answers: {{sells_food: false, shop_kind: 超市, area: 400}}
    expect: {{items: [licence], materials: [floor_plan]}}
  - name: 面积为零
    answers: {{sells_food: true, shop_kind: 餐馆, area: 0}}
    expect: {{items: [licence, food], materials: [], failed_rules: [positive_area]}}
"""
WHEN_LINE = 29  # the line of `when: {when}` in SPEC


def build(tmp_path: Path, when: str = "sells_food and area <= 300") -> CompileResult:
    root = write_project(
        tmp_path,
        {"stdlib/base.yaml": BASE_YAML, "scenarios/shop.yaml": SPEC.format(when=when)},
    )
    return compile_paths([root / "scenarios"])


def where(result: CompileResult) -> list[tuple[str, int, int, int]]:
    return [
        (d.code.name, d.span.line, d.span.column, d.span.end_column)
        for d in result.diagnostics
        if d.span is not None
    ]


def test_the_spec_compiles_and_its_spec_tests_pass(tmp_path: Path) -> None:
    result = build(tmp_path)
    assert result.diagnostics == []


@pytest.mark.parametrize(
    ("when", "code", "column", "end"),
    [
        # `when: ` is 10 columns wide (4 spaces of indent + "when: ")
        ("sells_food and area <= '大'", "E303", 26, 37),
        ("sells_fod and area <= 300", "E201", 11, 20),
        ("\"shop_kind == '面馆'\"", "E304", 25, 29),
        ("'shop_kind == ''面馆'''", "E304", 25, 31),
        ('"sells_food and area <= \\"大\\""', "E303", 27, 40),
        ("sells_food and (area > 3", "E301", 35, 36),
        ("area", "E305", 11, 15),
    ],
)
def test_a_problem_inside_a_condition_points_at_its_token(
    tmp_path: Path, when: str, code: str, column: int, end: int
) -> None:
    result = build(tmp_path, when)
    assert (code, WHEN_LINE, column, end) in where(result), where(result)


def test_conditional_requirements_are_enforced_by_the_form_schema(tmp_path: Path) -> None:
    result = build(tmp_path)
    schema = json.loads(result.artifacts["shop/form.schema.json"])
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    base = {"sells_food": True, "shop_kind": "餐馆", "opening": "2023-06-01"}
    assert not validator.is_valid({**base, "area": 80}), "seats required: 餐馆 and area > 50"
    assert validator.is_valid({**base, "area": 80, "seats": 20})
    assert validator.is_valid({**base, "area": 30}), "area <= 50: seats optional"
    assert validator.is_valid({**base, "shop_kind": "超市", "area": 80}), "not a 餐馆: not shown"
    seats = schema["properties"]["seats"]
    assert seats["x-yjs-visible-if"] == {
        "===": [{"var": "shop_kind"}, "餐馆"]
    } or "and" in json.dumps(seats["x-yjs-visible-if"])
    assert [r["id"] for r in schema["x-yjs"]["rules"]] == ["positive_area"]


def test_routing_carries_conditions_as_text_and_jsonlogic(tmp_path: Path) -> None:
    routing = json.loads(build(tmp_path).artifacts["shop/routing.json"])
    food = next(i for i in routing["items"] if i["id"] == "food")
    assert food["when"]["text"] == "sells_food and area <= 300"
    assert "and" in food["when"]["jsonlogic"]
    floor_plan = next(m for m in routing["materials"] if m["id"] == "floor_plan")
    assert floor_plan["when"]["text"] == "area > 300"


def test_notice_describes_conditions_in_chinese(tmp_path: Path) -> None:
    notice = build(tmp_path).artifacts["shop/notice.md"].decode("utf-8")
    assert "“是否经营食品？”选择“是”且“经营面积”不超过300时" in notice
    assert "仅在“经营面积”大于300时提交" in notice


def test_a_failing_spec_test_names_what_differs(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "stdlib/base.yaml": BASE_YAML,
            "scenarios/shop.yaml": SPEC.format(when="sells_food").replace(
                "failed_rules: [positive_area]", "failed_rules: []"
            ),
        },
    )
    result = compile_paths([root / "scenarios"])
    [failure] = [d for d in result.diagnostics if d.code.name == "E601"]
    assert "positive_area" in failure.message


CONDITIONAL_PRODUCER = """\
scenario: cp
name: 条件产出
subject: 个人
batch: 2023-05-31
lead: hosp
promised_days: 5
imports: [stdlib/base]
situations:
  - {id: born_here, question: 是否在本市助产机构出生？}
materials:
  - {id: birth_cert, name: 出生医学证明, source: 部门核发}
items:
  - id: a
    name: 出生医学证明签发
    department: hosp
    when: born_here
    days: {legal: 20, promised: 2}
    produces: [birth_cert]
  - id: b
    name: 出生登记
    department: police
    days: {legal: 10, promised: 1}
    materials: [birth_cert]
"""


def test_a_material_produced_only_sometimes_is_exempt_only_then(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"stdlib/base.yaml": BASE_YAML, "scenarios/cp.yaml": CONDITIONAL_PRODUCER}
    )
    result = compile_paths([root / "scenarios"])
    assert result.diagnostics == []
    routing = json.loads(result.artifacts["cp/routing.json"])
    [cert] = routing["materials"]
    assert (cert["submit"], cert["exempt_when"]["text"]) == (True, "born_here")
    notice = result.artifacts["cp/notice.md"].decode("utf-8")
    row = next(line for line in notice.splitlines() if line.startswith("| 1 | 出生医学证明 |"))
    assert "“是否在本市助产机构出生？”选择“是”时由本一件事的“出生医学证明签发”办理后产生" in row
