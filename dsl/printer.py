"""Plain spec data → canonical .yjs or YAML text; `yjs fmt` keeps the comments of a .yjs file.

`print_yjs` and `print_yaml` take data as `lower()` accepts it: a Document's data, or a model's
`model_dump()` (either mode; `None` values are left out, as they are the defaults). Both
order keys by the IR models (one-line values first, then blocks, each in field order), so the
same spec always prints the same way. `format_yjs` re-prints a .yjs file and puts every comment
back: a comment alone on its line before the node that follows it, a trailing comment after
the last node that starts on its line. Formatting is idempotent.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import yaml

from dsl.document import Document, Loc
from dsl.source import SourceFile, Span
from dsl.yjs.layout import INDENT, Line, Pos, Source, YjsLayout, ordered_keys
from dsl.yjs.parser import parse_with_comments
from dsl.yjs.schema import ANY, ROOT_MODELS, Shape, child_shape
from dsl.yjs.syntax_tree import Comment


def print_yjs(data: dict[str, Any]) -> str:
    """Canonical .yjs text for `data` (no comments)."""
    return _render(YjsLayout().document(data), [])


def format_yjs(source: SourceFile) -> str:
    """`yjs fmt`: the canonical layout of a .yjs file with its comments kept.

    Raises CompileError when the file does not parse (its syntax errors).
    """
    doc, comments = parse_with_comments(source)
    lines = YjsLayout(_source_positions(doc, comments)).document(doc.data)
    return _render(lines, comments)


def print_yaml(data: dict[str, Any]) -> str:
    """Canonical YAML: block style, Chinese as is, keys in model order, blank line per section."""
    key = next((k for k in ROOT_MODELS if k in data), None)
    shape = Shape(models=(ROOT_MODELS[key],)) if key else ANY
    plain = _plain(data, shape)
    parts = []
    for i, (k, value) in enumerate(plain.items()):
        block = yaml.dump({k: value}, Dumper=_Dumper, **_YAML_OPTIONS)
        nested = (isinstance(value, dict | list) and bool(value)) or "\n" in block.rstrip("\n")
        parts.append(("\n" if i and nested else "") + block)
    return "".join(parts)


def _source_positions(doc: Document, comments: list[Comment]) -> Source:
    def start(loc: Loc) -> Pos | None:
        spans = [s for s in (doc.key_spans.get(loc), doc.value_spans.get(loc)) if s is not None]
        return min(((s.line, s.column) for s in spans), default=None)

    def end(loc: Loc) -> Pos | None:
        span = doc.value_spans.get(loc)
        return (span.end_line, span.end_column - 1) if span else None

    def holds_comment(loc: Loc) -> bool:
        span = doc.value_spans.get(loc)
        return span is not None and any(_inside(span, c) for c in comments)

    return Source(start, end, holds_comment)


def _inside(span: Span, comment: Comment) -> bool:
    return (
        (span.line, span.column)
        < (comment.line, comment.column)
        < (
            span.end_line,
            span.end_column,
        )
    )


def _render(lines: list[Line], comments: list[Comment]) -> str:
    leading, trailing, rest = _attach(lines, comments)
    out: list[str] = []
    for i, line in enumerate(lines):
        depth = line.depth + 1 if line.closing else line.depth
        out += [INDENT * depth + c.text for c in leading.get(i, [])]
        text = INDENT * line.depth + line.text if line.text else ""
        if i in trailing:
            text += "  " + " ".join(c.text for c in trailing[i])
        out.append(text)
    out += [c.text for c in rest]
    return "\n".join(out).rstrip("\n") + "\n"


Attached = tuple[dict[int, list[Comment]], dict[int, list[Comment]], list[Comment]]


def _attach(lines: list[Line], comments: list[Comment]) -> Attached:
    """Each comment → (lines it leads, lines it trails, the end of the file)."""
    anchors = [(line.anchor, i) for i, line in enumerate(lines) if line.anchor is not None]
    leading: dict[int, list[Comment]] = {}
    trailing: dict[int, list[Comment]] = {}
    rest: list[Comment] = []
    for comment in comments:
        at = (comment.line, comment.column)
        same = [(a, i) for a, i in anchors if a[0] == comment.line and a < at]
        if not comment.own_line and same:
            trailing.setdefault(max(same)[1], []).append(comment)
            continue
        after = [(a, i) for a, i in anchors if a > at]
        if after:
            leading.setdefault(min(after)[1], []).append(comment)
        else:
            rest.append(comment)
    return leading, trailing, rest


def _plain(value: Any, shape: Shape) -> Any:
    """Data for yaml.dump: keys in model order, enums as text, no None values."""
    if isinstance(value, dict):
        model = shape.model_for(list(value))
        return {
            # A mapping keyed by an enum (a service's channels → visits) keeps enum keys in a
            # python-mode dump; yaml.dump cannot write those, so they become their text too.
            (k.value if isinstance(k, enum.Enum) else k): _plain(
                value[k], child_shape(shape, model, k)
            )
            for k in ordered_keys(model, value)
            if value[k] is not None
        }
    if isinstance(value, list | tuple):
        return [_plain(v, shape.element()) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str) and type(value) is not str:
        return str(value)
    if isinstance(value, str) and shape.kinds == {dt.date}:
        try:
            return dt.date.fromisoformat(value)  # `model_dump(mode="json")` gives dates as text
        except ValueError:
            return value
    return value


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key; text over lines as `|`."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Text over lines as a `|` block; in double quotes when it ends in a blank line.

    Trailing blank lines need `|+`, which PyYAML follows with a `...` document end when the
    scalar is the last of a top-level section: the section printed next is a syntax error.
    """
    if value == "\n" or value.endswith("\n\n"):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_YAML_OPTIONS: dict[str, Any] = {
    "allow_unicode": True,
    "sort_keys": False,
    "default_flow_style": False,
    "width": 1_000_000,
}
