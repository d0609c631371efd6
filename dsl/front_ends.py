"""SourceFile → Document by the file's syntax: `.yjs` text, anything else YAML."""

from __future__ import annotations

from dsl.document import Document
from dsl.source import SourceFile
from dsl.text_parser import parse_text
from dsl.yaml_parser import parse_yaml


def is_yjs(name: str) -> bool:
    return name.endswith(".yjs")


def parse_source(source: SourceFile) -> Document:
    """Raises CompileError with the front-end's diagnostics."""
    return parse_text(source) if is_yjs(source.name) else parse_yaml(source)
