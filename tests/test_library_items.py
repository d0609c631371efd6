"""Items defined once in a library and reused by bundles with `use:` (and their own `when`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sample_project import BASE_YAML, write_project

from compiler import ir
from compiler.pipeline import CompileResult, compile_paths

LIBRARY_ITEMS = """\
library: shared_items
name: 共享事项
imports: [stdlib/base]
materials:
  - {id: hh_record, name: 户口登记信息, source: 办件结果}
items:
  - id: household
    name: 出生登记
    department: police
    days: {legal: 10, promised: 1}
    fields: [mother_id, address]
    materials: [id_card_m]
    produces: [hh_record]
  - id: insurance
    name: 医保参保登记
    department: mi
    days: {legal: 5, promised: 1}
    materials: [hh_record]
"""

SCENARIO = """\
scenario: reuse
name: 复用事项的一件事
subject: 个人
batch: 2023-05-31
lead: police
promised_days: 3
imports: [stdlib/shared_items]
situations:
  - {{id: join_mi, question: 是否参保？}}
items:
  - use: household
  - {use_line}
tests:
  - name: 不参保
    answers: {{join_mi: false}}
    expect: {{items: [household]}}
"""


def build(tmp_path: Path, use_line: str, library: str = LIBRARY_ITEMS) -> CompileResult:
    root = write_project(
        tmp_path,
        {
            "stdlib/base.yaml": BASE_YAML,
            "stdlib/shared_items.yaml": library,
            "scenarios/reuse.yaml": SCENARIO.format(use_line=use_line),
        },
    )
    return compile_paths([root / "scenarios"])


def where(result: CompileResult) -> list[tuple[str, str, int, int]]:
    return [
        (
            d.code.name,
            Path(d.span.file).name if d.span else "",
            *((d.span.line, d.span.column) if d.span else (0, 0)),
        )
        for d in result.diagnostics
    ]


def test_used_items_join_the_plan_with_the_scenarios_condition(tmp_path: Path) -> None:
    result = build(tmp_path, "{use: insurance, when: join_mi}")
    assert result.diagnostics == []
    routing = json.loads(result.artifacts["reuse/routing.json"])
    assert [(i["id"], i["stage"], i["when"] and i["when"]["text"]) for i in routing["items"]] == [
        ("household", 1, None),
        ("insurance", 2, "join_mi"),
    ]
    assert routing["items"][1]["needs"] == ["household"]


def test_unknown_use_is_e201_at_the_use(tmp_path: Path) -> None:
    result = build(tmp_path, "{use: insurence, when: join_mi}")
    assert ("E201", "reuse.yaml", 12, 11) in where(result)
    [unknown] = [d for d in result.diagnostics if d.code.name == "E201"]
    assert unknown.hint == "是否应为 `insurance`？"


def test_using_an_item_twice_is_e202_naming_both(tmp_path: Path) -> None:
    result = build(tmp_path, "use: household")
    [dup] = [d for d in result.diagnostics if d.code.name == "E202"]
    assert (dup.span.line, dup.related[0].span.line) == (12, 11)


def test_a_library_items_bad_reference_is_reported_in_the_library(tmp_path: Path) -> None:
    library = LIBRARY_ITEMS.replace("department: mi", "department: mii")
    result = build(tmp_path, "{use: insurance, when: join_mi}", library)
    assert ("E201", "shared_items.yaml", 16, 17) in where(result)
    assert not result.ok


# ----- overrides: a use states its own department, level, days and condition -----


def test_a_use_overrides_department_level_days_and_when(tmp_path: Path) -> None:
    line = (
        "{use: insurance, when: join_mi, department: police, level: 区县,"
        " days: {legal: 5, promised: 2}}"
    )
    result = build(tmp_path, line)
    assert result.diagnostics == []
    routing = json.loads(result.artifacts["reuse/routing.json"])
    insurance = routing["items"][1]
    assert (insurance["department"], insurance["level"], insurance["days"]) == (
        "police",
        "区县",
        {"legal": {"amount": 5, "unit": "工作日"}, "promised": {"amount": 2, "unit": "工作日"}},
    )
    assert insurance["when"]["text"] == "join_mi"
    assert [d["id"] for d in routing["departments"]] == ["police"]  # `mi` handles nothing now
    assert routing["scenario"]["total_days"] == 3


def test_overrides_apply_to_this_bundle_only(tmp_path: Path) -> None:
    result = build(tmp_path, "{use: insurance, when: join_mi, department: police}")
    assert result.diagnostics == []
    library = (tmp_path / "stdlib" / "shared_items.yaml").read_text(encoding="utf-8")
    assert "department: mi" in library  # the library is read, never rewritten
    second = build(tmp_path / "again", "{use: insurance, when: join_mi}")
    assert json.loads(second.artifacts["reuse/routing.json"])["items"][1]["department"] == "mi"


def test_a_check_on_an_overridden_value_points_at_the_override(tmp_path: Path) -> None:
    result = build(tmp_path, "{use: insurance, when: join_mi, days: {legal: 1, promised: 3}}")
    [late] = [d for d in result.diagnostics if d.code.name == "E502"]
    assert (Path(late.span.file).name, late.span.line, late.span.column) == ("reuse.yaml", 12, 64)
    assert late.message == "事项 `insurance` 的承诺时限 3 个工作日超过法定时限 1 个工作日"


def test_an_overridden_department_that_does_not_exist_is_e201_at_the_override(
    tmp_path: Path,
) -> None:
    result = build(tmp_path, "{use: insurance, when: join_mi, department: polise}")
    [unknown] = [d for d in result.diagnostics if d.code.name == "E201"]
    assert where(result) == [("E201", "reuse.yaml", 12, 49)]
    assert (unknown.message, unknown.hint) == ("找不到部门 `polise`", "是否应为 `police`？")


def test_an_unknown_override_names_the_key_it_does_not_know(tmp_path: Path) -> None:
    result = build(tmp_path, "{use: insurance, departmnt: police}")
    [unknown] = result.diagnostics
    assert (unknown.code.name, unknown.message) == ("E110", "未知的键 `departmnt`")
    assert (unknown.span.line, unknown.span.column) == (12, 22)
    assert unknown.hint == "是否应为 `department`？"


def test_an_item_key_a_use_cannot_override_says_which_it_can(tmp_path: Path) -> None:
    result = build(tmp_path, "{use: insurance, materials: [id_card_m]}")
    [unknown] = result.diagnostics
    assert unknown.message == "未知的键 `materials`"
    assert unknown.hint is not None
    assert unknown.hint.startswith(
        "`use` 引用共享事项时只能覆盖 `when`、`department`、`level`、`days`"
    )


def test_an_unknown_override_in_yjs_names_the_key(tmp_path: Path) -> None:
    spec = """\
scenario reuse "复用事项的一件事" {
  subject 个人
  batch 2023-05-31
  lead police
  promised_days 3
  imports [stdlib/shared_items]
  use household
  use insurance { departmnt police }
}
"""
    root = write_project(
        tmp_path,
        {
            "stdlib/base.yaml": BASE_YAML,
            "stdlib/shared_items.yaml": LIBRARY_ITEMS,
            "scenarios/reuse.yjs": spec,
        },
    )
    result = compile_paths([root / "scenarios"])
    assert [(d.code.name, d.message, d.span.line, d.span.column) for d in result.diagnostics] == [
        ("E110", "未知的键 `departmnt`", 8, 19)
    ]


def accepted(model: type[BaseModel], key: str) -> dict[str, Any]:
    """The JSON Schema of what `key` accepts, less its words and its being optional."""
    schema = dict(model.model_json_schema()["properties"][key])
    for word in ("title", "description", "default"):
        schema.pop(word, None)
    options = [o for o in schema.pop("anyOf", []) if o != {"type": "null"}]
    return (
        options[0] if len(options) == 1 else {**schema, **({"anyOf": options} if options else {})}
    )


def test_every_override_accepts_what_the_item_key_it_replaces_accepts() -> None:
    assert ir.USE_OVERRIDES == (
        "when",
        "department",
        "level",
        "days",
        "code",
        "local_code",
        "fee",
        "service",
        "pledge",
        "application",
    )
    for key in ir.USE_OVERRIDES:
        assert accepted(ir.ItemUse, key) == accepted(ir.Item, key), key
        assert ir.ItemUse.model_fields[key].default is None, key  # not written: no override


def test_a_use_overrides_how_the_item_is_delivered(tmp_path: Path) -> None:
    line = (
        "{use: insurance, when: join_mi, local_code: '430000-MI-01', fee: {amount: 20},"
        " service: {channels: {全程网办: 0}}, pledge: {check_within: 3 月}}"
    )
    result = build(tmp_path, line)
    assert result.diagnostics == []
    insurance = json.loads(result.artifacts["reuse/routing.json"])["items"][1]
    assert insurance["local_code"] == "430000-MI-01"
    assert insurance["fee"]["charged"] and insurance["fee"]["amount"] == 20
    assert insurance["channels"] == [{"channel": "全程网办", "visits": 0}]
    assert (insurance["pledge"]["check_within"], insurance["pledge"]["checked_by"]) == (3, ["mi"])


def test_checks_on_overridden_delivery_point_at_the_override(tmp_path: Path) -> None:
    line = "{use: insurance, when: join_mi, code: '12345', application: 免申即享}"
    result = build(tmp_path, line)
    found = {d.code.name: d for d in result.diagnostics}
    column = "  - " + line  # the scenario's line 12
    assert (found["E309"].span.line, found["E309"].span.column) == (12, column.index("'12345'") + 1)
    assert found["E309"].span.file.endswith("reuse.yaml")
    # the use made it 免申即享, and its own `when` asks the applicant a question
    assert (found["E506"].span.line, found["E506"].span.column) == (12, column.index("join_mi") + 1)
