"""compiler.ir models → what .yjs needs to know about them: shapes, record keywords, bare words.

The .yjs grammar is generic (`key value`, `key { … }`, `key [ … ]`); this module reads the
pydantic models so that a key added to a model works in .yjs with no grammar change. It is the
one dsl module that imports the IR (the syntax is defined by it); it only reads `model_fields`.

- Shape: what a key accepts (scalar types, models, list elements, free-key values).
- Record: the `keyword id "名称" { … }` sugar for list entries of models: `item`, `field`,
  `test`, … (the list key without its plural `s`); for a model without id/name/label/question,
  its first field is the keyword (`use social_security_card when …`).
- read_word: a bare word typed by what the key accepts: `430100` is text for a text field and
  a number for a number field; "quoted" values are always text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator
from pydantic_core import PydanticUndefined

from compiler import durations, ir  # the exception: .yjs is defined by the IR models (read-only)

# Keys whose value is a condition: the raw rest of the line. The one place that lists them.
CONDITION_KEYS = frozenset({"when", "required_when"})
# The top-level key that says what a file is (as `lower` decides it) → its model.
ROOT_MODELS: dict[str, type[BaseModel]] = {"scenario": ir.Scenario, "library": ir.Library}
TEXT_FIELDS = ("name", "label", "question")  # the text that follows the id in a record's head
SCALAR_TYPES: frozenset[type] = frozenset({bool, int, float, dt.date, str})

Scalar = bool | int | float | dt.date | str

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class Shape:
    """What a value may be: scalars of `kinds`, a mapping of `models`, a list, a free mapping."""

    kinds: frozenset[type] = frozenset()
    models: tuple[type[BaseModel], ...] = ()
    item: Shape | None = None  # element shape when a list is accepted
    values: Shape | None = None  # value shape when a free-key mapping is accepted
    phrase: bool = False  # several bare words are one text: `legal 60 自然日` (durations.Phrase)

    def element(self) -> Shape:
        return self.item or ANY

    def model_for(self, keys: typing.Collection[str]) -> type[BaseModel] | None:
        """The accepted model that knows most of `keys` (the first one on a tie)."""
        if not self.models:
            return None
        if len(self.models) == 1:
            return self.models[0]
        return max(self.models, key=lambda m: sum(k in m.model_fields for k in keys))


ANY = Shape(kinds=SCALAR_TYPES)  # an unknown key: typed like YAML, any structure


@dataclass(frozen=True, slots=True)
class Record:
    """`keyword head… { … }`: an entry of the list `list_key` whose head fills `head` fields."""

    keyword: str
    list_key: str
    model: type[BaseModel] | None  # None: a keyword the models do not know (kept for E110)
    head: tuple[str, ...]


@cache
def record_shape(record: Record) -> Shape:
    """The shape of a record's own mapping: its model's, or anything for an unknown keyword."""
    return Shape(models=(record.model,)) if record.model is not None else ANY


def child_shape(shape: Shape, model: type[BaseModel] | None, key: str) -> Shape:
    """The shape of `key` inside a mapping of `shape` (read as `model` when it has one)."""
    if model is not None:
        return field_shape(model, key)
    return shape.values or ANY


@cache
def field_shape(model: type[BaseModel], key: str) -> Shape:
    info = model.model_fields.get(key)
    if info is None:
        return ANY
    # pydantic keeps a field's own Annotated metadata apart from its annotation
    return shape_of(
        Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    )


def shape_of(annotation: Any) -> Shape:
    """Shape of a type annotation: unions merge, Annotated/Optional unwrap, enums are text.

    A value a validator converts first (`durations.LimitValue`: `5`, `"60 自然日"` or a mapping) has the
    shape of what that validator accepts, as its `json_schema_input_type` declares.
    """
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        inputs = [
            meta.json_schema_input_type
            for meta in args[1:]
            if isinstance(meta, BeforeValidator)
            and meta.json_schema_input_type is not PydanticUndefined
        ]
        shape = shape_of(inputs[0] if inputs else args[0])
        if any(isinstance(meta, durations.Phrase) for meta in args[1:]):
            shape = dataclasses.replace(shape, phrase=True)
        return shape
    if origin in (typing.Union, types.UnionType):
        return _merge([shape_of(a) for a in args if a is not type(None)])
    if origin is list:
        return Shape(item=shape_of(args[0]) if args else ANY)
    if origin is dict:
        return Shape(values=shape_of(args[1]) if len(args) == 2 else ANY)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return Shape(models=(annotation,))
        if issubclass(annotation, enum.Enum):
            return Shape(kinds=frozenset({str}))
        if annotation in SCALAR_TYPES:
            return Shape(kinds=frozenset({annotation}))
    return ANY


def _merge(shapes: list[Shape]) -> Shape:
    kinds: frozenset[type] = frozenset().union(*(s.kinds for s in shapes))
    models = tuple(m for s in shapes for m in s.models)
    items = [s.item for s in shapes if s.item is not None]
    values = [s.values for s in shapes if s.values is not None]
    return Shape(
        kinds,
        models,
        _merge(items) if items else None,
        _merge(values) if values else None,
        any(s.phrase for s in shapes),
    )


@cache
def field_names(model: type[BaseModel]) -> frozenset[str]:
    """`model.model_fields` as a set: pydantic's property costs a microsecond a read, and the
    .yjs builder asks once per entry (a tenth of the builder's time on the real scenarios)."""
    return frozenset(model.model_fields)


@cache
def records(model: type[BaseModel]) -> dict[str, Record]:
    """Record keywords usable directly inside a mapping of `model` → their record."""
    out: dict[str, Record] = {}
    for key in model.model_fields:
        for keyword, record in list_records(key, field_shape(model, key)).items():
            out.setdefault(keyword, record)
    return out


def list_records(list_key: str, shape: Shape) -> dict[str, Record]:
    """Record keywords for the entries of the list `list_key` of `shape` (plural key included)."""
    out: dict[str, Record] = {}
    models = shape.item.models if shape.item is not None else ()
    for model in models:
        head = record_head(model)
        keyword = singular(list_key) if head[0] in ("id", *TEXT_FIELDS) else head[0]
        out.setdefault(keyword, Record(keyword, list_key, model, head))
        out.setdefault(list_key, out[keyword])
    return out


def record_head(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields a record's head fills: id then its text; or its text; or its first field."""
    fields = model.model_fields
    text = next((f for f in TEXT_FIELDS if f in fields), None)
    if "id" in fields:
        return ("id", text) if text else ("id",)
    return (text,) if text else (next(iter(fields)),)


def root_record(keyword: str) -> Record | None:
    """`scenario newborn "名称" { … }`: the record whose fields are the file's top level."""
    model = ROOT_MODELS.get(keyword)
    if model is None:
        return None
    text = next((f for f in TEXT_FIELDS if f in model.model_fields), None)
    return Record(keyword, "", model, (keyword, text) if text else (keyword,))


def singular(key: str) -> str:
    """`items` → `item`, `data_sources` → `data_source`, `policies` → `policy`."""
    if key.endswith("ies"):
        return key[:-3] + "y"
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


def read_word(text: str, kinds: frozenset[type]) -> Scalar:
    """A bare word as the value a key of these scalar `kinds` expects (YAML-like otherwise)."""
    if bool in kinds and text in ("true", "false"):
        return text == "true"
    if int in kinds or float in kinds:
        number = _number(text)
        if number is not None:
            return number
    if dt.date in kinds and _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # e.g. 2023-02-30: kept as text, the model reports it
    return text


def _number(text: str) -> int | float | None:
    try:
        if _INT.fullmatch(text):
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
    except ValueError:  # more digits than Python converts
        return None
    return None
