"""The .yjs parse without lark's per-token overhead, on lark's own tables: the common, valid case.

Measured on the three real scenarios (3,307 tokens, 60 KiB; `yaml.load` of the same data takes
4.0 ms): lark's `Lark.parse` alone took 12.6 ms, of which its LALR loop (`ParserState.feed_token`,
tokens fed from a list) 5.6 ms, a `Token` object per token 1.2 ms, and the lexer's method calls
and line counter the rest; the tree walk that follows took 4.1 ms more. No option of lark's
`parse` comes near 2× `yaml.load`, so this module drives lark's analysed grammar directly:

- the lexer is lark's contextual lexer: for each LALR state, the regular expression lark's
  `ContextualLexer` compiles for it (terminals and priorities from grammar.lark), matched in one
  loop, with lines counted the way lark's line counter does;
- the LALR(1) actions are lark's parse table for grammar.lark, applied in an inline loop;
- each reduction shapes its node as lark's ParseTreeBuilder does (read from lark's rules:
  filtered tokens, `_rule` inlining, `?rule` collapsing), and the rules that make a node build
  the syntax tree (`syntax_tree`) directly, as a transformer applied during the parse would.

So the syntax is still exactly grammar.lark's: this path accepts only what lark's table accepts,
and reads it alike. Whatever it cannot take (a character no terminal matches, a token with no
action, nesting deeper than MAX_DEPTH, a lexer callback it does not know) makes it give up
(None), and `parser` parses again with lark itself, whose failure becomes the coded diagnostic.
Escape problems (E128) come from the same decoder on both paths; the tests compare both paths
on every .yjs file, every spec printed as .yjs, and generated texts. The three scenarios now
parse in 7.6 ms instead of 20.1 ms (1.9× `yaml.load` instead of 5.0×, `python -m bench`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from lark import Lark
from lark.parsers.lalr_analysis import Shift

from dsl.source import Span
from dsl.yjs.first_chars import may_start_with, plain_first
from dsl.yjs.syntax_tree import Block, Condition, Entry, ListNode, Word, WordKind


class Decoder(Protocol):
    """What turns a token's text into a Word's value (parser._Reader, shared with lark's path)."""

    def unescape(self, body: str, span: Span) -> str: ...

    def condition_text(self, raw: str, line: int, column: int) -> Word: ...

    def long_text(self, raw: str) -> str: ...


SHIFT, UNIT, FIRST, APPEND, REDUCE = 0, 1, 2, 3, 4  # what an action does (see `_action`)
LEXER = " "  # the key of a state's lexer in its row (no symbol has a blank in its name)
# One LALR state: symbol → (SHIFT, next state's row) | (UNIT, rule name) | (FIRST or APPEND,
# (size, rule name)) | (REDUCE, Reduction); LEXER → `match` of the state's lexer expression.
# The parse stack holds rows, not state numbers: one dictionary lookup less per action.
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Tables:
    """lark's analysed parser for grammar.lark, in the shape the loop below reads it."""

    start: Row
    end: Row
    multiline: frozenset[str]  # terminals whose text may hold a newline (lark's own test)
    ignore: frozenset[str]


# (rule size, rule name, which children to keep and whether each is an inlined rule's list, the
# node maker (`_NODES`) or None for an inlined rule, whether a single child stands for the node)
Reduction = tuple[int, str, tuple[tuple[int, bool], ...], Callable[[list[Any]], Any] | None, bool]


def tables(lark: Lark) -> Tables | None:
    """Read lark's tables, or None when this lark builds them in a way the loop does not follow."""
    frontend: Any = lark.parser
    table, lexer = frontend.parser._parse_table, frontend.lexer
    ignores = {frozenset(b.ignore_types) for b in lexer.lexers.values()}
    multiline = frozenset().union(*(b.newline_types for b in lexer.lexers.values()))
    terminals = {t.name: t for t in lark.terminals}
    if len(ignores) != 1 or len(ignore := ignores.pop()) != 1 or ignore & multiline:
        return None
    skip = terminals[next(iter(ignore))].pattern.to_regexp()
    # Blanks are taken in front of the token rather than as a token of their own (a quarter of
    # all matches), where lark would read them as WS too: no other terminal can start there.
    prefix = skip if _blanks_apart(lark, ignore, skip, lark.options.g_regex_flags) else None
    reductions = _reductions(lark.rules)
    if reductions is None:
        return None
    # A lark Rule hashes in Python: each action carries what its reduction needs instead.
    rows: dict[int, Row] = {state: {} for state in table.states}
    for state, row in rows.items():
        row[LEXER] = _lexer(row, lexer.lexers[state], prefix)
    for state, row in table.states.items():
        for symbol, (action, arg) in row.items():
            kind, target = _action(action, arg, reductions)
            rows[state][symbol] = (kind, rows[target] if kind == SHIFT else target)
    if any(ignore & row.keys() for row in rows.values()):
        return None  # an ignored terminal the grammar also uses: `parse` skips it unasked
    _fold_units(rows.values(), {*terminals, "$END"})
    start, end = rows[table.start_states["start"]], rows[table.end_states["start"]]
    return Tables(start, end, multiline, ignore)


def _lexer(row: Row, basic: Any, prefix: str | None) -> Callable[[str, int], Any]:
    """The `match` of a state's lexer, made when first used (lark too builds each lazily)."""

    def first(text: str, pos: int) -> Any:
        match: Callable[[str, int], Any]
        try:
            (expression, *more) = basic.scanner._mres  # lark's expression for this state
            callbacks = set(basic.callback)
        except (AttributeError, TypeError, ValueError):  # a lark whose lexer looks otherwise
            more, callbacks = [None], set()
        if more or callbacks - {"_NL"}:
            match = _never  # split expressions or token-rewriting callbacks: lark's path only
        elif prefix is None:
            match = expression.match
        else:
            match = re.compile(f"(?:{prefix})?(?:{expression.pattern})", expression.flags).match
        row[LEXER] = match
        return match(text, pos)

    return first


def _never(text: str, pos: int) -> None:
    return None


def _blanks_apart(lark: Lark, ignore: frozenset[str], skip: str, flags: int) -> bool:
    """Whether the ignored terminal's first characters start no other terminal."""
    blanks = plain_first(skip, flags)
    others = [t.pattern.to_regexp() for t in lark.terminals if t.name not in ignore]
    return blanks is not None and not any(may_start_with(o, flags, blanks) for o in others)


def _fold_units(rows: Iterable[Row], terminals: set[str]) -> None:
    """Shift straight to the state a unit reduction would lead to, where that changes nothing.

    After `WORD` in a block, the parser's state T does one thing whatever comes next: reduce
    `?key: WORD` (the node is the token), exposing the state S below and going to U, S's goto on
    `key`. When T and U accept the same terminals, they have the same contextual lexer and
    refuse the same tokens, so shifting `WORD` from S right to U parses every input alike. A
    third of all actions on the real scenarios were such reductions.
    """
    for row in rows:
        for symbol, action in list(row.items()):
            if symbol == LEXER or action[0] != SHIFT:
                continue
            target = action[1]
            while (name := _unit(target)) is not None and name in row:
                after = row[name][1]
                if _accepts(after, terminals) != _accepts(target, terminals):
                    break
                target = after
            row[symbol] = (SHIFT, target)


def _unit(row: Row) -> str | None:
    """The rule name when every action of `row` is the same unit reduction."""
    actions = [action for symbol, action in row.items() if symbol != LEXER]
    first = actions[0] if actions else None
    if first is None or first[0] != UNIT or any(action != first for action in actions):
        return None
    return str(first[1])


def _accepts(row: Row, terminals: set[str]) -> set[str]:
    return {symbol for symbol in row if symbol in terminals}


def _action(action: Any, arg: Any, reductions: dict[Any, Reduction]) -> tuple[int, Any]:
    if action is Shift:
        return SHIFT, arg
    size, name, keep, build, single = reduction = reductions[arg]
    # The most frequent shapes have their own step in `parse` (each was a fifth or more of all
    # reductions of the real scenarios); the rest take the general one. An inlined rule's node
    # is the list of children it hands up, or the child itself when it is one (never a list).
    if size == 1 and keep == ((0, False),) and (single or build is None):
        return UNIT, name  # `?scalar: WORD`, `_element: scalar`: the node is the child itself
    if size == 1 and build is None and keep in ((), ((0, True),)):
        # `_sep: _NL` (a node never read), `_body: ___body_star_0` (the list passes through)
        return UNIT, name
    if size > 1 and build is None and keep in (((0, False),), ((0, True),)):
        return FIRST, (size, name)  # `___body_star_0: entry _sep`: the node is the first child
    if build is None and keep in (((0, True), (1, False)), ((0, True), (1, True))):
        # `___body_star_0: ___body_star_0 entry _sep`: the list so far, one more child
        return APPEND, (size, name)
    return REDUCE, reduction


def _reductions(rules: list[Any]) -> dict[Any, Reduction] | None:
    """Each rule's Reduction; positions of rules that never keep anything are not kept either."""
    shapes = {rule: _reduction(rule) for rule in rules}
    if any(shape is None for shape in shapes.values()):
        return None
    empty: set[str] = set()
    while True:  # `_sep` keeps nothing; a rule whose kept children are all such rules neither
        names = {rule.origin.name for rule in rules if rule.origin.name.startswith("_")}
        for rule, shape in shapes.items():
            if shape is not None and any(not _empty(rule, i, empty) for i, _ in shape[2]):
                names.discard(rule.origin.name)
        if names == empty:
            break
        empty = names
    out = {}
    for rule, shape in shapes.items():
        assert shape is not None
        size, name, keep, build, single = shape
        kept = tuple((i, inlined) for i, inlined in keep if not _empty(rule, i, empty))
        out[rule] = (size, name, kept, build, single)
    return out


def _empty(rule: Any, position: int, empty: set[str]) -> bool:
    symbol = rule.expansion[position]
    return not symbol.is_term and symbol.name in empty


def _reduction(rule: Any) -> Reduction | None:
    """How lark's ParseTreeBuilder shapes this rule's node (LALR, no placeholders, no positions).

    lark keeps a child unless it is a filtered-out token (`","`, `_NL`), splices the children of
    an inlined rule (`_body`, the `*` helpers), replaces a `?rule` node by its only child, and
    calls the transformer's method of the rule's name (here `_NODES`); None for what that does not cover.
    """
    keep_all = rule.options.keep_all_tokens
    keep = tuple(
        (i, not symbol.is_term and symbol.name.startswith("_"))
        for i, symbol in enumerate(rule.expansion)
        if keep_all or not (symbol.is_term and symbol.filter_out)
    )
    name = rule.origin.name
    single = bool(rule.options.expand1 and not rule.alias)
    method = _NODES.get(name)
    if rule.alias or rule.options.template_source or (name.startswith("_") and single):
        return None
    # a node with no method would be a lark Tree: only a `?rule` that always has one child
    tree = method is None and not name.startswith("_")
    if tree and not (single and len(keep) == 1 and not keep[0][1]):
        return None
    return len(rule.expansion), name, keep, method, single


def _entry(children: list[Any]) -> Entry:
    """`entry` and `record`: key, head words, then a block, list or condition if any."""
    first = children[0]
    if type(first) is Condition:
        return Entry(first.keyword, [], first)
    last = children[-1]
    if type(last) is Word:
        return Entry(first, children[1:])
    return Entry(first, children[1:-1], last)


def _block(children: list[Any]) -> Block:
    (file, line, column), (end_line, end_column) = children[0], children[-1]
    return Block(children[1:-1], Span(file, line, column, end_line, end_column))


def _list(children: list[Any]) -> ListNode:
    (file, line, column), (end_line, end_column) = children[0], children[-1]
    return ListNode(children[1:-1], Span(file, line, column, end_line, end_column))


def _condition(children: list[Any]) -> Condition:
    keyword = children[0]
    span = keyword.span
    if len(children) == 1:
        return Condition(keyword, None, span)
    text, end_line, end_column = children[1]
    return Condition(keyword, text, Span(span.file, span.line, span.column, end_line, end_column))


def _start(children: list[Any]) -> list[Entry]:
    return children


# The rules that make a node, by name: each gets its kept children, already built (a bracket's
# value is its position, a condition's text carries the end of its raw token).
_NODES: dict[str, Callable[[list[Any]], Any]] = {
    "start": _start,
    "entry": _entry,
    "record": _entry,
    "block": _block,
    "list": _list,
    "condition": _condition,
}


def parse(text: str, file: str, tables: Tables, decoder: Decoder, max_depth: int) -> Any:
    """The top-level entries of `text`, or None when lark's own parse must decide."""
    multiline, ignore, end = tables.multiline, tables.ignore, tables.end
    row = tables.start  # the state on top of `states`
    states = [row]
    values: list[Any] = []
    pos, line, line_start, depth, length = 0, 1, 0, 0, len(text)
    bare, string, long_text = WordKind.BARE, WordKind.STRING, WordKind.TEXT
    node: Any
    while True:
        if pos < length:
            match = row[LEXER](text, pos)
            if match is None:
                return None
            type_ = match.lastgroup
            value = match.group(type_)
            pos = match.end()
            column = pos - len(value) - line_start + 1
            first_line = line
            if type_ in multiline and "\n" in value:
                line += value.count("\n")
                line_start = pos - len(value) + value.rindex("\n") + 1
        else:
            type_ = "$END"
        while True:
            try:
                kind, arg = row[type_]
            except KeyError:
                if type_ in ignore:  # blanks before the end of the text (no row has WS)
                    break
                return None
            if kind == SHIFT:
                if type_ == "WORD" or type_ == "COND_KEY":
                    span = Span(file, first_line, column, first_line, column + len(value))
                    values.append(Word(bare, value, span))
                elif type_ == "_NL" or type_ == "COMMA":
                    values.append(None)  # never kept
                elif type_ == "STRING":
                    span = Span(file, first_line, column, first_line, column + len(value))
                    values.append(Word(string, decoder.unescape(value[1:-1], span), span))
                elif type_ == "LBRACE" or type_ == "LSQB":
                    depth += 1
                    if depth > max_depth:
                        return None  # lark's path reports E109
                    values.append((file, first_line, column))
                elif type_ == "RBRACE" or type_ == "RSQB":
                    depth -= 1
                    values.append((first_line, column + 1))
                elif type_ == "LONG_STRING":
                    span = Span(file, first_line, column, line, pos - line_start + 1)
                    values.append(Word(long_text, decoder.long_text(value), span))
                elif type_ == "COND":
                    word = decoder.condition_text(value, first_line, column)
                    values.append((word, first_line, column + len(value)))
                else:
                    return None  # a terminal this loop does not know, or the end marker
                row = arg
                states.append(row)
                break
            if kind == UNIT:
                del states[-1]
                row = states[-1][arg][1]
            elif kind == APPEND:
                size, name = arg
                head, more = values[-size], values[1 - size]
                if type(head) is not list:
                    head = values[-size] = [head]
                if type(more) is list:  # (only an inlined rule's node is ever a list)
                    head += more
                else:
                    head.append(more)
                del states[-size:]
                del values[1 - size :]
                row = states[-1][name][1]
            elif kind == FIRST:
                size, name = arg
                del states[-size:]
                del values[1 - size :]
                row = states[-1][name][1]
            else:
                size, name, keep, build, single = arg
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                node = None
                for i, inlined in keep:
                    child = children[i]
                    if not inlined or type(child) is not list:
                        if node is None:
                            node = [child]
                        else:
                            node.append(child)
                    elif node is None:
                        node = child  # reused, as lark does (left recursion stays linear)
                    else:
                        node += child
                if node is None:
                    node = []
                if build is not None:
                    node = node[0] if single and len(node) == 1 else build(node)
                values.append(node)
                row = states[-1][name][1]
            states.append(row)
            if row is end and type_ == "$END":
                return values[-1]
