"""`yjs docs`: the offline site's files, without a browser (tests/test_site_browser.py drives
the pages in Chromium).

Every page is self-contained and names no address outside the site; spec text is text in
every page (HTML-escaped, or `\\u003c`-escaped inside JSON data islands); the output folder is
replaced like `yjs build`'s, and only when it is yjs's.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from jinja2.sandbox import SandboxedEnvironment
from sample_project import tree_bytes, write_project
from site_project import HOSTILE, hostile_files
from typer.testing import CliRunner

from cli import app
from compiler.metrics import Figures
from compiler.pipeline import CompileResult, compile_paths
from compiler.site import parts
from compiler.site.build import site_files
from compiler.site.chart import NOT_STATED, metrics_chart
from compiler.site.pages import index_page, scenario_page
from compiler.site.render import asset, environment, json_island

# An address outside the site: a scheme with `//`, a protocol-relative URL, or a scheme that
# fetches (`data:` is allowed by the policy for nothing but is not an address elsewhere).
EXTERNAL = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://|(?:src|href|action)\s*=\s*[\"']?//")
ATTRIBUTE = re.compile(r'\b(src|href|action|srcset|poster)="([^"]*)"')
ISLAND = re.compile(r'<script type="application/json" id="[a-z-]+">(.*?)</script>', re.S)


class _Tags(HTMLParser):
    """Counts the elements a page really has, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.names: Counter[str] = Counter()
        self.handlers: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names[tag] += 1
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.text += [value for _, value in attrs if value]  # a title or aria-label is text too

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def real_site(real_scenarios: CompileResult) -> dict[str, bytes]:
    return site_files(real_scenarios)


def test_a_page_per_scenario_an_index_and_a_manifest(
    real_scenarios: CompileResult, real_site: dict[str, bytes]
) -> None:
    pages = {f"{sid}.html" for sid in real_scenarios.plans}
    assert set(real_site) == pages | {"index.html", "manifest.json"}
    index = real_site["index.html"].decode()
    for sid, plan in real_scenarios.plans.items():
        assert f'href="{sid}.html"' in index
        assert html.escape(plan.scenario.name, quote=False) in index
    manifest = json.loads(real_site["manifest.json"])
    assert manifest["format"] == "yjs-manifest" and manifest["content"] == "site"
    assert {e["id"] for e in manifest["scenarios"]} == set(real_scenarios.plans)


def test_each_page_shows_the_supervision_cards_of_its_items(
    real_scenarios: CompileResult, real_site: dict[str, bytes]
) -> None:
    """The 监管规则 section carries supervision.json's cards: a row per item and the bundle's."""
    from compiler.emit.supervision_json import supervision_data

    for sid, plan in real_scenarios.plans.items():
        page = real_site[f"{sid}.html"].decode()
        section = page[page.index('id="supervision"') :]
        for entry in supervision_data(plan)["items"]:
            row = f"<tr><th>{html.escape(entry['name'], quote=False)}</th><td>电子监察："
            assert row in section, (sid, entry["id"])
            if entry.get("yellow"):
                assert "黄牌预警" in section, sid
        assert "<tr><th>整个一件事</th><td>电子监察：" in section, sid


def test_no_file_names_an_external_address(real_site: dict[str, bytes]) -> None:
    for name, data in real_site.items():
        text = data.decode("utf-8")
        assert EXTERNAL.search(text) is None, (name, EXTERNAL.search(text))
        for attribute, value in ATTRIBUTE.findall(text):  # only anchors and sibling pages
            assert attribute == "href", (name, attribute, value)
            assert re.fullmatch(r"#[a-z-]+|[a-z0-9_]+\.html", value), (name, value)


def test_every_page_is_self_contained(real_site: dict[str, bytes]) -> None:
    """No stylesheet, script, font or image file: all inline, and the policy allows nothing
    else (a `file://` page cannot import modules or fetch its data)."""
    for name, data in real_site.items():
        if not name.endswith(".html"):
            continue
        text = data.decode()
        assert "<link" not in text and "@import" not in text and "@font-face" not in text
        assert re.search(r"<script[^>]*\bsrc=", text) is None
        assert "default-src &#39;none&#39;" in text, name  # CSP: nothing loads
        assert "script-src &#39;sha256-" in text, name  # only the page's own scripts run


def test_pages_are_byte_stable(real_scenarios: CompileResult, real_site: dict[str, bytes]) -> None:
    plans = list(real_scenarios.plans.values())
    assert index_page(plans, real_scenarios.metrics) == real_site["index.html"]
    for sid in ("newborn", "business_permit"):
        page = scenario_page(real_scenarios.plans[sid], real_scenarios.metrics[sid])
        assert page == real_site[f"{sid}.html"]


def test_docs_writes_and_replaces_a_yjs_folder(project: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["docs", "--out", "site"])
    assert result.exit_code == 0, result.output
    files = tree_bytes(project / "site")
    assert set(files) == {"index.html", "nb.html", "manifest.json"}
    (project / "site" / "stray.txt").write_text("x")
    again = runner.invoke(app, ["docs", "--out", "site"])
    assert again.exit_code == 0, again.output
    assert tree_bytes(project / "site") == files  # replaced as a whole, as `yjs build` does


def test_docs_refuses_a_folder_that_is_not_yjs_s(project: Path) -> None:
    (project / "mine").mkdir()
    (project / "mine" / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(app, ["docs", "--out", "mine"])
    assert result.exit_code == 2
    assert (project / "mine" / "notes.txt").read_text() == "keep me"


def test_docs_refuses_a_build_s_output(project: Path) -> None:
    assert CliRunner().invoke(app, ["build", "--out", "generated"]).exit_code == 0
    before = tree_bytes(project / "generated")
    result = CliRunner().invoke(app, ["docs", "--out", "generated"])
    assert result.exit_code == 2
    assert "yjs build" in result.output
    assert tree_bytes(project / "generated") == before


def test_docs_writes_nothing_when_the_specs_have_errors(project: Path) -> None:
    spec = project / "scenarios" / "nb.yaml"
    spec.write_text(spec.read_text().replace("department: police", "department: polise"))
    result = CliRunner().invoke(app, ["docs", "--out", "site"])
    assert result.exit_code == 1
    assert "E201" in result.output
    assert not (project / "site").exists()


def test_docs_needs_out() -> None:
    assert CliRunner().invoke(app, ["docs"]).exit_code == 2


def test_spec_text_is_text_in_every_file(tmp_path: Path) -> None:
    root = write_project(tmp_path / "proj", hostile_files())
    result = compile_paths([root / "scenarios"], root)
    assert result.ok, result.diagnostics
    files = site_files(result)
    assert set(files) == {"index.html", "nb.html", "manifest.json"}
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        text = data.decode()
        islands = ISLAND.findall(text)
        outside = ISLAND.sub("", text)
        tags = _Tags()
        tags.feed(text)
        # Markup is the page's own: its scripts (search, or formats and form), no image, no
        # event handler attribute, no element the spec text could have opened.
        assert tags.names["script"] == (2 if name == "index.html" else 3), name
        assert "img" not in tags.names and not tags.handlers, (name, tags.handlers)
        assert "{{ 7*7 }}" in outside and "49" not in outside.replace("4900", ""), name
        assert any(HOSTILE in chunk for chunk in tags.text), name  # shown as written
        for island in islands:  # a data island cannot be ended early, and parses back
            assert "<" not in island and ">" not in island
            json.loads(island)
        if name == "nb.html":
            data_text = json.dumps(json.loads(islands[0]), ensure_ascii=False)
            assert "银行卡号" + json.dumps(HOSTILE, ensure_ascii=False)[1:-1] in data_text


def test_the_environment_is_sandboxed_and_escapes_every_value() -> None:
    env = environment()
    assert isinstance(env, SandboxedEnvironment)
    assert env.autoescape is True
    rendered = env.from_string("{{ x }}").render(x="<b>&</b>")
    assert rendered == "&lt;b&gt;&amp;&lt;/b&gt;"
    # No template turns the escaping off: Markup comes only from Python (assets, escaped parts).
    folder = resources.files("compiler.site") / "templates"
    for template in folder.iterdir():
        text = template.read_text(encoding="utf-8").replace(" ", "")
        assert "|safe" not in text and "autoescape" not in text, template.name


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_a_data_island_cannot_be_ended_and_parses_back(text: str) -> None:
    island = str(json_island({"text": text, "list": [text]}))
    assert not set(island) & set("<>&\u2028\u2029")
    assert json.loads(island) == {"text": text, "list": [text]}


def test_the_chart_scales_each_figure_and_says_what_is_not_stated() -> None:
    before = Figures(fields=9, materials=10, visits=None, steps=6, days=8)
    after = Figures(fields=3, materials=5, visits=None, steps=3, days=8)
    svg = str(metrics_chart(before, after, "图<1>"))
    widths = re.findall(r'class="bar-(before|after)" x="\d+" y="\d+" width="(\d+)"', svg)
    assert widths == [
        ("before", "200"),  # materials 10 → 5
        ("after", "100"),
        ("before", "200"),  # steps 6 → 3
        ("after", "100"),
        ("before", "200"),  # days 8 → 8
        ("after", "200"),
    ]
    assert svg.count(NOT_STATED) == 2  # visits before and after: words, never a bar
    assert "图&lt;1&gt;" in svg and "图<1>" not in svg


def _operations(rule: object) -> set[str]:
    if isinstance(rule, list):
        return {op for r in rule for op in _operations(r)}
    if not isinstance(rule, dict):
        return set()
    return {op for key, args in rule.items() for op in {key} | _operations(args)}


def test_the_preview_knows_every_operation_the_real_forms_use(
    real_scenarios: CompileResult,
) -> None:
    script = asset("form.js")
    used: set[str] = set()
    for plan in real_scenarios.plans.values():
        for prop in parts.form_schema(plan)["properties"].values():
            used |= _operations(prop.get("x-yjs-visible-if"))
    assert {"var", "===", "and", "or"} <= used
    for op in sorted(used):
        assert f'"{op}"' in script, op  # a case of the page's evaluator
