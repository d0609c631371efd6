"""Conditions as JsonLogic: rule shapes, the custom operations, and agreement with a third-party
JsonLogic engine on the examples and on generated well-typed conditions."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from condition_helpers import (
    ENV,
    EVALUATE_CASES,
    FAST,
    TODAY,
    VALUES,
    needs_json_logic,
    p,
    run_jsonlogic,
)
from hypothesis import given, settings, strategies as st

from compiler.conditions.ast import (
    Arith,
    Bool,
    BoolOp,
    Call,
    Compare,
    Date,
    ListExpr,
    Neg,
    Node,
    Not,
    Number,
    Ref,
    Str,
)
from compiler.conditions.evaluate import evaluate
from compiler.conditions.format import format_condition
from compiler.conditions.jsonlogic import CUSTOM_OPERATIONS, custom_operations, to_jsonlogic
from compiler.conditions.types import TypeInfo, check_condition
from compiler.vocabulary import FieldType as F

# --- JsonLogic ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("x", {"===": [{"var": "x"}, True]}),
        ("defined(x)", {"!==": [{"var": "x"}, None]}),
        ("not x", {"!": [{"===": [{"var": "x"}, True]}]}),
        ("x != 1", {"and": [{"!==": [{"var": "x"}, None]}, {"!==": [{"var": "x"}, 1]}]}),
        ("1 <= 2.5", {"<=": [1, 2.5]}),
        ('x in ["a"]', {"and": [{"!==": [{"var": "x"}, None]}, {"in": [{"var": "x"}, ["a"]]}]}),
        (
            "x not in [1]",
            {"and": [{"!==": [{"var": "x"}, None]}, {"!": [{"in": [{"var": "x"}, [1]]}]}]},
        ),
        ("today() > 2024-01-01", {">": [{"yjs_today": []}, "2024-01-01"]}),
        (
            "a / b > 1",
            {
                "and": [
                    {"!==": [{"var": "a"}, None]},
                    {"!==": [{"var": "b"}, None]},
                    {"!==": [{"var": "b"}, 0]},
                    {">": [{"/": [{"var": "a"}, {"var": "b"}]}, 1]},
                ]
            },
        ),
        (
            "year(d) == 2024",
            {
                "and": [
                    {"!==": [{"var": "d"}, None]},
                    {"!==": [{"yjs_year": [{"var": "d"}]}, None]},
                    {"===": [{"yjs_year": [{"var": "d"}]}, 2024]},
                ]
            },
        ),
    ],
)
def test_jsonlogic_shapes(text: str, rule: Any) -> None:
    assert to_jsonlogic(p(text)) == rule


def test_in_region_carries_the_kind_of_value() -> None:
    rule = to_jsonlogic(p("mother_id in_region 430100"), ENV)
    assert rule["and"][-1] == {"yjs_in_region": [{"var": "mother_id"}, "430100", "id_number"]}
    assert to_jsonlogic(p("a in_region 430100"))["and"][-1]["yjs_in_region"][2] == "region"


def test_custom_operations_cover_every_yjs_op() -> None:
    text = "defined(mother_id) and age(mother_id) >= 18 and days_between(birth_date, today()) < 30"
    used = set(re.findall(r"yjs_\w+", str(to_jsonlogic(p(text + " or year(apply_date) == 2024")))))
    assert used <= set(CUSTOM_OPERATIONS)
    assert set(CUSTOM_OPERATIONS) == {
        "yjs_today", "yjs_age", "yjs_days_between", "yjs_year", "yjs_in_region",
    }  # fmt: skip
    assert CUSTOM_OPERATIONS["yjs_today"]() == dt.date.today().isoformat()
    assert custom_operations(TODAY)["yjs_today"]() == "2024-06-01"
    assert CUSTOM_OPERATIONS["yjs_age"]("2006-06-01", "2024-06-01") == 18
    assert CUSTOM_OPERATIONS["yjs_in_region"]("91430100MA4L16XQ8B", "430000", "credit_code")


@needs_json_logic
@pytest.mark.parametrize(("text", "expected"), EVALUATE_CASES)
def test_jsonlogic_agrees_on_the_examples(text: str, expected: bool) -> None:
    node = p(text)
    assert run_jsonlogic(to_jsonlogic(node, ENV), VALUES, TODAY) is expected


# Well-typed conditions over a small env, and values for it.
T_ENV = {
    "b1": TypeInfo(F.BOOLEAN),
    "b2": TypeInfo(F.BOOLEAN),
    "n1": TypeInfo(F.INTEGER),
    "n2": TypeInfo(F.DECIMAL),
    "m1": TypeInfo(F.MONEY),
    "d1": TypeInfo(F.DATE),
    "d2": TypeInfo(F.DATE),
    "t1": TypeInfo(F.TEXT),
    "c1": TypeInfo(F.CHOICE, ("甲", "乙", "丙")),
    "id1": TypeInfo(F.ID_NUMBER),
    "cc1": TypeInfo(F.CREDIT_CODE),
    "r1": TypeInfo(F.REGION),
    "l1": TypeInfo(F.LIST),
}
REGIONS = ["430000", "430100", "430102", "430103", "440305", "110101"]


def _refs(*types: F) -> st.SearchStrategy[Node]:
    return st.sampled_from([Ref(n) for n, t in T_ENV.items() if t.type in types])


def _list(items: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.lists(items, max_size=3).map(lambda xs: ListExpr(tuple(xs)))


# Strategies are built once: building them inside a draw makes hypothesis re-validate each time.
DATES = st.one_of(
    _refs(F.DATE),
    st.dates(dt.date(1950, 1, 1), dt.date(2050, 1, 1)).map(Date),
    st.just(Call("today", ())),
)
NUMBER_LEAVES = st.one_of(
    _refs(F.INTEGER, F.DECIMAL, F.MONEY),
    st.integers(0, 1000).map(Number),
    st.sampled_from(["0.5", "2.25", "100.0"]).map(lambda s: Number(Decimal(s))),
    _refs(F.DATE, F.ID_NUMBER).map(lambda x: Call("age", (x,))),
    DATES.map(lambda d: Call("year", (d,))),
    st.tuples(DATES, DATES).map(lambda ds: Call("days_between", ds)),
    st.just(Call("count", (Ref("l1"),))),
)
DIVISORS = st.sampled_from([Number(0), Ref("n1")]) | NUMBER_LEAVES  # often zero: no value


@st.composite
def _numbers(draw: st.DrawFn, depth: int) -> Node:
    shape = draw(st.integers(0, 5)) if depth else 0
    if shape == 3:
        return Neg(draw(_numbers(depth - 1)))
    if shape > 3:
        op = draw(st.sampled_from(["+", "-", "*", "/"]))
        right = DIVISORS if op == "/" else _numbers(depth - 1)
        return Arith(op, draw(_numbers(depth - 1)), draw(right))
    return draw(NUMBER_LEAVES)


NUMBERS = _numbers(2)
TEXT_PAIRS = st.one_of(
    st.tuples(
        _refs(F.TEXT, F.PHONE, F.REGION, F.ID_NUMBER), st.sampled_from(["", "x", "430102"]).map(Str)
    ),
    st.tuples(_refs(F.CHOICE), st.sampled_from(["甲", "乙", "丙"]).map(Str)),
    st.just((Ref("t1"), Ref("c1"))),
)
ANY_OP = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
EQ_OP = st.sampled_from(["==", "!="])
REGION_CODES = st.sampled_from([Number(int(r)) for r in REGIONS] + [Str(r) for r in REGIONS])
COMPARISONS = st.one_of(
    st.builds(Compare, ANY_OP, NUMBERS, NUMBERS),
    st.builds(Compare, ANY_OP, DATES, DATES),
    st.builds(lambda op, pair: Compare(op, *pair), EQ_OP, TEXT_PAIRS),
    st.builds(Compare, EQ_OP, _refs(F.BOOLEAN), st.booleans().map(Bool)),
    st.builds(Compare, st.sampled_from(["in", "not in"]), NUMBERS, _list(NUMBERS)),
    st.builds(Compare, st.just("in_region"), _refs(F.REGION, F.ID_NUMBER, F.CREDIT_CODE), REGION_CODES),
)  # fmt: skip
BOOLEAN_LEAVES = st.one_of(
    _refs(F.BOOLEAN),
    st.booleans().map(Bool),
    st.sampled_from([Ref(n) for n in T_ENV]).map(lambda r: Call("defined", (r,))),
    COMPARISONS,
)


@st.composite
def _typed_conditions(draw: st.DrawFn, depth: int) -> Node:
    shape = draw(st.integers(0, 5)) if depth else 0
    if shape == 3:
        return Not(draw(_typed_conditions(depth - 1)))
    if shape > 3:
        op = draw(st.sampled_from(["and", "or"]))
        return BoolOp(op, draw(_typed_conditions(depth - 1)), draw(_typed_conditions(depth - 1)))
    return draw(BOOLEAN_LEAVES)


def _id_numbers() -> st.SearchStrategy[str]:
    born = st.dates(dt.date(1940, 1, 1), dt.date(2024, 12, 31)).map(lambda d: d.strftime("%Y%m%d"))
    valid = st.tuples(
        st.sampled_from(REGIONS), born, st.from_regex(r"[0-9]{3}[0-9X]", fullmatch=True)
    )
    return st.one_of(valid.map("".join), st.just("bad"), st.just("430102199002301234"))


def _values() -> st.SearchStrategy[dict[str, object]]:
    numbers = st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False), st.just(0))
    dates = st.dates(dt.date(1950, 1, 1), dt.date(2050, 1, 1))
    by_name: dict[str, st.SearchStrategy[object]] = {
        "b1": st.booleans(), "b2": st.booleans(), "n1": st.just(0) | st.integers(-1000, 1000),
        "n2": numbers, "m1": numbers, "d1": dates, "d2": dates,
        "t1": st.sampled_from(["", "x", "甲", "430102"]), "c1": st.sampled_from(["甲", "乙", "丙"]),
        "id1": _id_numbers(),
        "cc1": st.sampled_from(REGIONS).map(lambda r: f"91{r}MA4L16XQ8B"),
        "r1": st.sampled_from([*REGIONS, "4301", "abcdef"]),
        "l1": st.lists(st.fixed_dictionaries({"name": st.sampled_from(["甲", "乙"])}), max_size=4),
    }  # fmt: skip
    unanswered = st.sets(st.sampled_from(sorted(by_name)), max_size=4)
    return st.builds(_unanswer, st.fixed_dictionaries(by_name), unanswered, st.booleans())


def _unanswer(values: dict[str, object], names: set[str], as_null: bool) -> dict[str, object]:
    """Leave `names` unanswered: absent from the data, or present as null."""
    if as_null:
        return {k: None if k in names else v for k, v in values.items()}
    return {k: v for k, v in values.items() if k not in names}


def agrees_with_jsonlogic(node: Node, values: dict[str, object], today: dt.date) -> None:
    """Our evaluator, the third-party engine on our JsonLogic, ISO-text dates and the printed
    condition all give the same truth value."""
    assert check_condition(node, T_ENV) == []
    expected = evaluate(node, values, today, T_ENV)
    assert isinstance(expected, bool)
    assert run_jsonlogic(to_jsonlogic(node, T_ENV), values, today) is expected
    iso = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
    assert evaluate(node, iso, today, T_ENV) is expected  # dates may travel as ISO text
    assert evaluate(p(format_condition(node)), values, today, T_ENV) is expected


TYPED = (_typed_conditions(3), _values(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))


@needs_json_logic
@FAST
@given(*TYPED)
def test_evaluate_agrees_with_a_third_party_jsonlogic(
    node: Node, values: dict[str, object], today: dt.date
) -> None:
    agrees_with_jsonlogic(node, values, today)


@pytest.mark.slow
@needs_json_logic
@settings(FAST, max_examples=5000)
@given(*TYPED)
def test_evaluate_agrees_with_a_third_party_jsonlogic_at_length(
    node: Node, values: dict[str, object], today: dt.date
) -> None:
    agrees_with_jsonlogic(node, values, today)
