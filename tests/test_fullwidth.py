"""One full-width punctuation table (`dsl/fullwidth.py`) read by YAML, .yjs and conditions alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler.conditions.parse import ConditionError, parse_condition
from dsl.diagnostics import Code, CompileError
from dsl.fullwidth import CONDITION_FULLWIDTH, YAML_FULLWIDTH, YJS_FULLWIDTH, fullwidth_hint
from dsl.source import SourceFile
from dsl.yjs.parser import parse_text

ROOT = Path(__file__).resolve().parent.parent

# Where each character of the .yjs table stands for syntax in a .yjs file.
YJS_USES = {
    "｛": "days ｛ legal 5 }\n",
    "｝": "days { legal 5 ｝\n",
    "［": "fields ［a]\n",
    "］": "fields [a］\n",
    "，": "fields [a，b]\n",
    "：": "name：新生儿\n",
    "\u3000": "name\u3000新生儿\n",
}


@pytest.mark.parametrize(("char", "counterpart"), sorted(CONDITION_FULLWIDTH.items()))
def test_every_condition_character_is_reported_with_its_counterpart(
    char: str, counterpart: str
) -> None:
    with pytest.raises(ConditionError) as caught:
        parse_condition(f"a {char} b")
    assert caught.value.code is Code.E301
    assert caught.value.hint is not None and f"{char} 改为 {counterpart}" in caught.value.hint


@pytest.mark.parametrize(("char", "counterpart"), sorted(YJS_FULLWIDTH.items()))
def test_every_yjs_character_is_e125_with_its_counterpart(char: str, counterpart: str) -> None:
    with pytest.raises(CompileError) as caught:
        parse_text(SourceFile("t.yjs", YJS_USES[char]))
    [d] = caught.value.diagnostics
    assert d.code is Code.E125
    assert d.span is not None and d.span.column == YJS_USES[char].index(char) + 1
    named = "半角空格" if char == "\u3000" else f"`{counterpart}`" if char == "，" else counterpart
    assert d.hint is not None and named in d.hint


@pytest.mark.parametrize(("char", "counterpart"), sorted(YAML_FULLWIDTH.items()))
def test_every_yaml_character_is_named_in_the_yaml_hint(char: str, counterpart: str) -> None:
    hint = fullwidth_hint(f"name：{char}")
    assert hint is not None and f"“{char}”→“{counterpart}”" in hint


def test_a_character_is_text_where_its_counterpart_is_not_syntax() -> None:
    assert fullwidth_hint("name：出生（新生儿）") == fullwidth_hint("name：出生")
    assert parse_text(SourceFile("t.yjs", "name 出生（新生儿）－登记\n")).data == {
        "name": "出生（新生儿）－登记"
    }


def test_no_other_module_keeps_a_table_of_its_own() -> None:
    """A second `"（": "("` table would drift from this one (as three did before)."""
    entry = re.compile(r"""["'][\u3000-\u303f\uff00-\uffef“”‘’≤≥≠]["']\s*:\s*["']""")
    sources = [*ROOT.glob("compiler/**/*.py"), *ROOT.glob("dsl/**/*.py"), *ROOT.glob("cli/*.py")]
    found = [p.relative_to(ROOT).as_posix() for p in sources if entry.search(p.read_text("utf-8"))]
    assert [name for name in found if name != "dsl/fullwidth.py"] == []
