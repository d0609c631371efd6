"""A failed .yjs parse → one coded diagnostic in plain Chinese (never lark's own text).

Characters that cannot start any token are told apart by the character itself (a lone `"`, a
full-width bracket, a YAML colon); a token in the wrong place is labelled the way lark's
`UnexpectedInput.match_examples` does it, against SYNTAX_EXAMPLES, comparing only the LALR state
(not the depth of nesting) so one example covers every level. Examples of mistakes the parser
accepts and the Document builder reports (`name` with no value, `a，b`) are listed too: the tests
check every example against its code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from dsl.diagnostics import Code, Diagnostic, Related
from dsl.fullwidth import YJS_FULLWIDTH
from dsl.source import SourceFile, Span

SYNTAX_EXAMPLES: dict[Code, list[str]] = {
    Code.E121: [  # a `{` or `[` never closed
        "a {\n  b 1\n",
        "a {\n  b 1",
        "a {",
        "a {\n",
        "a [b, c\n",
        "a [b, c",
        "a [b,",
        "a [",
        "a [\n",
        "a { b [c }",
        "a { b [c\n  d 1\n}",
        "a [b { c 1 ]",
        "a [{ b 1 ]",
        "a [b, c\n  d [e]\n",
        "a [b, c\n  d { e 1 }\n",
    ],
    Code.E123: [  # a token that cannot stand here
        "}",
        "a 1\n}",
        "]",
        "a 1\n]",
        "a [b]]",
        "{\n",
        "a 1\n{",
        "[a]",
        "a [b] c\n",
        "a { b 1 } c\n",
        "a { b 1 } {",
    ],
    Code.E122: [  # a value is missing
        "a [b,,c]",
        "a 1,,\n",
        "a [,b]",
        "name\n",
        'scenario s "S" {\n  item a "A" {\n    department\n  }\n}\n',
        "when\n",
        "a 1\nwhen # 条件\n",
    ],
    Code.E124: ['name "新生儿\n', 'notes """\n  第一行\n'],
    Code.E125: ["days ｛ legal 5 ｝\n", "fields ［a］\n", "fields [a，b]\n", "name：新生儿\n"],
    Code.E126: ["name: 新生儿\n", "days {legal: 5}\n", "name:新生儿\n"],
    Code.E127: ["name 新生儿 出生\n", "fields [a b]\n"],
    Code.E128: ['name "a\\qb"\n'],
    Code.E129: ["name x { a 1 }\n", "fields [a, feild x { }]\n"],
}

_STRING_START = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"')
_CLOSERS = {"LBRACE": "}", "LSQB": "]"}
_HINTS = {  # by the text of the token that cannot stand here
    "}": "多了一个 `}`，或者前面漏了与它配对的 `{`",
    "]": "多了一个 `]`，或者前面漏了与它配对的 `[`",
    "{": '`{` 要写在键的同一行末尾，例如 `item 标识 "名称" {`',
    "[": "列表要写在键的后面，例如 `fields [a, b]`",
    ",": "删除多余的逗号",
}
_BRACKETS = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{}\[\]]')
_WORD = re.compile(r'[^\s"\[\]{},#]+')
_DEFAULT_HINT = "一个键只能有一个值；下一个键请另起一行，或用逗号隔开"

ParseFn = Callable[[str], Any]


def syntax_error(
    err: UnexpectedInput, source: SourceFile, stack: list[Any], parse: ParseFn
) -> Diagnostic:
    """The diagnostic for a failed parse; `stack` is the parser's value stack at the failure."""
    lexical = lexical_error(err, source)
    if lexical is not None:
        return lexical
    assert isinstance(err, UnexpectedToken)
    token = err.token
    label = _match(err, parse)
    if label is Code.E121 and (opener := _innermost_opener(stack)) is not None:
        if token.type == "$END":
            opener = _misaligned_opener(source.text) or opener
        return _unclosed(opener, token, source)
    span = _token_span(token, source)
    found = describe(token)
    if token.type == "COND" and label is not Code.E122:  # the root lexer's reading of a bracket
        point = Span.point(source.name, token.line or 1, token.column or 1)
        return _stray(source.text, token.start_pos or 0, point)
    if label is Code.E122:
        hint = "在这里补上值，或删除多余的逗号：相邻两项之间只写一个逗号"
        place = "逗号之间" if found == "`,`" else "这里"
        return Diagnostic.of(Code.E122, span, place=place, hint=hint)
    if label is Code.E123 or token.type != "$END":
        hint = _HINTS.get(str(token), _DEFAULT_HINT)
        return Diagnostic.of(Code.E123, span, found=found, hint=hint)
    return Diagnostic.of(Code.E120, span, problem="文件意外结束", hint="检查最后几行是否写完整")


def lexical_error(err: UnexpectedInput, source: SourceFile) -> Diagnostic | None:
    """A character no token can start with: an unclosed quote, full-width syntax, `:`."""
    token: Token | None = None  # None: the lexer failed, on a character no token starts with
    pos: int | None
    if isinstance(err, UnexpectedCharacters):
        pos = err.pos_in_stream
    elif isinstance(err, UnexpectedToken | UnexpectedEOF):
        token = err.token
        if token.type == "$END":
            return None
        pos = token.start_pos
    else:
        return None
    if pos is None or pos >= len(source.text):
        return None
    char, text = source.text[pos], source.text
    line, column = err.line, err.column
    point = Span.point(source.name, line, column)
    if char == '"' and not _STRING_START.match(text, pos):
        return _unterminated(text, pos, point)
    if char in YJS_FULLWIDTH:
        return fullwidth(char, point)
    if char == ":":
        return colon(point)
    if token is None:
        return _stray(text, pos, point)
    if token.type == "COND" and char not in _HINTS:  # brackets are matched by parser state
        return _stray(text, pos, point)
    return None


def _stray(text: str, pos: int, point: Span) -> Diagnostic:
    """What lies at `pos` when no token may start there: a word, a bracket, a character."""
    word = text[pos] if text[pos] in _HINTS else _WORD.match(text, pos)
    if word is None or not text[pos].isprintable():
        return Diagnostic.of(Code.E123, point, found=_char_name(text[pos]), hint=_DEFAULT_HINT)
    found = word if isinstance(word, str) else word.group(0)
    span = Span(point.file, point.line, point.column, point.line, point.column + len(found))
    shown = f"`{found[:20]}…`" if len(found) > 20 else f"`{found}`"
    return Diagnostic.of(Code.E123, span, found=shown, hint=_HINTS.get(found, _DEFAULT_HINT))


def fullwidth(char: str, span: Span, key: str = "") -> Diagnostic:
    """E125; `key` is the key a `：` follows, for the hint's example."""
    ascii_char = YJS_FULLWIDTH[char]
    if char == "\u3000":
        hint = "把全角空格换成半角空格（切换到英文输入法）"
    elif char == "：":  # a half-width colon would be wrong too (E126): .yjs has none
        example = f"`{key} …`" if key else "`name 新生儿出生一件事`"
        hint = f"删除“：”：.yjs 的键后面不写冒号（全角“：”和半角“:”都不写），键和值之间用空格隔开，如 {example}"
    elif char == "，":
        hint = "列表项之间用半角逗号 `,`；如果“，”是文字的一部分，请给这一项加引号"
    else:
        hint = f"把全角“{char}”换成半角“{ascii_char}”（切换到英文输入法）"
    shown = "全角空格" if char == "\u3000" else char
    return Diagnostic.of(Code.E125, span, char=shown, hint=hint)


def colon(span: Span) -> Diagnostic:
    hint = "键和值之间用空格隔开，不写冒号：`name 新生儿出生一件事`；值里有冒号时请给值加引号"
    return Diagnostic.of(Code.E126, span, hint=hint)


def describe(token: Token) -> str:
    """How a token is named in a message: `}`, 换行, 文件结尾, `word`, "string"."""
    if token.type == "$END":
        return "文件结尾"
    if token.type == "_NL":
        return "换行"
    text = _token_text(token)
    return f"`{text[:20]}…`" if len(text) > 20 else f"`{text}`"


def _token_text(token: Token) -> str:
    text = str(token).split("\n")[0]
    if token.type == "COND" and text:  # the root lexer's reading of what cannot start here
        text = text[0] if text[0] in _HINTS else text.split()[0]
    return text


def _match(err: UnexpectedToken, parse: ParseFn) -> Code | None:
    """match_examples on the LALR state alone: the same mistake matches at any depth."""

    def parse_example(text: str) -> None:
        try:
            parse(text)
        except UnexpectedInput as example:
            if lexical_error(example, SourceFile("<example>", text)) is not None:
                return  # told apart by its character, not by the parser state
            example.state = _state_id(example.state)
            raise

    original = err.state
    err.state = _state_id(original)
    try:
        return err.match_examples(
            parse_example,  # type: ignore[arg-type]  # lark wants a Tree back; only raising matters
            SYNTAX_EXAMPLES,
            token_type_match_fallback=True,
            use_accepts=False,
        )
    finally:
        err.state = original


def _state_id(state: Any) -> Any:
    return getattr(state, "position", state)


def _innermost_opener(stack: list[Any]) -> Token | None:
    return next((v for v in reversed(stack) if isinstance(v, Token) and v.type in _CLOSERS), None)


def _misaligned_opener(text: str) -> Token | None:
    """At the end of the file the outermost `{` is open, but the one really left open is the
    first whose `}` sits at another indentation than the line that opened it."""
    stack: list[int] = []
    for match in _BRACKETS.finditer(text):
        char = match.group(0)
        if char in "{[":
            stack.append(match.start())
        elif char in "}]" and stack:
            start = stack.pop()
            if _indent(text, match.start()) not in (None, _indent_of_line(text, start)):
                line = text.count("\n", 0, start) + 1
                column = start - (text.rfind("\n", 0, start) + 1) + 1
                return Token(
                    "LBRACE" if text[start] == "{" else "LSQB", text[start], start, line, column
                )
    return None


def _indent_of_line(text: str, pos: int) -> int:
    start = text.rfind("\n", 0, pos) + 1
    return len(text[start:pos]) - len(text[start:pos].lstrip(" \t"))


def _indent(text: str, pos: int) -> int | None:
    """The indentation of a bracket that starts its line, else None."""
    start = text.rfind("\n", 0, pos) + 1
    return pos - start if not text[start:pos].strip(" \t") else None


def _unclosed(opener: Token, found: Token, source: SourceFile) -> Diagnostic:
    closer = _CLOSERS[opener.type]
    span = _token_span(opener, source)
    related = []
    if found.type != "$END":
        related = [Related(_token_span(found, source), f"到这里遇到了 {describe(found)}")]
    hint = f"在这一块结束的地方补上 `{closer}`；每个 `{opener}` 都要有配对的 `{closer}`"
    return Diagnostic.of(
        Code.E121, span, bracket=str(opener), label="没有闭合", related=related, hint=hint
    )


def _unterminated(text: str, pos: int, point: Span) -> Diagnostic:
    if text.startswith('""', pos - 2) and point.column > 2:  # `""` lexed as an empty string
        pos, point = pos - 2, Span.point(point.file, point.line, point.column - 2)
    quote = '"""' if text.startswith('"""', pos) else '"'
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    span = Span(point.file, point.line, point.column, point.line, point.column + end - pos)
    if quote == '"""':
        hint = '在文字块末尾补上 `"""`（单独一行即可）'
    else:
        hint = '在这一行的字符串末尾补上 `"`；字符串不能跨行，多行文字请用 """ … """'
    return Diagnostic.of(Code.E124, span, quote=quote, hint=hint)


def _token_span(token: Token, source: SourceFile) -> Span:
    line, column = token.line or 1, token.column or 1
    if token.type == "$END":
        return Span.point(source.name, token.end_line or line, token.end_column or column)
    end = column + max(len(_token_text(token)), 1)
    return Span(source.name, line, column, line, end)


def _char_name(char: str) -> str:
    if char.isprintable():
        return f"字符“{char}”"
    name = unicodedata.name(char, "")
    return f"不可见字符 U+{ord(char):04X}" + (f"（{name}）" if name else "")
