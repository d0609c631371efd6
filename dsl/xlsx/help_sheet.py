"""The 说明 sheet: how the workbook is read, and every column's key, name and meaning.

Written from the same layout (and the same model descriptions the editor schema shows), so it
cannot fall behind the columns. The reader skips it.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from dsl.xlsx.cells import DELIMITER
from dsl.xlsx.layout import HEADER_ROWS, HELP, OVERVIEW, VOCABULARY, Layout

RULES = (
    "本工作簿是一份 yjs 规格：`yjs check 文件.xlsx` 检查，`yjs convert 文件.xlsx --to yaml` 转为 YAML。",
    f"“{OVERVIEW}”表每行一个键（A 列英文键，B 列值，C 列说明不读取）；其他表每行一条记录。",
    f"第 1 行是中文列名，第 {HEADER_ROWS} 行是英文键：yjs 按第 {HEADER_ROWS} 行识别列，"
    "不认识的列、工作表会报错，请勿改动。",
    f"多个值写在一格中，用“{DELIMITER}”或换行（Alt+Enter）隔开，如 applicant_name{DELIMITER}applicant_id_number。",
    "时限等成组的值按 YAML 行内写法：{legal: 5, promised: 1}；"
    "条件按条件语言写：join_insurance and age(birth_date) < 1。",
    "单元格只能写值：公式、合并单元格、隐藏的工作表都会报错。批注会随 `yjs convert` 转为注释。",
    f"带下拉箭头的列只能从列表中选（部门可写导入之外的标识，会提醒确认）；“{VOCABULARY}”表是下拉列表的来源，"
    f"“{HELP}”表是本说明，两者都不读取。",
)


def write_help(ws: Worksheet, plan: Layout) -> None:
    ws.title = HELP
    for row, rule in enumerate(RULES, start=1):
        ws.cell(row, 1, rule)
    start = len(RULES) + 2
    for number, head in enumerate(("工作表", "键", "列名", "说明"), start=1):
        ws.cell(start, number, head).font = Font(bold=True)
    row = start + 1
    groups = [(OVERVIEW, plan.overview), *((s.title, s.columns) for s in plan.sheets)]
    for title, columns in groups:
        for column in columns:
            for number, value in enumerate((title, column.key, column.label), start=1):
                ws.cell(row, number, value)
            text = ws.cell(row, 4, column.description)
            text.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    for letter, width in zip("ABCD", (12, 20, 24, 90), strict=True):
        ws.column_dimensions[letter].width = width
