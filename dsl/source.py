"""Source files and spans: the coordinates every diagnostic points at.

A leaf module (standard library only) so that both front-ends and the compiler can share it.
Lines and columns are 1-based and counted in code points; `end_column` is exclusive.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A region of one source file (1-based line/column, end column exclusive)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, file: str, line: int, column: int) -> Span:
        return cls(file, line, column, line, column + 1)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """Decoded text of one spec, with the name diagnostics show for it."""

    name: str
    text: str
    sha256: str = ""  # of the bytes on disk, before BOM and line-ending normalisation

    def line(self, number: int) -> str:
        """The text of 1-based line `number`, or "" past the end."""
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""


def cells(text: str) -> int:
    """Terminal columns `text` occupies: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
