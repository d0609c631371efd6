"""The .yjs syntax tree: what the grammar recognised, before the IR models give it meaning.

`parser` builds it from lark's tree; `builder` turns it into a Document. Every node
has the span of its source text. A Word is any scalar token: a bare word, a "string" or a
\"\"\"text block\"\"\", already decoded into `value`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from dsl.source import Span


class WordKind(StrEnum):
    BARE = "bare"  # typed by the model: `5` is a number where a number is expected
    STRING = "string"  # "..." with escapes: always text
    TEXT = "text"  # """...""" over several lines: always text, common indentation removed


# Not frozen: a frozen dataclass is three times as slow to make (523 ns against 171 ns), and a
# Word is made for every scalar token (1,800 in the three real scenarios). Nothing changes one.
@dataclass(slots=True)
class Word:
    kind: WordKind
    value: str
    span: Span

    @property
    def bare(self) -> bool:
        return self.kind is WordKind.BARE


@dataclass(frozen=True, slots=True)
class Condition:
    """`when <raw text>`: the text is kept as written (the condition language parses it)."""

    keyword: Word
    text: Word | None  # None when the line ends right after the keyword
    span: Span


@dataclass(slots=True)
class Block:
    entries: list[Entry]
    span: Span


@dataclass(slots=True)
class ListNode:
    elements: list[Element]
    span: Span


@dataclass(slots=True)
class Entry:
    """`key args... [tail]`; a record inside a list has the same shape.

    A condition line `when x` is an Entry whose key is the condition keyword itself and whose
    tail is the Condition.
    """

    key: Word
    args: list[Word] = field(default_factory=list)
    tail: Block | ListNode | Condition | None = None
    # Made when first asked for: the builder needs it for records only (a fifth of the entries
    # of the real scenarios), and a Span costs half a microsecond to make.
    _span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def span(self) -> Span:
        """From the key to the end of the last thing written: tail, else last word, else key."""
        if self._span is None:
            start = self.key.span
            end = self.tail.span if self.tail is not None else (self.args or [self.key])[-1].span
            self._span = Span(start.file, start.line, start.column, end.end_line, end.end_column)
        return self._span

    @property
    def is_condition(self) -> bool:
        return isinstance(self.tail, Condition) and self.tail.keyword is self.key


Element = Word | Block | ListNode | Entry


@dataclass(frozen=True, slots=True)
class Comment:
    """A `#` comment; `own_line` when nothing but spaces precedes it on its line."""

    line: int
    column: int
    text: str  # from `#` to the end of the line, trailing spaces removed
    own_line: bool
