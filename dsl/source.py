"""Source files and spans: the coordinates every diagnostic points at.

A leaf module (standard library only) so that both front-ends and the compiler can share it.
Lines and columns are 1-based and counted in code points; `end_column` is exclusive.
"""

from __future__ import annotations

import os
import re
import unicodedata
from array import array
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field

# Specs are tens of kilobytes (the largest scenario is about 31 KB); 2 MiB leaves a margin of
# sixty and still keeps a hostile file from costing minutes and gigabytes.
MAX_FILE_BYTES = 2 * 1024 * 1024
# The limit protects the machine that runs yjs, so it is the operator's to change (CI job,
# shell), not a setting a spec repository could carry along to lift it.
MAX_FILE_BYTES_ENV = "YJS_MAX_FILE_BYTES"


def max_file_bytes() -> int:
    """The size limit for one spec file: $YJS_MAX_FILE_BYTES if set, else 2 MiB.

    Raises ValueError (with a message for users) when the variable is not a positive integer,
    so a typo never silently lifts or lowers the limit.
    """
    raw = os.environ.get(MAX_FILE_BYTES_ENV, "").strip()
    if not raw:
        return MAX_FILE_BYTES
    if not raw.isascii() or not raw.isdigit() or int(raw) <= 0:
        raise ValueError(f"环境变量 {MAX_FILE_BYTES_ENV}={raw!r} 应是正整数（字节数）")
    return int(raw)


# Characters no spec may contain: C0 and C1 controls (tab and newline excepted; CR is gone by
# the time text is checked) and the two Unicode line separators. They are invisible, terminals
# act on them (ESC starts an escape sequence), and the front-ends disagree on whether U+0085,
# U+2028 and U+2029 end a line, so a position after one would mean different lines.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class Span:
    """A region of one source file (1-based line/column, end column exclusive).

    A workbook (`.xlsx`) has no lines of its own: its SourceFile holds one line per cell's text,
    and `cell` names the cell (`事项!D7`), which is what every output shows instead of the line.
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    cell: str = ""

    def where(self) -> str:
        """How a person is told the place: `file:line:column`, or `file.xlsx:事项!D7`."""
        return f"{self.file}:{self.cell}" if self.cell else f"{self.file}:{self.line}:{self.column}"

    @classmethod
    def point(cls, file: str, line: int, column: int) -> Span:
        return cls(file, line, column, line, column + 1)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """Decoded text of one spec, with the name diagnostics show for it."""

    name: str
    text: str
    sha256: str = ""  # of the bytes on disk, before BOM and line-ending normalisation
    # Where each line starts, found once: every diagnostic shows a line, and searching per call
    # made a file with many findings quadratic to report. Offsets in an array, not the split
    # lines: a tuple of line strings kept a second copy of the text alive for the whole compile
    # (1.9 MiB at 2,000 synthetic items, tracemalloc; the array is 8 bytes a line).
    _starts: array[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = array("q", [0])
        starts.extend(m.end() for m in _NEWLINE.finditer(self.text))
        object.__setattr__(self, "_starts", starts)

    def line(self, number: int) -> str:
        """The text of 1-based line `number`, or "" past the end.

        Only "\\n" ends a line (decoding turned CRLF and CR into it): `str.splitlines` would also
        split at a form feed and show the wrong line under a diagnostic's line number.
        """
        starts = self._starts
        if not 0 < number <= len(starts):
            return ""
        end = starts[number] - 1 if number < len(starts) else len(self.text)
        return self.text[starts[number - 1] : end]


def cells(text: str) -> int:
    """Terminal columns `text` occupies: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def control_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, character), 1-based, of the first occurrence of each CONTROL character.

    One place per distinct character: a UTF-16 file read as UTF-8 has a NUL in every other
    byte, and one diagnostic says as much as a hundred thousand would.
    """
    seen: set[str] = set()
    for match in CONTROL.finditer(text):
        char = match.group(0)
        if char in seen:
            continue
        seen.add(char)
        start = match.start()
        line_start = text.rfind("\n", 0, start) + 1
        yield text.count("\n", 0, start) + 1, start - line_start + 1, char


def code_point(char: str) -> str:
    """How a message names a character: `U+0000`."""
    return f"U+{ord(char):04X}"


Key = tuple[str | int, ...]  # a path of keys and list indices, as `dsl.document.Loc`
# A packed span: line (20 bits), column (14), end line less line (12), end column (14). One
# int of 60 bits takes 32 bytes, a Span 80 (slots, GC header); one that does not fit is a Span.


class SpanTable(MutableMapping[Key, Span]):
    """Spans of one file by path, each packed into one int and made a Span when asked for.

    The YAML front-end records a span for every key and value, read only by checks that
    report or test a place: at 2,000 synthetic items 88,700 Span objects, 6.9 MiB
    (tracemalloc), kept for the whole compile; packed, 2.7 MiB.
    """

    __slots__ = ("_file", "_packed")

    def __init__(self, file: str) -> None:
        self._file = file
        self._packed: dict[Key, int | Span] = {}

    def __getitem__(self, key: Key) -> Span:
        return self._unpack(self._packed[key])

    def get(self, key: Key, default: Span | None = None) -> Span | None:  # type: ignore[override]
        found = self._packed.get(key)
        return default if found is None else self._unpack(found)

    def __contains__(self, key: object) -> bool:
        return key in self._packed

    def __setitem__(self, key: Key, span: Span) -> None:
        if span.file == self._file and not span.cell:
            self.put(key, span.line, span.column, span.end_line, span.end_column)
        else:
            self._packed[key] = span

    def put(self, key: Key, line: int, column: int, end_line: int, end_column: int) -> None:
        """The span at `key` from its numbers, packed when each fits its bits."""
        lines = end_line - line
        if (
            0 <= line < 1 << 20
            and 0 <= column < 1 << 14
            and 0 <= lines < 1 << 12
            and 0 <= end_column < 1 << 14
        ):
            self._packed[key] = ((line << 14 | column) << 12 | lines) << 14 | end_column
        else:
            self._packed[key] = Span(self._file, line, column, end_line, end_column)

    def reserve(self, key: Key) -> None:
        """Hold `key`'s place in the order until its span is known (read meanwhile as 0:0)."""
        self._packed[key] = 0

    def __delitem__(self, key: Key) -> None:
        del self._packed[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def _unpack(self, packed: int | Span) -> Span:
        if isinstance(packed, Span):
            return packed
        end_column, packed = packed & 0x3FFF, packed >> 14
        lines, packed = packed & 0xFFF, packed >> 12
        line, column = packed >> 14, packed & 0x3FFF
        return Span(self._file, line, column, line + lines, end_column)
