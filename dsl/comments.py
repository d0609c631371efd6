"""Comments across syntaxes: find them in YAML, and carry them to the same place in another text.

`yjs convert` is lossless only if an analyst's comments survive it. A comment belongs to the
node it precedes (a comment on its own line) or to the node its line starts with (a trailing
comment); both texts have a Document with a span for every loc, so the comment moves to where
the same loc starts in the printed text.
"""

from __future__ import annotations

from dsl.document import Document, Loc
from dsl.source import Span
from dsl.yjs.syntax_tree import Comment

Pos = tuple[int, int]


def yaml_comments(doc: Document) -> list[Comment]:
    """The `#` comments of a YAML file: a `#` at a line's start or after a space, outside values."""
    parents = {loc[:-1] for loc in doc.value_spans if loc}
    scalars = [s for loc, s in doc.value_spans.items() if loc not in parents]
    out = []
    for number, line in enumerate(doc.source.text.splitlines(), start=1):
        for column, char in enumerate(line, start=1):
            if char != "#" or (column > 1 and line[column - 2] not in " \t"):
                continue
            if any(_inside(span, (number, column)) for span in scalars):
                continue
            own_line = not line[: column - 1].strip()
            out.append(Comment(number, column, line[column - 1 :].rstrip(), own_line))
            break
    return out


def anchors(comments: list[Comment], source: Document) -> list[tuple[Comment, Loc | None]]:
    """Each comment with the loc of the node it belongs to (None: after the last node)."""
    starts = {loc: start for loc in source.value_spans if (start := _start(source, loc))}
    return [(comment, _anchor(comment, starts)) for comment in comments]


def transplant(comments: list[Comment], source: Document, target: Document, text: str) -> str:
    """`text` (which `target` was parsed from) with `comments` placed at their nodes' places."""
    starts = {loc: start for loc in source.value_spans if (start := _start(source, loc))}
    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    tail: list[str] = []
    for comment in comments:
        loc = _anchor(comment, starts)
        where = _start(target, loc) if loc is not None else None
        if where is None:
            tail.append(comment.text)
        elif comment.own_line:
            indent = " " * (where[1] - 1)
            before.setdefault(where[0], []).append(indent + comment.text)
        else:
            after.setdefault(where[0], []).append(comment.text)
    lines = text.splitlines()
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        trailing = after.get(number, [])
        if len(trailing) > 1:  # several nodes share this printed line: keep each comment whole
            indent = line[: len(line) - len(line.lstrip())]
            out += before.get(number, []) + [indent + c for c in trailing] + [line]
            continue
        out += before.get(number, [])
        out.append(line + "".join("  " + c for c in trailing))
    return "\n".join(out + tail) + "\n"


def _anchor(comment: Comment, starts: dict[Loc, Pos]) -> Loc | None:
    at = (comment.line, comment.column)
    if not comment.own_line:
        same_line = [
            (pos, len(loc), loc) for loc, pos in starts.items() if pos[0] == at[0] and pos < at
        ]
        if same_line:
            return min(same_line)[2]
    later = [(pos, len(loc), loc) for loc, pos in starts.items() if pos > at]
    return min(later)[2] if later else None


def _start(doc: Document, loc: Loc) -> Pos | None:
    spans = [s for s in (doc.key_spans.get(loc), doc.value_spans.get(loc)) if s is not None]
    return min(((s.line, s.column) for s in spans), default=None)


def _inside(span: Span, pos: Pos) -> bool:
    return (span.line, span.column) <= pos < (span.end_line, span.end_column)
