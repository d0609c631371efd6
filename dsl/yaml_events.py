"""YAML nodes composed from the parser's events as they are asked for, not as one tree.

`yaml.compose` builds every node of a file, each with two marks, before the first value can
be built from it: at 2,000 synthetic items (bench/) that tree took 34 MiB of resident memory
(VmRSS before and after compose), and since small objects freed later leave their arenas
fragmented, it stayed the compile's high-water mark under everything allocated after it.
`compose_lazily` hands the builder the same nodes (same classes, tags, values, styles, marks),
but a collection's children are composed from the event stream one at a time while the
builder walks them, and dropped once built, so only the path being built is alive.

It is used only for text without `&` and `*`: anchors and aliases make one node appear in
several places, which a stream read once cannot replay; such files take `yaml.compose` as
before. The composer's errors are raised as the composer raises them (same class, message
and marks), so every diagnostic reads the same; they surface while the builder walks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

_RESOLVER = yaml.SafeLoader("")  # only its implicit tag resolution (as the composer's) is used


def lazy_ok(text: str) -> bool:
    """Whether `text` can be composed lazily: no anchor or alias can occur in it."""
    return "&" not in text and "*" not in text


def compose_lazily(text: str, loader: type) -> Root | None:
    """The document's root node, or None for an empty stream; `Root.finish` must be called once
    the root is built, to read the rest of the stream (a second document is an error)."""
    # The parser's own `get_event`, not `yaml.parse`: its generator was a tenth of the time.
    events: Iterator[Any] = iter(loader(text).get_event, None)
    next(events)  # StreamStartEvent
    event = next(events)
    if isinstance(event, yaml.StreamEndEvent):
        return None
    return Root(event.start_mark, _node(next(events), events), events)


class Root:
    """The document's top node, and the rest of the stream once it is built."""

    def __init__(self, start_mark: Any, node: yaml.Node, events: Iterator[Any]) -> None:
        self.start_mark, self.node, self._events = start_mark, node, events

    def finish(self) -> None:
        """Read to the end of the stream; raise the composer's error for a second document."""
        drain(self.node)
        next(self._events)  # DocumentEndEvent
        event = next(self._events)
        if not isinstance(event, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                self.start_mark,
                "but found another document",
                event.start_mark,
            )


class LazySequence(yaml.SequenceNode):
    """A sequence whose `value` yields its child nodes as they are composed (once)."""

    def __init__(self, event: Any, events: Iterator[Any]) -> None:
        super().__init__(_tag(yaml.SequenceNode, event), None, event.start_mark, None)
        self.events, self.started = events, False
        self.value = self._children(events)

    def _children(self, events: Iterator[Any]) -> Iterator[yaml.Node]:
        self.started = True
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                self.end_mark = event.end_mark
                return
            child = _node(event, events)
            yield child
            if type(child) is not yaml.ScalarNode:
                drain(child)


class LazyMapping(yaml.MappingNode):
    """A mapping whose `value` yields (key node, value node) pairs as they are composed."""

    def __init__(self, event: Any, events: Iterator[Any]) -> None:
        super().__init__(_tag(yaml.MappingNode, event), None, event.start_mark, None)
        self.events, self.started = events, False
        self.value = self._pairs(events)

    def _pairs(self, events: Iterator[Any]) -> Iterator[tuple[yaml.Node, yaml.Node]]:
        self.started = True
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                self.end_mark = event.end_mark
                return
            key = _node(event, events)
            if type(key) is not yaml.ScalarNode:
                drain(key)  # a collection as a key: read it before its value's events
            value = _node(next(events), events)
            yield key, value
            if type(value) is not yaml.ScalarNode:
                drain(value)


def _node(event: Any, events: Iterator[Any]) -> yaml.Node:
    if type(event) is yaml.ScalarEvent:  # most nodes: the composer's steps, inline
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)
        start: Any = event.start_mark  # the C parser's marks, which the stubs do not name
        end: Any = event.end_mark
        return yaml.ScalarNode(tag, value, start, end, event.style)
    if isinstance(event, yaml.SequenceStartEvent):
        return LazySequence(event, events)
    return LazyMapping(event, events)


def _tag(kind: type, event: Any) -> str:
    """A collection's tag, or the one the composer resolves for it (`!` or none written)."""
    tag = event.tag
    return str(_RESOLVER.resolve(kind, None, event.implicit) if tag in (None, "!") else tag)


def drain(node: yaml.Node) -> None:
    """Read what is left of a collection the builder did not walk to its end (a value it
    skipped or a subtree too deep to build), so its end mark is known and the stream moves on."""
    if not isinstance(node, LazySequence | LazyMapping) or node.end_mark is not None:
        return
    if node.started:  # the builder walks no deeper than MAX_DEPTH: recursion is bounded
        for _ in node.value:
            pass
        return
    # Never walked: skip its events by counting, without recursion (a list 600 levels deep
    # would pass Python's recursion limit before libyaml's own limit of 1,000 is reached).
    depth = 1
    for event in node.events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            if depth == 0:
                node.end_mark = event.end_mark
                break
    node.value = iter(())
