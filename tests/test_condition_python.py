"""Conditions as Python expressions (BPMN gateway conditions) mean what `evaluate` means.

The expression is run the way SpiffWorkflow's default script engine runs one: `eval` with the
task data as globals, the answers under `answers` in JSON form (ISO dates, floats), and the
JsonLogic custom operations as the engine's script globals.
"""

from __future__ import annotations

import builtins
import datetime as dt
import keyword
from decimal import Decimal

import pytest
from condition_helpers import ENV, EVALUATE_CASES, FAST, TODAY, VALUES, p
from hypothesis import given, settings
from test_condition_jsonlogic import T_ENV, TYPED

from compiler.conditions.ast import Node
from compiler.conditions.evaluate import evaluate
from compiler.conditions.jsonlogic import custom_operations
from compiler.conditions.python_expr import functions_used, to_python


def run(expression: str, values: dict[str, object], today: dt.date) -> object:
    """`expression` over `values` as SpiffWorkflow's TaskDataEnvironment evaluates it."""
    data = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
    data = {k: float(v) if isinstance(v, Decimal) else v for k, v in data.items()}
    scope: dict[str, object] = {**custom_operations(today), "answers": data}
    return eval(expression, scope)


@pytest.mark.parametrize(("text", "expected"), EVALUATE_CASES)
def test_python_agrees_on_the_examples(text: str, expected: bool) -> None:
    assert run(to_python(p(text), ENV), VALUES, TODAY) is expected


def test_ids_that_are_python_keywords_or_builtins_are_only_text_keys() -> None:
    """`class`, `lambda` or `type` as an id: read as a key, never resolved as a name (an
    unanswered `type` must not become the builtin)."""
    for name in ["class", "lambda", "from", "type", "id", "len"]:
        assert keyword.iskeyword(name) or hasattr(builtins, name)
        expression = to_python(p(f"{name} or not {name}"))
        assert run(expression, {name: True}, TODAY) is True
        assert run(expression, {}, TODAY) is True  # unanswered: `not x` holds
        assert run(to_python(p(f"defined({name})")), {}, TODAY) is False


def test_text_literals_are_python_literals_whatever_they_hold() -> None:
    hostile = "它'的值 ]]> & <script>"
    expression = to_python(p(f'choice == "{hostile}"'))
    assert run(expression, {"choice": hostile}, TODAY) is True
    assert run(expression, {"choice": "别的"}, TODAY) is False


def test_functions_used_names_what_the_engine_must_provide() -> None:
    expression = to_python(p("age(mother_id) >= 18 and household_region in_region 430100"), ENV)
    assert functions_used(expression) == ["yjs_age", "yjs_in_region", "yjs_today"]
    assert functions_used(to_python(p("join_insurance"))) == []


def agrees(node: Node, values: dict[str, object], today: dt.date) -> None:
    expected = evaluate(node, values, today, T_ENV)
    assert run(to_python(node, T_ENV), values, today) is expected


@FAST
@given(*TYPED)
def test_python_agrees_with_evaluate(node: Node, values: dict[str, object], today: dt.date) -> None:
    agrees(node, values, today)


@pytest.mark.slow
@settings(FAST, max_examples=5000)
@given(*TYPED)
def test_python_agrees_with_evaluate_at_length(
    node: Node, values: dict[str, object], today: dt.date
) -> None:
    agrees(node, values, today)
