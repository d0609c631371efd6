"""The sheets and columns of a spec workbook, read off the IR models (as `.yjs` reads them).

A top-level key whose list holds records (items, materials, …) gets a sheet with a row per
record and a column per key of the record's model(s); every other top-level key is a row of
the 概况 sheet. Nothing is listed by hand except the Chinese sheet names of the keys that exist
today: a key added to a model gets its column (or its sheet, named by the key) with no change
here, so every key the models have is reachable from a workbook.

Each sheet has two header rows: row 1 the Chinese label (the first clause of the field's
description), row 2 the English key. The reader goes by row 2; row 1 is for people.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from dsl.yjs.schema import ROOT_MODELS, Shape, field_shape

OVERVIEW = "概况"
HELP = "说明"  # written for people, skipped by the reader
VOCABULARY = "词表"  # the lists the data-validation drop-downs offer; skipped by the reader
GENERATED = (HELP, VOCABULARY)
HEADER_ROWS = 2  # row 1 Chinese labels, row 2 English keys; records start on row 3
# The Chinese names of the record sheets that exist today; a new list key is its own name.
SHEET_NAMES = {
    "situations": "情形",
    "items": "事项",
    "fields": "字段",
    "materials": "材料",
    "tests": "测试",
    "departments": "部门",
    "roles": "职能",
    "data_sources": "数据源",
    "licenses": "证照",
    "channels": "渠道",
    "rules": "规则",
}
OVERVIEW_COLUMNS = ("key", "value", "label")  # 概况: 键, 值, 说明 (the label is not read)
OVERVIEW_LABELS = ("键", "值", "说明")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str  # Chinese header
    description: str
    shape: Shape
    choices: tuple[str, ...]  # a closed vocabulary, offered as a drop-down


@dataclass(frozen=True, slots=True)
class Sheet:
    key: str  # the top-level list key
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


@dataclass(frozen=True, slots=True)
class Layout:
    root: str  # `scenario` or `library`
    sheets: tuple[Sheet, ...]
    overview: tuple[Column, ...]  # the 概况 rows, in the model's order

    def sheet_titled(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def overview_row(self, key: str) -> Column | None:
        return next((c for c in self.overview if c.key == key), None)


@cache
def layout(root: str) -> Layout:
    """The workbook layout of a `scenario` or `library` file."""
    model = ROOT_MODELS[root]
    sheets, overview = [], []
    for key in model.model_fields:
        shape = field_shape(model, key)
        item = shape.item
        if item is not None and item.models and not item.kinds and not shape.kinds:
            title = SHEET_NAMES.get(key, key)
            sheets.append(Sheet(key, title, _columns(item.models)))
        else:
            overview.append(_column(model, key))
    overview.sort(key=lambda c: c.key != root)  # the file's kind and id first
    return Layout(root, tuple(sheets), tuple(overview))


def _columns(models: tuple[type[BaseModel], ...]) -> tuple[Column, ...]:
    """The union of the models' keys, the first model's first (Item, then ItemUse's own); in
    each model the keys a record must have come first, so what has to be filled is at the left."""
    out: dict[str, Column] = {}
    for model in models:
        fields = model.model_fields
        for key in sorted(fields, key=lambda k: not fields[k].is_required()):
            out.setdefault(key, _column(model, key))
    return tuple(out.values())


def _column(model: type[BaseModel], key: str) -> Column:
    info = model.model_fields[key]
    description = info.description or ""
    return Column(key, label(key, description), description, field_shape(model, key), _enum(info))


def label(key: str, description: str) -> str:
    """The header: the description's first clause (`办理部门：部门标识…` → 办理部门), else the key."""
    head = re.split(r"[：:，,（(；;。`{]", description, maxsplit=1)[0].strip()
    return head if 0 < len(head) <= 12 else key


def _enum(info: Any) -> tuple[str, ...]:
    """The values of the closed list a field takes (its StrEnum), or () for open text."""
    for candidate in _types(info.annotation):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return tuple(str(m.value) for m in candidate)
    return ()


def _types(annotation: Any) -> typing.Iterator[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        args = typing.get_args(annotation)
        for arg in args[:1] if origin is typing.Annotated else args:
            yield from _types(arg)
    else:
        yield annotation
