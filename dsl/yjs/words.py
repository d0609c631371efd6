"""How one value is written in .yjs: bare words, "quoted" strings, \"\"\" blocks, conditions.

Every choice is checked against the reader: a word is written bare only when `read_word` gives
it back unchanged for the key's types (so `430100` stays bare for a text field and is quoted
where a number is expected), a \"\"\" block only when `text_block` gives back the same text, a
condition raw only when the COND terminal reads exactly it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel

from dsl.yjs.parser import QUOTED, parser, text_block
from dsl.yjs.schema import CONDITION_KEYS, ROOT_MODELS, Shape, read_word, records

INDENT = "  "
_WORD = re.compile(parser().get_terminal("WORD").pattern.to_regexp())
_COND = re.compile(parser().get_terminal("COND").pattern.to_regexp())


def scalar_text(value: Any, kinds: frozenset[type], *, in_list: bool = False) -> str | None:
    """A scalar as .yjs: a bare word when it reads back the same, else "quoted"; None for text
    over several lines (a \"\"\" block)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if read_word(repr(value), kinds) == value else quote(repr(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if "\n" in text:
        return None
    if kinds == {dt.date} and read_word(text, kinds) != text:
        return text  # a date given as text (`model_dump(mode="json")`) reads back as that date
    return text if is_bare(text, kinds, in_list=in_list) else quote(text)


def value_text(value: Any, shape: Shape, *, in_list: bool = False) -> str | None:
    """A scalar of `shape` as .yjs; a phrase (`60 自然日`) as its bare words when each is one."""
    if shape.phrase and isinstance(value, str) and " " in value:
        words = value.split(" ")
        if all(word and is_bare(word, frozenset({str}), in_list=in_list) for word in words):
            return value
    return scalar_text(value, shape.kinds, in_list=in_list)


def is_bare(text: str, kinds: frozenset[type], *, in_list: bool = False) -> bool:
    if not _WORD.fullmatch(text) or not text.isprintable() or text in CONDITION_KEYS:
        return False
    if in_list and "，" in text:
        return False
    return read_word(text, kinds) == text and isinstance(read_word(text, kinds), str)


def quote(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char in "\n\t":
            out.append({"\n": "\\n", "\t": "\\t"}[char])
        elif not char.isprintable() and char != " ":
            out.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def key_text(key: str, model: type[BaseModel] | None) -> str:
    """A key as written: bare unless it would read as something else (a condition, a record)."""
    taken = key in CONDITION_KEYS or ":" in key or "：" in key
    if model is not None and key not in model.model_fields:
        taken = taken or key in records(model) or key in ROOT_MODELS
    return quote(key) if taken or not _WORD.fullmatch(key) or not key.isprintable() else key


def condition_text(value: str) -> str:
    """A condition as written after its keyword: raw when it reads back the same, else quoted."""
    raw = value.strip()
    if raw == value and raw.isprintable() and _COND.fullmatch(raw) and not QUOTED.fullmatch(raw):
        return raw
    return quote(value)


def text_block_lines(value: str) -> list[str] | None:
    """The lines of a \"\"\" block holding `value` (last: what precedes the closing quotes)."""
    if '"""' in value or not all(c.isprintable() or c == "\n" for c in value):
        return None
    body = value[:-1] if value.endswith("\n") else value
    lines = body.split("\n")
    content = [INDENT + line if line else "" for line in lines]
    last = INDENT if value.endswith("\n") else content.pop()
    block = "\n" + "\n".join(content) + ("\n" if content else "") + last
    if block.endswith('"'):  # that quote and the closing `"""` would end the block a quote early
        return None
    if text_block(block) != value:
        return None
    return [line.removeprefix(INDENT) for line in content] + [last.removeprefix(INDENT)]
