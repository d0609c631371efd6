"""A Document → the same spec written in the other syntax, comments beside the nodes they annotate.

`yjs convert` promises that nothing is lost: the printed spec lowers to the same IR (the
printers' contract) and every comment reaches the node it was written at (`dsl.comments`).
"""

from __future__ import annotations

from typing import Literal

from dsl.comments import transplant, yaml_comments
from dsl.document import Document, Syntax
from dsl.printer import format_yjs, print_yaml, print_yjs
from dsl.source import SourceFile
from dsl.yaml_parser import parse_yaml
from dsl.yjs.parser import parse_text, parse_with_comments


def convert(doc: Document, to: Literal["yaml", "yjs"]) -> str:
    yjs = doc.syntax is Syntax.YJS
    comments = parse_with_comments(doc.source)[1] if yjs else yaml_comments(doc)
    if to == "yaml":
        text = print_yaml(doc.data)
        return transplant(comments, doc, parse_yaml(SourceFile("out.yaml", text)), text)
    text = print_yjs(doc.data)
    text = transplant(comments, doc, parse_text(SourceFile("out.yjs", text)), text)
    return format_yjs(SourceFile("out.yjs", text))
