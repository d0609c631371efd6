"""ir models → the JSON Schema of the YAML spec format, for editors (`yjs schema`).

With the YAML language server, an analyst gets key completion and sees a misspelled key
flagged while typing, from the same models that `lower` validates with.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from compiler import ir
from compiler.version import COMPILER_VERSION


def spec_json_schema() -> dict[str, Any]:
    schema = TypeAdapter(ir.Scenario | ir.Library).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:yjs:spec",
        "title": "yjs 一件事规格 / 参考库",
        "description": f"yjs {COMPILER_VERSION} 的规格文件格式：顶层为 scenario（一件事）或 library（参考库）。",
        **schema,
    }
