"""ir models → the JSON Schema of the YAML spec format, for editors (`yjs schema`).

With the YAML language server, an analyst gets key completion and sees a misspelled key
flagged while typing, from the same models that `lower` validates with. What the editor shows
on hover is Chinese: each key's `description`, each model's title and description
(`spec_types.described`) and the meaning of each value of a closed list (`spec_types.choices`, as
`enumDescriptions`).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import CoreSchema

from compiler import ir
from compiler.version import COMPILER_VERSION


class _ChineseSchema(GenerateJsonSchema):
    """Pydantic titles every key after its English name ("Promised Days"); the editor would
    show that above the Chinese description, so keys get no title: the key itself is its name."""

    def field_title_should_be_set(self, schema: CoreSchema | Any) -> bool:
        return False


def spec_json_schema() -> dict[str, Any]:
    schema = TypeAdapter(ir.Scenario | ir.Library).json_schema(schema_generator=_ChineseSchema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:yjs:spec",
        "title": "yjs 一件事规格 / 参考库",
        "description": f"yjs {COMPILER_VERSION} 的规格文件格式：顶层为 scenario（一件事）或 library（参考库）。",
        **schema,
    }
