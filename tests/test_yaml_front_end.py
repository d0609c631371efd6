"""The YAML front-end: decoding, YAML features it refuses, and spans in code points."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sample_project import BASE_YAML, write_project

from compiler.pipeline import compile_paths
from dsl.diagnostics import Code, CompileError, Diagnostic
from dsl.document import Document
from dsl.front_ends import decode
from dsl.source import SourceFile, Span
from dsl.yaml_parser import MAX_ALIASES, parse_yaml

NAME = "spec.yaml"


def parse(raw: bytes | str) -> Document:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    return parse_yaml(decode(NAME, data))


def errors(raw: bytes | str) -> list[Diagnostic]:
    with pytest.raises(CompileError) as info:
        parse(raw)
    assert info.value.diagnostics
    return info.value.diagnostics


def where(d: Diagnostic) -> tuple[str, int, int]:
    assert d.span is not None
    return d.code.name, d.span.line, d.span.column


def span(line: int, column: int, end_line: int, end_column: int) -> Span:
    return Span(NAME, line, column, end_line, end_column)


# --- decoding ---------------------------------------------------------------------------------


def test_bom_is_dropped_and_columns_start_after_it() -> None:
    doc = parse(b"\xef\xbb\xbfscenario: nb\nname: \xe6\x96\xb0\xe7\x94\x9f\n")
    assert doc.data == {"scenario": "nb", "name": "新生"}
    assert doc.key_spans[("scenario",)] == span(1, 1, 1, 9)
    assert doc.value_spans[("scenario",)] == span(1, 11, 1, 13)
    assert doc.value_spans[("name",)] == span(2, 7, 2, 9)


def test_crlf_line_ends_give_the_same_spans_as_lf() -> None:
    text = "scenario: nb\nname: 新生儿\nitems:\n  - {id: a, name: 出生登记}\n"
    lf = parse(text)
    crlf = parse(text.replace("\n", "\r\n"))
    assert crlf.data == lf.data
    assert crlf.value_spans == lf.value_spans
    assert crlf.key_spans == lf.key_spans
    assert "\r" not in crlf.source.text
    assert crlf.value_spans[("items", 0, "name")] == span(4, 19, 4, 23)


def test_bom_and_crlf_together() -> None:
    doc = parse("\ufeffscenario: nb\r\nname: 出生\r\n".encode())
    assert doc.value_spans[("name",)] == span(2, 7, 2, 9)
    assert doc.source.line(2) == "name: 出生"


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        (b"scenario: nb\nname: \xff\n", 2, 7),
        # after two CJK characters (6 bytes): the column is counted in code points
        (b"scenario: nb\nname: \xe6\x96\xb0\xe7\x94\x9f\xff\n", 2, 9),
        (b"\xef\xbb\xbfa: \xc0\n", 1, 4),  # a BOM is not a column
        (b"a: 1\r\nb: 2\r\nc: \xe6\x96\r\n", 3, 4),  # a truncated sequence, CRLF lines
        (b"a: 1\nname: \xe6\x96\xb0\xe7", 2, 8),  # truncated at the end of the file
        (b"a: 1\rb: 2\rc: \xff\r", 3, 4),  # old Mac line ends: the decoder splits on CR too
    ],
)
def test_non_utf8_reports_the_bad_byte(raw: bytes, line: int, column: int) -> None:
    with pytest.raises(CompileError) as info:
        decode(NAME, raw)
    [d] = info.value.diagnostics
    assert where(d) == ("E102", line, column)
    assert d.hint and "UTF-8" in d.hint


def test_gbk_file_is_not_utf8() -> None:
    with pytest.raises(CompileError) as info:
        decode(NAME, "scenario: nb\nname: 新生儿出生\n".encode("gbk"))
    assert [where(d) for d in info.value.diagnostics] == [("E102", 2, 7)]


# --- refused YAML features --------------------------------------------------------------------


def aliases(count: int) -> str:
    return "a: &x 出生\nb:\n" + "".join("  - *x\n" for _ in range(count))


def test_more_than_twenty_aliases_is_e106_at_the_first_extra_one() -> None:
    assert MAX_ALIASES == 20
    [d] = errors(aliases(MAX_ALIASES + 1))
    assert where(d) == ("E106", 3 + MAX_ALIASES, 5)


def test_twenty_aliases_are_allowed() -> None:
    assert parse(aliases(MAX_ALIASES)).data["b"] == ["出生"] * MAX_ALIASES


def test_billion_laughs_is_refused_at_the_twenty_first_alias() -> None:
    levels = ["l0: &l0 [" + ", ".join(["哈"] * 9) + "]"]
    levels += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 10)]
    [d] = errors("\n".join(levels) + "\n")
    # 9 aliases on line 2, 9 on line 3: the 21st is the third on line 4, `l3: &l3 [*l2, *l2, *l2`
    assert where(d) == ("E106", 4, 20)


@pytest.mark.parametrize(
    ("text", "tag", "column"),
    [
        ("a: !!python/object:os.system {}\n", "!!python/object:os.system", 4),
        ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system", 4),
        ("a: !!python/name:os.system ''\n", "!!python/name:os.system", 4),
        ("a: !custom 1\n", "!custom", 4),
        ("a: !!set {x}\n", "!!set", 4),
        ("a:\n  - !!binary aGk=\n", "!!binary", 5),
    ],
)
def test_tags_are_forbidden(text: str, tag: str, column: int) -> None:
    found = errors(text)
    assert [where(d)[0] for d in found] == ["E105"]
    assert f"`{tag}`" in found[0].message
    assert found[0].span is not None and found[0].span.column == column


def test_merge_key_is_forbidden() -> None:
    [d] = errors("base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n")
    assert where(d) == ("E105", 3, 3)


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("yes", "布尔值"),
        ("no", "布尔值"),
        ("1", "整数"),
        ("1.5", "小数"),
        ("null", "空值"),
        ("2023-05-31", "日期"),
    ],
)
def test_non_text_keys_are_e104(key: str, kind: str) -> None:
    [d] = errors(f"scenario: nb\n{key}: 值\n")
    assert where(d) == ("E104", 2, 1)
    assert kind in d.message
    assert d.hint and f'"{key}"' in d.hint  # the fix: quote it


def test_quoted_keys_are_text() -> None:
    assert parse('"yes": 1\n"1": 2\n').data == {"yes": 1, "1": 2}


def test_every_bad_key_in_the_file_is_reported() -> None:
    found = errors("yes: 1\nitems:\n  - {1: a, on: b}\n")
    assert sorted(where(d) for d in found) == [("E104", 1, 1), ("E104", 3, 6), ("E104", 3, 12)]


def test_duplicate_key_points_at_both() -> None:
    [d] = errors("name: 出生\nid: a\nname: 登记\n")
    assert where(d) == ("E103", 3, 1)
    assert [r.span for r in d.related] == [span(1, 1, 1, 5)]


@pytest.mark.parametrize(
    "text", ["a: 1\n---\nb: 2\n", "---\na: 1\n---\na: 2\n", "a: 1\n...\n---\nb: 1\n"]
)
def test_multiple_documents_are_e108(text: str) -> None:
    assert [d.code for d in errors(text)] == [Code.E108]


def test_a_single_document_may_have_markers() -> None:
    assert parse("---\na: 1\n...\n").data == {"a": 1}


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\xef\xbb\xbf",
        b"\n\n",
        b"# \xe5\x8f\xaa\xe6\x9c\x89\xe6\xb3\xa8\xe9\x87\x8a\n",
        b"   \r\n",
    ],
)
def test_empty_file_is_e107(raw: bytes) -> None:
    [d] = errors(raw)
    assert where(d) == ("E107", 1, 1)


@pytest.mark.parametrize("text", ["- a\n- b\n", "只是一句话\n", "42\n"])
def test_top_level_must_be_a_mapping(text: str) -> None:
    assert [d.code for d in errors(text)] == [Code.E107]


def test_syntax_error_position() -> None:
    [d] = errors("scenario: nb\nitems: [a, b\nname: x\n")
    assert where(d) == ("E101", 3, 5)
    assert "`]`" in d.message


SYNTAX_ERRORS = {
    "indented key": "scenario: nb\n  name: x\n",
    "unclosed quote": 'scenario: nb\nname: "未闭合\nsubject: 个人\n',
    "unclosed bracket": "scenario: nb\nitems: [a, b\nname: x\n",
    "missing colon": "scenario: nb\nname\nsubject: 个人\n",
    "tab": "scenario: nb\nitems:\n\t- a\n",
}


@pytest.mark.parametrize("text", list(SYNTAX_ERRORS.values()), ids=list(SYNTAX_ERRORS))
def test_syntax_problems_are_explained_in_chinese(text: str) -> None:
    """Users read Chinese; PyYAML's (or libyaml's) English must not leak into the message."""
    [d] = errors(text)
    assert d.code is Code.E101
    problem = d.message.removeprefix("YAML 语法错误：")
    assert re.search(r"[\u4e00-\u9fff]", problem), d.message


def test_tab_indentation_gets_a_hint() -> None:
    [d] = errors("scenario: nb\nitems:\n\t- a\n")
    assert d.code is Code.E101
    assert d.hint and "Tab" in d.hint


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("scenario: nb\n名称：新生儿\n", 2, 3),
        ("scenario: nb\nitems:\n  - id: a\n    name：出生登记\n", 4, 9),
    ],
)
def test_fullwidth_colon_points_at_it_with_a_hint(text: str, line: int, column: int) -> None:
    [d] = errors(text)
    assert where(d) == ("E101", line, column)
    assert d.hint and "全角" in d.hint


# --- spans ------------------------------------------------------------------------------------


def test_spans_of_cjk_keys_and_values_are_in_code_points() -> None:
    doc = parse("名称: 新生儿出生一件事\nname: 出生登记  # 注释\n")
    assert doc.key_spans[("名称",)] == span(1, 1, 1, 3)
    assert doc.value_spans[("名称",)] == span(1, 5, 1, 13)
    assert doc.value_spans[("name",)] == span(2, 7, 2, 11)


def test_spans_inside_flow_collections_after_cjk() -> None:
    doc = parse("items:\n  - {name: 出生医学证明签发, department: polise, days: [甲, 乙]}\n")
    item = ("items", 0)
    assert doc.value_spans[(*item, "name")] == span(2, 12, 2, 20)
    assert doc.key_spans[(*item, "department")] == span(2, 22, 2, 32)
    assert doc.value_spans[(*item, "department")] == span(2, 34, 2, 40)
    assert doc.value_spans[(*item, "days", 1)] == span(2, 52, 2, 53)


def test_spans_after_characters_outside_the_bmp() -> None:
    doc = parse("a: [😀😀, b]\n")
    assert doc.value_spans[("a", 1)] == span(1, 9, 1, 10)


def test_quoted_and_block_scalars_span_their_source() -> None:
    doc = parse('a: "出生"\nb: |\n  第一行\n  第二行\nc: 1\n')
    assert doc.value_spans[("a",)] == span(1, 4, 1, 8)
    assert doc.data["b"] == "第一行\n第二行\n"
    assert doc.value_spans[("b",)].line == 2


CJK_SPEC = """\
scenario: cjk
name: 新生儿出生一件事
subject: 个人
batch: 2023-05-31
lead: hosp
promised_days: 5
imports: [stdlib/base]
items:
  - {id: a, name: 出生医学证明签发, department: hosp, days: {legal: 20, promised: 2}}
  - {id: b, name: 出生登记（公安）, department: polise, days: {legal: 10, promised: 1}}
"""


def test_cjk_span_reaches_the_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end: a name after CJK text is reported at its column in code points."""
    write_project(tmp_path, {"stdlib/base.yaml": BASE_YAML, "scenarios/cjk.yaml": CJK_SPEC})
    monkeypatch.chdir(tmp_path)
    result = compile_paths([Path("scenarios")])
    [d] = result.diagnostics
    assert d.code is Code.E201
    assert d.span == Span("scenarios/cjk.yaml", 10, 41, 10, 47)
    assert CJK_SPEC.splitlines()[9][40:46] == "polise"


def test_control_character_is_reported_where_it_is() -> None:
    [d] = errors("scenario: nb\nname: 新生儿\nsubject: 个\x07人\n")
    assert where(d) == ("E116", 3, 11)
    assert "U+0007" in d.message
    assert "\n" not in d.message  # one line, like every other message


def test_a_value_ending_with_the_text_ends_on_the_line_after_it() -> None:
    """libyaml ends the document past the last line when the text has no final newline (a
    workbook cell's flow value): the parser's table of line numbers must not stop short."""
    doc = parse_yaml(SourceFile("x.yaml", "a: {b: 1}"))
    assert doc.value_spans[()] == Span("x.yaml", 1, 1, 2, 1)
    assert doc.value_spans[("a", "b")] == Span("x.yaml", 1, 8, 1, 9)
    assert doc.data == {"a": {"b": 1}}
