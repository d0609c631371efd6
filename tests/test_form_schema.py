"""form.schema.json as a platform uses it: valid 2020-12, in form order, conditions enforced,
and the same verdicts from Python's jsonschema and from ajv (+ ajv-formats, ajv-errors), each
with the published format module from generated/_formats/ rather than yjs itself."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
from form_instances import Oracle, application, both_ways, sample_value

from compiler.emit.formats import ANNOTATIONS, JS_MODULE, PYTHON_MODULE
from compiler.pipeline import CompileResult

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = 6  # random applications per scenario


def _published(result: CompileResult, tmp: Path) -> ModuleType:
    path = tmp / "yjs_formats.py"
    path.write_bytes(result.artifacts[PYTHON_MODULE])
    spec = importlib.util.spec_from_file_location("yjs_formats_published", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cases(
    real_scenarios: CompileResult, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Every case: (scenario, label, instance, the spec's verdict); schemas written to disk."""
    tmp = tmp_path_factory.mktemp("forms")
    formats = _published(real_scenarios, tmp)
    (tmp / "yjs-formats.mjs").write_bytes(real_scenarios.artifacts[JS_MODULE])
    out: list[tuple[str, str, dict[str, Any], bool]] = []
    unreached: list[str] = []
    schemas = {}
    for sid, plan in sorted(real_scenarios.plans.items()):
        schema = json.loads(real_scenarios.artifacts[f"{sid}/form.schema.json"])
        schemas[sid] = schema
        (tmp / f"{sid}.json").write_text(json.dumps(schema, ensure_ascii=False))
        oracle = Oracle(plan, schema)
        rng = random.Random(sid)
        for n in range(SAMPLES):
            app = application(oracle, rng)
            out.append((sid, f"random {n}", app, not oracle.failed_rules(app)))
        conditional, missed = _conditional(oracle, rng, schema)
        out += conditional
        unreached += missed
    return {
        "tmp": tmp,
        "formats": formats,
        "cases": out,
        "schemas": schemas,
        "unreached": unreached,
    }


def _conditional(
    oracle: Oracle, rng: random.Random, schema: dict[str, Any]
) -> tuple[list[tuple[str, str, dict[str, Any], bool]], list[str]]:
    """For each field whose condition the schema states: an application where it holds and one
    where it does not (both valid), the field dropped where needed and sent where hidden (both
    invalid). Returns the cases and the fields for which one side could not be found."""
    blocks = schema.get("allOf", [])
    required = {f for b in blocks for f in b.get("then", {}).get("required", [])}
    hidden = {f for b in blocks for f in b.get("else", {}).get("properties", {})}
    sid = oracle.plan.scenario.scenario
    out: list[tuple[str, str, dict[str, Any], bool]] = []
    unreached = []
    for fid, f in oracle.fields.items():
        for node, covered in ((f.mandatory_when, fid in required), (f.when, fid in hidden)):
            if node is None or not covered:
                continue
            found = both_ways(oracle, node, rng)
            if len(found) < 2:
                unreached.append(f"{sid}.{fid}")
                continue
            out += [(sid, f"{fid}: condition {v}", app, True) for v, app in found.items()]
            needing = found[True]
            if fid in required and oracle.needed(f, needing) and fid in needing:
                dropped = {k: v for k, v in needing.items() if k != fid}
                out.append((sid, f"{fid} needed, missing", dropped, False))
            if fid in hidden and not oracle.shown(f, found[False]):
                extra = found[False] | {fid: sample_value(schema["properties"][fid], rng)}
                out.append((sid, f"{fid} hidden, sent", extra, False))
    return out, unreached


def _python_verdict(schema: dict[str, Any], instance: dict[str, Any], formats: ModuleType) -> bool:
    validator = jsonschema.Draft202012Validator(schema, format_checker=formats.format_checker())
    return validator.is_valid(instance)


def test_every_form_is_valid_2020_12(cases: dict[str, Any]) -> None:
    for schema in cases["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_forms_keep_form_order_and_document_their_keywords(cases: dict[str, Any]) -> None:
    for sid, schema in cases["schemas"].items():
        order = schema["x-order"]
        assert list(schema["properties"]) == order, sid
        assert schema["required"] == [f for f in order if f in schema["required"]], sid
        sections = [f for s in schema["x-yjs"]["sections"] for f in s["fields"]]
        assert sections == order, sid
        used = {k for k in _keys(schema) if k.startswith("x-")}
        assert used <= set(ANNOTATIONS), (sid, used - set(ANNOTATIONS))
        for prop in schema["properties"].values():  # choices are oneOf const + title
            assert "enum" not in prop and "enum" not in prop.get("items", {}).get("properties", {})


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_newborn_form_starts_with_the_situations_then_the_newborn(cases: dict[str, Any]) -> None:
    order = cases["schemas"]["newborn"]["x-order"]
    assert order[:4] == [
        "join_medical_insurance",
        "apply_social_security_card",
        "claim_maternity_expense",
        "register_parenting_guidance",
    ]
    assert order[4] == "newborn_name"
    assert order.index("admission_date") > order.index("newborn_birth_date")


def test_generated_applications_get_the_specs_verdict(cases: dict[str, Any]) -> None:
    wrong = []
    conditional = 0
    for sid, label, instance, expected in cases["cases"]:
        conditional += not label.startswith("random")
        if _python_verdict(cases["schemas"][sid], instance, cases["formats"]) is not expected:
            wrong.append((sid, label))
    assert not wrong
    assert conditional > 100


def test_conditional_fields_are_exercised_both_ways(cases: dict[str, Any]) -> None:
    """Every conditional field is tried with its condition true and false (numbers on each
    side of what the condition compares them with), except where the spec's own rules forbid
    one side: credit_repair's rule "请至少选择一类需要修复的失信信息" makes every valid
    application answer at least one kind, so its handler and correction fields are always
    needed and never hidden."""
    reached = sum(1 for _, label, _, _ in cases["cases"] if label.endswith(": condition True"))
    assert reached > 100
    assert {u.split(".")[0] for u in cases["unreached"]} <= {"credit_repair"}, cases["unreached"]


def _acceptance(cases: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """The issue's three: a 2099 birth date, 邮寄 without an address, a bad 股东 身份证."""
    by_sid: dict[str, list[dict[str, Any]]] = {}
    for sid, label, instance, expected in cases["cases"]:
        if label.startswith("random") and expected:
            by_sid.setdefault(sid, []).append(instance)
    newborn = copy.deepcopy(by_sid["newborn"][0]) | {"newborn_birth_date": "2099-01-01"}
    mail = next(
        i for i in by_sid["newborn"] + by_sid["marriage"] if i.get("delivery_method") == "邮政寄递"
    )
    mail = {k: v for k, v in mail.items() if k != "postal_address"}
    startup = copy.deepcopy(by_sid["company_startup"][0])
    good = startup["new_investors"][0].get("id_number") or "11010519491231002X"
    startup["new_investors"][0]["id_number"] = good[:17] + ("0" if good[17] != "0" else "1")
    return [
        ("newborn", "2099 birth date", newborn),
        ("newborn" if "newborn_name" in mail else "marriage", "邮寄 without address", mail),
        ("company_startup", "bad 股东 check digit", startup),
    ]


def test_issue_cases_are_rejected_in_python(cases: dict[str, Any]) -> None:
    for sid, label, instance in _acceptance(cases):
        assert not _python_verdict(cases["schemas"][sid], instance, cases["formats"]), label


NODE = shutil.which("node")
HAS_AJV = (ROOT / "node_modules" / "ajv-errors").is_dir()


# Skipped only on a machine without `npm ci`; CI (.ci/run) installs it, and there it must run.
@pytest.mark.skipif(
    (NODE is None or not HAS_AJV) and not os.environ.get("CI"),
    reason="node_modules missing: run npm ci",
)
def test_ajv_gives_the_same_verdicts_with_chinese_messages(cases: dict[str, Any]) -> None:
    tmp: Path = cases["tmp"]
    batch = [(sid, label, instance, expected) for sid, label, instance, expected in cases["cases"]]
    batch += [(sid, label, instance, False) for sid, label, instance in _acceptance(cases)]
    request = {
        "formats": str(tmp / "yjs-formats.mjs"),
        "cases": [{"schema": str(tmp / f"{sid}.json"), "instance": i} for sid, _, i, _ in batch],
    }
    run = subprocess.run(
        [str(NODE), str(ROOT / "tests" / "js" / "validate_forms.mjs")],
        input=json.dumps(request, ensure_ascii=False),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    verdicts = json.loads(run.stdout)
    wrong = [
        (sid, label)
        for (sid, label, _, expected), v in zip(batch, verdicts, strict=True)
        if v["valid"] is not expected
    ]
    assert not wrong
    messages = {label: v["errors"] for (_, label, _, _), v in zip(batch, verdicts, strict=True)}
    assert any("不能晚于" in e["message"] for e in messages["2099 birth date"])
    assert any("邮寄地址" in e["message"] for e in messages["邮寄 without address"])
    assert any("校验位" in e["message"] for e in messages["bad 股东 check digit"])
    for errors in messages.values():  # every message is ours: Chinese, naming titles, not ids
        for e in errors:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in e["message"]), e
