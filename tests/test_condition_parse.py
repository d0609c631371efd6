"""The condition language's parser and printer: canonical text, precedence, spans, syntax errors
that say what is wrong in Chinese, and properties over any tree and any text."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from condition_helpers import (
    ENV,
    FAST,
    LARK_WORDS,
    p,
    spans,
)
from hypothesis import given, strategies as st

from compiler.conditions.ast import (
    Arith,
    Bool,
    BoolOp,
    Call,
    Compare,
    Date,
    ListExpr,
    Neg,
    Node,
    Not,
    Number,
    Ref,
    Str,
)
from compiler.conditions.format import format_condition
from compiler.conditions.parse import ConditionError
from compiler.conditions.parse_errors import KEYWORDS
from compiler.conditions.types import check_condition
from dsl.diagnostics import Code

# --- parsing and printing -----------------------------------------------------------------------

CANONICAL = [
    "join_insurance",
    "join_insurance and household_region in_region 430100",
    'enterprise_type == "内资企业"',
    "floor_area <= 300",
    "not (a or b) and c",
    "a or b and c",
    "(a or b) and c",
    "not not a",
    "(not a) == false",
    "a - (b - c) * -d",
    "-(a + b) / 2.50",
    'x in ["甲", "乙"]',
    "x not in [1, -2, 3 + 4]",
    "x in []",
    "defined(mother_id) and age(mother_id) >= 18",
    "days_between(birth_date, today()) < 30 or year(apply_date) == 2024",
    "birth_date < 2023-05-31",
    "a == 2023 - 5 - 31",
    '"a\\"b\\\\c" == t',
    "(a < b) == (c < d)",
    "f(a and b, -1)",
    "x == 5.0",
    "count(shareholders) >= 2",
]


@pytest.mark.parametrize("text", CANONICAL)
def test_canonical_text_prints_as_written(text: str) -> None:
    assert format_condition(p(text)) == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("(a==1)and(b or(c))", "a == 1 and (b or c)"),
        ("  a\tand\n b ", "a and b"),
        ("x == '单引号'", 'x == "单引号"'),
        ("x == 'it\\'s'", 'x == "it\'s"'),
        ("((a))", "a"),
        ("- - a", "--a"),
        ("a\u3000and\u3000b", "a and b"),
        ("x in [ 1 ,2 ]", "x in [1, 2]"),
        ("a or (b or c)", "a or (b or c)"),
        ("(a or b) or c", "a or b or c"),
    ],
)
def test_format_gives_canonical_text(text: str, canonical: str) -> None:
    assert format_condition(p(text)) == canonical
    assert p(canonical) == p(text)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a or b and c", BoolOp("or", Ref("a"), BoolOp("and", Ref("b"), Ref("c")))),
        ("not a and b", BoolOp("and", Not(Ref("a")), Ref("b"))),
        ("not a == 1", Not(Compare("==", Ref("a"), Number(1)))),
        ("a + b * c", Arith("+", Ref("a"), Arith("*", Ref("b"), Ref("c")))),
        ("a - b - c", Arith("-", Arith("-", Ref("a"), Ref("b")), Ref("c"))),
        ("-a * b", Arith("*", Neg(Ref("a")), Ref("b"))),
        (
            "a + 1 < b * 2",
            Compare("<", Arith("+", Ref("a"), Number(1)), Arith("*", Ref("b"), Number(2))),
        ),
        ("a == b and c", BoolOp("and", Compare("==", Ref("a"), Ref("b")), Ref("c"))),
        ("x not in [1]", Compare("not in", Ref("x"), ListExpr((Number(1),)))),
        ("2023-05-31", Date(dt.date(2023, 5, 31))),
        ("2023 - 05 - 31", Arith("-", Arith("-", Number(2023), Number(5)), Number(31))),
        ("12.5", Number(Decimal("12.5"))),
        ("true or false", BoolOp("or", Bool(True), Bool(False))),
        ("defined(x)", Call("defined", (Ref("x"),))),
        ("andy or order", BoolOp("or", Ref("andy"), Ref("order"))),
        ("r in_region 430100", Compare("in_region", Ref("r"), Number(430100))),
    ],
)
def test_precedence_and_associativity(text: str, tree: Node) -> None:
    assert p(text) == tree


def test_spans_are_offsets_into_the_text() -> None:
    text = 'join_insurance and (enterprise_type == "内资企业")'
    node = p(text)
    assert isinstance(node, BoolOp)
    assert node.span == (0, len(text))
    assert node.left.span == (0, 14)
    compare = node.right
    assert isinstance(compare, Compare)
    assert text[slice(*compare.span)] == 'enterprise_type == "内资企业"'
    assert text[slice(*compare.right.span)] == '"内资企业"'


def test_call_and_literal_spans() -> None:
    text = "age(mother_id) >= 18 and true"
    node = p(text)
    assert [text[a:b] for a, b in spans(node)] == [
        text, "age(mother_id) >= 18", "age(mother_id)", "mother_id", "18", "true",
    ]  # fmt: skip


def test_spans_are_ignored_by_equality() -> None:
    assert p("a") == Ref("a", span=(5, 6))
    assert hash(p("a and b")) == hash(p("(a)  and  (b)"))


# --- syntax errors ------------------------------------------------------------------------------

SYNTAX_ERRORS = [
    # text, start, end, words in the problem, words in the hint
    ("", 0, 0, "空", None),
    ("a < b < c", 6, 7, "比较不能连写", "a < b and b < c"),
    ("(a == 1 and b", 13, 13, "括号没有闭合", ")"),
    ("age(x", 5, 5, "括号没有闭合", None),
    ("a and b)", 7, 8, "多了一个右括号", None),
    ("a and", 5, 5, "后面缺少条件", None),
    ("a ==", 4, 4, "缺少要比较的值", None),
    ("a b", 2, 3, "缺少运算符", "and"),
    ("a == 1 and b == 2 c", 18, 19, "缺少运算符", None),
    ("x in y", 5, 6, "方括号", None),
    ("x in [1, 2", 10, 10, "右方括号", None),
    ("x in [1 2]", 8, 9, "逗号", None),
    ("a = 1", 2, 3, "`=`", "=="),
    ('a == "abc', 5, 9, "结束引号", None),
    ('a == "a\\n"', 5, 10, "转义", None),
    ("AND", 0, 3, "小写", None),
    ("Area > 1", 0, 4, "标识 `Area` 不合规", "area"),
    ("x == 2023-02-30", 5, 15, "日期 2023-02-30 不存在", None),
    ("a.b", 1, 2, "“.”", "12.5"),
    ("x,y", 1, 2, "这里不应出现 `,`", None),
    (")", 0, 1, "应为 一个值", None),
    ("f(a,", 4, 4, "条件在这里就结束了", None),
    ("x <> 1", 3, 4, "比较符号不能连着写", "!="),
    ("defined == 1", 8, 10, "`defined` 后面应是括号", "defined(标识)"),
    ("in == 1", 0, 2, "这里不应出现 `in`", "保留字"),
]


@pytest.mark.parametrize(("text", "start", "end", "problem", "hint"), SYNTAX_ERRORS)
def test_syntax_errors_say_what_is_wrong(
    text: str, start: int, end: int, problem: str, hint: str | None
) -> None:
    with pytest.raises(ConditionError) as info:
        p(text)
    err = info.value
    assert err.code is Code.E301
    assert (err.offset_start, err.offset_end) == (start, end)
    assert problem in err.problem
    assert err.message == Code.E301.template.format(condition=text.strip(), problem=err.problem)
    if hint is not None:
        assert err.hint is not None and hint in err.hint


@pytest.mark.parametrize(
    ("text", "start", "hint"),
    [
        ("a （b)", 2, "（ 改为 ("),
        ("x == “内资企业”", 5, '“ 改为 "'),
        ("a ＝＝ 1", 2, "＝ 改为 ="),
        ("x in [1，2]", 7, "， 改为 ,"),
        ("a 且 b", 2, "`and`"),
        ("a 或者 b", 2, "`or`"),
        ("非 a", 0, "`not`"),
        ("x 等于 1", 2, "`==`"),
        ("area 不超过 300", 5, "`<=`"),
    ],
)
def test_full_width_and_chinese_operators_get_a_hint(text: str, start: int, hint: str) -> None:
    with pytest.raises(ConditionError) as info:
        p(text)
    assert info.value.offset_start == start
    assert info.value.hint is not None and hint in info.value.hint


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not " * 150 + "a", "嵌套 151 层"),
        ("- " * 150 + "a > 1", "嵌套 152 层"),
        (" and ".join(["a"] * 150), "有 150 项"),
        (" + ".join(["a"] * 100) + " > 1", "有 101 项"),
    ],
)
def test_nesting_and_terms_are_limited_with_e133(text: str, problem: str) -> None:
    with pytest.raises(ConditionError) as info:
        p(text)
    assert info.value.code is Code.E133
    assert info.value.problem.startswith(problem)


def test_parentheses_alone_are_free() -> None:
    assert p("(" * 150 + "a" + ")" * 150 + " == b") == Compare("==", Ref("a"), Ref("b"))


def test_chinese_words_outside_quotes_suggest_quotes_or_ids() -> None:
    with pytest.raises(ConditionError) as info:
        p('企业类型 == "内资企业"')
    err = info.value
    assert (err.offset_start, err.offset_end) == (0, 4)
    assert "企业类型" in err.problem and err.hint and "引号" in err.hint


@pytest.mark.parametrize("text", [t for t, *_ in SYNTAX_ERRORS] + ["a （b)", "(", "a in [1,]"])
def test_lark_text_never_leaks(text: str) -> None:
    with pytest.raises(ConditionError) as info:
        p(text)
    err = info.value
    assert not LARK_WORDS.search(err.message + (err.hint or ""))
    leaked = set(re.findall(r"[A-Z_$]{2,}", err.problem)) - set(re.findall(r"[A-Z_]+", text))
    assert not leaked, err.problem  # no terminal names such as NAME, RPAR, $END


# --- properties ---------------------------------------------------------------------------------

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda s: s not in KEYWORDS)
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=8)
DECIMALS = st.tuples(st.integers(0, 10**9), st.from_regex(r"[0-9]{1,4}", fullmatch=True)).map(
    lambda t: Decimal(f"{t[0]}.{t[1]}")
)
LITERALS = st.one_of(
    TEXT.map(Str),
    st.integers(0, 10**12).map(Number),
    DECIMALS.map(Number),
    st.booleans().map(Bool),
    st.dates().map(Date),
)
ATOMS = st.one_of(LITERALS, NAMES.map(Ref))


def _extend(nodes: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    ops = st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in_region"])
    items = st.lists(nodes, max_size=3).map(lambda xs: ListExpr(tuple(xs)))
    return st.one_of(
        nodes.map(Not),
        nodes.map(Neg),
        st.builds(BoolOp, st.sampled_from(["and", "or"]), nodes, nodes),
        st.builds(Arith, st.sampled_from(["+", "-", "*", "/"]), nodes, nodes),
        st.builds(Compare, ops, nodes, nodes),
        st.builds(Compare, st.sampled_from(["in", "not in"]), nodes, items),
        st.builds(Call, NAMES | st.just("defined"), st.lists(nodes, max_size=3).map(tuple)),
    )


TREES = st.recursive(ATOMS, _extend, max_leaves=12)


@FAST
@given(TREES)
def test_any_tree_prints_to_text_that_parses_back_to_it(tree: Node) -> None:
    text = format_condition(tree)
    assert p(text) == tree
    assert format_condition(p(text)) == text


SOUP = st.lists(
    st.sampled_from(
        ["a", "b1", "and", "or", "not", "in", "in_region", "(", ")", "[", "]", ",", "==", "<",
         ">=", "!=", "+", "-", "*", "/", "1", "2.5", "2023-05-31", '"甲"', "'乙'", "true",
         "defined", "age", "today", "且", "（", "＝", "=", '"', "\\", ".", "A", "\u3000"]
    ),
    max_size=12,
).map(" ".join)  # fmt: skip


@FAST
@given(st.one_of(st.text(max_size=30), SOUP))
def test_any_text_gives_a_node_or_a_condition_error(text: str) -> None:
    try:
        node = p(text)
    except ConditionError as err:
        assert err.code is Code.E301
        assert 0 <= err.offset_start <= err.offset_end <= len(text)
        assert not LARK_WORDS.search(err.message)
        return
    assert all(0 <= a <= b <= len(text) for a, b in spans(node))
    assert p(format_condition(node)) == node
    for problem in check_condition(node, ENV):  # never raises, whatever the tree
        assert 0 <= problem.span[0] <= problem.span[1] <= len(text)
