"""Evaluating conditions: the worked examples, unanswered values, edge cases, no truthiness,
and ages counted to the evaluation date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from condition_helpers import (
    ENV,
    EVALUATE_CASES,
    TODAY,
    VALUES,
    needs_json_logic,
    p,
    run_jsonlogic,
)

from compiler.conditions.evaluate import evaluate
from compiler.conditions.jsonlogic import to_jsonlogic
from compiler.conditions.types import check_condition

# --- evaluation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), EVALUATE_CASES)
def test_evaluate(text: str, expected: bool) -> None:
    node = p(text)
    assert check_condition(node, ENV) == []
    assert evaluate(node, VALUES, TODAY, ENV) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x", False),
        ("not x", True),
        ("x == 1", False),
        ("x != 1", False),
        ("not x == 1", True),
        ("x < 1 or x >= 1", False),
        ("x in [1]", False),
        ("x not in [1]", False),
        ("1 in [x, 1]", False),
        ("defined(x)", False),
        ("not defined(x)", True),
        ("x + 1 > 0", False),
        ("-x < 0", False),
        ("age(x) >= 0", False),
        ("count(x) < 2", False),
        ("count(x) >= 0", False),
        ("year(x) > 0 or days_between(x, today()) > 0", False),
        ("x in_region 430000", False),
        ("x == x", False),
    ],
)
@needs_json_logic
def test_a_missing_value_makes_comparisons_false(text: str, expected: bool) -> None:
    for values in ({}, {"x": None}):
        assert evaluate(p(text), values, TODAY) is expected
        assert run_jsonlogic(to_jsonlogic(p(text)), values, TODAY) is expected


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("x / y > 1", {"x": 1, "y": 0}, False),
        ("not (x / y > 1)", {"x": 1, "y": 0}, True),
        ("age(x) >= 0", {"x": "not-an-id"}, False),
        ("age(x) >= 0", {"x": "430102199002301234"}, False),  # 2月30日
        ("x in_region 430000", {"x": "4301"}, False),
        ("defined(x)", {"x": 0}, True),
        ("defined(x)", {"x": False}, True),
        ("x == 0.5", {"x": Decimal("0.5")}, True),
        ("x == 1", {"x": 1.0}, True),
        ("x == 2024-01-01", {"x": dt.datetime(2024, 1, 1, 8, 30)}, True),
    ],
)
def test_evaluate_edge_cases(text: str, values: dict[str, object], expected: bool) -> None:
    assert evaluate(p(text), values, TODAY) is expected


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("x", {"x": 1}),
        ("x and true", {"x": "yes"}),
        ("not x", {"x": ""}),
        ("x + 1 > 1", {"x": "1"}),
        ("x < 1", {"x": True}),
        ("x == 1", {"x": "1"}),
        ("x", {"x": [1]}),
    ],
)
def test_evaluate_has_no_truthiness(text: str, values: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        evaluate(p(text), values, TODAY)


def test_age_counts_whole_years_to_the_evaluation_date() -> None:
    node = p("age(x) >= 18")
    assert evaluate(node, {"x": dt.date(2006, 6, 1)}, TODAY)
    assert not evaluate(node, {"x": dt.date(2006, 6, 2)}, TODAY)
    assert evaluate(node, {"x": "430102200606011234"}, TODAY)  # 18-digit id
    assert evaluate(node, {"x": "430102060601123"}, TODAY)  # 15-digit id: 19xx
    leap = {"x": dt.date(2024, 2, 29)}  # born on 29 February: a year older on 1 March
    assert evaluate(p("age(x) == 0"), leap, dt.date(2025, 2, 28))
    assert evaluate(p("age(x) == 1"), leap, dt.date(2025, 3, 1))
