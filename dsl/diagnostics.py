"""Diagnostics: the one type every stage reports problems with.

A diagnostic is a code from the catalogue (`dsl/codes.py`, re-exported here with its
severities and languages, since every pass that reports needs both), a message made from the
code's template, a span and a hint. How a diagnostic is shown (terminal, JSON, GitHub, SARIF)
is `dsl/render.py` and `dsl/sarif.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from dsl.codes import Code, Lang, Severity
from dsl.source import Span

__all__ = [
    "Code",
    "CompileError",
    "Diagnostic",
    "Lang",
    "Related",
    "Severity",
    "has_errors",
    "localise",
    "sorted_unique",
]


@dataclass(frozen=True, slots=True)
class Related:
    """A secondary place that helps explain a diagnostic, e.g. the first definition."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: Code
    message: str
    span: Span | None
    hint: str | None = None
    label: str = ""
    related: tuple[Related, ...] = field(default=())
    # The arguments `message` was formatted from, as text, so `localise` can format the same
    # diagnostic in another language. Empty for a message built elsewhere (it then stays as is).
    args: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    as_error: bool = False  # a warning `--warn-error` made an error

    @classmethod
    def of(
        cls,
        code: Code,
        span: Span | None,
        *,
        hint: str | None = None,
        label: str = "",
        related: Iterable[Related] = (),
        **args: Any,
    ) -> Diagnostic:
        text = tuple((key, str(value)) for key, value in args.items())
        message = code.template.format(**args)
        return cls(code, message, span, hint, label, tuple(related), text)

    @property
    def severity(self) -> Severity:
        return Severity.ERROR if self.as_error else self.code.severity

    def sort_key(self) -> tuple[str, int, int, str]:
        s = self.span
        return (s.file, s.line, s.column, self.code.name) if s else ("", 0, 0, self.code.name)


class CompileError(Exception):
    """Raised by a front-end whose file cannot be read any further."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def localise(d: Diagnostic, lang: Lang) -> Diagnostic:
    """`d` with its message in `lang`.

    Only the template is translated: the arguments (names from the spec, and the words a pass
    put into them) and the hint are shown as the pass wrote them, which is Chinese for most.
    """
    if lang is Lang.ZH or not d.args:
        return d
    return replace(d, message=d.code.english.format(**dict(d.args)))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sorted_unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by place and drop exact repeats, so every run prints the same list."""
    seen: set[Diagnostic] = set()
    out = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out
