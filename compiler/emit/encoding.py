"""Byte-stable JSON: the one serialisation every JSON artefact uses."""

from __future__ import annotations

import json
from typing import Any


def json_bytes(value: Any) -> bytes:
    """Sorted keys, two-space indent, real Chinese characters, one trailing newline."""
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
