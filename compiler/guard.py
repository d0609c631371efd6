"""A stage that crashes becomes one E900 diagnostic, never a traceback.

The pipeline, `yjs fmt` and `yjs convert` run every stage under `stage(...)`: the E900 names
the stage and where it ran and points at the file, so the user knows what to report, and
every other file or bundle is still processed.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dsl.diagnostics import Code, Diagnostic
from dsl.source import Span


@contextmanager
def stage(name: str, where: str, span: Span | None, into: list[Diagnostic]) -> Iterator[None]:
    """Run one stage on one file or bundle: a crash becomes an E900 in `into`, not a traceback.

    The E900 names the stage and where it ran and points at the file's `scenario`/`library`
    id, so the user knows what to report, and every other stage still runs.
    """
    try:
        yield
    except Exception as err:
        into.append(internal_error(err, f"{name}（{where}）", span))


def internal_error(err: Exception, stage: str, span: Span | None) -> Diagnostic:
    frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
    return Diagnostic.of(
        Code.E900,
        span,
        problem=f"{stage}阶段出现 {type(err).__name__}: {err}（{where}）",
        hint="这是 yjs 的缺陷，不是规格的问题；请把这个文件和本条信息一并报告给维护者",
    )
