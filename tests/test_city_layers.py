"""The layered stdlib: common and shared libraries name no city; a city's layer binds them.

`stdlib/common/` holds nothing city-specific and the shared item libraries (personal, life,
enterprise, workforce, construction) name who handles an item by role (`stdlib/common/roles`);
a city's department list claims the roles. A spec for another city imports common, the shared
libraries and its own departments, and nothing of Changsha reaches its artefacts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from reported import reported
from sample_project import write_project

from compiler.pipeline import CompileResult, compile_paths

ROOT = Path(__file__).resolve().parents[1]
STDLIB = ROOT / "stdlib"
SHARED = ("personal", "life", "enterprise", "workforce", "construction")
COMMON = ("data_sources", "licenses", "fields", "materials")


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def texts(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """Every string in a spec's data with its path, except author notes (never shown to anyone)."""
    if isinstance(value, dict):
        return [t for k, v in value.items() if k != "notes" for t in texts(v, (*path, k))]
    if isinstance(value, list):
        return [t for i, v in enumerate(value) for t in texts(v, (*path, i))]
    return [(path, value)] if isinstance(value, str) else []


# ----- what each layer may say -----


def test_no_file_under_stdlib_common_mentions_changsha() -> None:
    files = sorted((STDLIB / "common").rglob("*"))
    assert len([f for f in files if f.is_file()]) >= 5
    for path in files:
        if path.is_file():
            assert "长沙" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("area", SHARED)
def test_shared_libraries_say_nothing_of_changsha_that_reaches_an_applicant(area: str) -> None:
    for path in sorted((STDLIB / area).glob("*.yaml")):
        data = load(path)
        assert not [i for i in data.get("imports", []) if i.startswith("stdlib/changsha/")], path
        assert data.get("departments", []) == [], f"{path}: a city's departments go in its layer"
        leaks = [(p, t) for p, t in texts(data) if "长沙" in t or "湘易办" in t]
        assert leaks == [], path


def test_changsha_claims_every_role_exactly_once() -> None:
    roles = [r["id"] for r in load(STDLIB / "common" / "roles.yaml")["roles"]]
    claims = [
        role
        for path in sorted((STDLIB / "changsha").glob("*.yaml"))
        for department in load(path).get("departments", [])
        for role in department.get("roles", [])
    ]
    assert sorted(claims) == sorted(roles)


def test_every_shared_item_is_handled_by_a_role() -> None:
    roles = {r["id"] for r in load(STDLIB / "common" / "roles.yaml")["roles"]}
    for area in SHARED:
        for item in load(STDLIB / area / "items.yaml")["items"]:
            assert item["department"] in roles, (area, item["id"])


# ----- another city builds from common, the shared libraries and its own departments -----

# 株洲's own departments, written here: id → (name, the roles it claims). All at city level.
ZHUZHOU: dict[str, tuple[str, list[str]]] = {
    "zz_police": ("株洲市公安局", ["public_security"]),
    "zz_traffic_police": ("株洲市公安局交通警察支队", ["traffic_police"]),
    "zz_hrss": ("株洲市人力资源和社会保障局", ["human_resources_social_security"]),
    "zz_medical_insurance": ("株洲市医疗保障局", ["medical_security"]),
    "zz_tax": ("国家税务总局株洲市税务局", ["taxation"]),
    "zz_housing_fund": ("株洲市住房公积金中心", ["housing_fund_center"]),
    "zz_market": ("株洲市市场监督管理局", ["market_regulation", "special_equipment_safety"]),
    "zz_natural_resources": (
        "株洲市自然资源和规划局",
        ["urban_rural_planning", "real_estate_registration"],
    ),
    "zz_housing": ("株洲市住房和城乡建设局", ["housing_construction", "urban_drainage"]),
    "zz_civil_air_defense": ("株洲市人民防空办公室", ["civil_air_defense"]),
    "zz_archives": ("株洲市城市建设档案馆", ["urban_construction_archives"]),
    "zz_health": ("株洲市卫生健康委员会", ["health"]),
    "zz_disabled": ("株洲市残疾人联合会", ["disabled_persons_federation"]),
    "zz_bank": ("申请人选定的开户银行（株洲地区网点）", ["account_bank"]),
    "zz_card_center": ("株洲市社会保障卡服务中心", []),  # named by a `use:` override only
}


def departments_library(departments: dict[str, tuple[str, list[str]]] = ZHUZHOU) -> str:
    listed = [
        {"id": did, "name": name, "level": "市", "region": "430200", "roles": roles}
        for did, (name, roles) in departments.items()
    ]
    library = {
        "library": "zhuzhou_departments",
        "name": "株洲市部门与机构（测试用）",
        "imports": ["stdlib/common/roles"],
        "departments": listed,
    }
    return yaml.safe_dump(library, allow_unicode=True, sort_keys=False)


def claiming(did: str, roles: list[str]) -> dict[str, tuple[str, list[str]]]:
    """株洲's departments with `did` claiming `roles` instead (or added, when it is new)."""
    return ZHUZHOU | {did: (ZHUZHOU.get(did, ("株洲市公安局某分局", []))[0], roles)}


def every_shared_item_spec() -> str:
    """A 株洲 bundle that uses every item of every shared library, so every word they can put
    into an artefact is in this one; one local item supplies the results only other bundles make."""
    imports = ["stdlib/zhuzhou/departments", *(f"stdlib/common/{name}" for name in COMMON)]
    uses: list[dict[str, Any]] = []
    for area in SHARED:
        imports += [f"stdlib/{area}/{kind}" for kind in ("fields", "materials", "items")]
        uses += [{"use": item["id"]} for item in load(STDLIB / area / "items.yaml")["items"]]
    assert uses[0] == {"use": "social_security_card_application"}  # 人社部门's, by role
    uses[0] |= {
        "department": "zz_card_center",
        "level": "区县",
        "days": {"legal": 20, "promised": 3},
    }
    prior = {
        "id": "zz_prior_results",
        "name": "前序办件（出生登记、退休核准）",
        "department": "zz_police",
        "days": {"legal": 1, "promised": 1},
        "produces": ["newborn_household_record", "retirement_approval_record"],
    }
    spec = {
        "scenario": "zz_every_item",
        "name": "株洲市共享事项全集（测试用）",
        "subject": "个人",
        "batch": "2024-06-30",
        "lead": "zz_police",
        "promised_days": 365,
        "imports": imports,
        "items": [prior, *uses],
    }
    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)


def build_zhuzhou(root: Path, departments: str | None = None) -> CompileResult:
    """Only the city's own files are in the project: common and shared come from the bundled
    stdlib, as for any department's repository."""
    write_project(
        root,
        {
            "stdlib/zhuzhou/departments.yaml": departments or departments_library(),
            "scenarios/zz_every_item.yaml": every_shared_item_spec(),
        },
    )
    return compile_paths([root / "scenarios"])


def test_another_city_builds_every_shared_item_with_no_changsha_in_any_artefact(
    tmp_path: Path,
) -> None:
    result = build_zhuzhou(tmp_path)
    assert result.ok, [f"{d.code.name} {d.message}" for d in result.diagnostics]
    assert reported(result) == []
    assert {
        n for n in result.artifacts if not n.startswith(("_lists/", "_schemas/", "_formats/"))
    } - {n for n in result.artifacts if "/routing/" in n} == {
        "manifest.json",
        "zz_every_item/form.schema.json",
        "zz_every_item/form.ui.json",
        "zz_every_item/metrics.json",
        "zz_every_item/notice.html",
        "zz_every_item/notice.md",
        "zz_every_item/notice.txt",
        "zz_every_item/pledge_letter.md",
        "zz_every_item/process.bpmn",
        "zz_every_item/routing.csv",
        "zz_every_item/routing.json",
        "zz_every_item/supervision.json",
    }
    assert "_schemas/supervision.schema.json" in result.artifacts
    for name, data in result.artifacts.items():
        assert "长沙".encode() not in data, name
    routing = json.loads(result.artifacts["zz_every_item/routing.json"])
    assert {d["region"] for d in routing["departments"]} == {"430200"}
    assert {i["department"] for i in routing["items"]} <= {d["id"] for d in routing["departments"]}
    assert all(i["department"].startswith("zz_") for i in routing["items"])
    shared = sum(len(load(STDLIB / area / "items.yaml")["items"]) for area in SHARED)
    assert len(routing["items"]) == shared + 1
    [card] = [i for i in routing["items"] if i["id"] == "social_security_card_application"]
    overridden = (card["department"], card["level"], card["days"]["promised"])
    assert overridden == ("zz_card_center", "区县", {"amount": 3, "unit": "工作日"})  # `use:` wins


def test_changsha_scenarios_get_changsha_departments_from_the_same_libraries() -> None:
    result = compile_paths([ROOT / "scenarios" / "company_startup.yjs"], ROOT, emit=False)
    plan = result.plans["company_startup"]
    handled = {p.item.id: p.department.id for p in plan.items}
    assert handled["company_establishment_registration"] == "cs_market"
    assert handled["bank_account_opening_appointment"] == "cs_account_bank"


# ----- binding a role: one claimant, none, several -----


# The shared items handled by 税务部门, in the order every_shared_item_spec uses them.
TAXED = (
    "resident_medical_insurance_payment",
    "newborn_medical_insurance_payment",
    "invoice_application",
    "tax_deregistration",
)


def where(result: CompileResult) -> list[tuple[str, str, int]]:
    return [
        (d.code.name, Path(d.span.file).name if d.span else "", d.span.line if d.span else 0)
        for d in reported(result)
    ]


def test_a_role_nobody_claims_is_e210_at_the_use(tmp_path: Path) -> None:
    result = build_zhuzhou(tmp_path, departments_library(claiming("zz_tax", [])))
    unclaimed = [d for d in result.diagnostics if d.code.name == "E210"]
    assert [d.message for d in unclaimed] == [
        f"事项 `{item}` 由税务部门（`taxation`）办理，但本一件事导入的部门中没有部门认领这一职能"
        for item in TAXED
    ]
    first = unclaimed[0]
    spec = (tmp_path / "scenarios" / "zz_every_item.yaml").read_text(encoding="utf-8")
    line = spec.splitlines()[first.span.line - 1]
    assert line[first.span.column - 1 :].startswith("resident_medical_insurance_payment")
    [library] = first.related
    assert library.span.file.endswith("stdlib/personal/items.yaml")
    assert first.hint is not None and "`roles: [taxation]`" in first.hint
    assert {d.code.name for d in reported(result)} == {"E210"}  # nothing else is blamed


def test_a_role_claimed_twice_is_e211_naming_both(tmp_path: Path) -> None:
    branch = claiming("zz_police_branch", ["public_security"])
    result = build_zhuzhou(tmp_path, departments_library(branch))
    twice = [d for d in result.diagnostics if d.code.name == "E211"]
    assert len(twice) == 4  # 身份证、居住证、印章备案、印章注销: each told once, at its own use
    assert all("`zz_police`、`zz_police_branch`" in d.message for d in twice)
    assert all(len(d.related) == 3 for d in twice)  # the library's line and both claimants
    assert {d.code.name for d in reported(result)} == {"E211"}


def test_a_claim_of_a_role_that_does_not_exist_is_e201(tmp_path: Path) -> None:
    result = build_zhuzhou(tmp_path, departments_library(claiming("zz_health", ["helth"])))
    unknown = [d for d in result.diagnostics if d.code.name == "E201"]
    assert [(d.message, d.hint) for d in unknown] == [
        ("找不到部门职能 `helth`", "是否应为 `health`？")
    ]
    assert ("E201", "departments.yaml") in [w[:2] for w in where(result)]
    [unclaimed] = [d for d in result.diagnostics if d.code.name == "E210"]  # so nobody has it
    assert "`fertility_registration`" in unclaimed.message


def test_a_use_that_names_its_department_needs_no_claimant(tmp_path: Path) -> None:
    spec = every_shared_item_spec()
    for item in TAXED:
        spec = spec.replace(f"- use: {item}\n", f"- use: {item}\n  department: zz_tax\n")
    write_project(
        tmp_path,
        {
            "stdlib/zhuzhou/departments.yaml": departments_library(claiming("zz_tax", [])),
            "scenarios/zz_every_item.yaml": spec,
        },
    )
    result = compile_paths([tmp_path / "scenarios"])
    assert reported(result) == []
    routing = json.loads(result.artifacts["zz_every_item/routing.json"])
    assert sorted(i["id"] for i in routing["items"] if i["department"] == "zz_tax") == sorted(TAXED)


def test_a_scenarios_own_item_may_name_a_role_too(tmp_path: Path) -> None:
    own = (
        "- {id: zz_notice, name: 企业开办告知, department: market_regulation,"
        " days: {legal: 1, promised: 1}}\n"
    )
    spec = every_shared_item_spec().replace("items:\n", "items:\n" + own, 1)
    write_project(
        tmp_path,
        {"stdlib/zhuzhou/departments.yaml": departments_library(), "scenarios/zz.yaml": spec},
    )
    result = compile_paths([tmp_path / "scenarios"])
    assert reported(result) == []
    routing = json.loads(result.artifacts["zz_every_item/routing.json"])
    [notice] = [i for i in routing["items"] if i["id"] == "zz_notice"]
    assert notice["department"] == "zz_market"
