"""The built-in functions and `in_region`: signatures for the checker, Python code for both
`evaluate` and the JsonLogic custom operations (so the two cannot drift apart). `count` needs no
custom operation: JsonLogic's own `reduce` counts (see jsonlogic.py), so only its signature and
its meaning for `evaluate` are here.

Every implementation accepts dates as `datetime.date` or ISO strings (JsonLogic data carries
ISO strings) and returns None when an argument is missing or malformed, which the callers treat
as "no value".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Province-level prefixes of GB/T 2260 (plus 71 台湾, 81 香港, 82 澳门).
# fmt: off
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
})
# fmt: on
REGION_KINDS = ("region", "id_number", "credit_code")

_REGION = re.compile(r"[0-9]{6}")
_ID_18 = re.compile(r"[0-9]{17}[0-9Xx]")
_ID_15 = re.compile(r"[0-9]{15}")
_CREDIT = re.compile(r"[0-9A-Z]{2}[0-9]{6}[0-9A-Z]{10}")


@dataclass(frozen=True, slots=True)
class Signature:
    """Argument kinds ("date", "date_or_id", "reference", "list") and the result kind."""

    params: tuple[str, ...]
    result: str


SIGNATURES: dict[str, Signature] = {
    "defined": Signature(("reference",), "boolean"),
    "age": Signature(("date_or_id",), "number"),
    "today": Signature((), "date"),
    "days_between": Signature(("date", "date"), "number"),
    "year": Signature(("date",), "number"),
    "count": Signature(("list",), "number"),
}


def as_date(value: object) -> dt.date | None:
    """A date from a date, a datetime or an ISO `YYYY-MM-DD` string; None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def birth_date(value: object) -> dt.date | None:
    """The birth date in a date, an ISO string, or an 18/15-digit 公民身份号码 (GB 11643)."""
    if (date := as_date(value)) is not None:
        return date
    if not isinstance(value, str):
        return None
    if _ID_18.fullmatch(value):
        digits = value[6:14]
    elif _ID_15.fullmatch(value):
        digits = "19" + value[6:12]
    else:
        return None
    return as_date(f"{digits[:4]}-{digits[4:6]}-{digits[6:]}")


def age(value: object, today: object) -> int | None:
    """Whole years from the birth date in `value` to `today` (negative if born later).

    The birthday itself counts (18 on the 18th birthday); born on 29 February, a year is
    gained on 1 March in common years.
    """
    born, now = birth_date(value), as_date(today)
    if born is None or now is None:
        return None
    return now.year - born.year - ((now.month, now.day) < (born.month, born.day))


def days_between(start: object, end: object) -> int | None:
    """`end` − `start` in calendar days."""
    first, last = as_date(start), as_date(end)
    return None if first is None or last is None else (last - first).days


def year(value: object) -> int | None:
    date = as_date(value)
    return None if date is None else date.year


def count(value: object) -> int:
    """How many entries a list field's answer has; an answered empty list counts 0.

    Raises TypeError for anything but a list: the form schema makes a list field's value an
    array, so anything else is a value of the wrong type, as a text compared with a number is.
    """
    if not isinstance(value, list):
        raise TypeError(f"count() 的参数应为列表字段的值：{value!r}")
    return len(value)


def region_of(value: object, kind: str) -> str | None:
    """The 6-digit GB/T 2260 code inside a region code, an id_number or a credit_code."""
    if not isinstance(value, str):
        return None
    if kind == "id_number" and (_ID_18.fullmatch(value) or _ID_15.fullmatch(value)):
        return value[:6]
    if kind == "credit_code" and _CREDIT.fullmatch(value):
        return value[2:8]
    if kind == "region" and _REGION.fullmatch(value):
        return value
    return None


def region_prefix(code: str) -> str:
    """`430000` → `43` (province), `430100` → `4301` (city), `430102` → itself (county)."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def in_region(value: object, code: object, kind: str = "region") -> bool:
    """Whether `value` (of `kind`) lies in the region `code`; False for malformed input."""
    region = region_of(value, kind)
    code = str(code)
    if region is None or not _REGION.fullmatch(code):
        return False
    return region.startswith(region_prefix(code))


def region_code_problem(code: str) -> str | None:
    """Why `code` (as written) is not a usable GB/T 2260 code, or None."""
    if not _REGION.fullmatch(code):
        return "应为 6 位数字"
    if code[:2] not in PROVINCES:
        return f"前两位 {code[:2]} 不是省级行政区的代码"
    return None
