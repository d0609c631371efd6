"""Spec text → Markdown that shows exactly that text: the one escaping rule of notice.md.

Names, labels, questions and reasons are written by analysts and land in table cells, list
items and headings. None of it may turn into Markdown or HTML: a `|` would end a cell, a newline
would start a heading, `<script>` or `<img onerror=…>` would be HTML, `[…](javascript:…)` a
link. Only what would render is escaped, so ordinary text (every real scenario) is unchanged.

The notice environment applies `escape_markdown` to every `{{ … }}` (its `finalize`), so a
template cannot forget it; what a template writes outside `{{ … }}` is its own Markdown.
"""

from __future__ import annotations

import re
from typing import Any

# Always escaped, wherever they stand: `\` (so an escape in the data stays text), code spans
# and fences (`` ` ``, `~`), emphasis (`*`), link and image brackets (`[`, `]`; a link needs
# `](`, so `(` itself is left alone), raw HTML and autolinks (`<`), and table cells (`|`).
_ALWAYS = "\\`~*[]<|"
# Line breaks become spaces: a value stays on its line (a cell, a list item, a heading). `\r\n`
# is one break, so it is replaced before the single characters.
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Both in one table: `str.translate` does them in one pass over the text, in C.
_TABLE = {ord(c): "\\" + c for c in _ALWAYS} | {ord(c): " " for c in _BREAKS}
# Whether a text has anything the table, `_UNDERSCORE` or `_ENTITY` would change: most spec text
# (every value of the real scenarios but a handful) has not, and one search settles it.
_ANY = re.compile("[" + re.escape(_ALWAYS + _BREAKS + "_&") + "]")
# `_` opens or closes emphasis only beside a space or punctuation, never inside a word.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# `&` only where it would start an entity reference (`&lt;`, `&#60;`, `&#x3C;`).
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# A value can start a line (a list item, a cell): these would open a heading, a block quote, a
# list or (`---`) a rule there. `>` anywhere else is plain text once every `<` is escaped.
_BLOCK_START = re.compile(r"^(\s*)(#|>|[-+]|[0-9]{1,9}(?=[.)](?:\s|$)))")
# The first characters `_BLOCK_START` can match at (besides whitespace, `\s`, which is what
# `str.isspace` tests): any other first character rules it out without running it.
_STARTS = frozenset("#>-+0123456789")


def escape_markdown(text: str) -> str:
    """`text` as Markdown that renders as `text`, on one line (line breaks become spaces).

    Each step runs only where its characters occur: the notice prints every value through this,
    and four regular-expression passes per value took 2 µs each, a third of notice.md's time at
    2,000 items (bench/synthetic.py); the fast path takes 0.16 µs. The steps and their order are
    the definition's (tests/test_markdown.py checks it against the four passes for any text).
    """
    if _ANY.search(text) is not None:
        if "\r\n" in text:
            text = text.replace("\r\n", " ")
        text = text.translate(_TABLE)
        if "_" in text:
            text = _UNDERSCORE.sub(r"\\_", text)
        if "&" in text:
            text = _ENTITY.sub(r"\\&", text)
    if not text or not (text[0] in _STARTS or text[0].isspace()):
        return text
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    marker = match.group(2)
    if marker[0].isdigit():  # `1. ` starts an ordered list: escape the `.` or `)` after it
        cut = match.end()
        return text[:cut] + "\\" + text[cut:]
    return text[: match.start(2)] + "\\" + text[match.start(2) :]


def finalize(value: Any) -> str:
    """The notice environment's `finalize`: every printed value is data, so it is escaped."""
    return escape_markdown(value if type(value) is str else str(value))
