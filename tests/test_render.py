"""The text rendering of diagnostics: exact output locked by tests/cases/render/*.txt.

Each golden is what `yjs check diagnostics/<case>.yaml` prints on stderr when run from
tests/cases. Refresh with `pytest --update-goldens tests/test_render.py` after an intended change.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from goldens import assert_golden
from typer.testing import CliRunner

from cli import app
from dsl.diagnostics import Code, Diagnostic, Related
from dsl.render import render_text
from dsl.source import SourceFile, Span, cells

CASES_ROOT = Path(__file__).parent / "cases"
RENDERED = [
    "e201_unknown_department",  # CJK before the carets: each one shifts them two cells
    "e302_field_type_conflict",  # a related span ("这里声明为 date")
    "e401_cycle",  # several related spans and a two-digit gutter
]


@pytest.mark.parametrize("name", RENDERED)
def test_rendered_text_matches_golden(
    name: str, update_goldens: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CASES_ROOT)
    result = CliRunner().invoke(app, ["check", f"diagnostics/{name}.yaml"])
    assert result.exit_code == 1
    assert result.stdout == ""  # text diagnostics go to stderr
    golden = CASES_ROOT / "render" / f"{name}.txt"
    assert_golden(golden, result.stderr.encode("utf-8"), update_goldens, "tests/test_render.py")


def caret_line(text: str) -> str:
    return next(line for line in text.splitlines() if "^" in line)


def test_carets_shift_two_cells_per_cjk_character() -> None:
    line = "name: 出生登记 polise"
    source = SourceFile("s.yaml", line + "\n")
    column = line.index("polise") + 1  # 13 code points in …
    d = Diagnostic.of(Code.E201, Span("s.yaml", 1, column, 1, column + 6), kind="部门", name="x")
    carets = caret_line(render_text(d, {"s.yaml": source}))
    bar = "  | "
    assert carets.startswith(bar)
    assert carets[len(bar) :] == " " * (6 + 2 * 4 + 1) + "^^^^^^"  # … but 4 of them are wide
    assert cells("出生登记") == 8


def test_carets_under_cjk_text_are_two_per_character() -> None:
    source = SourceFile("s.yaml", "subject: 人民\n")
    d = Diagnostic.of(Code.E113, Span("s.yaml", 1, 10, 1, 12), key="subject", problem="x")
    assert caret_line(render_text(d, {"s.yaml": source})).endswith(" " * 9 + "^^^^")


def test_related_span_is_rendered_after_the_primary() -> None:
    source = SourceFile("s.yaml", "a: 1\nb: 2\na: 3\n")
    d = Diagnostic.of(
        Code.E103,
        Span("s.yaml", 3, 1, 3, 2),
        key="a",
        label="重复的键",
        related=[Related(Span("s.yaml", 1, 1, 1, 2), "第一次出现在这里")],
        hint="删除一处",
    )
    assert render_text(d, {"s.yaml": source}) == (
        "error[E103]: 键 `a` 重复出现\n"
        " --> s.yaml:3:1\n"
        "  |\n"
        "3 | a: 3\n"
        "  | ^ 重复的键\n"
        " ::: s.yaml:1:1\n"
        "  |\n"
        "1 | a: 1\n"
        "  | ^ 第一次出现在这里\n"
        "  |\n"
        "  = hint: 删除一处"
    )


def test_diagnostic_without_span_renders_message_and_hint() -> None:
    d = Diagnostic.of(Code.E100, None, reason="x.yaml: 权限不够", hint="检查文件权限")
    assert (
        render_text(d, {}) == "error[E100]: 无法读取文件：x.yaml: 权限不够\n  = hint: 检查文件权限"
    )


def test_warning_header_says_warning() -> None:
    source = SourceFile("s.yaml", "lead: mi\n")
    d = Diagnostic.of(Code.W501, Span("s.yaml", 1, 7, 1, 9), lead="mi")
    assert render_text(d, {"s.yaml": source}).startswith("warning[W501]: ")


# --- what reaches the terminal is inert -------------------------------------------------------

UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def test_control_characters_are_spelt_out_and_carets_stay_under_their_text() -> None:
    line = "name: \x1b[2J清屏\x00 polise"
    source = SourceFile("s.yaml", line + "\n")
    column = line.index("polise") + 1
    d = Diagnostic.of(
        Code.E201,
        Span("s.yaml", 1, column, 1, column + 6),
        kind="部门",
        name="\x1b]0;标题\x07",
        hint="改成 `\x1b[31mpolice`",
    )
    text = render_text(d, {"s.yaml": source})
    assert not UNSHOWABLE.search(text)
    assert "找不到部门 `\\x1b]0;标题\\x07`" in text
    assert "1 | name: \\x1b[2J清屏\\x00 polise" in text
    assert "= hint: 改成 `\\x1b[31mpolice`" in text
    shown_prefix = "name: \\x1b[2J清屏\\x00 "
    assert caret_line(text) == "  | " + " " * cells(shown_prefix) + "^^^^^^"


def test_carets_under_a_control_character_cover_its_spelling() -> None:
    source = SourceFile("s.yjs", "name 新\x1b生\n")
    d = Diagnostic.of(Code.E116, Span("s.yjs", 1, 7, 1, 8), char="U+001B")
    assert caret_line(render_text(d, {"s.yjs": source})) == "  | " + " " * (5 + 2) + "^^^^"


def test_tab_is_kept_as_one_cell_and_bidi_overrides_are_spelt_out() -> None:
    source = SourceFile("s.yaml", "\tlead: \u202emi\n")
    d = Diagnostic.of(Code.W501, Span("s.yaml", 1, 9, 1, 11), lead="\u202emi")
    text = render_text(d, {"s.yaml": source})
    assert "1 |  lead: \\u202emi" in text
    assert caret_line(text) == "  | " + " " * len(" lead: \\u202e") + "^^"
    assert "`\\u202emi`" in text.splitlines()[0]


def test_a_file_name_with_escape_sequences_is_shown_inert() -> None:
    d = Diagnostic.of(Code.E107, Span.point("a\x1b[8mb.yaml", 1, 1))
    assert render_text(d, {}).splitlines()[1] == " --> a\\x1b[8mb.yaml:1:1"


def test_cli_prints_no_escape_sequence_from_a_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(CASES_ROOT / "stdlib", tmp_path / "stdlib")
    spec = (CASES_ROOT / "diagnostics" / "e201_unknown_department.yaml").read_text(encoding="utf-8")
    hostile = spec.replace("出生登记", "\x1b[2J\x1b[31m出生登记\x1b]0;pwned\x07")
    (tmp_path / "hostile.yaml").write_text(hostile, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "hostile.yaml"])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "error[E116]: 文件中有不允许的控制字符 U+001B" in result.stderr
    assert "\\x1b[2J\\x1b[31m出生登记\\x1b]0;pwned\\x07" in result.stderr
