"""When an applicant must hand a material in: decided once, over the answer space.

A material is needed when an item that lists it is handled (and its own `when` holds). It need
not be handed in when the bundle itself produces it (a result of an item that is handled) or an
e-licence can be fetched. The applicant therefore submits it exactly when it is needed and no
producer is handled: the *remainder* `needed ∧ ¬produced`. Printing "needed when N; exempt when
P" instead lets the notice contradict itself (newborn listed 参保登记信息 under 需要提交 although
the only item needing it runs only when the item producing it does).

`decide` settles the remainder by trying every combination of situation answers, within the
bounds of `AnswerSpace.satisfiable` (MAX_COMBINATIONS per condition, a Budget per bundle):

- never holds → 免提交, for the production reason;
- needed and produced never overlap → submitted whenever needed, no exemption note;
- otherwise → submitted only under the remainder, exempt under the producer's condition.

A condition naming a form field, or past the bounds, is undecided: the plan keeps the literal
remainder (`N 且并非 P`), which is true whatever the answers, and marks it `decided=False`.
The notice, the metrics and routing.json all read this one verdict from the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from compiler.analysis import AnswerSpace
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
from compiler.conditions.combine import both
from compiler.conditions.satisfiable import Budget


@dataclass(frozen=True, slots=True)
class Verdict:
    submit: bool  # False: never handed in where it is needed
    submit_when: Node | None  # with submit: handed in exactly when this holds (None = always)
    exempt_when: Node | None  # with submit: exempt (produced here) when this holds
    decided: bool  # False: a condition names a form field or is past the bounds


def negate(node: Node) -> Node:
    """`not node`, with negations pushed through `and`/`or` (De Morgan) and doubled ones dropped,
    so the sentence reads "A 选择“否”且 B 选择“否”" rather than "并非（A 或 B）".

    Comparisons are kept under `not`: on an unanswered field `not x == 1` holds while `x != 1`
    does not, so flipping the operator would change the meaning.
    """
    match node:
        case Not(operand=operand):
            return operand
        case BoolOp(op=op, left=left, right=right):
            return BoolOp("or" if op == "and" else "and", negate(left), negate(right))
        case Compare() | Call() | Ref() | Bool() | Str() | Number() | Date() | ListExpr():
            return Not(node)
        case Neg() | Arith():
            return Not(node)  # not boolean: check_conditions reports it before planning
        case _:
            assert_never(node)


def decide(
    needed: Node | None, produced: Node | None, answers: AnswerSpace, budget: Budget
) -> Verdict:
    """The verdict for a material needed when `needed` holds and produced in the bundle when
    `produced` holds (None: always), for a material no e-licence replaces."""
    if produced is None:
        return Verdict(False, None, None, True)
    remainder = both(needed, negate(produced))
    assert remainder is not None  # `negate` never gives None
    gap = answers.satisfiable(remainder, budget)
    if gap is False:
        return Verdict(False, None, None, True)
    overlap = answers.satisfiable(both(needed, produced) or produced, budget)
    if gap is True and overlap is False:  # produced only when it is not needed
        return Verdict(True, needed, None, True)
    decided = gap is not None and overlap is not None
    return Verdict(True, remainder, produced, decided)
