"""Code-format validators: each `is_*` returns True exactly when the string is a well-formed code.

Two layers share one definition of "well-formed". The `*_PATTERN` constants check shape only;
they go into generated JSON Schema `pattern` keywords, so they are written in the common subset
of ECMA-262 and Python regex (`[0-9]`, never `\\d`, which in Python also matches full-width and
other Unicode digits). The functions check the shape with the same pattern and then what a regex
cannot: a real birth date and the check character. Generated forms reach the check characters
through the custom `format` names below, which `format_checker()` registers with jsonschema.

Everything here is pure standard library: jsonschema is a test dependency only, so it is imported
inside `format_checker()` and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jsonschema

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "CREDIT_CODE_FORMAT",
    "CREDIT_CODE_PATTERN",
    "DATE_FORMAT",
    "DATE_NOT_FUTURE_FORMAT",
    "DATE_PATTERN",
    "ID_NUMBER_FORMAT",
    "ID_NUMBER_PATTERN",
    "PHONE_PATTERN",
    "REGION_FORMAT",
    "REGION_PATTERN",
    "china_today",
    "credit_code_check_char",
    "format_checker",
    "id_number_check_char",
    "is_credit_code",
    "is_date",
    "is_date_not_future",
    "is_id_number",
    "is_mobile_phone",
    "is_region_code",
    "item_code_problem",
]

# 公民身份号码 (GB 11643-1999): address code (first digit 1-9), birth date YYYYMMDD with the year
# in 1900..2100, 3-digit sequence, check character. Only uppercase X: the standard prints the
# check value 10 as the Roman numeral X, and the population register (人口库) stores it that way.
# Accepting "x" too would give one person two spellings, so a lookup or de-duplication keyed on
# the number would silently miss; a form can upper-case the input before submitting instead.
ID_NUMBER_PATTERN = (
    r"^[1-9][0-9]{5}"
    r"(?:19[0-9]{2}|20[0-9]{2}|2100)(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    r"[0-9]{3}[0-9X]$"
)

# 统一社会信用代码 (GB 32100-2015): 18 characters from the 31-character alphabet below. The
# letters I, O, S, V, Z are left out by the standard because they read like 1, 0, 5, U, 2.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{18}$"

# 中国大陆 mobile numbers: 11 digits, 1 then a second digit 3-9 (no carrier uses 10-12).
PHONE_PATTERN = r"^1[3-9][0-9]{9}$"

# GB/T 2260 行政区划代码: 6 digits whose province part lies in 11 (北京) .. 82 (澳门). The range
# rather than the list of 34 provinces: the pattern catches typos and placeholder values such
# as 000000; whether a code is currently assigned is the region table's business, not a regex's.
REGION_PATTERN = r"^(?:1[1-9]|[2-7][0-9]|8[0-2])[0-9]{4}$"

# Names for the JSON Schema `format` keyword. Prefixed with the standard so nobody mistakes them
# for formats defined by JSON Schema itself; validators that do not know them ignore them, which
# is why the generated schema carries the `pattern` as well.
ID_NUMBER_FORMAT = "gb11643-id-number"
CREDIT_CODE_FORMAT = "gb32100-credit-code"
REGION_FORMAT = "gb2260-region-code"
# RFC 3339 full-date, the format JSON Schema itself defines; listed here because the published
# format module (generated/_formats/) implements it too, so a platform needs no other package.
DATE_FORMAT = "date"
# A real date not later than today in China (UTC+8): what a rule `x <= today()` says of a date
# field. yjs's own name, since no standard defines it; the form keeps the `pattern` beside it.
DATE_NOT_FUTURE_FORMAT = "yjs-date-not-future"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"  # indexed by the weighted sum mod 11 (ISO 7064 MOD 11-2)
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_VALUES = {ch: i for i, ch in enumerate(CREDIT_CODE_ALPHABET)}

# fullmatch, not the `^…$` anchors alone: in Python `$` also matches before a trailing newline.
_ID_RE = re.compile(ID_NUMBER_PATTERN)
_CREDIT_RE = re.compile(CREDIT_CODE_PATTERN)
_PHONE_RE = re.compile(PHONE_PATTERN)
_REGION_RE = re.compile(REGION_PATTERN)
_DATE_RE = re.compile(DATE_PATTERN)
# 北京时间: the applicant's "today", wherever the platform's server clock is set.
CHINA_TZ = dt.timezone(dt.timedelta(hours=8))


def id_number_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits (lets tests build valid numbers).

    Raises ValueError rather than returning a character for malformed input, so a generator bug
    shows up at once instead of as a mysteriously rejected number later.
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"需要 17 位数字，得到 {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def is_id_number(s: str) -> bool:
    """Whether `s` is an 18-character 公民身份号码 with a real birth date and a valid check char.

    The date is checked beyond the regex (which allows 0230) because a form that accepts an
    impossible birthday has accepted a typo the check character may not catch.
    """
    if not isinstance(s, str) or _ID_RE.fullmatch(s) is None:
        return False
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return id_number_check_char(s[:17]) == s[17]


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters (lets tests build valid codes).

    Raises ValueError for characters outside the alphabet, for the same reason as
    `id_number_check_char`.
    """
    if len(first17) != 17 or any(ch not in _CREDIT_VALUES for ch in first17):
        raise ValueError(f"需要 17 个统一社会信用代码字符，得到 {first17!r}")
    total = sum(_CREDIT_VALUES[ch] * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def is_credit_code(s: str) -> bool:
    """Whether `s` is an 18-character 统一社会信用代码 whose final check character is right.

    Checked: length, alphabet and the 18th character (GB 32100 MOD 31). Not checked: the check
    digit of the 组织机构代码 embedded in characters 9-17 (GB 11714), nor whether the
    registration-authority and type codes in characters 1-2 are currently assigned. Codes issued
    to 个体工商户 and during the switch-over from 注册号 carry a body-identifier part that is not
    always a GB 11714 code with a valid check digit, and refusing an applicant their own real
    code is worse than what the extra check would buy: the final check character already catches
    every single-character typo.
    """
    if not isinstance(s, str) or _CREDIT_RE.fullmatch(s) is None:
        return False
    return credit_code_check_char(s[:17]) == s[17]


def is_mobile_phone(s: str) -> bool:
    """Whether `s` is a mainland mobile number; landlines and +86 prefixes are the form's job."""
    return isinstance(s, str) and _PHONE_RE.fullmatch(s) is not None


def is_region_code(s: str) -> bool:
    """Whether `s` has the shape of a GB/T 2260 code (6 digits, province part 11..82)."""
    return isinstance(s, str) and _REGION_RE.fullmatch(s) is not None


def is_date(s: str) -> bool:
    """Whether `s` is an RFC 3339 full-date (YYYY-MM-DD) naming a real day (no 2023-02-29)."""
    if not isinstance(s, str) or _DATE_RE.fullmatch(s) is None:
        return False
    try:
        dt.date(int(s[0:4]), int(s[5:7]), int(s[8:10]))
    except ValueError:
        return False
    return True


def china_today() -> dt.date:
    """Today in China (UTC+8): a form filled at 07:00 北京时间 is not dated yesterday (UTC)."""
    return dt.datetime.now(CHINA_TZ).date()


def is_date_not_future(s: str, today: dt.date | None = None) -> bool:
    """Whether `s` is a real date no later than `today` (China's today when None).

    ISO dates of four-digit years order as strings, so the comparison needs no parsing.
    """
    return is_date(s) and s <= (today or china_today()).isoformat()


# 国家实施编码 (GB/T 39554.1-2020, whose text we could not read; see ../shared/domain.md §1.4):
# the 实施主体's 统一社会信用代码 (18 characters), then the item part ending in the 12-character
# 基本编码. The national sync code declares it "33位" and reserves 36; other sources count 31.
# Both lengths are accepted, nothing else: a code of another length or with separators is a
# provincial code (Sichuan writes dashes), which belongs in `local_code`.
ITEM_CODE_LENGTHS = (31, 33)
_ITEM_CODE_CHARS = re.compile(r"[0-9A-Z]+")


def item_code_problem(code: str) -> str | None:
    """What is wrong with `code` as a national 实施编码, in words for the analyst; None if nothing.

    The 18-character prefix is checked like any 统一社会信用代码 (alphabet and check character):
    a code copied from the 实施清单 passes, and a mistyped character in it is caught.
    """
    if (bad := next((ch for ch in code if not _ITEM_CODE_CHARS.fullmatch(ch)), None)) is not None:
        return f"含有“{bad}”，实施编码只由数字和大写英文字母组成"
    if len(code) not in ITEM_CODE_LENGTHS:
        lengths = " 或 ".join(map(str, ITEM_CODE_LENGTHS))
        return f"共 {len(code)} 位，国家实施编码为 {lengths} 位"
    prefix = code[:18]
    if _CREDIT_RE.fullmatch(prefix) is None:
        wrong = next(ch for ch in prefix if ch not in _CREDIT_VALUES)
        return f"前 18 位应是实施主体的统一社会信用代码，其中不能有“{wrong}”（不用 I、O、S、V、Z）"
    expected = credit_code_check_char(prefix[:17])
    if prefix[17] != expected:
        return f"前 18 位的统一社会信用代码校验位应为“{expected}”，这里是“{prefix[17]}”"
    return None


def _strings_only(check: Callable[[str], bool]) -> Callable[[object], bool]:
    """JSON Schema formats constrain strings only; other types must pass (the `type` keyword
    is what rejects them), or a form would get two errors for one mistake."""

    def checker(instance: object) -> bool:
        return check(instance) if isinstance(instance, str) else True

    return checker


def format_checker() -> jsonschema.FormatChecker:
    """A FormatChecker knowing yjs's formats (check characters, region, dates) and jsonschema's.

    `date` is replaced by ours so that the Python and the published JavaScript checks agree.

    A fresh instance each call: `FormatChecker()` copies the default table, so registering here
    never leaks the custom formats into other users of jsonschema in the same process.
    """
    import jsonschema  # test-only dependency: keep the compiler importable without it

    checker = jsonschema.FormatChecker()
    checker.checks(ID_NUMBER_FORMAT)(_strings_only(is_id_number))
    checker.checks(CREDIT_CODE_FORMAT)(_strings_only(is_credit_code))
    checker.checks(REGION_FORMAT)(_strings_only(is_region_code))
    checker.checks(DATE_FORMAT)(_strings_only(is_date))
    checker.checks(DATE_NOT_FUTURE_FORMAT)(_strings_only(is_date_not_future))
    return checker
