"""Alias bombs refused before composing: the YAML front-end's limits on `&anchor`/`*alias`.

Split from `yaml_parser` (which stays under the house limit of 400 lines) when its lazy
composition (`yaml_events`) was added; the rules and diagnostics are unchanged.
"""

from __future__ import annotations

from typing import Protocol

import yaml

from dsl.diagnostics import Code, CompileError, Diagnostic, Related
from dsl.source import SourceFile, Span

MAX_ALIASES = 20
# Nodes that aliases may add when expanded (with multiplicity). Reusing a `days:` mapping in
# every item adds a few hundred; a bomb adds millions before anything else could notice.
MAX_ALIAS_NODES = 10_000


def check_aliases(source: SourceFile, loader: type) -> None:
    """Refuse alias bombs before composing, in one cheap pass over the parser's events.

    What an alias costs is the size of what it names, not the alias itself: `&a [*a, *a]`
    has two aliases and no end, ten levels of `[*prev, *prev]` have twenty and a thousandfold
    growth. So the walk counts the nodes each anchor names once, when its node is complete
    (aliases inside it included), and adds that count for every alias: the expanded size with
    multiplicity, in time linear in the events. An alias to a node still being read names
    itself (E132); more than MAX_ALIAS_NODES nodes added by aliases is E131.
    """
    if "*" not in source.text:
        return
    sizes: dict[str, int] = {}  # anchor → nodes its node expands to, once the node is complete
    open_nodes: list[_OpenNode] = []  # collections being read, outermost first
    aliases = added = 0
    try:
        for event in yaml.parse(source.text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise CompileError([_too_many_aliases(source, event)])
                anchor = event.anchor or ""
                if (opened := _opened(open_nodes, anchor)) is not None:
                    raise CompileError([_recursive_alias(source, event, opened)])
                size = sizes.get(anchor, 0)  # an undefined alias: compose() reports it
                added += size
                if added > MAX_ALIAS_NODES:
                    raise CompileError([_expansion_too_large(source, event, added)])
                _count(open_nodes, size)
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                _count(open_nodes, 1)
            elif isinstance(event, yaml.CollectionStartEvent):
                open_nodes.append(_OpenNode(event.anchor, event.start_mark))
            elif isinstance(event, yaml.CollectionEndEvent) and open_nodes:
                done = open_nodes.pop()
                if done.anchor is not None:
                    sizes[done.anchor] = done.size
                _count(open_nodes, done.size)
    except yaml.YAMLError:
        return  # compose() will report the syntax error with its position


class _OpenNode:
    """A sequence or mapping whose end event has not come yet, and its nodes so far."""

    __slots__ = ("anchor", "mark", "size")

    def __init__(self, anchor: str | None, mark: _Mark | None) -> None:
        self.anchor, self.mark, self.size = anchor, mark, 1


def _opened(open_nodes: list[_OpenNode], anchor: str) -> _OpenNode | None:
    return next((node for node in open_nodes if node.anchor == anchor), None)


def _count(open_nodes: list[_OpenNode], size: int) -> None:
    if open_nodes:
        open_nodes[-1].size += size


class _Mark(Protocol):
    """A position in the text, as both PyYAML's and libyaml's marks give it (0-based)."""

    line: int
    column: int


def _place(mark: _Mark | None) -> tuple[int, int]:
    """1-based (line, column) of a parser mark; the file's start when there is none."""
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _alias_span(source: SourceFile, event: yaml.AliasEvent) -> Span:
    line, column = _place(event.start_mark)
    return Span(source.name, line, column, line, column + 1 + len(event.anchor or ""))


def _too_many_aliases(source: SourceFile, event: yaml.AliasEvent) -> Diagnostic:
    hint = "请把重复的内容直接写出来，或定义一次后用标识引用"
    span = Span.point(source.name, *_place(event.start_mark))
    return Diagnostic.of(Code.E106, span, limit=MAX_ALIASES, hint=hint)


def _recursive_alias(source: SourceFile, event: yaml.AliasEvent, opened: _OpenNode) -> Diagnostic:
    line, column = _place(opened.mark)
    anchor = Span(source.name, line, column, line, column + 1 + len(event.anchor or ""))
    return Diagnostic.of(
        Code.E132,
        _alias_span(source, event),
        name=event.anchor,
        label="引用了自己所在的内容",
        related=[Related(anchor, f"`&{event.anchor}` 在这里定义，`*{event.anchor}` 在它里面")],
        hint="别名只能引用已经写完的内容；请删除这个别名，或把内容直接写出来",
    )


def _expansion_too_large(source: SourceFile, event: yaml.AliasEvent, added: int) -> Diagnostic:
    return Diagnostic.of(
        Code.E131,
        _alias_span(source, event),
        count=added,
        limit=MAX_ALIAS_NODES,
        label="到这里超过上限",
        hint="别名层层引用会成倍展开；请把内容直接写出来，共用的定义放进 stdlib/ 的资料文件导入",
    )
