"""A condition as the artefacts write it: `{text, jsonlogic}`, once per distinct condition.

routing.json, the department slices and form.schema.json's provenance all write conditions this
way; `Conditions` is that writing, memoised for one plan (`Conditions.of`) and shared by the
artefacts written from it.
"""

from __future__ import annotations

from typing import Any

from compiler.conditions.ast import Node
from compiler.conditions.format import format_condition
from compiler.conditions.jsonlogic import JsonLogic, to_jsonlogic
from compiler.plan import Plan


class Conditions:
    """A condition both ways: canonical text for people, JsonLogic for the platform.

    Written out once per distinct condition of the plan and shared wherever it recurs: a
    bundle's few conditions recur in every item, field, material and provenance entry
    (36,000 times at 4,000 synthetic items), and one copy each made routing.json's data,
    held until it is encoded, the largest thing alive during the emit (bench/step.py,
    tracemalloc). The encoded bytes are the same either way.

    Remembered by the node object, not by equality: `x > 1` equals `x > 1.0` as a node (the
    numbers compare equal) yet is written differently. The plan's conditions are shared
    objects (a condition's text is parsed once), so identity finds the recurrences; each node
    is kept with its data, so no id is reused while the memo lives.
    """

    def __init__(self, plan: Plan) -> None:
        self._plan = plan  # held, so `of` never takes another plan's memo for this one
        self._env = plan.env
        self._seen: dict[int, tuple[Node, dict[str, Any]]] = {}
        self._logic: dict[int, tuple[Node, JsonLogic]] = {}
        self._text: dict[int, tuple[Node, str]] = {}

    @classmethod
    def of(cls, plan: Plan) -> Conditions:
        """The plan's one memo, shared by the artefacts written from it one after the other
        (routing.json, form.schema.json, the department slices): they write the same nodes,
        and each making its own translated each node up to three times (5 runs over the 33
        real plans: to_jsonlogic 4,015 calls and format_condition 3,885 for the 1,555 distinct
        nodes, which is all it is called for now). The last plan's memo is remembered by the
        plan's identity (`emit_bundle` runs all of a plan's emitters before the next plan);
        what it hands out is read-only data."""
        last = _last[0]
        if last is None or last._plan is not plan:
            last = _last[0] = cls(plan)
        return last

    def __call__(self, node: Node | None) -> dict[str, Any] | None:
        if node is None:
            return None
        if (found := self._seen.get(id(node))) is None:
            data = {"text": self.text(node), "jsonlogic": self.jsonlogic(node)}
            found = self._seen[id(node)] = (node, data)
        return found[1]

    def jsonlogic(self, node: Node) -> JsonLogic:
        """The condition's JsonLogic alone, memoised the same way: form.schema.json writes a
        field's `x-yjs-visible-if` and the `when` of its provenance from the same few nodes
        (900 translations of 270 distinct nodes over the 33 real plans)."""
        if (found := self._logic.get(id(node))) is None:
            found = self._logic[id(node)] = (node, to_jsonlogic(node, self._env))
        return found[1]

    def text(self, node: Node) -> str:
        """The condition's canonical text alone, memoised the same way (form.schema.json keys
        its `if` blocks by it and writes it again in the provenance)."""
        if (found := self._text.get(id(node))) is None:
            found = self._text[id(node)] = (node, format_condition(node))
        return found[1]


_last: list[Conditions | None] = [None]  # the memo `Conditions.of` handed out last
