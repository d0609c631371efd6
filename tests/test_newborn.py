"""The real scenario, scenarios/newborn.yaml: its merged form validates realistic applications,
and its artefacts are locked by tests/golden/newborn/ (refresh: pytest --update-goldens)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from goldens import assert_golden
from jsonschema import Draft202012Validator
from sample_project import tree_bytes
from typer.testing import CliRunner

from cli import app
from compiler.validators import format_checker, id_number_check_char

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "newborn"
ARTEFACTS = (
    "form.schema.json",
    "routing.json",
    "notice.md",
    "notice.html",
    "notice.txt",
    "process.bpmn",
    "supervision.json",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, bytes]]:
    """`yjs build scenarios/ --out <tmp>` from the repository root, once for this module."""
    out = tmp_path_factory.mktemp("newborn") / "generated"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        result = CliRunner().invoke(app, ["build", "scenarios/", "--out", str(out)])
    assert result.exit_code == 0, result.output
    yield tree_bytes(out)


@pytest.fixture(scope="module")
def schema(built: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(built["newborn/form.schema.json"])


def id_number(region: str, birth: dt.date, sequence: str) -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence}"
    return first17 + id_number_check_char(first17)


MOTHER_ID = id_number("430104", dt.date(1994, 3, 8), "024")  # even sequence: female
FATHER_ID = id_number("430105", dt.date(1991, 11, 20), "013")  # odd sequence: male

APPLICATION: dict[str, Any] = {
    "join_medical_insurance": True,
    "apply_social_security_card": True,
    "claim_maternity_expense": True,
    "register_parenting_guidance": False,
    "applicant_name": "张伟",
    "applicant_id_number": FATHER_ID,
    "applicant_relationship": "父亲",
    "applicant_phone": "13907311234",
    "newborn_name": "张小禾",
    "newborn_gender": "女",
    "newborn_birth_date": "2023-06-01",
    "newborn_birth_time": "08:30",
    "newborn_gestational_weeks": 39,
    "newborn_birth_weight": 3250,
    "newborn_birth_length": 50.5,
    "newborn_health_status": "良好",
    "newborn_ethnicity": "汉族",
    "birth_place_region": "430104",
    "birth_hospital_name": "湖南省妇幼保健院",
    "mother_name": "李芳",
    "mother_id_number": MOTHER_ID,
    "father_name": "张伟",
    "father_id_number": FATHER_ID,
    "residence_region": "430104",
    "contact_address": "长沙市岳麓区麓山南路 1 号",
    "household_join_parent": "随父",
    "relationship_to_head": "孙女",
    "delivery_method": "邮政寄递",
    "postal_address": "长沙市岳麓区麓山南路 1 号 3 栋 201 室",
    "social_security_card_bank": "中国建设银行",
    "delivery_mode": "自然分娩",
    "admission_date": "2023-05-31",
    "discharge_date": "2023-06-03",
    "bank_name": "中国工商银行长沙分行",
    "bank_account": "6222021901001234567",
}


def form(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=format_checker())


def problems(schema: dict[str, Any], application: dict[str, Any]) -> list[str]:
    return sorted(
        "/".join(map(str, e.absolute_path)) + ": " + e.message
        for e in form(schema).iter_errors(application)
    )


def test_form_schema_is_valid_json_schema_2020_12(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_realistic_application_is_valid(schema: dict[str, Any]) -> None:
    assert problems(schema, APPLICATION) == []


def test_application_covers_the_whole_form(schema: dict[str, Any]) -> None:
    """Guards the test data: every asked field is filled, so nothing is validated vacuously."""
    asked = {k for k, p in schema["properties"].items() if not p.get("readOnly")}
    assert set(APPLICATION) == asked


def test_wrong_id_check_digit_is_rejected(schema: dict[str, Any]) -> None:
    wrong = MOTHER_ID[:17] + ("0" if MOTHER_ID[17] != "0" else "1")
    found = problems(schema, {**APPLICATION, "mother_id_number": wrong})
    assert len(found) == 1
    assert found[0].startswith("mother_id_number: ")


def test_missing_required_field_is_rejected(schema: dict[str, Any]) -> None:
    application = dict(APPLICATION)
    del application["newborn_birth_date"]
    assert problems(schema, application) == [": 'newborn_birth_date' is a required property"]


CLAIM_ONLY = (
    "mother_insurance_type",
    "delivery_mode",
    "admission_date",
    "discharge_date",
    "bank_name",
    "bank_account",
)


def test_situation_gated_fields_are_required_only_when_chosen(schema: dict[str, Any]) -> None:
    no_claim = {k: v for k, v in APPLICATION.items() if k not in CLAIM_ONLY}
    assert problems(schema, {**no_claim, "claim_maternity_expense": False}) == []
    missing = {k: v for k, v in APPLICATION.items() if k not in ("delivery_mode", "bank_account")}
    assert problems(schema, missing) == [
        ": 'bank_account' is a required property",
        ": 'delivery_mode' is a required property",
    ]


def test_fields_shown_only_when_chosen_are_refused_otherwise(schema: dict[str, Any]) -> None:
    """Not claiming, the applicant sees no bank account field, so none may be sent."""
    no_claim = {k: v for k, v in APPLICATION.items() if k not in CLAIM_ONLY or k == "bank_name"}
    assert problems(schema, {**no_claim, "claim_maternity_expense": False}) == [
        f": False schema does not allow {APPLICATION['bank_name']!r}"
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("applicant_phone", "0731-8888888"),  # a landline is not a mobile number
        ("newborn_birth_date", "2023-02-30"),
        ("newborn_birth_time", "24:00"),
        ("newborn_birth_weight", 200),
        ("newborn_gender", "未知"),
        ("birth_place_region", "000000"),
        ("applicant_id_number", "11010519491231002x"),  # valid only with an uppercase X
        ("unknown_field", "x"),
    ],
)
def test_bad_values_are_rejected(schema: dict[str, Any], field: str, value: Any) -> None:
    assert problems(schema, {**APPLICATION, field: value})


def test_fields_filled_by_the_platform_are_read_only_with_their_source(
    schema: dict[str, Any],
) -> None:
    for filled in ("birth_certificate_number", "newborn_id_number", "mother_ethnicity"):
        prop = schema["properties"][filled]
        assert prop["readOnly"] is True
        assert prop["x-yjs-prefill"]["kind"] in ("data_source", "result")
        assert filled not in schema["required"]
    assert schema["properties"]["birth_certificate_number"]["x-yjs-prefill"] == {
        "kind": "result",
        "id": "birth_medical_certificate",
        "name": "出生医学证明",
    }


def test_full_width_digits_fail_the_pattern_even_without_format_checks(
    schema: dict[str, Any],
) -> None:
    """In 2020-12 `format` is only an annotation unless a validator opts in, so the `pattern`
    must reject full-width digits by itself, as ECMA-262's `\\d` does (validators.py's rule)."""
    plain = Draft202012Validator(schema)  # no format checker
    assert plain.is_valid(APPLICATION)
    assert not plain.is_valid({**APPLICATION, "newborn_birth_date": "２０２３-０６-０１"})


@pytest.mark.parametrize("name", ARTEFACTS)
def test_artefact_matches_golden(built: dict[str, bytes], name: str, update_goldens: bool) -> None:
    assert_golden(GOLDEN / name, built[f"newborn/{name}"], update_goldens, "tests/test_newborn.py")


def test_committed_generated_folder_is_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """`yjs build --check`: generated/ in the repository matches what the specs compile to."""
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, ["build", "--check"])
    assert result.exit_code == 0, result.stdout + "\nrun `yjs build` and commit generated/"
