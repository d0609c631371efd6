"""Bundle → E302 when one field is declared with two types, E402 when its source is missing.

A field may be defined in the library and declared again inline by several items (each item's
实施清单 lists its own fields); the merged form needs one type for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.diagnostics import Code, Diagnostic, Related
from compiler.merge import field_definitions, field_uses, producers
from compiler.resolve import Bundle
from dsl.source import Span


def check_field_types(bundle: Bundle) -> Iterator[Diagnostic]:
    first: dict[str, tuple[str, Span]] = {}
    for fid, defined in bundle.scope["fields"].items():
        first[fid] = (defined.value.type, defined.unit.doc.span((*defined.loc, "type")))
    doc = bundle.unit.doc
    for use in field_uses(bundle):
        if use.declared is None:
            continue
        span = doc.span((*use.loc, "type"))
        if use.field_id not in first:
            first[use.field_id] = (use.declared.type, span)
            continue
        earlier, earlier_span = first[use.field_id]
        if earlier != use.declared.type:
            yield Diagnostic.of(
                Code.E302,
                span,
                name=use.field_id,
                first=earlier,
                second=use.declared.type,
                label=f"这里声明为 {use.declared.type}",
                related=[Related(earlier_span, f"这里声明为 {earlier}")],
                hint="同一字段在合并表单中只出现一次，请统一类型，或给其中一个换一个标识",
            )


def check_field_sources(bundle: Bundle) -> Iterator[Diagnostic]:
    made = producers(bundle)
    definitions = field_definitions(bundle)
    reported: set[str] = set()
    for use in field_uses(bundle):
        definition = definitions.get(use.field_id)
        if definition is None or not definition.from_result or use.field_id in reported:
            continue
        if definition.from_result not in made:
            reported.add(use.field_id)
            yield Diagnostic.of(
                Code.E402,
                bundle.unit.doc.span(use.loc),
                field=use.field_id,
                result=definition.from_result,
                hint="让产出该结果的事项在 `produces` 中列出它，或去掉字段的 `from_result`",
            )
