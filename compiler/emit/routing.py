"""Plan → routing.json: stages, items and what each department receives (一次联办, 一次分办).

The platform dispatches a case with it: which department handles which item in which stage,
which fields and materials it may see (only its own items' needs), which items it waits for
(`needs`: for their results or, listed again in `after` with the reason, for order alone),
and its time: `days` as the law and the promise write it ({amount, unit}: 工作日, 自然日 or
小时), `start_day`/`end_day` in working days on the schedule (a limit in another unit takes the
most working days it can, see compiler/workdays.py). Each item also carries how it is
delivered (受理点, channels and visits, result delivery, 就近办, 帮代办/上门办, fee) and its
commitments (告知承诺 with the 事后核查 period, 免申即享) as data: null where the spec does not
state a value. Items and materials carry the period they hold in (`valid_from` /
`valid_until`, null when open), so the platform offers them only then; a list field carries its
sub-fields and count bounds (`group`), null for any other field. Each department names its own
slice (`routing/<department>.json`, compiler/emit/slices.py): the same view, self-contained.
"""

from __future__ import annotations

from typing import Any

from compiler import durations, ir, vocabulary
from compiler.delivery import FeeTerms, PledgeTerms, ServiceTerms
from compiler.emit.condition_data import Conditions
from compiler.emit.encoding import json_bytes
from compiler.emit.notice_words import procedure_basis
from compiler.plan import FormField, Plan, PlannedItem, PlannedMaterial
from compiler.provenance import NeedEntries, Provenance, provenance_data, trace
from compiler.version import COMPILER_VERSION, FORMAT_VERSIONS


def slice_path(department: str) -> str:
    """Where a department's own slice is written, beside routing.json."""
    return f"routing/{department}.json"


def emit_routing(plan: Plan) -> dict[str, bytes]:
    spec = plan.scenario
    traced = trace(plan)
    condition = Conditions.of(plan)
    needs: NeedEntries = {}
    document = {
        "format": "yjs-routing",
        "format_version": FORMAT_VERSIONS["routing.json"],
        "compiler_version": COMPILER_VERSION,
        "scenario": {
            "id": spec.scenario,
            "name": spec.name,
            "subject": str(spec.subject),
            "batch": spec.batch.isoformat(),
            "lead": spec.lead,
            "scope": str(spec.scope),
            "promised_days": spec.promised_days,
            "total_days": plan.total_days,
            "critical_path": list(plan.critical_path),
        },
        "stages": [
            {
                "stage": st.number,
                "items": list(st.items),
                "start_day": st.start_day,
                "end_day": st.end_day,
            }
            for st in plan.stages
        ],
        "items": [item_entry(p, condition) for p in plan.items],
        "departments": [
            {
                "id": view.department.id,
                "name": view.department.name,
                "kind": str(view.department.kind),
                "level": str(view.department.level),
                "region": view.department.region,
                "items": list(view.items),
                "fields": list(view.fields),
                "materials": list(view.materials),
                "accepts": list(view.accepts),
                "slice": slice_path(view.department.id),
            }
            for view in plan.departments
        ],
        "fields": [_field(f, condition, traced.fields[f.definition.id], needs) for f in plan.form],
        "materials": [
            _material(m, condition, traced.materials[m.material.id], needs) for m in plan.materials
        ],
        "rules": [
            {
                "id": r.rule.id,
                "message": r.rule.message,
                "check": condition(r.check),
                "when": condition(r.when),
            }
            for r in plan.rules
        ],
    }
    return {"routing.json": json_bytes(document)}


def item_entry(p: PlannedItem, condition: Conditions) -> dict[str, Any]:
    item = p.item
    return {
        "id": item.id,
        "name": item.name,
        "code": item.code,
        "kind": str(item.kind),
        "department": p.department.id,
        "level": str(p.level),
        "stage": p.stage,
        "needs": list(p.needs),
        "after": [{"item": a.item, "reason": a.reason} for a in p.after],
        "when": condition(p.when),
        "days": {"legal": _limit(item.days.legal), "promised": _limit(item.days.promised)},
        "start_day": p.start_day,
        "end_day": p.end_day,
        "special_procedures": [
            {
                "name": sp.name,
                "days": _limit(sp.days),
                "note": sp.note,
                "basis": procedure_basis(sp),
            }
            for sp in item.special_procedures
        ],
        "fields": list(p.fields),
        "field_codes": dict(item.field_codes),
        "materials": list(p.materials),
        "results": list(item.produces),
        "local_code": item.local_code,
        "application": str(item.application),
        **_service(p.service),
        "pledge": _pledge(p.pledge),
        **_period(item),
    }


def _service(service: ServiceTerms) -> dict[str, Any]:
    accept = service.accept
    return {
        "accept": None
        if accept is None
        else {
            "one_window": accept.one_window,
            "department": accept.department.id if accept.department else None,
        },
        "channels": [{"channel": str(c), "visits": v} for c, v in service.channels],
        "result_delivery": {
            "methods": [str(d) for d in service.result_delivery],
            "unified_at": service.unified_at.id if service.unified_at else None,
        },
        "nearby": [str(n) for n in service.nearby],
        "assisted": service.assisted,
        "home_visit": service.home_visit,
        "fee": _fee(service.fee),
    }


def _fee(fee: FeeTerms) -> dict[str, Any]:
    amount = fee.amount
    return {
        "charged": fee.charged,
        "amount": int(amount) if amount is not None and amount.is_integer() else amount,
        "standard": fee.standard,
        "basis": fee.basis,
        "exemptions": fee.exemptions,
        "note": fee.note,
    }


def _pledge(pledge: PledgeTerms | None) -> dict[str, Any] | None:
    if pledge is None:
        return None
    return {
        "check_within": pledge.check_within.amount,
        "check_unit": str(pledge.check_within.unit),
        "checked_by": [d.id for d in pledge.checked_by],
        "basis": pledge.basis,
    }


def _period(dated: ir.Item | ir.Material) -> dict[str, str | None]:
    return {
        "valid_from": dated.valid_from.isoformat() if dated.valid_from else None,
        "valid_until": dated.valid_until.isoformat() if dated.valid_until else None,
    }


def group_entry(d: ir.FieldDef) -> dict[str, Any] | None:
    if d.type is not vocabulary.FieldType.LIST:
        return None
    return {
        "min_count": d.least_count,
        "max_count": d.max_count,
        "fields": [
            {
                "id": sub.id,
                "label": sub.label,
                "type": str(sub.type),
                "sensitivity": str(sub.sensitivity),
                "required": sub.required,
            }
            for sub in d.fields
        ],
    }


def _limit(limit: durations.Limit) -> dict[str, Any]:
    return {"amount": limit.amount, "unit": str(limit.unit)}


def _provenance(traced: Provenance, condition: Conditions, needs: NeedEntries) -> dict[str, Any]:
    """Who needs it, why the applicant is spared it (or not), who supplies it; each item's
    `needed_by` entry written once for the document (`needs`) and shared by every field and
    material the item needs (routing.json wrote 6,475 provenances for 254 items over 5 runs
    of the 33 real plans)."""
    return provenance_data(traced, condition, needs)


def _field(
    f: FormField, condition: Conditions, traced: Provenance, needs: NeedEntries
) -> dict[str, Any]:
    d = f.definition
    return {
        "id": d.id,
        "label": d.label,
        "type": str(d.type),
        "section": d.section,
        "sensitivity": str(d.sensitivity),
        "asked": f.asked,
        "source": f.source,
        "items": list(f.items),
        "when": condition(f.when),
        "required": f.mandatory,
        "required_when": condition(f.mandatory_when) if f.mandatory else None,
        "group": group_entry(d),
        "provenance": _provenance(traced, condition, needs),
    }


def _material(
    m: PlannedMaterial, condition: Conditions, traced: Provenance, needs: NeedEntries
) -> dict[str, Any]:
    mat = m.material
    return {
        "id": mat.id,
        "name": mat.name,
        "form": str(mat.form),
        "copies": mat.copies,
        "source": str(mat.source),
        "license": mat.license,
        "acceptance": str(mat.acceptance),
        "makeup_days": mat.makeup_days,
        "pledge": _pledge(m.pledge),
        "submit": m.submit,
        "exempt_when": condition(m.exempt_when),
        "submit_when": condition(m.submit_when) if m.submit else None,
        "reason": m.reason,
        "items": list(m.items),
        "when": condition(m.when),
        "provenance": _provenance(traced, condition, needs),
        **_period(mat),
    }
