""".yjs text → Document: lark LALR parse, syntax tree, then the models give it meaning.

Three steps: `grammar.lark` recognises generic entries; the parse becomes a `syntax_tree` with
decoded strings and spans; `builder` lowers that to the same Document the YAML front-end makes.
The parse takes one of two paths to the same syntax tree:
- `fast_syntax` (`fast_path`): lark's tables for grammar.lark driven in one loop, for the text
  lark accepts — nearly every file read; it gives up on anything else;
- `lark_syntax`: `Lark.parse` and a walk over its tree; when it fails, `syntax_errors` turns the
  failure into one coded diagnostic. Every syntax diagnostic comes from this path.
Comments are kept apart (`parse_with_comments`, lark's path) for `yjs fmt`.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from dsl.control import control_character, refuse_control_characters
from dsl.diagnostics import Code, CompileError, Diagnostic
from dsl.document import Document
from dsl.lark_cache import cached_lark
from dsl.source import CONTROL, SourceFile, Span
from dsl.yjs import fast_path
from dsl.yjs.builder import build_document
from dsl.yjs.schema import CONDITION_KEYS
from dsl.yjs.syntax_errors import syntax_error
from dsl.yjs.syntax_tree import Block, Comment, Condition, Element, Entry, ListNode, Word, WordKind

GRAMMAR = Path(__file__).with_name("grammar.lark")
MAX_DEPTH = 40  # nested blocks and lists; deeper input is refused before Python recursion is
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)
_SIMPLE_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t"}
QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"')


# The newline tokens (they hold the comments) of the parse under way: the grammar drops them
# from the tree, so the lexer hands each to `_keep_newline` as it makes it.
_NEWLINES: ContextVar[list[Token] | None] = ContextVar("yjs_newlines", default=None)


def _keep_newline(token: Token) -> Token:
    kept = _NEWLINES.get()
    if kept is not None:
        kept.append(token)
    return token


@cache
def parser() -> Lark:
    """The .yjs parser; the condition keys are substituted into the COND_KEY terminal.

    No `propagate_positions`: it more than doubles lark's time, and every span can be taken
    from the tokens (brackets are kept in the tree for that), which always carry positions.
    """
    keys = "|".join(re.escape(k) for k in sorted(CONDITION_KEYS, key=len, reverse=True))
    grammar = GRAMMAR.read_text(encoding="utf-8").replace("@CONDITION_KEYS@", keys)
    return cached_lark(
        grammar,
        "yjs",
        parser="lalr",
        lexer="contextual",
        maybe_placeholders=False,
        lexer_callbacks={"_NL": _keep_newline},
    )


def parse_text(source: SourceFile) -> Document:
    """Parse `source` and return its Document, or raise CompileError with coded diagnostics."""
    refuse_control_characters(source)
    syntax = fast_syntax(source)
    if syntax is None:  # not valid, or not for the fast path: lark decides and explains
        syntax = lark_syntax(source)[:2]
    entries, diagnostics = syntax
    return build_document(source, entries, extent(entries, source), diagnostics)


def parse_with_comments(source: SourceFile) -> tuple[Document, list[Comment]]:
    """The Document and every `#` comment of `source` (for `yjs fmt`)."""
    refuse_control_characters(source)
    entries, diagnostics, newlines = lark_syntax(source)
    doc = build_document(source, entries, extent(entries, source), diagnostics)
    return doc, [c for token in newlines for c in _comments(token, source)]


Syntax = tuple[list[Entry], list[Diagnostic]]


def fast_syntax(source: SourceFile) -> Syntax | None:
    """The entries and escape diagnostics by `fast_path`, or None when lark must parse."""
    tables = fast_tables()
    if tables is None:
        return None
    reader = _Reader(source)
    entries = fast_path.parse(source.text, source.name, tables, reader, MAX_DEPTH)
    return None if entries is None else (entries, reader.diagnostics)


def lark_syntax(source: SourceFile) -> tuple[list[Entry], list[Diagnostic], list[Token]]:
    """lark's parse and tree, read into entries; the path every syntax diagnostic comes from."""
    tree, newlines = _parse_tree(source)
    reader = _Reader(source)
    return reader.entries(tree, 0), reader.diagnostics, newlines


@cache
def fast_tables() -> fast_path.Tables | None:
    """`fast_path`'s reading of the parser's tables (made once, from lark's cached ones).

    It reads lark's internals (the parse table, the contextual lexer, the rules): a lark release
    that arranges them otherwise leaves every parse to lark (slower, never different), and
    tests/test_yjs_fast_path.py fails so that it is noticed.
    """
    try:
        return fast_path.tables(parser())
    except (AttributeError, TypeError, ValueError, KeyError):
        return None


def extent(entries: list[Entry], source: SourceFile) -> Span:
    """From the first entry to the end of the last, like the YAML root node."""
    if not entries:
        return Span.point(source.name, 1, 1)
    first, last = entries[0].span, entries[-1].span
    return Span(source.name, first.line, first.column, last.end_line, last.end_column)


def raw_parse(text: str) -> Tree:
    """lark's own parse, for matching error examples (raises lark's exceptions)."""
    return parser().parse(text)


def _parse_tree(source: SourceFile) -> tuple[Tree, list[Token]]:
    newlines: list[Token] = []
    reset = _NEWLINES.set(newlines)
    try:
        return parser().parse(source.text), newlines
    except UnexpectedInput:
        pass  # parsed again below, step by step, to see the parser's stack at the failure
    finally:
        _NEWLINES.reset(reset)
    interactive = parser().parse_interactive(source.text)
    try:
        tokens = list(interactive.iter_parse())
        interactive.feed_eof(tokens[-1] if tokens else None)
    except UnexpectedInput as err:
        stack = interactive.parser_state.value_stack
        raise CompileError([syntax_error(err, source, stack, raw_parse)]) from None
    raise AssertionError("the step-by-step parse accepted what the whole parse refused")


class _Reader:
    """lark tree → syntax tree: decodes strings (E128 for a bad escape) and limits nesting."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.diagnostics: list[Diagnostic] = []

    def span(self, node: Tree | Token) -> Span:
        """A token's own extent; a tree's from its first token to the end of its last."""
        first, last = _edge_token(node, 0), _edge_token(node, -1)
        if first is None or last is None:
            return Span.point(self.source.name, 1, 1)
        line, column, _, _ = _place(first)
        _, _, end_line, end_column = _place(last)
        return Span(self.source.name, line, column, end_line, end_column)

    def entries(self, tree: Tree, depth: int) -> list[Entry]:
        return [self.entry(child, depth) for child in tree.children if isinstance(child, Tree)]

    def entry(self, tree: Tree, depth: int) -> Entry:
        first, *rest = tree.children
        if isinstance(first, Tree):  # a condition line: `when …`
            condition = self.condition(first)
            return Entry(condition.keyword, [], condition, _span=condition.span)
        tail = rest.pop() if rest and isinstance(rest[-1], Tree) else None
        args = [self.word(t) for t in rest if isinstance(t, Token)]
        # the span from lark's tree: the tests check that Entry.span derives the same one
        return Entry(self.word(first), args, self.tail(tail, depth), _span=self.span(tree))

    def tail(self, tree: Tree | None, depth: int) -> Block | ListNode | Condition | None:
        if tree is None:
            return None
        if depth >= MAX_DEPTH:
            hint = "一件事只需要几层括号（一件事 → 事项 → 时限）；请检查括号是否成对"
            diagnostic = Diagnostic.of(Code.E109, self.span(tree), limit=MAX_DEPTH, hint=hint)
            raise CompileError([diagnostic])
        if tree.data == "block":
            return Block(self.entries(tree, depth + 1), self.span(tree))
        if tree.data == "list":
            inside = tree.children[1:-1]  # between the kept brackets
            elements = [self.element(c, depth + 1) for c in inside]
            return ListNode(elements, self.span(tree))
        return self.condition(tree)

    def element(self, node: Tree | Token, depth: int) -> Element:
        if isinstance(node, Token):
            return self.word(node)
        if node.data == "record":
            return self.entry(node, depth)
        tail = self.tail(node, depth)
        assert tail is not None and not isinstance(tail, Condition)
        return tail

    def condition(self, tree: Tree) -> Condition:
        first, *rest = [child for child in tree.children if isinstance(child, Token)]
        keyword = self.word(first)  # `condition: COND_KEY [COND]`: tokens only
        if rest:
            _, line, column, _, _ = _position(rest[0])
            text: Word | None = self.condition_text(str(rest[0]), line, column)
        else:
            text = None
        return Condition(keyword, text, self.span(tree))

    def condition_text(self, text: str, line: int, column: int) -> Word:
        """The raw text up to the comment, trailing spaces removed; one "string" is unquoted."""
        raw = text.rstrip()
        span = Span(self.source.name, line, column, line, column + len(raw))
        if QUOTED.fullmatch(raw):
            return Word(WordKind.STRING, self.unescape(raw[1:-1], span), span)
        return Word(WordKind.BARE, raw, span)

    def word(self, token: Token) -> Word:
        span = self.span(token)
        if token.type == "STRING":
            return Word(WordKind.STRING, self.unescape(token[1:-1], span), span)
        if token.type == "LONG_STRING":
            return Word(WordKind.TEXT, self.long_text(token), span)
        return Word(WordKind.BARE, str(token), span)

    @staticmethod
    def long_text(token: str) -> str:
        """A \"\"\"…\"\"\" token's value."""
        return text_block(token[3:-3])

    def unescape(self, body: str, span: Span) -> str:
        def one(match: re.Match[str]) -> str:
            escape = match.group(1)
            if escape in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[escape]
            if escape[0] in "uU" and len(escape) > 1:
                code = int(escape[1:], 16)
                if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                    if not CONTROL.fullmatch(chr(code)):
                        return chr(code)
                    self._control_escape(match, span)
                    return match.group(0)
            self._bad_escape(match, span)
            return match.group(0)

        return _ESCAPE.sub(one, body)

    def _control_escape(self, match: re.Match[str], span: Span) -> None:
        column = span.column + 1 + match.start()
        char = chr(int(match.group(1)[1:], 16))
        diag = control_character(span.file, span.line, column, char, escape=match.group(0))
        self.diagnostics.append(diag)

    def _bad_escape(self, match: re.Match[str], span: Span) -> None:
        column = span.column + 1 + match.start()
        where = Span(span.file, span.line, column, span.line, column + len(match.group(0)))
        hint = '可用的转义：\\" \\\\ \\n \\t \\uXXXX；要写反斜杠本身请写 \\\\'
        self.diagnostics.append(Diagnostic.of(Code.E128, where, escape=match.group(0), hint=hint))


def text_block(body: str) -> str:
    """The value of a \"\"\"…\"\"\" block (`body` is what lies between the quotes).

    A first line holding only spaces is dropped; a last line holding only spaces (the closing
    quotes on their own line) leaves the value ending in a newline, like YAML's `|`; the
    indentation common to the other non-blank lines is removed; blank lines become empty.
    """
    lines = body.split("\n")
    if len(lines) == 1:
        return body
    keep_first = bool(lines[0].strip(" \t"))
    if not keep_first:
        lines.pop(0)
    if not lines[-1].strip(" \t"):
        lines[-1] = ""
    rest = lines[1:] if keep_first else lines
    indent = _common_indent([line for line in rest if line.strip(" \t")])
    out = [line[len(indent) :] if line.strip(" \t") else "" for line in rest]
    return "\n".join(([lines[0]] if keep_first else []) + out)


def _edge_token(node: Tree | Token, end: int) -> Token | None:
    """The first (`end` 0) or last (`end` -1) token under `node`; None for an empty tree."""
    while isinstance(node, Tree):
        if not node.children:
            return None
        node = node.children[end]
    return node


def _place(token: Token) -> tuple[int, int, int, int]:
    """(line, column, end line, end column): `_position` without the offset, for every span."""
    line, column, end_line, end_column = token.line, token.column, token.end_line, token.end_column
    if line is None or column is None or end_line is None or end_column is None:
        raise ValueError(f"lark token {token.type} {str(token)!r} carries no position")
    return line, column, end_line, end_column


def _position(token: Token) -> tuple[int, int, int, int, int]:
    """(offset, line, column, end line, end column) of a token lark's lexer made.

    lark types them Optional, since a Token can also be made by hand without them.
    """
    offset, line, column = token.start_pos, token.line, token.column
    end_line, end_column = token.end_line, token.end_column
    if offset is None or line is None or column is None or end_line is None or end_column is None:
        raise ValueError(f"lark token {token.type} {str(token)!r} carries no position")
    return offset, line, column, end_line, end_column


def _common_indent(lines: list[str]) -> str:
    if not lines:
        return ""
    prefixes = [line[: len(line) - len(line.lstrip(" \t"))] for line in lines]
    common = prefixes[0]
    for prefix in prefixes[1:]:
        while not prefix.startswith(common):
            common = common[:-1]
    return common


def _comments(token: Token, source: SourceFile) -> list[Comment]:
    """The comments inside one newline token (it may span blank and comment-only lines)."""
    out = []
    offset, first_line, first_column, _, _ = _position(token)
    start = offset - (first_column - 1)
    for i, part in enumerate(str(token).split("\n")):
        at = part.find("#")
        if at < 0:
            continue
        line, column = first_line + i, (first_column if i == 0 else 1) + at
        before = source.text[start:offset] if i == 0 else ""
        own_line = not (before + part[:at]).strip()
        out.append(Comment(line, column, part[at:].rstrip(), own_line))
    return out
