"""Service delivery and commitments as data (issue 9, points 3 and 4).

One bundle states the delivery defaults and overrides them per item, carries an item-level and a
material-level 告知承诺, a 容缺后补 material and a 免申即享 item. The tests read what reaches
routing.json, notice.md and form.schema.json, build the same bundle from .yjs, and check the
real scenarios that use the constructs (policy_benefits, business_permit, company_startup).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sample_project import BASE_YAML, write_project
from typer.testing import CliRunner

from cli import app
from compiler import delivery_terms, durations, validators
from compiler.delivery import FeeTerms, fee_terms
from compiler.lower import lower
from compiler.pipeline import CompileResult, compile_paths
from compiler.spec_schema import spec_json_schema
from compiler.workdays import schedule_days
from dsl.diagnostics import Code, CompileError
from dsl.front_ends import parse_source
from dsl.printer import print_yaml, print_yjs
from dsl.source import SourceFile

ROOT = Path(__file__).resolve().parents[1]
CODE = "11430100006940184X4000172008000"  # a valid credit code (GB 32100) + 13 characters

DV_YAML = f"""\
scenario: dv
name: 办理方式测试
subject: 企业
batch: 2024-01-01
lead: market
promised_days: 10
imports: [stdlib/base]
departments:
  - {{id: market, name: 某区市场监督管理局, level: 区县, region: "430102"}}
  - {{id: fire, name: 某区消防救援大队, level: 区县, region: "430102"}}
  - {{id: hrss, name: 长沙市人力资源和社会保障局, level: 市, region: "430100"}}
  - {{id: street, name: 某街道便民服务中心, level: 乡镇街道, region: "430102"}}
data_sources:
  - {{id: si, name: 社会保险信息库, provider: 人力资源和社会保障部门}}
situations:
  - {{id: sells_food, question: 是否销售散装食品？}}
fields:
  - {{id: area, label: 经营场所面积, type: decimal}}
  - {{id: insured_months, label: 连续缴纳失业保险费月数, type: integer, from_data: si}}
  - {{id: layoff_rate, label: 上年度裁员率, type: decimal, from_data: si}}
  - {{id: pay_account, label: 缴费账户, from_data: si}}
materials:
  - id: rules
    name: 食品安全管理制度
    acceptance: 告知承诺
    pledge: {{check_within: 2 月}}
  - {{id: layout, name: 场所平面图, acceptance: 容缺后补, makeup_days: 5}}
  - {{id: promise, name: 消防安全告知承诺书, acceptance: 告知承诺}}
service:
  accept: 综合窗口
  channels: {{全程网办: 0, 窗口: 1}}
  result_delivery: [电子证照, 统一出件]
fee: 不收费
items:
  - id: food
    name: 食品经营许可
    code: {CODE}
    kind: 行政许可
    department: market
    when: sells_food
    days: {{legal: 10, promised: 5}}
    fields: [area]
    materials: [rules, layout]
    fee: {{amount: 80, basis: 某收费文件, exemptions: 小微企业免收}}
    service: {{channels: {{窗口: 2}}, nearby: [社区, 街道], assisted: true}}
  - id: fire_check
    name: 营业前消防安全检查
    kind: 行政许可
    department: fire
    days: {{legal: 10, promised: 1}}
    fields: [area]
    materials: [promise]
    pledge: {{check_within: 20, basis: 《中华人民共和国消防法》第十五条}}
    service: {{accept: street, home_visit: false}}
  - id: refund
    name: 失业保险稳岗返还
    kind: 行政给付
    department: hrss
    application: 免申即享
    when: insured_months >= 12 and layoff_rate <= 5.5
    days: {{legal: 20, promised: 10}}
    fields: [insured_months, layoff_rate, pay_account]
tests:
  - name: 符合条件的自动返还
    answers: {{sells_food: false, insured_months: 12, layoff_rate: 5.5}}
    expect: {{items: [fire_check, refund]}}
  - name: 裁员率超过的不返还
    answers: {{sells_food: true, insured_months: 30, layoff_rate: 6}}
    expect: {{items: [food, fire_check]}}
"""


def build(tmp_path: Path, spec: str = DV_YAML, name: str = "dv.yaml") -> CompileResult:
    root = write_project(
        tmp_path / "proj", {"stdlib/base.yaml": BASE_YAML, f"scenarios/{name}": spec}
    )
    result = compile_paths([root / "scenarios"])
    assert result.ok, [d.message for d in result.diagnostics]
    return result


def routing(result: CompileResult, sid: str = "dv") -> dict[str, Any]:
    return json.loads(result.artifacts[f"{sid}/routing.json"])


def items_of(result: CompileResult, sid: str = "dv") -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in routing(result, sid)["items"]}


def notice(result: CompileResult, sid: str = "dv") -> str:
    return result.artifacts[f"{sid}/notice.md"].decode("utf-8")


# --- 9.3: service delivery per item -------------------------------------------------------------


def test_item_overrides_the_bundle_defaults_key_by_key(tmp_path: Path) -> None:
    items = items_of(build(tmp_path))
    food, fire = items["food"], items["fire_check"]
    assert food["accept"] == {"one_window": True, "department": None}  # the default
    assert food["channels"] == [{"channel": "窗口", "visits": 2}]  # overridden as a whole
    assert food["nearby"] == ["街道", "社区"]  # the closed list's order, not the spec's
    assert food["assisted"] is True
    assert food["home_visit"] is None  # stated nowhere: not a guess
    assert fire["accept"] == {"one_window": False, "department": "street"}
    assert fire["channels"] == [
        {"channel": "全程网办", "visits": 0},
        {"channel": "窗口", "visits": 1},
    ]
    assert fire["assisted"] is None and fire["home_visit"] is False
    for item in (food, fire):
        assert item["result_delivery"] == {
            "methods": ["电子证照", "统一出件"],
            "unified_at": "market",
        }
    assert food["code"] == CODE and food["local_code"] is None


def test_nothing_stated_is_null_in_routing_and_absent_from_the_notice(project: Path) -> None:
    result = compile_paths([project / "scenarios"])
    for item in routing(result, "nb")["items"]:
        assert item["accept"] is None and item["channels"] == [] and item["nearby"] == []
        assert item["result_delivery"] == {"methods": [], "unified_at": None}
        assert (item["assisted"], item["home_visit"], item["pledge"]) == (None, None, None)
        assert item["fee"]["charged"] is False and item["application"] == "依申请"
    text = notice(result, "nb")
    service = text.split("、办理方式与跑动次数")[1].split("\n## ")[0]
    assert "部分事项未写明办理渠道" in service and "综合窗口（一窗受理）" not in service
    assert "| 各事项 | — | — | — | — | — | — | — |" in service  # nothing stated, nothing guessed
    pledges = text.split("、告知承诺与免申即享")[1].split("\n## ")[0]
    assert pledges.strip() == "本一件事没有实行告知承诺或免申即享的事项和材料。"


def test_a_department_accepting_for_another_receives_what_it_accepts(tmp_path: Path) -> None:
    views = {d["id"]: d for d in routing(build(tmp_path))["departments"]}
    assert views["street"]["items"] == [] and views["street"]["accepts"] == ["fire_check"]
    assert views["street"]["fields"] == ["area"] and views["street"]["materials"] == ["promise"]
    assert views["fire"]["accepts"] == [] and views["fire"]["items"] == ["fire_check"]
    assert "pay_account" not in views["street"]["fields"]


def test_the_notice_words_the_delivery_terms(tmp_path: Path) -> None:
    text = notice(build(tmp_path))
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()}
    assert rows["食品经营许可"] == (
        "| 食品经营许可 | 综合窗口（一窗受理） | 窗口（2 次） | 最多跑 2 次 "
        "| 电子证照、统一出件（某区市场监督管理局） | 街道、社区受理 | 提供 | — |"
    )
    assert rows["营业前消防安全检查"].split(" | ")[1:3] == [
        "某街道便民服务中心",
        "全程网办（0 次）、窗口（1 次）",
    ]
    assert rows["营业前消防安全检查"].endswith("| — | — | 不提供 |")


def test_items_with_the_same_terms_share_one_row(tmp_path: Path) -> None:
    spec = DV_YAML.replace(
        "    service: {channels: {窗口: 2}, nearby: [社区, 街道], assisted: true}\n", ""
    ).replace("    service: {accept: street, home_visit: false}\n", "")
    text = notice(build(tmp_path, spec))
    assert "| 各事项 | 综合窗口（一窗受理） |" not in text  # the 免申即享 item differs
    assert "| 食品经营许可、营业前消防安全检查 | 综合窗口（一窗受理） |" in text


def test_fee_is_data(tmp_path: Path) -> None:
    items = items_of(build(tmp_path))
    assert items["food"]["fee"] == {
        "charged": True,
        "amount": 80,
        "standard": None,
        "basis": "某收费文件",
        "exemptions": "小微企业免收",
        "note": None,
    }
    assert items["fire_check"]["fee"]["charged"] is False  # the bundle's `fee: 不收费`
    text = notice(build(tmp_path / "again"))
    assert (
        "- 食品经营许可：80 元；收费依据：某收费文件；减免：小微企业免收\n\n其余事项不收费。"
        in text
    )


def test_fee_shorthands() -> None:
    assert fee_terms(None) == fee_terms("不收费") == FeeTerms(charged=False)
    assert fee_terms("按规定缴纳") == FeeTerms(charged=True, standard="按规定缴纳")
    free = delivery_terms.Fee(charged=False, note="首套免费")
    assert fee_terms(free) == FeeTerms(charged=False, note="首套免费")


@pytest.mark.parametrize(
    ("fee", "problem"),
    [
        ({"amount": 12.345}, "最多两位小数"),
        ({"basis": "某文件"}, "amount（金额，元）或 standard"),
        ({"charged": False, "amount": 5}, "不能写 amount"),
    ],
)
def test_fee_terms_must_agree(fee: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        delivery_terms.Fee.model_validate(fee)


# --- 实施编码 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        (CODE, None),
        (CODE + "01", None),  # the 33-character form
        (CODE.lower(), "含有“x”"),
        (CODE[:-1], "共 30 位"),
        ("IIII" + CODE[4:], "不能有“I”"),
        (CODE[:17] + "Y" + CODE[18:], "校验位应为“X”，这里是“Y”"),
    ],
)
def test_item_code_problem(code: str, problem: str | None) -> None:
    found = validators.item_code_problem(code)
    assert found == problem if problem is None else problem in (found or "")


# --- 9.4: commitments and proactive service -----------------------------------------------------


def test_item_pledge_shows_its_check_period_in_routing_and_notice(tmp_path: Path) -> None:
    result = build(tmp_path)
    pledge = items_of(result)["fire_check"]["pledge"]
    assert pledge == {
        "check_within": 20,
        "check_unit": "工作日",
        "checked_by": ["fire"],  # not stated: the item's own department
        "basis": "《中华人民共和国消防法》第十五条",
    }
    assert (
        "- 营业前消防安全检查：实行告知承诺，申请人书面承诺符合条件并提交规定材料后，凭承诺作出决定；"
        "某区消防救援大队自作出决定之日起 20 个工作日内核查承诺内容（依据：《中华人民共和国消防法》第十五条）。"
    ) in notice(result)


def test_material_pledge_and_makeup_deadline(tmp_path: Path) -> None:
    result = build(tmp_path)
    materials = {m["id"]: m for m in routing(result)["materials"]}
    assert materials["rules"]["pledge"] == {
        "check_within": 2,
        "check_unit": "月",
        "checked_by": ["market"],  # the departments of the items that rely on it
        "basis": None,
    }
    assert materials["promise"]["pledge"] is None  # 告知承诺 without a stated 核查
    assert materials["layout"]["makeup_days"] == 5 and materials["layout"]["pledge"] is None
    text = notice(result)
    assert "可签署告知承诺书代替，某区市场监督管理局自作出决定之日起 2 个月内核查" in text
    assert "| 消防安全告知承诺书 | 原件 | 1 | 申请人自备 | 可签署告知承诺书代替 |" in text
    assert "容缺受理，5 个工作日内补交" in text


def test_material_pledge_checked_by_names_its_department(tmp_path: Path) -> None:
    spec = DV_YAML.replace(
        "pledge: {check_within: 2 月}",
        "pledge: {check_within: 30 自然日, checked_by: hrss}",
    )
    rules = next(m for m in routing(build(tmp_path, spec))["materials"] if m["id"] == "rules")
    assert rules["pledge"]["checked_by"] == ["hrss"]
    assert rules["pledge"]["check_unit"] == "自然日"


def dv_pledge(written: str, suffix: str = ".yaml") -> durations.Limit:
    """The material 核查 period of DV_YAML written as `written`, read from YAML or from .yjs."""
    doc = parse_source(SourceFile("dv.yaml", DV_YAML.replace("check_within: 2 月", written)))
    if suffix == ".yjs":
        doc = parse_source(SourceFile("dv.yjs", print_yjs(doc.data)))
    materials = {m.id: m for m in lower(doc).materials}
    pledge = materials["rules"].pledge
    assert pledge is not None
    return pledge.check_within


@pytest.mark.parametrize(
    "written",
    ["check_within: 2 月", "check_within: 2个月", "check_within: {amount: 2, unit: 月}"],
)
@pytest.mark.parametrize("suffix", [".yaml", ".yjs"])
def test_a_check_period_is_the_same_duration_type_as_a_time_limit(
    written: str, suffix: str
) -> None:
    assert dv_pledge(written, suffix) == durations.Limit(amount=2, unit=durations.TimeUnit.MONTH)
    assert dv_pledge("check_within: 20", suffix) == durations.Limit(amount=20)  # 工作日 by default
    assert dv_pledge(written, suffix).text() == "2 个月"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("check_within: 2 月", "check_within: 2 小时", "核查期限不能以小时计"),
        ("check_within: 2 月", "check_within: 0", "核查期限至少为 1"),
        ("days: {legal: 10, promised: 5}", "days: {legal: 3 月, promised: 5}", "时限不能以月计"),
    ],
)
def test_each_duration_accepts_the_units_its_rules_use(old: str, new: str, problem: str) -> None:
    """A 核查 period is never planned, an item limit always is: months only for the first."""
    assert old in DV_YAML
    doc = parse_source(SourceFile("dv.yaml", DV_YAML.replace(old, new, 1)))
    with pytest.raises(CompileError) as err:
        lower(doc)
    [found] = err.value.diagnostics
    assert found.code is Code.E113 and problem in found.message


def test_the_calendar_never_counts_a_month() -> None:
    with pytest.raises(ValueError, match="月"):
        schedule_days(durations.Limit(amount=2, unit=durations.TimeUnit.MONTH))


def test_proactive_item_asks_nothing_of_the_applicant(tmp_path: Path) -> None:
    result = build(tmp_path)
    form = json.loads(result.artifacts["dv/form.schema.json"])
    asked = {k for k, p in form["properties"].items() if not p.get("readOnly")}
    assert asked == {"sells_food", "area"}  # area: the other two items
    refund = items_of(result)["refund"]
    assert refund["application"] == "免申即享"
    assert refund["materials"] == [] and refund["accept"] is None and refund["channels"] == []
    fields = {f["id"]: f for f in routing(result)["fields"]}
    assert all(not fields[f]["asked"] for f in refund["fields"])
    assert refund["when"]["text"] == "insured_months >= 12 and layoff_rate <= 5.5"
    # Answers without anything about the refund satisfy the form.
    Draft202012Validator(form).validate({"sells_food": False, "area": 80})
    text = notice(result)
    assert "| 3 | 失业保险稳岗返还 | 长沙市人力资源和社会保障局 | 市 | 行政给付 |" in text
    assert "| 失业保险稳岗返还 | 无需申请 | 无需申请 |" in text
    assert "- 失业保险稳岗返还：免申即享，无需申请，不需填写表单或提交材料；" in text
    assert "“连续缴纳失业保险费月数”不少于12且“上年度裁员率”不超过5.5时主动办理" in text
    row = next(line for line in text.splitlines() if line.startswith("| 3 | 失业保险稳岗返还"))
    assert row.endswith("| 无需申请（免申即享） |")


def test_proactive_trigger_decides_like_any_condition(tmp_path: Path) -> None:
    failing = DV_YAML.replace(
        "expect: {items: [fire_check, refund]}", "expect: {items: [fire_check]}"
    )
    root = write_project(
        tmp_path / "proj", {"stdlib/base.yaml": BASE_YAML, "scenarios/dv.yaml": failing}
    )
    result = compile_paths([root / "scenarios"])
    assert [d.code.name for d in result.diagnostics] == ["E601"]
    assert "事项不应有却有：refund" in result.diagnostics[0].message


def test_check_reports_a_proactive_item_that_asks_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = DV_YAML.replace(
        "fields: [insured_months, layoff_rate, pay_account]",
        "fields: [insured_months, layoff_rate, pay_account, area]",
    )
    root = write_project(
        tmp_path / "proj", {"stdlib/base.yaml": BASE_YAML, "scenarios/dv.yaml": spec}
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["check", "scenarios", "--format", "json"])
    assert result.exit_code == 1
    [found] = json.loads(result.stdout)
    assert found["code"] == "E505" and "`area`" in found["message"]
    line = spec.splitlines()[found["span"]["line"] - 1]
    assert line[found["span"]["column"] - 1 :].startswith("area]")


# --- both syntaxes, and the editor schema ----------------------------------------------------------


def test_yjs_carries_every_new_construct(tmp_path: Path) -> None:
    yaml_doc = parse_source(SourceFile("dv.yaml", DV_YAML))
    yjs_text = print_yjs(yaml_doc.data)
    for word in (
        "service {",
        "pledge {",
        "application 免申即享",
        "全程网办 0",
        "check_within 2 月",
    ):
        assert word in yjs_text
    yjs_doc = parse_source(SourceFile("dv.yjs", yjs_text))
    assert lower(yjs_doc).model_dump() == lower(yaml_doc).model_dump()
    back = parse_source(SourceFile("dv.yaml", print_yaml(yjs_doc.data)))
    assert lower(back).model_dump() == lower(yaml_doc).model_dump()
    from_yaml = build(tmp_path / "a")
    from_yjs = build(tmp_path / "b", yjs_text, "dv.yjs")
    for name in ("dv/routing.json", "dv/notice.md", "dv/form.schema.json"):
        assert from_yaml.artifacts[name] == from_yjs.artifacts[name]


NEW_MODELS = {
    "Service": {"accept", "channels", "result_delivery", "nearby", "assisted", "home_visit"},
    "Fee": {"charged", "amount", "standard", "basis", "exemptions", "note"},
    "Pledge": {"check_within", "checked_by", "basis"},
}
NEW_KEYS = {
    "Item": {"fee", "local_code", "application", "service", "pledge"},
    "Material": {"pledge"},
    "Scenario": {"service", "fee"},
}


def test_every_new_key_is_in_the_editor_schema_with_a_chinese_description() -> None:
    defs = spec_json_schema()["$defs"]
    wanted = {**NEW_MODELS, **NEW_KEYS}
    for model, keys in wanted.items():
        properties = defs[model]["properties"]
        for key in keys:
            description = properties[key].get("description", "")
            assert re.search(r"[\u4e00-\u9fff]", description), (model, key)


def test_real_scenarios_use_the_constructs() -> None:
    result = compile_paths([ROOT / "scenarios"], emit=True)
    assert result.ok
    refund = items_of(result, "policy_benefits")["job_stabilization_refund"]
    assert refund["application"] == "免申即享"
    form = json.loads(result.artifacts["policy_benefits/form.schema.json"])
    asked = {k for k, p in form["properties"].items() if not p.get("readOnly")}
    assert not set(refund["fields"]) & asked
    assert "- 失业保险稳岗返还：免申即享，无需申请" in notice(result, "policy_benefits")
    fire = items_of(result, "business_permit")["fire_safety_inspection"]["pledge"]
    assert (fire["check_within"], fire["check_unit"], fire["checked_by"]) == (
        20,
        "工作日",
        ["cs_fire_rescue"],
    )
    assert "自作出决定之日起 20 个工作日内核查" in notice(result, "business_permit")
    for item in items_of(result, "company_startup").values():
        assert item["accept"] == {"one_window": True, "department": None}
        assert "统一出件" in item["result_delivery"]["methods"]
