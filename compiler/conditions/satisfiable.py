"""Whether a condition over situations can hold: exact, by trying every combination of answers.

Situations have few answers (yes/no, or a short list of choices), so a condition that names
only situations is decided by enumeration; one that names form fields is undecidable here
(None), and callers give the spec the benefit of the doubt.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Set

from compiler import ir
from compiler.conditions.ast import Node, references
from compiler.conditions.evaluate import evaluate
from compiler.conditions.types import TypeInfo

MAX_COMBINATIONS = 4096
_ANY_DAY = dt.date(2000, 1, 1)  # situations carry no dates; `today()` is irrelevant here


def satisfiable(node: Node, env: Mapping[str, TypeInfo], situations: Set[str]) -> bool | None:
    """True/False when `node` names only situations; None when it also names fields."""
    names = sorted(set(references(node)))
    if any(name not in situations for name in names):
        return None
    domains = [_domain(env[name]) for name in names]
    size = 1
    for domain in domains:
        size *= len(domain)
    if size > MAX_COMBINATIONS:
        return None
    for values in itertools.product(*domains):
        if evaluate(node, dict(zip(names, values, strict=True)), _ANY_DAY, env):
            return True
    return False


def _domain(info: TypeInfo) -> list[object]:
    if info.type is ir.FieldType.BOOLEAN:
        return [True, False]
    return list(info.choices)
