"""SpanTable (dsl/source.py): spans packed into ints read back exactly, in insertion order."""

from __future__ import annotations

import pytest

from dsl.source import Span, SpanTable

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
