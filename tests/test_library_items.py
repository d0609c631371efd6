"""Items defined once in a library and reused by bundles with `use:` (and their own `when`)."""

from __future__ import annotations

import json
from pathlib import Path

from sample_project import BASE_YAML, write_project

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
