"""`yjs fmt`: .yjs files under some paths → their canonical layout, rewritten in place.

Files are opened the way every command opens a spec (`dsl.front_ends.load`), so an unreadable
file, a wrong encoding or a syntax error is the same diagnostic here as in `yjs check`; such a
file is reported and left as it is, and the others are still formatted. YAML files have no
canonical layout of ours (comments and quoting are the author's), so they are never touched:
found in a folder they are passed over, named on the command line they are listed in
`skipped` so the user learns why nothing happened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from compiler.atomic import write_atomically
from compiler.guard import stage
from dsl.diagnostics import Diagnostic, has_errors
from dsl.front_ends import LoadError, display_name, is_yjs, load, spec_files
from dsl.printer import format_yjs
from dsl.source import SourceFile


@dataclass(slots=True)
class FormatRun:
    """What one `yjs fmt` found: file names are display names, as diagnostics show them."""

    files: list[str] = field(default_factory=list)  # every .yjs file read
    changed: list[str] = field(default_factory=list)  # laid out differently before (or still)
    skipped: list[str] = field(default_factory=list)  # named explicitly but not .yjs
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def format_files(paths: Iterable[Path], *, write: bool) -> FormatRun:
    """Format every .yjs file under `paths`; with `write=False` only report what would change."""
    paths = list(paths)
    run = FormatRun(skipped=[display_name(p.resolve()) for p in paths if _named_not_yjs(p)])
    for path in dict.fromkeys(p.resolve() for p in spec_files(paths)):  # rewrite the real file
        if is_yjs(path.name):
            _format_one(path, run, write)
    return run


def _named_not_yjs(path: Path) -> bool:
    return not path.is_dir() and not is_yjs(path.name)


def _format_one(path: Path, run: FormatRun, write: bool) -> None:
    try:
        doc = load(path)
    except LoadError as err:
        run.diagnostics += err.diagnostics
        if err.source is not None:
            run.sources[err.source.name] = err.source
        return
    source = doc.source
    run.files.append(source.name)
    run.sources[source.name] = source
    crashed: list[Diagnostic] = []
    with stage("format_yjs", source.name, doc.span(()), crashed):
        text = format_yjs(source)
    if crashed:
        run.diagnostics += crashed
        return
    if text != source.text:
        run.changed.append(source.name)
        if write:
            write_atomically(path, text.encode("utf-8"))
