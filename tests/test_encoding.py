"""json_bytes writes what `json.dumps(..., ensure_ascii=False, indent=2)` would.

Artefacts are contracts: switching the encoder (orjson, for speed) must not move a byte of
what the emitters write. The real artefacts are compared in test_newborn and by `yjs build
--check`; here any JSON value of the kinds they hold is. The one known difference is the
spelling of floats below 1e-4 (orjson `0.00001`, json `1e-05`): both are the same number, and
no artefact holds one (amounts are whole fen, percentages have one decimal); for them the
value is held to round-trip instead.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings, strategies as st

from compiler.emit.encoding import json_bytes

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False, width=64).filter(
        lambda f: f == 0 or 1e-4 <= abs(f) < 1e15  # the range artefacts hold (days, yuan, %)
    )
    | st.text()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def _reference(value: Any, ordered: bool) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=not ordered) + "\n").encode()


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.booleans())
def test_json_bytes_are_the_standard_librarys(value: Any, ordered: bool) -> None:
    assert json_bytes(value, ordered=ordered) == _reference(value, ordered)


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_any_float_reads_back_as_the_same_number(number: float) -> None:
    assert json.loads(json_bytes({"x": [number]})) == {"x": [number]}


def test_chinese_and_control_characters_are_written_as_json_dumps_writes_them() -> None:
    value = {"名称": '出生一件事\u0007\t\n"\\</script>', "b": [1.5, 66.7, 0.1, 1e-4], "a": {}}
    for ordered in (True, False):
        assert json_bytes(value, ordered=ordered) == _reference(value, ordered)


def test_values_nested_deeper_than_orjson_allows_are_written_all_the_same() -> None:
    deep: Any = "叶"
    for _ in range(300):  # a JsonLogic tree of a condition at the length limit goes this deep
        deep = {"or": [deep, {"var": "x"}]}
    for ordered in (True, False):
        assert json_bytes(deep, ordered=ordered) == _reference(deep, ordered)
