"""Bundle → the merged view of its fields, materials and results, with where each was used.

Items name fields by id or declare them inline; the merged form holds each field once. These
builders run once per bundle, in `compiler/analysis.py`; the checks (type conflicts, supply)
and the planner read the Analysis, so they agree on one view.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from compiler import ir
from compiler.program import Bundle
from dsl.document import Loc


@dataclass(frozen=True, slots=True)
class FieldUse:
    """One mention of a field by an item: a reference or an inline declaration."""

    item: ir.Item
    field_id: str
    declared: ir.FieldDef | None  # inline declaration, or None for a reference
    loc: Loc


def field_uses(bundle: Bundle) -> Iterator[FieldUse]:
    for item in bundle.items:
        for j, use in enumerate(item.fields):
            loc = (*bundle.item_locs[item.id], "fields", j)
            if isinstance(use, ir.FieldDef):
                yield FieldUse(item, use.id, use, loc)
            else:
                yield FieldUse(item, use, None, loc)


def field_definitions(bundle: Bundle, uses: Iterable[FieldUse]) -> dict[str, ir.FieldDef]:
    """Every field the bundle can use: scope definitions first, then first inline declarations."""
    out = {fid: d.value for fid, d in bundle.scope.fields.items()}
    for use in uses:
        if use.declared is not None:
            out.setdefault(use.field_id, use.declared)
    return out


def producers(bundle: Bundle) -> dict[str, tuple[ir.Item, ...]]:
    """Result (material id) → the items that produce it, in spec order."""
    out: dict[str, list[ir.Item]] = {}
    for item in bundle.items:
        for result in item.produces:
            out.setdefault(result, []).append(item)
    return {result: tuple(items) for result, items in out.items()}


def item_fields(item: ir.Item) -> list[str]:
    return [use if isinstance(use, str) else use.id for use in item.fields]


def needed_results(item: ir.Item, fields: Mapping[str, ir.FieldDef]) -> Iterator[str]:
    """Results `item` consumes: materials it needs and results its fields are filled from."""
    yield from item.materials
    for fid in item_fields(item):
        definition = fields.get(fid)
        if definition is not None and definition.from_result:
            yield definition.from_result
