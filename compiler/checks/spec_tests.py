"""Analysis → E601 for each spec test whose answers do not give the expected items or rules,
E112 for an answer whose type is not its situation's or field's (that test is then not run).

An answer is judged by the type of what it answers: 是/否 for a boolean, a number, a date, text,
and for a list field (a repeating group) a list of entries, each sub-field id → its value.
Tests are judged only when every condition is well typed: a condition the checker rejects is
already E3xx, and running it could only repeat that as a failed test (or not run at all).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from compiler import ir
from compiler.analysis import Analysis
from compiler.answers import Answers
from compiler.conditions.functions import as_date
from compiler.conditions.sites import condition_sites, well_typed
from compiler.conditions.type_words import FIELD_WORDS
from compiler.conditions.types import Kind, TypeInfo, kind_of
from dsl.diagnostics import Code, Diagnostic
from dsl.document import Document, Loc


def check_spec_tests(analysis: Analysis) -> Iterator[Diagnostic]:
    env = analysis.answers.env
    sites = condition_sites(analysis.bundle, analysis.field_uses)
    if all(well_typed(site.text, env) for site in sites):
        yield from _run(analysis)


def _run(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
    spec = bundle.scenario
    env = analysis.answers.env
    for t, test in enumerate(spec.tests):
        wrong = list(_wrong_answers(bundle.unit.doc, ("tests", t, "answers"), test, env, analysis))
        if wrong:
            yield from wrong
            continue
        answers = Answers(analysis, test.answers, test.today or spec.batch)
        items = answers.items()
        problems = _differences("事项", items, test.expect.items)
        if test.expect.materials is not None:
            problems += _differences("材料", answers.materials(), test.expect.materials)
        if test.expect.failed_rules is not None:
            got = answers.failed_rules()
            problems += _differences("校验规则未通过", got, test.expect.failed_rules)
        if problems:
            yield Diagnostic.of(
                Code.E601,
                bundle.unit.doc.span(("tests", t, "name")),
                name=test.name,
                problem="；".join(problems),
                hint="实际办理的事项：" + "、".join(items) + "。请核对条件（when）或测试的期望",
            )


def _differences(what: str, got: list[str], expected: list[str]) -> list[str]:
    missing = [x for x in expected if x not in got]
    extra = [x for x in got if x not in expected]
    out = []
    if missing:
        out.append(f"{what}应有但没有：" + "、".join(missing))
    if extra:
        out.append(f"{what}不应有却有：" + "、".join(extra))
    return out


def _wrong_answers(
    doc: Document,
    loc: Loc,
    test: ir.SpecTest,
    env: Mapping[str, TypeInfo],
    analysis: Analysis,
) -> Iterator[Diagnostic]:
    for name, value in test.answers.items():
        info = env.get(name)
        if info is None:
            continue  # an answer nothing asks about decides nothing
        if info.type is not ir.FieldType.LIST:
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
