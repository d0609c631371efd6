"""A Document → the same spec written in another syntax, comments beside the nodes they annotate.

`yjs convert` promises that nothing is lost: the printed spec lowers to the same IR (the
printers' contract) and every comment reaches the node it was written at (`dsl.comments`); a
workbook's comments are its cell notes, and a comment becomes a note on its node's cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from dsl.comments import anchors, transplant, yaml_comments
from dsl.document import Document, Syntax
from dsl.printer import format_yjs, print_yaml, print_yjs
from dsl.source import SourceFile
from dsl.yaml_parser import parse_yaml
from dsl.yjs.parser import parse_text, parse_with_comments
from dsl.yjs.syntax_tree import Comment


def convert(doc: Document, to: Literal["yaml", "yjs"]) -> str:
    comments = comments_of(doc)
    if to == "yaml":
        text = print_yaml(doc.data)
        return transplant(comments, doc, parse_yaml(SourceFile("out.yaml", text)), text)
    text = print_yjs(doc.data)
    text = transplant(comments, doc, parse_text(SourceFile("out.yjs", text)), text)
    return format_yjs(SourceFile("out.yjs", text))


def convert_to_workbook(doc: Document, departments: Sequence[str] = ()) -> bytes:
    """The spec as a workbook (`dsl.xlsx`), each comment a note on its node's cell."""
    from dsl.xlsx.writer import write_workbook  # openpyxl only when a workbook is written

    notes = [(loc, c.text) for c, loc in anchors(comments_of(doc), doc)]
    return write_workbook(doc.data, notes, departments)


def comments_of(doc: Document) -> list[Comment]:
    if doc.syntax is Syntax.YJS:
        return parse_with_comments(doc.source)[1]
    if doc.syntax is Syntax.XLSX:
        return list(doc.notes)
    return yaml_comments(doc)
