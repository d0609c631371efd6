"""YAML text → Document, with a span on every key and value and errors instead of surprises.

PyYAML's safe composer (the C one where available) builds nodes with marks; we construct plain
values ourselves so that duplicate keys, non-text keys, tags and alias bombs are reported rather
than silently resolved. Everything found in one file is reported together.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from dsl.diagnostics import Code, CompileError, Diagnostic, Related
from dsl.document import Document, Loc
from dsl.fullwidth import fullwidth_column, fullwidth_hint
from dsl.source import SourceFile, Span

MAX_ALIASES = 20
MAX_DEPTH = 50  # far deeper than any spec; stops recursion long before Python's limit
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


def parse_yaml(source: SourceFile) -> Document:
    """Compose `source` and return its Document, or raise CompileError with every problem."""
    _check_aliases(source)
    try:
        node = yaml.compose(source.text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        raise CompileError([_syntax_error(source, err)]) from None
    except yaml.reader.ReaderError as err:  # a control character the YAML spec forbids
        raise CompileError([_reader_error(source, err)]) from None
    except yaml.YAMLError as err:
        span = Span.point(source.name, 1, 1)
        problem = str(err).splitlines()[0] if str(err) else "无法解析"
        raise CompileError([Diagnostic.of(Code.E101, span, problem=problem)]) from None
    if node is None:
        span = Span.point(source.name, 1, 1)
        raise CompileError([Diagnostic.of(Code.E107, span, hint="文件是空的")])
    builder = _Builder(source)
    data = builder.build(node, ())
    if builder.diagnostics:
        raise CompileError(builder.diagnostics)
    if not isinstance(data, dict):
        span = builder.doc.span(())
        hint = fullwidth_hint(source.line(span.line)) or "顶层应写成 `scenario: 标识` 这样的键值对"
        raise CompileError([Diagnostic.of(Code.E107, span, hint=hint)])
    builder.doc.data = data
    return builder.doc


def _check_aliases(source: SourceFile) -> None:
    """Refuse alias bombs before composing: count `*alias` events in a cheap parse."""
    if "*" not in source.text:
        return
    count = 0
    try:
        for event in yaml.parse(source.text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                count += 1
                if count > MAX_ALIASES:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    span = Span.point(source.name, line, column)
                    hint = "请把重复的内容直接写出来，或定义一次后用标识引用"
                    diag = Diagnostic.of(Code.E106, span, limit=MAX_ALIASES, hint=hint)
                    raise CompileError([diag])
    except yaml.YAMLError:
        return  # compose() will report the syntax error with its position


def _reader_error(source: SourceFile, err: yaml.reader.ReaderError) -> Diagnostic:
    char = chr(err.character) if isinstance(err.character, int) else str(err.character)
    # libyaml counts bytes, PyYAML characters; the first occurrence is the one reported.
    at = source.text.find(char) if char else -1
    before = source.text[: at if at >= 0 else err.position]
    line = before.count("\n") + 1
    column = len(before.rsplit("\n", 1)[-1]) + 1
    problem = f"文件中有不允许的控制字符 U+{ord(char[:1] or chr(0)):04X}"
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
    hint = None
    for number in _nearby_lines(line, err):
        hint = fullwidth_hint(source.line(number))
        if hint:
            line, column = number, fullwidth_column(source.line(number))
            break
    if hint is None and "\t" in source.line(line):
        hint = "YAML 不能用 Tab 缩进，请改用空格"
    problem = _translate(err.problem or err.context or "无法解析")
    span = Span.point(source.name, line, column)
    return Diagnostic.of(Code.E101, span, problem=problem, hint=hint or _generic_hint(problem))


def _nearby_lines(line: int, err: yaml.MarkedYAMLError) -> Iterator[int]:
    yield line
    if err.context_mark is not None:
        yield err.context_mark.line + 1
    yield line - 1


_PROBLEMS = {
    "could not find expected ':'": "找不到应有的冒号 `:`",
    "mapping values are not allowed": "这里不能出现 `键: 值`（通常是缩进不对或值里有未加引号的冒号）",
    "exceeded maximum nesting depth": "嵌套层数太多",
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
        self.doc = Document(source, None)
        self.diagnostics: list[Diagnostic] = []
        self._constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def span(self, node: yaml.Node) -> Span:
        s, e = node.start_mark, node.end_mark
        return Span(self.source.name, s.line + 1, s.column + 1, e.line + 1, e.column + 1)

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.doc.value_spans[loc] = self.span(node)
        if len(loc) > MAX_DEPTH:
            if not any(d.code is Code.E109 for d in self.diagnostics):
                self.diagnostics.append(
                    Diagnostic.of(
                        Code.E109,
                        self.span(node),
                        limit=MAX_DEPTH,
                        hint="规格文件不需要这么深的嵌套；请检查括号是否成对",
                    )
                )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self._bad_tag(node)
            return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _TAG + "merge":
            return node.value  # a plain `<<` value is just text; only the key form merges
        if node.tag not in _SCALAR_TAGS:
            self._bad_tag(node)
            return node.value
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value  # e.g. an impossible date: keep the text, pydantic reports it

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            self._bad_tag(node)
        out: dict[str, Any] = {}
        first: dict[str, Span] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            key_span = self.span(key_node)
            if key in first:
                self._duplicate(key, key_span, first[key])
                continue
            first[key] = key_span
            self.doc.key_spans[(*loc, key)] = key_span
            out[key] = self.build(value_node, (*loc, key))
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
            return str(node.value)
        if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            kind = {
                "int": "整数",
                "float": "小数",
                "bool": "布尔值",
                "null": "空值",
                "timestamp": "日期",
            }[node.tag.removeprefix(_TAG)]
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

    def _bad_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self.diagnostics.append(
            Diagnostic.of(
                Code.E105,
                self.span(node),
                tag=tag,
                hint="规格文件只能包含文本、数字、日期、列表和映射；请删除这个标签",
            )
        )
