"""Department slices and the published schemas: each slice holds only what its items need, and
every artefact of every scenario validates against the schema yjs publishes for its format."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import jsonschema
import pytest

from compiler.emit.schemas import FOLDER
from compiler.pipeline import CompileResult


def _json(result: CompileResult, name: str) -> Any:
    return json.loads(result.artifacts[name])


def _slices(result: CompileResult) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (name.split("/", 1)[0], name, _json(result, name))
        for name in sorted(result.artifacts)
        if "/routing/" in name
    ]


def test_every_department_of_every_scenario_has_its_slice(real_scenarios: CompileResult) -> None:
    for sid in real_scenarios.plans:
        routing = _json(real_scenarios, f"{sid}/routing.json")
        for department in routing["departments"]:
            assert f"{sid}/{department['slice']}" in real_scenarios.artifacts
        written = {n for s, n, _ in _slices(real_scenarios) if s == sid}
        assert len(written) == len(routing["departments"])


def test_slices_hold_nothing_their_items_do_not_need(real_scenarios: CompileResult) -> None:
    """Fields, materials and results are exactly what the slice's items use; items are exactly
    the department's own and those it accepts; no other department's item appears as one."""
    for sid, name, data in _slices(real_scenarios):
        routing = _json(real_scenarios, f"{sid}/routing.json")
        items = {i["id"]: i for i in routing["items"]}
        dept = data["department"]["id"]
        own = {i for i, item in items.items() if item["department"] == dept}
        accepted = {
            i for i, item in items.items() if (item["accept"] or {}).get("department") == dept
        } - own
        assert set(data["handles"]) == own, name
        assert set(data["accepts"]) == accepted, name
        listed = [i["id"] for i in data["items"]]
        assert set(listed) == own | accepted and len(listed) == len(set(listed)), name
        needed_fields = {f for i in listed for f in items[i]["fields"]}
        needed_materials = {m for i in listed for m in items[i]["materials"]}
        results = {r for i in own for r in items[i]["results"]}
        assert {f["id"] for f in data["fields"]} == needed_fields, name
        assert {m["id"] for m in data["materials"]} == needed_materials, name
        assert {r["id"] for r in data["results"]} == results, name
        for entry in data["items"]:  # an item's own lists are its own, as routing.json has them
            assert entry["fields"] == items[entry["id"]]["fields"]
            assert entry["materials"] == items[entry["id"]]["materials"]


def test_slices_carry_the_departments_field_codes(real_scenarios: CompileResult) -> None:
    data = _json(real_scenarios, "newborn/routing/cs_police.json")
    codes = {f["id"]: f["code"] for f in data["fields"]}
    assert codes["newborn_birth_date"] == "CSRQ"
    assert codes["newborn_name"] == "XM"
    assert codes["mother_name"] is None  # not mapped by the spec: no code invented
    hospital = _json(real_scenarios, "newborn/routing/birth_hospital.json")
    assert "bank_account" not in {f["id"] for f in hospital["fields"]}


def test_routing_csv_has_a_row_per_item(real_scenarios: CompileResult) -> None:
    for sid in real_scenarios.plans:
        rows = list(
            csv.reader(io.StringIO(real_scenarios.artifacts[f"{sid}/routing.csv"].decode()))
        )
        routing = _json(real_scenarios, f"{sid}/routing.json")
        assert rows[0][:4] == ["阶段", "事项标识", "事项名称", "办理部门"]
        assert [r[1] for r in rows[1:]] == [i["id"] for i in routing["items"]]


def _validator(result: CompileResult, schema: str) -> jsonschema.Draft202012Validator:
    loaded = _json(result, f"{FOLDER}/{schema}")
    jsonschema.Draft202012Validator.check_schema(loaded)
    return jsonschema.Draft202012Validator(loaded, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize(
    ("schema", "suffix"),
    [
        ("routing.schema.json", "/routing.json"),
        ("department.schema.json", None),
        ("metrics.schema.json", "/metrics.json"),
        ("manifest.schema.json", "manifest.json"),
    ],
)
def test_every_artefact_validates_against_its_published_schema(
    real_scenarios: CompileResult, schema: str, suffix: str | None
) -> None:
    validator = _validator(real_scenarios, schema)
    if suffix is None:
        names = [n for _, n, _ in _slices(real_scenarios)]
    else:
        names = [n for n in real_scenarios.artifacts if n.endswith(suffix)]
    assert names
    for name in names:
        errors = list(validator.iter_errors(_json(real_scenarios, name)))
        assert not errors, (name, errors[0].message, list(errors[0].absolute_path))


def test_the_schemas_are_closed(real_scenarios: CompileResult) -> None:
    """A key the schema does not know fails: the schemas cannot pass everything."""
    validator = _validator(real_scenarios, "routing.schema.json")
    routing = _json(real_scenarios, "newborn/routing.json")
    routing["items"][0]["surprise"] = 1
    assert not validator.is_valid(routing)
    routing["items"][0].pop("surprise")
    routing["items"][0]["x-yjs-provenance"] = {"file": "scenarios/newborn.yaml"}
    assert validator.is_valid(routing)  # documented x- annotations are allowed anywhere
    sliced = _validator(real_scenarios, "department.schema.json")
    data = _json(real_scenarios, "newborn/routing/cs_police.json")
    del data["results"]
    assert not sliced.is_valid(data)
