"""What a run reports, after the user's choices: `# yjs: ignore[...]` comments, `--ignore` and
`--warn-error`.

The passes report every problem they find; which of them a project chooses to silence or to
treat as fatal is decided here, once, for every output format. Only warnings can be silenced:
an error means the bundle cannot be planned or built (the pipeline stops before planning), so
hiding one would turn `yjs check` green while `yjs build` still refused to write anything.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dsl.diagnostics import (
    Code,
    CompileError,
    Diagnostic,
    Severity,
    has_errors,
    sorted_unique,
)
from dsl.source import SourceFile, Span

if TYPE_CHECKING:
    from dsl.yjs.syntax_tree import Comment

# `# yjs: ignore[W201]` or `# yjs: ignore[W201, W504]`, anywhere in a comment.
_SUPPRESSION = re.compile(r"yjs:\s*ignore\[([^\]]*)\]")
_MARKER = "yjs:"


@dataclass(frozen=True, slots=True)
class Policy:
    """The user's choices. `warn_error` None means no warning is promoted; empty means all."""

    ignore: frozenset[Code] = frozenset()
    warn_error: frozenset[Code] | None = None

    def promotes(self, code: Code) -> bool:
        return self.warn_error is not None and (not self.warn_error or code in self.warn_error)


ALL_WARNINGS = "all"  # `--warn-error all`: every warning (a bare flag would swallow a path)


def policy_from(ignore: Iterable[str] | None, warn_error: Iterable[str] | None) -> Policy:
    """`--ignore` and `--warn-error` as a Policy. An unknown code, or an error code to ignore,
    raises ValueError (a usage error): a typo would otherwise silence nothing unnoticed."""
    ignore_names, warn_names = list(ignore or []), None if warn_error is None else list(warn_error)
    ignored, unknown = parse_codes(ignore_names)
    named = [n for n in warn_names or [] if n.strip().lower() != ALL_WARNINGS]
    promoted, unknown_too = parse_codes(named)
    if unknown or unknown_too:
        raise ValueError(f"没有诊断代码 {'、'.join(unknown + unknown_too)}")
    errors = sorted(c.name for c in ignored if c.severity is Severity.ERROR)
    if errors:
        raise ValueError(f"错误不能忽略（{'、'.join(errors)}）：--ignore 只接受警告代码")
    if warn_names is None:
        return Policy(ignored, None)
    everything = len(named) < len(warn_names)
    return Policy(ignored, frozenset() if everything else promoted)


def parse_codes(names: Iterable[str]) -> tuple[frozenset[Code], list[str]]:
    """Codes named on the command line (`W201`, `w201`) and the names that are not codes."""
    codes, unknown = set(), []
    for name in names:
        for part in filter(None, (p.strip().upper() for p in name.split(","))):
            if part in Code.__members__:
                codes.add(Code[part])
            else:
                unknown.append(part)
    return frozenset(codes), unknown


@dataclass(frozen=True, slots=True)
class Suppression:
    """One `# yjs: ignore[...]` comment: the line it silences and the codes it names."""

    span: Span  # the comment itself
    text: str
    codes: tuple[str, ...]  # as written (upper-cased), unknown names included


def suppressions(sources: Iterable[SourceFile]) -> list[Suppression]:
    """Every suppression comment of `sources`, found by each syntax's own comment reader, so a
    `#` inside a quoted name is never taken for one. A file its front-end cannot read has none."""
    out = []
    for source in sources:
        if _MARKER not in source.text:  # cheap: almost no file holds one, so almost none is parsed
            continue
        for comment in _comments(source):
            match = _SUPPRESSION.search(comment.text)
            if match is None:
                continue
            codes = tuple(c.strip().upper() for c in match.group(1).split(",") if c.strip())
            end = comment.column + len(comment.text)
            span = Span(source.name, comment.line, comment.column, comment.line, end)
            out.append(Suppression(span, comment.text, codes))
    return out


def _comments(source: SourceFile) -> list[Comment]:
    # The front-ends load lark and pydantic: imported here, so `yjs --version` and `yjs
    # explain`, which import this module through cli/, stay fast.
    from dsl.comments import yaml_comments
    from dsl.front_ends import is_workbook, is_yjs, parse_source
    from dsl.yjs.parser import parse_with_comments

    if is_workbook(source.name):  # its text is the cells' values; a workbook's notes are no lines
        return []
    try:
        if is_yjs(source.name):
            return parse_with_comments(source)[1]
        return yaml_comments(parse_source(source))
    except CompileError:
        return []


def apply_policy(
    diagnostics: Iterable[Diagnostic],
    sources: Mapping[str, SourceFile],
    policy: Policy,
    libraries: Collection[str] = (),
) -> list[Diagnostic]:
    """The diagnostics to report: suppressed and ignored warnings dropped, one W203 for each
    code a suppression comment names that it did not silence, chosen warnings made errors.

    A warning is silenced by a comment on the line its span starts on; an error never is. A
    comment in one of the `libraries` (files named as diagnostics name them) silences what it
    names but is never reported unused: a library item is checked only through the bundles that
    use it, and a run over some bundles may use none of the library's suppressed lines.
    """
    found = suppressions(sources.values())
    by_line: dict[tuple[str, int], list[Suppression]] = {}
    for s in found:
        by_line.setdefault((s.span.file, s.span.line), []).append(s)
    used: set[tuple[Suppression, str]] = set()
    kept = []
    for d in diagnostics:
        silenced = False
        if d.span is not None and d.severity is Severity.WARNING:
            for s in by_line.get((d.span.file, d.span.line), []):
                if d.code.name in s.codes:
                    used.add((s, d.code.name))
                    silenced = True
        if not silenced:
            kept.append(d)
    # An error can stop the checks that would have reported a warning (a bundle with an unknown
    # `use:` skips its whole-bundle checks), so a warning's comment is judged only in a clean run.
    complete = not has_errors(kept)
    kept += [
        _unused(s, code)
        for s in found
        for code in s.codes
        if (s, code) not in used
        and (complete or not _is_warning(code))
        and (s.span.file not in libraries or not _is_warning(code))
    ]
    out = []
    for d in kept:
        if d.code in policy.ignore and d.severity is Severity.WARNING:
            continue
        out.append(replace(d, as_error=True) if policy.promotes(d.code) else d)
    return sorted_unique(out)


def _is_warning(code: str) -> bool:
    return code in Code.__members__ and Code[code].severity is Severity.WARNING


def _unused(s: Suppression, code: str) -> Diagnostic:
    if code not in Code.__members__:
        hint = f"没有诊断代码 {code}：代码的写法如 W201，可用 `yjs explain` 查看"
    elif Code[code].severity is Severity.ERROR:
        hint = f"{code} 是错误，错误不能被抑制：请修改规格"
    else:
        hint = f"这一行没有 {code}：问题可能已经改好，删掉这条注释即可"
    return Diagnostic.of(Code.W203, s.span, hint=hint, comment=s.text, codes=code)
