"""Whether a regular expression can match text that starts with a given character.

`fast_path` takes the blanks before a token in the same match as the token, instead of as an
ignored token of their own; that reads a text as lark does only while no terminal but the
ignored one can start with a blank. This answers that from the expression itself (Python's own
parse of it), erring towards "it can": an element it does not know counts as matching anything.
"""

from __future__ import annotations

from re import _constants as sre, _parser as sre_parse
from typing import Any

_SPACE = (sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE)
_NOT_SPACE = (sre.CATEGORY_NOT_SPACE, sre.CATEGORY_UNI_NOT_SPACE)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)  # they only narrow what follows


def plain_first(pattern: str, flags: int) -> str | None:
    """The characters a match of `pattern` can start with, when its first element is one
    character, or a run of one from a class of plain characters (`[ \\t\\f\\r]+`); else None."""
    try:
        items = list(sre_parse.parse(pattern, flags))
    except Exception:
        return None
    if not items:
        return None
    op, av = items[0]
    if op == sre.MAX_REPEAT and av[0] >= 1 and len(av[2]) == 1:
        op, av = next(iter(av[2]))
    if op == sre.LITERAL:
        return chr(av)
    if op != sre.IN or any(kind != sre.LITERAL for kind, _ in av):
        return None
    return "".join(chr(code) for _, code in av)


def may_start_with(pattern: str, flags: int, chars: str) -> bool:
    """True unless no match of `pattern` can begin with any of `chars` (blanks, in practice)."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except Exception:  # whatever Python cannot parse here: assume the worst
        return True
    return any(_sequence(list(parsed), char)[0] for char in chars)


def _sequence(items: list[Any], char: str) -> tuple[bool, bool]:
    """(may start with `char`, may match the empty string) for elements in sequence."""
    starts = False
    for op, av in items:
        first, empty = _element(op, av, char)
        starts = starts or first
        if not empty:
            return starts, False
    return starts, True


def _element(op: Any, av: Any, char: str) -> tuple[bool, bool]:
    if op == sre.LITERAL:
        return av == ord(char), False
    if op == sre.NOT_LITERAL:
        return av != ord(char), False
    if op == sre.IN:
        return _in(av, char), False
    if op == sre.SUBPATTERN:
        return _sequence(list(av[-1]), char)
    if op == sre.ATOMIC_GROUP:
        return _sequence(list(av), char)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, _, inner = av
        first, empty = _sequence(list(inner), char)
        return first, empty or low == 0
    if op == sre.BRANCH:
        branches = [_sequence(list(branch), char) for branch in av[1]]
        return any(first for first, _ in branches), any(empty for _, empty in branches)
    if op in _ZERO_WIDTH:
        return False, True
    return True, True  # ANY, back references, anything else: it might


def _in(items: list[Any], char: str) -> bool:
    """Whether a character class `[…]` takes `char`."""
    code, negate, hit = ord(char), False, False
    for op, av in items:
        if op == sre.NEGATE:
            negate = True
        elif op == sre.LITERAL:
            hit = hit or av == code
        elif op == sre.RANGE:
            hit = hit or av[0] <= code <= av[1]
        elif op == sre.CATEGORY and av in _SPACE + _NOT_SPACE:
            hit = hit or (char.isspace() == (av in _SPACE))
        else:
            return True  # another category or class kind: it might
    return hit != negate
