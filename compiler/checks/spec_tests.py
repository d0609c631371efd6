"""Bundle → E601 for each spec test whose answers do not select exactly the expected items."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.checks.conditions import applies
from compiler.diagnostics import Code, Diagnostic
from compiler.resolve import Bundle


def check_spec_tests(bundle: Bundle) -> Iterator[Diagnostic]:
    spec = bundle.scenario
    for t, test in enumerate(spec.tests):
        got = [item.id for item in bundle.items if applies(item, test.answers)]
        expected = set(test.expect.items)
        if set(got) == expected:
            continue
        missing = sorted(expected - set(got))
        extra = [i for i in got if i not in expected]
        parts = []
        if missing:
            parts.append("应办理但未选中：" + "、".join(missing))
        if extra:
            parts.append("不应办理却被选中：" + "、".join(extra))
        yield Diagnostic.of(
            Code.E601,
            bundle.unit.doc.span(("tests", t, "name")),
            name=test.name,
            problem="；".join(parts),
            hint="实际办理的事项：" + "、".join(got) + "。请核对事项的 `when` 或测试的期望",
        )
