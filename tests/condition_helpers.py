"""What the condition-language tests share: an environment of typed names, values for it, the
worked evaluation examples, and a runner for the third-party JsonLogic engine."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from compiler.conditions.ast import (
    Node,
    children,
)
from compiler.conditions.jsonlogic import custom_operations
from compiler.conditions.parse import parse_condition
from compiler.conditions.types import TypeInfo
from compiler.vocabulary import FieldType as F

FAST = settings(
    derandomize=True,
    deadline=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow],
)
TODAY = dt.date(2024, 6, 1)
# The JsonLogic reference engine is panzi-json-logic (import name json_logic).
needs_json_logic = pytest.mark.skipif(
    importlib.util.find_spec("json_logic") is None, reason="pip install panzi-json-logic"
)
CHOICES = ("内资企业", "外商投资企业", "个体工商户")
ENV = {
    "join_insurance": TypeInfo(F.BOOLEAN),
    "is_first_child": TypeInfo(F.BOOLEAN),
    "children": TypeInfo(F.INTEGER),
    "floor_area": TypeInfo(F.DECIMAL),
    "capital": TypeInfo(F.MONEY),
    "birth_date": TypeInfo(F.DATE),
    "apply_date": TypeInfo(F.DATE),
    "company_name": TypeInfo(F.TEXT),
    "mobile": TypeInfo(F.PHONE),
    "enterprise_type": TypeInfo(F.CHOICE, CHOICES),
    "mother_id": TypeInfo(F.ID_NUMBER),
    "credit_code": TypeInfo(F.CREDIT_CODE),
    "household_region": TypeInfo(F.REGION),
    "shareholders": TypeInfo(F.LIST),
    "family_members": TypeInfo(F.LIST),
}


def p(text: str) -> Node:
    """Parse a condition: short, because almost every test starts with it."""
    return parse_condition(text)


def spans(node: Node) -> list[tuple[int, int]]:
    """Every node's span, parents before children."""
    return [node.span, *(s for child in children(node) for s in spans(child))]


# Lark's own wording and terminal names: a user must never see them in a diagnostic.
LARK_WORDS = re.compile(r"Unexpected|Expected|Token\(|\$END|line \d|column")

# Answers for ENV, mixing the shapes a form delivers (ISO text, Decimal, float).
VALUES: dict[str, object] = {
    "join_insurance": True,
    "is_first_child": False,
    "children": 2,
    "floor_area": 250.5,
    "capital": Decimal("1000000.00"),
    "birth_date": dt.date(2024, 5, 20),
    "apply_date": "2024-06-01",
    "company_name": "",
    "enterprise_type": "内资企业",
    "mother_id": "43010219900601123X",
    "credit_code": "91430100MA4L16XQ8B",
    "household_region": "430102",
    "shareholders": [{"name": "甲", "id_number": "11010519491231002X"}, {"name": "乙"}],
    "family_members": [],
}

# (condition, result with VALUES on TODAY): our evaluator and the JsonLogic engine must both give it.
EVALUATE_CASES = [
    ("join_insurance and not is_first_child", True),
    ("household_region in_region 430000", True),
    ("household_region in_region 430100", True),
    ("household_region in_region 430102", True),
    ("household_region in_region 430103", False),
    ("household_region in_region 440000", False),
    ("mother_id in_region 430100", True),
    ("credit_code in_region 430100", True),
    ("credit_code in_region 430102", False),
    ("age(mother_id) == 34", True),
    ("age(mother_id) == 33", False),
    ("age(birth_date) == 0", True),
    ("days_between(birth_date, today()) == 12", True),
    ("days_between(today(), birth_date) == -12", True),
    ("year(apply_date) == 2024 and apply_date == today()", True),
    ("apply_date > birth_date", True),
    ("floor_area <= 300 and capital >= 1000000", True),
    ("children / 4 == 0.5", True),
    ('enterprise_type in ["内资企业", "个体工商户"]', True),
    ('enterprise_type not in ["内资企业"]', False),
    ('defined(company_name) and company_name == ""', True),
    ("count(shareholders) >= 2", True),
    ("count(shareholders) == 3", False),
    ("2 < count(shareholders)", False),
    ("count(family_members) == 0 and defined(family_members)", True),
    ("count(family_members) < 1 and count(shareholders) != 1", True),
    ("count(shareholders) * 2 + count(family_members) == 4", True),
]


def run_jsonlogic(rule: Any, values: dict[str, object], today: dt.date) -> Any:
    """Apply `rule` with the third-party engine, our custom operations and JSON-typed data."""
    from json_logic import jsonLogic
    from json_logic.builtins import BUILTINS

    ops = {name: data_first(op) for name, op in custom_operations(today).items()}
    data = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
    data = {k: float(v) if isinstance(v, Decimal) else v for k, v in data.items()}
    return jsonLogic(rule, data, {**BUILTINS, **ops})


def data_first(op: Any) -> Any:
    """panzi-json-logic passes the data first to custom operations; ours take only arguments."""
    return lambda data, *args: op(*args)
