"""The did-you-mean rule (`dsl/suggest.py`): its examples, its properties, and that it is the only one."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from sample_project import BASE_YAML, PROJECT_FILES, write_project
from typer.testing import CliRunner

import dsl.suggest
from cli import app
from dsl.suggest import CUTOFF, did_you_mean, similarity, suggest, suggestions

ROOT = Path(__file__).resolve().parent.parent
PROPERTY = settings(derandomize=True, deadline=None, max_examples=300)

# Few letters, so that words collide and come close often; CJK, upper-case and full-width
# letters so that folding and scripts are exercised.
LETTERS = "abcdeABｅ_1资企业外商"
WORDS = st.text(alphabet=LETTERS, min_size=1, max_size=8)
CANDIDATES = st.lists(WORDS, max_size=8)


def test_docstring_examples_hold() -> None:
    result = doctest.testmod(dsl.suggest)
    assert result.attempted >= 7
    assert result.failed == 0


def test_ties_keep_the_callers_order() -> None:
    assert suggest("abc", ["abx", "aby"]) == "abx"
    assert suggest("abc", ["aby", "abx"]) == "aby"


def test_the_word_itself_beats_a_case_variant() -> None:
    assert suggest("Police", ["police", "Police"]) == "Police"
    assert suggest("POLICE", ["policy", "Police", "police"]) == "Police"


def test_full_width_letters_match_their_ascii_form() -> None:
    assert suggest("ｐｏｌｉｃｅ", ["polite", "police"]) == "police"


def test_several_names_are_joined_with_or() -> None:
    names = ["mother_id", "applicant_name", "mother_name"]
    assert did_you_mean("mothr_id", names, limit=2) == "是否应为 `mother_id` 或 `mother_name`？"
    assert did_you_mean("mothr_id", names) == "是否应为 `mother_id`？"
    assert did_you_mean("zzz", names) is None


def test_a_shortened_chinese_value_finds_its_long_form() -> None:
    assert suggest("容缺", ["必需", "容缺后补", "告知承诺"]) == "容缺后补"
    assert suggest("街道", ["省", "市", "区县", "乡镇街道", "村社区"]) == "乡镇街道"


def test_duplicate_candidates_are_offered_once() -> None:
    assert suggestions("polce", ["police", "police", "polite"], limit=3) == ["police", "polite"]


@PROPERTY
@given(word=WORDS, candidates=CANDIDATES)
def test_a_suggestion_is_always_a_candidate(word: str, candidates: list[str]) -> None:
    found = suggest(word, candidates)
    assert found is None or found in candidates
    if word not in candidates:
        assert found != word


@PROPERTY
@given(word=WORDS, candidates=CANDIDATES)
def test_the_word_itself_or_a_case_variant_is_preferred(word: str, candidates: list[str]) -> None:
    found = suggest(word, candidates)
    if word in candidates:
        assert found == word
    elif any(c.casefold() == word.casefold() for c in candidates):
        assert found is not None and found.casefold() == word.casefold()


@PROPERTY
@given(word=WORDS, candidates=CANDIDATES)
def test_the_suggestion_is_the_closest_candidate_past_the_cutoff(
    word: str, candidates: list[str]
) -> None:
    found = suggest(word, candidates)
    best = max((similarity(word, c) for c in candidates), default=0.0)
    if best < CUTOFF:
        assert found is None
    else:
        assert found is not None and similarity(word, found) == best


@PROPERTY
@given(word=WORDS, candidates=CANDIDATES, limit=st.integers(min_value=1, max_value=4))
def test_suggestions_are_distinct_ranked_and_bounded(
    word: str, candidates: list[str], limit: int
) -> None:
    found = suggestions(word, candidates, limit=limit)
    assert len(found) == len(set(found)) <= limit
    scores = [similarity(word, c) for c in found]
    assert scores == sorted(scores, reverse=True)
    assert all(score >= CUTOFF for score in scores)
    assert found[:1] == ([s] if (s := suggest(word, candidates)) else [])


@PROPERTY
@given(
    word=st.text(alphabet="资企业外商投办", min_size=1, max_size=6),
    candidates=st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True), max_size=8),
)
def test_a_chinese_word_is_never_offered_an_ascii_id(word: str, candidates: list[str]) -> None:
    assert suggest(word, candidates) is None


def test_no_other_module_has_its_own_did_you_mean_rule() -> None:
    """One rule: a second `get_close_matches` or `SequenceMatcher` would bring back a cutoff."""
    pattern = re.compile(r"get_close_matches|SequenceMatcher")
    sources = [*ROOT.glob("compiler/**/*.py"), *ROOT.glob("dsl/**/*.py"), *ROOT.glob("cli/*.py")]
    found = [
        p.relative_to(ROOT).as_posix() for p in sources if pattern.search(p.read_text("utf-8"))
    ]
    assert found == ["dsl/suggest.py"]


@pytest.mark.parametrize(
    ("material", "hint"),
    [
        ("source: 部门", "是否应为 `部门核发`？"),
        ("form: 扫描件", "可选值：原件、复印件、原件或复印件、电子件"),  # not a guess at 原件
    ],
)
def test_an_enum_value_gets_its_long_form_or_every_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, material: str, hint: str
) -> None:
    base = BASE_YAML.replace("source: 部门核发, license: id_card", f"{material}")
    write_project(tmp_path, {**PROJECT_FILES, "stdlib/base.yaml": base})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "scenarios", "--format", "json"])
    assert result.exit_code == 1, result.output
    [e113] = [d for d in json.loads(result.stdout) if d["code"] == "E113"]
    assert e113["hint"] == hint
