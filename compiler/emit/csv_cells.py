"""CSV cells a spreadsheet will not run: formula injection (CWE-1236) neutralised.

A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading one of those) is taken as a formula when the file is opened; a scenario name or a
material name is spec text anyone may write, so every text cell gets a leading ' then. The
OWASP guidance this follows also escapes the cell's quotes, which the csv module does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The text of a cell: '' for None, numbers as written, text with a leading ' when a
    spreadsheet would read it as a formula (a negative number stays a number)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows → CSV text (RFC 4180 quoting, \\n line ends), every cell through `safe_cell`."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


_FIRST = frozenset(FORMULA_STARTS)


def _cell(value: object) -> str:
    """`safe_cell`, with the two kinds nearly every cell is (exactly str, exactly int) decided
    by their type alone: the isinstance chain per cell was most of routing.csv's time (20,090
    cells over the 33 real scenarios ×5, cProfile)."""
    if type(value) is str:
        return "'" + value if value[:1] in _FIRST else value
    if type(value) is int:
        return str(value)
    return safe_cell(value)
