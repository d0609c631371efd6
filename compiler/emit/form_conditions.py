"""The form's conditions as JSON Schema: visibility, requiredness and cross-field rules.

Each condition JSON Schema can state exactly (`compiler/conditions/json_schema.py`) becomes one
`if`/`then`/`else` in the form's `allOf`: `then` requires the fields needed when it holds,
`else` forbids the fields shown only when it holds (a field the form does not show must not
be sent: the departments receive nothing they did not ask for). A condition it cannot state
(dates ordered, `age()`, `in_region`) stays JsonLogic only, in `x-yjs-visible-if` /
`x-yjs-required-if` on the field, for the platform's own engine.

Rules (`rules:`) are enforced where JSON Schema can carry them: `x <= today()` on a date field
as the format `yjs-date-not-future`; a check JSON Schema can state as `if` (the rule applies
and every value it names is answered, as `compiler/answers.py` judges it) `then` (the check).
Every rule also travels as JsonLogic in `x-yjs.rules`, saying which way it is enforced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler import vocabulary
from compiler.conditions.ast import Call, Compare, Node, Ref, references
from compiler.conditions.json_schema import to_schema_if
from compiler.emit.condition_data import Conditions
from compiler.plan import FormField, Plan, PlannedRule, condition_words

ENFORCED_BY_FORMAT = "format"
ENFORCED_BY_SCHEMA = "if/then"
ENFORCED_BY_JSONLOGIC = "jsonlogic"


@dataclass(slots=True)
class _Block:
    test: dict[str, Any]
    words: str  # the condition in the applicant's words (questions and labels, never ids)
    required: dict[str, str] = field(default_factory=dict)  # id → label
    hidden: dict[str, str] = field(default_factory=dict)  # id → label


@dataclass(slots=True)
class FormConditions:
    """What the emitter writes: `allOf` blocks, field formats, and each rule's enforcement."""

    blocks: list[dict[str, Any]]
    future_dates: dict[str, str]  # date field → the rule's message
    rules: list[dict[str, Any]]


def form_conditions(
    plan: Plan, fields: list[FormField], names: set[str], condition: Conditions
) -> FormConditions:
    """`fields` in form order; `names` are the form's properties (situations included);
    `condition` writes the rules' JsonLogic (the form's memo of the plan's conditions)."""
    blocks: dict[str, _Block] = {}
    words = condition_words(plan)
    # The block of each condition node, by identity: the plan shares a condition's node among
    # the fields it gates, so the translation, the references and the words are worked out
    # once per node, not once per field (715 blocks looked up for 204 distinct nodes
    # over the 33 real plans). Blocks stay keyed by the condition's text, as before: two
    # nodes that read the same share one `if`. Each node is kept with its block, so no id is
    # reused while the memo lives.
    by_node: dict[int, tuple[Node, _Block | None]] = {}

    def block(node: Node) -> _Block | None:
        if (found := by_node.get(id(node))) is None:
            found = by_node[id(node)] = (node, _new_block(node))
        return found[1]

    def _new_block(node: Node) -> _Block | None:
        test = to_schema_if(node)
        if test is None or not set(references(node)) <= names:
            return None
        key = condition.text(node)
        if (known := blocks.get(key)) is None:
            known = blocks[key] = _Block(test, words(node))
        return known

    for f in fields:
        d = f.definition
        if f.when is not None and (shown := block(f.when)) is not None:
            shown.hidden[d.id] = d.label
        if f.asked and f.mandatory and f.mandatory_when is not None:
            needed = block(f.mandatory_when)
            if needed is not None:
                needed.required[d.id] = d.label
    dates = {f.definition.id for f in fields if f.definition.type is vocabulary.FieldType.DATE}
    future: dict[str, str] = {}
    rules, rule_blocks = [], []
    for planned in plan.rules:
        how = ENFORCED_BY_JSONLOGIC
        if planned.when is None and (date := _not_future(planned.check)) in dates:
            future[date] = planned.rule.message
            how = ENFORCED_BY_FORMAT
        elif (enforced := _rule_block(planned, names)) is not None:
            rule_blocks.append(enforced)
            how = ENFORCED_BY_SCHEMA
        rules.append(_rule(planned, condition, how))
    out = [_block_schema(b) for b in blocks.values()] + rule_blocks
    return FormConditions(out, future, rules)


def _block_schema(b: _Block) -> dict[str, Any]:
    out: dict[str, Any] = {"if": b.test}
    if b.required:
        out["then"] = {
            "required": list(b.required),
            "errorMessage": {
                "required": {f: f"请填写“{label}”" for f, label in b.required.items()}
            },
        }
    if b.hidden:
        out["else"] = {
            "properties": dict.fromkeys(b.hidden, False),
            "errorMessage": {
                "properties": {
                    f: f"按前面的回答，无需填写“{label}”，请删除" for f, label in b.hidden.items()
                }
            },
        }
    # ajv also reports the `if` keyword itself ("must match then schema"): say it in words.
    out["errorMessage"] = {"if": _explain(b)}
    return out


def _explain(b: _Block) -> str:
    needed = "、".join(f"“{label}”" for label in b.required.values())
    hidden = "、".join(f"“{label}”" for label in b.hidden.values())
    if not hidden:
        return f"{b.words}时，须填写{needed}"
    if not needed:
        return f"{hidden}仅在{b.words}时填写"
    return f"{b.words}时须填写{needed}；否则不填写{hidden}"


def _not_future(check: Node) -> str | None:
    """The date field `x` of a check `x <= today()` (or `today() >= x`), else None."""
    if not isinstance(check, Compare):
        return None
    left, op, right = check.left, check.op, check.right
    if op == ">=":
        left, right, op = right, left, "<="
    today = isinstance(right, Call) and right.name == "today" and not right.args
    return left.name if op == "<=" and isinstance(left, Ref) and today else None


def _rule_block(planned: PlannedRule, names: set[str]) -> dict[str, Any] | None:
    """`if` the rule applies and its values are answered `then` its check, or None."""
    check = to_schema_if(planned.check)
    named = list(dict.fromkeys(references(planned.check)))
    if check is None or not set(named) <= names:
        return None
    applies: list[dict[str, Any]] = [{"required": named}]
    if planned.when is not None:
        when = to_schema_if(planned.when)
        if when is None or not set(references(planned.when)) <= names:
            return None
        applies.insert(0, when)
    test = applies[0] if len(applies) == 1 else {"allOf": applies}
    message = planned.rule.message
    return {"if": test, "then": check | {"errorMessage": message}, "errorMessage": {"if": message}}


def _rule(planned: PlannedRule, condition: Conditions, how: str) -> dict[str, Any]:
    """A cross-field check (JsonLogic): `check` must hold when `when` does."""
    out: dict[str, Any] = {
        "id": planned.rule.id,
        "message": planned.rule.message,
        "check": condition.jsonlogic(planned.check),
    }
    if planned.when is not None:
        out["when"] = condition.jsonlogic(planned.when)
    out["enforced_by"] = how
    return out
