"""NoticeDoc → notice.md, notice.html, notice.txt: the 一次告知单 in three formats.

What the notice says comes from the plan through notice_doc.py; the templates only lay the
blocks out. Spec text is data: each environment (templating.py) is sandboxed and escapes every
`{{ … }}` for its format, so nothing a spec says is ever run or rendered as markup.

The templates receive ready rows (`context`): the document once as tuples and dicts of worded
text, which they read by tuple unpacking and `x["key"]`. The sandbox resolves a subscript with
a plain `obj[key]`, but every attribute access (`x.y`, `loop.first`) through its safety checks:
at 2,000 items (bench/synthetic.py) notice.txt made 78,000 such checks, 40% of the notice's time.
"""

from __future__ import annotations

from typing import Any

from compiler.emit.notice_blocks import Block, Bullets, Para
from compiler.emit.notice_doc import NoticeDoc, Tailoring, build_notice
from compiler.emit.notice_words import basis_text, entries_text, period
from compiler.emit.templating import FORMATS, environment, plain_text, template
from compiler.plan import Plan
from compiler.version import FORMAT_VERSIONS

__all__ = [
    "FORMATS",
    "basis_text",
    "emit_notice",
    "entries_text",
    "environment",
    "period",
    "plain_text",
    "render_notice",
    "tailored_notice",
    "template",
]

_NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 20 → 二十: section numbers as Chinese documents write them."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


def context(doc: NoticeDoc, kind: str) -> dict[str, Any]:
    """What notice.`kind`.j2 reads: the document as plain tuples and dicts of unescaped text.

    A section is `(number, key, title, blocks)`, a block a dict with `kind` and its content.
    notice.txt writes a table row with its environment's `labelled` filter, which escapes
    every heading and cell (templating.py).
    """
    return {
        "scenario": doc.scenario,
        "title": doc.title,
        "intro": tuple(p.text for p in doc.intro),
        "sections": tuple(
            (numeral(n), s.key, s.title, tuple(_block(b) for b in s.blocks))
            for n, s in enumerate(doc.sections, start=1)
        ),
        "format_version": FORMAT_VERSIONS[f"notice.{kind}"],
    }


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Para):
        return {"kind": "para", "text": block.text}
    if isinstance(block, Bullets):
        return {"kind": "bullets", "lines": block.items}
    return {"kind": "table", "head": block.head, "rows": block.rows}


def render_notice(doc: NoticeDoc, kind: str) -> str:
    """The notice in format `kind` (one of FORMATS)."""
    return template(kind, f"notice.{kind}.j2").render(context(doc, kind))


def emit_notice(plan: Plan) -> dict[str, bytes]:
    doc = build_notice(plan)
    rows = context(doc, FORMATS[0])  # the same rows for every format: built once
    out = {}
    for kind in FORMATS:
        rows["format_version"] = FORMAT_VERSIONS[f"notice.{kind}"]
        out[f"notice.{kind}"] = template(kind, f"notice.{kind}.j2").render(rows).encode("utf-8")
    return out


def tailored_notice(plan: Plan, tailoring: Tailoring, kind: str) -> str:
    return render_notice(build_notice(plan, tailoring), kind)
