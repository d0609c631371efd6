"""Analysis → E601 for each spec test whose answers do not give the expected items or rules,
E112 for an answer whose type is not its situation's or field's (that test is then not run).

An answer is judged by the type of what it answers: 是/否 for a boolean, a number, a date, text,
and for a list field (a repeating group) a list of entries, each sub-field id → its value.
Tests are judged only when every condition is well typed: a condition the checker rejects is
already E3xx, and running it could only repeat that as a failed test (or not run at all).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from compiler import assertions, vocabulary
from compiler.analysis import Analysis
from compiler.answers import Answers
from compiler.conditions.functions import as_date
from compiler.conditions.sites import condition_sites, well_typed
from compiler.conditions.type_words import FIELD_WORDS
from compiler.conditions.types import Kind, TypeInfo, kind_of
from compiler.metrics import answered_case
from compiler.plan import Plan
from dsl.diagnostics import Code, Diagnostic
from dsl.document import Document, Loc


def check_spec_tests(analysis: Analysis) -> Iterator[Diagnostic]:
    if _well_typed(analysis):
        yield from list(_run(analysis))


def _well_typed(analysis: Analysis) -> bool:
    """A condition the checker rejects is already E301/E3xx: tests can't be judged over it."""
    env = analysis.answers.env
    sites = condition_sites(analysis.bundle, analysis.field_uses)
    return all(well_typed(site.text, env) for site in sites)


def check_planned_spec_tests(analysis: Analysis, plan: Plan) -> Iterator[Diagnostic]:
    """The tests that state what the applicant submits, sees, waits or travels: they read the
    plan, so they run after planning (the pipeline calls this once the plan exists)."""
    if _well_typed(analysis):
        yield from list(_run(analysis, plan))


@dataclass(frozen=True, slots=True)
class Difference:
    """One expectation a test got wrong: what, and the expected and actual values."""

    what: str  # 事项, 需提交的材料, 免提交的材料, 显示的字段, 总工作日, 跑动次数 …
    expected: object
    got: object

    def text(self) -> str:
        """As E601 says it: missing and extra entries of a list, or both numbers."""
        if isinstance(self.expected, list | dict):
            assert isinstance(self.got, list | dict)
            return "；".join(_differences(self.what, _entries(self.got), _entries(self.expected)))
        return f"{self.what}应为 {_value(self.expected)}，实际为 {_value(self.got)}"

    def lines(self) -> list[str]:
        """A diff for `yjs test`: - what was expected and is missing, + what came unexpected."""
        if isinstance(self.expected, list | dict):
            assert isinstance(self.got, list | dict)
            want, got = _entries(self.expected), _entries(self.got)
            return (
                [f"{self.what}："]
                + [f"  - {x}（期望有，实际没有）" for x in want if x not in got]
                + [f"  + {x}（实际有，期望没有）" for x in got if x not in want]
            )
        return [
            f"{self.what}：",
            f"  - 期望 {_value(self.expected)}",
            f"  + 实际 {_value(self.got)}",
        ]


@dataclass(frozen=True, slots=True)
class Outcome:
    test: assertions.SpecTest
    index: int  # position under `tests:`
    wrong: tuple[Diagnostic, ...]  # answers of the wrong type (then nothing else is judged)
    differences: tuple[Difference, ...]
    items: tuple[str, ...]  # items handled for its answers

    @property
    def passed(self) -> bool:
        return not self.wrong and not self.differences


def run_spec_test(analysis: Analysis, plan: Plan | None, t: int) -> Outcome:
    """Judge test number `t`; without a plan, only what needs none (items, materials, rules)."""
    bundle = analysis.bundle
    spec = bundle.scenario
    test = spec.tests[t]
    env = analysis.answers.env
    wrong = tuple(_wrong_answers(bundle.unit.doc, ("tests", t, "answers"), test, env, analysis))
    if wrong:
        return Outcome(test, t, wrong, (), ())
    today = test.today or spec.batch
    answers = Answers(analysis, test.answers, today)
    items = answers.items()
    expect = test.expect
    found: list[Difference] = []

    def compare(what: str, expected: object, got: object) -> None:
        if expected is None:
            return
        same = (
            set(_entries(expected)) == set(_entries(got))
            if isinstance(expected, list | dict)
            else expected == got
        )
        if not same:
            found.append(Difference(what, expected, got))

    compare("事项", expect.items, items)
    compare("材料", expect.materials, answers.materials())
    compare("校验规则未通过", expect.failed_rules, answers.failed_rules())
    if plan is not None and expect.needs_plan:
        case = answered_case(analysis, plan, test.answers, today)
        compare("需提交的材料", expect.submit, list(case.materials))
        compare("免提交的材料", expect.exempt, {e.material: e.kind for e in case.exempt})
        compare("显示的字段", expect.fields, list(case.shown))
        compare("总工作日", expect.days, case.after.days)
        compare("跑动次数", expect.visits, case.after.visits)
    return Outcome(test, t, (), tuple(found), tuple(items))


def outcome_diagnostics(analysis: Analysis, outcome: Outcome) -> Iterator[Diagnostic]:
    yield from outcome.wrong
    if outcome.differences:
        yield Diagnostic.of(
            Code.E601,
            analysis.bundle.unit.doc.span(("tests", outcome.index, "name")),
            name=outcome.test.name,
            problem="；".join(d.text() for d in outcome.differences),
            hint="实际办理的事项：" + "、".join(outcome.items) + "。请核对条件（when）或测试的期望",
        )


def _run(analysis: Analysis, plan: Plan | None = None) -> Iterator[Diagnostic]:
    for t, test in enumerate(analysis.bundle.scenario.tests):
        if test.expect.needs_plan == (plan is not None):
            yield from outcome_diagnostics(analysis, run_spec_test(analysis, plan, t))


def _differences(what: str, got: list[str], expected: list[str]) -> list[str]:
    missing = [x for x in expected if x not in got]
    extra = [x for x in got if x not in expected]
    out = []
    if missing:
        out.append(f"{what}应有但没有：" + "、".join(missing))
    if extra:
        out.append(f"{what}不应有却有：" + "、".join(extra))
    return out


def _entries(value: list[str] | dict[str, vocabulary.ExemptReason] | object) -> list[str]:
    if isinstance(value, dict):
        return [f"{k}（{v}）" for k, v in value.items()]
    assert isinstance(value, list)
    return [str(x) for x in value]


def _value(value: object) -> str:
    return "未写明（有事项没有写办理渠道）" if value is None else str(value)


def _wrong_answers(
    doc: Document,
    loc: Loc,
    test: assertions.SpecTest,
    env: Mapping[str, TypeInfo],
    analysis: Analysis,
) -> Iterator[Diagnostic]:
    for name, value in test.answers.items():
        info = env.get(name)
        if info is None:
            continue  # an answer nothing asks about decides nothing
        if info.type is not vocabulary.FieldType.LIST:
            if not _fits(kind_of(info), value):
                yield _wrong(doc, (*loc, name), name, FIELD_WORDS[info.type])
            continue
        if not isinstance(value, list):
            yield _wrong(doc, (*loc, name), name, "列表：每一条写成一组“子字段: 值”")
            continue
        subs = {sub.id: sub for sub in analysis.fields[name].fields}
        for i, entry in enumerate(value):
            for key, sub_value in entry.items():
                sub = subs.get(key)
                at = (*loc, name, i, key)
                if sub is None:
                    expected = "其中一个子字段：" + "、".join(subs)
                    yield Diagnostic.of(
                        Code.E110, doc.key_span(at), key=key, hint=f"`{name}` 的{expected}"
                    )
                elif not _fits(kind_of(TypeInfo.of(sub)), sub_value):
                    yield _wrong(doc, at, key, FIELD_WORDS[sub.type])


def _fits(kind: Kind, value: object) -> bool:
    match kind:
        case Kind.BOOLEAN:
            return isinstance(value, bool)
        case Kind.NUMBER:
            return isinstance(value, int | float) and not isinstance(value, bool)
        case Kind.DATE:  # a date, or ISO text as the evaluator also reads it
            return as_date(value) is not None
        case Kind.TEXT:
            return isinstance(value, str)
        case Kind.LIST | Kind.UNKNOWN:
            return isinstance(value, list)


def _wrong(doc: Document, loc: Loc, key: str, expected: str) -> Diagnostic:
    return Diagnostic.of(
        Code.E112,
        doc.span(loc),
        key=key,
        expected=expected,
        hint="规格测试的回答按情形或字段的类型书写：是/否写 true 或 false，日期写 2023-05-31，"
        "数字不加引号，列表字段写成每条一组子字段的列表",
    )
