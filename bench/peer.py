"""The peer: the same form as an XLSForm, converted by pyxform (ODK's XLSForm → XForm compiler).

XLSForm is the closest widely used tool: authors write a form in a spreadsheet, with relevance
conditions, and pyxform compiles it. The synthetic scenario's merged form becomes an XLSForm
with the same questions: the yes/no situations as `select_one`, the shared fields once, each
item's own fields in a group, `relevant` on the fields of conditional items, as yjs's form
shows them only when the item applies. Written in pyxform's Markdown table form, which it
reads like a workbook.
"""

from __future__ import annotations

from bench.synthetic import SHARED_FIELDS, SITUATIONS


def xlsform_markdown(items: int) -> tuple[str, int]:
    """(the XLSForm, the number of questions) for the synthetic scenario of `items` items."""
    rows = ["| survey |", "|  | type | name | label | relevant |"]
    rows += [f"|  | select_one yn | s{k} | 是否办理第 {k} 类事项？ |  |" for k in range(SITUATIONS)]
    rows += [f"|  | text | shared{f} | 共用字段{f} |  |" for f in range(SHARED_FIELDS)]
    for i in range(items):
        relevant = f"${{s{i % SITUATIONS}}} = 'yes'" if i % 3 == 0 else ""
        rows += [f"|  | text | f{i}_{k} | 事项{i}字段{k} | {relevant} |" for k in range(3)]
    rows += [
        "| choices |",
        "|  | list_name | name | label |",
        "|  | yn | yes | 是 |",
        "|  | yn | no | 否 |",
    ]
    return "\n".join(rows) + "\n", SITUATIONS + SHARED_FIELDS + 3 * items
