"""Repeating groups: a `list` field of typed sub-fields (股东, 家庭成员) and `count()` over it.

The emitted form schema checks every entry's sub-fields like fields (a 身份证号 with a wrong
check digit fails with `compiler.validators.format_checker()`), its count bounds as minItems /
maxItems; `count(x)` means the same in `evaluate`, in the JsonLogic a third-party engine runs
and in the form schema's `if`; a malformed group, a mistyped `count` or a mistyped spec-test
answer is a diagnostic at its place.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from jsonschema import Draft202012Validator
from sample_project import BASE_YAML, write_project
from typer.testing import CliRunner

from cli import app
from compiler.conditions.ast import Call, Compare, Number, Ref
from compiler.conditions.evaluate import evaluate
from compiler.conditions.json_schema import to_schema_if
from compiler.conditions.jsonlogic import to_jsonlogic
from compiler.conditions.types import TypeInfo
from compiler.pipeline import CompileResult, compile_paths
from compiler.validators import format_checker, id_number_check_char
from compiler.vocabulary import FieldType

ROOT = Path(__file__).resolve().parents[1]
GOOD_ID = "11010519491231002X"
BAD_ID = GOOD_ID[:-1] + "1"  # right shape, wrong check digit

SPEC = """\
scenario: family
name: 家庭一件事
subject: 个人
batch: 2024-01-01
lead: police
promised_days: 5
imports: [stdlib/base]
rules:
  - id: at_most_two_children
    check: count(children) <= 2
    message: 最多登记两个子女
items:
  - id: registration
    name: 家庭登记
    department: police
    days: {legal: 5, promised: 1}
    fields:
      - id: members
        label: 家庭成员
        type: list
        section: 家庭成员
        sensitivity: 个人信息
        min_count: 1
        max_count: 3
        fields:
          - {id: name, label: 姓名, max_length: 20, sensitivity: 个人信息}
          - {id: id_number, label: 公民身份号码, type: id_number, sensitivity: 敏感个人信息}
          - {id: relation, label: 与申请人关系, type: choice, choices: [配偶, 子女, 父母]}
          - {id: income, label: 月收入, type: money, required: false}
      - id: children
        label: 子女
        type: list
        required: false
        min_count: 0
        fields:
          - {id: name, label: 姓名}
  - id: allowance
    name: 多子女补贴
    department: mi
    when: count(children) >= 2
    days: {legal: 10, promised: 5}
    fields: [mother_id]
tests:
  - name: 两个子女时办理补贴
    answers:
      children: [{name: 甲}, {name: 乙}]
    expect: {items: [registration, allowance], failed_rules: []}
  - name: 三个子女超过上限
    answers:
      children: [{name: 甲}, {name: 乙}, {name: 丙}]
    expect: {items: [registration, allowance], failed_rules: [at_most_two_children]}
  - name: 没有子女
    answers: {children: []}
    expect: {items: [registration], failed_rules: []}
"""


def build(tmp_path: Path, spec: str = SPEC) -> CompileResult:
    root = write_project(tmp_path, {"stdlib/base.yaml": BASE_YAML, "scenarios/family.yaml": spec})
    return compile_paths([root / "scenarios"])


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def codes(result: CompileResult) -> list[tuple[str, int]]:
    return [(d.code.name, d.span.line if d.span else 0) for d in result.diagnostics]


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = build(tmp_path_factory.mktemp("family"))
    assert result.ok and result.diagnostics == [], result.diagnostics
    schema: dict[str, Any] = json.loads(result.artifacts["family/form.schema.json"])
    return schema


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=format_checker())


def member(**values: Any) -> dict[str, Any]:
    return {"name": "张三", "id_number": GOOD_ID, "relation": "配偶"} | values


def errors(schema: dict[str, Any], application: dict[str, Any]) -> list[str]:
    return [e.message for e in validator(schema).iter_errors(application)]


# --- the form schema ----------------------------------------------------------------------------


def test_a_good_group_validates(form: dict[str, Any]) -> None:
    assert errors(form, {"members": [member(), member(relation="子女", income=3000)]}) == []


def test_a_sub_field_id_number_with_a_bad_check_digit_fails(form: dict[str, Any]) -> None:
    assert id_number_check_char(GOOD_ID[:17]) == GOOD_ID[17] != BAD_ID[17]
    found = errors(form, {"members": [member(), member(id_number=BAD_ID)]})
    assert found == [f"'{BAD_ID}' is not a 'gb11643-id-number'"]


@pytest.mark.parametrize(
    ("application", "problem"),
    [
        ({"members": []}, "should be non-empty"),
        ({"members": [member()] * 4}, "is too long"),
        ({"members": [member(relation="朋友")]}, "is not valid under any of the given schemas"),
        ({"members": [member(income=-1)]}, "is less than the minimum"),
        ({"members": [member(name="张" * 21)]}, "is too long"),
        ({"members": [{"name": "张三", "relation": "配偶"}]}, "'id_number' is a required"),
        ({"members": [member(nickname="三")]}, "Additional properties are not allowed"),
        ({"members": member()}, "is not of type 'array'"),
        ({}, "'members' is a required property"),
    ],
)
def test_each_sub_field_and_the_count_are_checked(
    form: dict[str, Any], application: dict[str, Any], problem: str
) -> None:
    found = errors(form, application)
    assert len(found) == 1 and problem in found[0], found


def test_the_group_carries_its_sub_fields_and_bounds(form: dict[str, Any]) -> None:
    members = form["properties"]["members"]
    assert (members["type"], members["minItems"], members["maxItems"]) == ("array", 1, 3)
    entry = members["items"]
    assert entry["required"] == ["name", "id_number", "relation"]
    assert entry["properties"]["id_number"]["x-yjs-sensitivity"] == "敏感个人信息"
    assert form["properties"]["children"]["minItems"] == 0
    assert "maxItems" not in form["properties"]["children"]
    assert form["x-yjs"]["format_version"] == "4"


def test_routing_and_notice_describe_the_group(tmp_path: Path) -> None:
    result = build(tmp_path)
    routing = json.loads(result.artifacts["family/routing.json"])
    members = next(f for f in routing["fields"] if f["id"] == "members")
    assert members["type"] == "list"
    assert members["group"]["min_count"] == 1 and members["group"]["max_count"] == 3
    assert [s["id"] for s in members["group"]["fields"]] == [
        "name",
        "id_number",
        "relation",
        "income",
    ]
    assert next(f for f in routing["fields"] if f["id"] == "mother_id")["group"] is None
    allowance = next(i for i in routing["items"] if i["id"] == "allowance")
    assert allowance["when"]["text"] == "count(children) >= 2"
    notice = result.artifacts["family/notice.md"].decode()
    assert "家庭成员（逐条填写姓名、公民身份号码、与申请人关系、月收入；1–3 条）" in notice
    assert "“子女”的条数不少于2时" in notice


# --- count() in conditions ----------------------------------------------------------------------


def test_spec_tests_answer_a_group_with_a_list_of_entries(tmp_path: Path) -> None:
    result = build(tmp_path)  # the three tests in SPEC pass: count() decides items and rules
    assert result.diagnostics == []
    failing = SPEC.replace("failed_rules: [at_most_two_children]", "failed_rules: []")
    test_line = line_of(SPEC, "三个子女超过上限")
    assert codes(build(tmp_path / "again", failing)) == [("E601", test_line)]


def test_the_schema_if_of_count_requires_what_evaluate_says(form: dict[str, Any]) -> None:
    """`when: count(children) >= 2` gives no required field here, so check the `if` directly."""
    test = to_schema_if(Compare(">=", Call("count", (Ref("children"),)), Number(2)))
    assert test == {
        "properties": {"children": {"type": "array", "minItems": 2}},
        "required": ["children"],
    }


ENV = {"kids": TypeInfo(FieldType.LIST)}
OPS = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
ANSWERS = st.one_of(
    st.just({}),
    st.just({"kids": None}),
    st.lists(st.just({"name": "甲"}), max_size=4).map(lambda kids: {"kids": kids}),
)


def _jsonlogic(rule: Any, data: dict[str, Any]) -> Any:
    """A third-party engine with its built-in operations only: `count` needs no `yjs_*` one."""
    from json_logic import jsonLogic
    from json_logic.builtins import BUILTINS

    return jsonLogic(rule, data, BUILTINS)


@settings(
    derandomize=True, max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(OPS, st.integers(0, 5), st.booleans(), ANSWERS)
def test_count_means_the_same_everywhere(
    op: Any, n: int, flipped: bool, answers: dict[str, Any]
) -> None:
    counted = Call("count", (Ref("kids"),))
    node = Compare(op, Number(n), counted) if flipped else Compare(op, counted, Number(n))
    expected = evaluate(node, answers, _any_day(), ENV)
    assert _jsonlogic(to_jsonlogic(node, ENV), answers) is expected
    test = to_schema_if(node)
    assert test is not None
    assert Draft202012Validator(test).is_valid(answers) is expected


def _any_day() -> dt.date:
    return dt.date(2024, 1, 1)


def test_count_is_guarded_and_uses_only_standard_jsonlogic() -> None:
    rule = to_jsonlogic(Compare("<", Call("count", (Ref("kids"),)), Number(2)), ENV)
    step = {"+": [{"var": "accumulator"}, 1]}
    assert rule == {
        "and": [
            {"!==": [{"var": "kids"}, None]},
            {"<": [{"reduce": [{"var": "kids"}, step, 0]}, 2]},
        ]
    }
    assert "yjs_" not in json.dumps(rule)


# --- malformed groups ---------------------------------------------------------------------------


def _members(block: str) -> str:
    start = SPEC.index("      - id: members")
    end = SPEC.index("      - id: children")
    return SPEC[:start] + block + SPEC[end:]


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        (
            "      - {id: members, label: 家庭成员, type: list}\n",
            "list 类型的字段必须在 fields 中列出子字段",
        ),
        (
            "      - {id: members, label: 家庭成员, fields: [{id: a, label: 甲}]}\n",
            "只有 list 类型的字段可以有 fields、min_count、max_count",
        ),
        (
            "      - {id: members, label: 家庭成员, type: list, max_length: 9,"
            " fields: [{id: a, label: 甲}]}\n",
            "list 类型的字段不能写 max_length",
        ),
        (
            "      - {id: members, label: 家庭成员, type: list, min_count: 3, max_count: 2,"
            " fields: [{id: a, label: 甲}]}\n",
            "min_count（3）不能大于 max_count（2）",
        ),
        (
            "      - {id: members, label: 家庭成员, type: list,"
            " fields: [{id: a, label: 甲}, {id: a, label: 乙}]}\n",
            "子字段 `a` 重复",
        ),
        (
            "      - {id: members, label: 家庭成员, type: list,"
            " fields: [{id: a, label: 甲, type: list}]}\n",
            "子字段不能是 list 类型",
        ),
    ],
)
def test_a_malformed_group_is_e113(tmp_path: Path, block: str, problem: str) -> None:
    result = build(tmp_path, _members(block))
    [diagnostic] = [d for d in result.diagnostics if d.code.name == "E113"]
    assert problem in diagnostic.message
    field_line = line_of(SPEC, "- id: members")
    assert diagnostic.span is not None and diagnostic.span.line == field_line


def test_an_unknown_sub_field_key_is_e110_naming_the_keys(tmp_path: Path) -> None:
    block = (
        "      - {id: members, label: 家庭成员, type: list,"
        " fields: [{id: a, label: 甲, when: x}]}\n"
    )
    [diagnostic] = build(tmp_path, _members(block)).diagnostics
    line = line_of(SPEC, "- id: members")
    assert (diagnostic.code.name, diagnostic.span and diagnostic.span.line) == ("E110", line)
    assert diagnostic.hint is not None and "sensitivity" in diagnostic.hint


def test_two_declarations_with_different_sub_fields_are_e302(tmp_path: Path) -> None:
    again = """\
  - id: second
    name: 第二次登记
    department: mi
    days: {legal: 5, promised: 1}
    fields:
      - id: children
        label: 子女
        type: list
        fields:
          - {id: name, label: 姓名}
          - {id: birth_date, label: 出生日期, type: date}
tests:
"""
    result = build(tmp_path, SPEC.replace("tests:\n", again, 1))
    [diagnostic] = [d for d in result.diagnostics if d.code.name == "E302"]
    assert diagnostic.message == (
        "字段 `children` 的类型声明不一致：list（name: text） 与 "
        "list（name: text，birth_date: date）"
    )


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ("{children: 两个}", [("E112", "`children` 的值应为列表：每一条写成一组“子字段: 值”")]),
        ("{children: [{name: 1}]}", [("E112", "`name` 的值应为文本")]),
        ("{children: [{nme: 甲}]}", [("E110", "未知的键 `nme`")]),
        (
            "{children: [{name: 甲}], members: true}",
            [("E112", "`members` 的值应为列表：每一条写成一组“子字段: 值”")],
        ),
    ],
)
def test_a_mistyped_answer_is_reported_not_a_crash(
    tmp_path: Path, answers: str, expected: list[tuple[str, str]]
) -> None:
    spec = SPEC.replace("answers: {children: []}", f"answers: {answers}")
    result = build(tmp_path, spec)
    assert [(d.code.name, d.message) for d in result.diagnostics] == expected
    line = line_of(spec, "answers: {children")
    assert all(d.span is not None and d.span.line == line for d in result.diagnostics)


def test_count_of_a_field_that_is_not_a_list_is_e306(tmp_path: Path) -> None:
    spec = SPEC.replace("when: count(children) >= 2", "when: count(mother_id) >= 2")
    [diagnostic] = build(tmp_path, spec).diagnostics
    assert diagnostic.code.name == "E306"
    where = (line_of(spec, "count(mother_id)"), len("    when: count(") + 1)
    assert diagnostic.span is not None and (diagnostic.span.line, diagnostic.span.column) == where


# --- the real scenario --------------------------------------------------------------------------


def test_company_startup_checks_every_investors_id_number() -> None:
    result = compile_paths([ROOT / "scenarios" / "company_startup.yjs"], ROOT)
    assert result.ok and result.diagnostics == []
    schema = json.loads(result.artifacts["company_startup/form.schema.json"])
    investor = {
        "investor_type": "自然人",
        "investor_name": "张三",
        "id_number": GOOD_ID,
        "subscribed_capital": 10,
        "contribution_method": "货币",
        "contribution_deadline": "2029-06-30",
    }
    check = validator(schema["properties"]["new_investors"])
    assert list(check.iter_errors([investor])) == []
    bad = [investor, investor | {"id_number": BAD_ID}]
    assert [e.message for e in check.iter_errors(bad)] == [
        f"'{BAD_ID}' is not a 'gb11643-id-number'"
    ]
    rules = {r["id"] for r in schema["x-yjs"]["rules"]}
    assert rules == {"llc_at_most_50_shareholders", "sole_investor"}


def test_yjs_round_trip_keeps_a_group(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"stdlib/base.yaml": BASE_YAML, "scenarios/family.yaml": SPEC})
    runner = CliRunner()
    yjs = runner.invoke(app, ["convert", str(root / "scenarios/family.yaml"), "--to", "yjs"])
    assert yjs.exit_code == 0, yjs.output
    assert 'field members "家庭成员" {' in yjs.stdout
    assert (
        'field id_number "公民身份号码" { type id_number, sensitivity 敏感个人信息 }' in yjs.stdout
    )
    (root / "again").mkdir()
    (root / "again" / "family.yjs").write_text(yjs.stdout, encoding="utf-8")
    first = compile_paths([root / "scenarios"])
    second = compile_paths([root / "again"])
    assert second.diagnostics == []
    same = {k: v for k, v in first.artifacts.items() if k != "manifest.json"}
    assert same == {k: v for k, v in second.artifacts.items() if k != "manifest.json"}
