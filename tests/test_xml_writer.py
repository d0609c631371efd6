"""compiler/emit/xml_writer.py writes exactly what ElementTree wrote, for any text.

process.bpmn used to be an ElementTree serialised after `ET.indent`; the writer replaced it for
speed and must not change a byte. The reference here is that ElementTree path, kept only in the
test: random trees with hostile text (markup, quotes, `]]>`, tabs, CR and LF, CJK, characters
XML cannot carry) serialise to the same bytes both ways, and the result parses back to the
values (with U+FFFD for what XML cannot carry).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from hypothesis import given, settings, strategies as st

from compiler.emit.bpmn import NAMESPACES
from compiler.emit.xml_writer import XmlDocument, attributes, escape_attribute, escape_text

for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

# XML 1.0 `Char`, written out from the specification (not copied from the product).
NOT_XML_CHAR = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
TAGS = ["bpmn:definitions", "bpmn:lane", "bpmndi:BPMNShape", "dc:Bounds", "di:waypoint", "plain"]
ATTRIBUTE_NAMES = ["id", "name", "sourceRef", "xsi:type", "flowable:candidateGroups", "yjs:card"]
HOSTILE = [*"<>&\"'\t\n\r ]", "]]>", "&amp;", "引号", "办", "\x00", "\x1f", "\x7f", "\x85"]
HOSTILE += ["\ud800", "\udfff", "\ufffe", "\uffff", "\U0001f600", "\u2028", "\u3000"]


@dataclass
class Node:
    tag: str
    attrs: list[tuple[str, str]]
    text: str | None  # leaves only: ET.indent rewrites the text of an element with children
    children: list[Node]


hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.characters()), max_size=8).map(
    "".join
)
attribute_lists = st.lists(
    st.tuples(st.sampled_from(ATTRIBUTE_NAMES), hostile_text), max_size=3, unique_by=lambda a: a[0]
)
leaves = st.builds(Node, st.sampled_from(TAGS), attribute_lists, st.none() | hostile_text,
                   st.just([]))  # fmt: skip
trees = st.recursive(
    leaves,
    lambda children: st.builds(
        Node, st.sampled_from(TAGS), attribute_lists, st.none(), st.lists(children, max_size=4)
    ),
    max_leaves=12,
)


def qualified(name: str) -> str:
    """`bpmn:lane` as ElementTree names it: `{uri}lane`."""
    prefix, colon, local = name.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}" if colon else name


def clean(value: str) -> str:
    return NOT_XML_CHAR.sub("\ufffd", value)


def reference(tree: Node) -> bytes:
    """The ElementTree path emit_process took before the writer: indent, tostring."""

    def element(node: Node) -> ET.Element:
        made = ET.Element(qualified(node.tag), {qualified(k): clean(v) for k, v in node.attrs})
        if node.text is not None:
            made.text = clean(node.text)
        made.extend(element(child) for child in node.children)
        return made

    root = element(tree)
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def written(tree: Node) -> bytes:
    doc = XmlDocument(NAMESPACES)

    def write(node: Node) -> None:
        for name, _ in node.attrs:
            if ":" in name:
                doc.use(name.partition(":")[0])
        markup = attributes(*node.attrs)
        if node.children:
            doc.start(node.tag, markup)
            for child in node.children:
                write(child)
            doc.end()
        elif node.text is not None:
            doc.leaf(node.tag, markup, escape_text(node.text))
        else:
            doc.start(node.tag, markup)  # opened and closed at once: an empty element
            doc.end()

    write(tree)
    return doc.to_bytes()


@settings(max_examples=200, deadline=None)
@given(trees)
def test_the_writer_writes_what_element_tree_writes(tree: Node) -> None:
    data = written(tree)
    assert data == reference(tree)
    parsed = ET.fromstring(data)  # well-formed, and the values come back (CR LF in text: LF)
    assert [(k, v) for k, v in parsed.items()] == [(qualified(k), clean(v)) for k, v in tree.attrs]
    if tree.text is not None:
        assert (parsed.text or "") == clean(tree.text).replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_escaping_is_element_tree_s(value: str) -> None:
    element = ET.Element("x", {"a": clean(value)})
    element.text = clean(value)
    assert ET.tostring(element, encoding="unicode") == (
        f'<x a="{escape_attribute(value)}">{escape_text(value)}</x>' if value else '<x a="" />'
    )


def test_escapes_by_example() -> None:
    assert escape_attribute('<a href="x">&\t\n\r]]>\x00') == (
        "&lt;a href=&quot;x&quot;&gt;&amp;&#09;&#10;&#13;]]&gt;\ufffd"
    )
    assert escape_text('<a href="x">&\t\n\r\x00') == '&lt;a href="x"&gt;&amp;\t\n\r\ufffd'
    assert attributes(("x", 12), name="甲&乙") == ' x="12" name="甲&amp;乙"'


def test_only_the_namespaces_used_are_declared_sorted_by_prefix() -> None:
    doc = XmlDocument(NAMESPACES)
    doc.start("yjs:root")
    doc.use("xsi")
    doc.leaf("bpmn:a", ' xsi:type="t"')
    doc.end()
    assert doc.to_bytes().decode().splitlines()[1] == (
        f'<yjs:root xmlns:bpmn="{NAMESPACES["bpmn"]}" xmlns:xsi="{NAMESPACES["xsi"]}" '
        f'xmlns:yjs="{NAMESPACES["yjs"]}">'
    )


def test_an_element_without_children_is_empty_and_a_lone_root_too() -> None:
    doc = XmlDocument(NAMESPACES)
    doc.start("bpmn:root", ' id="r"')
    doc.start("bpmn:lane")
    doc.end()
    doc.leaf("bpmn:a", "", "")
    doc.end()
    lines = doc.to_bytes().decode().splitlines()
    assert lines[2:] == ["  <bpmn:lane />", "  <bpmn:a />", "</bpmn:root>"]
    alone = XmlDocument(NAMESPACES)
    alone.start("bpmn:root", ' id="r"')
    alone.end()
    assert (
        alone.to_bytes().decode().splitlines()[1]
        == f'<bpmn:root xmlns:bpmn="{NAMESPACES["bpmn"]}" id="r" />'
    )


def test_long_documents_come_out_whole_across_encoded_chunks() -> None:
    """Lines are encoded in chunks as they come; an empty element straddling a chunk's end
    is still rewritten, and every line is there once, in order."""
    tree = Node("bpmn:root", [], None, [
        Node("bpmn:lane", [("id", f"l{n}")], None,
             [Node("dc:Bounds", [("x", str(k))], None, []) for k in range(n % 7)])
        for n in range(3000)
    ])  # fmt: skip
    assert written(tree) == reference(tree)


def test_blocks_of_elements_stand_where_they_are_written_across_chunks() -> None:
    """Elements written as ready strings (`blocks`) come out in order between the ones written
    element by element, whole across encoded chunks, and leave the empty-element rule alone."""
    tree = Node("bpmn:root", [], None, [
        Node("bpmn:lane", [("id", f"l{n}")], None,
             [Node("dc:Bounds", [("x", str(k))], None, []) for k in range(n % 3)])
        for n in range(3000)
    ])  # fmt: skip
    doc = XmlDocument(NAMESPACES)
    doc.start("bpmn:root")
    doc.use("dc")
    pad = doc.pad
    for n in range(0, 3000, 1000):  # alternately 600 by blocks and 400 by start/leaf/end
        doc.blocks(
            f'{pad}<bpmn:lane id="l{k}">'
            + "".join(f'\n{pad}  <dc:Bounds x="{b}" />' for b in range(k % 3))
            + f"\n{pad}</bpmn:lane>"
            if k % 3
            else f'{pad}<bpmn:lane id="l{k}" />'
            for k in range(n, n + 600)
        )
        for k in range(n + 600, n + 1000):
            doc.start("bpmn:lane", f' id="l{k}"')
            for b in range(k % 3):
                doc.leaf("dc:Bounds", f' x="{b}"')
            doc.end()
    doc.end()
    assert doc.to_bytes() == reference(tree)


def test_misuse_is_refused() -> None:
    doc = XmlDocument(NAMESPACES)
    doc.start("bpmn:root")
    with pytest.raises(ValueError, match="unclosed"):
        doc.to_bytes()
    doc.end()
    with pytest.raises(ValueError, match="second root"):
        doc.start("bpmn:other")
    outside = XmlDocument(NAMESPACES)
    with pytest.raises(ValueError, match="outside the root"):
        outside.blocks(["<bpmn:a />"])
    unknown = XmlDocument(NAMESPACES)
    unknown.start("svg:root")
    unknown.end()
    with pytest.raises(ValueError, match="svg"):
        unknown.to_bytes()
