"""`yjs diff`: semantic differences between two specs or two git revisions, with the metrics.

The acceptance case of issue 11: a copy of a real scenario with one material removed and one
item made conditional gives exactly those two changes and the metric change they cause.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from sample_project import SCENARIO
from test_cli_contract import run, run_script

from compiler.metrics import Figure, Metrics
from compiler.pipeline import compile_paths

NEWBORN = ROOT / "scenarios/newborn.yaml"
HANDBOOK = """\
  - id: maternal_health_handbook_receipt
    name: 孕产妇保健手册回执
    source: 自备
    acceptance: 容缺后补
    makeup_days: 5
    requirements: 助产机构签发出生医学证明时核对；暂未取得的可先受理，5 个工作日内补交
"""


def _edited_newborn(folder: Path) -> Path:
    """newborn.yaml without the 孕产妇保健手册回执 and with 预防接种证 made conditional.

    Its spec tests go too (they expect the material), and tests are not compared.
    """
    text = NEWBORN.read_text("utf-8")
    text = text[: text.index("\ntests:") + 1]
    edits = {
        HANDBOOK: "",
        "materials: [mother_id_card, father_id_card, maternal_health_handbook_receipt]": (
            "materials: [mother_id_card, father_id_card]"
        ),
        "    name: 预防接种证办理\n": (
            "    name: 预防接种证办理\n    when: register_parenting_guidance\n"
        ),
    }
    for old, new in edits.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / "newborn.yaml"
    path.write_text(text, "utf-8")
    return path


def _figures(metrics: Metrics, figure: Figure) -> dict[str, int | None]:
    return {
        "after_worst": metrics.bound("max", "after").get(figure),
        "after_best": metrics.bound("min", "after").get(figure),
        "before_worst": metrics.bound("max", "before").get(figure),
        "before_best": metrics.bound("min", "before").get(figure),
    }


def test_acceptance_one_material_removed_one_item_made_conditional(tmp_path: Path) -> None:
    edited = _edited_newborn(tmp_path)
    result = run("diff", str(NEWBORN), str(edited), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["changed"] is True
    [bundle] = report["scenarios"]
    assert bundle["scenario"] == "newborn" and bundle["action"] == "changed"
    assert bundle["changes"] == [
        {
            "entity": "item",
            "id": "vaccination_certificate_issue",
            "name": "预防接种证办理",
            "action": "changed",
            "details": [
                {
                    "key": "when",
                    "label": "办理条件",
                    "old": None,
                    "new": "register_parenting_guidance",
                }
            ],
        },
        {
            "entity": "material",
            "id": "maternal_health_handbook_receipt",
            "name": "孕产妇保健手册回执",
            "action": "removed",
            "details": [],
        },
    ]
    # The metric change: exactly the figures that differ between the two compiled bundles.
    old = compile_paths([NEWBORN], emit=False).metrics["newborn"]
    new = compile_paths([edited], emit=False).metrics["newborn"]
    expected = [
        {"figure": f.key, "old": _figures(old, f), "new": _figures(new, f)}
        for f in Figure
        if _figures(old, f) != _figures(new, f)
    ]
    got = [{k: m[k] for k in ("figure", "old", "new")} for m in bundle["metrics"]]
    assert got == expected
    materials = next(m for m in bundle["metrics"] if m["figure"] == "materials")
    # The handbook was submitted whatever the answers: one fewer in every case.
    assert materials["new"]["after_worst"] == materials["old"]["after_worst"] - 1
    assert materials["new"]["after_best"] == materials["old"]["after_best"] - 1
    # Making an item conditional changes nothing when its condition holds (the worst case).
    assert {m["figure"] for m in bundle["metrics"]} <= {"fields", "materials", "steps"}


def test_acceptance_in_text(tmp_path: Path) -> None:
    result = run("diff", str(NEWBORN), str(_edited_newborn(tmp_path)))
    assert result.exit_code == 0
    text = result.stdout
    assert "变化（2 处）：" in text
    assert "- 删除材料 `maternal_health_handbook_receipt` 孕产妇保健手册回执\n" in text
    assert "- 修改事项 `vaccination_certificate_issue` 预防接种证办理：\n" in text
    assert "  - 办理条件：总是 → “是否登记科学育儿指导服务" in text
    assert "- 提交材料（份）：一件事最多 4 → 3" in text.replace("\\", "")


def test_same_spec_in_the_other_syntax_has_no_changes(project: Path) -> None:
    converted = run("convert", SCENARIO, "--to", "yjs", "--out", "nb.yjs")
    assert converted.exit_code == 0, converted.stderr
    result = run("diff", SCENARIO, "nb.yjs", "--exit-code")
    assert result.exit_code == 0, result.stdout
    assert "没有语义变化" in result.stdout
    report = json.loads(run("diff", SCENARIO, "nb.yjs", "--format", "json").stdout)
    assert report["changed"] is False and report["scenarios"] == []


def _edit(project: Path, old: str, new: str) -> Path:
    path = project / "edited.yaml"
    text = (project / SCENARIO).read_text("utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), "utf-8")
    return path


def test_exit_code_option_reports_changes_as_1(project: Path) -> None:
    edited = _edit(project, "days: {legal: 10, promised: 1}", "days: {legal: 10, promised: 2}")
    assert run("diff", SCENARIO, str(edited)).exit_code == 0
    result = run("diff", SCENARIO, str(edited), "--exit-code")
    assert result.exit_code == 1
    assert "  - 承诺时限：1 个工作日 → 2 个工作日\n" in result.stdout
    assert "- 办理时限（个工作日）：一件事最多 4 → 5" in result.stdout


def test_a_field_added_to_an_item_is_one_change_of_the_item(project: Path) -> None:
    edited = _edit(project, "fields: [cert_no, address, baby_name]", "fields: [cert_no, address]")
    [bundle] = json.loads(run("diff", SCENARIO, str(edited), "--format", "json").stdout)[
        "scenarios"
    ]
    [change] = bundle["changes"]
    assert (change["entity"], change["id"], change["action"]) == ("item", "b", "changed")
    [detail] = change["details"]
    assert detail["key"] == "fields" and detail["removed"] == ["baby_name"]
    assert detail["added"] == []


def test_a_renamed_bundle_is_a_change_of_its_id(project: Path) -> None:
    edited = _edit(project, "scenario: nb\n", "scenario: nb2\n")
    [bundle] = json.loads(run("diff", SCENARIO, str(edited), "--format", "json").stdout)[
        "scenarios"
    ]
    assert bundle["changes"][0]["details"] == [
        {"key": "id", "label": "标识", "old": "nb", "new": "nb2"}
    ]


def test_usage_errors_exit_2(project: Path) -> None:
    one = run("diff", SCENARIO)
    assert one.exit_code == 2 and "diff 需要两个规格" in one.stderr
    missing = run("diff", SCENARIO, "nope.yaml")
    assert missing.exit_code == 2 and missing.stderr == "yjs: 找不到 nope.yaml\n"
    three = run("diff", "--rev", "HEAD", SCENARIO, SCENARIO)
    assert three.exit_code == 2


def test_a_side_with_errors_exits_1_with_its_diagnostics(project: Path) -> None:
    edited = _edit(project, "department: police", "department: polic")
    result = run("diff", SCENARIO, str(edited))
    assert result.exit_code == 1
    assert "E201" in result.stderr
    assert f"yjs: {edited} 中的规格有错误，无法比较" in result.stderr
    assert result.stdout == ""


# --- --rev over git revisions ------------------------------------------------------------------


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=yjs", "-c", "user.email=yjs@example.invalid", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(project: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "first")
    spec = project / SCENARIO
    spec.write_text(spec.read_text("utf-8").replace("materials: [hh]", "materials: []"), "utf-8")
    _git(project, "commit", "-q", "-am", "c needs no 户口簿")
    return project


def test_rev_compares_two_commits(repo: Path) -> None:
    result = run("diff", "--rev", "HEAD~1..HEAD", "--format", "json", "--exit-code")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert (report["old"], report["new"]) == ("HEAD~1", "HEAD")
    [bundle] = report["scenarios"]
    # Nothing else needs the 户口簿 `b` produces: it leaves the bundle (one change, not two).
    assert bundle["changes"] == [
        {"entity": "material", "id": "hh", "name": "户口簿", "action": "removed", "details": []}
    ]
    days = next(m for m in bundle["metrics"] if m["figure"] == "days")
    assert (days["old"]["after_worst"], days["new"]["after_worst"]) == (4, 3)
    assert run("diff", "--rev", "HEAD..HEAD", "--exit-code").exit_code == 0


def test_rev_alone_compares_with_the_working_tree(repo: Path) -> None:
    assert "没有语义变化" in run("diff", "--rev", "HEAD").stdout
    spec = repo / SCENARIO
    spec.write_text(spec.read_text("utf-8").replace("name: 医保参保", "name: 医保参保登记"))
    result = run("diff", "--rev", "HEAD", "scenarios")
    assert "  - 名称：医保参保 → 医保参保登记\n" in result.stdout
    assert "`HEAD` → `工作区`" in result.stdout


def test_rev_through_the_installed_script(repo: Path) -> None:
    result = run_script("diff", "--rev", "main~1..main", "--exit-code", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert "- 删除材料 `hh` 户口簿\n" in result.stdout


def test_rev_usage_errors(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = run("diff", "--rev", "nope..HEAD")
    assert unknown.exit_code == 2 and unknown.stderr == "yjs: 找不到修订 `nope`\n"
    assert run("diff", "--rev", "HEAD...main").exit_code == 2
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside)
    result = run("diff", "--rev", "HEAD")
    assert result.exit_code == 2 and "不在 git 仓库中" in result.stderr


def test_reordering_and_reformatting_are_no_change(project: Path) -> None:
    edited = _edit(
        project,
        "fields: [cert_no, address, baby_name]",
        "fields:  [baby_name, cert_no, address]  # 顺序不同",
    )
    result = run("diff", SCENARIO, str(edited), "--exit-code")
    assert result.exit_code == 0, result.stdout


def test_spec_text_is_escaped_for_markdown(project: Path) -> None:
    edited = _edit(project, "name: 户口簿,", 'name: "户口簿 <b>|</b> *x*",')
    result = run("diff", SCENARIO, str(edited))
    assert "  - 名称：户口簿 → 户口簿 \\<b>\\|\\</b> \\*x\\*\n" in result.stdout
