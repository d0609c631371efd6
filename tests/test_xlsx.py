"""The workbook front-end through the real CLI: diagnostics at cells, refusals, `new --xlsx`,
`convert`, byte stability, and imports across the three syntaxes."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from typer.testing import CliRunner

from cli import app
from dsl.convert import convert_to_workbook
from dsl.front_ends import load
from dsl.xlsx.reader import MAX_ROWS, read_workbook

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = "、".join(
    f"stdlib/{name}"
    for name in (
        "changsha/departments",
        "common/fields",
        "common/materials",
        "common/licenses",
        "common/data_sources",
    )
)
OVERVIEW = [
    ("scenario", "broken"),
    ("name", "出错示例一件事"),
    ("subject", "个人"),
    ("batch", "2023-12-31"),
    ("lead", "cs_hrss"),
    ("promised_days", 3),
    ("imports", IMPORTS),
]
ITEM_KEYS = ["id", "name", "kind", "department", "days", "fields", "materials", "when"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "stdlib", tmp_path / "stdlib")
    (tmp_path / "scenarios").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def workbook(items: list[dict[str, Any]], overview: list[tuple[str, Any]] = OVERVIEW) -> Any:
    """A workbook as an analyst would make it: the two header rows, one row per record."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "概况"
    sheet.append(["键", "值", "说明"])
    sheet.append(["key", "value", "label"])
    for row in overview:
        sheet.append(list(row))
    situations = book.create_sheet("情形")
    situations.append(["情形标识", "问题"])
    situations.append(["id", "question"])
    situations.append(["apply_card", "是否同时申领社会保障卡？"])
    sheet = book.create_sheet("事项")
    keys = ITEM_KEYS + sorted({k for item in items for k in item} - set(ITEM_KEYS))
    sheet.append(keys)  # row 1: the labels are for people; the keys themselves will do
    sheet.append(keys)
    for item in items:
        sheet.append([item.get(k) for k in keys])
    return book


def item(n: int, **changes: Any) -> dict[str, Any]:
    base = {
        "id": f"item_{n}",
        "name": f"示例事项{n}",
        "kind": "公共服务",
        "department": "cs_hrss",
        "days": "{legal: 5, promised: 1}",
        "fields": "applicant_name、applicant_id_number",
        "materials": "applicant_id_card",
    }
    return base | changes


def save(book: Any, path: Path) -> Path:
    book.save(path)
    return path


def check(*args: str) -> Any:
    return CliRunner().invoke(app, ["check", *args])


def test_the_acceptance_workbook_reports_each_problem_at_its_cell(project: Path) -> None:
    items = [item(1, remark="备注"), item(2, when="apply_card and"), item(3), item(4)]
    items.append(item(5, department="cs_hrs"))  # row 7: the fifth record
    book = workbook(items, [*OVERVIEW, ("consult", "=12345+0")])
    path = save(book, project / "scenarios" / "broken.xlsx")
    result = check(str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    text = result.output
    assert "--> scenarios/broken.xlsx:事项!D7" in text
    assert "D7 | cs_hrs\n   | ^^^^^^" in text  # the cell's text and a caret under it
    found = json.loads(check(str(path), "--format", "json").stdout)
    where = {d["code"]: d["span"]["cell"] for d in found}
    assert where == {
        "E201": "事项!D7",  # the misspelt department
        "E141": "概况!B10",  # the formula
        "E144": "事项!I2",  # the unknown column, once, at its key
        "E301": "事项!H4",  # the unfinished condition
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("事项表 D7 格")
    shown = readme[readme.index("```text\n", start) + 8 : readme.index("```", start + 20)]
    assert shown.strip() in text  # the README shows this very output
    condition = next(d for d in found if d["code"] == "E301")
    assert condition["span"]["column"] == len("apply_card and") + 1  # the caret at the gap


def test_every_output_format_names_the_cell(project: Path) -> None:
    path = save(workbook([item(1, department="cs_hrs")]), project / "scenarios" / "b.xlsx")
    github = check(str(path), "--format", "github").stdout
    assert "::error file=scenarios/b.xlsx,title=E201::事项!D3: 找不到部门 `cs_hrs`" in github
    sarif = json.loads(check(str(path), "--format", "sarif").stdout)
    schema = json.loads((ROOT / "tests" / "sarif" / "sarif-2.1.0-rtm.5.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)  # a location without a region is valid
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "E201"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["properties"] == {"cell": "事项!D3"}
    assert "region" not in physical  # a workbook has no lines a viewer could show
    assert result["message"]["text"].startswith("事项!D3: ")


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        ("merge", "E142"),
        ("hide", "E143"),
        ("extra_sheet", "E145"),
        ("error_value", "E147"),
        ("too_many_rows", "E146"),
        ("overview_column", "E144"),
        ("chart", "E145"),
    ],
)
def test_workbook_problems_have_their_own_codes(project: Path, damage: str, code: str) -> None:
    book = workbook([item(1), item(2)])
    sheet = book["事项"]
    if damage == "merge":
        sheet.merge_cells("D3:D4")
    elif damage == "hide":
        book["情形"].sheet_state = "hidden"
    elif damage == "extra_sheet":
        book.create_sheet("Sheet1")
    elif damage == "error_value":
        sheet["B3"].value = "#REF!"
        sheet["B3"].data_type = "e"
    elif damage == "chart":
        chart = BarChart()
        chart.add_data(Reference(book["概况"], min_col=2, min_row=8, max_row=8))
        book.create_chartsheet("图表").add_chart(chart)
    elif damage == "overview_column":
        book["概况"]["D4"] = "写在概况第四列的说明"
    else:
        sheet.cell(MAX_ROWS + 1, 1, "x")
    path = save(book, project / "scenarios" / "d.xlsx")
    result = check(str(path), "--format", "json")
    assert result.exit_code == 1
    assert code in {d["code"] for d in json.loads(result.stdout)}


@pytest.mark.parametrize("content", [b"", b"scenario: x\n", b"PK\x03\x04broken"])
def test_a_file_that_is_no_workbook_is_e140(project: Path, content: bytes) -> None:
    path = project / "scenarios" / "x.xlsx"
    path.write_bytes(content)
    result = check(str(path), "--format", "json")
    assert result.exit_code == 1
    assert [d["code"] for d in json.loads(result.stdout)] == ["E140"]


def test_a_workbook_without_overview_is_e115(project: Path) -> None:
    book = workbook([item(1)])
    del book["概况"]
    path = save(book, project / "scenarios" / "x.xlsx")
    result = check(str(path), "--format", "json")
    assert [d["code"] for d in json.loads(result.stdout)] == ["E115"]


def test_new_xlsx_checks_clean_and_offers_the_vocabularies(project: Path) -> None:
    result = CliRunner().invoke(app, ["new", "demo", "--xlsx"])
    assert result.exit_code == 0, result.output
    path = project / "scenarios" / "demo.xlsx"
    checked = check(str(path))
    assert checked.exit_code == 0, checked.output
    book = openpyxl.load_workbook(path)
    sheet = book["事项"]
    keys = {cell.value: cell.column_letter for cell in sheet[2]}
    lists = {
        str(rule.sqref).split(":")[0][:-1]: rule.formula1
        for rule in sheet.data_validations.dataValidation
    }
    for key in ("kind", "department", "level", "application"):
        assert keys[key] in lists
    vocabulary = book["词表"]
    kind = lists[keys["kind"]].split("!")[1].replace("$", "").split(":")
    offered = [c.value for row in vocabulary[kind[0] : kind[1]] for c in row]
    assert "行政许可" in offered and "公共服务" in offered
    department = lists[keys["department"]].split("!")[1].replace("$", "").split(":")
    ids = [c.value for row in vocabulary[department[0] : department[1]] for c in row]
    assert "cs_hrss" in ids and "cs_police" in ids  # from the imported departments
    assert book["事项"].freeze_panes == "B3"
    assert "说明" in book.sheetnames
    materials = {cell.value: cell.column_letter for cell in book["材料"][2]}
    material_rules = {str(r.sqref)[0] for r in book["材料"].data_validations.dataValidation}
    assert {materials["form"], materials["acceptance"]} <= material_rules


def test_a_written_workbook_is_byte_stable() -> None:
    doc = load(ROOT / "scenarios" / "newborn.yaml")
    first = convert_to_workbook(doc, ["cs_health"])
    assert convert_to_workbook(doc, ["cs_health"]) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2020-01-01T00:00:00Z" in core


def test_convert_both_ways_through_the_cli(project: Path) -> None:
    source = ROOT / "scenarios" / "newborn.yaml"
    shutil.copy(source, project / "scenarios" / "newborn.yaml")
    runner = CliRunner()
    out = project / "newborn.xlsx"
    assert runner.invoke(app, ["convert", "scenarios/newborn.yaml", "--to", "xlsx"]).exit_code == 2
    result = runner.invoke(
        app, ["convert", "scenarios/newborn.yaml", "--to", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    back = runner.invoke(app, ["convert", str(out), "--to", "yaml"])
    assert back.exit_code == 0, back.output
    assert "# 长沙市卫生健康委员会" in back.stdout  # a comment went through a cell note
    note = openpyxl.load_workbook(out)["概况"]
    assert any(c.comment and "长沙市卫生健康委员会" in c.comment.text for c in note["B"])
    yjs = runner.invoke(app, ["convert", str(out), "--to", "yjs"])
    assert yjs.exit_code == 0 and yjs.stdout.startswith("#")
    assert runner.invoke(app, ["fmt", "--check", str(out)]).exit_code == 0  # a no-op for workbooks


def test_imports_work_across_the_three_syntaxes(project: Path) -> None:
    """A YAML scenario importing a library kept as a workbook builds as with the YAML library."""
    shutil.copy(ROOT / "scenarios" / "newborn.yaml", project / "scenarios" / "newborn.yaml")
    before = CliRunner().invoke(app, ["build", "--out", "before"])
    assert before.exit_code == 0, before.output
    library = project / "stdlib" / "personal" / "items.yaml"
    converted = CliRunner().invoke(
        app, ["convert", str(library), "--to", "xlsx", "--out", str(library.with_suffix(".xlsx"))]
    )
    assert converted.exit_code == 0, converted.output
    library.unlink()
    after = CliRunner().invoke(app, ["build", "--out", "after"])
    assert after.exit_code == 0, after.output
    for name in ("form.schema.json", "routing.json", "notice.md"):
        assert (project / "after" / "newborn" / name).read_bytes() == (
            project / "before" / "newborn" / name
        ).read_bytes()


def test_a_text_that_looks_like_a_formula_or_a_list_stays_text() -> None:
    data = {
        "library": "odd",
        "name": "=不是公式",
        "items": [
            {
                "id": "a",
                "name": "[方括号开头]",
                "department": "cs_hrss",
                "days": {"legal": 5, "promised": 1},
                "fields": ["x"],
            }
        ],
    }
    from dsl.xlsx.writer import write_workbook

    doc = read_workbook("odd.xlsx", write_workbook(data), "")
    assert doc.problems == []
    assert doc.data == data


def test_a_broken_flow_cell_is_one_diagnostic_at_its_cell(project: Path) -> None:
    """The cell's YAML error, with the caret where the text stops; not a second one from the
    model about the same cell's value."""
    book = workbook([item(1, days="{legal: 5, promised: 1")])
    path = save(book, project / "scenarios" / "f.xlsx")
    found = json.loads(check(str(path), "--format", "json").stdout)
    assert [(d["code"], d["span"]["cell"]) for d in found] == [("E101", "事项!E3")]
    assert found[0]["span"]["column"] == len("{legal: 5, promised: 1") + 1


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_read(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip bomb costs what its directory says, not what it would unpack to."""
    from dsl.xlsx import archive

    path = save(workbook([item(1)]), project / "scenarios" / "big.xlsx")
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 1000)
    found = json.loads(check(str(path), "--format", "json").stdout)
    assert [d["code"] for d in found] == ["E140"]
    assert "解压后" in found[0]["message"]


def test_cells_as_excel_types_them_read_as_the_key_expects(project: Path) -> None:
    """A date typed into Excel is a date cell, a number typed into a text column a number cell,
    and "3" pasted as text into a number column is text: each is read as its key expects."""
    overview = [
        (k, dt.datetime(2023, 12, 31) if k == "batch" else "3" if k == "promised_days" else v)
        for k, v in OVERVIEW
    ]
    book = workbook([item(1, department="zz_office")], overview)
    departments = book.create_sheet("部门")
    departments.append(["部门标识", "单位全称", "层级", "区划"])
    departments.append(["id", "name", "level", "region"])
    departments.append(["zz_office", "示例办事处", "区县", 430102])
    path = save(book, project / "scenarios" / "typed.xlsx")
    result = check(str(path))
    assert result.exit_code == 0, result.output
    doc = load(path)
    assert doc.data["batch"] == dt.date(2023, 12, 31)
    assert doc.data["promised_days"] == 3
    assert doc.data["departments"][0]["region"] == "430102"


def test_the_file_size_limit_holds_for_workbooks(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save(workbook([item(1)]), project / "scenarios" / "big.xlsx")
    monkeypatch.setenv("YJS_MAX_FILE_BYTES", "1000")
    found = json.loads(check(str(path), "--format", "json").stdout)
    assert [d["code"] for d in found] == ["E130"]
