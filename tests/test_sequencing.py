"""`after:` orders items that exchange no result (issue 9, point 1).

The acceptance spec reproduces Hebei's published 企业注销 promise: six items, 税务注销 10 working
days, 注销登记 1 day after it, the other four in parallel within 1 day: 11 working days on the
critical path, and no department receives a material its own items do not use.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from compiler.pipeline import CompileResult, compile_paths
from dsl.front_ends import parse_source
from dsl.printer import print_yaml, print_yjs
from dsl.source import SourceFile

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
HEBEI = CASES / "sequencing" / "hebei_deregistration.yaml"
SID = "hebei_deregistration"


def build(path: Path, root: Path = CASES) -> CompileResult:
    result = compile_paths([path], root)
    assert result.ok, [d.message for d in result.diagnostics]
    return result


def routing(result: CompileResult) -> dict[str, Any]:
    return json.loads(result.artifacts[f"{SID}/routing.json"])


def without_after(tmp_path: Path) -> Path:
    text = HEBEI.read_text(encoding="utf-8")
    start = text.index("    after:\n")
    end = text.index("  - id: customs_deregistration")
    path = tmp_path / "stdlib"
    path.mkdir()
    spec = tmp_path / HEBEI.name
    spec.write_text(text[:start] + text[end:], encoding="utf-8")
    return spec


def test_hebei_promise_is_eleven_working_days() -> None:
    doc = routing(build(HEBEI))
    assert doc["scenario"]["total_days"] == 11 == doc["scenario"]["promised_days"]
    assert doc["scenario"]["critical_path"] == ["tax_deregistration", "enterprise_deregistration"]
    stages = [(s["items"], s["start_day"], s["end_day"]) for s in doc["stages"]]
    four = [
        "customs_deregistration",
        "social_insurance_deregistration",
        "bank_account_appointment",
        "seal_deregistration",
    ]
    assert stages == [
        (["tax_deregistration", *four], 0, 10),
        (["enterprise_deregistration"], 10, 11),
    ]
    items = {i["id"]: i for i in doc["items"]}
    assert all(items[i]["end_day"] == 1 for i in four)  # the four: in parallel, within 1 day
    registration = items["enterprise_deregistration"]
    assert registration["needs"] == ["tax_deregistration"]
    assert registration["after"] == [
        {
            "item": "tax_deregistration",
            "reason": "清税后方可办理注销登记（税收征收管理法实施细则第十五条）",
        }
    ]


def test_without_after_the_order_and_the_promise_are_lost(tmp_path: Path) -> None:
    doc = routing(build(without_after(tmp_path), tmp_path))
    assert doc["scenario"]["total_days"] == 10
    assert len(doc["stages"]) == 1
    assert all(item["after"] == [] and item["needs"] == [] for item in doc["items"])


def test_no_department_receives_a_material_its_items_do_not_use() -> None:
    spec = yaml.safe_load(HEBEI.read_text(encoding="utf-8"))
    own: dict[str, set[str]] = {}
    for item in spec["items"]:
        own.setdefault(item["department"], set()).update(item.get("materials", []))
    doc = routing(build(HEBEI))
    slices = {d["id"]: set(d["materials"]) for d in doc["departments"]}
    assert slices == own  # exactly its own items' materials: nothing invented, nothing missing
    assert slices["xl_market"] == {"deregistration_application", "liquidation_report"}
    assert slices["xl_bank"] == set()
    results = {m["id"] for m in doc["materials"] if m["source"] == "办件结果"}
    assert results == set()  # the order needs no made-up “清税结果” material


def test_notice_shows_the_order_and_its_reason() -> None:
    notice = build(HEBEI).artifacts[f"{SID}/notice.md"].decode("utf-8")
    assert (
        "- 企业注销登记在税务注销办结后办理：清税后方可办理注销登记（税收征收管理法实施细则第十五条）\n"
        in notice
    )
    process = notice.split("、办理流程与时限")[1]
    row = next(line for line in process.splitlines() if "| 企业注销登记 |" in line)
    assert "| “税务注销”办结后 | 第 11 个工作日 |" in row
    assert "全流程按最长办理链条计算需 11 个工作日（税务注销 → 企业注销登记）" in notice


def test_both_syntaxes_carry_after_and_build_the_same_bytes(tmp_path: Path) -> None:
    text = HEBEI.read_text(encoding="utf-8")
    data = parse_source(SourceFile(HEBEI.name, text)).data
    yjs = print_yjs(data)
    # a list, not `item …` records in the item's body (they would read as nested items)
    assert "    after [\n      item tax_deregistration { reason 清税后方可办理注销登记" in yjs
    again = parse_source(SourceFile("h.yjs", yjs)).data
    assert again == data  # .yjs reads back the very data the YAML holds
    assert print_yaml(again) == print_yaml(data)
    assert print_yjs(again) == yjs
    (tmp_path / "stdlib").mkdir()
    (tmp_path / "b.yjs").write_text(yjs, encoding="utf-8")
    first = build(HEBEI)
    second = build(tmp_path / "b.yjs", tmp_path)
    keep = {k: v for k, v in first.artifacts.items() if k != "manifest.json"}
    assert keep == {k: v for k, v in second.artifacts.items() if k != "manifest.json"}


USE_AFTER = """\
scenario: use_after
name: 测试一件事
subject: 个人
batch: 2023-05-31
lead: police
promised_days: 30
imports: [stdlib/base, stdlib/items]
items:
  - id: hukou
    name: 出生登记
    department: police
    days: {legal: 10, promised: 3}
  - use: mi_enrollment
    after: [hukou]
"""


def test_a_use_entry_adds_its_own_after(tmp_path: Path) -> None:
    shutil.copytree(CASES / "stdlib", tmp_path / "stdlib")
    spec = tmp_path / "use_after.yaml"
    spec.write_text(USE_AFTER, encoding="utf-8")
    result = build(spec, tmp_path)
    doc = json.loads(result.artifacts["use_after/routing.json"])
    items = {i["id"]: i for i in doc["items"]}
    assert items["mi_enrollment"]["needs"] == ["hukou"]
    assert items["mi_enrollment"]["after"] == [{"item": "hukou", "reason": None}]
    assert doc["scenario"]["total_days"] == 4


LIBRARY = """\
library: ordered
name: 有先后的事项库
imports: [stdlib/base]
items:
  - id: first
    name: 先办
    department: police
    days: {legal: 5, promised: 2}
  - id: second
    name: 后办
    department: police
    days: {legal: 5, promised: 1}
    after: [first]
"""


@pytest.mark.parametrize(("uses", "total"), [(["first", "second"], 3), (["second"], 1)])
def test_a_library_order_holds_among_the_items_a_bundle_uses(
    tmp_path: Path, uses: list[str], total: int
) -> None:
    shutil.copytree(CASES / "stdlib", tmp_path / "stdlib")
    (tmp_path / "stdlib" / "ordered.yaml").write_text(LIBRARY, encoding="utf-8")
    entries = "".join(f"  - use: {u}\n" for u in uses)
    spec = tmp_path / "lib_after.yaml"
    spec.write_text(
        USE_AFTER.split("items:\n")[0].replace("stdlib/items", "stdlib/ordered")
        + "items:\n"
        + entries,
        encoding="utf-8",
    )
    result = build(spec, tmp_path)
    assert result.plans["use_after"].total_days == total


def test_a_library_after_naming_no_item_is_e201(tmp_path: Path) -> None:
    shutil.copytree(CASES / "stdlib", tmp_path / "stdlib")
    library = tmp_path / "stdlib" / "ordered.yaml"
    library.write_text(LIBRARY.replace("after: [first]", "after: [frist]"), encoding="utf-8")
    result = compile_paths([library], tmp_path)
    [diagnostic] = result.diagnostics
    assert diagnostic.code.name == "E201"
    assert "`frist`" in diagnostic.message
    assert diagnostic.hint is not None and "`first`" in diagnostic.hint
    assert diagnostic.span is not None and diagnostic.span.line == 13
