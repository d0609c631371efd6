"""Parse realistic conditions N times each and print the time per condition.

    python bench/bench_conditions.py [N]

A plain script: no assertions on timings. Also times type checking and JsonLogic output, the
other per-condition costs of a build.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compiler.conditions.jsonlogic import to_jsonlogic
from compiler.conditions.parse import parse_condition
from compiler.conditions.types import TypeInfo, check_condition
from compiler.vocabulary import FieldType

CONDITIONS = [
    "join_insurance",
    "join_insurance and household_region in_region 430100",
    'enterprise_type == "内资企业"',
    "floor_area <= 300",
    'not is_first_child and enterprise_type in ["内资企业", "个体工商户"]',
    "age(mother_id) >= 18 and mother_id in_region 430000",
    "days_between(birth_date, today()) <= 30",
    "defined(father_id) and not defined(marriage_date)",
    "capital >= 1000000 or (employees > 50 and floor_area / employees < 4.5)",
    "year(birth_date) == 2024 and birth_date >= 2024-05-31",
    'credit_code in_region 430102 and enterprise_type != "个体工商户"',
    "(join_insurance or is_first_child) and not (household_region in_region 440000)",
]
ENV = {
    "join_insurance": TypeInfo(FieldType.BOOLEAN),
    "is_first_child": TypeInfo(FieldType.BOOLEAN),
    "household_region": TypeInfo(FieldType.REGION),
    "enterprise_type": TypeInfo(FieldType.CHOICE, ("内资企业", "外商投资企业", "个体工商户")),
    "floor_area": TypeInfo(FieldType.DECIMAL),
    "capital": TypeInfo(FieldType.MONEY),
    "employees": TypeInfo(FieldType.INTEGER),
    "mother_id": TypeInfo(FieldType.ID_NUMBER),
    "father_id": TypeInfo(FieldType.ID_NUMBER),
    "credit_code": TypeInfo(FieldType.CREDIT_CODE),
    "birth_date": TypeInfo(FieldType.DATE),
    "marriage_date": TypeInfo(FieldType.DATE),
}


def per_condition(label: str, step: Callable[[str], object], rounds: int) -> None:
    start = time.perf_counter()
    for _ in range(rounds):
        for text in CONDITIONS:
            step(text)
    elapsed = time.perf_counter() - start
    micros = elapsed / (rounds * len(CONDITIONS)) * 1e6
    print(f"{label:<28} {micros:8.1f} µs per condition")


def main(rounds: int) -> None:
    start = time.perf_counter()
    parse_condition("a")  # builds the LALR tables once
    print(f"{'grammar load (once)':<28} {(time.perf_counter() - start) * 1e3:8.1f} ms")
    print(f"{len(CONDITIONS)} conditions × {rounds} rounds")
    per_condition("parse", parse_condition, rounds)
    per_condition("parse + check", lambda t: check_condition(parse_condition(t), ENV), rounds)
    per_condition("parse + jsonlogic", lambda t: to_jsonlogic(parse_condition(t), ENV), rounds)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
