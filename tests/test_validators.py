"""Code-format validators: known examples, check-character properties, jsonschema integration."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

from compiler.pipeline import CompileResult
from compiler.validators import (
    CREDIT_CODE_ALPHABET,
    CREDIT_CODE_FORMAT,
    CREDIT_CODE_PATTERN,
    ID_NUMBER_FORMAT,
    ID_NUMBER_PATTERN,
    PHONE_PATTERN,
    REGION_PATTERN,
    credit_code_check_char,
    format_checker,
    id_number_check_char,
    is_credit_code,
    is_id_number,
    is_mobile_phone,
    is_region_code,
)

ID_CHECK_CHARS = "0123456789X"

# --- 公民身份号码 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the GB 11643 example, check value 10 written as X
        "110105200002290021",  # 2000 is a leap year (divisible by 400)
        "430104190001010018",  # lowest allowed year
        "430104210012310011",  # highest allowed year
    ],
)
def test_valid_id_numbers(number: str) -> None:
    assert is_id_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002x",  # lowercase x: one person, one spelling
        "110105194912310021",  # wrong check character
        "110105194902290021",  # 1949 is not a leap year
        "110105190002290021",  # 1900 is not a leap year either (century rule)
        "440524188001010014",  # the standard's own 1880 example: outside 1900..2100
        "430104210101010014",  # year 2101
        "010105194912310021",  # address code cannot start with 0
        "110105194913310021",  # month 13
        "110105194912320021",  # day 32
        "1101051949123100",  # 16 characters
        "11010519491231002X0",  # 19 characters
        "11010519491231002X\n",  # trailing newline: `$` alone would let this through
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits match Python's \d
        "",
    ],
)
def test_invalid_id_numbers(number: str) -> None:
    assert not is_id_number(number)


def test_id_check_char_rejects_malformed_input() -> None:
    for bad in ["1234", "1101051949123100X", "１１０１０５１９４９１２３１００２"]:
        with pytest.raises(ValueError):
            id_number_check_char(bad)


@st.composite
def id_first17(draw: st.DrawFn) -> str:
    """Address code, a real date in 1900..2100 and a sequence number."""
    address = draw(st.from_regex(r"[1-9][0-9]{5}", fullmatch=True))
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
    sequence = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    return f"{address}{birth:%Y%m%d}{sequence}"


@settings(derandomize=True)
@given(id_first17())
def test_computed_id_check_char_is_the_only_valid_one(first17: str) -> None:
    right = id_number_check_char(first17)
    assert is_id_number(first17 + right)
    assert re.search(ID_NUMBER_PATTERN, first17 + right)
    for other in ID_CHECK_CHARS.replace(right, ""):
        assert not is_id_number(first17 + other)


@settings(derandomize=True)
@given(id_first17(), st.integers(0, 16), st.integers(1, 9))
def test_id_single_digit_typo_is_caught(first17: str, position: int, shift: int) -> None:
    number = first17 + id_number_check_char(first17)
    typo = str((int(number[position]) + shift) % 10)
    assert not is_id_number(number[:position] + typo + number[position + 1 :])


@settings(derandomize=True)
@given(
    st.from_regex(r"[1-9][0-9]{5}(19|20)[0-9]{2}(023[01]|(0[469]|11)31)[0-9]{3}", fullmatch=True)
)
def test_impossible_dates_are_invalid_whatever_the_check_char(first17: str) -> None:
    assert re.search(ID_NUMBER_PATTERN, first17 + id_number_check_char(first17))
    for check in ID_CHECK_CHARS:
        assert not is_id_number(first17 + check)


# --- 统一社会信用代码 -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["91110000101623741K", "91350100M000100Y43"])
def test_valid_credit_codes(code: str) -> None:
    assert is_credit_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "91110000101623741J",  # wrong check character
        "91110000101623741k",  # lowercase
        "91110000I01623741K",  # I is not in the alphabet
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y430",  # 19 characters
        "91350100M000100Y43\n",
        "",
    ],
)
def test_invalid_credit_codes(code: str) -> None:
    assert not is_credit_code(code)


def test_credit_alphabet_leaves_out_look_alike_letters() -> None:
    assert len(CREDIT_CODE_ALPHABET) == 31
    assert not set("IOSVZ") & set(CREDIT_CODE_ALPHABET)
    assert all(re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]", ch) for ch in CREDIT_CODE_ALPHABET)


def test_credit_check_char_rejects_malformed_input() -> None:
    for bad in ["9111", "91110000I0162374", "9111000010162374O"]:
        with pytest.raises(ValueError):
            credit_code_check_char(bad)


credit_first17 = st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=17, max_size=17)


@settings(derandomize=True)
@given(credit_first17)
def test_computed_credit_check_char_is_the_only_valid_one(first17: str) -> None:
    right = credit_code_check_char(first17)
    assert is_credit_code(first17 + right)
    assert re.search(CREDIT_CODE_PATTERN, first17 + right)
    for other in CREDIT_CODE_ALPHABET.replace(right, ""):
        assert not is_credit_code(first17 + other)


@settings(derandomize=True)
@given(credit_first17, st.integers(0, 16), st.integers(1, 30))
def test_credit_single_character_typo_is_caught(first17: str, position: int, shift: int) -> None:
    code = first17 + credit_code_check_char(first17)
    index = (CREDIT_CODE_ALPHABET.index(code[position]) + shift) % 31
    typo = CREDIT_CODE_ALPHABET[index]
    assert not is_credit_code(code[:position] + typo + code[position + 1 :])


# --- phone and region -----------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["13800138000", "19912345678", "15011112222"])
def test_valid_mobile_phones(phone: str) -> None:
    assert is_mobile_phone(phone)
    assert re.search(PHONE_PATTERN, phone)


@pytest.mark.parametrize(
    "phone",
    [
        "12800138000",
        "1380013800",
        "138001380000",
        "0731-84567890",
        "+8613800138000",
        "13800138000\n",
        "１３８００１３８０００",
        "",
    ],
)
def test_invalid_mobile_phones(phone: str) -> None:
    assert not is_mobile_phone(phone)


@pytest.mark.parametrize("region", ["110000", "430100", "430104", "820000", "650100"])
def test_valid_region_codes(region: str) -> None:
    assert is_region_code(region)
    assert re.search(REGION_PATTERN, region)


@pytest.mark.parametrize(
    "region", ["000000", "100000", "830000", "990000", "43010", "4301000", "43010a", "430100\n"]
)
def test_invalid_region_codes(region: str) -> None:
    assert not is_region_code(region)


@settings(derandomize=True)
@given(st.integers(0, 999_999))
def test_region_function_agrees_with_province_range(n: int) -> None:
    code = f"{n:06d}"
    assert is_region_code(code) == (11 <= int(code[:2]) <= 82)


# --- jsonschema ----------------------------------------------------------------------------------

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "id_number": {"type": "string", "pattern": ID_NUMBER_PATTERN, "format": ID_NUMBER_FORMAT},
        "credit_code": {
            "type": "string",
            "pattern": CREDIT_CODE_PATTERN,
            "format": CREDIT_CODE_FORMAT,
        },
        "birth": {"type": "string", "format": "date"},
    },
}


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(SCHEMA, format_checker=format_checker())


def _subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    """Every object inside a schema, itself included: where a `format` or `pattern` may sit.

    `errorMessage` (ajv-errors) maps keywords to messages, so it holds no schemas: skipped."""
    if isinstance(schema, dict):
        yield schema
        for key, value in schema.items():
            if key != "errorMessage":
                yield from _subschemas(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _subschemas(value)


def test_real_form_schemas_are_valid_and_name_only_formats_the_checker_knows(
    real_scenarios: CompileResult,
) -> None:
    """The 33 emitted form schemas pass the 2020-12 metaschema, and the code formats in them are
    the ones this module's SCHEMA tests: a validator silently ignores a format it does not know,
    so a misspelt format name would switch the check-character test off without any error."""
    schemas = {
        name: json.loads(data)
        for name, data in real_scenarios.artifacts.items()
        if name.endswith("/form.schema.json")
    }
    assert len(schemas) == len(real_scenarios.plans) == 33
    known = set(format_checker().checkers)
    used: dict[str, set[str]] = {}
    for name, schema in schemas.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        for sub in _subschemas(schema):
            if isinstance(sub.get("format"), str):
                assert sub["format"] in known, (name, sub["format"])
                used.setdefault(sub["format"], set()).add(sub.get("pattern", ""))
    assert {ID_NUMBER_FORMAT, CREDIT_CODE_FORMAT} <= set(used)
    for prop in SCHEMA["properties"].values():
        if prop["format"] in (ID_NUMBER_FORMAT, CREDIT_CODE_FORMAT):
            assert used[prop["format"]] == {prop["pattern"]}


def test_format_checker_accepts_valid_codes() -> None:
    form = {"id_number": "11010519491231002X", "credit_code": "91350100M000100Y43"}
    assert list(validator().iter_errors(form)) == []


def test_format_checker_rejects_bad_id_check_digit() -> None:
    errors = list(validator().iter_errors({"id_number": "110105194912310021"}))
    assert [e.validator for e in errors] == ["format"]
    assert errors[0].validator_value == ID_NUMBER_FORMAT


def test_format_checker_rejects_bad_credit_check_char() -> None:
    errors = list(validator().iter_errors({"credit_code": "91350100M000100Y44"}))
    assert [e.validator for e in errors] == ["format"]
    assert errors[0].validator_value == CREDIT_CODE_FORMAT


def test_format_checker_keeps_jsonschema_defaults() -> None:
    assert validator().is_valid({"birth": "2024-02-29"})
    assert not validator().is_valid({"birth": "2023-02-29"})


def test_non_strings_are_left_to_the_type_keyword() -> None:
    errors = list(validator().iter_errors({"id_number": 110105}))
    assert [e.validator for e in errors] == ["type"]


def test_custom_formats_do_not_leak_into_the_default_checker() -> None:
    format_checker()
    assert ID_NUMBER_FORMAT not in jsonschema.FormatChecker().checkers
    assert CREDIT_CODE_FORMAT not in jsonschema.FormatChecker().checkers


@settings(derandomize=True)
@given(id_first17(), credit_first17)
def test_format_checker_agrees_with_functions(id17: str, credit17: str) -> None:
    v = validator()
    good = {
        "id_number": id17 + id_number_check_char(id17),
        "credit_code": credit17 + credit_code_check_char(credit17),
    }
    assert v.is_valid(good)
    bad_id = ID_CHECK_CHARS[(ID_CHECK_CHARS.index(good["id_number"][17]) + 1) % 11]
    assert not v.is_valid({"id_number": id17 + bad_id})
