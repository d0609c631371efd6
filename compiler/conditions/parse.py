"""Condition text → AST (`dsl/condition.lark`, lark LALR), or a ConditionError in Chinese.

Owns the grammar's Python side: building nodes with spans from lark's tree and turning lark's
exceptions into E301 messages that say what is wrong in words. Lark's own exception text never
reaches the user. Hints for the usual slips (full-width punctuation, 且/或/等于 …) live in
`parse_errors.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from decimal import Decimal
from functools import cache
from importlib import resources

from lark import (
    Lark,
    Token,
    Tree,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)
from lark.parsers.lalr_parser_state import ParserState

from compiler.conditions import parse_errors
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
from dsl.diagnostics import Code
from dsl.lark_cache import cached_lark


class ConditionError(Exception):
    """A condition that does not parse: E301 with offsets into the condition text.

    `message` is the full E301 message; `problem` the part after the colon.
    """

    def __init__(
        self,
        code: Code,
        message: str,
        offset_start: int,
        offset_end: int,
        hint: str | None = None,
        problem: str = "",
        args: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset_start = offset_start
        self.offset_end = offset_end
        self.hint = hint
        self.problem = problem or message
        self.args = args  # what `message` was formatted from (for --lang)


# Limits that keep every pass over a condition cheap and its recursion shallow (E133). A
# condition's AST is at most MAX_DEPTH + MAX_TERMS deep: a chain `a or b or …` nests to the left
# one level per term, but it is counted as one level of nesting and as many terms. Real
# conditions have a handful of terms; longer ones read better as a situation of their own.
MAX_CHARS = 2000
MAX_TERMS = 100
MAX_DEPTH = 100
_BINARY = {"or_", "and_", "add", "sub", "mul", "div", "compare", "in_", "not_in", "in_region"}
_CHAIN = {"or_": "or", "and_": "and", "add": "+", "sub": "+", "mul": "*", "div": "*"}
_SPLIT_HINT = "把条件拆开：为其中一部分定义一个情形（situation），在这里引用情形的标识"


@cache
def _parser() -> Lark:
    grammar = resources.files("dsl").joinpath("condition.lark").read_text(encoding="utf-8")
    return cached_lark(
        grammar,
        "condition",
        parser="lalr",
        lexer="basic",
        propagate_positions=True,
        maybe_placeholders=True,
    )


def parse_condition(text: str) -> Node:
    """Parse one condition; raise ConditionError: E301 when it is not well formed, E133 when
    it is beyond the limits above.

    >>> from compiler.conditions.format import format_condition
    >>> format_condition(parse_condition("not(a or b)and c"))
    'not (a or b) and c'
    """
    if not text.strip():
        raise _error(text, "条件是空的", 0, len(text), "写出条件，或删去这一行")
    if len(text) > MAX_CHARS:
        problem = f"有 {len(text)} 个字符，上限是 {MAX_CHARS} 个"
        raise _too_large(problem, len(text), _SPLIT_HINT)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as err:
        raise _from_lark(text, err) from None
    terms, depth, nots = _measure(tree)
    if terms > MAX_TERMS:
        problem = f"有 {terms} 项，上限是 {MAX_TERMS} 项"
        raise _too_large(problem, len(text), _SPLIT_HINT)
    if depth > MAX_DEPTH:
        problem = f"嵌套 {depth} 层，上限是 {MAX_DEPTH} 层"
        hint = _SPLIT_HINT + ("；`not not a` 就是 `a`，成对的 not 可以删去" if nots > 1 else "")
        raise _too_large(problem, len(text), hint)
    return _build(tree, text)


def _measure(tree: Tree) -> tuple[int, int, int]:
    """(terms, nesting depth, `not`s) of a parse tree, without recursion.

    Terms are the operands of binary operators (a list or a call is one). A chain of one
    operator (`a or b or c`, `x + y - z`) is one level of nesting however long it is: its
    length is what the term limit bounds.
    """
    operators = nots = deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        operators += node.data in _BINARY
        nots += node.data == "not_"
        chain = _CHAIN.get(str(node.data))
        for child in node.children:
            if isinstance(child, Tree):
                same = chain is not None and _CHAIN.get(str(child.data)) == chain
                stack.append((child, depth if same else depth + 1))
    return operators + 1, deepest, nots


def _too_large(problem: str, length: int, hint: str) -> ConditionError:
    message = Code.E133.template.format(problem=problem)
    args = (("problem", problem),)
    return ConditionError(Code.E133, message, 0, length, hint, problem, args)


def _error(text: str, problem: str, start: int, end: int, hint: str | None) -> ConditionError:
    message = Code.E301.template.format(condition=text.strip(), problem=problem)
    args = (("condition", text.strip()), ("problem", problem))
    return ConditionError(Code.E301, message, start, max(end, start), hint, problem, args)


def _from_lark(text: str, err: UnexpectedInput) -> ConditionError:
    if isinstance(err, UnexpectedCharacters):
        # lark declares `pos_in_stream = None` on the base class; its lexer sets the offset.
        start: int = err.pos_in_stream  # type: ignore[assignment]
        problem, hint, end = parse_errors.bad_character(text, start)
        return _error(text, problem, start, end, hint)
    token = err.token if isinstance(err, UnexpectedToken) else None
    if token is None or token.type == "$END":
        start = end = len(text)
    else:
        start, end = token.start_pos, token.end_pos
    _forget_depth(err)
    examples = parse_errors.EXAMPLES
    label = err.match_examples(_parse_example, examples, token_type_match_fallback=True)
    if label is not None and _token_type(err) in _example_token_types()[label]:
        problem, hint = label
    else:
        problem, hint = parse_errors.unexpected(token, _expected(err))
    return _error(text, problem, start, end, hint)


def _expected(err: UnexpectedInput) -> Collection[str]:
    """Terminal names the parser could have taken instead (lark's `accepts` when it knows)."""
    if isinstance(err, UnexpectedToken):
        return err.accepts or err.expected
    if isinstance(err, UnexpectedEOF):
        return err.expected
    return set()


def _forget_depth(err: UnexpectedInput) -> None:
    """Key the error on the LALR state alone: lark's ParserState also compares stack depth,
    so `a b` and `(a b)` would need separate examples."""
    if isinstance(err.state, ParserState):
        err.state = err.state.position


def _parse_example(text: str) -> Tree:
    try:
        return _parser().parse(text)
    except UnexpectedInput as err:
        _forget_depth(err)
        raise


def _token_type(err: UnexpectedInput) -> str:
    return err.token.type if isinstance(err, UnexpectedToken) else "$END"


@cache
def _example_token_types() -> dict[parse_errors.Label, frozenset[str]]:
    """For each example label, the token types its examples fail on.

    `match_examples` also answers when only the parser state matches; a label is only used
    when the offending token is of a kind its examples show (`a,b` is not an extra `)`).
    """
    found: dict[parse_errors.Label, set[str]] = {}
    for label, examples in parse_errors.EXAMPLES:
        for example in examples:
            try:
                _parse_example(example)
            except UnexpectedInput as err:
                found.setdefault(label, set()).add(_token_type(err))
    return {label: frozenset(types) for label, types in found.items()}


def _span(tree: Tree) -> tuple[int, int]:
    return (tree.meta.start_pos, tree.meta.end_pos)


def _build(tree: Tree | Token | None, text: str) -> Node:
    assert isinstance(tree, Tree)  # the grammar wraps every token in a rule
    return _BUILDERS[str(tree.data)](tree, text)


def _kids(tree: Tree, text: str) -> list[Node]:
    return [_build(c, text) for c in tree.children if isinstance(c, Tree)]


def _token(tree: Tree) -> Token:
    token = tree.children[0]
    assert isinstance(token, Token)
    return token


def _string(tree: Tree, text: str) -> Node:
    return Str(parse_errors.unescape(_token(tree)[1:-1]), span=_span(tree))


def _number(tree: Tree, text: str) -> Node:
    raw = str(_token(tree))
    value: int | Decimal = Decimal(raw) if "." in raw else int(raw)
    return Number(value, span=_span(tree))


def _date(tree: Tree, text: str) -> Node:
    raw = str(_token(tree))
    try:
        return Date(dt.date.fromisoformat(raw), span=_span(tree))
    except ValueError:
        start, end = _span(tree)
        hint = "日期写作 年-月-日，月和日各两位，如 2023-05-31"
        raise _error(text, f"日期 {raw} 不存在", start, end, hint) from None


def _call(tree: Tree, text: str) -> Node:
    name = tree.children[0]
    args = tuple(_build(c, text) for c in tree.children[1:] if c is not None)
    return Call(str(name), args, span=_span(tree))


def _compare(tree: Tree, text: str) -> Node:
    left, op, right = tree.children
    assert isinstance(op, Token)
    return Compare(op.value, _build(left, text), _build(right, text), span=_span(tree))


def _binary(make: Callable[..., Node]) -> Callable[[Tree, str], Node]:
    def build(tree: Tree, text: str) -> Node:
        left, right = _kids(tree, text)
        return make(left, right, span=_span(tree))

    return build


def _op(cls: type, op: str) -> Callable[[Tree, str], Node]:
    return _binary(lambda left, right, span: cls(op, left, right, span=span))


def _unary(cls: type) -> Callable[[Tree, str], Node]:
    return lambda tree, text: cls(_kids(tree, text)[0], span=_span(tree))


_BUILDERS: dict[str, Callable[[Tree, str], Node]] = {
    "string": _string,
    "number": _number,
    "date": _date,
    "true": lambda tree, text: Bool(True, span=_span(tree)),
    "false": lambda tree, text: Bool(False, span=_span(tree)),
    "ref": lambda tree, text: Ref(str(_token(tree)), span=_span(tree)),
    "call": _call,
    "list": lambda tree, text: ListExpr(tuple(_kids(tree, text)), span=_span(tree)),
    "neg": _unary(Neg),
    "not_": _unary(Not),
    "add": _op(Arith, "+"),
    "sub": _op(Arith, "-"),
    "mul": _op(Arith, "*"),
    "div": _op(Arith, "/"),
    "and_": _op(BoolOp, "and"),
    "or_": _op(BoolOp, "or"),
    "compare": _compare,
    "in_": _op(Compare, "in"),
    "not_in": _op(Compare, "not in"),
    "in_region": _op(Compare, "in_region"),
}
