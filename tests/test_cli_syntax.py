"""`yjs fmt` and `yjs convert` through the real CLI: layout, comments, and errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parents[1]

MESSY = """\
# 练习用的一件事
scenario practice "练习一件事" {
    subject 个人
  batch 2023-05-31   # 上线日期
  lead cs_hrss
  promised_days 2
  imports [stdlib/changsha/departments, stdlib/common/fields, stdlib/common/materials,
           stdlib/common/licenses, stdlib/common/data_sources]
  situation apply_card "是否同时申领社会保障卡？"
  item first "就业登记" { department cs_hrss, days { legal 5, promised 1 }
    fields [applicant_name] }
  item second "医保参保登记" {
    department cs_medical_insurance
    days { legal 5, promised 1 }
    when apply_card   # 选“是”时办理
  }
}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "stdlib", tmp_path / "stdlib")
    (tmp_path / "scenarios").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_repository_is_formatted() -> None:
    result = CliRunner().invoke(
        app, ["fmt", "--check", str(ROOT / "scenarios"), str(ROOT / "stdlib")]
    )
    assert result.exit_code == 0, result.output


def test_fmt_lays_out_keeps_comments_and_is_idempotent(project: Path) -> None:
    path = project / "scenarios" / "practice.yjs"
    path.write_text(MESSY, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["fmt", "--check"]).exit_code == 1
    assert runner.invoke(app, ["fmt"]).exit_code == 0
    formatted = path.read_text(encoding="utf-8")
    for comment in ("# 练习用的一件事", "# 上线日期", "# 选“是”时办理"):
        assert comment in formatted
    assert "    subject 个人\n" not in formatted  # re-indented
    assert runner.invoke(app, ["fmt", "--check"]).exit_code == 0
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0


def test_fmt_reports_a_syntax_error_and_leaves_the_file(project: Path) -> None:
    path = project / "scenarios" / "broken.yjs"
    text = MESSY.replace("lead cs_hrss", "lead: cs_hrss")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["fmt"])
    assert result.exit_code == 1
    assert "E126" in result.output
    assert path.read_text(encoding="utf-8") == text


def test_convert_both_ways_keeps_meaning_and_the_header_comment(project: Path) -> None:
    runner = CliRunner()
    source = project / "scenarios" / "practice.yjs"
    source.write_text(MESSY, encoding="utf-8")
    yaml_out = project / "out" / "practice.yaml"
    assert (
        runner.invoke(
            app, ["convert", str(source), "--to", "yaml", "--out", str(yaml_out)]
        ).exit_code
        == 0
    )
    assert yaml_out.read_text(encoding="utf-8").startswith("# 练习用的一件事\n")
    back = runner.invoke(app, ["convert", str(yaml_out), "--to", "yjs"])
    assert back.exit_code == 0
    assert back.stdout.startswith("# 练习用的一件事\nscenario practice")
    for spec in (source, yaml_out):
        built = runner.invoke(app, ["build", str(spec), "--out", str(project / spec.suffix[1:])])
        assert built.exit_code == 0, built.output
    for name in ("form.schema.json", "routing.json", "notice.md"):
        assert (project / "yjs" / "practice" / name).read_bytes() == (
            project / "yaml" / "practice" / name
        ).read_bytes()


def test_convert_refuses_an_invalid_spec(project: Path) -> None:
    path = project / "scenarios" / "bad.yaml"
    path.write_text("scenario: bad\nname: 坏\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["convert", str(path), "--to", "yjs"])
    assert result.exit_code == 1
    assert "E111" in result.output


COMMENTED_YAML = """\
# 文件开头的说明
scenario: practice
name: 练习一件事      # 行尾注释
subject: 个人
batch: 2023-05-31
lead: cs_hrss
promised_days: 2
notes: |
  # 这一行是 notes 的内容，不是注释
  依据：某某文件
imports: [stdlib/changsha/departments, stdlib/common/fields]
items:
  # 第一个事项
  - id: first
    name: "就业登记 #1"
    department: cs_hrss   # 人社
    days: {legal: 5, promised: 1}
    fields: [applicant_name]
"""
COMMENTS = ["# 文件开头的说明", "# 行尾注释", "# 第一个事项", "# 人社"]


def test_convert_carries_every_comment_to_its_node_both_ways(project: Path) -> None:
    runner = CliRunner()
    path = project / "scenarios" / "practice.yaml"
    path.write_text(COMMENTED_YAML, encoding="utf-8")
    to_yjs = runner.invoke(app, ["convert", str(path), "--to", "yjs"])
    assert to_yjs.exit_code == 0, to_yjs.output
    lines = to_yjs.stdout.splitlines()
    for comment in COMMENTS:
        assert sum(comment in line for line in lines) == 1, comment
    assert next(i for i, line in enumerate(lines) if "# 第一个事项" in line) + 1 == next(
        i for i, line in enumerate(lines) if line.strip().startswith("item first")
    )
    assert any(line.strip().startswith("department cs_hrss") and "# 人社" in line for line in lines)
    yjs_path = project / "scenarios" / "practice.yjs"
    yjs_path.write_text(to_yjs.stdout, encoding="utf-8")
    path.unlink()
    assert runner.invoke(app, ["fmt", "--check"]).exit_code == 0
    back = runner.invoke(app, ["convert", str(yjs_path), "--to", "yaml"])
    assert back.exit_code == 0, back.output
    for comment in COMMENTS:
        assert sum(comment in line for line in back.stdout.splitlines()) == 1, comment
    assert "  # 这一行是 notes 的内容，不是注释" in back.stdout
    (project / "again.yjs").write_text(to_yjs.stdout, encoding="utf-8")
    (project / "again.yaml").write_text(back.stdout, encoding="utf-8")
    built = [
        runner.invoke(app, ["build", str(project / name), "--out", str(project / f"o{i}")])
        for i, name in enumerate(("again.yjs", "again.yaml"))
    ]
    assert [b.exit_code for b in built] == [0, 0]
    assert (project / "o0/practice/routing.json").read_bytes() == (
        project / "o1/practice/routing.json"
    ).read_bytes()


def test_convert_to_yaml_keeps_text_that_ends_in_a_blank_line(project: Path) -> None:
    """Found by fuzzing: such text was printed as `|+`, whose `...` document end made the next
    section a YAML syntax error, and convert failed with E900."""
    path = project / "scenarios" / "notes.yjs"
    path.write_text(
        MESSY.replace("  promised_days 2\n", '  promised_days 2\n  notes "依据\\n\\n"\n'),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["convert", str(path), "--to", "yaml"])
    assert result.exit_code == 0, result.output
    (project / "scenarios" / "notes.yaml").write_text(result.stdout, encoding="utf-8")
    path.unlink()
    back = CliRunner().invoke(app, ["convert", "scenarios/notes.yaml", "--to", "yjs"])
    assert back.exit_code == 0, back.output
    assert '  notes """\n    依据\n\n    """\n' in back.stdout
