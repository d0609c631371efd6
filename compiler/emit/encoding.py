"""Byte-stable JSON: the one serialisation every JSON artefact uses."""

from __future__ import annotations

import json
from typing import Any


def json_bytes(value: Any, *, ordered: bool = False) -> bytes:
    """Two-space indent, real Chinese characters, one trailing newline; keys sorted.

    `ordered=True` keeps the keys in the order the emitter built them instead: a form's
    properties in form order, because form renderers lay out fields in the order they read
    them. The emitter then owns the order, and builds it from the plan alone, so it is as
    stable as sorting.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=not ordered)
    return (text + "\n").encode("utf-8")
