"""Plan → form.schema.json: the merged application form as JSON Schema 2020-12.

Only what the applicant fills in appears: fields filled from shared data or from an earlier
item's result are left out (routing.json says where they come from). Situations come first.
A field needed only under a condition is required under `if/then` when JSON Schema can state
the condition exactly; otherwise, and for showing fields and cross-field rules, the condition
travels as JsonLogic (`x-yjs-when`, `x-yjs-required-when`, `x-yjs.rules`). Code formats carry a
regex for their shape plus a `format` name whose check digit `compiler.validators` checks.
A list field (a repeating group: 股东, 家庭成员) is an array of objects, minItems / maxItems from
its count bounds; each sub-field is a property typed like a field, so every 股东's 身份证号 is
checked like any other.
"""

from __future__ import annotations

from typing import Any

from compiler import ir, validators, vocabulary
from compiler.conditions.format import format_condition
from compiler.conditions.json_schema import to_schema_if
from compiler.conditions.jsonlogic import to_jsonlogic
from compiler.emit.encoding import json_bytes
from compiler.emit.provenance_keys import add_provenance
from compiler.plan import SITUATION_SECTION, FormField, Plan, PlannedRule
from compiler.version import FORMAT_VERSIONS

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_SHAPES: dict[vocabulary.FieldType, dict[str, Any]] = {
    vocabulary.FieldType.TEXT: {"type": "string"},
    vocabulary.FieldType.INTEGER: {"type": "integer"},
    vocabulary.FieldType.DECIMAL: {"type": "number"},
    vocabulary.FieldType.BOOLEAN: {"type": "boolean"},
    vocabulary.FieldType.DATE: {
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    },
    vocabulary.FieldType.CHOICE: {"type": "string"},
    vocabulary.FieldType.ID_NUMBER: {
        "type": "string",
        "pattern": validators.ID_NUMBER_PATTERN,
        "format": validators.ID_NUMBER_FORMAT,
    },
    vocabulary.FieldType.CREDIT_CODE: {
        "type": "string",
        "pattern": validators.CREDIT_CODE_PATTERN,
        "format": validators.CREDIT_CODE_FORMAT,
    },
    vocabulary.FieldType.PHONE: {"type": "string", "pattern": validators.PHONE_PATTERN},
    vocabulary.FieldType.REGION: {"type": "string", "pattern": validators.REGION_PATTERN},
    vocabulary.FieldType.MONEY: {"type": "number", "minimum": 0},
}


def emit_form_schema(plan: Plan) -> dict[str, bytes]:
    spec = plan.scenario
    properties: dict[str, Any] = {}
    required: list[str] = []
    for situation in spec.situations:
        properties[situation.id] = _situation(situation)
        required.append(situation.id)
    conditional: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for field in plan.form:
        if not field.asked:
            continue
        properties[field.definition.id] = _field(field, plan)
        if not field.mandatory:
            continue
        if field.mandatory_when is None:
            required.append(field.definition.id)
        elif (test := to_schema_if(field.mandatory_when)) is not None:
            key = format_condition(field.mandatory_when)
            conditional.setdefault(key, (test, []))[1].append(field.definition.id)
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"urn:yjs:{spec.scenario}:form",
        "title": f"{spec.name}申请表",
        "description": f"{spec.name}的合并申请表：每项信息只填一次。",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        "x-yjs": {
            "format_version": FORMAT_VERSIONS["form.schema.json"],
            "scenario": spec.scenario,
            "sections": list(plan.sections),
            "rules": [_rule(r, plan) for r in plan.rules],
        },
    }
    rules = [
        {"if": test, "then": {"required": fields}}
        for _, (test, fields) in sorted(conditional.items())
    ]
    if rules:
        schema["allOf"] = rules
    add_provenance(schema, plan)
    return {"form.schema.json": json_bytes(schema)}


def _rule(planned: PlannedRule, plan: Plan) -> dict[str, Any]:
    """A cross-field check the platform runs (JsonLogic): `check` must hold when `when` does."""
    out = {
        "id": planned.rule.id,
        "message": planned.rule.message,
        "check": to_jsonlogic(planned.check, plan.env),
    }
    if planned.when is not None:
        out["when"] = to_jsonlogic(planned.when, plan.env)
    return out


def _situation(situation: ir.Situation) -> dict[str, Any]:
    out: dict[str, Any] = {"title": situation.question, "x-yjs-section": SITUATION_SECTION}
    if situation.type is vocabulary.FieldType.CHOICE:
        out |= {"type": "string", "enum": list(situation.choices)}
    else:
        out["type"] = "boolean"
    return out


def _field(field: FormField, plan: Plan) -> dict[str, Any]:
    d = field.definition
    out = _value(d) | {"x-yjs-section": d.section}
    if d.type is vocabulary.FieldType.LIST:
        out |= _group(d)
    if field.when is not None:  # for the platform's form UI: show the field only then
        out["x-yjs-when"] = to_jsonlogic(field.when, plan.env)
    if field.mandatory and field.mandatory_when is not None:
        out["x-yjs-required-when"] = to_jsonlogic(field.mandatory_when, plan.env)
    return out


def _value(d: ir.FieldDef | ir.SubField) -> dict[str, Any]:
    """What a field and a sub-field share: the value's type, its checks and its sensitivity."""
    out: dict[str, Any] = {
        "title": d.label,
        "x-yjs-sensitivity": str(d.sensitivity),
    }
    if d.type is not vocabulary.FieldType.LIST:
        out |= _SHAPES[d.type]
    if d.help:
        out["description"] = d.help
    if d.choices:
        out["enum"] = list(d.choices)
    if d.pattern:
        out["pattern"] = d.pattern
    if d.max_length:
        out["maxLength"] = d.max_length
    if d.min is not None:
        out["minimum"] = _number(d.min)
    if d.max is not None:
        out["maximum"] = _number(d.max)
    return out


def _group(d: ir.FieldDef) -> dict[str, Any]:
    """A repeating group: an array of entries, each an object of the sub-fields."""
    entry = {
        "type": "object",
        "properties": {sub.id: _value(sub) for sub in d.fields},
        "required": [sub.id for sub in d.fields if sub.required],
        "additionalProperties": False,
    }
    out: dict[str, Any] = {"type": "array", "items": entry, "minItems": d.least_count}
    if d.max_count is not None:
        out["maxItems"] = d.max_count
    return out


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
