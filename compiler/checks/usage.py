"""Analysis → W501 when the lead department handles nothing, W201 for unused local definitions.

Only definitions written in the scenario file itself are checked for use: the library is
shared, and most of it is unused by any one bundle.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.analysis import Analysis
from compiler.merge import item_fields
from compiler.program import KINDS, Kind
from dsl.diagnostics import Code, Diagnostic


def check_lead(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
    spec = bundle.scenario
    if spec.lead in bundle.scope.departments and all(
        item.department != spec.lead for item in bundle.items
    ):
        yield Diagnostic.of(
            Code.W501,
            bundle.unit.doc.span(("lead",)),
            lead=spec.lead,
            hint="牵头部门通常办理至少一个事项；请核对 `lead` 或事项的 `department`",
        )


def check_unused(analysis: Analysis) -> Iterator[Diagnostic]:
    used = _used_names(analysis)
    bundle = analysis.bundle
    spec = bundle.scenario
    for kind, word in KINDS.items():
        if kind == "items":
            continue  # a scenario's own items are the bundle: used by being there
        for i, definition in enumerate(getattr(spec, kind)):
            if definition.id not in used[kind]:
                yield Diagnostic.of(
                    Code.W201,
                    bundle.unit.doc.span((kind, i, "id")),
                    kind=word,
                    name=definition.id,
                    hint="删除它，或在事项中使用它",
                )


def _used_names(analysis: Analysis) -> dict[Kind, set[str]]:
    bundle = analysis.bundle
    spec = bundle.scenario
    used: dict[Kind, set[str]] = {kind: set() for kind in KINDS}
    used["departments"] = {spec.lead, *(item.department for item in bundle.items)}
    for service in (spec.service, *(item.service for item in bundle.items)):
        if service is not None and service.accept is not None:
            used["departments"].add(service.accept)
    used["roles"] = set(bundle.bound_roles.values())
    for item in bundle.items:
        if item.department in bundle.scope.roles:  # unbound (E210/E211): its claimants are meant
            used["roles"].add(item.department)
            used["departments"].update(d.value.id for d in bundle.scope.claimants(item.department))
        used["fields"].update(item_fields(item))
        used["materials"].update(item.materials, item.produces)
        if item.pledge is not None and item.pledge.checked_by is not None:
            used["departments"].add(item.pledge.checked_by)
    for fid in used["fields"]:
        if (definition := analysis.fields.get(fid)) is not None:
            used["data_sources"].update(filter(None, [definition.from_data]))
            used["materials"].update(filter(None, [definition.from_result]))
    for mid in used["materials"]:
        if (material := bundle.scope.material(mid)) is not None and material.license:
            used["licenses"].add(material.license)
        if material is not None and material.pledge is not None and material.pledge.checked_by:
            used["departments"].add(material.pledge.checked_by)
    return used
