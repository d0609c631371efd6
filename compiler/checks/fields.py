"""Analysis → E302/E308 when one field is declared with two types or sensitivities, E402 when
its source is missing.

A field may be defined in the library and declared again inline by several items (each item's
实施清单 lists its own fields); the merged form needs one type for it. A list field's type is
its sub-fields too: two declarations of 股东 whose entries differ would merge into one form that
silently drops one of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import ir, vocabulary
from compiler.analysis import Analysis
from dsl.diagnostics import Code, Diagnostic, Related
from dsl.document import Document, Loc
from dsl.source import Span


def field_type(definition: ir.FieldDef) -> str:
    """A field's type as compared and shown: `list（name: text，id_number: id_number）` for a list."""
    if definition.type is not vocabulary.FieldType.LIST:
        return str(definition.type)
    return "list（" + "，".join(f"{sub.id}: {sub.type}" for sub in definition.fields) + "）"


def check_field_types(analysis: Analysis) -> Iterator[Diagnostic]:
    first: dict[str, tuple[str, Span]] = {}
    for fid, defined in analysis.bundle.scope.fields.items():
        first[fid] = (field_type(defined.value), defined.unit.doc.span((*defined.loc, "type")))
    doc = analysis.bundle.unit.doc
    for use in analysis.field_uses:
        if use.declared is None:
            continue
        span = doc.span((*use.loc, "type"))
        declared = field_type(use.declared)
        if use.field_id not in first:
            first[use.field_id] = (declared, span)
            continue
        earlier, earlier_span = first[use.field_id]
        if earlier != declared:
            yield Diagnostic.of(
                Code.E302,
                span,
                name=use.field_id,
                first=earlier,
                second=declared,
                label=f"这里声明为 {declared}",
                related=[Related(earlier_span, f"这里声明为 {earlier}")],
                hint="同一字段在合并表单中只出现一次，请统一类型，或给其中一个换一个标识",
            )


def check_field_sensitivity(analysis: Analysis) -> Iterator[Diagnostic]:
    """E308: two declarations of one field with different sensitivity.

    The merged form keeps one definition, so one of them would silently lose: an ID number
    declared 敏感个人信息 in one place and left at the default 一般 in another would reach the
    platform as 一般 and go unmasked. Not writing `sensitivity` means 一般, and counts as such.
    """
    first: dict[str, tuple[vocabulary.Sensitivity, Span]] = {}
    for fid, defined in analysis.bundle.scope.fields.items():
        first[fid] = (defined.value.sensitivity, _sensitivity_span(defined.unit.doc, defined.loc))
    doc = analysis.bundle.unit.doc
    for use in analysis.field_uses:
        if use.declared is None:
            continue
        here = (use.declared.sensitivity, _sensitivity_span(doc, use.loc))
        earlier = first.setdefault(use.field_id, here)
        if earlier[0] != here[0]:
            yield Diagnostic.of(
                Code.E308,
                here[1],
                name=use.field_id,
                first=earlier[0],
                second=here[0],
                label=f"这里是 {here[0]}",
                related=[Related(earlier[1], f"这里是 {earlier[0]}")],
                hint="同一字段在合并表单中只出现一次，只能有一个敏感级别：请统一 `sensitivity`"
                "（不写即为 一般），或只在一处声明、其余按标识引用",
            )


def _sensitivity_span(doc: Document, loc: Loc) -> Span:
    """The written `sensitivity`, or the field's id when it is left at the default."""
    written = (*loc, "sensitivity")
    return doc.span(written if written in doc.value_spans else (*loc, "id"))


def check_field_sources(analysis: Analysis) -> Iterator[Diagnostic]:
    reported: set[str] = set()
    for use in analysis.field_uses:
        definition = analysis.fields.get(use.field_id)
        if definition is None or not definition.from_result or use.field_id in reported:
            continue
        if definition.from_result not in analysis.producers:
            reported.add(use.field_id)
            yield Diagnostic.of(
                Code.E402,
                analysis.bundle.unit.doc.span(use.loc),
                field=use.field_id,
                result=definition.from_result,
                hint="让产出该结果的事项在 `produces` 中列出它，或去掉字段的 `from_result`",
            )


def check_field_situation_clash(analysis: Analysis) -> Iterator[Diagnostic]:
    """A field and a situation share the form's key space: one id cannot name both."""
    situations = {s.id: i for i, s in enumerate(analysis.bundle.scenario.situations)}
    doc = analysis.bundle.unit.doc
    reported: set[str] = set()
    for use in analysis.field_uses:
        if use.field_id in situations and use.field_id not in reported:
            reported.add(use.field_id)
            first = doc.span(("situations", situations[use.field_id], "id"))
            yield Diagnostic.of(
                Code.E202,
                doc.span(use.loc if use.declared is None else (*use.loc, "id")),
                kind="字段",
                name=use.field_id,
                label="与情形同名",
                related=[Related(first, "情形定义在这里")],
                hint="情形和字段都会成为申请表的一项，标识不能相同；请给其中一个换一个标识",
            )
