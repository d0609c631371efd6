"""The form's memos (compiler/emit/condition_data.py, form_conditions.py, provenance.trace) are
keyed by object identity, never by equality: each output keeps its own words and numbers.

`x > 1` and `x > 1.0` are equal as condition nodes but are written differently, so a memo by
equality would write whichever came first for both; a trace remembered by equality would hand
one plan's provenance to an equal-looking other plan.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from test_condition_data import SPEC

from compiler.emit.condition_data import Conditions
from compiler.pipeline import CompileResult, compile_paths
from compiler.provenance import trace


def _compile(tmp_path: Path, *specs: tuple[str, str]) -> CompileResult:
    (tmp_path / "yjs.toml").write_text("", encoding="utf-8")
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name, text in specs:
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = compile_paths([folder])
    assert result.ok, [d.message for d in result.diagnostics]
    return result


def test_form_schema_writes_each_condition_as_written(tmp_path: Path) -> None:
    result = _compile(tmp_path, ("numbers", SPEC))
    schema = json.loads(result.artifacts["numbers/form.schema.json"])
    props = schema["properties"]
    # visibility (JsonLogic), provenance (text + JsonLogic) and the if-blocks, each as written
    assert props["f1"]["x-yjs-visible-if"]["and"][1] == {">": [{"var": "n"}, 1]}
    assert props["f2"]["x-yjs-visible-if"]["and"][1] == {">": [{"var": "n"}, 1.0]}
    assert isinstance(props["f1"]["x-yjs-visible-if"]["and"][1][">"][1], int)
    assert isinstance(props["f2"]["x-yjs-visible-if"]["and"][1][">"][1], float)
    assert [n["when"]["text"] for n in props["f1"]["x-yjs-needed-by"]] == ["n > 1"]
    assert [n["when"]["text"] for n in props["f2"]["x-yjs-needed-by"]] == ["n > 1.0"]
    bounds = [block["if"]["properties"]["n"]["exclusiveMinimum"] for block in schema["allOf"]]
    assert [type(b) for b in bounds] == [int, float]
    hidden = [list(block["else"]["properties"]) for block in schema["allOf"]]
    assert hidden == [["f1"], ["f2"]]


def test_form_schema_shares_an_items_needed_by_entry_without_changing_it(tmp_path: Path) -> None:
    # Item a needs n only; n's entry is written once and shared, yet reads like any other.
    result = _compile(tmp_path, ("numbers", SPEC))
    schema = json.loads(result.artifacts["numbers/form.schema.json"])
    needed = schema["properties"]["n"]["x-yjs-needed-by"]
    assert needed == [{"item": "a", "name": "事项甲", "department": "d", "when": None}]


def test_trace_is_made_once_per_plan_and_only_for_that_plan(tmp_path: Path) -> None:
    other = SPEC.replace("scenario: numbers", "scenario: others").replace("事项丙", "事项丁")
    result = _compile(tmp_path, ("numbers", SPEC), ("others", other))
    first, second = result.plans["numbers"], result.plans["others"]
    traced = trace(first)
    assert trace(first) is traced  # the second emitter to ask gets the same trace
    assert trace(second) is not traced
    assert trace(second).materials == {} and "f2" in trace(second).fields
    assert [n.name for n in trace(second).fields["f2"].needs] == ["事项丁"]
    again = trace(first)  # asked again after another plan: traced afresh, the same reasons
    assert again is not traced and again == traced
    twin = dataclasses.replace(first)  # equal to the plan, but another object
    assert twin == first
    assert trace(twin) is not trace(first)


def test_one_conditions_memo_per_plan_object(tmp_path: Path) -> None:
    other = SPEC.replace("scenario: numbers", "scenario: others")
    result = _compile(tmp_path, ("numbers", SPEC), ("others", other))
    first, second = result.plans["numbers"], result.plans["others"]
    memo = Conditions.of(first)
    assert Conditions.of(first) is memo  # routing, the form and the slices share it
    when = first.items[1].when
    assert when is not None and memo(when) == {"text": "n > 1", "jsonlogic": memo.jsonlogic(when)}
    assert Conditions.of(second) is not memo
    twin = dataclasses.replace(first)
    assert Conditions.of(twin) is not Conditions.of(first)  # identity, never equality
