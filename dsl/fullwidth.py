"""Full-width punctuation typed where a syntax needs ASCII: the one table both syntaxes use.

Chinese input methods type `：`, `，` and `［` by default; a spec written in Chinese therefore
often has them where YAML, `.yjs` or a condition needs the ASCII character. Every front-end asks
here, so the hint and the column are the same whichever syntax the user wrote.
"""

from __future__ import annotations

import re

FULLWIDTH = {
    "：": ":",
    "，": ",",
    "［": "[",
    "］": "]",
    "｛": "{",
    "｝": "}",
    "－": "-",
    "＃": "#",
}
FULLWIDTH_SYNTAX = re.compile(r"^\s*(?:－|-\s)?[^\s:：#]+：|[［｛，]")


def fullwidth_hint(text: str) -> str | None:
    """A hint when a line uses full-width punctuation where YAML needs ASCII syntax."""
    if not FULLWIDTH_SYNTAX.search(text):
        return None
    used = "".join(sorted({c for c in text if c in FULLWIDTH}))
    fixes = "、".join(f"“{c}”→“{FULLWIDTH[c]}”" for c in used)
    return f"这一行用了全角标点作 YAML 语法（{fixes}）；冒号后还要加一个空格，如 `name: 值`"


def fullwidth_column(text: str) -> int:
    """1-based column of the first full-width character used as syntax on a line."""
    for i, char in enumerate(text):
        if char in FULLWIDTH:
            return i + 1
    return 1
