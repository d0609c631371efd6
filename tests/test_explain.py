"""`yjs explain CODE`: every code has a page with a wrong and a right example."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from typer.testing import CliRunner

from cli import app
from dsl.diagnostics import Code, CompileError, Lang
from dsl.front_ends import decode
from dsl.yaml_parser import parse_yaml

BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def sections(page: str) -> dict[str, str]:
    """`## heading` → body text."""
    parts = re.split(r"^## (.+)$", page, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


@pytest.mark.parametrize("code", list(Code), ids=[c.name for c in Code])
def test_every_code_has_a_page_with_wrong_and_right_examples(code: Code) -> None:
    page = code.explanation()
    assert page.splitlines()[0].startswith(f"# {code.name} {code.slug}")
    found = sections(page)
    assert list(found)[:2] == ["错误示例", "正确写法"]
    wrong, right = found["错误示例"], found["正确写法"]
    assert wrong.strip() and right.strip()
    wrong_blocks = [b for _, b in BLOCK.findall(wrong)]
    right_blocks = [b for _, b in BLOCK.findall(right)]
    assert wrong_blocks, "the wrong example shows what was written"
    if right_blocks:
        assert wrong_blocks != right_blocks


def test_no_page_without_a_code() -> None:
    pages = {p.name for p in (resources.files("dsl") / "explain").iterdir()}
    assert {p for p in pages if p.endswith(".md")} == {f"{c.name}.md" for c in Code}


@pytest.mark.parametrize("code", list(Code), ids=[c.name for c in Code])
def test_cli_explain_prints_the_page(code: Code) -> None:
    result = CliRunner().invoke(app, ["explain", code.name])
    assert result.exit_code == 0
    assert result.stdout.rstrip("\n") == code.explanation().rstrip("\n")


FRONT_END = [Code.E101, Code.E103, Code.E104, Code.E105, Code.E107, Code.E108, Code.E116]


def front_end_codes(text: str) -> set[str]:
    try:
        parse_yaml(decode("example.yaml", text.encode("utf-8")))
    except CompileError as err:
        return {d.code.name for d in err.diagnostics}
    return set()


@pytest.mark.parametrize("code", FRONT_END, ids=[c.name for c in FRONT_END])
def test_front_end_examples_do_what_they_say(code: Code) -> None:
    """The YAML examples of syntax-level codes are complete: the wrong one gives the code."""
    found = sections(code.explanation())
    [wrong] = [b for lang, b in BLOCK.findall(found["错误示例"]) if lang == "yaml"]
    assert front_end_codes(wrong) == {code.name}
    for lang, block in BLOCK.findall(found["正确写法"]):
        if lang == "yaml":  # a fragment may be a bare list; it must be valid YAML all the same
            assert front_end_codes(block) <= {"E107"}


@pytest.mark.parametrize("code", list(Code), ids=[c.name for c in Code])
def test_every_code_has_an_english_page_with_the_chinese_examples(code: Code) -> None:
    """The English page shows the same wrong and right examples as the Chinese one."""
    page = code.explanation(Lang.EN)
    assert page.splitlines()[0].startswith(f"# {code.name} {code.slug}: ")
    found = sections(page)
    assert list(found)[:2] == ["Wrong", "Right"]
    chinese = sections(code.explanation())
    assert BLOCK.findall(found["Wrong"]) == BLOCK.findall(chinese["错误示例"])
    assert BLOCK.findall(found["Right"]) == BLOCK.findall(chinese["正确写法"])
    assert CliRunner().invoke(app, ["explain", code.name, "--lang", "en"]).stdout == page + "\n"


def test_no_english_page_without_a_code() -> None:
    pages = {p.name for p in (resources.files("dsl") / "explain" / "en").iterdir()}
    assert pages == {f"{c.name}.md" for c in Code}
