"""The published JSON Schemas of the artefacts, written once per build under `_schemas/`.

They belong to no scenario: the manifest lists them under `shared`. A platform (and the tests)
validate each artefact against the schema of its format version.
"""

from __future__ import annotations

from compiler.emit.encoding import json_bytes
from compiler.emit.supervision_schema import SCHEMA_NAME, supervision_schema

SCHEMAS_DIR = "_schemas"


def emit_schemas() -> dict[str, bytes]:
    """Path under the output directory → the schema's bytes."""
    return {f"{SCHEMAS_DIR}/{SCHEMA_NAME}": json_bytes(supervision_schema())}
