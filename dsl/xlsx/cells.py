"""One spec value ↔ the text of one cell.

- A scalar is the cell's own value (text, number, date, true/false).
- A list of plain words is written with `、` between them (a line break, Alt+Enter in Excel,
  also separates): `applicant_name、applicant_id_number`.
- Anything else (a mapping such as `{legal: 5, promised: 1}`, a list whose entries hold `、`,
  a list of records) is written in YAML flow style: the same notation the scaffold's
  `days: {legal: 5, promised: 1}` uses. A cell of a key that takes a list or a mapping is read
  as flow style exactly when it starts with `[` or `{`.
- A condition is written in the condition language, as in the other syntaxes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import yaml

from dsl.yjs.schema import Shape, read_word

DELIMITER = "、"
_SPLIT = re.compile(r"、|\n")
# What YAML's flow style would read as syntax, or as something other than this text.
_FLOW_UNSAFE = re.compile(r"[,\[\]{}:#&*!|>'\"%@`?]|^[-\s]|\s$|^$")


def to_text(value: Any) -> str:
    """The cell text for a value of a spec (the reader turns it back into the same value)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list) and value and all(_plain_word(v) for v in value):
        return DELIMITER.join(value)
    return flow(value)


def is_flow(text: str) -> bool:
    return text.startswith(("[", "{"))


def reads_as_flow(text: str) -> bool:
    """Whether a cell of a key that takes a list or a mapping is read in YAML flow style (a
    quoted "text" too: the way to write a single text that starts with a bracket)."""
    return text.lstrip().startswith(("[", "{", '"'))


def structured(shape: Shape) -> bool:
    """Whether the key takes a list or a mapping (and so a flow-style cell)."""
    return shape.item is not None or bool(shape.models) or shape.values is not None


def _plain_word(value: Any) -> bool:
    return (
        isinstance(value, str)
        and bool(value.strip())
        and value == value.strip()
        and not _SPLIT.search(value)
        and not is_flow(value)
    )


def flow(value: Any) -> str:
    """`value` in YAML flow style on one line, plain where YAML reads the text back unchanged."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, str):
        if not _FLOW_UNSAFE.search(value) and yaml.safe_load(value) == value:
            return value
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    return to_text(value)


def split(text: str) -> list[tuple[int, str]]:
    """The entries of a delimited list with the offset each starts at; blanks are skipped."""
    out, start = [], 0
    for match in [*_SPLIT.finditer(text), None]:
        end = match.start() if match else len(text)
        part = text[start:end]
        if part.strip():
            out.append((start + len(part) - len(part.lstrip()), part.strip()))
        start = match.end() if match else end
    return out


def scalar(value: Any, shape: Shape) -> Any:
    """A cell's own value as the key expects it: the number 430100 in a text column is the text
    "430100", a whole 5.0 in a number column is 5, a date cell in a date column is its date."""
    kinds = shape.kinds or (shape.item.kinds if shape.item else frozenset())
    if isinstance(value, dt.datetime):
        return value.date() if dt.date in kinds or not kinds else value.date().isoformat()
    if isinstance(value, bool):
        return value if bool in kinds or not kinds else ("true" if value else "false")
    if isinstance(value, float) and value.is_integer() and int in kinds and float not in kinds:
        value = int(value)
    if isinstance(value, int | float):
        return value if kinds & {int, float} or not kinds else _number_text(value)
    text = str(value)
    return read_word(text, kinds) if kinds else text


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def shown(value: Any) -> str:
    """The text a person sees in the cell: what a diagnostic quotes."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _number_text(value)
    return str(value)
