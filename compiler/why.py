"""`yjs why ID FIELD_OR_MATERIAL`: which items need it, when, and why it is (not) 免提交.

Compiles the specs (checks included), finds bundle ID and reports the provenance
(compiler/provenance.py) of the field or material named by its id or, failing that, by its
exact name or label. A name that is both a field and a material reports both. The text is for
people (conditions in the applicant's words, with the source text beside them); `--format json`
is the same record as data, the shape routing.json's `provenance` has plus the names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler import vocabulary
from compiler.conditions.ast import Node
from compiler.conditions.format import format_condition
from compiler.pipeline import compile_paths
from compiler.plan import Plan, condition_words
from compiler.plan_dates import unknown_hint
from compiler.provenance import Kind, Provenance, Words, provenance_data, trace
from dsl.diagnostics import Diagnostic, has_errors
from dsl.render import printable
from dsl.source import SourceFile
from dsl.suggest import did_you_mean


@dataclass(slots=True)
class Why:
    """What `yjs why` reports: the provenances found, or why there are none."""

    diagnostics: list[Diagnostic]
    sources: dict[str, SourceFile]
    plan: Plan | None = None
    found: list[Provenance] = field(default_factory=list)
    problem: str | None = None  # a usage error: an unknown bundle or name

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def why(paths: Iterable[Path], scenario: str, name: str) -> Why:
    result = compile_paths(paths, emit=False)
    out = Why(result.diagnostics, result.sources)
    if not result.ok:
        return out
    plan = result.plans.get(scenario)
    if plan is None:
        out.problem = unknown_hint(scenario, sorted(result.plans))
        return out
    out.plan = plan
    traced = trace(plan)
    records = [*traced.fields.values(), *traced.materials.values()]
    out.found = [p for p in records if p.id == name] or [p for p in records if p.name == name]
    if not out.found:
        out.problem = _unknown(scenario, name, traced.fields, traced.materials)
    return out


def _unknown(scenario: str, name: str, fields: dict[str, Any], materials: dict[str, Any]) -> str:
    head = f"一件事 `{scenario}` 中没有字段或材料 `{name}`"
    close = did_you_mean(name, [*fields, *materials], limit=3)
    if close:
        return f"{head}；{close}"
    return f"{head}；字段：{'、'.join(fields) or '无'}；材料：{'、'.join(materials) or '无'}"


def render_json(found: Why) -> list[dict[str, Any]]:
    assert found.plan is not None
    words = condition_words(found.plan)

    def condition(node: Node) -> dict[str, str]:
        return {"text": format_condition(node), "words": words(node)}

    def optional(node: Node | None) -> dict[str, str] | None:
        return None if node is None else condition(node)

    out = []
    for p in found.found:
        record: dict[str, Any] = {
            "scenario": found.plan.scenario.scenario,
            "kind": str(p.kind),
            "id": p.id,
            "name": p.name,
            "when": optional(p.when),
            "own_when": optional(p.own_when),
            **provenance_data(p, condition),
        }
        if p.kind is Kind.MATERIAL:
            record["acceptance"] = str(p.acceptance)
            record["makeup_days"] = p.makeup_days
        out.append(record)
    return out


def render_text(found: Why) -> str:
    assert found.plan is not None
    return "\n".join(_text(p, found.plan, condition_words(found.plan)) for p in found.found)


def _condition(node: Node, words: Words) -> str:
    return f"{words(node)}（条件原文：`{format_condition(node)}`）"


def _text(p: Provenance, plan: Plan, words: Words) -> str:
    spec = plan.scenario
    spared = "免填" if p.kind is Kind.FIELD else "免提交"
    lines = [f"{p.kind.word} `{p.id}`（{p.name}），{spec.name}（`{spec.scenario}`）", ""]
    lines.append(f"需要它的事项（{len(p.needs)} 个）：")
    for need in p.needs:
        when = "总是办理" if need.when is None else f"{_condition(need.when, words)}时办理"
        lines.append(f"  - `{need.item}` {need.name}（{need.department.name}）：{when}")
    if p.own_when is not None:
        lines.append(f"{p.kind.word}本身的条件：{_condition(p.own_when, words)}时才需要")
    needed = "总是需要" if p.when is None else f"{_condition(p.when, words)}时需要"
    lines.append(f"合起来：{needed}")
    lines.append("")
    exemption = p.exemption
    if exemption is None:
        ask = "申请人填写" if p.kind is Kind.FIELD else "申请人提交"
        lines.append(f"{spared}：否，由{ask}")
        lines.append(
            "  没有共享数据源，也不取自本一件事的办件结果"
            if p.kind is Kind.FIELD
            else "  没有可调取的电子证照，也不由本一件事的事项产生"
        )
    else:
        when = "" if exemption.when is None else f"（仅在{_condition(exemption.when, words)}时）"
        grounds = str(exemption.grounds[0])
        if len(exemption.grounds) > 1:
            grounds += f"（产生它的事项未办理时：{exemption.grounds[1]}）"
        lines.append(f"{spared}：是{when}，依据：{grounds}")
        lines.append(f"  {exemption.reason}")
        if exemption.produced_by:
            lines.append(f"  产生它的事项：{'、'.join(f'`{i}`' for i in exemption.produced_by)}")
    lines.append(f"来源：{p.supplier}")
    if p.kind is Kind.MATERIAL:
        lines.append(f"受理要求：{_acceptance(p)}")
    return "\n".join(printable(line) for line in lines) + "\n"


def _acceptance(p: Provenance) -> str:
    if p.acceptance is vocabulary.Acceptance.DEFERRED:
        return f"容缺后补，受理后 {p.makeup_days} 个工作日内补交"
    if p.acceptance is vocabulary.Acceptance.PLEDGE:
        return "告知承诺，可签署告知承诺书代替（仍计为提交材料）"
    return "必需"
