"""Full-width punctuation typed where a syntax needs ASCII: the one table all three syntaxes read.

Chinese input methods type `：`, `，` and `（` by default; a spec written in Chinese therefore
often has them where YAML, `.yjs` or a condition needs the ASCII character. Each row says which
grammars read its ASCII counterpart as punctuation; in the others the full-width character is
ordinary text and is left alone (`（新生儿）` in a YAML value, `－` inside a .yjs word). Each
syntax words its own hint, because each needs a different fix (YAML also wants a space after
the colon, a condition names its operators), but the characters and their counterparts come
from here. The hint and column functions below are the YAML ones.
"""

from __future__ import annotations

import re
from enum import Flag, auto


class Grammar(Flag):
    YAML = auto()
    YJS = auto()
    CONDITION = auto()


_ALL = Grammar.YAML | Grammar.YJS | Grammar.CONDITION
# (full-width character, its ASCII counterpart, the grammars where the counterpart is syntax)
_ROWS: tuple[tuple[str, str, Grammar], ...] = (
    ("：", ":", Grammar.YAML | Grammar.YJS),
    ("，", ",", _ALL),
    ("［", "[", _ALL),
    ("］", "]", _ALL),
    ("｛", "{", Grammar.YAML | Grammar.YJS),
    ("｝", "}", Grammar.YAML | Grammar.YJS),
    ("－", "-", Grammar.YAML | Grammar.CONDITION),
    ("＃", "#", Grammar.YAML),
    ("\u3000", " ", Grammar.YJS),  # ideographic space: YAML and conditions take it as text/space
    ("（", "(", Grammar.CONDITION),
    ("）", ")", Grammar.CONDITION),
    ("＝", "=", Grammar.CONDITION),
    ("、", ",", Grammar.CONDITION),
    ("“", '"', Grammar.CONDITION),
    ("”", '"', Grammar.CONDITION),
    ("‘", "'", Grammar.CONDITION),
    ("’", "'", Grammar.CONDITION),
    ("！", "!", Grammar.CONDITION),
    ("＜", "<", Grammar.CONDITION),
    ("＞", ">", Grammar.CONDITION),
    ("【", "[", Grammar.CONDITION),
    ("】", "]", Grammar.CONDITION),
    ("＋", "+", Grammar.CONDITION),
    ("＊", "*", Grammar.CONDITION),
    ("／", "/", Grammar.CONDITION),
    ("≤", "<=", Grammar.CONDITION),
    ("≥", ">=", Grammar.CONDITION),
    ("≠", "!=", Grammar.CONDITION),
    ("＿", "_", Grammar.CONDITION),
)


def _used_by(grammar: Grammar) -> dict[str, str]:
    return {char: counterpart for char, counterpart, used in _ROWS if grammar & used}


# Full-width character → ASCII counterpart, for the characters each grammar reads as syntax.
YAML_FULLWIDTH = _used_by(Grammar.YAML)
YJS_FULLWIDTH = _used_by(Grammar.YJS)
CONDITION_FULLWIDTH = _used_by(Grammar.CONDITION)

# A line where YAML would have read punctuation: `key：` at its start, or a bracket or comma.
FULLWIDTH_SYNTAX = re.compile(r"^\s*(?:－|-\s)?[^\s:：#]+：|[［｛，]")


def fullwidth_hint(text: str) -> str | None:
    """A hint when a line uses full-width punctuation where YAML needs ASCII syntax."""
    if not FULLWIDTH_SYNTAX.search(text):
        return None
    used = "".join(sorted({c for c in text if c in YAML_FULLWIDTH}))
    fixes = "、".join(f"“{c}”→“{YAML_FULLWIDTH[c]}”" for c in used)
    return f"这一行用了全角标点作 YAML 语法（{fixes}）；冒号后还要加一个空格，如 `name: 值`"


def fullwidth_column(text: str) -> int:
    """1-based column of the first full-width character used as syntax on a line."""
    for i, char in enumerate(text):
        if char in YAML_FULLWIDTH:
            return i + 1
    return 1
