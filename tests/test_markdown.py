"""notice.md is inert: spec text shows as written and never becomes Markdown, HTML or a link.

Checked against a real CommonMark parser with GitHub's tables and strikethrough (markdown-it-py),
not against our own idea of Markdown: what it renders is what a platform would publish.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markdown_it.token import Token
from sample_project import BASE_YAML, NB_YAML
from typer.testing import CliRunner

from cli import app
from compiler.emit.markdown import escape_markdown
from compiler.emit.notice import environment

ROOT = Path(__file__).resolve().parents[1]
CELLS_PER_ITEM_ROW = 6  # 序号 事项 办理部门 层级 事项类型 何时办理


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def inline_text(token: Token) -> str:
    """The text a reader sees in one inline token: text and code, nothing else."""
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))


def inline_kinds(tokens: list[Token]) -> set[str]:
    return {c.type for t in tokens if t.type == "inline" for c in t.children or []}


# --- the quoted cases of the issue, one by one ------------------------------------------------

QUOTED = {
    "script": "<script>alert(1)</script>",
    "img onerror": '<img src=x onerror="alert(1)">',
    "table pipe": "出生登记 | 伪造的一列 | 又一列",
    "newline heading": "出生登记\n# 伪造的标题",
    "javascript link": "[点此办理](javascript:alert(1))",
    "autolink": "<javascript:alert(1)>",
    "image": "![x](javascript:alert(1))",
    "emphasis": "**加粗** *斜体* _斜体_ ~~删除~~",
    "code": "`code` ```",
    "entity": "&lt;script&gt; &#60;b&#62;",
    "list and quote": "- 一项\n> 引用\n1. 编号",
    "rule": "---",
    "template syntax": "{{ 7 * 7 }} {% if true %}x{% endif %}",
}


@pytest.mark.parametrize("text", list(QUOTED.values()), ids=list(QUOTED))
def test_escaped_text_renders_as_itself_in_a_table_cell(text: str) -> None:
    tokens = parser().parse(f"| a | b |\n|---|---|\n| {escape_markdown(text)} | x |\n")
    cells = [t for t in tokens if t.type == "inline"]
    assert len(cells) == 4, "the row keeps exactly its two cells"
    assert inline_kinds(tokens) <= {"text"}, "no HTML, link, image, emphasis or code"
    assert inline_text(cells[2]) == text.replace("\n", " ")


@pytest.mark.parametrize("text", list(QUOTED.values()), ids=list(QUOTED))
def test_escaped_text_renders_as_itself_in_a_list_item(text: str) -> None:
    tokens = parser().parse(f"- {escape_markdown(text)}\n")
    blocks = [t.type for t in tokens if t.nesting >= 0 and t.type != "inline"]
    assert blocks == ["bullet_list_open", "list_item_open", "paragraph_open"], blocks
    assert inline_kinds(tokens) <= {"text"}
    assert inline_text(next(t for t in tokens if t.type == "inline")) == text.replace("\n", " ")


def test_ordinary_text_is_left_alone() -> None:
    for text in (
        "出生医学证明签发",
        "婚姻登记（内地居民）",
        "snake_case_id",
        "R&D 部门",
        "3-5 个",
        "a>b",
    ):
        assert escape_markdown(text) == text


def test_newlines_inside_a_value_become_spaces() -> None:
    assert escape_markdown("第一行\r\n第二行\n第三行") == "第一行 第二行 第三行"


# Pydantic strips every spec string (`str_strip_whitespace`), so values never start with a space.
spec_text = (
    st.text(
        st.one_of(
            st.sampled_from("\\`*_{}[]()#+-.!|<>&~:;\"'=/ \n\t0123456789"),
            st.sampled_from("出生登记abcxyz"),
            st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
        ),
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=400, derandomize=True)
@given(text=spec_text)
def test_any_text_renders_as_itself(text: str) -> None:
    """Whatever an analyst writes, a parser reads back exactly that text and no structure."""
    escaped = escape_markdown(text)
    tokens = parser().parse(f"- {escaped}\n\n| a |\n|---|\n| {escaped} |\n")
    assert inline_kinds(tokens) <= {"text"}
    blocks = [t.type for t in tokens if t.nesting == 1]
    assert blocks[:3] == ["bullet_list_open", "list_item_open", "paragraph_open"], blocks
    assert blocks.count("td_open") == 1, blocks
    shown = text.replace("\n", " ").strip()
    assert [inline_text(t) for t in tokens if t.type == "inline"] == [shown, "a", shown]


# --- the notice environment -----------------------------------------------------------------


def test_every_printed_value_is_escaped_and_the_environment_is_sandboxed() -> None:
    env = environment()
    assert isinstance(env, SandboxedEnvironment)
    assert env.from_string("# {{ name }}").render(name="<b>x</b>\n# y") == "# \\<b>x\\</b> # y"
    assert env.from_string("- {{ n }}").render(n=3) == "- 3"


def test_notice_template_has_no_way_around_the_escaping() -> None:
    """No macro or `{% set %}` block whose output a second escape would mangle, no `safe`."""
    template = (ROOT / "compiler/emit/templates/notice.md.j2").read_text(encoding="utf-8")
    for construct in ("{% macro", "{% call", "{% filter", "| safe", "|safe", "{% endset"):
        assert construct not in template


# --- end to end: hostile names through `yjs build` ------------------------------------------

HOSTILE = {
    "name: 新生儿出生一件事": 'name: "新生儿<script>alert(1)</script>"',
    "name: 出生医学证明签发": 'name: "签发 | 伪列 <img src=x onerror=alert(1)>"',
    "name: 出生登记": 'name: "出生登记\\n# 伪造的标题\\n[点此](javascript:alert(1))"',
    "question: 是否参保？": 'question: "是否参保？\\n## 注入"',
}


def build_hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    spec = NB_YAML
    for plain, hostile in HOSTILE.items():
        assert plain in spec
        spec = spec.replace(plain, hostile)
    (tmp_path / "stdlib").mkdir()
    (tmp_path / "stdlib" / "base.yaml").write_text(BASE_YAML, encoding="utf-8")
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "nb.yaml").write_text(spec, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    return (tmp_path / "generated" / "nb" / "notice.md").read_text(encoding="utf-8")


def test_hostile_names_stay_text_in_the_built_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notice = build_hostile(tmp_path, monkeypatch)
    assert "\x00" not in notice
    tokens = parser().parse(notice)
    html = [t for t in tokens if t.type == "html_block"]
    assert [t.content.strip() for t in html] == [notice.splitlines()[0]]  # only our own comment
    assert inline_kinds(tokens) <= {"text", "strong_open", "strong_close", "softbreak"}
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "新生儿\\<script>alert(1)\\</script> 一次告知单"
    assert all("注入" not in h and "伪造" not in h for h in headings)
    rows = [t for t in tokens if t.type == "tr_open"]
    items_table = tokens.index(rows[0])
    for row in rows[: 1 + 3]:  # the item table: header and three items
        start = tokens.index(row)
        cells = [t for t in tokens[start:] if t.type in ("td_open", "th_open", "tr_close")]
        assert [t.type for t in cells].index("tr_close") == CELLS_PER_ITEM_ROW
    assert items_table > 0
    texts = {inline_text(t) for t in tokens if t.type == "inline"}
    assert "签发 | 伪列 <img src=x onerror=alert(1)>" in texts
    item_b = "出生登记 # 伪造的标题 [点此](javascript:alert(1))"
    assert any(item_b in text for text in texts)
