"""`yjs schema`: the spec format as JSON Schema accepts real specs and flags misspelled keys."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from cli import app
from compiler import spec_types
from dsl.front_ends import parse_source
from dsl.source import SourceFile

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


# --- every key, model and value in Chinese (issue 9, point 8) ------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]+ [A-Za-z]+ [A-Za-z]+\b")
NOT_SCHEMAS = {"enum", "enumDescriptions", "required", "default", "const", "examples"}


def reads_chinese(text: object) -> bool:
    """Chinese prose: it has Chinese, and no English phrase outside `code` spans (so an English
    docstring that mentions one Chinese term does not pass)."""
    if not isinstance(text, str) or not CJK.search(text):
        return False
    return ENGLISH_PHRASE.search(re.sub(r"`[^`]*`", "", text)) is None


def undescribed(schema: dict) -> list[str]:
    """Each place the editor would show without Chinese: a key, at any depth; a model or a closed
    list in `$defs`; a value of a closed list; an option of a union (unless the union itself is
    described, or the option is a described `$ref`); any title."""
    problems: list[str] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, list):
            for i, child in enumerate(node):
                walk(child, f"{path}[{i}]")
            return
        if not isinstance(node, dict):
            return
        for key, prop in node.get("properties", {}).items():
            if not reads_chinese(prop.get("description")):
                problems.append(f"{path}.{key}")
        if "enum" in node:
            meanings = node.get("enumDescriptions", [])
            if len(meanings) != len(node["enum"]) or not all(map(reads_chinese, meanings)):
                problems.append(f"{path}: a value without its meaning")
        for union in ("anyOf", "oneOf"):
            options = [o for o in node.get(union, []) if o != {"type": "null"}]
            if len(options) > 1 and not reads_chinese(node.get("description")):
                problems.extend(
                    f"{path}.{union}[{i}]"
                    for i, o in enumerate(options)
                    if not (
                        {"$ref", "anyOf", "oneOf"} & set(o) or reads_chinese(o.get("description"))
                    )
                )
        if "title" in node and not reads_chinese(node["title"]):
            problems.append(f"{path}: title {node['title']!r}")
        for key, value in node.items():
            if key == "properties":
                for name, prop in value.items():
                    walk(prop, f"{path}.{name}")
            elif key not in NOT_SCHEMAS:
                walk(value, f"{path}/{key}")

    walk(schema, "")
    for name, definition in schema["$defs"].items():
        if not (
            reads_chinese(definition.get("description")) and reads_chinese(definition.get("title"))
        ):
            problems.append(f"$defs.{name}: no Chinese title and description")
    return problems


def test_every_key_model_and_value_in_yjs_schema_is_described_in_chinese() -> None:
    spec = schema()
    assert undescribed(spec) == []
    keys = sum(len(d.get("properties", {})) for d in spec["$defs"].values())
    assert keys >= 170  # every key of every model: 113 when issue 9 began, none described


@pytest.mark.parametrize(
    ("where", "remove"),
    [
        (("Pledge", "properties", "check_within"), "description"),
        (("Item",), "description"),
        (("TimeUnit",), "enumDescriptions"),
        (("Scenario", "properties", "legal_basis", "items", "oneOf", 0), "description"),
    ],
)
def test_the_walk_finds_what_is_not_described(where: tuple[str | int, ...], remove: str) -> None:
    spec = schema()
    node = spec["$defs"]
    for step in where:
        node = node[step]
    del node[remove]
    assert len(undescribed(spec)) == 1


def test_reads_chinese_refuses_an_english_docstring_with_a_chinese_term() -> None:
    assert not reads_chinese("One administrative item (事项) inside the bundle.")
    assert not reads_chinese("")
    assert reads_chinese("写 `{legal: 20, promised: 5}` 或 `yjs check --as-of 日期`")


def test_each_closed_list_value_has_its_meaning_in_order() -> None:
    defs = schema()["$defs"]
    unit = dict(zip(defs["TimeUnit"]["enum"], defs["TimeUnit"]["enumDescriptions"], strict=True))
    assert "民法典第二百零二条" in unit["月"] and "行政许可法第八十二条" in unit["工作日"]
    acceptance = dict(
        zip(defs["Acceptance"]["enum"], defs["Acceptance"]["enumDescriptions"], strict=True)
    )
    assert "容缺受理" in acceptance["容缺后补"] and "国办发〔2020〕42号" in acceptance["告知承诺"]
    assert "法定办结时限" in defs["TimeLimit"]["properties"]["legal"]["description"]
    assert "承诺办结时限" in defs["TimeLimit"]["properties"]["promised"]["description"]


def test_a_closed_list_must_give_every_value_a_meaning() -> None:
    class Colour(StrEnum):
        RED = "红"
        BLUE = "蓝"

    with pytest.raises(TypeError, match="Colour"):
        spec_types.choices("颜色", "颜色", {"红": "红色"})(Colour)
    with pytest.raises(TypeError, match="Colour"):
        spec_types.choices("颜色", "颜色", {"红": "红色", "蓝": "蓝色", "绿": "绿色"})(Colour)


# --- every key the real specs use is described --------------------------------------------------

SPEC_FILES = sorted(
    p
    for folder in ("scenarios", "stdlib", "tests/cases/constructs", "tests/cases/sequencing")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in (".yaml", ".yjs")
)


class KeyWalk:
    """Follows a spec's data through the schema, as the editor does, noting each key it meets
    and each key or closed-list value that the schema does not describe in Chinese."""

    def __init__(self, spec: dict) -> None:
        self.defs = spec["$defs"]
        self.seen: set[str] = set()
        self.problems: list[str] = []

    def options(self, node: dict) -> list[dict]:
        if "$ref" in node:
            node = {
                **self.defs[node["$ref"].rsplit("/", 1)[1]],
                **{k: v for k, v in node.items() if k != "$ref"},
            }
        union = node.get("anyOf", []) + node.get("oneOf", [])
        return [o for u in union for o in self.options(u)] if union else [node]

    def walk(self, data: object, node: dict, path: str) -> None:
        options = self.options(node)
        if isinstance(data, dict):
            objects = [o for o in options if o.get("type") == "object"]
            fitting = [o for o in objects if set(data) <= set(o.get("properties", data))]
            if not fitting:
                self.problems.append(f"{path}: no schema has the keys {sorted(data)}")
                return
            schema = fitting[0]
            for key, value in data.items():
                prop = schema.get("properties", {}).get(key)
                if prop is None:  # a free-key mapping: ids or closed-list values as keys
                    names = schema.get("propertyNames")
                    if names is not None:
                        self.value(key, names, f"{path}.{key}")
                    rest = schema.get("additionalProperties") or next(
                        iter(schema.get("patternProperties", {}).values()), {}
                    )
                    self.walk(value, rest, f"{path}.{key}")
                    continue
                self.seen.add(key)
                if not reads_chinese(prop.get("description")):
                    self.problems.append(f"{path}.{key}")
                self.walk(value, prop, f"{path}.{key}")
        elif isinstance(data, list):
            arrays = [o for o in options if o.get("type") == "array"]
            for i, element in enumerate(data):
                self.walk(element, arrays[0].get("items", {}) if arrays else {}, f"{path}[{i}]")
        else:
            self.value(data, node, path)

    def value(self, data: object, node: dict, path: str) -> None:
        for option in self.options(node):
            if data in option.get("enum", []):
                meaning = option["enumDescriptions"][option["enum"].index(data)]
                if not reads_chinese(meaning):
                    self.problems.append(f"{path}: {data}")


def test_every_key_and_value_the_real_specs_write_is_described() -> None:
    walk = KeyWalk(schema())
    assert len(SPEC_FILES) > 40
    for path in SPEC_FILES:
        data = parse_source(SourceFile(path.name, path.read_text(encoding="utf-8"))).data
        walk.walk(data, walk.defs["Scenario" if "scenario" in data else "Library"], path.name)
    assert walk.problems == []
    issue_9 = {"after", "reason", "service", "fee", "pledge", "check_within", "checked_by"}
    issue_9 |= {"application", "valid_from", "valid_until", "number", "article"}
    issue_9 |= {"min_count", "max_count", "roles", "local_code", "amount", "unit"}
    assert issue_9 <= walk.seen


def test_the_key_walk_finds_a_used_key_without_description() -> None:
    spec = schema()
    del spec["$defs"]["Pledge"]["properties"]["check_within"]["description"]
    spec["$defs"]["ServiceChannel"]["enumDescriptions"][0] = "online"
    walk = KeyWalk(spec)
    path = ROOT / "tests" / "cases" / "constructs" / "every_construct.yaml"
    walk.walk(
        parse_source(SourceFile(path.name, path.read_text("utf-8"))).data,
        spec["$defs"]["Scenario"],
        "x",
    )
    assert any(p.endswith(".pledge.check_within") for p in walk.problems)
    assert any(p.endswith(": 全程网办") for p in walk.problems)
