"""`yjs schema`: the spec format as JSON Schema accepts real specs and flags misspelled keys."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parents[1]


class _TextDates(yaml.SafeLoader):
    """Load YAML the way an editor's language server sees it: dates stay text."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
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
