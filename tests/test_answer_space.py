"""The bundle's enumerated answer space (compiler/conditions/space.py) against brute force.

Every mask must hold exactly the combinations for which `evaluate` says the condition holds,
whether it was built bitwise (`and`, `or`, `not`, `==`, `in`) or by the per-combination
fallback; the space stops at MAX_SPACE combinations.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from compiler.conditions.evaluate import evaluate
from compiler.conditions.parse import parse_condition
from compiler.conditions.space import MAX_SPACE, enumerate_space
from compiler.conditions.types import TypeInfo
from compiler.vocabulary import FieldType as F

ENV = {
    "a": TypeInfo(F.BOOLEAN),
    "b": TypeInfo(F.BOOLEAN),
    "kind": TypeInfo(F.CHOICE, ("甲", "乙", "丙")),
    "size": TypeInfo(F.INTEGER),
}
NAMES = ["a", "kind", "b"]


@pytest.mark.parametrize(
    "text",
    [
        "a",
        "not a",
        "a and not b",
        "a or b",
        "kind == '乙'",
        "'乙' != kind",
        "kind in ['甲', '丙'] and b",
        "kind not in ['甲']",
        "a == true",
        "a != b",  # not bitwise: the per-combination fallback
        "defined(kind) and not a",  # likewise
        "a and not a",
        "a or not a",
    ],
)
def test_every_mask_is_what_evaluate_says(text: str) -> None:
    space, size = enumerate_space(NAMES, ENV)
    assert space is not None and size == 12
    node = parse_condition(text)
    mask = space.mask(node)
    assert mask is not None
    domains = [[True, False], ["甲", "乙", "丙"], [True, False]]
    for c, values in enumerate(itertools.product(*reversed(domains))):
        answers = dict(zip(reversed(NAMES), values, strict=True))  # first name varies fastest
        held = evaluate(node, answers, dt.date(2024, 1, 1), ENV)
        assert bool(mask >> c & 1) == held, (text, answers)


def test_a_condition_naming_a_field_has_no_mask() -> None:
    space, _ = enumerate_space(NAMES, ENV)
    assert space is not None
    assert space.mask(parse_condition("a and size > 3")) is None


def test_projections_tell_which_answers_a_condition_separates() -> None:
    space, _ = enumerate_space(NAMES, ENV)
    assert space is not None
    mask = space.mask(parse_condition("kind in ['乙', '丙'] and a"))
    assert mask is not None
    first, second, third = space.projections(mask, "kind")
    assert second == third != first
    assert len(set(space.projections(mask, "b"))) == 1  # b changes nothing here


def test_the_space_stops_at_two_to_the_sixteen() -> None:
    env = {f"q{k}": TypeInfo(F.BOOLEAN) for k in range(17)}
    space, size = enumerate_space([f"q{k}" for k in range(16)], env)
    assert space is not None and size == MAX_SPACE == 65536
    space, size = enumerate_space([f"q{k}" for k in range(17)], env)
    assert space is None and size > MAX_SPACE


def test_a_situation_without_closed_answers_is_left_out() -> None:
    env = {"a": TypeInfo(F.BOOLEAN), "note": TypeInfo(F.TEXT)}
    space, size = enumerate_space(["a", "note"], env)
    assert space is not None and space.names == ("a",) and size == 2
    assert space.mask(parse_condition("note == 'x'")) is None
