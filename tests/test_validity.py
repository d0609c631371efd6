"""Validity in time: dated legal bases, items and materials judged at `--as-of` (W701, W702).

A basis repealed on or before the date asked is W701 at the basis's own line, in both syntaxes;
one not yet in force, an item or a material not yet or no longer valid likewise, naming the
date. The period is half-open: `valid_until` is the first day something no longer holds. The
manifest records the date only when it was given, so the default build stays byte-stable.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from reported import reported
from sample_project import BASE_YAML, write_project
from typer.testing import CliRunner

from cli import app
from compiler.emit.notice import basis_text
from compiler.ir import LegalBasis
from compiler.lower import lower
from compiler.pipeline import CompileResult, compile_paths
from dsl.front_ends import parse_source
from dsl.printer import print_yaml, print_yjs
from dsl.source import SourceFile

ROOT = Path(__file__).resolve().parents[1]
SPEC = """\
scenario: marriage
name: 婚姻一件事
subject: 个人
batch: 2023-12-31
lead: police
promised_days: 5
imports: [stdlib/base]
legal_basis:
  - 《中华人民共和国民法典》
  - title: 《婚姻登记管理条例》
    valid_until: 2003-10-01
  - title: 《婚姻登记条例》
    number: 国务院令第387号
    article: 第四条
    valid_from: 2003-10-01
materials:
  - id: household_book
    name: 居民户口簿
    valid_until: 2025-05-10
items:
  - id: registration
    name: 结婚登记
    department: police
    days: {legal: 0, promised: 0}
    fields: [mother_id]
    materials: [id_card_m, household_book]
  - id: allowance
    name: 新婚补贴
    department: mi
    valid_from: 2027-01-01
    days: {legal: 10, promised: 5}
"""
YJS = """\
scenario marriage "婚姻一件事" {
  subject 个人
  batch 2023-12-31
  lead police
  promised_days 5
  imports [stdlib/base]
  legal_basis [
    《中华人民共和国民法典》
    title 《婚姻登记管理条例》 { valid_until 2003-10-01 }
  ]
  item registration "结婚登记" {
    department police
    days { legal 0, promised 0 }
  }
}
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_project(tmp_path, {"stdlib/base.yaml": BASE_YAML, **files})


def check(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(app, ["check", str(root / "scenarios"), "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def where(found: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    return [(d["code"], d["span"]["line"], d["message"]) for d in found]


def test_a_basis_repealed_before_as_of_warns_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, {"scenarios/marriage.yaml": SPEC})
    code, found = check(root, "--as-of", "2026-11-29")
    assert code == 0  # warnings only
    assert where(found) == [
        (
            "W701",
            line_of(SPEC, "《婚姻登记管理条例》"),
            "法律依据《婚姻登记管理条例》自 2003-10-01 起废止（检查日期 2026-11-29）",
        ),
        (
            "W701",
            line_of(SPEC, "id: household_book"),
            "材料 `household_book`（居民户口簿）自 2025-05-10 起不再要求（检查日期 2026-11-29）",
        ),
        (
            "W702",
            line_of(SPEC, "id: allowance"),
            "事项 `allowance`（新婚补贴）自 2027-01-01 起才适用（检查日期 2026-11-29）",
        ),
    ]
    basis = found[0]
    assert basis["span"]["column"] == len("  - title: ") + 1
    assert basis["related"][0]["span"]["line"] == line_of(SPEC, "valid_until: 2003-10-01")
    assert basis["hint"].startswith("已废止的规定")


def test_the_same_basis_warns_at_its_line_in_yjs(tmp_path: Path) -> None:
    root = project(tmp_path, {"scenarios/marriage.yjs": YJS})
    code, found = check(root, "--as-of", "2026-11-29")
    assert code == 0
    assert [(d["code"], d["span"]["line"], d["span"]["column"]) for d in found] == [
        ("W701", line_of(YJS, "《婚姻登记管理条例》"), len("    title ") + 1)
    ]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # The day before a repeal the old rule holds, the new one not yet; on the day, the reverse.
        ("2003-09-30", {("W702", "《婚姻登记条例》"), ("W702", "allowance")}),
        ("2003-10-01", {("W701", "《婚姻登记管理条例》"), ("W702", "allowance")}),
        ("2025-05-09", {("W701", "《婚姻登记管理条例》"), ("W702", "allowance")}),
        (
            "2025-05-10",
            {("W701", "《婚姻登记管理条例》"), ("W701", "household_book"), ("W702", "allowance")},
        ),
        ("2027-01-01", {("W701", "《婚姻登记管理条例》"), ("W701", "household_book")}),
    ],
)
def test_periods_are_half_open(tmp_path: Path, as_of: str, expected: set[tuple[str, str]]) -> None:
    root = project(tmp_path, {"scenarios/marriage.yaml": SPEC})
    _, found = check(root, "--as-of", as_of)
    assert {(d["code"], name) for d in found for name in _names(d["message"])} == expected


def _names(message: str) -> list[str]:
    names = ["《婚姻登记管理条例》", "《婚姻登记条例》", "allowance", "household_book"]
    return [name for name in names if name in message]


def test_the_default_as_of_is_today(tmp_path: Path) -> None:
    today = dt.date.today()
    dated = SPEC.replace("valid_from: 2027-01-01", f"valid_from: {today + dt.timedelta(days=1)}")
    root = project(tmp_path, {"scenarios/marriage.yaml": dated})
    _, found = check(root)
    assert f"（检查日期 {today.isoformat()}）" in found[-1]["message"]
    assert found[-1]["code"] == "W702"


def test_an_item_used_from_a_library_warns_at_its_use(tmp_path: Path) -> None:
    library = BASE_YAML + (
        "items:\n"
        "  - {id: old_item, name: 旧事项, department: mi, days: {legal: 5, promised: 1},"
        " valid_until: 2020-01-01}\n"
        "  - {id: lead_item, name: 牵头事项, department: police, days: {legal: 5, promised: 1}}\n"
    )
    spec = SPEC.split("legal_basis:")[0] + "items:\n  - use: lead_item\n  - use: old_item\n"
    root = write_project(tmp_path, {"stdlib/base.yaml": library, "scenarios/marriage.yaml": spec})
    _, found = check(root, "--as-of", "2026-11-29")
    # Ended in 2020, before the bundle's batch (2023-12-31): W703 too, at the same `use:`.
    assert sorted(d["code"] for d in found) == ["W701", "W703"]
    [warning] = [d for d in found if d["code"] == "W701"]
    assert warning["span"]["file"].endswith("scenarios/marriage.yaml")
    assert warning["span"]["line"] == line_of(spec, "use: old_item")
    [ended] = [d for d in found if d["code"] == "W703"]
    assert ended["span"] == warning["span"]
    assert ended["related"][0]["span"]["file"].endswith("stdlib/base.yaml")
    assert warning["related"][0]["span"]["file"].endswith("stdlib/base.yaml")


@pytest.mark.parametrize("where_", ["legal_basis", "item", "material"])
def test_a_period_that_ends_before_it_starts_is_e113(tmp_path: Path, where_: str) -> None:
    spec = {
        "legal_basis": SPEC.replace(
            "valid_until: 2003-10-01", "valid_from: 2003-10-01\n    valid_until: 2003-10-01"
        ),
        "item": SPEC.replace(
            "valid_from: 2027-01-01", "valid_from: 2027-01-01\n    valid_until: 2026-01-01"
        ),
        "material": SPEC.replace(
            "valid_until: 2025-05-10", "valid_until: 2025-05-10\n    valid_from: 2026-05-10"
        ),
    }[where_]
    root = project(tmp_path, {"scenarios/marriage.yaml": spec})
    code, found = check(root, "--as-of", "2026-11-29")
    assert code == 1
    [error] = [d for d in found if d["code"] == "E113"]
    assert "必须晚于 valid_from" in error["message"]


@pytest.mark.parametrize("text", ["2026-02-30", "20261129", "2026-W48-7", "today", ""])
def test_a_bad_as_of_is_a_usage_error(tmp_path: Path, text: str) -> None:
    root = project(tmp_path, {"scenarios/marriage.yaml": SPEC})
    result = CliRunner().invoke(app, ["check", str(root / "scenarios"), "--as-of", text])
    assert result.exit_code == 2
    assert "--as-of" in result.stderr and "YYYY-MM-DD" in result.stderr


def build(root: Path, out: Path, *args: str) -> bytes:
    result = CliRunner().invoke(app, ["build", str(root / "scenarios"), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return (out / "manifest.json").read_bytes()


def test_the_manifest_records_as_of_only_when_given(tmp_path: Path) -> None:
    root = project(tmp_path, {"scenarios/marriage.yaml": SPEC})
    default = build(root, tmp_path / "default")
    assert "as_of" not in json.loads(default)
    today = dt.date.today().isoformat()
    for path in (tmp_path / "default").rglob("*"):
        if path.is_file():
            assert today not in path.read_text(encoding="utf-8"), path
    given = json.loads(build(root, tmp_path / "given", "--as-of", "2026-11-29"))
    assert given["as_of"] == "2026-11-29"
    assert {k: v for k, v in given.items() if k != "as_of"} == json.loads(default)
    explicit_today = json.loads(build(root, tmp_path / "today", "--as-of", today))
    assert explicit_today["as_of"] == today  # given explicitly, even as today's date


def test_build_reports_the_same_warnings(tmp_path: Path) -> None:
    root = project(tmp_path, {"scenarios/marriage.yaml": SPEC})
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(root / "scenarios"),
            "--out",
            str(tmp_path / "out"),
            "--as-of",
            "2026-11-29",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0
    assert [d["code"] for d in json.loads(result.stdout)] == ["W701", "W701", "W702"]


def test_artefacts_carry_the_periods(tmp_path: Path) -> None:
    root = project(tmp_path, {"scenarios/marriage.yaml": SPEC})
    result: CompileResult = compile_paths([root / "scenarios"], as_of=dt.date(2024, 1, 1))
    routing = json.loads(result.artifacts["marriage/routing.json"])
    allowance = next(i for i in routing["items"] if i["id"] == "allowance")
    assert (allowance["valid_from"], allowance["valid_until"]) == ("2027-01-01", None)
    book = next(m for m in routing["materials"] if m["id"] == "household_book")
    assert (book["valid_from"], book["valid_until"]) == (None, "2025-05-10")
    notice = result.artifacts["marriage/notice.md"].decode()
    assert "| 新婚补贴（自2027年1月1日起办理） |" in notice
    assert "居民户口簿（2025年5月10日起不再需要）" in notice
    assert "- 《婚姻登记条例》（国务院令第387号）第四条，自2003年10月1日起施行\n" in notice
    assert "- 《婚姻登记管理条例》，2003年10月1日起废止\n" in notice
    assert "- 《中华人民共和国民法典》\n" in notice


def test_basis_text_names_what_is_given() -> None:
    assert basis_text("《民法典》") == "《民法典》"
    assert basis_text(LegalBasis(title="《甲》")) == "《甲》"
    both = LegalBasis(
        title="《甲》", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2021, 2, 3)
    )
    assert basis_text(both) == "《甲》，自2020年1月1日起施行，2021年2月3日起废止"


def test_both_syntaxes_carry_the_dated_constructs() -> None:
    original = parse_source(SourceFile("m.yaml", SPEC))
    as_yjs = print_yjs(original.data)
    assert "title 《婚姻登记管理条例》 { valid_until 2003-10-01 }" in as_yjs
    from_yjs = parse_source(SourceFile("m.yjs", as_yjs))
    assert lower(from_yjs).model_dump() == lower(original).model_dump()
    back = parse_source(SourceFile("m.yaml", print_yaml(from_yjs.data)))
    assert lower(back).model_dump() == lower(original).model_dump()


def test_plain_text_bases_and_the_real_scenarios_stay_quiet() -> None:
    """CI checks scenarios/ at today's date: warning-free unless the warning is true."""
    result = compile_paths([ROOT / "scenarios"], ROOT, emit=False)
    assert reported(result) == []
    launch = compile_paths(
        [ROOT / "scenarios" / "company_startup.yjs"], ROOT, emit=False, as_of=dt.date(2023, 5, 31)
    )
    assert [d.message for d in launch.diagnostics] == [
        "法律依据《中华人民共和国公司法》自 2024-07-01 起才施行（检查日期 2023-05-31）"
    ]


def test_yjs_schema_describes_the_new_keys() -> None:
    result = CliRunner().invoke(app, ["schema"])
    schema = json.loads(result.stdout)["$defs"]
    basis = schema["LegalBasis"]["properties"]
    assert set(basis) == {"title", "number", "article", "valid_from", "valid_until", "replaced_by"}
    for model, keys in {
        "LegalBasis": list(basis),
        "Item": ["valid_from", "valid_until"],
        "Material": ["valid_from", "valid_until"],
        "FieldDef": ["fields", "min_count", "max_count"],
        "SubField": list(schema["SubField"]["properties"]),
    }.items():
        for key in keys:
            description = schema[model]["properties"][key].get("description", "")
            assert any("\u4e00" <= c <= "\u9fff" for c in description), (model, key)


HISTORY = SPEC.replace(
    "  - title: 《婚姻登记管理条例》\n    valid_until: 2003-10-01\n",
    "  - title: 《婚姻登记管理条例》\n    valid_until: 2003-10-01\n"
    "    replaced_by: 《婚姻登记条例》\n",
)


def test_a_basis_that_names_its_successor_is_history_not_w701(tmp_path: Path) -> None:
    root = project(tmp_path, {"scenarios/marriage.yaml": HISTORY})
    _, found = check(root, "--as-of", "2026-11-29")
    assert not [d for d in found if "《婚姻登记管理条例》" in d["message"]]
    assert [d["code"] for d in found] == ["W701", "W702"]  # the material and the item still warn


@pytest.mark.parametrize(
    "slip",
    [
        ("replaced_by: 《婚姻登记条例》", "replaced_by: 《婚姻登记法》"),  # no such basis listed
        ("valid_from: 2003-10-01", "valid_from: 2003-10-02"),  # successor starts a day late
    ],
)
def test_a_replaced_by_that_does_not_meet_its_successor_still_warns(
    tmp_path: Path, slip: tuple[str, str]
) -> None:
    root = project(tmp_path, {"scenarios/marriage.yaml": HISTORY.replace(*slip)})
    _, found = check(root, "--as-of", "2026-11-29")
    assert [d["code"] for d in found if "《婚姻登记管理条例》" in d["message"]] == ["W701"]


def test_replaced_by_round_trips_through_yjs() -> None:
    original = parse_source(SourceFile("m.yaml", HISTORY))
    as_yjs = print_yjs(original.data)
    assert "replaced_by 《婚姻登记条例》" in as_yjs
    from_yjs = parse_source(SourceFile("m.yjs", as_yjs))
    assert lower(from_yjs).model_dump() == lower(original).model_dump()
    [old] = [b for b in lower(from_yjs).legal_basis if isinstance(b, LegalBasis) and b.valid_until]
    assert old.replaced_by == "《婚姻登记条例》"
