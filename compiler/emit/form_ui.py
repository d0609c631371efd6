"""Plan → form.ui.json: the form's layout in the react-jsonschema-form uiSchema convention.

form.schema.json says what a valid application is; this says how to lay it out: `ui:order`
(the form order), the sections (`ui:options.sections`, for an ObjectFieldTemplate that groups
fields under headings: rjsf has no sections of its own), a widget per field (date picker,
radio buttons for a short choice, textarea for long text), its help and a placeholder taken
from the example in its help ("例如 08:30") or from its type. Prefilled fields are read-only.
"""

from __future__ import annotations

import re
from typing import Any

from compiler import ir, vocabulary
from compiler.emit.encoding import json_bytes
from compiler.emit.form_schema import section_fields
from compiler.plan import SITUATION_SECTION, Plan
from compiler.version import FORMAT_VERSIONS

FieldType = vocabulary.FieldType
RADIO_MAX = 4  # choices up to this many are radio buttons; more are a drop-down
TEXTAREA_FROM = 201  # text allowed longer than an address (200) gets a textarea: descriptions

_TYPE_PLACEHOLDERS = {
    FieldType.ID_NUMBER: "18 位公民身份号码",
    FieldType.CREDIT_CODE: "18 位统一社会信用代码",
    FieldType.PHONE: "11 位手机号码",
    FieldType.REGION: "6 位行政区划代码，如 430102",
    FieldType.DATE: "年-月-日，如 2024-05-31",
}
_EXAMPLE = re.compile(r"例如[:：]?\s*(.+?)(?:[；。;）)]|$)")


def emit_form_ui(plan: Plan) -> dict[str, bytes]:
    spec = plan.scenario
    grouped = section_fields(plan)
    fields = [f for members in grouped for f in members]
    ui: dict[str, Any] = {"ui:order": [s.id for s in spec.situations]}
    ui["ui:order"] += [f.definition.id for f in fields]
    sections = []
    if spec.situations:
        sections.append({"title": SITUATION_SECTION, "fields": [s.id for s in spec.situations]})
    for section, members in zip(plan.sections, grouped, strict=True):
        if members:
            sections.append({"title": section, "fields": [f.definition.id for f in members]})
    ui["ui:options"] = {"sections": sections}
    for situation in spec.situations:
        ui[situation.id] = {"ui:widget": _choice_widget(len(situation.choices) or 2)}
    for f in fields:
        d = f.definition
        entry = _widget(d)
        if not f.asked:
            entry["ui:readonly"] = True
        if d.type is FieldType.LIST:
            entry["items"] = {"ui:order": [sub.id for sub in d.fields]} | {
                sub.id: _widget(sub) for sub in d.fields
            }
        ui[d.id] = entry
    ui["x-yjs"] = {"format_version": FORMAT_VERSIONS["form.ui.json"], "scenario": spec.scenario}
    return {"form.ui.json": json_bytes(ui, ordered=True)}


def _choice_widget(count: int) -> str:
    return "radio" if count <= RADIO_MAX else "select"


# The widget a type always gets; a choice's depends on its count, long text's on its length.
_TYPE_WIDGETS = {FieldType.DATE: "date", FieldType.BOOLEAN: "radio"}
_NO_PLACEHOLDER = frozenset({FieldType.CHOICE, FieldType.BOOLEAN, FieldType.LIST})


def _widget(d: ir.FieldDef | ir.SubField) -> dict[str, Any]:
    # Run once per field and sub-field: each attribute is read once and the type's widget is
    # a lookup (the if-chain over the type, twice with `placeholder_for`'s, was most of
    # emit_form_ui, profiled over the 33 real plans).
    out: dict[str, Any] = {}
    kind = d.type
    if kind is FieldType.CHOICE:
        out["ui:widget"] = _choice_widget(len(d.choices))
    elif (widget := _TYPE_WIDGETS.get(kind)) is not None:
        out["ui:widget"] = widget
    elif kind is FieldType.TEXT and d.max_length is not None and d.max_length >= TEXTAREA_FROM:
        out["ui:widget"] = "textarea"
    help_text = d.help
    if help_text:
        out["ui:help"] = help_text
    if (placeholder := _placeholder(kind, help_text)) is not None:
        out["ui:placeholder"] = placeholder
    return out


def placeholder_for(d: ir.FieldDef | ir.SubField) -> str | None:
    """The example in the help text ("例如 08:30" → "08:30"), else a hint for the field's type.

    >>> from compiler.ir import SubField
    >>> placeholder_for(SubField(id="t", label="出生时刻", help="24 小时制，例如 08:30"))
    '08:30'
    """
    return _placeholder(d.type, d.help)


def _placeholder(kind: FieldType, help_text: str | None) -> str | None:
    if kind in _NO_PLACEHOLDER:
        return None
    if help_text and (found := _EXAMPLE.search(help_text)):
        return found.group(1).strip("“”\"' ")
    return _TYPE_PLACEHOLDERS.get(kind)
