"""The 一次告知单 as an applicant reads it: right, complete, tailored, inert; and the lists.

The answer-space test judges each material of each real scenario from the spec itself (who
needs it, who produces it, whether an e-licence replaces it) under every answer set, or a
seeded sample when there are too many, and compares with the plan's verdict, which the notice,
metrics.json and routing.json all render.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from goldens import assert_golden
from sample_project import BASE_YAML, NB_YAML
from typer.testing import CliRunner

from cli import app
from compiler import vocabulary
from compiler.analysis import Analysis
from compiler.conditions.ast import references
from compiler.conditions.evaluate import evaluate
from compiler.conditions.sites import parse_optional
from compiler.conditions.types import TypeInfo
from compiler.emit.notice_doc import ELEMENTS
from compiler.pipeline import CompileResult, compile_paths
from compiler.plan import Plan

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "newborn"
MAX_SETS = 256  # answer sets per scenario past which a seeded sample is walked instead
TODAY = dt.date(2026, 11, 29)
SPEC = "scenarios/newborn.yaml"  # one bundle compiles faster than all 33


@pytest.fixture(scope="module")
def real() -> CompileResult:
    result = compile_paths([REPO / "scenarios"])
    assert result.ok
    return result


def _domain(info: TypeInfo) -> list[object]:
    """Values to try for a situation or a field a condition names."""
    if info.type is vocabulary.FieldType.BOOLEAN:
        return [True, False]
    if info.choices:
        return list(info.choices)
    if info.type in (vocabulary.FieldType.INTEGER, vocabulary.FieldType.DECIMAL):
        return [0, 1, 12, 100, 300, 1000, 5000, None]
    if info.type is vocabulary.FieldType.DATE:
        return [dt.date(1950, 1, 1), dt.date(2020, 6, 1), TODAY, None]
    return [None]


def answer_sets(plan: Plan) -> Iterator[dict[str, object]]:
    """Every combination of the answers the materials' conditions name, or a seeded sample."""
    nodes = [p.when for p in plan.items] + [m.when for m in plan.materials]
    nodes += [m.submit_when for m in plan.materials] + [m.exempt_when for m in plan.materials]
    names = sorted({n for node in nodes if node is not None for n in references(node)})
    domains = [_domain(plan.env[n]) for n in names]
    total = 1
    for d in domains:
        total *= len(d)
    if total <= MAX_SETS:
        for combo in itertools.product(*domains):
            yield dict(zip(names, combo, strict=True))
        return
    rng = random.Random(plan.scenario.scenario)  # the same sample on every run
    for _ in range(MAX_SETS):
        yield {n: rng.choice(d) for n, d in zip(names, domains, strict=True)}


def must_submit(analysis: Analysis, mid: str, holds: object) -> bool:
    """From the spec alone: needed by a handled item, not produced, not fetched, not generated."""
    assert callable(holds)
    bundle = analysis.bundle
    material = bundle.scope.material(mid)
    assert material is not None
    users = [i for i in bundle.items if mid in i.materials]
    needed = any(holds(i.when) for i in users) and holds(material.when)
    produced = any(holds(p.when) for p in analysis.producers.get(mid, ()))
    replaced = material.license is not None or material.source is vocabulary.MaterialSource.FORM
    return needed and not produced and not replaced


def test_every_material_of_every_scenario_over_the_answer_space(real: CompileResult) -> None:
    walked = 0
    for sid, plan in real.plans.items():
        analysis = real.analyses[sid]
        sets = list(answer_sets(plan))
        exhaustive = len(sets) < MAX_SETS
        ever: dict[str, set[tuple[bool, bool]]] = {m.material.id: set() for m in plan.materials}
        for answers in sets:

            def holds(
                text: object, answers: dict[str, object] = answers, env: Any = plan.env
            ) -> bool:
                node = parse_optional(text) if isinstance(text, str | None) else text
                return node is None or evaluate(node, answers, TODAY, env)  # type: ignore[arg-type]

            for m in plan.materials:
                verdict = holds(m.when) and m.submitted(holds)
                expected = must_submit(analysis, m.material.id, holds)
                assert verdict == expected, (sid, m.material.id, answers)
                if holds(m.when):
                    ever[m.material.id].add(
                        (expected, m.exempt_when is None or holds(m.exempt_when))
                    )
                walked += 1
        if not exhaustive:
            continue
        for m in plan.materials:
            seen = ever[m.material.id]
            if seen and not any(submitted for submitted, _ in seen):
                assert not m.submit, (sid, m.material.id)  # always exempt: listed as exempt
            if m.submit and m.decided and all(submitted for submitted, _ in seen):
                assert m.exempt_when is None, (sid, m.material.id)  # no exemption never used
    assert walked > 10_000


@pytest.mark.parametrize(
    ("sid", "mid"),
    [
        ("newborn", "resident_medical_insurance_record"),  # 参保登记信息
        ("medical_care", "referral_certificate"),  # 转诊转院证明
        ("company_startup", "establishment_application"),  # 企业设立登记申请书
    ],
)
def test_the_quoted_contradictions_are_gone(real: CompileResult, sid: str, mid: str) -> None:
    [m] = [m for m in real.plans[sid].materials if m.material.id == mid]
    assert not m.submit and m.reason
    notice = real.artifacts[f"{sid}/notice.md"].decode()
    table, exempt = notice.split("免于提交的材料")
    assert f"| {m.material.name} |" not in table.split("## 四、")[0]
    assert f"- {m.material.name}：{m.reason}" in exempt


def test_a_form_generated_material_is_never_listed_to_submit(real: CompileResult) -> None:
    """申请书 the platform generates from the form ("无需另行提交") is exempt, with that reason."""
    found = 0
    for sid, plan in real.plans.items():
        notice = real.artifacts[f"{sid}/notice.md"].decode()
        submit = notice.split("、申请材料")[1].split("免于提交的材料")[0].split("\n## ")[0]
        for m in plan.materials:
            if m.material.source is vocabulary.MaterialSource.FORM:
                found += 1
                assert not m.submit and f"| {m.material.name} |" not in submit, sid
    assert found >= 2


def test_item_days_follow_the_dependency_graph(real: CompileResult) -> None:
    for sid, plan in real.plans.items():
        end = {p.item.id: p.end_day for p in plan.items}
        for p in plan.items:
            assert p.start_day == max((end[n] for n in p.needs), default=0), (sid, p.item.id)
        notice = real.artifacts[f"{sid}/notice.md"].decode()
        assert not re.search(r"第 \d+ 阶段（", notice), sid  # no stage ranges that overlap
    newborn = real.artifacts["newborn/notice.md"].decode().split("、办理流程与时限")[1]
    assert (
        "| 出生登记（申报出生户口） | 长沙市公安局 | “出生医学证明首次签发”办结后 | 第 2 个工作日 |"
        in newborn
    )


@pytest.mark.parametrize("kind", ["md", "html", "txt"])
def test_every_element_is_in_every_notice(real: CompileResult, kind: str) -> None:
    for sid in real.plans:
        text = real.artifacts[f"{sid}/notice.{kind}"].decode()
        positions = [text.find(f"、{title}") for title in ELEMENTS.values()]
        assert all(p >= 0 for p in positions), (sid, kind)
        assert positions == sorted(positions), (sid, kind)
        for column in ("形式", "份数", "出具单位"):  # the full material list's columns
            assert column in text or "无需提交材料" in text, (sid, column)
    html = real.artifacts["newborn/notice.html"].decode()
    assert "@media print" in html and not re.search(r"(src|href)=|https?://|@import", html)


def test_published_lists_hold_every_deferred_and_pledged_material(real: CompileResult) -> None:
    def rows(name: str) -> list[dict[str, str]]:
        text = real.artifacts[f"_lists/{name}.csv"].decode()
        return list(csv.DictReader(io.StringIO(text)))

    deferred = {(r["标识"], r["材料"], r["补交期限"]) for r in rows("deferred_acceptance")}
    pledged = {(r["标识"], r["材料"]) for r in rows("pledge_items")}
    counted = 0
    for sid, plan in real.plans.items():
        for m in plan.materials:
            acceptance = m.material.acceptance
            if acceptance is vocabulary.Acceptance.DEFERRED:
                assert (sid, m.material.name, f"{m.material.makeup_days} 个工作日") in deferred
                counted += 1
            elif acceptance is vocabulary.Acceptance.PLEDGE:
                assert (sid, m.material.name) in pledged
                counted += 1
        for p in plan.items:
            if p.pledge is not None:
                assert (sid, "—") in pledged
    assert counted > 20
    limits = rows("limited_completion")
    assert len(limits) == sum(len(p.items) for p in real.plans.values())
    assert {r["法定时限"] for r in limits} >= {"即办", "20 个工作日"}
    for name in ("deferred_acceptance", "pledge_items", "limited_completion", "special_procedures"):
        assert real.artifacts[f"_lists/{name}.md"].decode().count("\n| ") >= 1


def test_pledge_letters_where_a_pledge_applies(real: CompileResult) -> None:
    for sid, plan in real.plans.items():
        pledged = any(p.pledge for p in plan.items) or any(
            m.material.acceptance is vocabulary.Acceptance.PLEDGE for m in plan.materials
        )
        assert (f"{sid}/pledge_letter.md" in real.artifacts) == pledged, sid
    letter = real.artifacts["business_permit/pledge_letter.md"].decode()
    assert "自作出决定之日起 20 个工作日内核查承诺内容" in letter
    assert "记入信用记录" in letter and "承诺人（签名或盖章）" in letter


# --- tailored notice --------------------------------------------------------------------------

NEWBORN = {
    "apply_social_security_card": "否",
    "claim_maternity_expense": "是",
    "register_parenting_guidance": "否",
}


def tailored(insurance: str, *extra: str) -> str:
    pairs = {**NEWBORN, "join_medical_insurance": insurance}
    answers = (a for k, v in pairs.items() for a in ("--answer", f"{k}={v}"))
    args = ["notice", "newborn", "scenarios/newborn.yaml", *answers]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        result = CliRunner().invoke(app, [*args, *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("insurance", ["否", "是"])
def test_tailored_newborn_notice(insurance: str, update_goldens: bool) -> None:
    text = tailored(insurance, "--start", "2026-09-28")
    has = insurance == "是"
    assert ("城乡居民基本医疗保险参保登记（新生儿）" in text) == has
    assert ("城乡居民基本医疗保险参保登记信息" in text) == has
    assert "仅在" not in text and "选择“是”时" not in text  # no conditional wording left
    dates = set(re.findall(r"2026-10-0[1-7]", text))
    assert dates == set(), dates  # 国庆 2026-10-01..07 is skipped
    assert "2026-10-09" in text
    name = "tailored_insured.md" if has else "tailored_uninsured.md"
    assert_golden(GOLDEN / name, text.encode(), update_goldens, "tests/test_notice.py")


def test_unknown_key_and_invalid_value_list_the_valid_ones() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        unknown = CliRunner().invoke(app, ["notice", "newborn", SPEC, "--answer", "insured=是"])
        invalid = CliRunner().invoke(
            app, ["notice", "newborn", SPEC, "--answer", "join_medical_insurance=maybe"]
        )
        missing = CliRunner().invoke(
            app, ["notice", "newborn", SPEC, "--answer", "join_medical_insurance=是"]
        )
    assert unknown.exit_code == invalid.exit_code == missing.exit_code == 2
    assert "没有问题 `insured`" in unknown.stderr and "join_medical_insurance" in unknown.stderr
    assert "“maybe” 无效" in invalid.stderr and "是 或 否" in invalid.stderr
    assert "还需要回答" in missing.stderr and "claim_maternity_expense" in missing.stderr


# --- spec text stays text ---------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script>{{ 7*7 }}{% if 1 %}x{% endif %}"


def test_script_and_template_syntax_render_literally(tmp_path: Path) -> None:
    (tmp_path / "stdlib").mkdir()
    (tmp_path / "stdlib" / "base.yaml").write_text(BASE_YAML, encoding="utf-8")
    (tmp_path / "scenarios").mkdir()
    spec = (
        NB_YAML.replace("name: 医保参保", f'name: "医保{HOSTILE}"')
        .replace("materials: [hh]", "materials: [hh, pledge_m]")
        .replace(
            "  - {id: hh, name: 户口簿, source: 办件结果}",
            "  - {id: hh, name: 户口簿, source: 办件结果}\n"
            f"  - {{id: pledge_m, name: '承诺{HOSTILE}', acceptance: 告知承诺}}",
        )
    )
    (tmp_path / "scenarios" / "nb.yaml").write_text(spec, encoding="utf-8")
    result = compile_paths([tmp_path / "scenarios"])
    assert result.ok, [d.message for d in result.diagnostics]
    names = ["nb/notice.md", "nb/notice.html", "nb/notice.txt", "nb/pledge_letter.md"]
    names += ["_lists/pledge_items.md", "_lists/pledge_items.csv", "_lists/limited_completion.md"]
    for name in names:
        text = result.artifacts[name].decode()
        assert "49" not in text.replace("2026", ""), name  # the template never evaluated it
        if name.endswith(".html"):
            assert (
                "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in text
            )
        elif name.endswith(".md"):
            assert "\\<script>alert(1)\\</script>{{ 7\\*7 }}{% if 1 %}x{% endif %}" in text, name
        else:
            assert HOSTILE in text, name
