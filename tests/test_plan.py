"""The plan on the sample project, as the emitted artefacts show it: stages and days, which
fields are asked, which materials are exempt, what each department receives, and the
situation-gated requirements of the merged form (validated with jsonschema)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sample_project import NB_YAML, SCENARIO

from compiler.emit.notice import numeral
from compiler.emit.notice_doc import ELEMENTS
from compiler.pipeline import CompileResult, compile_paths


def compile_project(root: Path, spec: str | None = None) -> CompileResult:
    if spec is not None:
        (root / SCENARIO).write_text(spec, encoding="utf-8")
    result = compile_paths([root / "scenarios"])
    assert result.ok, [d.message for d in result.diagnostics]
    return result


def artefact(result: CompileResult, name: str) -> Any:
    return json.loads(result.artifacts[f"nb/{name}"])


def variant(*edits: tuple[str, str]) -> str:
    text = NB_YAML
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# --- stages and days --------------------------------------------------------------------------


def test_stages_are_topological_generations(project: Path) -> None:
    result = compile_project(project)
    plan = result.plans["nb"]
    assert [s.items for s in plan.stages] == [("a",), ("b",), ("c",)]
    routing = artefact(result, "routing.json")
    assert routing["stages"] == [
        {"stage": 1, "items": ["a"], "start_day": 0, "end_day": 2},
        {"stage": 2, "items": ["b"], "start_day": 2, "end_day": 3},
        {"stage": 3, "items": ["c"], "start_day": 3, "end_day": 4},
    ]
    items = {i["id"]: i for i in routing["items"]}
    assert {k: (v["stage"], v["needs"]) for k, v in items.items()} == {
        "a": (1, []),
        "b": (2, ["a"]),
        "c": (3, ["b"]),
    }
    assert routing["scenario"]["total_days"] == 4
    assert routing["scenario"]["critical_path"] == ["a", "b", "c"]


def test_independent_items_share_a_stage(project: Path) -> None:
    # c no longer needs the household register: it runs alongside a
    result = compile_project(project, variant(("    materials: [hh]\n", "")))
    routing = artefact(result, "routing.json")
    assert [s["items"] for s in routing["stages"]] == [["a", "c"], ["b"]]
    assert routing["stages"][0] == {"stage": 1, "items": ["a", "c"], "start_day": 0, "end_day": 2}
    items = {i["id"]: i for i in routing["items"]}
    assert (items["c"]["start_day"], items["c"]["end_day"]) == (0, 1)
    assert routing["scenario"]["critical_path"] == ["a", "b"]
    assert routing["scenario"]["total_days"] == 3
    assert "并联办理" in result.artifacts["nb/notice.md"].decode()


def test_critical_path_follows_the_longest_branch(project: Path) -> None:
    # c (now 4 days) needs only a's result; b (1 day) also needs a: the path is a → c
    spec = variant(
        ("    materials: [hh]\n", "    materials: [birth_cert]\n"),
        ("days: {legal: 5, promised: 1}", "days: {legal: 5, promised: 4}"),
        ("promised_days: 5", "promised_days: 6"),
        ("    produces: [hh]\n", ""),
        ("  - {id: hh, name: 户口簿, source: 办件结果}\n", ""),
    )
    routing = artefact(compile_project(project, spec), "routing.json")
    assert [s["items"] for s in routing["stages"]] == [["a"], ["b", "c"]]
    assert routing["stages"][1] == {"stage": 2, "items": ["b", "c"], "start_day": 2, "end_day": 6}
    assert routing["scenario"]["critical_path"] == ["a", "c"]
    assert routing["scenario"]["total_days"] == 6


# --- fields -----------------------------------------------------------------------------------


def test_fields_from_data_or_results_are_not_asked(project: Path) -> None:
    result = compile_project(project)
    schema = artefact(result, "form.schema.json")
    asked = {k for k, p in schema["properties"].items() if not p.get("readOnly")}
    assert asked == {"join_mi", "mother_id", "baby_name", "bank"}
    fields = {f["id"]: f for f in artefact(result, "routing.json")["fields"]}
    assert (fields["address"]["asked"], fields["address"]["source"]) == (False, "共享数据：人口库")
    assert (fields["cert_no"]["asked"], fields["cert_no"]["source"]) == (
        False,
        "办件结果：出生医学证明",
    )
    for fid in ("mother_id", "baby_name", "bank"):
        assert (fields[fid]["asked"], fields[fid]["source"]) == (True, "申请人填写")


def test_a_field_is_asked_once_for_all_items(project: Path) -> None:
    result = compile_project(project)
    fields = {f["id"]: f for f in artefact(result, "routing.json")["fields"]}
    assert fields["baby_name"]["items"] == ["a", "b"]
    assert artefact(result, "form.schema.json")["required"].count("baby_name") == 1


# --- materials --------------------------------------------------------------------------------


def test_e_license_and_bundle_results_need_not_be_submitted(project: Path) -> None:
    spec = variant(
        (
            "  - {id: hh, name: 户口簿, source: 办件结果}\n",
            "  - {id: hh, name: 户口簿, source: 办件结果}\n"
            "  - {id: bank_card, name: 银行卡, form: 复印件}\n",
        ),
        ("    materials: [hh]\n", "    materials: [hh, bank_card]\n"),
    )
    result = compile_project(project, spec)
    materials = {m["id"]: m for m in artefact(result, "routing.json")["materials"]}
    assert materials["id_card_m"]["submit"] is False
    assert "居民身份证电子证照" in materials["id_card_m"]["reason"]
    assert materials["birth_cert"]["submit"] is False
    assert "出生医学证明签发" in materials["birth_cert"]["reason"]
    assert materials["hh"]["submit"] is False
    assert "出生登记" in materials["hh"]["reason"]
    assert (materials["bank_card"]["submit"], materials["bank_card"]["reason"]) == (True, "")
    notice = result.artifacts["nb/notice.md"].decode()
    exempt = notice.split("免于提交的材料")[1].split("##")[0]
    for name in ("居民身份证", "出生医学证明", "户口簿"):
        assert f"- {name}：" in exempt
    assert "银行卡" not in exempt
    assert "| 1 | 银行卡 | 复印件 |" in notice


# --- departments ------------------------------------------------------------------------------


def test_each_department_receives_only_its_own_items_needs(project: Path) -> None:
    routing = artefact(compile_project(project), "routing.json")
    items = {i["id"]: i for i in routing["items"]}
    departments = {d["id"]: d for d in routing["departments"]}
    assert {k: (d["items"], d["fields"], d["materials"]) for k, d in departments.items()} == {
        "hosp": (["a"], ["mother_id", "baby_name"], ["id_card_m"]),
        "police": (["b"], ["cert_no", "address", "baby_name"], ["birth_cert"]),
        "mi": (["c"], ["bank"], ["hh"]),
    }
    for d in departments.values():  # the general rule behind the table above
        own = [items[i] for i in d["items"]]
        assert all(i["department"] == d["id"] for i in own)
        assert set(d["fields"]) == {f for i in own for f in i["fields"]}
        assert set(d["materials"]) == {m for i in own for m in i["materials"]}


# --- situation-gated requirements -------------------------------------------------------------

APPLICANT = {"mother_id": "11010519491231002X", "baby_name": "张小宝"}


def validator(result: CompileResult) -> Draft202012Validator:
    schema = artefact(result, "form.schema.json")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_gated_field_is_required_only_when_its_situation_holds(project: Path) -> None:
    result = compile_project(project)
    schema = artefact(result, "form.schema.json")
    assert "bank" not in schema["required"]
    assert set(schema["required"]) == {"join_mi", "mother_id", "baby_name"}
    form = validator(result)
    assert form.is_valid({**APPLICANT, "join_mi": False})
    assert not form.is_valid({**APPLICANT, "join_mi": True})
    errors = list(form.iter_errors({**APPLICANT, "join_mi": True}))
    assert [e.message for e in errors] == ["'bank' is a required property"]
    assert form.is_valid({**APPLICANT, "join_mi": True, "bank": "6222020200112233445"})


def test_ungated_fields_are_required_whatever_the_answers(project: Path) -> None:
    form = validator(compile_project(project))
    for answer in (False, True):
        extra = {"bank": "6222"} if answer else {}
        assert not form.is_valid({"baby_name": "张小宝", "join_mi": answer, **extra})
        assert not form.is_valid({"mother_id": APPLICANT["mother_id"], "join_mi": answer, **extra})
    assert not form.is_valid(APPLICANT)  # the situation itself must be answered


def test_filled_fields_are_read_only_and_never_required(project: Path) -> None:
    """The platform fills them from shared data or a result (`x-yjs-prefill`); the applicant
    sees them read-only, and a form without them is complete."""
    result = compile_project(project)
    schema = artefact(result, "form.schema.json")
    for filled, kind in (("cert_no", "result"), ("address", "data_source")):
        assert schema["properties"][filled]["readOnly"] is True
        assert schema["properties"][filled]["x-yjs-prefill"]["kind"] == kind
        assert filled not in schema["required"]
    form = validator(result)
    assert form.is_valid({**APPLICANT, "join_mi": False})
    assert not form.is_valid({**APPLICANT, "join_mi": False, "nickname": "X"})


def test_field_used_by_a_gated_and_an_ungated_item_is_always_required(project: Path) -> None:
    spec = variant(
        (
            "    fields: [{id: bank, label: 银行卡号}]",
            "    fields: [{id: bank, label: 银行卡号}, baby_name]",
        )
    )
    schema = artefact(compile_project(project, spec), "form.schema.json")
    assert "baby_name" in schema["required"]
    assert all("baby_name" not in rule["then"]["required"] for rule in schema["allOf"])


def test_field_gated_by_two_situations_is_required_under_either(project: Path) -> None:
    spec = variant(
        (
            "  - {id: join_mi, question: 是否参保？}\n",
            "  - {id: join_mi, question: 是否参保？}\n  - {id: card, question: 是否办社保卡？}\n",
        ),
        (
            "tests:\n",
            "  - id: d\n    name: 社保卡申领\n    when: card\n    department: mi\n"
            "    days: {legal: 5, promised: 1}\n    fields: [bank]\ntests:\n",
        ),
    )
    form = validator(compile_project(project, spec))
    base = {**APPLICANT, "join_mi": False, "card": False}
    assert form.is_valid(base)
    assert not form.is_valid({**base, "card": True})
    assert not form.is_valid({**base, "join_mi": True})
    assert form.is_valid({**base, "card": True, "join_mi": True, "bank": "6222"})


def test_field_named_like_a_situation_is_an_error(project: Path) -> None:
    """A field id equal to a situation id would overwrite the question in the merged form."""
    spec = variant(
        ("fields: [{id: bank, label: 银行卡号}]", "fields: [{id: join_mi, label: 参保号}]")
    )
    (project / SCENARIO).write_text(spec, encoding="utf-8")
    result = compile_paths([project / "scenarios"])
    assert not result.ok, "the form would have lost the question 是否参保？"
    assert any("join_mi" in d.message for d in result.diagnostics)


@pytest.mark.parametrize("answer", [True, False])
def test_situation_answers_must_be_booleans(project: Path, answer: bool) -> None:
    form = validator(compile_project(project))
    assert not form.is_valid({**APPLICANT, "join_mi": "是", "bank": "6222"})
    bank = {"bank": "6222"} if answer else {}  # not joining, the form shows no bank account
    assert form.is_valid({**APPLICANT, "join_mi": answer, **bank})


# --- notice -----------------------------------------------------------------------------------


@pytest.mark.parametrize("with_situations", [True, False])
def test_notice_sections_are_numbered_without_gaps(project: Path, with_situations: bool) -> None:
    spec = NB_YAML
    if not with_situations:
        spec = variant(
            ("situations:\n  - {id: join_mi, question: 是否参保？}\n", ""),
            ("    when: join_mi\n", ""),
            (
                "    answers: {join_mi: false}\n    expect: {items: [a, b]}",
                "    expect: {items: [a, b, c]}",
            ),
        )
    notice = compile_project(project, spec).artifacts["nb/notice.md"].decode()
    headings = [line[3:].split("、")[0] for line in notice.splitlines() if line.startswith("## ")]
    assert headings == [numeral(n) for n in range(1, len(ELEMENTS) + 1)]
    assert headings[10:] == ["十一", "十二", "十三", "十四"]
    situations = notice.split("## 二、申请条件与办理情形")[1].split("\n## ")[0]
    assert ("是否参保？（是／否）" in situations) == with_situations


def test_a_field_that_decides_an_item_is_asked_before_its_value_decides(
    real_scenarios: CompileResult,
) -> None:
    """business_permit's 经营场所面积 decides whether 消防检查 (> 50 ㎡) and 卫生许可 (> 300 ㎡)
    apply: it is shown for every shop, not only once its own value is over 50."""
    from compiler.conditions.combine import deciding
    from compiler.conditions.format import format_condition
    from compiler.conditions.parse import parse_condition

    (area,) = [
        f
        for f in real_scenarios.plans["business_permit"].form
        if f.definition.id == "premises_area"
    ]
    assert area.when is None
    relaxed = deciding(parse_condition('kind == "超市" and not (area <= 300) or other'), {"area"})
    assert relaxed is not None and format_condition(relaxed) == 'kind == "超市" or other'
    assert deciding(parse_condition("area > 50"), {"area"}) is None
    negated = deciding(parse_condition("not (area > 50 or x)"), {"area"})  # area <= 50 may
    assert negated is not None and format_condition(negated) == "not x"
