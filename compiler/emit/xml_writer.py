"""Indented XML written as lines of text, byte for byte what ElementTree writes after `indent`.

process.bpmn was built as an ElementTree and serialised with `ET.indent` + `ET.tostring`: at a
synthetic bundle of 2,000 items (bench/synthetic.py) that is 128,000 Element objects, a 133 MB
tracemalloc peak and 0.46 s of CPU alone (0.79 s inside a build, where the collector rescans
the young Elements), most of it in `SubElement`, `_serialize_xml` and `_namespaces` (cProfile).
The document's shape is known while it is written, so this writer appends each element's line
as it comes: no tree, no second pass to find the namespaces. emit_process takes 0.14 s and
peaks at 22 MB there; on the 33 real scenarios 0.018 s instead of 0.057 s. Since then it hands
most elements over whole (`blocks`: one string per element with its children, no call per
line), and the writing half takes 9 ms instead of 13 ms there, 40–48 ms instead of 83 ms at
2,000 items.

This module is the one place where XML is escaped; the rules are ElementTree's own
(`_escape_cdata`, `_escape_attrib`), so the bytes do not change, and before escaping every
character XML 1.0 cannot carry becomes U+FFFD (spec text is data; a stray non-character must not
break the file). tests/test_xml_writer.py checks both against ElementTree for arbitrary text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from itertools import islice

INDENT = "  "  # what ET.indent(root, space="  ") inserts per level
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
# Characters XML 1.0 cannot carry at all; the spec's front-ends refuse control characters, so
# only a stray non-character could remain, and it is shown as U+FFFD rather than break the file.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape_text(value: str) -> str:
    """Character data, as ElementTree writes it: `&`, `<`, `>` as entities, nothing else."""
    if not value.isprintable():  # a line break or tab, or a character XML cannot carry
        value = _NOT_XML.sub("\ufffd", value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def escape_attribute(value: str) -> str:
    """An attribute value, as ElementTree writes it: also `"`, and CR, LF and tab as character
    references, so a parser reads them back instead of normalising them to spaces.

    Every character XML cannot carry is unprintable (a control character, a surrogate or a
    non-character), so a printable value, nearly every value, skips the regular expression and
    the whitespace: 0.1 µs instead of 0.26 µs a value, for about 80,000 values at 2,000 items.
    """
    printable = value.isprintable()
    value = escape_text(value)  # one escaping of &, <, > for text and attributes alike
    if '"' in value:
        value = value.replace('"', "&quot;")
    if not printable:
        if "\r" in value:
            value = value.replace("\r", "&#13;")
        if "\n" in value:
            value = value.replace("\n", "&#10;")
        if "\t" in value:
            value = value.replace("\t", "&#09;")
    return value


def attributes(*pairs: tuple[str, str | int], **named: str | int) -> str:
    """` name="value"` for each pair, then each keyword (for a name without a prefix), in order;
    text values escaped, numbers written as they are.

    The emitters' hot loops write their few fixed attributes with f-strings and
    `escape_attribute` instead (a call per element costs about as much as the element)."""
    return "".join(
        f' {name}="{value}"' if isinstance(value, int) else f' {name}="{escape_attribute(value)}"'
        for name, value in (*pairs, *named.items())
    )


class XmlDocument:
    """An XML document written top-down: `start` … `end` around an element's children, `leaf`
    for an element without children. Attributes and content are passed already escaped (by the
    functions above), as markup.

    Like ElementTree, the root declares exactly the namespaces the document uses, sorted by
    prefix: element prefixes are seen here; an emitter that writes a prefixed attribute name
    says so with `use`. The root's start tag is therefore written last, and every other line is
    encoded to UTF-8 in chunks as it comes, so what stays in memory is about the size of the
    file, not a Python string per line (at 2,000 items: 10 MB of bytes instead of 31 MB of
    lines plus a 19 MB joined string).
    """

    __slots__ = ("_chunks", "_lines", "_namespaces", "_open", "_pad", "_root", "_root_end",
                 "_tags", "_used")  # fmt: skip

    def __init__(self, namespaces: Mapping[str, str]) -> None:
        self._namespaces = dict(namespaces)  # prefix → URI
        self._used: set[str] = set()
        self._tags: set[str] = set()
        self._chunks: list[bytes] = []  # the lines after the root's start tag, encoded
        self._lines: list[str] = []  # lines not encoded yet
        self._open: list[tuple[str, str]] = []  # each open element's tag and start line
        self._pad = ""  # the indentation of the next line
        self._root: tuple[str, str] | None = None  # the root's tag and attributes
        self._root_end = ">"  # after the root's attributes: " />" when it has no children

    def use(self, prefix: str) -> None:
        """Declare `prefix` on the root: the document writes an attribute in its namespace."""
        self._used.add(prefix)

    def start(self, tag: str, attrs: str = "") -> None:
        self._tags.add(tag)
        if not self._open:
            self._begin(tag, attrs)
            self._open.append((tag, ""))
        else:
            line = f"{self._pad}<{tag}{attrs}>"
            self._lines.append(line)
            self._open.append((tag, line))
        self._pad += INDENT

    def end(self) -> None:
        tag, line = self._open.pop()
        self._pad = self._pad[: -len(INDENT)]
        lines = self._lines
        if not self._open:  # the root
            if lines or self._chunks:
                lines.append(f"</{tag}>")
            else:
                self._root_end = " />"
        elif lines and lines[-1] is line:  # no children: ElementTree writes an empty element
            lines[-1] = line[:-1] + " />"
        else:
            lines.append(f"{self._pad}</{tag}>")
            if len(lines) >= _CHUNK:
                # Encoded only here: a start line is rewritten while it is the last line, and
                # the line before an end tag never is. Between two end tags come the children
                # of one element, so `_lines` holds at most _CHUNK lines more than that.
                self._chunks.append("\n".join(lines).encode("utf-8"))
                self._lines = []

    def leaf(self, tag: str, attrs: str = "", content: str = "") -> None:
        """An element without children; `content` is its escaped text (empty: `<tag />`)."""
        self._tags.add(tag)
        if not self._open:
            self._begin(tag, attrs)
            self._root_end = f">{content}</{tag}>" if content else " />"
        elif content:
            self._lines.append(f"{self._pad}<{tag}{attrs}>{content}</{tag}>")
        else:
            self._lines.append(f"{self._pad}<{tag}{attrs} />")

    def blocks(self, markups: Iterable[str]) -> None:
        """Complete elements written by the caller, each a string of indented lines (no final
        newline), one level below the open element: a fast path for a document whose shape
        the emitter knows.

        A string per element (with its few children) instead of a call per element and child:
        process.bpmn writes some 2,200 elements per bundle of 10 items, and those calls were
        most of its time. The caller escapes as for `start` and `leaf`, writes an element
        without children as ElementTree does (`<tag />`), indents with `pad`, and declares the
        prefixes of the tags inside with `use` (this writer does not read them). `markups` is
        consumed in chunks, so a generator is never held whole."""
        if not self._open:
            raise ValueError("elements outside the root")
        markups = iter(markups)
        while batch := list(islice(markups, _BLOCKS)):
            lines = self._lines
            lines += batch
            if len(lines) >= _BLOCKS:  # the last line is a block, never a start line to rewrite
                self._chunks.append("\n".join(lines).encode("utf-8"))
                self._lines = []

    @property
    def pad(self) -> str:
        """The indentation of a child of the open element: what a `block` starts its lines with."""
        return self._pad

    def _begin(self, tag: str, attrs: str) -> None:
        if self._root is not None:
            raise ValueError(f"a second root element <{tag}> after <{self._root[0]}>")
        self._root = (tag, attrs)

    def to_bytes(self) -> bytes:
        """The document in UTF-8 with its declaration and a final newline (once: the writer
        lets go of its lines)."""
        if self._open or self._root is None:
            raise ValueError("the XML document has an unclosed element or no root")
        prefixes = self._used | {tag.partition(":")[0] for tag in self._tags if ":" in tag}
        unknown = prefixes - self._namespaces.keys()
        if unknown:
            raise ValueError(f"XML prefixes without a namespace: {sorted(unknown)}")
        declared = "".join(
            f' xmlns:{p}="{escape_attribute(self._namespaces[p])}"' for p in sorted(prefixes)
        )
        tag, attrs = self._root
        first = f"{DECLARATION}\n<{tag}{declared}{attrs}{self._root_end}"
        parts = [first.encode("utf-8"), *self._chunks]
        if self._lines:
            parts.append("\n".join(self._lines).encode("utf-8"))
        self._chunks, self._lines = [], []
        return b"\n".join([*parts, b""])


_CHUNK = 2048  # lines per encoded chunk: a few hundred KB of text at a time
# Blocks per encoded chunk: a block of process.bpmn is three or four lines, some of them long
# (a task's documentation), and its strings are larger than a line's. At 2,000 items (bench.step)
# the peak resident memory was 136.8 MiB with lines; with blocks 140.3 MiB at 2,048 or 512 blocks
# a chunk, 138.7 at 128 (64 saved no more). At 10,000 items: 446.0 and 449.6 MiB.
_BLOCKS = 128
