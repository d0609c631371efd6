"""The bundle's whole answer space, enumerated once: every combination of situation answers.

Situations have few answers each (yes/no, or a short list of choices), so when their product
is at most MAX_SPACE (2^16) every combination can be numbered, and a condition that names only
situations becomes a set of combinations: a bit mask over the numbers, where bit c is set when
the condition holds for combination c. `and`, `or`, `not`, `==`, `in` over situations are
bitwise operations on whole masks (microseconds for 65,536 combinations); anything else is
evaluated once per combination of the situations it names, within the bundle's Budget.

Every question the checks ask about situation-only conditions then has an exact answer read
off the masks: can it hold (mask ≠ 0), does it always hold (mask = full), does a situation's
answer change it, do two answers of one situation ever lead anywhere different.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from compiler import vocabulary
from compiler.conditions.ast import (
    Bool,
    BoolOp,
    Compare,
    ListExpr,
    Node,
    Not,
    Ref,
    Str,
    references,
)
from compiler.conditions.evaluate import evaluate
from compiler.conditions.satisfiable import Budget
from compiler.conditions.types import TypeInfo

_ANY_DAY = dt.date(2000, 1, 1)  # situations carry no dates: `today()` is irrelevant
MAX_SPACE = 1 << 16  # combinations of answers enumerated at most (16 yes/no situations)


@dataclass(slots=True)
class Space:
    """Situation `names` (spec order) with their `domains`; combination c gives situation i
    the answer domains[i][(c // strides[i]) % len(domains[i])]."""

    names: tuple[str, ...]
    domains: tuple[tuple[object, ...], ...]
    env: Mapping[str, TypeInfo]
    size: int
    strides: tuple[int, ...]
    full: int
    budget: Budget = field(default_factory=Budget)  # for conditions not done bitwise
    _values: dict[tuple[str, object], int] = field(default_factory=dict)
    _masks: dict[Node, int | None] = field(default_factory=dict)

    def value_mask(self, name: str, value: object) -> int:
        """The combinations in which situation `name` is answered `value`."""
        key = (name, value)
        if key not in self._values:
            i = self.names.index(name)
            k, stride = len(self.domains[i]), self.strides[i]
            period = k * stride
            block = ((1 << stride) - 1) << (self.domains[i].index(value) * stride)
            repeat = ((1 << self.size) - 1) // ((1 << period) - 1)
            self._values[key] = block * repeat
        return self._values[key]

    def mask(self, node: Node) -> int | None:
        """The combinations in which `node` holds; None when it names anything but situations
        (a form field), or when evaluating it one combination at a time costs more than the
        space's Budget has left."""
        if node in self._masks:
            return self._masks[node]
        named = references(node)
        result = None if any(name not in self.names for name in named) else self._bitwise(node)
        self._masks[node] = result
        return result

    def _bitwise(self, node: Node) -> int | None:
        if isinstance(node, Bool):
            return self.full if node.value else 0
        if isinstance(node, Ref):
            if self.env[node.name].type is vocabulary.FieldType.BOOLEAN:
                return self.value_mask(node.name, True)
            return self._enumerated(node)
        if isinstance(node, Not):
            inner = self.mask(node.operand)
            return None if inner is None else self.full & ~inner
        if isinstance(node, BoolOp):
            left, right = self.mask(node.left), self.mask(node.right)
            if left is None or right is None:
                return None
            return left & right if node.op == "and" else left | right
        if isinstance(node, Compare) and (held := self._compare(node)) is not None:
            return held
        return self._enumerated(node)

    def _compare(self, node: Compare) -> int | None:
        """`s == 'x'`, `s != 'x'`, `s in [...]`, `s not in [...]`, `b == true` as masks."""
        ref, other = (node.left, node.right) if isinstance(node.left, Ref) else (None, None)
        if ref is None and isinstance(node.right, Ref) and node.op in ("==", "!="):
            ref, other = node.right, node.left
        if not isinstance(ref, Ref):
            return None
        domain = self.domains[self.names.index(ref.name)]
        if node.op in ("in", "not in") and isinstance(other, ListExpr):
            wanted = [_literal(item) for item in other.items]
        elif node.op in ("==", "!=") and other is not None:
            wanted = [_literal(other)]
        else:
            return None
        if any(value is _NOT_LITERAL for value in wanted):
            return None
        held = 0
        for value in domain:
            if value in wanted:
                held |= self.value_mask(ref.name, value)
        return self.full & ~held if node.op in ("!=", "not in") else held

    def _enumerated(self, node: Node) -> int | None:
        """Any other condition: evaluated once per combination of the situations it names."""
        names = sorted(set(references(node)))
        domains = [self.domains[self.names.index(name)] for name in names]
        combinations = 1
        for domain in domains:
            combinations *= len(domain)
        if not self.budget.spend(node, combinations):
            return None
        held = 0
        for values in itertools.product(*domains):
            if evaluate(node, dict(zip(names, values, strict=True)), _ANY_DAY, self.env):
                part = self.full
                for name, value in zip(names, values, strict=True):
                    part &= self.value_mask(name, value)
                held |= part
        return held

    def projections(self, mask: int, name: str) -> list[int]:
        """`mask` seen from each answer of `name`: entry v is the combinations (with `name`'s
        digit set to its first answer) in which the condition holds when `name` answers v.
        Two equal entries are two answers the condition cannot tell apart."""
        i = self.names.index(name)
        stride = self.strides[i]
        first = self.value_mask(name, self.domains[i][0])
        return [
            (mask & self.value_mask(name, value)) >> (v * stride) & first
            for v, value in enumerate(self.domains[i])
        ]


class _NotLiteral:
    pass


_NOT_LITERAL = _NotLiteral()


def _literal(node: Node) -> object:
    if isinstance(node, Str | Bool):
        return node.value
    return _NOT_LITERAL


def enumerate_space(
    situations: Sequence[str], env: Mapping[str, TypeInfo]
) -> tuple[Space | None, int]:
    """The space of `situations` (those with a closed set of answers) and its size; no Space
    when the size passes MAX_SPACE (the size is then cut off just above it)."""
    names: list[str] = []
    domains: list[tuple[object, ...]] = []
    size = 1
    for name in situations:
        domain = tuple(_domain(env[name]))
        if not domain:
            continue  # no closed set of answers: conditions naming it are not enumerated
        names.append(name)
        domains.append(domain)
        size = min(size * len(domain), MAX_SPACE + 1)
    if size > MAX_SPACE:
        return None, size
    strides, stride = [], 1
    for domain in domains:
        strides.append(stride)
        stride *= len(domain)
    full = (1 << size) - 1
    space = Space(tuple(names), tuple(domains), env, size, tuple(strides), full)
    return space, size


def _domain(info: TypeInfo) -> list[object]:
    if info.type is vocabulary.FieldType.BOOLEAN:
        return [True, False]
    return list(dict.fromkeys(info.choices))
