"""The jinja environments of the notice and the pledge letter, and their compiled templates.

One sandboxed environment per format, each escaping every `{{ … }}` for itself: Markdown by
`markdown.finalize`, HTML by autoescape, plain text by `plain_text`. A template is compiled
once per process (`template`), and its compiled code is kept on disk between processes in the
user's cache directory (the one the LALR tables use, dsl/lark_cache.py): compiling the four
templates took 10.5 ms of every `yjs build`, a third of what rendering 33 notices then took;
loading them back takes under 1 ms. The cache directory's name carries jinja's version, the
format and the environment's options, and jinja checks each file against its template's source
and Python's version, so a changed template, option or jinja never loads stale code.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.sandbox import SandboxedEnvironment

from compiler.emit.markdown import finalize

FORMATS = ("md", "html", "txt")
# C0 and C1 controls (a terminal acts on ESC, CSI …) and line or paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def plain_text(value: Any) -> str:
    """The text environment's `finalize`: spec text on one line, no control characters.

    Every character `_CONTROL` matches is unprintable, so printable text (nearly all of it)
    is returned as it is without running the expression.
    """
    text = value if type(value) is str else str(value)
    return text if text.isprintable() else _CONTROL.sub(" ", text)


class _Escaped(str):
    """A row the `labelled` filter has written with every value escaped: the text
    environment's `finalize` writes it as it is. Only that filter makes one; spec text reaches
    a template as `str`, so it is always escaped."""

    __slots__ = ()


def _plain_value(value: Any) -> str:
    """The text environment's `finalize`: `plain_text`, but a `labelled` row as it is."""
    kind = type(value)
    if kind is _Escaped:
        return value
    text = value if kind is str else str(value)
    return text if text.isprintable() else _CONTROL.sub(" ", text)


def _labelled(row: Sequence[Any], head: Sequence[Any]) -> str:
    """A plain-text table row: each cell after its heading, `heading：cell` joined by `；`, every
    heading and cell through `plain_text`.

    One `{{ … }}` per row: the template's loop over pairs (which notice.py built per row
    first) cost 1.6 ms of the 5.5 ms notice.txt took for the 33 real bundles."""
    pairs = zip(head, row, strict=True)
    return _Escaped("；".join([_plain_value(h) + "：" + _plain_value(c) for h, c in pairs]))


class _CompiledTemplates(FileSystemBytecodeCache):
    """jinja's file cache of compiled templates, where failing to read or write a file (a
    read-only or full disk, a file cut short or written by another version) only costs the
    compile it would have saved, never the build."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # whatever a damaged file raises: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _stable(value: Any) -> str:
    """An option as text that is the same in every process: functions and classes by name."""
    if callable(value):
        return f"{value.__module__}.{value.__qualname__}"
    return repr(value)


def _compiled_cache(kind: str, options: dict[str, Any]) -> _CompiledTemplates | None:
    from dsl.lark_cache import cache_dir  # here: importing this module needs no lark

    described = sorted((k, _stable(v)) for k, v in options.items() if k != "loader")
    key = "\0".join([jinja2.__version__, kind, repr(described)])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    try:
        folder = cache_dir() / "templates" / f"{kind}-{digest}"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home directory to find
        return None
    return _CompiledTemplates(str(folder))


@cache
def environment(kind: str = "md") -> SandboxedEnvironment:
    """The sandboxed environment for one format; `md` is the notice.md one."""
    options: dict[str, Any] = {
        "loader": jinja2.PackageLoader("compiler.emit", "templates"),
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if kind == "html":
        options["autoescape"] = True
    else:
        options["autoescape"] = False
        options["finalize"] = finalize if kind == "md" else _plain_value
    env = SandboxedEnvironment(bytecode_cache=_compiled_cache(kind, options), **options)
    if kind == "txt":
        env.filters["labelled"] = _labelled
    return env


@cache
def template(kind: str, name: str) -> jinja2.Template:
    """`name` compiled once per process in `kind`'s environment (jinja's own cache would stat
    the template file on every render to see whether it changed; an installed one does not)."""
    return environment(kind).get_template(name)
