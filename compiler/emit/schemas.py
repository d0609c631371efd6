"""JSON Schemas of yjs's own formats, published as `generated/_schemas/*.schema.json`.

A platform validating what it imports (routing.json, a department's slice, metrics.json, the
manifest) needs the shape in a form its tools read, not in our Python. Objects are closed
(`additionalProperties: false`) so a renamed key fails loudly, except for documented `x-`
annotation keys (provenance and the like), which any object may carry. The tests validate every
artefact of every scenario against these; a shape change without a schema change fails them.
supervision.json's schema is written beside its emitter (supervision_schema.py) and published
here with the others. They belong to no scenario: the manifest lists them under `shared`.
"""

from __future__ import annotations

from typing import Any

from compiler.emit.encoding import json_bytes
from compiler.emit.supervision_schema import SCHEMA_NAME, supervision_schema
from compiler.version import FORMAT_VERSIONS

FOLDER = SCHEMAS_DIR = "_schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]

STR: Schema = {"type": "string"}
ID: Schema = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
INT: Schema = {"type": "integer"}
NUM: Schema = {"type": "number"}
BOOL: Schema = {"type": "boolean"}
DATE: Schema = {"type": "string", "format": "date"}
ANY: Schema = {}


def null(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def arr(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def obj(properties: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    """A closed object: every property required unless `optional`; `x-` keys allowed."""
    return {
        "type": "object",
        "properties": properties,
        "required": [k for k in properties if k not in optional],
        "patternProperties": {"^x-": ANY},
        "additionalProperties": False,
    }


def _header(fmt: str) -> dict[str, Schema]:
    return {"format": {"const": fmt}, "format_version": STR, "compiler_version": STR}


CONDITION = null(obj({"text": STR, "jsonlogic": ANY}))
LIMIT = obj({"amount": NUM, "unit": STR})
PLEDGE = null(
    obj({"check_within": NUM, "check_unit": STR, "checked_by": arr(ID), "basis": null(STR)})
)
FEE = obj(
    {
        "charged": null(BOOL),
        "amount": null(NUM),
        "standard": null(STR),
        "basis": null(STR),
        "exemptions": null(STR),
        "note": null(STR),
    }
)
ITEM = obj(
    {
        "id": ID,
        "name": STR,
        "code": null(STR),
        "kind": STR,
        "department": ID,
        "level": STR,
        "stage": INT,
        "needs": arr(ID),
        "after": arr(obj({"item": ID, "reason": null(STR)})),
        "when": CONDITION,
        "days": obj({"legal": LIMIT, "promised": LIMIT}),
        "start_day": INT,
        "end_day": INT,
        "special_procedures": arr({"type": "object"}),
        "fields": arr(ID),
        "field_codes": {"type": "object", "additionalProperties": STR},
        "materials": arr(ID),
        "results": arr(ID),
        "local_code": null(STR),
        "application": STR,
        "accept": null(obj({"one_window": BOOL, "department": null(ID)})),
        "channels": arr(obj({"channel": STR, "visits": INT})),
        "result_delivery": obj({"methods": arr(STR), "unified_at": null(ID)}),
        "nearby": arr(STR),
        "assisted": null(BOOL),
        "home_visit": null(BOOL),
        "fee": FEE,
        "pledge": PLEDGE,
        "valid_from": null(DATE),
        "valid_until": null(DATE),
    }
)
# compiler/provenance.py's `provenance_data` (README, "来源与免提交原因"): who needs it, why it
# is spared, who supplies it.
PROVENANCE: Schema = {
    "type": "object",
    "required": ["needed_by", "exempt", "supplier"],
    "properties": {"needed_by": arr({"type": "object"}), "exempt": null({"type": "object"})},
}
DEPARTMENT = {"id": ID, "name": STR, "kind": STR, "level": STR, "region": null(STR)}


SUB_FIELD = obj({"id": ID, "label": STR, "type": STR, "sensitivity": STR, "required": BOOL})
GROUP = null(obj({"min_count": INT, "max_count": null(INT), "fields": arr(SUB_FIELD)}))


def routing_schema() -> Schema:
    return _document(
        "routing.json",
        "yjs-routing",
        {
            "scenario": obj(
                {
                    "id": ID,
                    "name": STR,
                    "subject": STR,
                    "batch": DATE,
                    "lead": ID,
                    "scope": STR,
                    "promised_days": INT,
                    "total_days": INT,
                    "critical_path": arr(ID),
                }
            ),
            "stages": arr(obj({"stage": INT, "items": arr(ID), "start_day": INT, "end_day": INT})),
            "items": arr(ITEM),
            "departments": arr(
                obj(
                    DEPARTMENT
                    | {
                        "items": arr(ID),
                        "fields": arr(ID),
                        "materials": arr(ID),
                        "accepts": arr(ID),
                        "slice": STR,
                    }
                )
            ),
            "fields": arr(
                obj(
                    {
                        "id": ID,
                        "label": STR,
                        "type": STR,
                        "section": STR,
                        "sensitivity": STR,
                        "asked": BOOL,
                        "source": STR,
                        "items": arr(ID),
                        "when": CONDITION,
                        "required": BOOL,
                        "required_when": CONDITION,
                        "group": GROUP,
                        "provenance": PROVENANCE,
                    }
                )
            ),
            "materials": arr(
                obj(
                    {
                        "id": ID,
                        "name": STR,
                        "form": STR,
                        "copies": INT,
                        "source": STR,
                        "license": null(ID),
                        "acceptance": STR,
                        "makeup_days": null(INT),
                        "pledge": PLEDGE,
                        "submit": BOOL,
                        "exempt_when": CONDITION,
                        "submit_when": CONDITION,
                        "reason": STR,
                        "items": arr(ID),
                        "when": CONDITION,
                        "provenance": PROVENANCE,
                        "valid_from": null(DATE),
                        "valid_until": null(DATE),
                    }
                )
            ),
            "rules": arr(obj({"id": ID, "message": STR, "check": CONDITION, "when": CONDITION})),
        },
    )


def slice_schema() -> Schema:
    slice_item = obj({"role": {"enum": ["办理", "受理"]}} | ITEM["properties"])
    return _document(
        "routing/<department>.json",
        "yjs-department-slice",
        {
            "scenario": obj({"id": ID, "name": STR, "lead": ID}),
            "department": obj(DEPARTMENT),
            "handles": arr(ID),
            "accepts": arr(ID),
            "items": arr(slice_item),
            "fields": arr(
                obj(
                    {
                        "id": ID,
                        "label": STR,
                        "type": STR,
                        "sensitivity": STR,
                        "code": null(STR),
                        "source": STR,
                        "required": BOOL,
                        "when": CONDITION,
                        "group": GROUP,
                    }
                )
            ),
            "materials": arr(
                obj(
                    {
                        "id": ID,
                        "name": STR,
                        "form": STR,
                        "copies": INT,
                        "submit": BOOL,
                        "reason": STR,
                        "acceptance": STR,
                        "makeup_days": null(INT),
                    }
                )
            ),
            "results": arr(obj({"id": ID, "name": null(STR)})),
        },
    )


def metrics_schema() -> Schema:
    figures = obj({"days": INT, "fields": INT, "materials": INT, "steps": INT, "visits": null(INT)})
    percent = {"type": "object", "additionalProperties": null(NUM)}
    case = obj(
        {
            "answers": null({"type": "object"}),
            "label": STR,
            "before": figures,
            "after": figures,
            "items": arr(ID),
            "fields": arr(ID),
            "materials": arr(ID),
            "exempt": arr(obj({"material": ID, "reason": STR})),
            "steps": arr(STR),
            "critical_path": arr(ID),
            "trips": arr(obj({"place": STR, "name": STR, "visits": INT, "items": arr(ID)})),
        }
    )
    return _document(
        "metrics.json",
        "yjs-metrics",
        {
            "scenario": ID,
            "bundle_steps": arr(STR),
            "exhaustive": BOOL,
            "worst": obj({"before": figures, "after": figures, "reduction_percent": percent}),
            "range": obj({"min": figures, "max": figures}),
            "cases": arr(case),
        },
    )


def manifest_schema() -> Schema:
    sha = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    hashes = {"type": "object", "additionalProperties": sha}
    entry = obj(
        {
            "id": ID,
            "name": STR,
            "batch": DATE,
            "source": STR,
            "inputs": hashes,
            "outputs": hashes,
        }
    )
    return _document(
        "manifest.json",
        "yjs-manifest",
        {
            "formats": {"type": "object", "additionalProperties": STR},
            "scenarios": arr(entry),
            "lists": hashes,
            "shared": hashes,
            "as_of": DATE,
        },
        optional=("as_of",),
    )


def _document(
    name: str, fmt: str, properties: dict[str, Schema], optional: tuple[str, ...] = ()
) -> Schema:
    body = obj(_header(fmt) | properties, optional)
    return {
        "$schema": DIALECT,
        "$id": f"urn:yjs:schema:{name}",
        "title": f"yjs {name}（格式版本 {FORMAT_VERSIONS[name]}）",
        "description": f"yjs 生成的 {name} 的结构；format_version 变化时结构随之变化。",
    } | body


SCHEMAS = {
    "routing.schema.json": routing_schema,
    "department.schema.json": slice_schema,
    "metrics.schema.json": metrics_schema,
    "manifest.schema.json": manifest_schema,
}


def emit_schemas() -> dict[str, bytes]:
    """Path under the output directory → the schema's bytes."""
    out = {f"{FOLDER}/{name}": json_bytes(make()) for name, make in SCHEMAS.items()}
    out[f"{FOLDER}/{SCHEMA_NAME}"] = json_bytes(supervision_schema())
    return out
