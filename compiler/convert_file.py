"""`yjs convert`: one spec file → the same spec in another syntax, checked before it is printed.

The file is opened the way every command opens a spec (`dsl.front_ends.load`) and lowered, so
a spec that `yjs check` would reject for its shape is refused here too, with the same
diagnostics, instead of being converted into a second broken file. A workbook is offered the
department ids in the spec's scope (its own and its imports') for the `department` drop-down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.atomic import write_atomically
from compiler.guard import stage
from compiler.lower import lower
from compiler.resolve import find_root, resolve_paths
from dsl.convert import convert, convert_to_workbook
from dsl.diagnostics import CompileError, Diagnostic, has_errors
from dsl.document import Syntax
from dsl.front_ends import LoadError, load
from dsl.source import SourceFile


@dataclass(slots=True)
class Conversion:
    text: str = ""  # the converted spec; empty when a diagnostic stopped the conversion
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    data: bytes = b""  # the converted spec's bytes (a workbook has no text)

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
    if doc.problems:  # a workbook with cells or columns left out: converting would lose them
        return Conversion(diagnostics=doc.problems, sources=sources)
    try:
        lower(doc)
    except CompileError as err:
        return Conversion(diagnostics=err.diagnostics, sources=sources)
    crashed: list[Diagnostic] = []
    text, data = "", b""
    with stage("convert", doc.source.name, doc.span(()), crashed):
        if to is Syntax.XLSX:
            data = convert_to_workbook(doc, department_ids(path))
        else:
            text = convert(doc, "yaml" if to is Syntax.YAML else "yjs")
            data = text.encode("utf-8")
    if crashed:
        return Conversion(diagnostics=crashed, sources=sources)
    if out is not None:
        write_atomically(out, data)
    return Conversion(text, [], sources, data)


def department_ids(path: Path) -> list[str]:
    """The department and role ids visible in the spec at `path`, in its scope's order.

    A spec whose imports do not resolve still converts: its drop-down offers what was found.
    """
    program, _ = resolve_paths([path], find_root(path))
    scope = program.scopes.get(path.resolve())
    return [*scope.departments, *scope.roles] if scope is not None else []
