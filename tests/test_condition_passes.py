"""Every pass over the condition AST handles every node class: adding a node is checked.

A pass dispatches with one `match` that ends in `case _: assert_never(node)`; mypy proves the
cases before it exhaustive. This test proves the same without mypy, from the source: every
`match` in compiler/ that names a node class has, for each class in `Node`, a case that takes
every instance of it (no guard, no literal or nested sub-pattern), and ends in `assert_never`.
"""

from __future__ import annotations

import ast as pyast
import datetime as dt
import textwrap
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

from compiler.conditions import ast as condition_ast
from compiler.conditions.describe import describe
from compiler.conditions.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
NODE_CLASSES = frozenset(cls.__name__ for cls in typing.get_args(condition_ast.Node))
# The passes there were when this test was written; the scan must keep finding at least these.
KNOWN_PASSES = {
    "conditions.ast.children",
    "conditions.describe.text",
    "conditions.describe.value",
    "conditions.evaluate.value",
    "conditions.format.level",
    "conditions.format._text",
    "conditions.json_schema.to_schema_if",
    "conditions.json_schema._literal",
    "conditions.jsonlogic.value",
    "conditions.jsonlogic.guards",
    "conditions.types.infer",
}


def node_matches(tree: pyast.Module) -> Iterator[tuple[str, pyast.Match]]:
    """(function name, match statement) for each `match` whose cases name a node class."""
    for function in pyast.walk(tree):
        if not isinstance(function, pyast.FunctionDef):
            continue
        for statement in pyast.walk(function):
            if isinstance(statement, pyast.Match) and _named(statement) & NODE_CLASSES:
                yield function.name, statement


def _named(match: pyast.Match) -> set[str]:
    return {
        p.cls.id
        for case in match.cases
        for p in pyast.walk(case.pattern)
        if isinstance(p, pyast.MatchClass) and isinstance(p.cls, pyast.Name)
    }


def problems(match: pyast.Match) -> list[str]:
    """What keeps `match` from handling every node: classes without a total case, a missing end."""
    total: set[str] = set()
    for case in match.cases:
        if case.guard is not None:
            continue
        options = (
            case.pattern.patterns if isinstance(case.pattern, pyast.MatchOr) else [case.pattern]
        )
        total |= {p.cls.id for p in options if _takes_every_instance(p)}
    found = [f"no case takes every `{name}`" for name in sorted(NODE_CLASSES - total)]
    if not _ends_in_assert_never(match):
        found.append("does not end in `case _: assert_never(...)`")
    return found


def _takes_every_instance(pattern: pyast.pattern) -> bool:
    if not (isinstance(pattern, pyast.MatchClass) and isinstance(pattern.cls, pyast.Name)):
        return False
    parts = [*pattern.patterns, *pattern.kwd_patterns]
    return all(isinstance(p, pyast.MatchAs) and p.pattern is None for p in parts)


def _ends_in_assert_never(match: pyast.Match) -> bool:
    last = match.cases[-1]
    wildcard = isinstance(last.pattern, pyast.MatchAs) and last.pattern.name is None
    call = last.body[0].value if isinstance(last.body[0], pyast.Expr) else None
    return (
        wildcard
        and last.guard is None
        and isinstance(call, pyast.Call)
        and isinstance(call.func, pyast.Name)
        and call.func.id == "assert_never"
    )


def all_passes() -> dict[str, list[str]]:
    """`package.module.function` → its problems, for every node match under compiler/."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "compiler").rglob("*.py")):
        module = path.relative_to(ROOT / "compiler").with_suffix("").as_posix().replace("/", ".")
        tree = pyast.parse(path.read_text(encoding="utf-8"))
        for function, match in node_matches(tree):
            name = f"{module}.{function}"
            name += f"@{match.lineno}" if name in found else ""  # a second match in one function
            found[name] = problems(match)
    return found


PASSES = all_passes()


def test_the_scan_finds_every_known_pass() -> None:
    assert set(PASSES) >= KNOWN_PASSES


@pytest.mark.parametrize("name", sorted(PASSES))
def test_each_pass_handles_every_node_class(name: str) -> None:
    assert PASSES[name] == []


def test_the_scan_notices_a_missing_class_and_a_missing_end() -> None:
    source = textwrap.dedent(
        """
        def level(node):
            match node:
                case BoolOp(op="or"):
                    return 1
                case Not() | Compare(op=op):
                    return 2
                case Ref(name=name) if name:
                    return 3
        """
    )
    [(function, match)] = node_matches(pyast.parse(source))
    missing = problems(match)
    assert function == "level"
    assert "no case takes every `BoolOp`" in missing  # a literal sub-pattern takes only some
    assert "no case takes every `Ref`" in missing  # so does a guard
    assert "no case takes every `Not`" not in missing
    assert "no case takes every `Compare`" not in missing  # a capture takes every value
    assert missing[-1] == "does not end in `case _: assert_never(...)`"


def test_a_value_that_is_no_node_fails_loudly() -> None:
    """What mypy rules out statically is an assertion at run time, not a silent default."""
    with pytest.raises(AssertionError):
        condition_ast.children("x")  # type: ignore[arg-type]
    with pytest.raises(AssertionError):
        describe("x", {}, {})  # type: ignore[arg-type]


def test_an_unknown_function_cannot_be_described_or_evaluated() -> None:
    """Both are for conditions `check_condition` accepted; anything else is a TypeError."""
    call = condition_ast.Call("nope", (condition_ast.Ref("x"),))
    with pytest.raises(TypeError):
        describe(call, {}, {})
    with pytest.raises(TypeError):
        evaluate(call, {"x": 1}, dt.date(2024, 6, 1))
