"""Document: what a front-end hands to lowering: plain data plus a span for every key and value.

Both front-ends produce it, so lowering and every later check find source positions the same
way: by the path (`loc`) of keys and list indices that pydantic also uses in its errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dsl.source import SourceFile, Span

Loc = tuple[str | int, ...]


@dataclass(slots=True)
class Document:
    source: SourceFile
    data: Any
    value_spans: dict[Loc, Span] = field(default_factory=dict)
    key_spans: dict[Loc, Span] = field(default_factory=dict)

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
    return Span(span.file, span.line, span.column, span.line, max(end, span.column + 1))
