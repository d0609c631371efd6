"""Bytes → SourceFile → Document by the file's syntax: `.yjs` text, anything else YAML.

The one path from a file to its front-end: resolve, fmt, convert and the tests all use it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from dsl.diagnostics import Code, CompileError, Diagnostic
from dsl.document import Document
from dsl.source import MAX_FILE_BYTES_ENV, SourceFile, Span, max_file_bytes
from dsl.yaml_parser import parse_yaml
from dsl.yjs.parser import parse_text


def is_yjs(name: str) -> bool:
    return name.endswith(".yjs")


def parse_source(source: SourceFile) -> Document:
    """Raises CompileError with the front-end's diagnostics."""
    return parse_text(source) if is_yjs(source.name) else parse_yaml(source)


def read_source(path: Path, name: str) -> SourceFile:
    """The decoded file, or E130 when it is larger than the limit.

    At most limit + 1 bytes are read, so a huge file (or a device such as /dev/zero behind a
    spec's name) costs no more than a file at the limit. OSError is left to the caller.
    """
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
    return decode(name, raw)


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
