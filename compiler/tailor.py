"""`yjs notice ID --answer KEY=VALUE … [--start DATE]`: the notice for one applicant.

The applicant's answers are checked against the bundle's answer space before anything is
rendered: a key that is not a question the bundle asks, or a value outside its type or its
choices, is a usage error that lists what is valid; every question a condition of the notice
depends on must be answered, so the tailored notice contains no conditional wording.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from compiler import vocabulary
from compiler.conditions.ast import Node, references
from compiler.conditions.evaluate import evaluate
from compiler.conditions.types import TypeInfo
from compiler.dated_plan import date_plan
from compiler.emit.notice import tailored_notice
from compiler.emit.notice_doc import Tailoring
from compiler.pipeline import compile_paths
from compiler.plan import Plan
from compiler.plan_dates import unannounced
from compiler.workdays import WorkCalendar
from dsl.diagnostics import Diagnostic, has_errors
from dsl.source import SourceFile

_YES = {"是", "yes", "true", "y", "1"}
_NO = {"否", "no", "false", "n", "0"}


class AnswerError(ValueError):
    """An answer the bundle cannot take; the message says which keys or values are valid."""


@dataclass(slots=True)
class TailoredNotice:
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceFile]
    text: str | None = None
    unknown: list[str] = field(default_factory=list)  # scenario ids there are, when ID is not

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def notice_for(
    paths: Iterable[Path],
    scenario: str,
    pairs: Sequence[str],
    start: dt.date | None,
    kind: str,
    today: dt.date | None = None,
) -> TailoredNotice:
    """Compile `paths`, then render bundle `scenario`'s notice for the answers `pairs`.

    Raises AnswerError for an unknown key, an invalid value or a missing answer.
    """
    result = compile_paths(paths, emit=False)
    out = TailoredNotice(result.diagnostics, result.sources)
    if not result.ok:
        return out
    plan = result.plans.get(scenario)
    if plan is None:
        out.unknown = sorted(result.plans)
        return out
    answers = parse_answers(plan, pairs)
    day = today or dt.date.today()
    dated = None
    if start is not None:
        calendar = WorkCalendar()
        handled = {
            p.item.id
            for p in plan.items
            if p.when is None or evaluate(p.when, answers, day, plan.env)
        }
        dated = date_plan(plan, start, calendar, handled)
        out.diagnostics += [unannounced(year) for year in sorted(calendar.unannounced)]
    out.text = tailored_notice(plan, Tailoring(answers, day, dated), kind)
    return out


def questions(plan: Plan) -> dict[str, TypeInfo]:
    """What the notice's conditions name, id → type: the keys `--answer` must cover."""
    nodes: list[Node | None] = [p.when for p in plan.items]
    nodes += [m.when for m in plan.materials] + [m.submit_when for m in plan.materials]
    nodes += [f.when for f in plan.form] + [r.when for r in plan.rules]
    names = dict.fromkeys(n for node in nodes if node is not None for n in references(node))
    for situation in plan.scenario.situations:  # every question, even one nothing uses yet
        names.setdefault(situation.id)
    return {name: plan.env[name] for name in names if name in plan.env}


def parse_answers(plan: Plan, pairs: Sequence[str]) -> dict[str, object]:
    asked = questions(plan)
    answers: dict[str, object] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key, raw = key.strip(), raw.strip()
        if not sep or not key:
            raise AnswerError(f"--answer 应写作 KEY=VALUE；这里是 “{pair}”。{_keys(plan, asked)}")
        if key not in asked:
            raise AnswerError(
                f"一件事 {plan.scenario.scenario} 没有问题 `{key}`。{_keys(plan, asked)}"
            )
        answers[key] = _value(key, raw, asked[key])
    missing = [k for k in asked if k not in answers]
    if missing:
        listed = "；".join(f"{k}（{_label(plan, k)}，{_valid(asked[k])}）" for k in missing)
        raise AnswerError(f"还需要回答：{listed}")
    return answers


def _value(key: str, raw: str, info: TypeInfo) -> object:
    kind = info.type
    try:
        if kind is vocabulary.FieldType.BOOLEAN:
            if raw.lower() in _YES:
                return True
            if raw.lower() in _NO:
                return False
            raise ValueError
        if info.choices:
            if raw not in info.choices:
                raise ValueError
            return raw
        if kind is vocabulary.FieldType.INTEGER:
            return int(raw)
        if kind in (vocabulary.FieldType.DECIMAL, vocabulary.FieldType.MONEY):
            return float(raw)
        if kind is vocabulary.FieldType.DATE:
            return dt.date.fromisoformat(raw)
    except ValueError:
        raise AnswerError(f"`{key}` 的值 “{raw}” 无效：{_valid(info)}") from None
    return raw


def _valid(info: TypeInfo) -> str:
    if info.type is vocabulary.FieldType.BOOLEAN:
        return "可填 是 或 否（yes／no）"
    if info.choices:
        return "可填 " + "、".join(info.choices)
    if info.type is vocabulary.FieldType.DATE:
        return "填日期 YYYY-MM-DD"
    if info.type in (vocabulary.FieldType.INTEGER,):
        return "填整数"
    if info.type in (vocabulary.FieldType.DECIMAL, vocabulary.FieldType.MONEY):
        return "填数字"
    return f"填{info.type}"


def _label(plan: Plan, key: str) -> str:
    for s in plan.scenario.situations:
        if s.id == key:
            return s.question
    for f in plan.form:
        if f.definition.id == key:
            return f.definition.label
    return key


def _keys(plan: Plan, asked: dict[str, TypeInfo]) -> str:
    listed = "；".join(f"{k}（{_label(plan, k)}，{_valid(i)}）" for k, i in asked.items())
    return f"可以回答：{listed}" if asked else "这个一件事没有需要回答的问题"
