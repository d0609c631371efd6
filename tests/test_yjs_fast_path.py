"""The .yjs fast path (`dsl/yjs/fast_path.py`) agrees with lark's own parse on every input.

`parse_text` takes the fast path and falls back on lark's parse, whose failure becomes the coded
diagnostic. Both must read a text the same: the same entries, words, spans and escape
diagnostics when lark accepts it (so the same Document and the same later diagnostics), and
no result from the fast path when lark refuses it (so the same syntax diagnostic).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dsl.diagnostics import CompileError
from dsl.printer import print_yjs
from dsl.source import SourceFile, Span
from dsl.yaml_parser import parse_yaml
from dsl.yjs.builder import build_document
from dsl.yjs.first_chars import may_start_with, plain_first
from dsl.yjs.parser import (
    MAX_DEPTH,
    extent,
    fast_syntax,
    fast_tables,
    lark_syntax,
    parse_text,
    parser,
)
from dsl.yjs.syntax_tree import Block, Element, Entry, ListNode

ROOT = Path(__file__).resolve().parents[1]
YJS_FILES = sorted(ROOT.glob("scenarios/*.yjs")) + sorted((ROOT / "tests").rglob("*.yjs"))
# stdlib holds YAML only: its libraries are compared in their printed .yjs form.
YAML_FILES = sorted(ROOT.glob("scenarios/*.yaml")) + sorted(ROOT.glob("stdlib/**/*.yaml"))
SETTINGS = settings(derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def agree(source: SourceFile) -> bool:
    """Both paths read `source` alike; True when lark accepts it."""
    fast = fast_syntax(source)
    try:
        entries, diagnostics, _ = lark_syntax(source)
    except CompileError:
        assert fast is None
        return False
    assert fast == (entries, diagnostics)
    # an entry's span is not compared by ==: lark's path takes it from lark's tree, the fast
    # path derives it from the entry's parts
    assert spans(fast[0]) == spans(entries)
    return True


def spans(nodes: Sequence[Element]) -> list[Span]:
    """The span of every entry under `nodes`, in order."""
    out = []
    for node in nodes:
        if isinstance(node, Entry):
            out.append(node.span)
            node = node.tail  # type: ignore[assignment]
        if isinstance(node, Block):
            out += spans(node.entries)
        elif isinstance(node, ListNode):
            out += spans(node.elements)
    return out


def printed(path: Path) -> SourceFile:
    data = parse_yaml(SourceFile(path.name, path.read_text("utf-8"))).data
    return SourceFile(path.with_suffix(".yjs").name, print_yjs(data))


def test_the_fast_path_is_in_use() -> None:
    """lark's tables are in a shape the fast path follows (else every parse would be lark's)."""
    assert fast_tables() is not None
    assert fast_syntax(SourceFile("a.yjs", 'library a "A" {}\n')) is not None


@pytest.mark.parametrize("path", YJS_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_yjs_file_reads_the_same_on_both_paths(path: Path) -> None:
    source = SourceFile(path.name, path.read_text("utf-8"))
    if not agree(source):
        return  # a syntax-error case: no fast result, lark's diagnostic (checked by its own test)
    entries, diagnostics, _ = lark_syntax(source)
    try:
        slow = build_document(source, entries, extent(entries, source), diagnostics)
    except CompileError as err:
        with pytest.raises(CompileError) as caught:
            parse_text(source)
        assert caught.value.diagnostics == err.diagnostics
        return
    doc = parse_text(source)
    assert (doc.data, doc.key_spans, doc.value_spans) == (
        slow.data,
        slow.key_spans,
        slow.value_spans,
    )


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_spec_printed_as_yjs_reads_the_same_on_both_paths(path: Path) -> None:
    assert agree(printed(path))


def test_nesting_past_the_limit_is_left_to_lark() -> None:
    """lark's path reports E109; the fast path gives up at the same depth."""
    deep = "a " + "{ b " * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1) + "\n"
    assert fast_syntax(SourceFile("d.yjs", deep)) is None
    assert not agree(SourceFile("d.yjs", deep))
    shallow = "a " + "{ b " * MAX_DEPTH + "1" + " }" * MAX_DEPTH + "\n"
    assert agree(SourceFile("s.yjs", shallow))


REAL_LINES = [
    line
    for path in sorted(ROOT.glob("scenarios/*.yjs"))
    for line in path.read_text("utf-8").splitlines()
]
PIECES = [*'ab 1"\\#{}[],:\n\t\r：，｛', "when ", "item x ", '"""', "scenario s ", "\\u0001", "'"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A run of real lines with a few lines dropped, doubled or swapped and characters replaced."""
    start = draw(st.integers(0, len(REAL_LINES) - 1))
    lines = REAL_LINES[start : start + draw(st.integers(1, 60))]
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "replace"]))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "replace" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + draw(st.sampled_from(PIECES)) + lines[i][k + 1 :]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "  ", "\n\n# c"]))


yjs_like = st.lists(st.sampled_from(PIECES)).map("".join)


@settings(SETTINGS, max_examples=300)
@given(text=mutated() | yjs_like | st.text())
def test_any_text_reads_the_same_on_both_paths(text: str) -> None:
    agree(SourceFile("t.yjs", text))


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"[ \t]+", True),
        (r"(?:#[^\n]*)?(?:\n[ \t]*)+|#[^\n]*", False),
        (r"[^\s\"]+", False),
        (r"a?[^x]", True),  # the class takes a blank, after an optional `a`
        (r"(?:ab|c)d", False),
        (r"(?:ab|)\s", True),  # a branch may be empty
        (r"(?=x)[^\s]", False),  # a lookahead only narrows
        (r".", True),
        (r"\w+", True),  # a class it does not read: it might
    ],
)
def test_may_start_with_errs_towards_yes(pattern: str, starts: bool) -> None:
    assert may_start_with(pattern, 0, " \t") is starts


def test_the_blanks_of_the_ignored_terminal_start_no_other_terminal() -> None:
    """What lets the fast path take blanks in front of a token (`fast_path._blanks_apart`)."""
    lark = parser()
    blanks = plain_first(r"[ \t\f\r]+", 0)
    assert blanks == " \t\f\r"
    others = [t for t in lark.terminals if t.name != "WS"]
    assert others and not any(may_start_with(t.pattern.to_regexp(), 0, blanks) for t in others)
    assert plain_first(r"\s+", 0) is None  # not a class of plain characters: no shortcut
