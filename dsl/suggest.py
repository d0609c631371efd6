"""Did-you-mean: the one rule behind every “是否应为 …？” hint, whichever layer reports it.

A leaf module (standard library only) so that the front-ends in `dsl/` and the checks in
`compiler/` suggest the same name for the same slip.

The rule: a candidate is close when `difflib.SequenceMatcher(...).ratio()` of the two texts,
each NFKC-normalised and case-folded, is at least `CUTOFF` (0.6, difflib's own default). The
closest come first and ties keep the order the caller gave (`difflib.get_close_matches`
would prefer the alphabetically last). Why this rule and not a fixed edit distance (Elm's restricted
Damerau-Levenshtein, ≤ 1 edit under 3 characters, else ≤ 2):

* Users shorten words, and edit distance punishes what they leave out. `int` → `integer`,
  `bool` → `boolean`, `容缺` → `容缺后补` and `街道` → `乡镇街道` are 2–4 edits apart but share
  most of their text; a ratio counts what is shared. On the slips `bench/bench_suggest.py`
  builds from this project's keys, ids, enum values, stdlib paths and Chinese choices, this
  rule names the intended word for 19 of 25 Chinese abbreviations (Elm's rule: 10) and 19 of
  20 English ones (Elm: 15), for every single-edit typo (as Elm), and offers a wrong word for 9
  of 135 words that are no slip at all (Elm: 1; a cutoff of 0.5: 25). A wrong guess costs the
  reader a glance, a missing one a search, and most callers list the valid words when nothing
  is close.
* Chinese needs no special case. A ratio is relative to length, and one Chinese character
  carries as much as an English word, so `外资企业` finds `外商投资企业` (4 characters shared)
  rather than `内资企业` (1 edit). A Chinese word shares no character with an ASCII id, so it is
  never offered one; a Chinese key typed for an English one is answered by a table where the
  key is reported (`compiler/lower.py`), not by spelling.
* NFKC folds full-width letters and digits to ASCII (`ｐｏｌｉｃｅ` → `police`); case-folding
  makes `Police` an exact match, which scores 1 and comes first.

>>> suggest("deparment", ["name", "department", "days"])
'department'
>>> suggest("int", ["text", "integer", "decimal"])
'integer'
>>> suggest("外资企业", ["内资企业", "外商投资企业", "个体工商户"])
'外商投资企业'
>>> suggest("Police", ["policy", "police"])
'police'
>>> suggest("营业执照", ["biz_license", "police"]) is None
True
>>> did_you_mean("joni_insurance", ["join_insurance", "join_pension"])
'是否应为 `join_insurance`？'
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence

CUTOFF = 0.6


def suggest(word: str, candidates: Sequence[str]) -> str | None:
    """The closest candidate to `word` by the module's rule, or None when none is close."""
    found = suggestions(word, candidates, limit=1)
    return found[0] if found else None


def suggestions(word: str, candidates: Sequence[str], *, limit: int) -> list[str]:
    """Up to `limit` distinct close candidates, closest first; `word` itself before a case or
    width variant of it, then ties in the given order."""
    key = _fold(word)
    scored: list[tuple[float, bool, int, str]] = []
    for index, candidate in enumerate(dict.fromkeys(candidates)):
        score = _ratio(key, _fold(candidate))
        if score >= CUTOFF:
            scored.append((-score, candidate != word, index, candidate))
    return [candidate for *_, candidate in sorted(scored)[:limit]]


def similarity(word: str, candidate: str) -> float:
    """The score the rule compares with CUTOFF: 1.0 for the same text up to case and width.

    >>> similarity("ＩＤ_Number", "id_number")
    1.0
    """
    return _ratio(_fold(word), _fold(candidate))


def did_you_mean(word: str, candidates: Sequence[str], *, limit: int = 1) -> str | None:
    """The hint `是否应为 `a`？` (or `… `a` 或 `b`？` when `limit` allows), None when nothing is close."""
    found = suggestions(word, candidates, limit=limit)
    if not found:
        return None
    return "是否应为 " + " 或 ".join(f"`{c}`" for c in found) + "？"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _ratio(a: str, b: str) -> float:
    # autojunk=False: difflib's heuristic ignores frequent characters in texts of 200+ characters,
    # which would make a long choice label score lower than a short one with the same slip.
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
