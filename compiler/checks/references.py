"""Unit → E201 for every name that is not defined where it is used, with a did-you-mean hint.

Runs on every loaded file, libraries included, each against its own scope (its definitions
plus its imports). An item's department may name a role (部门职能) instead: a shared library
names it so, and resolution binds it to the department that claims it in the bundle's scope.
Conditions are checked in `conditions.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from compiler import delivery_terms, ir
from compiler.program import KINDS, Kind, Scope, Unit
from dsl.diagnostics import Code, Diagnostic
from dsl.document import Loc
from dsl.suggest import did_you_mean, suggest


def check_references(unit: Unit, scope: Scope) -> Iterator[Diagnostic]:
    spec = unit.spec
    known: dict[Kind, set[str]] = {kind: set(scope.table(kind)) for kind in KINDS}
    items = [(i, e) for i, e in enumerate(spec.items) if isinstance(e, ir.Item)]
    known["fields"] |= {
        f.id for _, item in items for f in item.fields if isinstance(f, ir.FieldDef)
    }
    refs: list[tuple[Kind, str, Loc]] = []
    for i, department in enumerate(spec.departments):
        refs += [
            ("roles", r, ("departments", i, "roles", j)) for j, r in enumerate(department.roles)
        ]
    for i, material in enumerate(spec.materials):
        if material.license:
            refs.append(("licenses", material.license, ("materials", i, "license")))
        if material.pledge is not None and material.pledge.checked_by is not None:
            at_pledge: Loc = ("materials", i, "pledge", "checked_by")
            refs.append(("departments", material.pledge.checked_by, at_pledge))
    for i, definition in enumerate(spec.fields):
        refs += _field_refs(definition, ("fields", i))
    # Who handles an item: a department, or a role that the bundle's departments claim.
    handlers: list[tuple[str, Loc]] = []
    for i, item in items:
        refs += _item_refs(item, ("items", i), known)
        if item.department not in known["departments"]:  # a role, or unknown: judged below
            handlers.append((item.department, ("items", i, "department")))
    if isinstance(spec, ir.Scenario):
        refs.append(("departments", spec.lead, ("lead",)))
        for i, e in enumerate(spec.items):
            if isinstance(e, ir.ItemUse):
                refs.append(("items", e.use, ("items", i, "use")))
                if e.department is not None:
                    handlers.append((e.department, ("items", i, "department")))
                if e.pledge is not None and e.pledge.checked_by is not None:
                    at_check: Loc = ("items", i, "pledge", "checked_by")
                    refs.append(("departments", e.pledge.checked_by, at_check))
    for kind, name, loc in refs:
        if name not in known[kind]:
            yield unknown(unit, loc, KINDS[kind], name, known[kind])
    can_handle = known["departments"] | known["roles"]
    for name, loc in handlers:
        if name not in can_handle:
            yield unknown(unit, loc, KINDS["departments"], name, can_handle)
    yield from _accept_refs(unit, known["departments"])
    yield from _field_code_refs(unit, items, known["fields"])
    yield from _after_refs(unit, spec, known["items"])
    if isinstance(spec, ir.Scenario):
        yield from _test_refs(unit, spec, known)


def _field_refs(definition: ir.FieldDef, loc: Loc) -> list[tuple[Kind, str, Loc]]:
    refs: list[tuple[Kind, str, Loc]] = []
    if definition.from_data:
        refs.append(("data_sources", definition.from_data, (*loc, "from_data")))
    if definition.from_result:
        refs.append(("materials", definition.from_result, (*loc, "from_result")))
    return refs


def _item_refs(item: ir.Item, at: Loc, known: dict[Kind, set[str]]) -> list[tuple[Kind, str, Loc]]:
    """The item's references to names not in `known`: the place of each is built only for
    those, since an item's many known names made the check allocate a path per reference
    (and at 16,000 items run 55 times as long as at 1,000)."""
    refs: list[tuple[Kind, str, Loc]] = []
    fields, materials = known["fields"], known["materials"]
    for j, use in enumerate(item.fields):
        if isinstance(use, str):
            if use not in fields:
                refs.append(("fields", use, (*at, "fields", j)))
        elif use.from_data or use.from_result:
            refs += _field_refs(use, (*at, "fields", j))
    refs += [
        ("materials", m, (*at, "materials", j))
        for j, m in enumerate(item.materials)
        if m not in materials
    ]
    refs += [
        ("materials", m, (*at, "produces", j))
        for j, m in enumerate(item.produces)
        if m not in materials
    ]
    if item.pledge is not None and item.pledge.checked_by is not None:
        refs.append(("departments", item.pledge.checked_by, (*at, "pledge", "checked_by")))
    return refs


def _accept_refs(unit: Unit, departments: set[str]) -> Iterator[Diagnostic]:
    """`accept` is 综合窗口, 办理部门 or a department's id (in an item, a `use:`, the bundle)."""
    places: list[tuple[delivery_terms.Service | None, Loc]] = [
        (e.service, ("items", i)) for i, e in enumerate(unit.spec.items)
    ]
    if isinstance(unit.spec, ir.Scenario):
        places.append((unit.spec.service, ()))
    words = {delivery_terms.ONE_WINDOW, delivery_terms.OWN_DEPARTMENT}
    for service, at in places:
        name = service.accept if service is not None else None
        if name is None or name in words or name in departments:
            continue
        loc = (*at, "service", "accept")
        hint = did_you_mean(name, [*sorted(words), *sorted(departments)]) or (
            f"写 `{delivery_terms.ONE_WINDOW}`（一窗受理）、`{delivery_terms.OWN_DEPARTMENT}`（各事项由办理部门受理）"
            "或受理部门的标识"
        )
        yield Diagnostic.of(Code.E201, unit.doc.span(loc), kind="受理部门", name=name, hint=hint)


def _field_code_refs(
    unit: Unit, items: list[tuple[int, ir.Item]], defined: set[str]
) -> Iterator[Diagnostic]:
    """field_codes must name the item's own fields (a field defined elsewhere is not enough)."""
    for i, item in items:
        if not item.field_codes:
            continue
        own = {f if isinstance(f, str) else f.id for f in item.fields}
        for fid in item.field_codes:
            if fid in own:
                continue
            span = unit.doc.key_span(("items", i, "field_codes", fid))
            if close := suggest(fid, sorted(own)):
                hint = f"是否应为本事项的字段 `{close}`？"
            elif fid in defined:
                hint = f"字段 `{fid}` 已定义，但本事项的 `fields` 没有列出它：在 `fields` 中加上它，或删去这条编码"
            else:
                hint = (
                    "`field_codes` 只给本事项 `fields` 中列出的字段编码；请先在 `fields` 中列出它"
                )
            yield Diagnostic.of(Code.E201, span, kind="本事项的字段", name=fid, hint=hint)


def _after_refs(
    unit: Unit, spec: ir.Scenario | ir.Library, defined: set[str]
) -> Iterator[Diagnostic]:
    """`after` names an item of the same bundle (in a scenario) or of the library's scope.

    In a scenario an item it does not handle would order nothing, so naming one is a mistake
    even when a library defines it; a library's items are ordered among themselves, and a
    bundle that leaves one out simply drops that order (graph.py).
    """
    if isinstance(spec, ir.Scenario):
        ids = [e.id if isinstance(e, ir.Item) else e.use for e in spec.items]
        known, kind = set(ids), "本一件事的事项"
        other = "`after` 只能写本一件事 `items` 中的事项"
    else:
        known, kind, other = defined, "事项", "请先定义它，或在 `imports` 中导入定义它的文件"
    for i, entry in enumerate(spec.items):
        for j, after in enumerate(entry.after):
            name = ir.after_id(after)
            if name in known:
                continue
            loc: Loc = ("items", i, "after", j) + (() if isinstance(after, str) else ("item",))
            span = unit.doc.span(loc)
            hint = did_you_mean(name, sorted(known)) or other
            yield Diagnostic.of(Code.E201, span, kind=kind, name=name, hint=hint)


def _test_refs(unit: Unit, spec: ir.Scenario, known: dict[Kind, set[str]]) -> Iterator[Diagnostic]:
    """Spec tests must name real situations, fields, items, materials and rules."""
    item_ids = {e.id if isinstance(e, ir.Item) else e.use for e in spec.items}
    # A `use:` that names no item is reported once where it is written; until it is fixed the
    # items a test expects cannot be judged (the right name would be told to become the typo).
    items_known = all(isinstance(e, ir.Item) or e.use in known["items"] for e in spec.items)
    answerable = {s.id for s in spec.situations} | known["fields"]
    for t, test in enumerate(spec.tests):
        at: Loc = ("tests", t)
        for name in test.answers:
            loc = (*at, "answers", name)
            yield from _maybe_unknown(unit, loc, "情形或字段", name, answerable, key=True)
        expected = [
            ("items", "事项", item_ids if items_known else None),
            ("materials", "材料", known["materials"]),
            ("failed_rules", "校验规则", {r.id for r in spec.rules}),
        ]
        for key, kind, ids in expected:
            if ids is None:
                continue
            for k, name in enumerate(getattr(test.expect, key) or []):
                yield from _maybe_unknown(unit, (*at, "expect", key, k), kind, name, ids)


def _maybe_unknown(
    unit: Unit, loc: Loc, kind: str, name: str, known: set[str], *, key: bool = False
) -> Iterator[Diagnostic]:
    if name not in known:
        yield unknown(unit, loc, kind, name, known, key=key)


def unknown(
    unit: Unit, loc: Loc, kind: str, name: str, known: Iterable[str], *, key: bool = False
) -> Diagnostic:
    """E201 at `loc`, suggesting the closest known name."""
    span = unit.doc.key_span(loc) if key else unit.doc.span(loc)
    return Diagnostic.of(Code.E201, span, kind=kind, name=name, hint=_hint(name, known))


def _hint(name: str, known: Iterable[str]) -> str:
    if hint := did_you_mean(name, sorted(known)):
        return hint
    return "请先定义它，或在 `imports` 中导入定义它的文件"
