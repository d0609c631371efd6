"""Applications for a generated form, built from the plan, with the spec's verdict on each.

`applications(plan, schema, rng)` draws situation answers and choices at random and fills every
field the spec shows for those answers (per `compiler.conditions.evaluate`, not per the schema)
with a value of its type: the instance a correct form would send. `verdict` says whether the
spec accepts an instance, by the rules the schema claims to enforce (`enforced_by`); the tests
compare it with jsonschema's and ajv's. No hypothesis-jsonschema: it knows neither our formats
nor, in reasonable time, forms with dozens of if/then blocks.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from re import _parser as sre  # type: ignore[attr-defined]
from typing import Any

from compiler import validators
from compiler.conditions.ast import Compare, Number, Ref, children, references
from compiler.conditions.evaluate import evaluate
from compiler.plan import FormField, Plan

TODAY = dt.date(2026, 11, 30)


def regex_example(pattern: str, rng: random.Random) -> str:
    """A string the (simple, anchored) pattern fully matches: literals, classes, repeats, groups."""
    out: list[str] = []

    def walk(items: Any) -> None:
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(arg))
            elif name == "IN":
                choices: list[str] = []
                for kind, value in arg:
                    if str(kind) == "LITERAL":
                        choices.append(chr(value))
                    elif str(kind) == "RANGE":
                        choices += [chr(c) for c in range(value[0], value[1] + 1)]
                    elif str(kind) == "CATEGORY":
                        choices += list("0123456789")
                out.append(rng.choice(choices))
            elif name in ("MAX_REPEAT", "MIN_REPEAT"):
                low, high, sub = arg
                for _ in range(rng.randint(low, min(high, low + 3))):
                    walk(sub)
            elif name == "SUBPATTERN":
                walk(arg[-1])
            elif name == "BRANCH":
                walk(rng.choice(arg[1]))
            elif name == "AT":
                continue
            else:
                raise ValueError(f"regex_example: {name} in {pattern}")

    walk(sre.parse(pattern))
    text = "".join(out)
    assert re.fullmatch(pattern, text), (pattern, text)
    return text


def sample_value(schema: dict[str, Any], rng: random.Random) -> Any:
    """A valid value for a field's schema (type, choices, format, pattern, bounds)."""
    if "oneOf" in schema:
        return rng.choice(schema["oneOf"])["const"]
    kind = schema["type"]
    if kind == "boolean":
        return rng.random() < 0.5
    if kind in ("integer", "number"):
        low = schema.get("minimum", 1)
        high = schema.get("maximum", low + 1000)
        return rng.randint(int(low) + 1 if low < high else int(low), int(high))
    if kind == "array":
        count = schema.get("minItems", 1) or 1
        entry = schema["items"]
        return [
            {k: sample_value(sub, rng) for k, sub in entry["properties"].items()}
            for _ in range(count)
        ]
    fmt = schema.get("format")
    if fmt == validators.ID_NUMBER_FORMAT:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 20000))
        first = f"4301{rng.randint(10, 99)}{born:%Y%m%d}{rng.randint(100, 999)}"
        return first + validators.id_number_check_char(first)
    if fmt == validators.CREDIT_CODE_FORMAT:
        first = f"914301{rng.randint(10, 99)}MA4L{rng.randint(10000, 99999)}"
        return first + validators.credit_code_check_char(first)
    if fmt in (validators.DATE_FORMAT, validators.DATE_NOT_FUTURE_FORMAT):
        return (dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))).isoformat()
    if "pattern" in schema:
        return regex_example(schema["pattern"], rng)
    return "测试" * rng.randint(1, 3)


class Oracle:
    """The spec's view of one application: what is shown, needed, and which rules fail."""

    def __init__(self, plan: Plan, schema: dict[str, Any]) -> None:
        self.plan, self.schema = plan, schema
        self.fields = {
            f.definition.id: f for f in plan.form if f.definition.id in schema["properties"]
        }
        self.enforced = {
            r["id"] for r in schema["x-yjs"]["rules"] if r["enforced_by"] != "jsonlogic"
        }

    def holds(self, node: Any, values: dict[str, Any]) -> bool:
        return node is None or evaluate(node, values, TODAY, self.plan.env)

    def shown(self, f: FormField, values: dict[str, Any]) -> bool:
        return self.holds(f.when, values)

    def needed(self, f: FormField, values: dict[str, Any]) -> bool:
        return f.asked and f.mandatory and self.holds(f.mandatory_when, values)

    def failed_rules(self, values: dict[str, Any]) -> list[str]:
        out = []
        for planned in self.plan.rules:
            if planned.rule.id not in self.enforced:
                continue
            if any(values.get(n) is None for n in references(planned.check)):
                continue
            if self.holds(planned.when, values) and not self.holds(planned.check, values):
                out.append(planned.rule.id)
        return out


def application(
    oracle: Oracle, rng: random.Random, fixed: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Answers and values drawn at random (`fixed` ones as given), keeping exactly the fields
    the spec shows for them."""
    values = {k: sample_value(p, rng) for k, p in oracle.schema["properties"].items()}
    values |= fixed or {}
    while True:  # drop hidden fields until none is left: a field may hide behind a hidden one
        kept = {
            k: v
            for k, v in values.items()
            if k not in oracle.fields or oracle.shown(oracle.fields[k], values)
        }
        if kept == values:
            return values
        values = kept


def domain(schema: dict[str, Any], rng: random.Random, numbers: tuple[int, ...] = ()) -> list[Any]:
    """Values worth trying for a referenced field: every choice, both booleans; for a number,
    each side of every number the condition compares with (`premises_area > 50`: 49, 50, 51),
    within the field's bounds; else a few samples."""
    if "oneOf" in schema:
        return [option["const"] for option in schema["oneOf"]]
    if schema.get("type") == "boolean":
        return [True, False]
    samples = [sample_value(schema, rng) for _ in range(3)]
    if schema.get("type") in ("integer", "number") and numbers:
        low, high = schema.get("minimum", -(10**9)), schema.get("maximum", 10**9)
        edges = sorted({n + d for n in numbers for d in (-1, 0, 1) if low <= n + d <= high})
        return edges + samples
    return samples


def _numbers(node: Any) -> dict[str, tuple[int, ...]]:
    """Field → the whole numbers the condition compares it with (`premises_area > 50`)."""
    found: dict[str, list[int]] = {}
    if isinstance(node, Compare):
        for ref, number in ((node.left, node.right), (node.right, node.left)):
            if isinstance(ref, Ref) and isinstance(number, Number):
                found.setdefault(ref.name, []).append(int(number.value))
    for child in children(node):
        for name, numbers in _numbers(child).items():
            found.setdefault(name, []).extend(numbers)
    return {name: tuple(dict.fromkeys(numbers)) for name, numbers in found.items()}


def both_ways(oracle: Oracle, node: Any, rng: random.Random) -> dict[bool, dict[str, Any]]:
    """An application where `node` holds and one where it does not, where the spec allows it.

    Tries every combination of the values it names (at most 1,024), each on fresh random
    applications (a few, since a random one may break a rule the schema enforces), so the
    search is exhaustive for conditions on situations and choices.
    """
    import itertools

    props = oracle.schema["properties"]
    names = list(dict.fromkeys(references(node)))
    found: dict[bool, dict[str, Any]] = {}
    numbers = _numbers(node)
    domains = [domain(props[n], rng, numbers.get(n, ())) for n in names]
    combos = list(itertools.islice(itertools.product(*domains), 1024))
    for _ in range(8):
        for combo in combos:
            app = application(oracle, rng, dict(zip(names, combo, strict=True)))
            if not oracle.failed_rules(app):
                found.setdefault(oracle.holds(node, app), app)
            if len(found) == 2:
                return found
    return found
