"""The JSON Schema (2020-12) of supervision.json, published as _schemas/supervision.schema.json.

Written out in full rather than derived from the emitter, so that a change to the emitter's
output that this contract does not allow fails the tests (every generated supervision.json is
validated against it) instead of silently changing the contract.
"""

from __future__ import annotations

from typing import Any

from compiler.version import FORMAT_VERSIONS

SCHEMA_NAME = "supervision.schema.json"

_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}


def _obj(properties: dict[str, Any], description: str) -> dict[str, Any]:
    """An object with exactly these keys, all required."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _limit(units: list[str], description: str) -> dict[str, Any]:
    return _obj({"amount": {"type": "integer", "minimum": 0}, "unit": {"enum": units}}, description)


_ITEM_UNITS = ["工作日", "自然日", "小时"]
_POINT = _obj(
    {
        "amount": {"type": "integer", "minimum": 0},
        "unit": {"enum": _ITEM_UNITS},
        "working_hours": {
            "type": ["integer", "null"],
            "minimum": 0,
            "description": "以工作小时计的时刻（每个工作日 8 小时）；自然日为 null",
        },
        "timer": {
            "type": "string",
            "pattern": "^P([0-9]+D)?(T[0-9]+H)?$",
            "description": "process.bpmn 中同一时刻的日历计时（ISO 8601 时长）",
        },
    },
    "亮牌时刻：自事项（或一件事）开始起的时长，单位同承诺时限",
)
_CARDS = {
    "promised": _limit(_ITEM_UNITS, "承诺时限"),
    "instant": {"type": "boolean", "description": "即办（承诺时限为 0）"},
    "yellow": _nullable(_POINT),
    "red": _POINT,
}
_POST_CHECK = _obj(
    {
        "within": _limit(["工作日", "自然日", "月"], "事后核查期限"),
        "from": {"const": "作出决定之日"},
        "checked_by": {"type": "array", "items": _ID, "minItems": 1},
        "basis": {"type": ["string", "null"]},
    },
    "告知承诺的事后核查",
)
_UNSTATED_CHECK = _obj(
    {k: {"type": "null"} for k in ("within", "from", "checked_by", "basis")},
    "规格未写明核查期限",
)
_MATERIAL = {"material": _ID, "name": _TEXT}
_ITEM = _obj(
    {
        "id": _ID,
        "name": _TEXT,
        "accountable": _ID,
        "stage": {"type": "integer", "minimum": 1},
        "legal": _limit(_ITEM_UNITS, "法定时限"),
        **_CARDS,
        "special_procedures": {
            "type": "array",
            "items": _obj(
                {
                    "name": _TEXT,
                    "max": _limit(_ITEM_UNITS, "最长时间，按规定原文的单位，不计入承诺时限"),
                    "note": {"type": ["string", "null"]},
                    "basis": {
                        "type": ["string", "null"],
                        "description": "时间不计入时限的依据，一行文字；未写明为 null",
                    },
                },
                "特别程序：期间暂停计时",
            ),
        },
        "post_check": _nullable(_POST_CHECK),
        "material_post_checks": {
            "type": "array",
            "items": {
                "anyOf": [
                    _obj({**_MATERIAL, **_POST_CHECK["properties"]}, "写明了核查期限"),
                    _obj({**_MATERIAL, **_UNSTATED_CHECK["properties"]}, "规格未写明核查期限"),
                ]
            },
        },
        "makeup": {
            "type": "array",
            "items": _obj(
                {
                    **_MATERIAL,
                    "within": _limit(["工作日"], "补交期限"),
                    "from": {"const": "受理之日"},
                },
                "容缺后补材料的补交期限",
            ),
        },
    },
    "一个事项的电子监察要求",
)
_EVALUATION_POINT = _obj(
    {
        "kind": {"enum": ["一次一评", "一事一评"]},
        "item": {"anyOf": [_ID, {"type": "null"}]},
        "department": _ID,
        "results": {"type": "array", "items": _ID},
        "when": _TEXT,
    },
    "请申请人评价的时点：一次一评对应一个事项（item），一事一评对应整个一件事（item 为 null）",
)


def supervision_schema() -> dict[str, Any]:
    version = FORMAT_VERSIONS["supervision.json"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:yjs:schema:supervision:{version}",
        "title": "yjs supervision.json",
        **_obj(
            {
                "format": {"const": "yjs-supervision"},
                "format_version": {"const": version},
                "compiler_version": _TEXT,
                "scenario": _obj({"id": _ID, "name": _TEXT, "lead": _ID}, "一件事"),
                "rules": _obj(
                    {
                        "yellow_percent": {"type": "integer", "minimum": 1, "maximum": 99},
                        "working_hours_per_day": {"const": 8},
                        **{k: _TEXT for k in ("clock", "yellow", "red", "special_procedures")},
                        **{k: _TEXT for k in ("accountable", "timer")},
                    },
                    "黄牌、红牌、特别程序和计时器的规则",
                ),
                "bundle": _obj(
                    {
                        "accountable": _ID,
                        "from": {"const": "综合窗口受理"},
                        "until": {"const": "统一出件"},
                        "critical_path_days": {"type": "integer", "minimum": 0},
                        **_CARDS,
                    },
                    "整个一件事的电子监察要求，由牵头部门负责",
                ),
                "items": {"type": "array", "items": _ITEM, "minItems": 1},
                "evaluation": _obj(
                    {
                        "standards": {"type": "array", "items": _TEXT},
                        "grades": {
                            "type": "array",
                            "items": _obj(
                                {"grade": {"enum": [1, 2, 3, 4, 5]}, "name": _TEXT}, "评价等级"
                            ),
                            "minItems": 5,
                            "maxItems": 5,
                        },
                        "points": {"type": "array", "items": _EVALUATION_POINT, "minItems": 2},
                    },
                    "好差评：评价时点和五级评价",
                ),
            },
            "电子监察与好差评",
        ),
    }
