"""Plan → form.schema.json: the merged application form as JSON Schema 2020-12.

Laid out as the applicant sees it: the situations (办理情形) first, then each section's fields
in form order. The file keeps that order (its keys are not sorted), `x-order` and
`x-yjs.sections` state it for renderers that sort, and `required` lists ids in it too.
Fields filled from shared data or an earlier item's result appear `readOnly` with their source
in `x-yjs-prefill`: the applicant sees and confirms them, the platform fills them (why each is
spared is in `x-yjs.exempt`, and who needs an asked field in `x-yjs-needed-by`:
`provenance_keys.py`). Conditions
become `if`/`then`/`else` where JSON Schema can state them (`form_conditions.py`), and travel as
JsonLogic besides. Code formats carry a regex for their shape plus a `format` whose check
digit the published module checks (`generated/_formats/`, `compiler/emit/formats.py`). Every
field and the form itself carry Chinese messages in the ajv-errors `errorMessage` convention.
A list field (a repeating group: 股东, 家庭成员) is an array of objects, so every 股东's
身份证号 is checked like any other.

The `x-` keywords are documented in README.md ("Importing the artefacts").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from compiler import ir, vocabulary
from compiler.emit.condition_data import Conditions
from compiler.emit.encoding import json_bytes
from compiler.emit.form_conditions import form_conditions
from compiler.emit.form_fields import choice_options, object_messages, value_schema
from compiler.emit.provenance_keys import add_provenance
from compiler.plan import SITUATION_SECTION, FormField, Plan
from compiler.version import FORMAT_VERSIONS

_T = TypeVar("_T")
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def ordered_fields(plan: Plan) -> list[FormField]:
    """The form's fields as laid out: section by section (in plan order), form order within."""
    return [f for members in section_fields(plan) for f in members]


def section_fields(plan: Plan) -> list[list[FormField]]:
    """For each of the plan's sections in order, its fields in form order.

    Grouped in one pass: filtering the whole form once per section made a form with many
    sections quadratic."""
    return _by_section(plan.form, lambda f: f.definition.section, plan.sections)


def _by_section(
    members: Iterable[_T], section: Callable[[_T], str], sections: Iterable[str]
) -> list[list[_T]]:
    groups: dict[str, list[_T]] = {}
    for member in members:
        groups.setdefault(section(member), []).append(member)
    return [groups.get(name, []) for name in sections]


def emit_form_schema(plan: Plan) -> dict[str, bytes]:
    spec = plan.scenario
    fields = ordered_fields(plan)
    names = {s.id for s in spec.situations} | {f.definition.id for f in fields}
    # One memo of the plan's conditions for the whole file: the fields' visibility, the rules
    # and the provenance name the same few condition nodes over and over.
    condition = Conditions.of(plan)
    conditions = form_conditions(plan, fields, names, condition)
    properties: dict[str, Any] = {s.id: _situation(s) for s in spec.situations}
    labels = {s.id: s.question for s in spec.situations}
    section_of = dict.fromkeys(properties, SITUATION_SECTION)  # each property's x-yjs-section
    required = [s.id for s in spec.situations]
    for f in fields:
        d = f.definition
        properties[d.id] = _field(f, condition, conditions.future_dates.get(d.id))
        labels[d.id] = d.label
        section_of[d.id] = d.section
        if f.asked and f.mandatory and f.mandatory_when is None:
            required.append(d.id)
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"urn:yjs:{spec.scenario}:form",
        "title": f"{spec.name}申请表",
        "description": f"{spec.name}的合并申请表：每项信息只填一次。",
        "type": "object",
        "x-order": list(properties),
        "properties": properties,
        "required": required,
    }
    if conditions.blocks:
        schema["allOf"] = conditions.blocks
    schema["additionalProperties"] = False
    schema["errorMessage"] = object_messages({fid: labels[fid] for fid in required}, "申请表") | {
        "type": "申请表应为一组填写内容（JSON 对象）"
    }
    schema["x-yjs"] = {
        "format_version": FORMAT_VERSIONS["form.schema.json"],
        "scenario": spec.scenario,
        "sections": [
            {"title": section, "fields": members}
            for section, members in zip(
                plan.sections,
                _by_section(properties, section_of.__getitem__, plan.sections),
                strict=True,
            )
        ],
        "rules": conditions.rules,
    }
    add_provenance(schema, plan, condition)
    return {"form.schema.json": json_bytes(schema, ordered=True)}


def _situation(situation: ir.Situation) -> dict[str, Any]:
    out: dict[str, Any] = {"title": situation.question}
    name = f"“{situation.question}”"
    if situation.type is vocabulary.FieldType.CHOICE:
        out |= {"type": "string", "oneOf": choice_options(list(situation.choices))}
        out["errorMessage"] = {
            "type": f"{name}应填写文字",
            "oneOf": f"{name}请从以下选项中选择：{'、'.join(situation.choices)}",
        }
    else:
        out |= {"type": "boolean", "oneOf": [_yes_no(True), _yes_no(False)]}
        out["errorMessage"] = {
            "type": f"{name}请回答“是”或“否”",
            "oneOf": f"{name}请回答“是”或“否”",
        }
    out["x-yjs-section"] = SITUATION_SECTION
    return out


def _yes_no(value: bool) -> dict[str, Any]:
    return {"const": value, "title": "是" if value else "否"}


def _field(field: FormField, condition: Conditions, future_message: str | None) -> dict[str, Any]:
    d = field.definition
    out = value_schema(d, future_message)
    if not field.asked:
        out["readOnly"] = True
        out["x-yjs-prefill"] = _prefill(d, field.source)
    out["x-yjs-section"] = d.section
    if field.when is not None:  # for the platform's form UI: show the field only then
        out["x-yjs-visible-if"] = condition.jsonlogic(field.when)
    if field.asked and field.mandatory and field.mandatory_when is not None:
        out["x-yjs-required-if"] = condition.jsonlogic(field.mandatory_when)
    return out


def _prefill(d: ir.FieldDef, source: str) -> dict[str, Any]:
    """Where the platform takes a field the applicant does not type: shared data or a result."""
    if d.from_data:
        return {"kind": "data_source", "id": d.from_data, "name": source.split("：", 1)[1]}
    return {"kind": "result", "id": d.from_result, "name": source.split("：", 1)[1]}
