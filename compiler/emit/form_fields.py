"""One form field → its JSON Schema: type, checks, choices and Chinese error messages.

Choices are `oneOf` of `const` + `title`, the shape form libraries (react-jsonschema-form and
others) render as labelled options. Every keyword that can fail carries its message in the
ajv-errors `errorMessage` convention, naming the field by its Chinese title, never its id.
"""

from __future__ import annotations

from typing import Any

from compiler import ir, validators, vocabulary

FieldType = vocabulary.FieldType

_SHAPES: dict[FieldType, dict[str, Any]] = {
    FieldType.TEXT: {"type": "string"},
    FieldType.INTEGER: {"type": "integer"},
    FieldType.DECIMAL: {"type": "number"},
    FieldType.BOOLEAN: {"type": "boolean"},
    FieldType.DATE: {
        "type": "string",
        "format": validators.DATE_FORMAT,
        "pattern": validators.DATE_PATTERN,
    },
    FieldType.CHOICE: {"type": "string"},
    FieldType.ID_NUMBER: {
        "type": "string",
        "pattern": validators.ID_NUMBER_PATTERN,
        "format": validators.ID_NUMBER_FORMAT,
    },
    FieldType.CREDIT_CODE: {
        "type": "string",
        "pattern": validators.CREDIT_CODE_PATTERN,
        "format": validators.CREDIT_CODE_FORMAT,
    },
    FieldType.PHONE: {"type": "string", "pattern": validators.PHONE_PATTERN},
    FieldType.REGION: {
        "type": "string",
        "pattern": validators.REGION_PATTERN,
        "format": validators.REGION_FORMAT,
    },
    FieldType.MONEY: {"type": "number", "minimum": 0},
    FieldType.LIST: {"type": "array"},
}

_TYPE_WORDS = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "“是”或“否”",
    "array": "列表（每条一组信息）",
    "object": "一组信息",
}

# What the value should look like, for the `pattern` message of each typed field.
_SHAPE_WORDS: dict[FieldType, str] = {
    FieldType.DATE: "日期，格式为 年-月-日（如 2024-05-31）",
    FieldType.ID_NUMBER: " 18 位公民身份号码（末位 X 为大写）",
    FieldType.CREDIT_CODE: " 18 位统一社会信用代码（不含 I、O、S、V、Z）",
    FieldType.PHONE: " 11 位手机号码",
    FieldType.REGION: " 6 位行政区划代码",
}

_FORMAT_WORDS = {
    validators.DATE_FORMAT: "不是实际存在的日期",
    validators.ID_NUMBER_FORMAT: "校验位不正确或出生日期不存在，请核对公民身份号码",
    validators.CREDIT_CODE_FORMAT: "校验位不正确，请核对统一社会信用代码",
    validators.REGION_FORMAT: "不是有效的行政区划代码",
    validators.DATE_NOT_FUTURE_FORMAT: "不能晚于今天",
}


def choice_options(choices: list[str]) -> list[dict[str, Any]]:
    return [{"const": c, "title": c} for c in choices]


def value_schema(d: ir.FieldDef | ir.SubField, future_message: str | None) -> dict[str, Any]:
    """A field's or a sub-field's schema; `future_message` set when a rule forbids future dates."""
    out: dict[str, Any] = {"title": d.label}
    if d.help:
        out["description"] = d.help
    out |= _SHAPES[d.type]
    if future_message is not None:
        out["format"] = validators.DATE_NOT_FUTURE_FORMAT
    if d.choices:
        out["oneOf"] = choice_options(list(d.choices))
    if d.pattern:
        out["pattern"] = d.pattern
    if d.max_length:
        out["maxLength"] = d.max_length
    if d.min is not None:
        out["minimum"] = _number(d.min)
    if d.max is not None:
        out["maximum"] = _number(d.max)
    if isinstance(d, ir.FieldDef) and d.type is FieldType.LIST:
        out |= _group(d)
    out["errorMessage"] = _messages(d, out, future_message)
    out["x-yjs-sensitivity"] = str(d.sensitivity)
    return out


def _group(d: ir.FieldDef) -> dict[str, Any]:
    """A repeating group: an array of entries, each an object of the sub-fields."""
    entry: dict[str, Any] = {
        "type": "object",
        "x-order": [sub.id for sub in d.fields],
        "properties": {sub.id: value_schema(sub, None) for sub in d.fields},
        "required": [sub.id for sub in d.fields if sub.required],
        "additionalProperties": False,
    }
    entry["errorMessage"] = object_messages(
        {sub.id: sub.label for sub in d.fields if sub.required}, f"“{d.label}”的每一条"
    )
    out: dict[str, Any] = {"items": entry, "minItems": d.least_count}
    if d.max_count is not None:
        out["maxItems"] = d.max_count
    return out


def object_messages(required: dict[str, str], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if required:
        out["required"] = {fid: f"请填写“{label}”" for fid, label in required.items()}
    out["additionalProperties"] = f"{where}中没有这一项，请删除"
    return out


def _messages(
    d: ir.FieldDef | ir.SubField, schema: dict[str, Any], future_message: str | None
) -> dict[str, Any]:
    """keyword → message for every keyword of `schema` that can fail."""
    name = f"“{d.label}”"
    out: dict[str, Any] = {"type": f"{name}应填写{_TYPE_WORDS[schema['type']]}"}
    if "pattern" in schema:
        shape = _SHAPE_WORDS.get(d.type, "规定的格式" + (f"（{d.help}）" if d.help else ""))
        out["pattern"] = f"{name}应为{shape}"
    if "format" in schema:
        out["format"] = future_message or f"{name}{_FORMAT_WORDS[schema['format']]}"
    if "oneOf" in schema:
        out["oneOf"] = f"{name}请从以下选项中选择：{'、'.join(d.choices)}"
    if "maxLength" in schema:
        out["maxLength"] = f"{name}最多填写 {schema['maxLength']} 个字"
    if "minimum" in schema:
        out["minimum"] = f"{name}不能小于 {schema['minimum']}"
    if "maximum" in schema:
        out["maximum"] = f"{name}不能大于 {schema['maximum']}"
    if "minItems" in schema:
        out["minItems"] = f"{name}至少填写 {schema['minItems']} 条"
    if "maxItems" in schema:
        out["maxItems"] = f"{name}最多填写 {schema['maxItems']} 条"
    return out


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
