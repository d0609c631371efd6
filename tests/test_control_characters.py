"""Control characters are E116 in both syntaxes, named by code point at their line and column.

Raw ones are refused before either parser runs; escapes that write one (`"\\e"` in YAML,
`"\\u0000"` in .yjs) are refused where the escape is written. Tab and newline stay allowed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_project import BASE_YAML, NB_YAML
from typer.testing import CliRunner

from cli import app
from dsl.diagnostics import Code, CompileError, Diagnostic
from dsl.front_ends import decode, parse_source
from dsl.source import SourceFile

NB_YJS = """\
scenario nb "新生儿出生一件事" {
  subject 个人
  batch 2023-05-31
  lead hosp
  promised_days 5
  imports [stdlib/base]
  material birth_cert "出生医学证明" { source 办件结果 }
  item a "出生医学证明签发" {
    department hosp
    days { legal 20, promised 2 }
    materials [id_card_m]
    produces [birth_cert]
  }
}
"""


def problems(name: str, text: str) -> list[Diagnostic]:
    try:
        parse_source(decode(name, text.encode("utf-8")))
    except CompileError as err:
        return err.diagnostics
    return []


def where(d: Diagnostic) -> tuple[str, int, int, int]:
    assert d.span is not None
    return d.code.name, d.span.line, d.span.column, d.span.end_column


def test_nul_in_a_yjs_string_is_refused_at_its_place() -> None:
    text = NB_YJS.replace('"出生医学证明签发"', '"出生医学\x00证明签发"')
    [d] = problems("nb.yjs", text)
    assert where(d) == ("E116", 8, 15, 16)
    assert "U+0000" in d.message


@pytest.mark.parametrize(
    ("char", "name"),
    [("\x1b", "U+001B"), ("\x7f", "U+007F"), ("\x85", "U+0085"), ("\u2028", "U+2028")],
)
@pytest.mark.parametrize("syntax", ["yaml", "yjs"])
def test_raw_control_characters_are_refused_in_both_syntaxes(
    char: str, name: str, syntax: str
) -> None:
    spec = NB_YAML if syntax == "yaml" else NB_YJS
    text = spec.replace("新生儿出生一件事", f"新生儿{char}出生一件事")
    [d] = problems(f"nb.{syntax}", text)
    line = 2 if syntax == "yaml" else 1
    column = (7 if syntax == "yaml" else 14) + len("新生儿")
    assert where(d) == ("E116", line, column, column + 1)
    assert d.message.endswith(name)


@pytest.mark.parametrize(
    ("escape", "name"),
    [
        ("\\e", "U+001B"),
        ("\\0", "U+0000"),
        ("\\x07", "U+0007"),
        ("\\u001b", "U+001B"),
        ("\\L", "U+2028"),
    ],
)
def test_yaml_escapes_that_write_a_control_character_are_refused_at_the_escape(
    escape: str, name: str
) -> None:
    text = NB_YAML.replace("name: 新生儿出生一件事", f'name: "新生儿\\\\{escape}"')
    [d] = problems("nb.yaml", text)
    start = len('name: "新生儿\\\\') + 1  # an escaped backslash before it is not an escape of it
    assert where(d) == ("E116", 2, start, start + len(escape))
    assert d.message.endswith(name)


@pytest.mark.parametrize(("escape", "name"), [("\\u001b", "U+001B"), ("\\u0000", "U+0000")])
def test_yjs_escapes_that_write_a_control_character_are_refused_at_the_escape(
    escape: str, name: str
) -> None:
    text = NB_YJS.replace('"出生医学证明签发"', f'"出生\\\\{escape}"')
    [d] = problems("nb.yjs", text)
    start = len('  item a "出生\\\\') + 1
    assert where(d) == ("E116", 8, start, start + len(escape))
    assert d.message.endswith(name)


def test_yjs_has_no_carriage_return_escape() -> None:
    [d] = problems("nb.yjs", NB_YJS.replace('"出生医学证明签发"', '"出生\\r签发"'))
    assert d.code is Code.E128


def test_tab_and_newline_are_allowed() -> None:
    text = NB_YAML.replace("name: 新生儿出生一件事", 'name: "新生儿\\t出生\\n一件事"')
    assert problems("nb.yaml", text) == []
    assert problems("nb.yjs", NB_YJS.replace('"出生医学证明签发"', '"出生\\t签发\\n"')) == []


def test_each_distinct_character_is_reported_once() -> None:
    """A UTF-16 file read as UTF-8 has a NUL in every other byte: one diagnostic, not thousands."""
    text = "scenario: nb\n".encode("utf-16-le").decode("utf-8") + "\x07\x07\n"
    found = problems("nb.yaml", text)
    assert [(d.message[-6:], d.span and d.span.line) for d in found] == [
        ("U+0000", 1),
        ("U+0007", 2),
    ]
    assert "UTF-16" in (found[0].hint or "")


def test_form_feed_is_refused_and_the_snippet_shows_its_own_line() -> None:
    """`str.splitlines` counts a form feed as a line break; a diagnostic's line must not."""
    text = NB_YJS.replace("  lead hosp\n", "  lead hosp\x0c  # 换页\n")
    source = SourceFile("nb.yjs", text)
    assert source.line(5) == "  promised_days 5"
    [d] = problems("nb.yjs", text)
    assert where(d) == ("E116", 4, 12, 13)


def test_cli_names_the_code_point_and_builds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "stdlib").mkdir()
    (tmp_path / "stdlib" / "base.yaml").write_text(BASE_YAML, encoding="utf-8")
    (tmp_path / "scenarios").mkdir()
    spec = NB_YJS.replace('"出生医学证明签发"', '"出生医学\x00证明签发"')
    (tmp_path / "scenarios" / "nb.yjs").write_text(spec, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(app, ["build", "--format", "json"])
    assert result.exit_code == 1
    [d] = json.loads(result.stdout)
    assert (d["code"], d["span"]["line"], d["span"]["column"]) == ("E116", 8, 15)
    assert "U+0000" in d["message"]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
