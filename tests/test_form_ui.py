"""form.ui.json: the react-jsonschema-form layout agrees with the form schema it lays out."""

from __future__ import annotations

import json
from typing import Any

from compiler.pipeline import CompileResult


def _ui(result: CompileResult, sid: str) -> tuple[dict[str, Any], dict[str, Any]]:
    ui = json.loads(result.artifacts[f"{sid}/form.ui.json"])
    schema = json.loads(result.artifacts[f"{sid}/form.schema.json"])
    return ui, schema


def test_order_and_sections_match_the_schema(real_scenarios: CompileResult) -> None:
    for sid in real_scenarios.plans:
        ui, schema = _ui(real_scenarios, sid)
        assert ui["ui:order"] == schema["x-order"], sid
        assert ui["ui:options"]["sections"] == schema["x-yjs"]["sections"], sid
        assert set(ui) - {"ui:order", "ui:options", "x-yjs"} == set(schema["properties"]), sid


def test_widgets_follow_the_field_types(real_scenarios: CompileResult) -> None:
    ui, schema = _ui(real_scenarios, "newborn")
    assert ui["newborn_birth_date"]["ui:widget"] == "date"
    assert ui["newborn_gender"]["ui:widget"] == "radio"  # two choices
    assert ui["join_medical_insurance"]["ui:widget"] == "radio"
    assert ui["newborn_birth_time"]["ui:placeholder"] == "08:30"  # from "例如 08:30" in its help
    assert ui["mother_id_number"]["ui:placeholder"] == "18 位公民身份号码"
    assert ui["birth_certificate_number"]["ui:readonly"] is True  # a result fills it
    assert schema["properties"]["birth_certificate_number"]["readOnly"] is True
    assert "ui:widget" not in ui["postal_address"]  # an address is one line
    for sid in real_scenarios.plans:
        ui, schema = _ui(real_scenarios, sid)
        for fid, prop in schema["properties"].items():
            widget = ui[fid].get("ui:widget")
            if "oneOf" in prop:
                assert widget == ("radio" if len(prop["oneOf"]) <= 4 else "select"), (sid, fid)
            if prop.get("maxLength", 0) > 200:
                assert widget == "textarea", (sid, fid)


def test_repeating_groups_lay_out_their_entries(real_scenarios: CompileResult) -> None:
    ui, schema = _ui(real_scenarios, "company_startup")
    entry = ui["new_investors"]["items"]
    assert entry["ui:order"] == schema["properties"]["new_investors"]["items"]["x-order"]
    assert entry["contribution_deadline"]["ui:widget"] == "date"
