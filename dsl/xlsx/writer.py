"""A spec's data → a workbook analysts can edit: the layout of `dsl.xlsx.layout`, a drop-down on
every column with a closed vocabulary, frozen headers, widths that fit Chinese text, the
comments as cell notes, and a 说明 sheet. The bytes are the same on every run (`stable`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment as Note
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dsl.document import Loc
from dsl.source import cells as width_of
from dsl.xlsx import cells
from dsl.xlsx.help_sheet import write_help
from dsl.xlsx.layout import (
    HEADER_ROWS,
    OVERVIEW,
    OVERVIEW_COLUMNS,
    OVERVIEW_LABELS,
    VOCABULARY,
    Column,
    Layout,
    layout,
)
from dsl.xlsx.stable import stable_bytes
from dsl.yjs.schema import ANY, ROOT_MODELS, Shape

# The record sheets a new workbook always has, in the order an analyst fills them.
STANDARD_SHEETS = ("situations", "items", "fields", "materials", "tests")
# Columns whose values are department (or role) ids: offered from the departments in scope.
DEPARTMENT_COLUMNS = frozenset({"department", "lead"})
_HEAD = Font(bold=True)
_KEYS = Font(color="808080", size=9)
_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 8, 60
AnyCell = Cell | MergedCell


def write_workbook(
    data: Mapping[str, Any],
    notes: Sequence[tuple[Loc | None, str]] = (),
    departments: Sequence[str] = (),
) -> bytes:
    """The workbook for a spec's `data`; `notes` are comments (loc, text) to attach to the cells
    of their locs, `departments` the ids offered for `department` and `lead`."""
    root = next((k for k in ROOT_MODELS if k in data), "scenario")
    plan = layout(root)
    book = Workbook()
    writer = _Writer(book, plan, tuple(dict.fromkeys(departments)))
    writer.overview(book.worksheets[0], data)
    for key in _sheet_order(plan, data):
        writer.records(key, data.get(key) or [])
    writer.attach(notes)
    write_help(book.create_sheet(), plan)
    writer.vocabulary_sheet()
    return stable_bytes(book)


def _sheet_order(plan: Layout, data: Mapping[str, Any]) -> list[str]:
    present = [s.key for s in plan.sheets if s.key in data]
    standard = [k for k in STANDARD_SHEETS if any(s.key == k for s in plan.sheets)]
    return list(dict.fromkeys([*standard, *present]))


class _Writer:
    def __init__(self, book: Workbook, plan: Layout, departments: tuple[str, ...]) -> None:
        self.book = book
        self.plan = plan
        self.departments = departments
        self.places: dict[Loc, AnyCell] = {}
        self.lists: dict[tuple[str, ...], str] = {}  # a vocabulary → its range on 词表
        self.list_names: dict[tuple[str, ...], str] = {}  # and the header of its 词表 column
        self.overview_sheet: Worksheet | None = None

    def overview(self, ws: Worksheet, data: Mapping[str, Any]) -> None:
        ws.title = OVERVIEW
        self.overview_sheet = ws
        self._headers(ws, OVERVIEW_LABELS, OVERVIEW_COLUMNS)
        sheet_keys = {s.key for s in self.plan.sheets}
        keys = [self.plan.root, *(k for k in data if k not in sheet_keys)]  # the author's order
        keys = [k for k in dict.fromkeys(keys) if k in data]
        for row, key in enumerate(keys, start=HEADER_ROWS + 1):
            column = self.plan.overview_row(key)
            ws.cell(row, 1, key)
            value = self._put(ws.cell(row, 2), data[key], column.shape if column else ANY)
            ws.cell(row, 3, column.label if column else "")
            self.places[(key,)] = value
            if column is not None and (choices := self._choices(column)):
                self._validate(ws, value.coordinate, choices, column)
        self._finish(ws, freeze="B3")

    def records(self, key: str, records: Sequence[Mapping[str, Any]]) -> None:
        sheet = next(s for s in self.plan.sheets if s.key == key)
        ws = self.book.create_sheet(sheet.title)
        self._headers(ws, [c.label for c in sheet.columns], [c.key for c in sheet.columns])
        self.places[(key,)] = ws["A1"]
        for i, record in enumerate(records):
            row = HEADER_ROWS + 1 + i
            for number, column in enumerate(sheet.columns, start=1):
                if column.key in record:
                    cell = self._put(ws.cell(row, number), record[column.key], column.shape)
                    self.places[(key, i, column.key)] = cell
                    # the record's own notes: on its first cell, where the reader looks
                    self.places.setdefault((key, i), cell)
        last = max(HEADER_ROWS + len(records), 200)  # room to add rows with the drop-downs
        for number, column in enumerate(sheet.columns, start=1):
            if choices := self._choices(column):
                letter = get_column_letter(number)
                where = f"{letter}{HEADER_ROWS + 1}:{letter}{last}"
                self._validate(ws, where, choices, column)
        self._finish(ws, freeze="B3")

    def _put(self, cell: AnyCell, value: Any, shape: Shape) -> AnyCell:
        """Write `value` so the reader gets it back: numbers and booleans as themselves, all
        else as text (a date as 2023-05-31, a list with 、, a mapping in flow style)."""
        if isinstance(value, bool | int | float) and shape.kinds & {bool, int, float}:
            cell.value = value
            return cell
        if isinstance(value, str) and cells.structured(shape) and cells.reads_as_flow(value):
            text = cells.flow(value)  # a text the reader would take for flow style is quoted
        elif isinstance(value, list) and shape.kinds:
            text = cells.flow(value)  # a key that also takes a text: a list is always flow
        else:
            text = cells.to_text(value)
        cell.value = text
        cell.data_type = "s"  # a text starting with `=` stays text, never a formula
        if "\n" in text:
            cell.alignment = _WRAP
        return cell

    def _headers(self, ws: Worksheet, labels: Sequence[str], keys: Sequence[str]) -> None:
        for number, (label, key) in enumerate(zip(labels, keys, strict=True), start=1):
            head = ws.cell(1, number, label)
            head.font, head.fill = _HEAD, _FILL
            ws.cell(2, number, key).font = _KEYS

    def _choices(self, column: Column) -> tuple[str, ...]:
        """What the column's drop-down offers: its closed list, or the departments in scope."""
        if column.key in DEPARTMENT_COLUMNS:
            return self.departments
        return column.choices

    def _validate(
        self, ws: Worksheet, where: str, choices: tuple[str, ...], column: Column
    ) -> None:
        open_ = column.key in DEPARTMENT_COLUMNS
        self.list_names.setdefault(choices, column.label)
        rule = DataValidation(type="list", formula1=self._list_range(choices), allow_blank=True)
        rule.errorStyle = "warning" if open_ else "stop"
        rule.error = "请从下拉列表中选择" if not open_ else "不在导入的部门中：请确认标识"
        rule.showErrorMessage = True
        ws.add_data_validation(rule)
        rule.add(where)

    def _list_range(self, choices: tuple[str, ...]) -> str:
        """The 词表 range holding `choices` (one column per distinct list)."""
        if choices not in self.lists:
            letter = get_column_letter(len(self.lists) + 1)
            self.lists[choices] = (
                f"{quote_sheetname(VOCABULARY)}!${letter}$2:${letter}${len(choices) + 1}"
            )
        return self.lists[choices]

    def vocabulary_sheet(self) -> None:
        ws = self.book.create_sheet(VOCABULARY)
        for number, choices in enumerate(self.lists, start=1):
            ws.cell(1, number, self.list_names[choices]).font = _HEAD
            for row, value in enumerate(choices, start=2):
                ws.cell(row, number, value).data_type = "s"
        self._finish(ws, freeze="A2")

    def attach(self, notes: Sequence[tuple[Loc | None, str]]) -> None:
        """Each comment as a note on the cell of its loc (the nearest enclosing one written)."""
        texts: dict[str, tuple[AnyCell, list[str]]] = {}
        for loc, text in notes:
            cell = self._cell_for(loc)
            key = f"{cell.parent.title}!{cell.coordinate}"
            texts.setdefault(key, (cell, []))[1].append(text.lstrip("#").strip())
        for cell, lines in texts.values():
            note = Note("\n".join(lines), "yjs")
            note.width, note.height = 300, 20 * (len(lines) + 2)
            cell.comment = note

    def _cell_for(self, loc: Loc | None) -> AnyCell:
        """The cell of `loc` or of its nearest ancestor written; the file's own comments go on
        概况!A1 and those after everything on 概况!B1 (the reader knows both)."""
        assert self.overview_sheet is not None
        if loc is None:
            return self.overview_sheet["B1"]
        for n in range(len(loc), 0, -1):
            if loc[:n] in self.places:
                return self.places[loc[:n]]
        return self.overview_sheet["A1"]

    def _finish(self, ws: Worksheet, *, freeze: str) -> None:
        ws.freeze_panes = freeze
        widths: dict[int, int] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    text = str(cell.value)
                    wide = max(width_of(line) for line in text.split("\n"))
                    widths[cell.column] = max(widths.get(cell.column, 0), wide)
        for number, wide in widths.items():
            letter = get_column_letter(number)
            ws.column_dimensions[letter].width = min(max(wide + 2, MIN_WIDTH), MAX_WIDTH)
