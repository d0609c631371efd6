"""Byte-stable JSON: the one serialisation every JSON artefact uses."""

from __future__ import annotations

import json
from typing import Any

import orjson

_SORTED = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE | orjson.OPT_SORT_KEYS
_ORDERED = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE


def json_bytes(value: Any, *, ordered: bool = False) -> bytes:
    """Two-space indent, real Chinese characters, one trailing newline; keys sorted.

    `ordered=True` keeps the keys in the order the emitter built them instead: a form's
    properties in form order, because form renderers lay out fields in the order they read
    them. The emitter then owns the order, and builds it from the plan alone, so it is as
    stable as sorting.

    The bytes are those of `json.dumps(value, ensure_ascii=False, indent=2, sort_keys=...)`
    plus a newline (tests/test_encoding.py holds orjson to that); orjson writes them about 30
    times faster, and with `indent` the standard library falls back to its pure-Python encoder,
    which was most of a large bundle's emit time (bench/).
    """
    try:
        return orjson.dumps(value, option=_ORDERED if ordered else _SORTED)
    except orjson.JSONEncodeError:  # nested deeper than orjson's 255 levels (a long condition)
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=not ordered)
        return (text + "\n").encode("utf-8")
