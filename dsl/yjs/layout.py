"""Plain spec data → canonical .yjs lines; each line remembers the source node it prints.

The layout is decided by the data and the models alone: one-line values before blocks, in model
field order; list entries of models as records (`item id "名称" { … }`); short all-scalar
blocks and lists on one line (`days { legal 5, promised 1 }`) when they fit in WIDTH cells.
For `yjs fmt` a Source tells where each node was, so comments can be put back (`attach`), and
which nodes hold a comment (those are never folded onto one line).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from dsl.document import Loc
from dsl.source import cells
from dsl.yjs.schema import (
    ANY,
    CONDITION_KEYS,
    ROOT_MODELS,
    TEXT_FIELDS,
    Record,
    Shape,
    child_shape,
    list_records,
    record_shape,
    root_record,
)
from dsl.yjs.words import (
    INDENT,
    condition_text,
    key_text,
    quote,
    scalar_text,
    text_block_lines,
    value_text,
)

WIDTH = 100
INLINE_ENTRIES = 2  # a block of more entries gets a line for each
Pos = tuple[int, int]


@dataclass(slots=True)
class Line:
    depth: int
    text: str
    anchor: Pos | None = None  # where the node printed here started in the source (fmt)
    closing: bool = False  # a `}` / `]` / `"""` line: comments before it sit one level deeper


@dataclass(frozen=True, slots=True)
class Source:
    """What `yjs fmt` knows of the original file; the defaults describe no source at all."""

    anchor: Callable[[Loc], Pos | None] = lambda loc: None
    end: Callable[[Loc], Pos | None] = lambda loc: None
    holds_comment: Callable[[Loc], bool] = lambda loc: False


class YjsLayout:
    def __init__(self, source: Source | None = None) -> None:
        self.source = source or Source()
        self.lines: list[Line] = []
        # for each record being printed, outermost first: its keyword and those of the records
        # it stands among (an `item` and a `use` are entries of the same `items` list)
        self.enclosing: list[frozenset[str]] = []

    def document(self, data: dict[str, Any]) -> list[Line]:
        key = next((k for k in ROOT_MODELS if k in data), None)
        model = ROOT_MODELS[key] if key else None
        record = root_record(key) if key else None
        if record is not None and _head(record, data) is not None:
            self.record(record, data, (), 0, record_shape(record), frozenset({record.keyword}))
        else:
            self.body(data, Shape(models=(model,)) if model else ANY, model, (), 0)
        return self.lines

    def body(
        self,
        data: dict[str, Any],
        shape: Shape,
        model: type[BaseModel] | None,
        loc: Loc,
        depth: int,
    ) -> None:
        groups: list[list[Line]] = []
        for key in ordered_keys(model, data):
            start = len(self.lines)
            self.member(key, data[key], shape, model, (*loc, key), depth)
            if len(self.lines) > start:  # a None value prints nothing
                groups.append(self.lines[start:])
        if loc == ():  # blank lines around the multi-line parts of the top level
            self.lines[len(self.lines) - sum(map(len, groups)) :] = _spaced(groups)

    def member(
        self,
        key: str,
        value: Any,
        shape: Shape,
        model: type[BaseModel] | None,
        loc: Loc,
        depth: int,
    ) -> None:
        if value is None:
            return
        if key in CONDITION_KEYS and isinstance(value, str):
            self.line(depth, f"{key} {condition_text(value)}", loc)
            return
        child = child_shape(shape, model, key)
        sugar = _sugar_records(model, key, child, value)
        if sugar is not None and not any(r.keyword in ks for r in sugar for ks in self.enclosing):
            # (an `after` entry `item x { … }` in the body of an `item`, or of a `use` that stands
            # among items, would read as a nested item: such entries stay inside `after [ … ]`)
            siblings = frozenset(list_records(key, child))
            for i, (record, item) in enumerate(zip(sugar, value, strict=True)):
                self.record(record, item, (*loc, i), depth, record_shape(record), siblings)
            return
        self.entry(key_text(key, model), value, child, loc, depth)

    def entry(
        self, prefix: str, value: Any, shape: Shape, loc: Loc, depth: int, *, in_list: bool = False
    ) -> None:
        if isinstance(value, dict):
            self.mapping(prefix, value, shape, loc, depth)
        elif isinstance(value, list):
            self.sequence(prefix, value, shape, loc, depth)
        elif (text := value_text(value, shape, in_list=in_list)) is not None:
            self.line(depth, f"{prefix} {text}".strip(), loc)
        else:
            self.text_block(prefix, value, loc, depth)

    def record(
        self,
        record: Record,
        data: dict[str, Any],
        loc: Loc,
        depth: int,
        shape: Shape,
        siblings: frozenset[str],
    ) -> None:
        head = _head(record, data) or []
        prefix = " ".join([record.keyword, *head])
        rest = {k: v for k, v in data.items() if k not in record.head[: len(head)]}
        keys = [k for k, v in rest.items() if v is not None]
        if not keys:
            self.line(depth, prefix, loc)
        elif len(keys) == 1 and keys[0] in CONDITION_KEYS and isinstance(rest[keys[0]], str):
            self.line(depth, f"{prefix} {keys[0]} {condition_text(rest[keys[0]])}", loc)
        else:
            self.enclosing.append(siblings | {record.keyword})
            self.mapping(prefix, rest, shape, loc, depth)
            self.enclosing.pop()

    def mapping(
        self, prefix: str, data: dict[str, Any], shape: Shape, loc: Loc, depth: int
    ) -> None:
        model = shape.model_for(list(data))
        folded = loc == () or self.source.holds_comment(loc)
        inline = None if folded else _inline_mapping(data, shape, model)
        if inline is not None and _fits(depth, f"{prefix} {inline}"):
            self.line(depth, f"{prefix} {inline}".strip(), loc)
            return
        self.line(depth, f"{prefix} {{".strip(), loc)
        self.body(data, shape, model, loc, depth + 1)
        self.close(depth, "}", loc)

    def sequence(self, prefix: str, items: list[Any], shape: Shape, loc: Loc, depth: int) -> None:
        element = shape.element()
        inline = None if self.source.holds_comment(loc) else _inline_list(items, element)
        if inline is not None and _fits(depth, f"{prefix} {inline}"):
            self.line(depth, f"{prefix} {inline}".strip(), loc)
            return
        self.line(depth, f"{prefix} [".strip(), loc)
        key = next((p for p in reversed(loc) if isinstance(p, str)), "")
        known = list_records(key, shape) if loc and isinstance(loc[-1], str) else {}
        for i, item in enumerate(items):
            record = _sugar(item, known) if isinstance(item, dict) else None
            if record is not None:
                self.record(
                    record, item, (*loc, i), depth + 1, record_shape(record), frozenset(known)
                )
            else:
                self.entry("", item, element, (*loc, i), depth + 1, in_list=True)
        self.close(depth, "]", loc)

    def text_block(self, prefix: str, value: str, loc: Loc, depth: int) -> None:
        lines = text_block_lines(value)
        if lines is None:
            self.line(depth, f"{prefix} {quote(value)}".strip(), loc)
            return
        self.line(depth, f'{prefix} """'.strip(), loc)
        *content, last = lines
        self.lines += [Line(depth + 1 if text else 0, text) for text in content]
        self.close(depth + 1, last + '"""', loc)

    def line(self, depth: int, text: str, loc: Loc) -> None:
        self.lines.append(Line(depth, text, self.source.anchor(loc)))

    def close(self, depth: int, text: str, loc: Loc) -> None:
        self.lines.append(Line(depth, text, self.source.end(loc), closing=True))


def ordered_keys(model: type[BaseModel] | None, data: dict[str, Any]) -> list[str]:
    """Model field order with one-line values first; keys the model lacks keep their order."""
    if model is None:
        return list(data)
    known = [k for k in model.model_fields if k in data]
    simple = [k for k in known if _one_line(data[k])]
    nested = [k for k in known if k not in simple]
    return simple + nested + [k for k in data if k not in model.model_fields]


def _one_line(value: Any) -> bool:
    return not isinstance(value, dict | list) and not (isinstance(value, str) and "\n" in value)


def _inline_mapping(
    data: dict[str, Any], shape: Shape, model: type[BaseModel] | None
) -> str | None:
    if not data:
        return "{}"
    if sum(v is not None for v in data.values()) > INLINE_ENTRIES:
        return None
    parts = []
    for key in ordered_keys(model, data):
        value = data[key]
        if value is None:
            continue
        child, text = child_shape(shape, model, key), None
        if isinstance(value, list):
            text = _inline_list(value, child.element())
        elif not isinstance(value, dict) and key not in CONDITION_KEYS:
            text = value_text(value, child)
        if text is None:
            return None
        parts.append(f"{key_text(key, model)} {text}")
    return "{ " + ", ".join(parts) + " }" if parts else "{}"


def _inline_list(items: list[Any], element: Shape) -> str | None:
    texts = []
    for item in items:
        if isinstance(item, dict | list) or item is None:
            return None
        text = scalar_text(item, element.kinds, in_list=True)
        if text is None:
            return None
        texts.append(text)
    return "[" + ", ".join(texts) + "]"


def _fits(depth: int, text: str) -> bool:
    return cells(INDENT * depth + text) <= WIDTH


def _sugar_records(
    model: type[BaseModel] | None, key: str, shape: Shape, value: Any
) -> list[Record] | None:
    """Records for every entry of `value`, when the list can be written as record entries."""
    if model is None or not isinstance(value, list) or not value:
        return None
    known = list_records(key, shape)
    found = [_sugar(item, known) for item in value]
    if any(r is None or r.keyword in model.model_fields for r in found):
        return None
    return [r for r in found if r is not None]


def _sugar(item: Any, known: dict[str, Record]) -> Record | None:
    """The record keyword to write `item` with: it must have the head's first field as text."""
    fits = [r for r in known.values() if isinstance(item, dict) and _head(r, item) is not None]
    if not fits:
        return None
    return max(fits, key=lambda r: _fit(r, item))


def _fit(record: Record, item: dict[str, Any]) -> tuple[int, int]:
    """How well `record` fits: its model's fields `item` has, then the shorter keyword."""
    fields = record.model.model_fields if record.model is not None else {}
    return sum(k in fields for k in item), -len(record.keyword)


def _head(record: Record, data: dict[str, Any]) -> list[str] | None:
    """`id "名称"` as written in a record's head, or None when the first head field is missing."""
    out: list[str] = []
    for i, name in enumerate(record.head):
        value = data.get(name)
        if not isinstance(value, str) or ("\n" in value and i == 0):
            break
        text = quote(value) if name in TEXT_FIELDS else scalar_text(value, frozenset({str}))
        out.append(text or quote(value))
    return out or None


def _spaced(groups: list[list[Line]]) -> list[Line]:
    out: list[Line] = []
    for i, group in enumerate(groups):
        if i and (len(group) > 1 or len(groups[i - 1]) > 1):
            out.append(Line(0, ""))
        out += group
    return out
