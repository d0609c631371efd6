"""Lazy composition (dsl/yaml_events.py) gives what `yaml.compose` gave: the same Document
(values, spans, their order) and the same diagnostics, for good files and broken ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import dsl.yaml_parser as yaml_parser
from dsl.diagnostics import CompileError
from dsl.front_ends import decode
from dsl.yaml_events import lazy_ok

ROOT = Path(__file__).resolve().parents[1]
DEEP = "a: " + "[" * 600 + "]" * 600 + "\n"
NESTED = "a:\n" + "".join("  " * n + f"  k{n}:\n" for n in range(60)) + "  " * 61 + "x: 1\n"
TEXTS = {
    "plain": "scenario: s\nname: 名称\nitems:\n  - {id: a, days: {legal: 1}}\n  - id: b\n",
    "scalars": "a: 1\nb: 1.5\nc: true\nd: ~\ne: 2024-01-31\nf: '01'\ng: \"x\\ty\"\nh: |\n  line\n",
    "duplicate key": "a: 1\nb:\n  c: [1, 2]\na: {x: [3]}\nd: 4\n",
    "bad tags": "a: !!set {x}\nb: !!omap [x: 1]\nc: !custom 3\nd: [!!binary eA==]\n",
    "collection keys": "? [a, b]\n: 1\n? {c: d}\n: 2\ne: 3\n",
    "non-text keys": "1: a\ntrue: b\n2024-01-01: c\n~: d\n",
    "merge key": "a: {x: 1}\nb:\n  <<: {y: 2}\n  z: 3\n",
    "escaped control": 'a: "x\\e[31m"\nb: ok\n',
    "too deep": NESTED,
    "deep flow lists": DEEP,
    "late syntax error": "a: 1\na: 2\nb: [1, 2\nc: 3\n",
    "second document": "a: 1\n---\nb: 2\n",
    "empty": "",
    "comments only": "# nothing\n",
    "document marker only": "---\n",
    "top-level list": "- a\n- b\n",
    "top-level scalar": "just text\n",
    "no final newline": "a:\n  b: [1,\n    2]",
    "explicit tags": "a: !!str 1\nb: !!int '2'\nc: ! 3\n",
}


def outcome(text: str) -> Any:
    """Everything a parse hands on: the values and both span tables in order, or the
    diagnostics in order."""
    try:
        doc = yaml_parser.parse_yaml(decode("spec.yaml", text.encode("utf-8")))
    except CompileError as err:
        return ("error", [(d.code, d.span, d.message, d.hint, d.related) for d in err.diagnostics])
    return ("ok", doc.data, list(doc.value_spans.items()), list(doc.key_spans.items()))


def eager(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(yaml_parser, "lazy_ok", lambda text: False)
        return outcome(text)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_lazy_composition_matches_compose(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = TEXTS[name]
    assert lazy_ok(text)
    assert outcome(text) == eager(text, monkeypatch)


def test_real_specs_parse_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted(ROOT.glob("stdlib/**/*.yaml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert outcome(text) == eager(text, monkeypatch), path.name


def test_the_lazy_path_builds_no_node_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("yaml.compose called for a text without anchors")

    monkeypatch.setattr(yaml, "compose", refuse)
    assert outcome(TEXTS["plain"])[0] == "ok"


def test_anchors_and_aliases_take_compose() -> None:
    text = "d: &d {legal: 1}\nitems:\n  - days: *d\n"
    assert not lazy_ok(text)
    assert outcome(text)[1] == {"d": {"legal": 1}, "items": [{"days": {"legal": 1}}]}
