"""Analysis → E601 for each spec test whose answers do not give the expected items or rules."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.analysis import Analysis
from compiler.answers import Answers
from compiler.conditions.parse import ConditionError
from dsl.diagnostics import Code, Diagnostic


def check_spec_tests(analysis: Analysis) -> Iterator[Diagnostic]:
    try:
        yield from list(_run(analysis))
    except ConditionError:
        return  # a condition that does not parse is already E301; tests can't be judged


def _run(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
    spec = bundle.scenario
    for t, test in enumerate(spec.tests):
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
