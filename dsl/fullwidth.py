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
# On a whole source line a "，" is syntax only inside `[…]` or `{…}`: `name: 出生，死亡` is text.
_LINE_SYNTAX = re.compile(r"^\s*(?:－|-\s)?[^\s:：#]+：|[［｛]|[\[{［｛][^\]}］｝]*，")


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


def line_fullwidth_hint(line: str) -> tuple[str, int] | None:
    """The hint and 1-based column when a YAML source line uses full-width punctuation as syntax.

    Stricter than `fullwidth_hint`, because a syntax error is also looked for on the lines
    around it: a comment is not syntax, and a "，" is a comma only inside `[…]` or `{…}`.
    Otherwise a comment with a "，" on the next line would take the blame for a "：" on this one.
    """
    code = _code_part(line)
    if not _LINE_SYNTAX.search(code) or (hint := fullwidth_hint(code)) is None:
        return None
    return hint, fullwidth_column(code)


def _code_part(line: str) -> str:
    """`line` without its YAML comment: a `#` at the start or after a space, outside quotes."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            if char == quote and not (quote == '"' and line[i - 1] == "\\"):
                quote = ""
        elif char in "'\"" and (i == 0 or line[i - 1] in " \t[{,:-"):
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line
