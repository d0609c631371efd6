"""The fast notice rendering writes the bytes the first one wrote, for any text in any place.

The notice templates read ready rows (tuples and `x["key"]`, not attributes) and the Markdown
and plain-text escapes have fast paths (compiler/emit/markdown.py, notice.py). These properties
hold them to what they replaced, kept here as the reference: the four-pass `escape_markdown`,
the one-expression `plain_text`, and the templates as they were (tests/notice_reference/, which
read the NoticeDoc's attributes), each rendered in an environment configured as before.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis import given, settings, strategies as st
from jinja2.sandbox import SandboxedEnvironment

from compiler.emit.markdown import escape_markdown
from compiler.emit.notice import FORMATS, numeral, render_notice
from compiler.emit.notice_blocks import Block, Bullets, Para, Table
from compiler.emit.notice_doc import NoticeDoc, Section
from compiler.emit.templating import plain_text
from compiler.version import FORMAT_VERSIONS

REFERENCE = Path(__file__).resolve().parent / "notice_reference"

# --- the reference escapes, as they were ------------------------------------------------------

_ALWAYS = re.compile(r"[\\`~*\[\]<|]")
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_BLOCK_START = re.compile(r"^(\s*)(#|>|[-+]|[0-9]{1,9}(?=[.)](?:\s|$)))")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def reference_escape_markdown(text: str) -> str:
    text = _LINE_BREAK.sub(" ", text)
    text = _ALWAYS.sub(lambda m: "\\" + m.group(0), text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub(r"\\&", text)
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    marker = match.group(2)
    if marker[0].isdigit():
        cut = match.end()
        return text[:cut] + "\\" + text[cut:]
    return text[: match.start(2)] + "\\" + text[match.start(2) :]


def reference_plain_text(value: Any) -> str:
    return _CONTROL.sub(" ", str(value))


@cache
def reference_environment(kind: str) -> SandboxedEnvironment:
    options: dict[str, Any] = {
        "loader": jinja2.FileSystemLoader(REFERENCE),
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if kind == "html":
        return SandboxedEnvironment(autoescape=True, **options)
    escape = reference_escape_markdown if kind == "md" else reference_plain_text
    return SandboxedEnvironment(
        autoescape=False, finalize=lambda value: escape(str(value)), **options
    )


def reference_render(doc: NoticeDoc, kind: str) -> str:
    return (
        reference_environment(kind)
        .get_template(f"notice.{kind}.j2")
        .render(doc=doc, numeral=numeral, format_version=FORMAT_VERSIONS[f"notice.{kind}"])
    )


# --- text that exercises every rule -----------------------------------------------------------

# Every character some rule looks at (Markdown markers, entity starts, digits before `.` or `)`,
# line breaks and separators, C0 and C1 controls, Unicode spaces), ordinary CJK and ASCII text,
# and anything else Unicode has.
SPECIAL = "\\`~*_[]<>|&#;+-.)( 019xX\t\n\r\v\f\x00\x1b\x1c\x1f\x7f\x85\x9f\u2028\u2029\u3000\xa0"
any_text = st.text(
    st.one_of(
        st.sampled_from(SPECIAL),
        st.sampled_from("出生登记abcltgt"),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=24,
)


@settings(max_examples=1000, derandomize=True)
@given(text=any_text)
def test_escape_markdown_equals_the_four_passes(text: str) -> None:
    assert escape_markdown(text) == reference_escape_markdown(text)


@pytest.mark.parametrize(
    "text",
    ["\r\n# x", "a\r\r\nb", " 12. x", "\u3000- x", "&lt;_x_&#60;", "\x1c1) y", "1.", "_"],
)
def test_escape_markdown_equals_the_four_passes_on_the_edges(text: str) -> None:
    assert escape_markdown(text) == reference_escape_markdown(text)


@settings(max_examples=800, derandomize=True)
@given(value=st.one_of(any_text, st.integers()))
def test_plain_text_equals_the_one_expression(value: str | int) -> None:
    assert plain_text(value) == reference_plain_text(value)


# --- whole notices ---------------------------------------------------------------------------


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    kind = draw(st.sampled_from(["para", "bullets", "table"]))
    if kind == "para":
        return Para(draw(any_text))
    if kind == "bullets":
        return Bullets(tuple(draw(st.lists(any_text, min_size=1, max_size=4))))
    width = draw(st.integers(1, 4))
    row = st.lists(any_text, min_size=width, max_size=width).map(tuple)
    return Table(draw(row), tuple(draw(st.lists(row, max_size=4))))


sections = st.builds(
    Section,
    key=st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    title=any_text,
    blocks=st.lists(blocks(), max_size=4).map(tuple),
)
docs = st.builds(
    NoticeDoc,
    scenario=any_text,
    title=any_text,
    intro=st.lists(any_text.map(Para), max_size=3).map(tuple),
    sections=st.lists(sections, max_size=15).map(tuple),
    tailored=st.booleans(),
)


@pytest.mark.parametrize("kind", FORMATS)
@settings(max_examples=80, derandomize=True, deadline=None)
@given(doc=docs)
def test_each_format_renders_the_bytes_the_attribute_templates_rendered(
    kind: str, doc: NoticeDoc
) -> None:
    assert render_notice(doc, kind) == reference_render(doc, kind)
