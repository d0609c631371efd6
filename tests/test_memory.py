"""What the compiler keeps smaller than the obvious way reads back the same: packed spans
(dsl.source.SpanTable) and the fields-sets shared between models (compiler/lower.py)."""

from __future__ import annotations

import pytest

from compiler import ir
from compiler.lower import lower
from dsl.source import SourceFile, Span, SpanTable
from dsl.yaml_parser import parse_yaml

FILE = "spec.yaml"
SPANS = {
    ("a",): Span(FILE, 1, 1, 1, 2),
    ("a", 0): Span(FILE, 1_048_575, 16_383, 1_048_575 + 4_095, 16_383),  # the largest packed
    ("b",): Span(FILE, 1_048_576, 1, 1_048_576, 2),  # a line too far: kept as a Span
    ("c",): Span(FILE, 3, 16_384, 3, 16_390),  # a column too far
    ("d",): Span(FILE, 3, 1, 3 + 4_096, 1),  # too many lines
    ("e",): Span("other.yaml", 1, 1, 1, 2),  # another file
    ("f",): Span(FILE, 0, 0, 0, 0),
    ("g",): Span(FILE, 5, 1, 5, 2, cell="事项!D7"),
}


def test_spans_read_back_as_written() -> None:
    table = SpanTable(FILE)
    for key, span in SPANS.items():
        table[key] = span
    assert list(table.items()) == list(SPANS.items())
    assert len(table) == len(SPANS)
    assert table.get(("missing",)) is None
    assert ("a", 0) in table and ("a", 1) not in table
    with pytest.raises(KeyError):
        table[("missing",)]


def test_rewriting_a_key_keeps_its_place() -> None:
    table = SpanTable(FILE)
    table[("a",)] = Span("", 0, 0, 0, 0)
    table[("b",)] = SPANS[("b",)]
    table[("a",)] = SPANS[("a",)]
    assert list(table) == [("a",), ("b",)]
    assert table[("a",)] == SPANS[("a",)]
    del table[("a",)]
    assert list(table) == [("b",)]


SPEC = """\
library: shared
name: 共用
fields:
  - {id: a, label: 甲}
  - {id: b, label: 乙}
  - {id: c, label: 丙, max_length: 5}
"""


def test_models_written_alike_share_one_fields_set() -> None:
    spec = lower(parse_yaml(SourceFile("lib.yaml", SPEC)))
    assert isinstance(spec, ir.Library)
    a, b, c = spec.fields
    assert a.model_fields_set == {"id", "label"} and a.model_fields_set is b.model_fields_set
    assert c.model_fields_set == {"id", "label", "max_length"}
    copied = a.model_copy(update={"max_length": 9})  # as resolve does for overrides
    assert copied.model_fields_set == {"id", "label", "max_length"}
    assert b.model_fields_set == {"id", "label"}
    with pytest.raises(ValueError):
        a.label = "改"  # type: ignore[misc]  # frozen: refused before it could add to the set
    assert b.model_fields_set == {"id", "label"}
