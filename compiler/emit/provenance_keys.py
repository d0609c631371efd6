"""The provenance keywords of form.schema.json: who needs each field, and why some are not asked.

Kept apart from form_schema.py so the form's shape and its provenance change independently.
Every asked property gets `x-yjs-needed-by` (the items that need it, each with its condition);
`x-yjs.exempt` lists the fields the form leaves out, each with the items that need it and why
the applicant is spared (共享数据 or 办件结果). Both are `compiler.provenance.provenance_data`,
the shape routing.json's `provenance` and `yjs why --format json` use; a condition is
`{text, jsonlogic}` as everywhere in the artefacts.
"""

from __future__ import annotations

from typing import Any

from compiler.emit.condition_data import Conditions
from compiler.plan import Plan
from compiler.provenance import NeedEntries, provenance_data, trace


def add_provenance(schema: dict[str, Any], plan: Plan, condition: Conditions) -> None:
    """Add `x-yjs-needed-by` to the asked fields' properties and `x-yjs.exempt` to `schema`.

    `condition` is the form's memo of the plan's conditions (written once for the whole file);
    the trace is the plan's one trace, which routing.json reads too."""
    properties = schema["properties"]
    exempt = []
    entries: NeedEntries = {}
    for fid, traced in trace(plan).fields.items():
        data = provenance_data(traced, condition, entries)
        if traced.exemption is None and fid in properties:
            properties[fid]["x-yjs-needed-by"] = data["needed_by"]
        elif traced.exemption is not None:
            exempt.append({"field": fid, "label": traced.name, **data})
    schema["x-yjs"]["exempt"] = exempt
