"""`yjs schema`: the spec format as JSON Schema accepts real specs and flags misspelled keys."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parents[1]


# libyaml's parser, as the compiler uses when it is there, reads the specs about eight times
# faster than the pure-Python one; tag resolution stays in Python, so the table below applies.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextDates(_Loader):  # type: ignore[valid-type,misc]  # a base chosen at run time
    """Load YAML the way an editor's language server sees it: dates stay text."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


def schema() -> dict:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.stdout)


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)


def test_schema_is_valid_2020_12_and_accepts_every_real_spec() -> None:
    validator = Draft202012Validator(schema())
    Draft202012Validator.check_schema(validator.schema)
    specs = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "stdlib").rglob("*.yaml"))
    assert specs
    for path in specs:
        errors = [e.message for e in validator.iter_errors(load(path))]
        assert errors == [], path


def test_schema_rejects_a_misspelled_key() -> None:
    validator = Draft202012Validator(schema())
    spec = load(ROOT / "scenarios" / "newborn.yaml")
    item = next(i for i in spec["items"] if "department" in i)
    item["departmnet"] = item.pop("department")
    messages = [e.message for e in validator.iter_errors(spec)]
    assert any("departmnet" in m for m in messages), messages


def test_roles_and_use_overrides_are_described_in_chinese() -> None:
    defs = schema()["$defs"]
    described = {
        ("Role", "id"),
        ("Role", "name"),
        ("Department", "roles"),
        ("Scenario", "roles"),
        ("Library", "roles"),
        ("ItemUse", "department"),
        ("ItemUse", "level"),
        ("ItemUse", "days"),
    }
    for model, key in described:
        description = defs[model]["properties"][key].get("description", "")
        assert any("\u4e00" <= c <= "\u9fff" for c in description), (model, key)


def test_schema_accepts_a_use_with_overrides_and_rejects_an_unknown_one() -> None:
    validator = Draft202012Validator(schema())
    spec = load(ROOT / "scenarios" / "newborn.yaml")
    spec["items"].append(
        {"use": "x", "department": "y", "level": "区县", "days": {"legal": 1, "promised": 1}}
    )
    assert [e.message for e in validator.iter_errors(spec)] == []
    spec["items"][-1]["materials"] = ["z"]
    assert [e.message for e in validator.iter_errors(spec)] != []
