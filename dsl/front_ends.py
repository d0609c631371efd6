"""Path → bytes → SourceFile → Document by the file's syntax: `.yjs` text, `.xlsx` workbook,
anything else YAML.

The one path from a file to its front-end: `load` is how resolve, fmt and convert open a spec,
so an unreadable file, a wrong encoding and a syntax error read the same in every command.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from dsl.diagnostics import Code, CompileError, Diagnostic
from dsl.document import Document
from dsl.source import MAX_FILE_BYTES_ENV, SourceFile, Span, max_file_bytes
from dsl.yaml_parser import parse_yaml
from dsl.yjs.parser import parse_text

_Read = TypeVar("_Read")  # what a file is read as: decoded text or raw bytes

SPEC_SUFFIXES = (".yaml", ".yml", ".yjs", ".xlsx")
WORKBOOK_SUFFIX = ".xlsx"


class LoadError(CompileError):
    """A spec file that could not be read, decoded or parsed.

    `source` is its text when decoding succeeded, so the diagnostics can quote their lines.
    """

    def __init__(self, diagnostics: list[Diagnostic], source: SourceFile | None) -> None:
        super().__init__(diagnostics)
        self.source = source


def load(path: Path) -> Document:
    """Read, decode and parse one spec file; raises LoadError (E100, E130, E102, syntax errors)."""
    name = display_name(path.resolve())
    if is_workbook(name):
        return _load_workbook(path, name)
    source = _read(read_source, path, name)
    try:
        return parse_source(source)
    except CompileError as err:
        raise LoadError(err.diagnostics, source) from None


def _read(reader: Callable[[Path, str], _Read], path: Path, name: str) -> _Read:
    """`reader(path, name)` with its failures as LoadError: E100 unreadable, E130 too large."""
    try:
        return reader(path, name)
    except OSError as err:
        reason = f"{name}: {err.strerror or err}"
        raise LoadError([Diagnostic.of(Code.E100, None, reason=reason)], None) from None
    except CompileError as err:
        raise LoadError(err.diagnostics, None) from None


def _load_workbook(path: Path, name: str) -> Document:
    """A workbook: its bytes (within the size limit) to the workbook reader (`dsl.xlsx`)."""
    from dsl.xlsx.reader import WorkbookError, read_workbook  # openpyxl only when one is read

    raw = _read(read_bytes, path, name)
    try:
        return read_workbook(name, raw, hashlib.sha256(raw).hexdigest())
    except WorkbookError as err:
        raise LoadError(err.diagnostics, err.source) from None


def spec_files(paths: Iterable[Path]) -> list[Path]:
    """Spec files named by `paths`: files as given, folders searched recursively, sorted.

    Each is absolute with its last link not followed (`_as_named`), and so is each file found in
    a folder: the resolver must see a link in `scenarios/` that leads out of the project.
    """
    out: list[Path] = []
    for path in paths:
        named = _as_named(path)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix in SPEC_SUFFIXES)
            out += sorted(named / p.relative_to(path) for p in found)
        else:
            out.append(named)
    return list(dict.fromkeys(out))


def _as_named(path: Path) -> Path:
    """`path` made absolute through its real parent folder, the last component kept as written
    (so a link stays a link); `..` is resolved against that real folder."""
    return Path(os.path.normpath(path.parent.resolve() / path.name))


def display_name(path: Path) -> str:
    """How diagnostics name a file: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path, Path.cwd()) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


def is_yjs(name: str) -> bool:
    return name.endswith(".yjs")


def is_workbook(name: str) -> bool:
    return name.endswith(WORKBOOK_SUFFIX)


def parse_source(source: SourceFile) -> Document:
    """Raises CompileError with the front-end's diagnostics."""
    return parse_text(source) if is_yjs(source.name) else parse_yaml(source)


def read_source(path: Path, name: str) -> SourceFile:
    """The decoded file, or E130 when it is larger than the limit.

    At most limit + 1 bytes are read, so a huge file (or a device such as /dev/zero behind a
    spec's name) costs no more than a file at the limit. OSError is left to the caller.
    """
    return decode(name, read_bytes(path, name))


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, or E130 when it is larger than the limit (read up to limit + 1)."""
    limit = max_file_bytes()
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        hint = (
            f"规格文件通常只有几十 KB；请把共用的部门、字段和材料拆到 stdlib/ 的资料文件中导入。"
            f"确需更大的文件时，可设置环境变量 {MAX_FILE_BYTES_ENV}（字节数）"
        )
        diagnostic = Diagnostic.of(Code.E130, Span.point(name, 1, 1), limit=limit, hint=hint)
        raise CompileError([diagnostic])
    return raw


def decode(name: str, raw: bytes) -> SourceFile:
    """Bytes → text: UTF-8 only, a BOM is dropped and CRLF or CR becomes LF."""
    digest = hashlib.sha256(raw).hexdigest()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        span = Span.point(name, line, column)
        hint = "请在编辑器中以 UTF-8 编码另存此文件（Excel/记事本“另存为”时选择 UTF-8）"
        raise CompileError([Diagnostic.of(Code.E102, span, hint=hint)]) from None
    return SourceFile(name, text.replace("\r\n", "\n").replace("\r", "\n"), digest)
