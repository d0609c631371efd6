"""Plan → Provenance: for every field and material, who needs it, when, and why it is free.

One record per field of the merged form and per material of the bundle, traced from the Plan
alone, so `yjs why`, form.schema.json (`x-yjs-needed-by`, `x-yjs.exempt`) and routing.json
(`provenance`) state the same reasons: the items that need it (each with the item's own
condition), the thing's own condition, whether the applicant is spared it (免提交 for a
material, 免填 for a field) and on what grounds, and who supplies it otherwise.

The grounds are the plan's, never re-derived: a material is spared when an item of the bundle
produces it (办件结果, shared between departments) or when it can be fetched as an e-licence
(电子证照); a field when shared data (共享数据) or an earlier result fills it. A material whose
producer is itself conditional is spared only when that producer is handled (`when`).
告知承诺 and 容缺后补 do not spare a material (the applicant still signs or hands it in later,
and the metrics count it), so they are its `acceptance`, not an exemption.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from compiler import ir, vocabulary
from compiler.conditions.ast import Node
from compiler.conditions.sites import parse_optional
from compiler.plan import FormField, Plan, PlannedMaterial


class Kind(StrEnum):
    FIELD = "field"
    MATERIAL = "material"

    @property
    def word(self) -> str:
        return "字段" if self is Kind.FIELD else "材料"


class Ground(StrEnum):
    """Why the applicant is spared a field or a material."""

    E_LICENSE = "电子证照"  # fetched from the e-licence library
    RESULT = "办件结果"  # produced by an item of this bundle and shared
    SHARED_DATA = "共享数据"  # filled from a shared data source
    FORM = "表单生成"  # generated from the application form, only signed (MaterialSource.FORM)


@dataclass(frozen=True, slots=True)
class Need:
    """One item that needs the field or material, and when that item is handled."""

    item: str
    name: str
    department: ir.Department
    when: Node | None  # the item's own condition; None = always handled


@dataclass(frozen=True, slots=True)
class Exemption:
    grounds: tuple[Ground, ...]  # the first applies; a later one when it does not (a licence)
    reason: str  # as the notice words it
    when: Node | None  # spared only when this holds; None = always
    produced_by: tuple[str, ...] = ()  # items of the bundle that produce it
    license: str | None = None  # the e-licence type it can be fetched as
    data_source: str | None = None  # the shared data source that fills it


@dataclass(frozen=True, slots=True)
class Provenance:
    kind: Kind
    id: str
    name: str
    needs: tuple[Need, ...]
    own_when: Node | None  # the field's or material's own condition
    when: Node | None  # needed (shown) when this holds; None = whenever
    exemption: Exemption | None  # None: the applicant supplies it
    supplier: str  # who supplies it when the applicant is not spared, or who fills it
    acceptance: vocabulary.Acceptance | None = None  # materials: 必需 / 容缺后补 / 告知承诺
    makeup_days: int | None = None  # materials accepted 容缺后补: days to hand it in


@dataclass(frozen=True, slots=True)
class Provenances:
    fields: dict[str, Provenance]  # form order
    materials: dict[str, Provenance]  # plan order


def trace(plan: Plan) -> Provenances:
    """Every field's and material's provenance, in the plan's order.

    Traced once per plan: a build asks for it twice per bundle (form.schema.json's provenance
    keywords, then routing.json's `provenance`), and the second trace cost as much as the first
    (3.5 ms over the 33 real plans, 21 ms at 2,000 synthetic items, process_time). The last
    plan traced is remembered by identity, never by equality (a frozen dataclass's `==` and
    hash would walk the whole plan, and its `env` mapping cannot be hashed); the memo holds that
    plan, so its id is not reused while the memo lives, and it keeps one plan at a time, the
    one being emitted (`emit_bundle` runs every emitter of a plan before the next plan).
    `Provenances` is read-only data: callers never change what `trace` returns.
    """
    global _last
    last = _last
    if last is not None and last[0] is plan:
        return last[1]
    traced = _trace(plan)
    _last = (plan, traced)
    return traced


_last: tuple[Plan, Provenances] | None = None


def _trace(plan: Plan) -> Provenances:
    # One Need per item, shared by every field and material the item needs (they are frozen):
    # building them anew per field was a third of the trace (21,000 tuples over the real plans).
    need = {p.item.id: Need(p.item.id, p.item.name, p.department, p.when) for p in plan.items}

    def needs(ids: tuple[str, ...]) -> tuple[Need, ...]:
        return tuple(need[i] for i in ids)

    index = _Index.of(plan)
    return Provenances(
        fields={f.definition.id: _field(f, index, needs(f.items)) for f in plan.form},
        materials={m.material.id: _material(m, index, needs(m.items)) for m in plan.materials},
    )


@dataclass(frozen=True, slots=True)
class _Index:
    """What every field's and material's provenance looks up, indexed once per plan (a scan
    of the items per field and material made `trace` quadratic in the bundle's size)."""

    made_by: dict[str, tuple[str, ...]]  # result id → the items producing it
    names: dict[str, str]  # item id → name
    conditional: frozenset[str]  # items handled only under a condition

    @classmethod
    def of(cls, plan: Plan) -> _Index:
        made: dict[str, list[str]] = {}
        for p in plan.items:
            for result in p.item.produces:
                made.setdefault(result, []).append(p.item.id)
        return cls(
            {result: tuple(ids) for result, ids in made.items()},
            {p.item.id: p.item.name for p in plan.items},
            frozenset(p.item.id for p in plan.items if p.when is not None),
        )

    def producers(self, mid: str) -> tuple[str, ...]:
        return self.made_by.get(mid, ())

    def quoted(self, ids: tuple[str, ...]) -> str:
        return "、".join(f"“{self.names[i]}”" for i in ids)


def _field(f: FormField, index: _Index, needs: tuple[Need, ...]) -> Provenance:
    d = f.definition
    exemption = None
    supplier = "申请人填写"
    if f.data_source is not None:
        data = f.data_source
        supplier = f"共享数据“{data.name}”，提供单位：{data.provider}"
        exemption = Exemption(
            (Ground.SHARED_DATA,),
            f"由共享数据“{data.name}”提供，无需填写",
            None,
            data_source=data.id,
        )
    elif d.from_result is not None:
        made = index.producers(d.from_result)
        supplier = f"本一件事的{index.quoted(made)}" if made else "办件结果"
        exemption = Exemption(
            (Ground.RESULT,),
            f"取自{supplier}的办件结果，无需填写",
            None,
            produced_by=made,
        )
    return Provenance(
        Kind.FIELD, d.id, d.label, needs, parse_optional(d.when), f.when, exemption, supplier
    )


def _material(m: PlannedMaterial, index: _Index, needs: tuple[Need, ...]) -> Provenance:
    material = m.material
    made = index.producers(material.id)
    exemption = None
    if made:
        # The licence matters only when every producer is conditional (the plan's reason then
        # says "未办理时可调取…"): it is the ground when none of them is handled.
        fallback = m.license is not None and all(i in index.conditional for i in made)
        grounds = (Ground.RESULT, Ground.E_LICENSE) if fallback else (Ground.RESULT,)
        exemption = Exemption(grounds, m.reason, m.exempt_when, made, material.license)
    elif m.license is not None and not m.submit:
        exemption = Exemption((Ground.E_LICENSE,), m.reason, None, license=material.license)
    elif material.source is vocabulary.MaterialSource.FORM and not m.submit:
        exemption = Exemption((Ground.FORM,), m.reason, None)
    if made:
        supplier = f"本一件事的{index.quoted(made)}"
    elif material.issuer:
        supplier = f"{material.issuer}（{material.source}）"
    elif material.source is vocabulary.MaterialSource.APPLICANT:
        supplier = "申请人自备"
    else:
        supplier = str(material.source)
    if m.license is not None and not made:
        supplier += f"；电子证照由{m.license.issuer}颁发"
    return Provenance(
        Kind.MATERIAL,
        material.id,
        material.name,
        needs,
        parse_optional(material.when),
        m.when,
        exemption,
        supplier,
        material.acceptance,
        material.makeup_days,
    )


# A condition in the applicant's words.
Words = Callable[[Node], str]


# How a condition is written out as data: routing.json's {text, jsonlogic}, `yjs why`'s words.
ConditionData = Callable[[Node], Any]


# Each item's `needed_by` entry, written once per artefact: see `provenance_data`.
NeedEntries = dict[int, tuple[Need, dict[str, Any]]]


def provenance_data(
    p: Provenance, condition: ConditionData, entries: NeedEntries | None = None
) -> dict[str, Any]:
    """The provenance as JSON data (one shape in routing.json, form.schema.json and `yjs why`).

    With `entries` (one empty dict per artefact) an item's `needed_by` entry is written once
    and shared by every field and material the item needs: the trace shares one `Need` per
    item, so the entry is remembered by that object (kept alongside, so its id is not reused).
    The JSON is the same; form.schema.json wrote 2,261 entries for 254 items over the real plans.
    """
    if entries is None:
        needed_by = [_need_entry(n, condition) for n in p.needs]
    else:
        needed_by = []
        for n in p.needs:
            if (found := entries.get(id(n))) is None:
                found = entries[id(n)] = (n, _need_entry(n, condition))
            needed_by.append(found[1])
    exemption = p.exemption
    return {
        "needed_by": needed_by,
        "exempt": None
        if exemption is None
        else {
            "grounds": [str(g) for g in exemption.grounds],
            "reason": exemption.reason,
            "when": None if exemption.when is None else condition(exemption.when),
            "produced_by": list(exemption.produced_by),
            "license": exemption.license,
            "data_source": exemption.data_source,
        },
        "supplier": p.supplier,
    }


def _need_entry(n: Need, condition: ConditionData) -> dict[str, Any]:
    return {
        "item": n.item,
        "name": n.name,
        "department": n.department.id,
        "when": None if n.when is None else condition(n.when),
    }
