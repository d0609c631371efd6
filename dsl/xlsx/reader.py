"""A spec workbook (`.xlsx`) → Document, with every value's span naming its cell.

A cell that cannot be taken (a formula, an error value), a column or a sheet yjs does not know
is reported and left out, and the rest is read, so one run lists every problem of the workbook
(`Document.problems`); only a file that is no workbook, or has no 概况 saying what it is, stops
the reading.

The workbook has no text of its own, so the Document's SourceFile is made of the cells' texts,
one cell per line (a cell with line breaks takes several), and each span carries the cell
(`事项!D7`) that every output shows in place of the line. Later stages quote a line and put
carets under part of it as they do for YAML: here the line is the cell's text.

openpyxl reads the file in its full mode, not read-only: read-only mode gives neither the cell
notes (comments, which `yjs convert` keeps) nor the merged ranges (which must be reported).
It would save little: the largest scenario's workbook loads in 24 ms fully, 21 ms read-only.
Work stays bounded by the file-size limit (E130), the unpacked-size limit (`archive`) and the
row and column limits below (E146).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from dsl.diagnostics import Code, CompileError, Diagnostic
from dsl.document import Document, Loc, Syntax
from dsl.source import CONTROL, SourceFile, Span, code_point
from dsl.suggest import did_you_mean
from dsl.xlsx import cells
from dsl.xlsx.archive import open_workbook
from dsl.xlsx.layout import (
    GENERATED,
    HEADER_ROWS,
    OVERVIEW,
    OVERVIEW_COLUMNS,
    Layout,
    Sheet,
    layout,
)
from dsl.yaml_parser import parse_yaml
from dsl.yjs.schema import ANY, ROOT_MODELS, Shape
from dsl.yjs.syntax_tree import Comment

# A spec has tens of records; a sheet with thousands of rows is exported data, not a spec.
MAX_ROWS = 2000
MAX_COLUMNS = 200  # the widest record (a field definition) has about twenty keys


class WorkbookError(CompileError):
    """The problems of one workbook, with the cell texts its diagnostics quote."""

    def __init__(self, diagnostics: list[Diagnostic], source: SourceFile) -> None:
        super().__init__(diagnostics)
        self.source = source


def read_workbook(name: str, raw: bytes, digest: str) -> Document:
    """Parse the workbook bytes; raises WorkbookError with every problem found."""
    reader = _Reader(name)
    try:
        return reader.read(raw, digest)
    except CompileError as err:
        source = SourceFile(name, "\n".join(reader.lines), digest)
        raise WorkbookError(err.diagnostics, source) from None


@dataclass(slots=True)
class _Reader:
    name: str
    lines: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    value_spans: dict[Loc, Span] = field(default_factory=dict)
    key_spans: dict[Loc, Span] = field(default_factory=dict)
    notes: list[tuple[Loc | None, str]] = field(default_factory=list)  # a note's loc and line

    def read(self, raw: bytes, digest: str) -> Document:
        book = open_workbook(self.name, raw)
        sheets = [ws for ws in book.worksheets if self._visible(ws)]
        for chart in book.chartsheets:
            span = self._place(chart.title, "A1", "")
            self._report(
                Code.E145,
                span,
                sheet=chart.title,
                hint="规格工作簿只能有数据工作表，请删除图表工作表",
            )
        overview = next((ws for ws in sheets if ws.title == OVERVIEW), None)
        data: dict[str, Any] = {}
        root = self._overview(overview, data) if overview is not None else None
        if root is None:
            hint = f"工作簿应有“{OVERVIEW}”工作表，其中一行的键是 scenario（一件事）或 library（参考库）"
            span = self.value_spans.get(()) or self._place(OVERVIEW, "A1", "")
            self.diagnostics.append(Diagnostic.of(Code.E115, span, hint=hint))
        else:
            plan = layout(root)
            for ws in sheets:
                if ws.title in (OVERVIEW, *GENERATED):
                    continue
                sheet = plan.sheet_titled(ws.title)
                if sheet is None:
                    self._unknown_sheet(ws, plan)
                elif self._bounded(ws):
                    self._records(ws, sheet, data)
        source = SourceFile(self.name, "\n".join(self.lines), digest)
        if root is None:
            raise CompileError(self.diagnostics)
        doc = Document(source, data, self.value_spans, self.key_spans, Syntax.XLSX)
        doc.notes = [self._comment(doc, loc, text) for loc, text in self.notes]
        doc.problems = self.diagnostics  # the cells and columns left out, and why
        return doc

    def _comment(self, doc: Document, loc: Loc | None, text: str) -> Comment:
        """A note as a comment on its own line just before its node starts (`dsl.comments`
        anchors such a comment to that node), or after everything when it has no node."""
        if loc is None:
            return Comment(len(self.lines) + 1, 1, text, True)
        spans = [s for s in (doc.key_spans.get(loc), doc.value_spans.get(loc)) if s is not None]
        line = min((s.line for s in spans), default=len(self.lines) + 1)
        return Comment(line, 0, text, True)

    def _note(self, cell: Cell | MergedCell, loc: Loc | None) -> None:
        if cell.comment is not None:  # each line a comment; an empty line is a bare `#`
            for line in cell.comment.text.strip("\n").split("\n"):
                self.notes.append((loc, f"# {line.strip()}".rstrip()))

    def _visible(self, ws: Worksheet) -> bool:
        if ws.sheet_state == "visible":
            return True
        hint = "隐藏的内容审核人看不到：取消隐藏（右键工作表标签 →“取消隐藏”）后确认其内容，或删除这张表"
        self._report(Code.E143, self._place(ws.title, "A1", ""), sheet=ws.title, hint=hint)
        return False

    def _bounded(self, ws: Worksheet) -> bool:
        problems = []
        if ws.max_row > MAX_ROWS:
            problems.append(f"{ws.max_row} 行，上限 {MAX_ROWS} 行")
        if ws.max_column > MAX_COLUMNS:
            problems.append(f"{ws.max_column} 列，上限 {MAX_COLUMNS} 列")
        if problems:
            hint = "一件事的规格只有几十条记录；请删除误粘贴进来的数据或空白格式行"
            span = self._place(ws.title, "A1", "")
            self._report(Code.E146, span, sheet=ws.title, problem="；".join(problems), hint=hint)
            return False
        merged = sorted(str(r) for r in ws.merged_cells.ranges)
        if merged:
            first = merged[0].split(":")[0]
            hint = (
                "合并单元格的值只在左上角一格：取消合并（“合并后居中”再点一次），每格写上自己的值"
            )
            span = self._place(ws.title, first, cells.shown(ws[first].value or ""))
            self._report(Code.E142, span, cells="、".join(merged[:5]), hint=hint)
        return True

    def _unknown_sheet(self, ws: Worksheet, plan: Layout) -> None:
        titles = [s.title for s in plan.sheets]
        guess = did_you_mean(ws.title, titles)
        hint = (
            f"是否应为“{guess}”？" if guess else "可用的工作表：" + "、".join([OVERVIEW, *titles])
        )
        self._report(Code.E145, self._place(ws.title, "A1", ""), sheet=ws.title, hint=hint)

    # --- 概况: one key per row ------------------------------------------------------------

    def _overview(self, ws: Worksheet, data: dict[str, Any]) -> str | None:
        if not self._bounded(ws):
            return None
        root: str | None = None
        self._note(ws["A1"], ())  # the file's head comments (`dsl.xlsx.writer` puts them here)
        self._note(ws["B1"], None)  # and the ones after everything
        self._beyond_overview(ws)
        for row in ws.iter_rows(min_row=HEADER_ROWS + 1, max_col=2):
            key_cell, value_cell = row
            if not self._usable(key_cell) or not self._usable(value_cell):
                continue
            if key_cell.value is None:
                if value_cell.value is not None:
                    span = self._cell_span(OVERVIEW, value_cell)
                    problem = "这一行的值没有键（A 列为空）"
                    self._report(Code.E147, span, problem=problem, hint="在 A 列写上键，如 name")
                continue
            key = cells.shown(key_cell.value).strip()
            key_span = self._cell_span(OVERVIEW, key_cell)
            if key in data:
                self._report(Code.E103, key_span, key=key, hint="每个键在概况中只写一行")
                continue
            if root is None and key in ROOT_MODELS:
                root = key
                self.value_spans[()] = key_span
            column = layout(key if key in ROOT_MODELS else root or "scenario").overview_row(key)
            self.key_spans[(key,)] = key_span
            self._note(key_cell, (key,))
            self._note(value_cell, (key,))
            if value_cell.value is None:
                self.value_spans[(key,)] = key_span
                data[key] = None
                continue
            data[key] = self._value(OVERVIEW, value_cell, column.shape if column else ANY, (key,))
        return root

    def _beyond_overview(self, ws: Worksheet) -> None:
        """A value right of 概况's three columns has no key to belong to: reported per column."""
        width = len(OVERVIEW_COLUMNS)
        for column in ws.iter_cols(min_col=width + 1, min_row=HEADER_ROWS + 1):
            cell = next((c for c in column if c.value is not None), None)
            if cell is not None:
                hint = "概况每行只读 A 列（键）和 B 列（值）；说明写成批注，或写进 notes"
                span = self._cell_span(OVERVIEW, cell)
                self._report(Code.E144, span, sheet=OVERVIEW, key=cell.column_letter, hint=hint)

    # --- record sheets: one record per row ------------------------------------------------

    def _records(self, ws: Worksheet, sheet: Sheet, data: dict[str, Any]) -> None:
        columns = self._header(ws, sheet)
        self.key_spans[(sheet.key,)] = self._place(ws.title, "A2", "")
        self.value_spans[(sheet.key,)] = self.key_spans[(sheet.key,)]
        self._note(ws["A1"], (sheet.key,))  # comments on the list as a whole
        records: list[dict[str, Any]] = []
        for row in ws.iter_rows(min_row=HEADER_ROWS + 1):
            filled = [c for c in row if c.value is not None and self._usable(c)]
            if not filled:
                continue
            loc: Loc = (sheet.key, len(records))
            record: dict[str, Any] = {}
            for cell in filled:
                key = columns.get(cell.column or 0)
                column = sheet.column(key) if key else None
                if key is None or column is None:
                    continue  # the column was reported (E144) once, at its header
                record[key] = self._value(ws.title, cell, column.shape, (*loc, key))
                self.value_spans.setdefault(loc, self.value_spans[(*loc, key)])
                self._note(cell, loc if cell is filled[0] else (*loc, key))
            records.append(record)
        if records:
            data[sheet.key] = records

    def _header(self, ws: Worksheet, sheet: Sheet) -> dict[int, str]:
        """Column number → key, from row 2; unknown, blank and repeated keys are reported."""
        used = {
            c.column
            for row in ws.iter_rows(min_row=HEADER_ROWS + 1)
            for c in row
            if c.value is not None
        }
        out: dict[int, str] = {}
        for cell in next(ws.iter_rows(min_row=HEADER_ROWS, max_row=HEADER_ROWS), ()):
            if not self._usable(cell):
                continue
            key = cells.shown(cell.value).strip() if cell.value is not None else ""
            span = self._cell_span(ws.title, cell)
            self._note(cell, None)
            if not key:
                if cell.column in used:
                    hint = f"在第 {HEADER_ROWS} 行写上这一列的键（英文），如 {sheet.columns[0].key}"
                    self._report(Code.E144, span, sheet=ws.title, key="（空）", hint=hint)
                continue
            if sheet.column(key) is None:
                guess = did_you_mean(key, [c.key for c in sheet.columns])
                hint = (
                    f"是否应为 `{guess}`？"
                    if guess
                    else "可用的列见“说明”工作表或 `yjs explain E144`"
                )
                self._report(Code.E144, span, sheet=ws.title, key=key, hint=hint)
            elif key in out.values():
                self._report(Code.E103, span, key=key, hint="每个键只能有一列")
            else:
                out[cell.column or 0] = key
        return out

    # --- one cell ------------------------------------------------------------------------

    def _usable(self, cell: Cell | MergedCell) -> bool:
        """False (and reported) for a formula, an error value or a value no spec can hold."""
        if not isinstance(cell, Cell) or cell.value is None:
            return True
        title = cell.parent.title
        if cell.data_type == "f":
            formula = getattr(cell.value, "text", None) or str(cell.value)
            hint = "规格中的每个单元格都要写值：复制这一格，再“选择性粘贴 → 数值”"
            span = self._cell_span(title, cell, formula)
            self._report(Code.E141, span, formula=formula, hint=hint)
            return False
        problem = None
        if cell.data_type == "e":
            problem = f"单元格显示错误值 {cell.value}"
        elif isinstance(cell.value, dt.time | dt.timedelta):
            problem = "时间值不能用于规格"
        elif isinstance(cell.value, dt.datetime) and cell.value.time() != dt.time():
            problem = "日期带有时刻，规格只写日期"
        if problem is not None:
            self._report(
                Code.E147,
                self._cell_span(title, cell),
                problem=problem,
                hint="改写为文字、数字或日期",
            )
            return False
        return True

    def _value(self, title: str, cell: Cell, shape: Shape, loc: Loc) -> Any:
        text = cells.shown(cell.value).replace("\r\n", "\n").replace("\r", "\n")
        span = self._cell_span(title, cell, text)
        self.value_spans[loc] = span
        if (char := CONTROL.search(text)) is not None:
            hint = "删除这个看不见的字符（常见于从网页、Word 或 PDF 复制的文字）"
            self._report(Code.E116, span, char=code_point(char.group(0)), hint=hint)
            return text
        if isinstance(cell.value, str) and cells.structured(shape) and cells.reads_as_flow(text):
            return self._flow(text, span, loc)
        if shape.item is not None and not shape.kinds and isinstance(cell.value, str):
            return self._list(text, span, shape.item, loc)
        return cells.scalar(cell.value, shape)

    def _flow(self, text: str, span: Span, loc: Loc) -> Any:
        """A cell in YAML flow style, parsed by the YAML front-end; its spans moved into the cell."""
        prefix = "_: "
        try:
            sub = parse_yaml(SourceFile(self.name, prefix + text))
        except CompileError as err:
            hint = (
                "单元格中的 YAML 行内写法：括号要成对，键后写冒号和空格，如 {legal: 5, promised: 1}"
            )
            for d in err.diagnostics:
                moved = self._shift(d.span, span, len(prefix)) if d.span else span
                self.diagnostics.append(replace(d, span=moved, hint=hint, related=()))
            return text
        for sub_loc, sub_span in sub.value_spans.items():
            if sub_loc[:1] == ("_",):
                self.value_spans[(*loc, *sub_loc[1:])] = self._shift(sub_span, span, len(prefix))
        for sub_loc, sub_span in sub.key_spans.items():
            if sub_loc[:1] == ("_",) and len(sub_loc) > 1:
                self.key_spans[(*loc, *sub_loc[1:])] = self._shift(sub_span, span, len(prefix))
        self.value_spans[loc] = span
        return sub.data["_"]

    def _shift(self, inner: Span, cell: Span, prefix: int) -> Span:
        """A span in the cell's text parsed alone (after `prefix` on its first line) → the file."""

        def at(line: int, column: int) -> tuple[int, int]:
            if line > cell.end_line - cell.line + 1:  # past the cell's text: at its end
                last = self.lines[cell.end_line - 1]
                return cell.end_line, len(last) + 1
            return cell.line + line - 1, max(column - prefix, 1) if line == 1 else column

        line, column = at(inner.line, inner.column)
        end_line, end_column = at(inner.end_line, inner.end_column)
        return Span(self.name, line, column, end_line, max(end_column, column + 1), cell.cell)

    def _list(self, text: str, span: Span, item: Shape, loc: Loc) -> list[Any]:
        out: list[Any] = []
        for offset, part in cells.split(text):
            before = text[:offset]
            line = span.line + before.count("\n")
            column = offset - (before.rfind("\n") + 1) + 1
            self.value_spans[(*loc, len(out))] = Span(
                self.name, line, column, line, column + len(part), span.cell
            )
            out.append(cells.scalar(part, item))
        return out

    # --- places --------------------------------------------------------------------------

    def _cell_span(self, title: str, cell: Cell | MergedCell, text: str | None = None) -> Span:
        shown = cells.shown(cell.value) if text is None else text
        return self._place(title, cell.coordinate, shown)

    def _place(self, title: str, coordinate: str, text: str) -> Span:
        """A new line (or lines) of the synthetic source holding `text`, and its span."""
        parts = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        line = len(self.lines) + 1
        self.lines += parts
        end_line = line + len(parts) - 1
        end_column = len(parts[-1]) + 1 if len(parts) > 1 else max(len(parts[0]) + 1, 2)
        return Span(self.name, line, 1, end_line, end_column, f"{title}!{coordinate}")

    def _report(self, code: Code, span: Span | None, *, hint: str, **args: Any) -> None:
        self.diagnostics.append(Diagnostic.of(code, span, hint=hint, **args))
