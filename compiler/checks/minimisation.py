"""Analysis → W801: a sensitive field sent to a department whose system does not take it.

Each department receives only what its own items need (plan.DepartmentView). An item that
writes `field_codes` declares which fields its department's business system takes; a field of
the item that is 敏感个人信息 (identity numbers, health, bank accounts, 个人信息保护法第二十八条)
and missing from that mapping would still reach the department with the rest of the item's
fields, although its system has no place for it. Either the mapping is incomplete or the item
asks for more than it needs. Items without `field_codes` declare nothing and are not judged.

A mapping naming a field the item does not list is already E201 (checks/references.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import vocabulary
from compiler.analysis import Analysis
from compiler.merge import item_fields
from dsl.diagnostics import Code, Diagnostic


def check_sensitive_fields(analysis: Analysis) -> Iterator[Diagnostic]:
    """One W801 per item, at its `field_codes`, naming every sensitive field the mapping lacks."""
    bundle = analysis.bundle
    for item in bundle.items:
        if not item.field_codes:
            continue
        unmapped = [
            fid
            for fid in item_fields(item)
            if fid not in item.field_codes
            and (definition := analysis.fields.get(fid)) is not None
            and definition.sensitivity is vocabulary.Sensitivity.SENSITIVE
        ]
        if not unmapped:
            continue
        doc, loc = bundle.written_at(item.id, "field_codes")
        yield Diagnostic.of(
            Code.W801,
            doc.key_span((*loc, "field_codes")),
            item=item.id,
            fields="、".join(f"`{fid}`" for fid in unmapped),
            department=item.department,
            hint="业务系统需要的，在 `field_codes` 中写上字段编码；不需要的，从本事项的 `fields` 中"
            "删去：敏感个人信息只发给确实需要它的部门",
        )
