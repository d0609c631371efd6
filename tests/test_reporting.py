"""Reporting for CI through the real CLI: `--format sarif` (validated against the SARIF 2.1.0
schema vendored in tests/sarif/), `--warn-error`, `--ignore`, `# yjs: ignore[...]` comments with
W203 for the unused ones, and `--lang en`."""

from __future__ import annotations

import json
from pathlib import Path
from string import Formatter
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from sample_project import SCENARIO
from typer.testing import CliRunner, Result

from cli import app
from compiler.convert_file import convert_file
from dsl.diagnostics import Code, Lang
from dsl.document import Syntax

SARIF_SCHEMA = Path(__file__).parent / "sarif" / "sarif-2.1.0-rtm.5.json"
UNUSED = "  - {id: spare, name: 备用材料, source: 办件结果}\n"


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_unused_material(root: Path, comment: str = "") -> int:
    """An unused material (W201) in the YAML scenario; returns the line it is on."""
    line = UNUSED.rstrip("\n") + (f"  {comment}" if comment else "") + "\n"
    edit(root / SCENARIO, "materials:\n", "materials:\n" + line)
    lines = (root / SCENARIO).read_text(encoding="utf-8").splitlines()
    return lines.index(line.rstrip("\n")) + 1


def to_yjs(root: Path) -> Path:
    """The scenario rewritten in the .yjs syntax (the YAML file removed)."""
    target = root / "scenarios" / "nb.yjs"
    result = convert_file(root / SCENARIO, Syntax.YJS, target)
    assert result.ok, result.diagnostics
    (root / SCENARIO).unlink()
    return target


def diagnostics(*args: str) -> tuple[int, list[dict[str, Any]]]:
    result = run("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def sarif(*args: str) -> tuple[int, dict[str, Any]]:
    result = run("check", "--format", "sarif", *args)
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    return result.exit_code, log


def only_run(log: dict[str, Any]) -> dict[str, Any]:
    [one] = log["runs"]
    return one


# --- SARIF --------------------------------------------------------------------------------------


def test_sarif_of_yaml_diagnostics_validates_and_names_its_rules(project: Path) -> None:
    unused_line = add_unused_material(project)
    edit(project / SCENARIO, "department: police", "department: polise")  # E201
    hh = "  - {id: hh, name: 户口簿, source: 办件结果}\n"
    edit(project / SCENARIO, hh, hh + hh.replace("户口簿", "户口簿（副本）"))  # E202
    code, log = sarif()
    assert code == 1
    sarif_run = only_run(log)
    assert log["version"] == "2.1.0" and sarif_run["columnKind"] == "unicodeCodePoints"
    rules = sarif_run["tool"]["driver"]["rules"]
    results = sarif_run["results"]
    assert {r["ruleId"] for r in results} == {"E201", "E202", "W201"}
    assert [r["id"] for r in rules] == ["E201", "E202", "W201"]
    for result in results:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        member = Code[rule["id"]]
        assert rule["name"] == member.slug
        assert rule["help"]["markdown"] == member.explanation()
        assert rule["defaultConfiguration"]["level"] == str(member.severity)
        assert result["level"] == str(member.severity)
        [location] = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "scenarios/nb.yaml", "uriBaseId": "PROJECTROOT"}
    by_code = {r["ruleId"]: r for r in results}
    region = by_code["W201"]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == unused_line
    text = (project / SCENARIO).read_text(encoding="utf-8").splitlines()
    assert text[region["startLine"] - 1][region["startColumn"] - 1 :].startswith("spare")
    [related] = by_code["E202"]["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "scenarios/nb.yaml"
    assert related["message"]["text"]
    assert sarif_run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == project.resolve().as_uri() + "/"


def test_sarif_of_yjs_diagnostics_validates(project: Path) -> None:
    target = to_yjs(project)
    edit(target, "department police", "department polise")
    code, log = sarif()
    assert code == 1
    [result] = only_run(log)["results"]
    assert result["ruleId"] == "E201" and result["level"] == "error"
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "scenarios/nb.yjs", "uriBaseId": "PROJECTROOT"}
    line = target.read_text(encoding="utf-8").splitlines()[physical["region"]["startLine"] - 1]
    assert line[physical["region"]["startColumn"] - 1 :].startswith("polise")


def test_sarif_uri_of_a_chinese_path_is_percent_encoded(project: Path) -> None:
    chinese = project / "scenarios" / "新生儿 出生.yaml"
    (project / SCENARIO).rename(chinese)
    edit(chinese, "department: police", "department: polise")
    code, log = sarif()
    assert code == 1
    [result] = only_run(log)["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "scenarios/%E6%96%B0%E7%94%9F%E5%84%BF%20%E5%87%BA%E7%94%9F.yaml"
    assert unquote(uri) == "scenarios/新生儿 出生.yaml"


@pytest.mark.parametrize("syntax", list(Syntax))
def test_sarif_columns_count_code_points(project: Path, syntax: Syntax) -> None:
    """U+20000 is one code point and two UTF-16 units: the column must count it once, in both
    front-ends (PyYAML marks and lark positions both count code points)."""
    spec = project / SCENARIO if syntax is Syntax.YAML else to_yjs(project)
    written = "department: police" if syntax is Syntax.YAML else "department police"
    edit(spec, written, written.replace("police", "𠀀polise"))
    code, log = sarif()
    assert code == 1
    [result] = only_run(log)["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = spec.read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 :].startswith("𠀀polise")
    assert region["endColumn"] - region["startColumn"] == len("𠀀polise")


def test_sarif_of_a_clean_project_has_no_results(project: Path) -> None:
    code, log = sarif()
    assert code == 0
    assert only_run(log)["results"] == [] and only_run(log)["tool"]["driver"]["rules"] == []


def test_build_prints_sarif_too(project: Path) -> None:
    add_unused_material(project)
    result = run("build", "--format", "sarif", "--out", "out")
    assert result.exit_code == 0
    [one] = only_run(json.loads(result.stdout))["results"]
    assert one["ruleId"] == "W201" and one["level"] == "warning"
    assert (project / "out" / "manifest.json").is_file()


# --- --warn-error and --ignore ------------------------------------------------------------------


def test_warn_error_all_and_by_code(project: Path) -> None:
    add_unused_material(project)
    assert run("check").exit_code == 0
    code, found = diagnostics("--warn-error", "all")
    assert code == 1 and [(d["code"], d["severity"]) for d in found] == [("W201", "error")]
    assert diagnostics("--warn-error", "w201")[0] == 1
    assert diagnostics("--warn-error", "W202", "--warn-error", "W501")[0] == 0
    result = run("check", "--format", "github", "--warn-error", "W201")
    assert result.stdout.startswith("::error ") and "title=W201" in result.stdout


def test_build_with_a_promoted_warning_writes_nothing(project: Path) -> None:
    add_unused_material(project)
    result = run("build", "--out", "out", "--warn-error", "all")
    assert result.exit_code == 1
    assert "error[W201]" in result.stderr and not (project / "out").exists()


def test_ignore_drops_a_warning_code(project: Path) -> None:
    add_unused_material(project)
    assert diagnostics("--ignore", "W201") == (0, [])
    assert [d["code"] for d in diagnostics("--ignore", "W202")[1]] == ["W201"]
    # --ignore wins over --warn-error: an ignored warning is not reported, so it cannot fail
    assert diagnostics("--ignore", "W201", "--warn-error", "all") == (0, [])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--ignore", "E201"], "错误不能忽略"),
        (["--ignore", "E900"], "错误不能忽略"),
        (["--ignore", "W999"], "没有诊断代码 W999"),
        (["--warn-error", "W2O1"], "没有诊断代码 W2O1"),
    ],
)
def test_bad_codes_on_the_command_line_are_usage_errors(
    project: Path, args: list[str], says: str
) -> None:
    for command in ("check", "build"):
        result = run(command, *args)
        assert result.exit_code == 2 and says in result.stderr


# --- # yjs: ignore[...] -------------------------------------------------------------------------


def test_a_yaml_comment_suppresses_the_warning_on_its_line(project: Path) -> None:
    add_unused_material(project, "# yjs: ignore[W201]")
    assert diagnostics() == (0, [])


def test_an_unused_yaml_suppression_is_w203_at_the_comment(project: Path) -> None:
    """A comment on another line than the warning silences nothing: both are reported."""
    unused_line = add_unused_material(project)
    edit(project / SCENARIO, "promised_days: 5", "promised_days: 5  # yjs: ignore[W201, W501]")
    code, found = diagnostics()
    assert code == 0
    text = (project / SCENARIO).read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, start=1) if t.startswith("promised_days"))
    column = text[line - 1].index("#") + 1
    got = sorted((d["code"], d["span"]["line"], d["span"]["column"]) for d in found)
    spare = text[unused_line - 1].index("spare") + 1
    assert got == [("W201", unused_line, spare), ("W203", line, column), ("W203", line, column)]
    messages = sorted(d["message"] for d in found if d["code"] == "W203")
    assert messages == [
        "抑制注释 `# yjs: ignore[W201, W501]` 没有作用：这一行没有报告 W201",
        "抑制注释 `# yjs: ignore[W201, W501]` 没有作用：这一行没有报告 W501",
    ]


def test_a_library_suppression_no_bundle_reaches_is_not_w203(project: Path) -> None:
    """A library item is checked only through the bundles that use it: its suppression, unused
    in this run, is no W203; a code that does not exist still is, in a library as anywhere."""
    edit(
        project / "stdlib/base.yaml",
        "  - {id: pop, name: 人口库, provider: 省公安厅}\n",
        "  - {id: pop, name: 人口库, provider: 省公安厅}  # yjs: ignore[W510]\n"
        "  - {id: pop2, name: 法人库, provider: 省市场监管局}  # yjs: ignore[W999]\n",
    )
    code, found = diagnostics("--warn-error", "all")
    assert [(d["code"], d["span"]["file"], d["span"]["line"]) for d in found] == [
        ("W203", "stdlib/base.yaml", 11)
    ]
    assert code == 1


def test_a_hash_inside_a_quoted_value_is_no_suppression(project: Path) -> None:
    edit(
        project / SCENARIO,
        "materials:\n",
        'materials:\n  - {id: spare, name: "备用 # yjs: ignore[W201]", source: 办件结果}\n',
    )
    assert [d["code"] for d in diagnostics()[1]] == ["W201"]


def test_errors_are_not_suppressed_and_the_comment_says_why(project: Path) -> None:
    edit(project / SCENARIO, "department: police", "department: polise  # yjs: ignore[E201]")
    code, found = diagnostics()
    assert code == 1
    assert sorted(d["code"] for d in found) == ["E201", "W203"]
    [w203] = [d for d in found if d["code"] == "W203"]
    assert "错误不能被抑制" in w203["hint"]


def test_a_yjs_comment_suppresses_and_an_unused_one_is_reported(project: Path) -> None:
    target = to_yjs(project)
    edit(
        target,
        'material hh "户口簿"',
        'material spare "备用材料" { source 办件结果 }\n  material hh "户口簿"',
    )
    assert [d["code"] for d in diagnostics()[1]] == ["W201"]
    edit(
        target,
        'material spare "备用材料" { source 办件结果 }',
        'material spare "备用材料" { source 办件结果 }  # yjs: ignore[W201]',
    )
    assert diagnostics() == (0, [])
    edit(target, "  batch 2023-05-31", "  batch 2023-05-31  # yjs: ignore[W504]")
    [found] = diagnostics()[1]
    comment = "  batch 2023-05-31  # yjs: ignore[W504]"
    line = target.read_text(encoding="utf-8").splitlines().index(comment) + 1
    where = (found["code"], found["span"]["line"], found["span"]["column"])
    assert where == ("W203", line, comment.index("#") + 1)
    assert found["span"]["end_column"] == len(comment) + 1


# --- --lang -------------------------------------------------------------------------------------


def test_lang_en_prints_the_english_template(project: Path) -> None:
    add_unused_material(project)
    [zh] = diagnostics()[1]
    [en] = diagnostics("--lang", "en")[1]
    assert zh["message"] == "材料 `spare` 已定义但没有被使用"
    assert en["message"] == "材料 `spare` is defined but never used"  # the kind is the pass's word
    text = run("check", "--lang", "en")
    assert "1 error(s)" not in text.stderr and "0 error(s), 1 warning(s)" in text.stderr
    rules = only_run(sarif("--lang", "en")[1])["tool"]["driver"]["rules"]
    assert rules[0]["help"]["markdown"] == Code.W201.explanation(Lang.EN)


def test_lang_en_translates_condition_messages(project: Path) -> None:
    edit(project / SCENARIO, "when: join_mi", "when: join_mi ==")
    [en] = diagnostics("--lang", "en")[1]
    assert en["code"] == "E301" and en["message"].startswith(
        "cannot understand condition `join_mi ==`"
    )


def test_explain_lang_en(project: Path) -> None:
    result = run("explain", "W203", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.startswith("# W203 unused-suppression: unused suppression comment")


def arguments(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in Formatter().parse(template) if name is not None)


@pytest.mark.parametrize("code", list(Code), ids=[c.name for c in Code])
def test_every_code_has_both_languages(code: Code) -> None:
    """A code without an English template or page (or with a Chinese one left in) fails here."""
    assert code.english and code.english != code.template
    assert code.english.isascii() or all(not ("\u4e00" <= ch <= "\u9fff") for ch in code.english), (
        "the English template holds Chinese"
    )
    assert arguments(code.english) == arguments(code.template), "both take the same arguments"
    page = code.explanation(Lang.EN)
    assert page.startswith(f"# {code.name} {code.slug}: ")
    assert "## Wrong" in page and "## Right" in page


def test_a_warning_suppression_is_not_judged_while_errors_stop_checks(project: Path) -> None:
    """With an error in the run, the checks that report a warning may not have run, so an
    unused warning suppression is not reported (an error code in one still is)."""
    edit(project / SCENARIO, "promised_days: 5", "promised_days: 5  # yjs: ignore[W201]")
    assert [d["code"] for d in diagnostics()[1]] == ["W203"]
    edit(project / SCENARIO, "department: police", "department: polise")
    assert [d["code"] for d in diagnostics()[1]] == ["E201"]
