"""The blocks a notice is made of: paragraphs, bullet lists and tables of plain text.

Each output format (notice.md, notice.html, notice.txt) renders these and escapes every string
in them for itself; nothing in a block is markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Para:
    kind: ClassVar[str] = "para"  # what the templates switch on
    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    kind: ClassVar[str] = "table"
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Para | Bullets | Table
