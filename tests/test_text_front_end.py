""".yjs front-end: same IR and spans as YAML, coded syntax errors, printers and `yjs fmt`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from compiler import assertions, delivery_terms, ir, vocabulary
from compiler.lower import lower
from dsl.diagnostics import Code, CompileError, Diagnostic
from dsl.document import Document
from dsl.front_ends import decode
from dsl.printer import format_yjs, print_yaml, print_yjs
from dsl.source import SourceFile, Span
from dsl.yaml_parser import parse_yaml
from dsl.yjs import schema as text_schema
from dsl.yjs.parser import parse_text, parse_with_comments
from dsl.yjs.syntax_errors import SYNTAX_EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
SPECS = [ROOT / "scenarios" / "newborn.yaml", *sorted((ROOT / "stdlib").rglob("*.yaml"))]
SPECS += sorted(set((ROOT / "scenarios").glob("*.yaml")) - set(SPECS))
DERANDOMIZED = settings(
    derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def yjs(text: str, name: str = "t.yjs") -> Document:
    return parse_text(SourceFile(name, text))


def errors(text: str) -> list[Diagnostic]:
    with pytest.raises(CompileError) as caught:
        lower(yjs(text))
    return caught.value.diagnostics


def ir_of(doc: Document) -> dict[str, Any]:
    return lower(doc).model_dump()


def load_yaml(path: Path) -> Document:
    return parse_yaml(decode(path.relative_to(ROOT).as_posix(), path.read_bytes()))


# --- the real specs, both ways ----------------------------------------------------------------


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_yaml_spec_printed_as_yjs_lowers_to_the_same_ir_with_the_same_span_paths(
    path: Path,
) -> None:
    from_yaml = load_yaml(path)
    from_yjs = yjs(print_yjs(from_yaml.data), path.stem + ".yjs")
    assert ir_of(from_yjs) == ir_of(from_yaml)
    assert from_yjs.value_spans.keys() == from_yaml.value_spans.keys()
    assert from_yjs.key_spans.keys() == from_yaml.key_spans.keys()


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_print_yaml_reads_back_as_the_same_ir(path: Path) -> None:
    spec = lower(load_yaml(path))
    for mode in ("python", "json"):  # json: a date in `answers` (date | str) is text for good
        text = print_yaml(spec.model_dump(mode=mode, exclude_defaults=True))
        again = lower(parse_yaml(SourceFile("x.yaml", text)))
        assert again.model_dump(mode=mode) == spec.model_dump(mode=mode)


@pytest.mark.parametrize("text", ["说明\n\n", "\n", "甲\n\n\n", "  缩进\n\n"])
def test_print_yaml_keeps_text_that_ends_in_a_blank_line(text: str) -> None:
    """Found by fuzzing: such text ended the YAML document (`|+` then `...`), and the section
    printed after it was a syntax error."""
    data = {
        "scenario": "s",
        "name": "名称",
        "notes": text,  # the last of its section, another section follows
        "departments": [{"id": "d", "name": text, "level": "市"}],
        "situations": [{"id": "q", "question": "问题"}],
    }
    printed = print_yaml(data)
    assert parse_yaml(decode("x.yaml", printed.encode("utf-8"))).data == data


@pytest.mark.parametrize("text", ['第一行\n他说"是"', '行\n""', '行\n"', '行\n"\n'])
def test_print_yjs_reads_back_text_over_lines_that_ends_in_a_quote(text: str) -> None:
    """Found by fuzzing: a \"\"\" block whose text ends in `"` closed one quote early (E124)."""
    data = {"scenario": "s", "name": "名称", "notes": text}
    assert yjs(print_yjs(data)).data == data


@pytest.mark.parametrize("mode", ["python", "json"])
def test_print_yjs_accepts_model_dumps(mode: str) -> None:
    spec = lower(load_yaml(SPECS[0]))
    for dump in (spec.model_dump(mode=mode), spec.model_dump(mode=mode, exclude_defaults=True)):
        assert lower(yjs(print_yjs(dump))).model_dump(mode=mode) == spec.model_dump(mode=mode)


def test_print_yjs_writes_the_newborn_scenario_readably() -> None:
    text = print_yjs(load_yaml(SPECS[0]).data)
    assert text.startswith(
        'scenario newborn "新生儿出生一件事" {\n  subject 个人\n  batch 2023-05-31\n'
    )
    assert '  item birth_certificate_issue "出生医学证明首次签发" {\n' in text
    assert "    days { legal 5, promised 1 }\n" in text
    assert re.search(r"^    when [a-z_]+$", text, re.M)
    assert '  notes """\n    适用条件' in text
    assert "  consult 12345\n" in text  # text where text is expected: no quotes needed


def test_print_yaml_is_block_style_in_model_order() -> None:
    text = print_yaml(load_yaml(SPECS[0]).data)
    assert text.startswith("scenario: newborn\nname: 新生儿出生一件事\nsubject: 个人\n")
    assert "notes: |\n  适用条件" in text
    assert "days:\n      legal: 5\n      promised: 1\n" in text


# --- spans ------------------------------------------------------------------------------------

SPANNED = """\
scenario newborn "新生儿" {
  subject 个人
  imports [stdlib/a, stdlib/b]
  item birth "出生登记" {
    department cs_police
    days { legal 5, promised 1 }
    when join and weight > 2500   # 条件后的注释
  }
  notes \"\"\"
    第一行
    \"\"\"
}
"""


def at(line: int, column: int, end_line: int, end_column: int) -> Span:
    return Span("t.yjs", line, column, end_line, end_column)


def test_spans_point_at_the_yjs_tokens() -> None:
    doc = yjs(SPANNED)
    assert doc.key_spans[("subject",)] == at(2, 3, 2, 10)
    assert doc.value_spans[("subject",)] == at(2, 11, 2, 13)
    assert doc.value_spans[("imports", 1)] == at(3, 22, 3, 30)
    assert doc.key_spans[("items",)] == at(4, 3, 4, 7)
    assert doc.value_spans[("items", 0)] == at(4, 3, 8, 4)
    assert (
        doc.key_spans[("items", 0, "id")] == doc.value_spans[("items", 0, "id")] == at(4, 8, 4, 13)
    )
    assert doc.value_spans[("items", 0, "days", "promised")] == at(6, 30, 6, 31)
    assert doc.value_spans[("notes",)] == at(9, 9, 11, 8)
    assert doc.key_spans[("scenario",)] == at(1, 10, 1, 17)


def test_condition_span_maps_offsets_in_the_raw_text_to_file_columns() -> None:
    doc = yjs(SPANNED)
    span = doc.value_spans[("items", 0, "when")]
    line = SPANNED.splitlines()[span.line - 1]
    assert line[span.column - 1 : span.end_column - 1] == "join and weight > 2500"
    assert doc.data["items"][0]["when"] == "join and weight > 2500"
    assert doc.key_spans[("items", 0, "when")] == at(7, 5, 7, 9)


def test_condition_keys_take_the_rest_of_the_line() -> None:
    doc = yjs('a {\n  required_when x == "a # b" or y  # 注释\n  when "多行\\n条件"\n}\n')
    assert doc.data["a"] == {"required_when": 'x == "a # b" or y', "when": "多行\n条件"}
    assert {"when", "required_when"} <= text_schema.CONDITION_KEYS


def test_bare_words_are_typed_by_the_key_they_belong_to() -> None:
    doc = yjs(
        "library l 名称 {\n  department d 部门 { level 市, region 430100 }\n"
        "  field f 字段 { min 20, max 1.5e3, max_length 7, required false }\n}\n"
    )
    assert doc.data["departments"][0]["region"] == "430100"
    field = doc.data["fields"][0]
    assert (field["min"], field["max"], field["max_length"], field["required"]) == (
        20,
        1500.0,
        7,
        False,
    )
    answers = yjs('test t { answers { a true, b 是, c "true" } }').data["tests"][0]["answers"]
    assert answers == {"a": True, "b": "是", "c": "true"}


# --- errors -----------------------------------------------------------------------------------

EXAMPLES = [(code, text) for code, texts in SYNTAX_EXAMPLES.items() for text in texts]


@pytest.mark.parametrize(
    ("code", "text"), EXAMPLES, ids=[f"{c.name}-{i}" for i, (c, _) in enumerate(EXAMPLES)]
)
def test_every_syntax_example_gives_its_code(code: Code, text: str) -> None:
    with pytest.raises(CompileError) as caught:
        yjs(text)
    assert {d.code for d in caught.value.diagnostics} == {code}


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ('scenario s "S" {\n  item a "A" {\n    department d\n', Code.E121, 2, 14),
        ("a {\n  b [c, d\n  e 1\n}\n", Code.E121, 2, 5),
        ("a 1\n}\n", Code.E123, 2, 1),
        ('a {\n  name "新生儿\n}\n', Code.E124, 2, 8),
        ("a {\n  days ｛ legal 5 ｝\n}\n", Code.E125, 2, 8),
        ("a {\n  subject: 个人\n}\n", Code.E126, 2, 10),
        ("a {\n  fields [x，y]\n}\n", Code.E125, 2, 12),
        ("a {\n  fee 按 标准 缴纳\n}\n", Code.E127, 2, 7),
        ('a {\n  x "\\q"\n}\n', Code.E128, 2, 6),
        ("a {\n  name\n}\n", Code.E122, 2, 3),
        ("a 1\na 2\n", Code.E103, 2, 1),
    ],
)
def test_syntax_errors_point_at_the_mistake(text: str, code: Code, line: int, column: int) -> None:
    with pytest.raises(CompileError) as caught:
        yjs(text)
    [first] = caught.value.diagnostics[:1]
    assert (first.code, first.span.line, first.span.column) == (code, line, column)  # type: ignore[union-attr]
    assert not re.search(r"Unexpected|Expected|Token\(", first.message + (first.hint or ""))


def test_duplicate_key_names_the_first_one() -> None:
    with pytest.raises(CompileError) as caught:
        yjs('scenario s "S" {\n  lead a\n  lead b\n  item x "X"\n  items []\n}\n')
    lead, items = caught.value.diagnostics
    assert (lead.code, lead.span, lead.related[0].span) == (
        Code.E103,
        at(3, 3, 3, 7),
        at(2, 3, 2, 7),
    )
    assert (items.code, items.span.line) == (Code.E103, 5)  # type: ignore[union-attr]


def test_unknown_keywords_are_left_to_lowering_with_did_you_mean() -> None:
    found = errors(
        'scenario s "S" {\n  subject 个人\n  batch 2023-05-31\n  lead l\n  promised_days 1\n'
        '  iten a "甲" { department d }\n  item b "乙" { deparment d, days { legal 1, promised 1 } }\n}\n'
    )
    by_key = {d.message: d for d in found if d.code is Code.E110}
    assert by_key["未知的键 `iten`"].span == at(6, 3, 6, 7)
    assert by_key["未知的键 `deparment`"].hint == "是否应为 `department`？"


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(CompileError) as caught:
        yjs("a " + "[" * 500 + "]" * 500)
    assert caught.value.diagnostics[0].code is Code.E109


def test_explain_pages_show_yjs_mistakes_that_give_their_code() -> None:
    for code in [c for c in Code if c.name.startswith("E12")]:
        page = code.explanation()
        wrong, right = page.split("## 正确写法")
        [bad] = re.findall(r"```yjs\n(.*?)```", wrong, re.S)
        good = re.findall(r"```yjs\n(.*?)```", right.split("## 如何修改")[0], re.S)[0]
        with pytest.raises(CompileError) as caught:
            yjs(bad)
        assert code in {d.code for d in caught.value.diagnostics}, code
        yjs(good)


# --- `use` entries: library items reused in a scenario ----------------------------------------


def test_use_entries_reuse_library_items() -> None:
    text = (
        'scenario s "S" {\n  use social_security_card when apply_card  # 复用\n'
        '  item a "甲" { department d }\n  use b\n}\n'
    )
    doc = yjs(text)
    assert doc.data["items"] == [
        {"use": "social_security_card", "when": "apply_card"},
        {"id": "a", "name": "甲", "department": "d"},
        {"use": "b"},
    ]
    assert doc.key_spans[("items", 0, "use")] == at(2, 7, 2, 27)
    assert doc.value_spans[("items", 0, "when")] == at(2, 33, 2, 43)
    assert "  use social_security_card when apply_card\n" in print_yjs(doc.data)
    assert format_yjs(SourceFile("t.yjs", text)) == text
    library = yjs('library l "L" {\n  item a "甲" { department d }\n}\n')
    assert library.data["items"] == [{"id": "a", "name": "甲", "department": "d"}]


# --- fmt --------------------------------------------------------------------------------------

COMMENTED = """\
# 文件头
scenario demo "示例" {   # 头部
  lead cs_health  # 牵头部门
  subject 个人
  # 导入
  imports [stdlib/a,   # 第一项
     stdlib/b]
  item a "甲" {
    days { legal 5, promised 1 }  # 时限
    department d
    fields [f1,
      # 中间
      f2]
  }
  # 块尾
}
# 文件尾
"""


def comments_of(text: str) -> list[str]:
    return re.findall(r"#.*", text)


def test_fmt_keeps_every_comment_and_is_idempotent() -> None:
    once = format_yjs(SourceFile("c.yjs", COMMENTED))
    assert comments_of(once) == comments_of(COMMENTED)
    assert format_yjs(SourceFile("c.yjs", once)) == once
    assert yjs(once).data == yjs(COMMENTED).data
    assert "  lead cs_health  # 牵头部门\n" in once
    assert "      # 中间\n      f2\n" in once
    assert once.endswith("  # 块尾\n}\n# 文件尾\n")


def test_fmt_of_printed_specs_changes_nothing() -> None:
    for path in SPECS:
        text = print_yjs(load_yaml(path).data)
        assert format_yjs(SourceFile("x.yjs", text)) == text


# --- properties -------------------------------------------------------------------------------

SPECIAL = " \"\\#{}[],:：，\n\t'“”　"
texts = st.text(
    st.one_of(
        st.sampled_from(SPECIAL),
        st.sampled_from("新生儿出生一件事abc019-_."),
        # Control characters are refused in both syntaxes (E116); tab and newline are in SPECIAL.
        st.characters(codec="utf-8", exclude_categories=("Cc",), exclude_characters="\u2028\u2029"),
    ),
    min_size=1,
    max_size=12,
).filter(lambda s: bool(s.strip()))
ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True) | st.sampled_from(
    ["when", "true", "item"]
)
small = {"max_size": 2}


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def sub_fields(draw: st.DrawFn, sub_id: str) -> ir.SubField:
    kind = draw(
        st.sampled_from([t for t in vocabulary.FieldType if t is not vocabulary.FieldType.LIST])
    )
    return ir.SubField(
        id=sub_id,
        label=draw(texts),
        type=kind,
        choices=draw(st.lists(texts, min_size=1, max_size=2))
        if kind is vocabulary.FieldType.CHOICE
        else [],
        required=draw(st.booleans()),
        sensitivity=draw(st.sampled_from(vocabulary.Sensitivity)),
        max=draw(maybe(st.integers(-9, 9))),
    )


@st.composite
def field_defs(draw: st.DrawFn) -> ir.FieldDef:
    kind = draw(st.sampled_from(vocabulary.FieldType))
    source = draw(st.sampled_from(["from_data", "from_result", None]))
    if (
        kind is vocabulary.FieldType.LIST
    ):  # a repeating group: sub-fields and counts, no scalar checks
        sub_ids = draw(st.lists(ids, min_size=1, max_size=2, unique=True))
        least = draw(maybe(st.integers(0, 3)))
        return ir.FieldDef(
            id=draw(ids),
            label=draw(texts),
            type=kind,
            fields=[draw(sub_fields(sub_id)) for sub_id in sub_ids],
            min_count=least,
            max_count=draw(maybe(st.integers(max(least or 1, 1), 9))),
            **({source: draw(ids)} if source else {}),
        )
    return ir.FieldDef(
        id=draw(ids),
        label=draw(texts),
        type=kind,
        choices=draw(st.lists(texts, min_size=1, max_size=3))
        if kind is vocabulary.FieldType.CHOICE
        else [],
        help=draw(maybe(texts)),
        required=draw(st.booleans()),
        min=draw(maybe(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-9, 9))),
        max_length=draw(maybe(st.integers(1, 500))),
        **({source: draw(ids)} if source else {}),
    )


@st.composite
def periods(draw: st.DrawFn) -> dict[str, dt.date | None]:
    """valid_from / valid_until, either or both or neither, in order when both."""
    start, end = draw(maybe(st.dates())), draw(maybe(st.dates()))
    if start is not None and end is not None and end <= start:
        start, end = (end, start) if end < start else (start, None)
    return {"valid_from": start, "valid_until": end}


@st.composite
def legal_bases(draw: st.DrawFn) -> str | ir.LegalBasis:
    if draw(st.booleans()):
        return draw(texts)
    return ir.LegalBasis(
        title=draw(texts),
        number=draw(maybe(texts)),
        article=draw(maybe(texts)),
        **draw(periods()),
    )


@st.composite
def materials(draw: st.DrawFn) -> ir.Material:
    deferred = draw(st.booleans())
    return ir.Material(
        id=draw(ids),
        name=draw(texts),
        form=draw(st.sampled_from(vocabulary.MaterialForm)),
        copies=draw(st.integers(0, 99)),
        acceptance=vocabulary.Acceptance.DEFERRED if deferred else vocabulary.Acceptance.REQUIRED,
        makeup_days=draw(st.integers(1, 365)) if deferred else None,
        requirements=draw(maybe(texts)),
        **draw(periods()),
    )


ITEM_PARTS: dict[str, Any] = {
    "id": ids,
    "name": texts,
    "department": ids,
    "level": maybe(st.sampled_from(vocabulary.Level)),
    "days": st.builds(ir.TimeLimit, legal=st.integers(0, 3650), promised=st.integers(0, 3650)),
    "special_procedures": st.lists(
        st.builds(ir.SpecialProcedure, name=texts, days=st.integers(0, 30), note=maybe(texts)),
        **small,
    ),
    "when": maybe(texts),
    "fields": st.lists(ids | field_defs(), max_size=3),
    "materials": st.lists(ids, **small),
    "field_codes": st.dictionaries(ids, texts, **small),
}


@st.composite
def dated_items(draw: st.DrawFn) -> ir.Item:
    return draw(
        st.builds(ir.Item, **ITEM_PARTS, **{k: st.just(v) for k, v in draw(periods()).items()})
    )


items = dated_items()
# A `use:` with any of its overrides, each left out or given (None is "not written").
item_uses = st.builds(
    ir.ItemUse,
    use=ids,
    when=maybe(texts),
    department=maybe(ids),
    level=maybe(st.sampled_from(vocabulary.Level)),
    days=maybe(st.builds(ir.TimeLimit, legal=st.integers(0, 3650), promised=st.integers(0, 3650))),
    local_code=maybe(texts),
    fee=maybe(st.just("不收费") | st.builds(delivery_terms.Fee, amount=st.integers(1, 999))),
    application=maybe(st.sampled_from(vocabulary.Application)),
)
definitions = {
    "departments": st.lists(
        st.builds(
            ir.Department,
            id=ids,
            name=texts,
            level=st.sampled_from(vocabulary.Level),
            region=st.from_regex(r"[0-9]{6}", fullmatch=True),
            phone=maybe(texts),
            roles=st.lists(ids, **small),
        ),
        **small,
    ),
    "roles": st.lists(st.builds(ir.Role, id=ids, name=texts), **small),
    "fields": st.lists(field_defs(), **small),
    "materials": st.lists(materials(), **small),
    "imports": st.lists(texts, **small),
}
scenarios = st.builds(
    ir.Scenario,
    scenario=ids,
    name=texts,
    subject=st.sampled_from(vocabulary.Subject),
    batch=st.dates(),
    lead=ids,
    promised_days=st.integers(0, 3650),
    channels=st.lists(
        st.builds(ir.Channel, kind=st.sampled_from(["线上", "线下"]), name=texts), **small
    ),
    notes=maybe(texts),
    legal_basis=st.lists(legal_bases(), **small),
    situations=st.lists(st.builds(ir.Situation, id=ids, question=texts), **small),
    items=st.lists(items | item_uses, min_size=1, max_size=3),
    tests=st.lists(
        st.builds(
            assertions.SpecTest,
            name=texts,
            answers=st.dictionaries(
                ids,
                st.booleans()
                | texts
                | st.integers()
                | st.dates()
                | st.lists(
                    st.dictionaries(ids, st.booleans() | texts | st.dates(), **small), **small
                ),
                **small,
            ),
            expect=st.builds(assertions.Expectation, items=st.lists(ids, **small)),
        ),
        **small,
    ),
    **definitions,
)
libraries = st.builds(
    ir.Library,
    library=ids,
    name=texts,
    notes=maybe(texts),
    items=st.lists(items, max_size=1),
    **definitions,
)


def parses_back(spec: ir.Scenario | ir.Library, mode: str) -> None:
    """Printed as .yjs, the spec lowers to the same IR, and the printed text is already formatted."""
    text = print_yjs(spec.model_dump(mode=mode, exclude_defaults=mode == "json"))
    assert lower(yjs(text)).model_dump(mode=mode) == spec.model_dump(mode=mode)
    assert format_yjs(SourceFile("t.yjs", text)) == text


SPECS_AND_MODES = {"spec": scenarios | libraries, "mode": st.sampled_from(["python", "json"])}


@settings(DERANDOMIZED, max_examples=50)
@given(**SPECS_AND_MODES)
def test_printed_ir_parses_back_to_the_same_ir(spec: ir.Scenario | ir.Library, mode: str) -> None:
    parses_back(spec, mode)


@pytest.mark.slow
@settings(DERANDOMIZED, max_examples=1000)
@given(**SPECS_AND_MODES)
def test_printed_ir_parses_back_to_the_same_ir_at_length(
    spec: ir.Scenario | ir.Library, mode: str
) -> None:
    parses_back(spec, mode)


def outside_text_blocks(lines: list[str]) -> list[bool]:
    """Whether each line ends outside a \"\"\" block (only blocks contain \"\"\" in printed text)."""
    inside, out = False, []
    for line in lines:
        inside ^= line.count('"""') % 2 == 1
        out.append(not inside)
    return out


def comment_texts(text: str) -> list[str]:
    return sorted(c.text for c in parse_with_comments(SourceFile("t.yjs", text))[1])


def keeps_inserted_comments(spec: ir.Scenario, notes: list[tuple[int, bool]]) -> None:
    """Comments put between or after the lines of a printed spec survive `fmt`, which is then a
    fixed point and changes no value."""
    lines = print_yjs(spec.model_dump(exclude_defaults=True)).splitlines()
    for n, (where, own_line) in enumerate(notes):
        i = where % len(lines)
        outside = outside_text_blocks(lines)
        if own_line and (i == 0 or outside[i - 1]):
            lines.insert(i, f"# 注释{n}")
        elif not own_line and outside[i]:
            lines[i] += f"  # 注释{n}"
    text = "\n".join(lines) + "\n"
    once = format_yjs(SourceFile("t.yjs", text))
    assert comment_texts(once) == comment_texts(text)
    assert format_yjs(SourceFile("t.yjs", once)) == once
    assert yjs(once).data == yjs(text).data


SPECS_AND_NOTES = {
    "spec": scenarios,
    "notes": st.lists(st.tuples(st.integers(0, 10_000), st.booleans()), max_size=6),
}


@settings(DERANDOMIZED, max_examples=20)
@given(**SPECS_AND_NOTES)
def test_fmt_keeps_inserted_comments_and_is_idempotent(
    spec: ir.Scenario, notes: list[tuple[int, bool]]
) -> None:
    keeps_inserted_comments(spec, notes)


@pytest.mark.slow
@settings(DERANDOMIZED, max_examples=400)
@given(**SPECS_AND_NOTES)
def test_fmt_keeps_inserted_comments_and_is_idempotent_at_length(
    spec: ir.Scenario, notes: list[tuple[int, bool]]
) -> None:
    keeps_inserted_comments(spec, notes)


yjs_like = st.lists(
    st.sampled_from([*'ab 1"\\#{}[],:\n\t：，｛', "when ", "item x ", '"""', "scenario s "])
).map("".join)


@settings(DERANDOMIZED, max_examples=400)
@given(text=st.text() | yjs_like)
def test_any_text_gives_a_document_or_diagnostics(text: str) -> None:
    try:
        yjs(text)
    except CompileError as err:
        assert err.diagnostics and all(isinstance(d, Diagnostic) for d in err.diagnostics)
