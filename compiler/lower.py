"""Document → ir.Scenario | ir.Library, with pydantic's errors mapped back to source spans.

Pydantic reports each problem with a `loc` (keys and list indices); the Document keeps a span
for every such path, so an unknown key, a missing key or a wrong value points at the exact
place in the file. Every problem in the file is reported, not just the first.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, Tag, ValidationError

from compiler import ir
from dsl.diagnostics import Code, CompileError, Diagnostic
from dsl.document import Document, Loc, Syntax
from dsl.fullwidth import fullwidth_hint
from dsl.suggest import did_you_mean

Spec = ir.Scenario | ir.Library

_EXPECTED = {
    "string_type": "文本",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "float_type": "数字",
    "float_parsing": "数字",
    "bool_type": "是/否（true 或 false）",
    "bool_parsing": "是/否（true 或 false）",
    "list_type": "列表",
    "dict_type": "一组键和值",
    "model_type": "一组键和值",
    "model_attributes_type": "一组键和值",
    "date_type": "日期（如 2023-05-31）",
    "date_parsing": "日期（如 2023-05-31）",
    "date_from_datetime_parsing": "日期（如 2023-05-31）",
    "date_from_datetime_inexact": "日期（如 2023-05-31），不能带时间",
}
# Analysts sometimes write keys in Chinese; point them at the English key.
_CHINESE_KEYS = {
    "名称": "name",
    "部门": "department",
    "事项": "items",
    "材料": "materials",
    "字段": "fields",
    "情形": "situations",
    "时限": "days",
    "法定时限": "legal",
    "承诺时限": "promised",
    "条件": "when",
    "产出": "produces",
    "结果": "produces",
    "导入": "imports",
    "牵头部门": "lead",
    "标签": "label",
    "类型": "type",
    "问题": "question",
    "层级": "level",
    "编码": "code",
}


def lower(doc: Document) -> Spec:
    """Validate the Document as a scenario or a library; raise CompileError listing every problem."""
    data = doc.data
    if "scenario" in data:
        model: type[BaseModel] = ir.Scenario
    elif "library" in data:
        model = ir.Library
    else:
        first = doc.entry_span(next(iter((k,) for k in data), ()))
        hint = doc.spell(
            yjs='一件事规格写作 `scenario 标识 "名称" { … }`；参考数据文件写作 `library 标识 "名称" { … }`',
            yaml="一件事规格以 `scenario: 标识` 开头；参考数据文件以 `library: 标识` 开头",
        )
        raise CompileError([Diagnostic.of(Code.E115, first, hint=hint)])
    try:
        spec = typing.cast(Spec, model.model_validate(data))
    except ValidationError as err:
        diagnostics = [_diagnostic(doc, model, e) for e in err.errors(include_url=False)]
        raise CompileError(diagnostics) from None
    _share_field_sets(spec)
    return spec


def _share_field_sets(spec: BaseModel) -> None:
    """Give models that were written with the same keys one set of those keys between them.

    Pydantic keeps, in every instance, the set of fields the input named: 14,700 sets of about
    270 bytes at 2,000 synthetic items (4 MiB, a third of the spec's memory, tracemalloc),
    while a spec has a few dozen distinct ones. Sharing is safe because every spec model is
    frozen (pydantic refuses an assignment before it would add to the set) and `model_copy`
    copies the set before adding the keys it updates.
    """
    shared: dict[frozenset[str], set[str]] = {}
    stack: list[Any] = [spec]
    while stack:
        value = stack.pop()
        if isinstance(value, BaseModel):
            names = value.__pydantic_fields_set__
            object.__setattr__(
                value, "__pydantic_fields_set__", shared.setdefault(frozenset(names), names)
            )
            stack.extend(value.__dict__.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())


def _diagnostic(doc: Document, model: type[BaseModel], error: Any) -> Diagnostic:
    kind: str = error["type"]
    loc, parent = _data_loc(model, doc.data, tuple(error["loc"]), missing=kind == "missing")
    key = next((str(c) for c in reversed(loc) if isinstance(c, str)), "")
    value = error.get("input")
    if kind == "missing":
        return Diagnostic.of(
            Code.E111,
            doc.entry_span(loc[:-1]),
            key=key,
            hint=doc.spell(yjs=f"请补上 `{key} …`", yaml=f"请补上 `{key}: …`"),
        )
    if kind == "extra_forbidden":
        return Diagnostic.of(
            Code.E110,
            doc.key_span(loc),
            key=key,
            hint=_unknown_key_hint(key, parent),
        )
    if kind == "string_pattern_mismatch" and "a-z" in str(error.get("ctx", {}).get("pattern")):
        return Diagnostic.of(
            Code.E114,
            doc.key_span(loc) if "[key]" in error["loc"] else doc.span(loc),
            value=value,
            hint="例如 `birth_registration`、`cs_police`；中文名称写在 `name` 里",
        )
    if kind in _EXPECTED:
        hint = fullwidth_hint(value) if isinstance(value, str) else None
        return Diagnostic.of(
            Code.E112,
            doc.span(loc),
            key=key,
            expected=_EXPECTED[kind],
            hint=hint or _type_hint(kind, value, yjs=doc.syntax is Syntax.YJS),
        )
    place = doc.key_span(loc) if "[key]" in error["loc"] else doc.span(loc)
    return Diagnostic.of(
        Code.E113, place, key=key, problem=_problem(error), hint=_value_hint(error)
    )


def _data_loc(
    model: type[BaseModel], data: Any, loc: Loc, *, missing: bool = False
) -> tuple[Loc, Any]:
    """Pydantic's `loc` → the path of keys and indices in the data, and the type that holds
    its last step (the model an unknown key was written in).

    Pydantic inserts the tag of a discriminated union (ItemEntry's `item` / `use`) into `loc`.
    A tag is recognised by where it stands, right at a union, not by its spelling: the tag `use`
    is also a key of the data, and taking it for one made an unknown key in a `use:` entry
    read as the unknown key `use`. Other unions insert type names that are no data key.
    With `missing`, a last key absent from the data is the missing key itself and is kept so
    the message can name it.
    """
    out: list[str | int] = []
    here: Any = model  # the annotation of the value at `out`
    parent: Any = None
    for i, part in enumerate(loc):
        tagged = _tagged_members(here)
        if isinstance(part, str) and part in tagged:
            here = tagged[part]  # the union member pydantic chose, not a step into the data
            continue
        if part == "[key]":
            continue  # pydantic's marker for a bad dict key: the key itself is the place
        if _has(data, part):
            data = data[part]
        elif missing and isinstance(data, dict) and i == len(loc) - 1:
            pass  # a missing key: keep it so the message can name it
        else:
            continue
        out.append(part)
        parent, here = here, _child(here, part)
    return tuple(out), _unwrap(parent)


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and `| None`, keeping a union of several real options."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) == 1:
                annotation = options[0]
                continue
        return annotation


def _tagged_members(annotation: Any) -> dict[str, Any]:
    """A discriminated union's members by their Tag; empty for anything else."""
    union = _unwrap(annotation)
    if typing.get_origin(union) not in (typing.Union, types.UnionType):
        return {}
    out: dict[str, Any] = {}
    for member in typing.get_args(union):
        if typing.get_origin(member) is typing.Annotated:
            for meta in typing.get_args(member)[1:]:
                if isinstance(meta, Tag) and isinstance(meta.tag, str):
                    out[meta.tag] = member
    return out


def _child(annotation: Any, part: str | int) -> Any:
    """The annotation one step (`part`) inside a value of `annotation`; None when unknown."""
    here = _unwrap(annotation)
    if isinstance(here, type) and issubclass(here, BaseModel):
        info = here.model_fields.get(part) if isinstance(part, str) else None
        return None if info is None else info.annotation
    origin, args = typing.get_origin(here), typing.get_args(here)
    if origin is list and isinstance(part, int) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _has(data: Any, part: str | int) -> bool:
    if isinstance(data, dict):
        return part in data
    return isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)


def _problem(error: Any) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "enum":
        return "应为以下之一：" + "、".join(_enum_options(ctx))
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "不能小于",
            "greater_than": "必须大于",
            "less_than_equal": "不能大于",
            "less_than": "必须小于",
        }[kind]
        bound = next(iter(ctx.values()))
        return f"{words} {bound}"
    if kind in ("too_short", "string_too_short"):
        return "不能为空"
    if kind in ("too_long", "string_too_long"):
        return "太长了"
    if kind == "string_pattern_mismatch":
        return f"格式不符合 `{ctx.get('pattern')}`"
    return str(error["msg"])


def _enum_options(ctx: dict[str, Any]) -> list[str]:
    return [o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]


def _value_hint(error: Any) -> str | None:
    if error["type"] == "enum" and isinstance(error.get("input"), str):
        options = _enum_options(error["ctx"])
        return did_you_mean(error["input"], options) or f"可选值：{'、'.join(options)}"
    return None


def _type_hint(kind: str, value: Any, *, yjs: bool) -> str | None:
    if kind.startswith("string") and isinstance(value, bool | int | float):
        return (
            "请给这个值加引号"
            if yjs
            else "YAML 会把 yes/no/on/off、纯数字等当成非文本；请给这个值加引号"
        )
    if kind.startswith("date"):
        return "日期写作 YYYY-MM-DD，例如 2023-05-31"
    if kind == "list_type" and isinstance(value, str):
        return f"写成列表：`[{value}]`" + ("" if yjs else "，或每项一行以 `- ` 开头")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "写成 `{ 键 值 }`" if yjs else "写成 `键: 值`，子项比上一级多缩进两个空格"
    return None


def _unknown_key_hint(key: str, parent: Any) -> str | None:
    """Did-you-mean over the keys the model at that place accepts; for a `use:` entry, a key
    that only a full item has is not a typo but an override that is not allowed."""
    model = parent if isinstance(parent, type) and issubclass(parent, BaseModel) else None
    allowed = list(model.model_fields) if model is not None else []
    if model is ir.ItemUse and key in ir.Item.model_fields:
        can = "、".join(f"`{k}`" for k in ir.USE_OVERRIDES)
        return (
            f"`use` 引用共享事项时只能覆盖 {can}；`{key}` 不同的话，"
            "请在本一件事中定义自己的事项（换一个标识）"
        )
    if key in _CHINESE_KEYS and _CHINESE_KEYS[key] in allowed:
        return f"键名用英文：`{key}` 应写作 `{_CHINESE_KEYS[key]}`"
    if hint := fullwidth_hint(key):
        return hint
    if hint := did_you_mean(key, allowed):
        return hint
    return f"这里可以用的键：{'、'.join(allowed)}" if allowed else None
