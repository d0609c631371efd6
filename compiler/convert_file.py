"""`yjs convert`: one spec file → the same spec in the other syntax, checked before it is printed.

The file is opened the way every command opens a spec (`dsl.front_ends.load`) and lowered, so
a spec that `yjs check` would reject for its shape is refused here too, with the same
diagnostics, instead of being converted into a second broken file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.atomic import write_atomically
from compiler.guard import stage
from compiler.lower import lower
from dsl.convert import convert
from dsl.diagnostics import CompileError, Diagnostic, has_errors
from dsl.document import Syntax
from dsl.front_ends import LoadError, load
from dsl.source import SourceFile


@dataclass(slots=True)
class Conversion:
    text: str = ""  # the converted spec; empty when a diagnostic stopped the conversion
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def convert_file(path: Path, to: Syntax, out: Path | None = None) -> Conversion:
    """Convert `path` to syntax `to`; written to `out` when given and the spec is valid."""
    try:
        doc = load(path)
    except LoadError as err:
        sources = {err.source.name: err.source} if err.source is not None else {}
        return Conversion(diagnostics=err.diagnostics, sources=sources)
    sources = {doc.source.name: doc.source}
    try:
        lower(doc)
    except CompileError as err:
        return Conversion(diagnostics=err.diagnostics, sources=sources)
    crashed: list[Diagnostic] = []
    with stage("convert", doc.source.name, doc.span(()), crashed):
        text = convert(doc, "yaml" if to is Syntax.YAML else "yjs")
    if crashed:
        return Conversion(diagnostics=crashed, sources=sources)
    if out is not None:
        write_atomically(out, text.encode("utf-8"))
    return Conversion(text, [], sources)
