"""Diagnostic → what a person or a tool reads: a rustc-style snippet for the terminal, the JSON
that `--format json` prints, a GitHub Actions annotation. (SARIF is in `dsl/sarif.py`.)

Kept apart from `dsl/diagnostics.py`, which owns what a diagnostic is (the codes are `dsl/codes.py`):
every stage makes diagnostics, only the CLI and the runners render them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dsl.diagnostics import Diagnostic, Severity
from dsl.source import SourceFile, Span, cells


def render_text(d: Diagnostic, sources: Mapping[str, SourceFile]) -> str:
    """rustc/Elm style: header, location, the source line, carets (CJK = 2 cells), hint.

    Every piece of text goes through `printable`, so nothing from a spec or a file name can move the
    cursor, recolour or clear the terminal.
    """
    spans = [s for s in (d.span, *(r.span for r in d.related)) if s is not None]
    gutter = max((cells(_gutter_label(s)) for s in spans), default=1)
    out = [f"{d.severity}[{d.code.name}]: {printable(d.message)}"]
    if d.span is not None:
        out += _snippet(d.span, sources.get(d.span.file), d.label, "-->", gutter)
    for rel in d.related:
        out += _snippet(rel.span, sources.get(rel.span.file), rel.message, ":::", gutter)
    if d.hint:
        out += [" " * gutter + " |"] if spans else []
        out += [f"{' ' * gutter} = hint: {printable(d.hint)}"]
    return "\n".join(out)


def _snippet(
    span: Span, source: SourceFile | None, label: str, arrow: str, gutter: int
) -> list[str]:
    pad_gutter = " " * gutter
    lines = [f"{pad_gutter}{arrow} {printable(span.where())}"]
    label = printable(label)
    raw = source.line(span.line).expandtabs(1) if source else ""
    if not raw:
        return lines + ([f"{pad_gutter} = {label}"] if label else [])
    end = span.end_column if span.end_line == span.line else len(raw) + 1
    # The line is made printable first, so the window and the carets measure what is printed
    # (a NUL takes the four cells of `\x00`); columns move by what was spelt out before them.
    start, stop = len(printable(raw[: span.column - 1])), len(printable(raw[: end - 1]))
    shown, start, stop = _window(printable(raw), start, stop)
    pad = cells(shown[:start])
    width = max(cells(shown[start:stop]), 1)
    bar = pad_gutter + " |"
    carets = f"{bar} {' ' * pad}{'^' * width} {label}".rstrip()
    number = _gutter_label(span)
    number = " " * (gutter - cells(number)) + number
    return [*lines, bar, f"{printable(number)} | {shown}", carets]


def _gutter_label(span: Span) -> str:
    """What stands left of a quoted line: its number, or for a workbook its cell (`D7`)."""
    return span.cell.rpartition("!")[2] if span.cell else str(span.line)


# A source line wider than this is cut around the caret: a 5 MB minified line with an error
# must print one screen line, not the 5 MB twice (the line and its carets).
SNIPPET_CELLS = 120
_CONTEXT_CELLS = 40  # kept before the caret when a line is cut
_CUT = "..."  # ASCII: "…" is one cell in some terminals and two in others


def _window(raw: str, start: int, stop: int) -> tuple[str, int, int]:
    """At most SNIPPET_CELLS cells of `raw` around code points [start, stop), `...` where it
    was cut, and [start, stop) within that text. Only the cells shown are measured."""
    start = min(start, len(raw))
    if cells(raw[: SNIPPET_CELLS + 1]) <= SNIPPET_CELLS:
        return raw, start, max(stop, start)
    budget = SNIPPET_CELLS - 2 * len(_CUT)
    lo, used = start, 0
    while lo > 0 and used + cells(raw[lo - 1]) <= min(_CONTEXT_CELLS, budget):
        lo -= 1
        used += cells(raw[lo])
    if cells(raw[:lo]) <= 2 * len(_CUT):
        lo = 0  # cutting a few cells to print `...` hides text and saves nothing
    hi = lo
    used = 0
    while hi < len(raw) and used + cells(raw[hi]) <= budget:
        used += cells(raw[hi])
        hi += 1
    while hi == len(raw) and lo > 0 and used + cells(raw[lo - 1]) <= budget:
        lo -= 1  # the caret is near the end: spend the room on text before it
        used += cells(raw[lo])
    head = _CUT if lo > 0 else ""
    tail = _CUT if hi < len(raw) else ""
    shift = len(head) - lo
    return head + raw[lo:hi] + tail, start + shift, min(max(stop, start), hi) + shift


# What a terminal acts on instead of showing: C0 and C1 controls (ESC starts an escape
# sequence, CR moves back over the line), line separators, and the bidirectional overrides that
# reorder what is shown. Tab is the one control kept: snippets expand it, messages may hold it.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` as the terminal may print it: each unshowable character spelt out the way Python
    writes it in a string (ESC as `\\x1b`, NUL as `\\x00`, a newline as `\\n`), so the reader sees
    which character the spec holds and the terminal only ever receives printable text.
    """
    return _UNSHOWABLE.sub(lambda m: repr(m.group(0))[1:-1], text)


def to_json(d: Diagnostic) -> dict[str, Any]:
    """The machine-readable shape `--format json` prints (one object per diagnostic)."""
    return {
        "code": d.code.name,
        "severity": str(d.severity),
        "message": d.message,
        "hint": d.hint,
        "span": _span_json(d.span),
        "related": [{"message": r.message, "span": _span_json(r.span)} for r in d.related],
    }


def _span_json(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    out: dict[str, Any] = {
        "file": span.file,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }
    if span.cell:  # a workbook: line/column count in the cell texts; `cell` is what to open
        out["cell"] = span.cell
    return out


def to_github(d: Diagnostic) -> str:
    """A GitHub Actions workflow command, so CI annotates the offending line."""
    level = "error" if d.severity is Severity.ERROR else "warning"
    text = _escape(d.message + (f"（{d.hint}）" if d.hint else ""))
    if d.span is None:
        return f"::{level} title={d.code.name}::{text}"
    s = d.span
    file = _escape(s.file).replace(":", "%3A").replace(",", "%2C")
    if s.cell:  # a workbook has no lines to annotate: the file, and the cell in the message
        return f"::{level} file={file},title={d.code.name}::{_escape(s.cell)}: {text}"
    return f"::{level} file={file},line={s.line},col={s.column},title={d.code.name}::{text}"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
