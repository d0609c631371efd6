"""Whether a condition over situations can hold: exact, by trying every combination of answers.

Situations have few answers (yes/no, or a short list of choices), so a condition that names
only situations is decided by enumeration; one that names form fields is undecidable here
(None), and callers give the spec the benefit of the doubt. The enumeration grows
exponentially with the situations a condition names, so above MAX_COMBINATIONS it is not
tried either, nor past a bundle's Budget: the answer is None, and `answer_space` lets a check
tell the user so (W504).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Set

from compiler import vocabulary
from compiler.conditions.ast import Node, children, references
from compiler.conditions.evaluate import evaluate
from compiler.conditions.types import TypeInfo

# Above this many combinations a condition is not decided (None): callers give the spec the
# benefit of the doubt, and checks that skip a decision say so with W504.
MAX_COMBINATIONS = 4096
# Node evaluations one bundle's checks may spend on enumeration (`Budget`): each decision is
# bounded by MAX_COMBINATIONS, but a hostile bundle can ask for one per item and material.
# The most any scenario in this repository spends is about 31,000.
MAX_EVALUATIONS = 1_000_000
_ANY_DAY = dt.date(2000, 1, 1)  # situations carry no dates; `today()` is irrelevant here


def answer_space(node: Node, env: Mapping[str, TypeInfo], situations: Set[str]) -> int | None:
    """How many combinations of situation answers `satisfiable` would try for `node`.

    None when `node` names a form field (then nothing is enumerated). The product is cut off
    just above MAX_COMBINATIONS, so it stays a small number however many situations there are.
    """
    names = set(references(node))
    if any(name not in situations for name in names):
        return None
    size = 1
    for count in sorted(len(_domain(env[name])) for name in names):  # a 0 first ends at 0
        size *= count
        if size > MAX_COMBINATIONS:
            return MAX_COMBINATIONS + 1
    return size


class Budget:
    """Node evaluations one bundle may still spend on enumeration (MAX_EVALUATIONS at first).

    Counted from the size of each condition times its combinations, not from a clock, so the
    same spec always gets the same decisions and the same diagnostics.
    """

    def __init__(self) -> None:
        self.left = MAX_EVALUATIONS

    def spend(self, node: Node, combinations: int) -> bool:
        """Take the most deciding `node` can cost; False (nothing taken) when that is too much."""
        nodes, stack = 0, [node]
        while stack:
            nodes += 1
            stack.extend(children(stack.pop()))
        if nodes * combinations > self.left:
            return False
        self.left -= nodes * combinations
        return True


def satisfiable(
    node: Node, env: Mapping[str, TypeInfo], situations: Set[str], budget: Budget | None = None
) -> bool | None:
    """True/False when `node` names only situations and has at most MAX_COMBINATIONS
    combinations of answers (that `budget` can pay for); None otherwise (undecided)."""
    size = answer_space(node, env, situations)
    if size is None or size > MAX_COMBINATIONS:
        return None
    if budget is not None and not budget.spend(node, size):
        return None
    names = sorted(set(references(node)))
    domains = [_domain(env[name]) for name in names]
    for values in itertools.product(*domains):
        if evaluate(node, dict(zip(names, values, strict=True)), _ANY_DAY, env):
            return True
    return False


def _domain(info: TypeInfo) -> list[object]:
    if info.type is vocabulary.FieldType.BOOLEAN:
        return [True, False]
    return list(info.choices)
