"""YAML text → Document, with a span on every key and value and errors instead of surprises.

PyYAML's safe composer (the C one where available) builds nodes with marks; we construct plain
values ourselves so that duplicate keys, non-text keys, tags and alias bombs are reported rather
than silently resolved. Everything found in one file is reported together. A file without
anchors is composed node by node as it is built (`yaml_events`), never as one tree, and its
spans are kept packed (`dsl.source.SpanTable`): the memory a large bundle needs (bench/).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from dsl.control import control_character, refuse_control_characters
from dsl.diagnostics import Code, CompileError, Diagnostic, Related
from dsl.document import Document, Loc
from dsl.fullwidth import line_fullwidth_hint
from dsl.source import CONTROL, SourceFile, Span, SpanTable
from dsl.yaml_aliases import (
    MAX_ALIAS_NODES as MAX_ALIAS_NODES,
    MAX_ALIASES as MAX_ALIASES,
    check_aliases,
)
from dsl.yaml_events import compose_lazily, drain, lazy_ok

MAX_DEPTH = 50  # far deeper than any spec; stops recursion long before Python's limit
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_KEY_KINDS = {"int": "整数", "float": "小数", "bool": "布尔值", "null": "空值", "timestamp": "日期"}
# The double-quoted escapes (YAML 1.1) that write a control character, by the letter after the
# backslash; `\x`, `\u` and `\U` write whatever their hex digits say.
_CONTROL_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b"}
_CONTROL_ESCAPES |= {"N": "\x85", "L": "\u2028", "P": "\u2029"}
_ESCAPE_OR_QUOTE = re.compile(r'\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|"', re.S)


def parse_yaml(source: SourceFile) -> Document:
    """Compose `source` and return its Document, or raise CompileError with every problem."""
    refuse_control_characters(source)
    check_aliases(source, _Loader)
    builder = _Builder(source)
    try:  # lazily, the composer's errors come while building: only they are reported then
        data = _compose_and_build(source.text, builder)
    except yaml.MarkedYAMLError as err:
        raise CompileError([_syntax_error(source, err)]) from None
    except yaml.reader.ReaderError as err:  # U+FFFE or U+FFFF: not a character, YAML refuses it
        raise CompileError([_reader_error(source, err)]) from None
    except yaml.YAMLError as err:
        span = Span.point(source.name, 1, 1)
        problem = str(err).splitlines()[0] if str(err) else "无法解析"
        raise CompileError([Diagnostic.of(Code.E101, span, problem=problem)]) from None
    if data is _EMPTY:
        span = Span.point(source.name, 1, 1)
        raise CompileError([Diagnostic.of(Code.E107, span, hint="文件是空的")])
    if builder.diagnostics:
        raise CompileError(builder.diagnostics)
    if not isinstance(data, dict):
        span = builder.doc.span(())
        found = line_fullwidth_hint(source.line(span.line))
        hint = found[0] if found else "顶层应写成 `scenario: 标识` 这样的键值对"
        raise CompileError([Diagnostic.of(Code.E107, span, hint=hint)])
    builder.doc.data = data
    return builder.doc


_EMPTY = object()  # a stream without a document


def _compose_and_build(text: str, builder: _Builder) -> Any:
    """The built root value, or _EMPTY; composed lazily when the text allows (`yaml_events`)."""
    if not lazy_ok(text):
        node = yaml.compose(text, Loader=_Loader)
        return _EMPTY if node is None else builder.build(node, ())
    if (root := compose_lazily(text, _Loader)) is None:
        return _EMPTY
    data = builder.build(root.node, ())
    root.finish()
    return data


def _reader_error(source: SourceFile, err: yaml.reader.ReaderError) -> Diagnostic:
    char = chr(err.character) if isinstance(err.character, int) else str(err.character)
    # libyaml counts bytes, PyYAML characters; the first occurrence is the one reported.
    at = source.text.find(char) if char else -1
    before = source.text[: at if at >= 0 else err.position]
    line = before.count("\n") + 1
    column = len(before.rsplit("\n", 1)[-1]) + 1
    problem = f"文件中有不允许的字符 U+{ord(char[:1] or chr(0)):04X}"
    hint = "删除这个不可见字符（常见于从网页或 Word 复制的文本）"
    return Diagnostic.of(
        Code.E101, Span.point(source.name, line, column), problem=problem, hint=hint
    )


def _syntax_error(source: SourceFile, err: yaml.MarkedYAMLError) -> Diagnostic:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "expected a single document" in str(err):
        return Diagnostic.of(
            Code.E108,
            Span.point(source.name, line, column),
            hint="删除多余的 `---` 分隔线，或把文档拆成多个文件",
        )
    if "exceeded maximum nesting depth" in str(err):  # libyaml stops at 1000 levels
        return _too_deep(Span.point(source.name, line, column))
    hint = None
    for number in _nearby_lines(line, err):
        if found := line_fullwidth_hint(source.line(number)):
            (hint, column), line = found, number
            break
    if hint is None and "\t" in source.line(line):
        hint = "YAML 不能用 Tab 缩进，请改用空格"
    problem = _translate(err.problem or err.context or "无法解析")
    span = Span.point(source.name, line, column)
    return Diagnostic.of(Code.E101, span, problem=problem, hint=hint or _generic_hint(problem))


def _too_deep(span: Span) -> Diagnostic:
    hint = "规格文件不需要这么深的嵌套；请检查括号是否成对"
    return Diagnostic.of(Code.E109, span, limit=MAX_DEPTH, hint=hint)


def _nearby_lines(line: int, err: yaml.MarkedYAMLError) -> Iterator[int]:
    yield line
    if err.context_mark is not None:
        yield err.context_mark.line + 1
    yield line - 1


_PROBLEMS = {
    "could not find expected ':'": "找不到应有的冒号 `:`",
    "mapping values are not allowed": "这里不能出现 `键: 值`（通常是缩进不对或值里有未加引号的冒号）",
    "found character that cannot start any token": "出现了不能开始任何内容的字符（常见为 Tab）",
    "did not find expected key": "缺少应有的键（通常是缩进不一致）",
    "did not find expected '-' indicator": "列表项缺少 `-`（通常是缩进不一致）",
    "found undefined alias": "引用了未定义的别名",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
    "did not find expected node content": "这里缺少内容",
    "found unexpected ':'": "出现了意外的冒号",
    "did not find expected ',' or ']'": "列表 `[...]` 中缺少 `,` 或 `]`",
    "did not find expected ',' or '}'": "映射 `{...}` 中缺少 `,` 或 `}`",
    "found duplicate anchor": "锚点名称重复",
}


def _translate(problem: str) -> str:
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return problem


def _generic_hint(problem: str) -> str:
    if "缩进" in problem:
        return "同一层级的键要左对齐，子项比父项多缩进两个空格"
    if "冒号" in problem:
        return "每个键后写半角冒号和一个空格：`name: 值`；值里有冒号时请给值加引号"
    return "请检查这一行及上一行的缩进、冒号和引号"


class _Builder:
    """Walks composed nodes into plain Python values, recording spans and problems."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self._values, self._keys = SpanTable(source.name), SpanTable(source.name)
        self.doc = Document(source, None, self._values, self._keys)
        self.diagnostics: list[Diagnostic] = []
        self._constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        # Called directly: `construct_object`'s memo of every node it built kept each scalar
        # node alive with the loader (13 MiB at 2,000 items, tracemalloc) until a full collection.
        self._scalars = self._constructor.yaml_constructors
        # One object per distinct text: the parser makes a new string for every key and value,
        # and a spec repeats most of them (`id`, `name`, `department: d3` in every item): at
        # 2,000 synthetic items 63,000 strings, 3.7 MiB, kept by the data and the span table.
        self._texts: dict[str, str] = {}

    def span(self, node: yaml.Node) -> Span:
        s, e = node.start_mark, node.end_mark
        return Span(self.source.name, s.line + 1, s.column + 1, e.line + 1, e.column + 1)

    @staticmethod
    def _record(table: SpanTable, loc: Loc, node: yaml.Node) -> None:
        """`node`'s span into `table`, packed straight from its marks (no Span in between)."""
        s, e = node.start_mark, node.end_mark
        table.put(loc, s.line + 1, s.column + 1, e.line + 1, e.column + 1)

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        # A lazy collection's end is known once its children are read: the table keeps the
        # order values start in (comments are placed by it), the span is written after.
        self._values.reserve(loc)
        value = self._value(node, loc)
        self._record(self._values, loc, node)
        return value

    def _value(self, node: yaml.Node, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            drain(node)
            if not any(d.code is Code.E109 for d in self.diagnostics):
                self.diagnostics.append(_too_deep(self.span(node)))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            at = len(self.diagnostics)  # a bad tag is reported before what is inside the list
            out = [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
            if node.tag != _TAG + "seq":
                self._bad_tag(node, at)
            return out
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _TAG + "merge":
            return node.value  # a plain `<<` value is just text; only the key form merges
        if node.tag not in _SCALAR_TAGS:
            self._bad_tag(node)
            return node.value
        self._refuse_escaped_control(node)
        try:
            value = self._scalars[node.tag](self._constructor, node)
            return self._texts.setdefault(value, value) if type(value) is str else value
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value  # e.g. an impossible date: keep the text, pydantic reports it

    def _refuse_escaped_control(self, node: yaml.Node) -> None:
        """E116 where a double-quoted escape (`"\\e"`, `"\\0"`) writes a control character.

        Raw control characters were refused before composing; only an escape can make one now.
        """
        if not isinstance(node, yaml.ScalarNode) or node.style != '"':
            return
        if not CONTROL.search(node.value):
            return
        mark, text = node.start_mark, self.source.text
        start = sum(len(line) + 1 for line in text.split("\n")[: mark.line]) + mark.column + 1
        for match in _ESCAPE_OR_QUOTE.finditer(text, start):
            if match.group(0) == '"':
                break
            escape = match.group(1)
            hex_digits = escape[1:] if escape[0] in "xuU" and len(escape) > 1 else ""
            char = chr(int(hex_digits, 16)) if hex_digits else _CONTROL_ESCAPES.get(escape, "")
            if char and CONTROL.fullmatch(char):
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                diag = control_character(
                    self.source.name, line, column, char, escape=match.group(0)
                )
                self.diagnostics.append(diag)
                return

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        at = len(self.diagnostics)  # as for a list: its bad tag is reported first
        out: dict[str, Any] = {}
        first: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            if key in first:
                self._duplicate(key, self.span(key_node), self.span(first[key]))
                continue
            first[key] = key_node
            here = (*loc, key)  # one tuple for both tables
            self._record(self._keys, here, key_node)
            out[key] = self.build(value_node, here)
        if node.tag != _TAG + "map":
            self._bad_tag(node, at)
        return out

    def _key(self, node: yaml.Node) -> str | None:
        if node.tag == _TAG + "merge":
            self.diagnostics.append(
                Diagnostic.of(
                    Code.E105,
                    self.span(node),
                    tag="<<",
                    hint="不支持 YAML 合并键；请把内容直接写出来",
                )
            )
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "str":
            self._refuse_escaped_control(node)
            return self._texts.setdefault(node.value, node.value)
        if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            kind = _KEY_KINDS[node.tag.removeprefix(_TAG)]
            hint = f'给键加上引号：`"{node.value}": …`' if node.value else "键不能为空"
            self.diagnostics.append(Diagnostic.of(Code.E104, self.span(node), kind=kind, hint=hint))
        elif isinstance(node, yaml.ScalarNode):
            self._bad_tag(node)
        else:
            self.diagnostics.append(
                Diagnostic.of(
                    Code.E104, self.span(node), kind="列表或映射", hint="键只能是一段文本"
                )
            )
        return None

    def _duplicate(self, key: str, span: Span, first: Span) -> None:
        self.diagnostics.append(
            Diagnostic.of(
                Code.E103,
                span,
                key=key,
                label="重复的键",
                related=[Related(first, "第一次出现在这里")],
                hint="同一层级每个键只能写一次；删除或合并其中一处",
            )
        )

    def _bad_tag(self, node: yaml.Node, at: int | None = None) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self.diagnostics.insert(
            len(self.diagnostics) if at is None else at,
            Diagnostic.of(
                Code.E105,
                self.span(node),
                tag=tag,
                hint="规格文件只能包含文本、数字、日期、列表和映射；请删除这个标签",
            ),
        )
