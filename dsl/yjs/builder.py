""".yjs syntax tree → Document: the same data and spans the YAML front-end gives.

The IR models decide what an entry means (see `schema`): `item x "名称" { … }` appends
`{id: x, name: 名称, …}` to `items`; `scenario newborn "名称" { … }` is the file's top level;
a bare word is typed by the key it belongs to; a condition keeps its raw text. Spans are
recorded for exactly the paths YAML records: a key span for every mapping key (a record's head
value stands in for its `id`/`name` key), a value span for every value. Keys the models do not
know are kept, so that lowering reports them (E110) with its did-you-mean hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from dsl.diagnostics import Code, CompileError, Diagnostic, Related
from dsl.document import Document, Loc, Syntax
from dsl.source import SourceFile, Span
from dsl.suggest import did_you_mean
from dsl.yjs.schema import (
    ANY,
    ROOT_MODELS,
    Record,
    Shape,
    child_shape,
    field_names,
    field_shape,
    list_records,
    read_word,
    record_shape,
    records,
    root_record,
)
from dsl.yjs.syntax_errors import colon, fullwidth
from dsl.yjs.syntax_tree import Block, Condition, Element, Entry, ListNode, Word, WordKind

_EMPTY_HINT = '一件事规格以 `scenario 标识 "名称" { … }` 开头；参考数据文件以 `library 标识 "名称" { … }` 开头'
_UNKNOWN_HEAD = ("id", "name")
_DUPLICATE_HINT = "同一层级每个键只能写一次；删除或合并其中一处"
_HEAD_WORDS = {"id": "标识", "name": "名称", "label": "名称", "question": "问题"}
_SPACE_HINT = '文字中间有空格时请给整段文字加引号，例如 `"出生登记 (户口)"`'


def build_document(
    source: SourceFile, entries: list[Entry], span: Span, diagnostics: list[Diagnostic]
) -> Document:
    """Lower the top-level entries; raise CompileError with every problem found (and earlier ones)."""
    builder = _Builder(Document(source, None, syntax=Syntax.YJS), list(diagnostics))
    if not entries and not builder.diagnostics:
        problem = "文件是空的"
        point = Span.point(source.name, 1, 1)
        raise CompileError([Diagnostic.of(Code.E120, point, problem=problem, hint=_EMPTY_HINT)])
    data = builder.root(entries, span)
    if builder.diagnostics:
        raise CompileError(builder.diagnostics)
    builder.doc.data = data
    return builder.doc


@dataclass(slots=True)
class _Scope:
    """One mapping being filled: its model (if known), path, values and where keys first were."""

    shape: Shape
    model: type[BaseModel] | None
    loc: Loc
    out: dict[str, Any] = field(default_factory=dict)
    first: dict[str, Span] = field(default_factory=dict)
    record_lists: set[str] = field(default_factory=set)


class _Builder:
    def __init__(self, doc: Document, diagnostics: list[Diagnostic]) -> None:
        self.doc = doc
        self.diagnostics = diagnostics

    def root(self, entries: list[Entry], span: Span) -> dict[str, Any]:
        self.doc.value_spans[()] = span
        kinds = [e.key.value for e in entries if e.key.bare and e.key.value in ROOT_MODELS]
        # Without `scenario`/`library` lowering reports E115; read the rest as a scenario.
        model = ROOT_MODELS[kinds[0]] if kinds else next(iter(ROOT_MODELS.values()))
        return self.mapping(entries, Shape(models=(model,)), ())

    def mapping(self, entries: list[Entry], shape: Shape, loc: Loc) -> dict[str, Any]:
        scope = _Scope(shape, shape.model_for([e.key.value for e in entries]), loc)
        for entry in entries:
            self.entry(entry, scope)
        return scope.out

    def entry(self, entry: Entry, scope: _Scope) -> None:
        word, tail = entry.key, entry.tail
        key = word.value
        if type(tail) is Condition and tail.keyword is word:  # `when …` (Entry.is_condition)
            if self.claim(scope, key, word.span):
                scope.out[key] = self.condition(tail, (*scope.loc, key))
            return
        bare = word.kind is WordKind.BARE
        model = scope.model
        # (a model's own field written `key value` is never a record: the common case, first)
        plain = model is not None and key in field_names(model) and not _record_form(entry)
        if bare and not plain and (record := self._record_for(entry, scope)) is not None:
            if not record.list_key:
                self.fill(entry, record, scope)  # the file's own record: its top level
            else:
                self.add_record(entry, record, scope)
            return
        if bare and not self._key_ok(word):
            return
        if self.claim(scope, key, word.span):
            known = model is None or plain or key in field_names(model)
            shape = child_shape(scope.shape, model, key)
            scope.out[key] = self.value(entry, shape, (*scope.loc, key), strict=known)

    def _record_for(self, entry: Entry, scope: _Scope) -> Record | None:
        key, model = entry.key.value, scope.model
        if model is None or (not _record_form(entry) and key in field_names(model)):
            return None
        if scope.loc == () and (root := root_record(key)) and root.model is model:
            return root
        return records(model).get(key)

    def claim(self, scope: _Scope, key: str, span: Span, hint: str = _DUPLICATE_HINT) -> bool:
        """Take `key` in this mapping; a second time is E103 pointing at the first."""
        if key in scope.first:
            self.report(
                Diagnostic.of(
                    Code.E103,
                    span,
                    key=key,
                    label="重复的键",
                    related=[Related(scope.first[key], "第一次出现在这里")],
                    hint=hint,
                )
            )
            return False
        scope.first[key] = span
        self.doc.key_spans[(*scope.loc, key)] = span
        return True

    def add_record(self, entry: Entry, record: Record, scope: _Scope) -> None:
        key = record.list_key
        loc = (*scope.loc, key)
        if key not in scope.record_lists:
            hint = f"`{key}` 已经写成了列表：把这一项写进那个列表，或者把列表里的每一项都写成 `{record.keyword} …`"
            if not self.claim(scope, key, entry.key.span, hint):
                return
            scope.record_lists.add(key)
            scope.out[key] = []
            self.doc.value_spans[loc] = entry.span or entry.key.span
        items = scope.out[key]
        self.doc.value_spans[loc] = _join(self.doc.value_spans[loc], entry.span)
        items.append(self.record(entry, record, (*loc, len(items))))

    def record(self, entry: Entry, record: Record, loc: Loc) -> dict[str, Any]:
        self.doc.value_spans[loc] = entry.span or entry.key.span
        scope = _Scope(record_shape(record), record.model, loc)
        self.fill(entry, record, scope)
        return scope.out

    def fill(self, entry: Entry, record: Record, scope: _Scope) -> None:
        """Head values into the record's head fields, then the block's entries."""
        head, args = record.head, entry.args
        if len(args) > len(head):
            self.too_many(args[len(head) - 1 :], _head_place(entry.key.value, head[-1]))
        for name, word in zip(head, args, strict=False):
            if self.claim(scope, name, word.span):
                shape = field_shape(record.model, name) if record.model else ANY
                scope.out[name] = self.scalar(word, shape, (*scope.loc, name))
        if isinstance(entry.tail, Block):
            for inner in entry.tail.entries:
                self.entry(inner, scope)
        elif isinstance(entry.tail, Condition):
            name = entry.tail.keyword.value
            if self.claim(scope, name, entry.tail.keyword.span):
                scope.out[name] = self.condition(entry.tail, (*scope.loc, name))
        elif isinstance(entry.tail, ListNode):
            self.misplaced(entry.key.value, entry.tail.span, "记录后面不能直接写列表")

    def value(self, entry: Entry, shape: Shape, loc: Loc, *, strict: bool) -> Any:
        """The value of `key …`; `strict` is False for keys the model does not know (E110 later)."""
        key, args, tail = entry.key.value, entry.args, entry.tail
        if tail is None and len(args) == 1:  # `key value`, most entries: none of the cases below
            return self.scalar(args[0], shape, loc)
        if not strict and _record_form(entry):  # an unknown record keyword: keep it all
            return self.record(entry, Record(key, key, None, _UNKNOWN_HEAD), loc)
        if isinstance(tail, Condition):
            return self.misplaced(key, tail.span, "只有记录（如 `use 标识 when …`）后面可以写条件")
        if args and tail is not None:
            return self.misplaced(key, tail.span, "值后面不能再写 `{ … }` 或 `[ … ]`")
        if isinstance(tail, Block):
            self.doc.value_spans[loc] = tail.span
            return self.mapping(tail.entries, shape, loc)
        if isinstance(tail, ListNode):
            return self.list_(tail, shape, loc)
        if not args:
            return self.report(Diagnostic.of(Code.E122, entry.key.span, place=f"`{key}` 后面"))
        if len(args) > 1 and shape.phrase:
            return self.phrase(args, loc)
        if len(args) > 1:
            return self.too_many(args, f"`{key}` 后面")
        return self.scalar(args[0], shape, loc)

    def phrase(self, words: list[Word], loc: Loc) -> str:
        """`60 自然日`: the words as one text, as YAML's plain scalar `60 自然日` reads."""
        first, last = words[0].span, words[-1].span
        self.doc.value_spans[loc] = Span(
            first.file, first.line, first.column, last.end_line, last.end_column
        )
        return " ".join(word.value for word in words)

    def list_(self, node: ListNode, shape: Shape, loc: Loc) -> list[Any]:
        self.doc.value_spans[loc] = node.span
        key = next((part for part in reversed(loc) if isinstance(part, str)), "")
        known = list_records(key, shape) if isinstance(loc[-1], str) else {}
        element = shape.element()
        return [self.element(e, element, known, (*loc, i)) for i, e in enumerate(node.elements)]

    def element(self, node: Element, shape: Shape, known: dict[str, Record], loc: Loc) -> Any:
        if isinstance(node, Word):
            if node.bare and "，" in node.value:
                at = node.span.column + node.value.index("，")
                self.report(fullwidth("，", Span.point(node.span.file, node.span.line, at)))
            return self.scalar(node, shape, loc)
        if isinstance(node, Block):
            self.doc.value_spans[loc] = node.span
            return self.mapping(node.entries, shape, loc)
        if isinstance(node, ListNode):
            return self.list_(node, shape, loc)
        record = known.get(node.key.value) if node.key.bare else None
        if record is not None:
            return self.record(node, record, loc)
        if node.tail is None:
            return self.too_many([node.key, *node.args], "列表的每一项")
        return self._unknown_record(node, known)

    def _unknown_record(self, node: Entry, known: dict[str, Record]) -> None:
        keywords = sorted({r.keyword for r in known.values()})
        problem = "这个列表里不能写记录" if not keywords else "这个列表里没有这种记录"
        hint = did_you_mean(node.key.value, keywords)
        if hint is None and keywords:
            hint = f"这里可以用：{'、'.join(keywords)}"
        self.misplaced(node.key.value, node.key.span, problem, hint)

    def scalar(self, word: Word, shape: Shape, loc: Loc) -> Any:
        self.doc.value_spans[loc] = word.span
        return read_word(word.value, shape.kinds) if word.kind is WordKind.BARE else word.value

    def condition(self, node: Condition, loc: Loc) -> str | None:
        if node.text is None:
            place = f"`{node.keyword.value}` 后面"
            self.report(Diagnostic.of(Code.E122, node.keyword.span, place=place))
            return None
        self.doc.value_spans[loc] = node.text.span
        return node.text.value

    def _key_ok(self, key: Word) -> bool:
        """`name:` / `name：` are YAML habits: report the colon itself."""
        if ":" not in key.value and "：" not in key.value:
            return True
        for i, char in enumerate(key.value):
            if char in ":：":
                at = Span.point(key.span.file, key.span.line, key.span.column + i)
                self.report(colon(at) if char == ":" else fullwidth(char, at, key.value[:i]))
                return False
        return True

    def too_many(self, words: list[Word], place: str) -> None:
        first, last = words[0].span, words[-1].span
        span = Span(first.file, first.line, first.column, last.end_line, last.end_column)
        self.report(Diagnostic.of(Code.E127, span, place=place, count=len(words), hint=_SPACE_HINT))

    def misplaced(self, key: str, span: Span, problem: str, hint: str | None = None) -> None:
        self.report(Diagnostic.of(Code.E129, span, key=key, problem=problem, hint=hint))

    def report(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)


def _record_form(entry: Entry) -> bool:
    """`keyword id "名称"`, `keyword id { … }` or `keyword id when …`: not a plain `key value`."""
    if isinstance(entry.tail, Condition):
        return True
    return (bool(entry.args) and isinstance(entry.tail, Block)) or len(entry.args) >= 2


def _head_place(keyword: str, last: str) -> str:
    if last == keyword:
        return f"`{keyword}` 后面"
    return f"`{keyword}` 的{_HEAD_WORDS.get(last, f'`{last}`')}"


def _join(first: Span, last: Span | None) -> Span:
    if last is None:
        return first
    return Span(first.file, first.line, first.column, last.end_line, last.end_column)
