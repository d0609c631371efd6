"""Control characters → E116, the same refusal in both syntaxes, with the code point named.

A control character in a spec is never meant: it arrives invisibly from a web page, a Word or
PDF copy or a UTF-16 file, and downstream it would end up in a notice, a form title or a
terminal. Each front-end calls `refuse_control_characters` before it parses (so a parser never
takes one for whitespace or a line break) and `control_character` for one written as an escape.
"""

from __future__ import annotations

from dsl.diagnostics import Code, CompileError, Diagnostic
from dsl.source import SourceFile, Span, code_point, control_characters


def refuse_control_characters(source: SourceFile) -> None:
    """Raise CompileError with one E116 per distinct control character in `source`."""
    found = [
        control_character(source.name, line, column, char)
        for line, column, char in control_characters(source.text)
    ]
    if found:
        raise CompileError(found)


def control_character(
    name: str, line: int, column: int, char: str, *, escape: str = ""
) -> Diagnostic:
    """E116 at one character; `escape` is the escape sequence that wrote it, if one did."""
    if escape:
        span = Span(name, line, column, line, column + len(escape))
        hint = f"转义 `{escape}` 写出的是控制字符；请删除它（换行写 `\\n`，制表符写 `\\t`）"
    else:
        span = Span.point(name, line, column)
        hint = "删除这个看不见的字符（常见于从网页、Word 或 PDF 复制的文字）"
        if char == "\x00":
            hint += "；若文件里处处是它，这个文件可能是 UTF-16 编码，请另存为 UTF-8"
    return Diagnostic.of(Code.E116, span, char=code_point(char), hint=hint)
