"""Document: what a front-end hands to lowering: plain data plus a span for every key and value.

Both front-ends produce it, so lowering and every later check find source positions the same
way: by the path (`loc`) of keys and list indices that pydantic also uses in its errors.
A Document also answers the questions whose answer depends on the syntax it was written in
(which syntax a hint should be spelled in, where a character of a string value sits in the
file), so later stages never look at file names or quoting rules.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dsl.diagnostics import Diagnostic
from dsl.source import SourceFile, Span
from dsl.yjs.syntax_tree import Comment

Loc = tuple[str | int, ...]


class Syntax(StrEnum):
    YAML = "yaml"
    YJS = "yjs"
    XLSX = "xlsx"


@dataclass(slots=True)
class Document:
    source: SourceFile
    data: Any
    # A mapping, not a dict: the YAML front-end keeps them packed (`dsl.source.SpanTable`).
    value_spans: MutableMapping[Loc, Span] = field(default_factory=dict)
    key_spans: MutableMapping[Loc, Span] = field(default_factory=dict)
    syntax: Syntax = Syntax.YAML
    # A workbook's cell notes, as comments at the synthetic lines of their cells (`dsl.xlsx`):
    # the text syntaxes keep their comments in the text and leave this empty.
    notes: list[Comment] = field(default_factory=list)
    # Problems the front-end reported without stopping (a workbook's formula cell or unknown
    # column is left out and reported; the rest is read, so its other errors are found in the
    # same run). Always errors: a Document with problems never builds.
    problems: list[Diagnostic] = field(default_factory=list)

    def besides_problems(self, found: list[Diagnostic]) -> list[Diagnostic]:
        """`found` less what it says again about a cell a problem already reported: a cell the
        front-end could not read is left as written, and lowering would complain of it twice."""
        reported = {d.span.cell for d in self.problems if d.span is not None and d.span.cell}
        return [d for d in found if d.span is None or d.span.cell not in reported]

    def spell(self, *, yaml: str, yjs: str) -> str:
        """The one of two spellings of a hint that matches the syntax the user wrote in (a
        workbook's cells hold YAML-like values, so it reads the YAML spelling)."""
        return yjs if self.syntax is Syntax.YJS else yaml

    def text_span(self, loc: Loc, text: str, start: int, end: int) -> Span:
        """File span of characters [start, end) of the string `text` written at `loc`.

        Plain, single-quoted ('' escapes) and double-quoted (backslash escapes) strings are
        mapped character by character; a multi-line value falls back to its whole span.
        """
        whole = self.span(loc)
        written = self.source.line(whole.line)[whole.column - 1 :]
        columns = _columns(written, text) if whole.end_line == whole.line else None
        if columns is None:
            return whole
        first = whole.column + columns[min(start, len(columns) - 1)]
        last = whole.column + columns[min(max(end, start + 1), len(columns) - 1)]
        return Span(whole.file, whole.line, first, whole.line, max(last, first + 1), whole.cell)

    def span(self, loc: Loc) -> Span:
        """Span of the value at `loc`, or of the nearest enclosing value that has one."""
        for n in range(len(loc), -1, -1):
            if (found := self.value_spans.get(loc[:n])) is not None:
                return found
        return Span.point(self.source.name, 1, 1)

    def key_span(self, loc: Loc) -> Span:
        """Span of the key that introduces `loc`; falls back to the value's span."""
        return self.key_spans.get(loc) or self.span(loc)

    def entry_span(self, loc: Loc) -> Span:
        """Where a missing key would go: the key of the enclosing entry, else its first line."""
        if loc in self.key_spans:
            return self.key_spans[loc]
        return first_line(self.span(loc), self.source)


def first_line(span: Span, source: SourceFile) -> Span:
    """Clip a multi-line span (a whole block mapping) to the rest of its first line."""
    if span.end_line == span.line:
        return span
    end = len(source.line(span.line).rstrip()) + 1
    return Span(span.file, span.line, span.column, span.line, max(end, span.column + 1), span.cell)


def _columns(written: str, text: str) -> list[int] | None:
    """For each character of `text` (and its end), its column offset in `written`."""
    if written.startswith(text):
        return list(range(len(text) + 1))
    if written[:1] == "'":
        return _quoted(written, text, lambda raw, i: 2 if raw[i : i + 2] == "''" else 1)
    if written[:1] == '"':
        return _quoted(written, text, _escape_length)
    return None


def _quoted(written: str, text: str, width: Callable[[str, int], int]) -> list[int] | None:
    columns, i = [], 1
    for _ in text:
        if i >= len(written):
            return None
        columns.append(i)
        i += width(written, i)
    return [*columns, i]


def _escape_length(raw: str, i: int) -> int:
    if raw[i] != "\\":
        return 1
    return {"x": 4, "u": 6, "U": 10}.get(raw[i + 1 : i + 2], 2)
