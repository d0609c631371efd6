"""Analysis → E309 (实施编码 format), E505 and E506 (免申即享 that asks the applicant anything).

A 免申即享 item is granted from shared data: the applicant neither fills a field nor hands in a
material for it, and the department decides when to grant it from data it already holds. So the
item may only list fields filled from a data source or an earlier result, only materials that
need no submission, and its `when` (the trigger) may only test fields from a data source:
a situation is a question to the applicant, and a field without `from_data` is one too.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import ir, validators, vocabulary
from compiler.analysis import Analysis
from compiler.conditions.ast import Node, Ref, children
from compiler.conditions.parse import ConditionError
from compiler.conditions.sites import item_when_site, parse_cached, site_span
from compiler.merge import item_fields
from compiler.program import Bundle
from dsl.diagnostics import Code, Diagnostic
from dsl.document import Document, Loc

CODE_HINT = (
    "国家实施编码 = 实施主体的统一社会信用代码（18 位）+ 事项部分（末 12 位为基本编码），共 31 或 33 位，"
    "照实施清单原样抄写；省级实施清单自己的编码写在 `local_code`"
)
PROACTIVE_HINT = "免申即享只用部门已有的数据；若确需申请人提供，把事项的 `application` 改为 依申请"


def check_item_codes(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
    for item in bundle.items:
        if item.code is None or (problem := validators.item_code_problem(item.code)) is None:
            continue
        doc, loc = item_source(bundle, item, "code")
        yield Diagnostic.of(
            Code.E309, doc.span((*loc, "code")), value=item.code, problem=problem, hint=CODE_HINT
        )


def item_source(bundle: Bundle, item: ir.Item, key: str = "id") -> tuple[Document, Loc]:
    """Where `item`'s `key` is written: the scenario, a `use:` that overrides it, or the
    library item the use names."""
    return bundle.written_at(item.id, key)


def check_proactive(analysis: Analysis) -> Iterator[Diagnostic]:
    for item in analysis.bundle.items:
        if item.application is vocabulary.Application.PROACTIVE:
            yield from _asked(analysis, item)
            yield from _trigger(analysis, item)


def _asked(analysis: Analysis, item: ir.Item) -> Iterator[Diagnostic]:
    bundle = analysis.bundle

    def asks(key: str, rest: Loc, what: str, hint: str) -> Diagnostic:
        doc, at = item_source(bundle, item, key)  # a `use:` may have overridden it
        span = doc.span((*at, key, *rest))
        return Diagnostic.of(Code.E505, span, item=item.id, what=what, hint=hint)

    for j, fid in enumerate(item_fields(item)):
        field = analysis.fields.get(fid)
        if field is not None and not field.from_data and not field.from_result:
            hint = "给字段写 `from_data`（取自哪个共享数据源）；" + PROACTIVE_HINT
            yield asks("fields", (j,), f"填写字段 `{fid}`", hint)
    for j, mid in enumerate(item.materials):
        material = bundle.scope.material(mid)
        if material is not None and _supplied_by_applicant(analysis, mid, material):
            hint = "材料应能调取电子证照（`license`）或由本一件事的事项产出；" + PROACTIVE_HINT
            yield asks("materials", (j,), f"提交材料 `{mid}`", hint)
    written = item.service
    for key in ("accept", "channels", "nearby"):
        if written is not None and getattr(written, key) is not None:
            hint = f"免申即享的事项无需申请，删去 `service.{key}`"
            yield asks("service", (key,), "到受理点或通过办理渠道申请", hint)
    if item.pledge is not None:
        hint = "免申即享的事项不需要申请人承诺，删去 `pledge`"
        yield asks("pledge", (), "签署告知承诺", hint)


def _supplied_by_applicant(analysis: Analysis, mid: str, material: ir.Material) -> bool:
    """Whether the applicant may have to hand `material` in: as the planner decides 免提交."""
    if material.license is not None or material.source is vocabulary.MaterialSource.RESULT:
        return False  # fetched as an e-licence; or a result (E501/E504 say if it can be missing)
    producers = analysis.producers.get(mid, ())
    return not any(p.when is None for p in producers)


def _trigger(analysis: Analysis, item: ir.Item) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
    if item.when is None:
        doc, at = item_source(bundle, item, "application")
        where = (*at, "application") if (*at, "application") in doc.value_spans else (*at, "id")
        yield Diagnostic.of(
            Code.E506,
            doc.span(where),
            item=item.id,
            problem="缺少：请用 `when` 写明按哪些共享数据兑现",
            hint="例如 `when: unemployment_insurance_months >= 12`，其中的字段都写了 `from_data`",
        )
        return
    site = item_when_site(bundle, item)
    try:
        node = parse_cached(site.text)
    except ConditionError:
        return  # E301 says what is wrong with it
    situations = {s.id for s in bundle.scenario.situations}
    reported: set[str] = set()
    for ref in _refs(node):
        if ref.name in reported:
            continue
        field = analysis.fields.get(ref.name)
        if ref.name in situations:
            problem = f"引用了情形 `{ref.name}`：情形是向申请人提的问题"
        elif field is not None and not field.from_data:
            problem = f"引用了字段 `{ref.name}`，它不是取自共享数据（没有 `from_data`）"
        else:
            continue  # from shared data, or unknown (E201 reports it)
        reported.add(ref.name)
        yield Diagnostic.of(
            Code.E506,
            site_span(site, *ref.span),
            item=item.id,
            problem=problem,
            hint="触发条件只能引用取自共享数据（`from_data`）的字段；" + PROACTIVE_HINT,
        )


def _refs(node: Node) -> Iterator[Ref]:
    if isinstance(node, Ref):
        yield node
    for child in children(node):
        yield from _refs(child)
