"""Properties (hypothesis): whatever the input, the compiler answers with diagnostics, never a
crash. E900 is how the pipeline reports a crash it caught, so finding one fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from sample_project import BASE_YAML, NB_YAML, write_project
from typer.testing import CliRunner

from cli import app
from compiler.pipeline import CompileResult, compile_paths
from dsl.diagnostics import Code, Diagnostic, sorted_unique
from dsl.printer import print_yjs
from dsl.source import SourceFile
from dsl.yaml_parser import parse_yaml

FAST = settings(
    derandomize=True,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the sample library; each example overwrites scenarios/fuzz.yaml."""
    return write_project(tmp_path_factory.mktemp("fuzz"), {"stdlib/base.yaml": BASE_YAML})


def compile_bytes(root: Path, data: bytes) -> CompileResult:
    spec = root / "scenarios" / "fuzz.yaml"
    spec.parent.mkdir(exist_ok=True)
    spec.write_bytes(data)
    return compile_paths([spec])


def assert_no_crash(result: CompileResult, text: str | None = None) -> None:
    assert all(isinstance(d, Diagnostic) for d in result.diagnostics)
    crashes = [d for d in result.diagnostics if d.code is Code.E900]
    assert not crashes, f"compiler crashed: {crashes[0].message}"
    assert result.diagnostics == sorted_unique(result.diagnostics)
    if text is None:
        return
    lines = len(text.splitlines()) + 1  # splitlines: every break YAML knows, and more
    for d in result.diagnostics:
        if d.span is not None and d.span.file.endswith("fuzz.yaml"):
            assert 0 < d.span.line <= lines, d
            assert d.span.column >= 1, d


# --- arbitrary text ---------------------------------------------------------------------------


@FAST
@given(text=st.text())
@example(text="")
@example(text="scenario: x\n")
@example(text="library: x\n")
@example(text="scenario: [x]\n")
@example(text="scenario: x\nitems: [{}]\n")
def test_arbitrary_text_never_crashes(workspace: Path, text: str) -> None:
    assert_no_crash(compile_bytes(workspace, text.encode("utf-8")), text)


@FAST
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(workspace: Path, data: bytes) -> None:
    assert_no_crash(compile_bytes(workspace, data))


KEYS = [
    "scenario", "library", "name", "subject", "batch", "lead", "promised_days", "imports",
    "situations", "fields", "materials", "departments", "data_sources", "licenses", "items",
    "tests", "id", "department", "days", "legal", "promised", "when", "produces", "label",
    "type", "from_data", "from_result", "source", "license", "question", "answers", "expect",
    "choices", "acceptance", "makeup_days", "field_codes", "level", "region", "kind",
    "special_procedures", "channels", "required", "min", "max", "max_length", "pattern",
    "service", "accept", "result_delivery", "nearby", "application", "pledge", "check_within",
    "checked_by", "fee", "code", "local_code",
    "valid_from", "valid_until", "title", "number", "article", "legal_basis", "min_count",
    "max_count", "after", "reason", "unit", "amount",
    "名称", "yes", "1", "<<", "? a",
]  # fmt: skip
VALUES = [
    "nb", "a", "b", "hosp", "police", "mi", "join_mi", "mother_id", "address", "id_card",
    "id_card_m", "pop", "birth_cert", "stdlib/base", "../up", "/abs", ".", "''", "个人",
    "市", "办件结果", "部门核发", "容缺后补", "告知承诺", "choice", "boolean", "date",
    "id_number", "2023-05-31", "2023-02-30", "0", "5", "-1", "99999999999999999999", "1.5",
    ".inf", "true", "no", "null", "~", "[]", "{}", "[a, b]", "[mother_id, {id: x, label: X}]",
    "{legal: 5, promised: 9}", "{id: x, name: 甲, department: hosp, days: {legal: 1, promised: 1}}",
    "{items: [a]}", "&anchor 1", "*anchor", "!!str 1", "!!python/none", "|", ">-",
    "\"引号", "'单引号'", "新生儿出生一件事", "是否参保？", "名称：值", "[甲，乙]", "#",
    "免申即享", "综合窗口", "办理部门", "不收费", "{全程网办: 1}", "{窗口: 2, 网办: 0}", "[街道]",
    "{amount: 1.234}", "{check_within: 20, checked_by: mi}", "11430100006940184X4000172008000",
    "list", "[{id: a, label: 甲}]", "{title: 《甲》, valid_until: 2003-10-01}", "2003-10-01",
    "count(x) >= 2", "[{a: 1}]",
    "60 自然日", "4 小时", "3 天", "{amount: 60, unit: 自然日}", "[a, {item: b, reason: 先}]",
    "[a, a]", "{legal: 60 自然日, promised: 45}",
]  # fmt: skip


@st.composite
def yamlish_line(draw: st.DrawFn) -> str:
    indent = " " * draw(st.sampled_from([0, 0, 2, 4, 6, 8, 1, 3]))
    dash = draw(st.sampled_from(["", "", "- ", "-", "－ "]))
    key = draw(st.sampled_from(KEYS))
    colon = draw(st.sampled_from([": ", ": ", ":", "：", " : "]))
    value = draw(st.sampled_from([*VALUES, ""]))
    return f"{indent}{dash}{key}{colon}{value}"


@FAST
@given(lines=st.lists(yamlish_line(), max_size=25))
def test_yamlish_text_never_crashes(workspace: Path, lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    assert_no_crash(compile_bytes(workspace, text.encode("utf-8")), text)


@FAST
@given(lines=st.lists(yamlish_line(), max_size=20))
def test_scenario_header_with_yamlish_body_never_crashes(workspace: Path, lines: list[str]) -> None:
    head = NB_YAML.split("situations:")[0]
    text = head + "\n".join(lines) + "\n"
    assert_no_crash(compile_bytes(workspace, text.encode("utf-8")), text)


# --- mutations of a valid spec ----------------------------------------------------------------

NB_LINES = NB_YAML.splitlines()
REPLACEMENTS = list(":- ：\t#&*!'\"[]{},|>?%@`a出1\n")


@st.composite
def mutated_spec(draw: st.DrawFn, original: tuple[str, ...] = tuple(NB_LINES)) -> str:
    lines = list(original)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "replace"]))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            delta = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
            lines[i] = " " * max(delta, 0) + lines[i][max(-delta, 0) :]
        elif kind == "replace" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + draw(st.sampled_from(REPLACEMENTS)) + lines[i][k + 1 :]
    return "\n".join(lines) + "\n"


@settings(FAST, max_examples=300)
@given(text=mutated_spec())
def test_mutated_valid_spec_never_crashes(workspace: Path, text: str) -> None:
    assert_no_crash(compile_bytes(workspace, text.encode("utf-8")), text)


def test_the_unmutated_spec_is_clean(workspace: Path) -> None:
    """The property above starts from a valid spec: make sure it is one."""
    result = compile_bytes(workspace, NB_YAML.encode("utf-8"))
    assert result.diagnostics == []
    assert "nb/form.schema.json" in result.artifacts


NB_YJS = print_yjs(parse_yaml(SourceFile("nb.yaml", NB_YAML)).data)


def compile_yjs(root: Path, text: str) -> CompileResult:
    spec = root / "scenarios" / "fuzz.yjs"
    spec.parent.mkdir(exist_ok=True)
    spec.write_bytes(text.encode("utf-8"))
    return compile_paths([spec])


def test_the_unmutated_yjs_spec_is_clean(workspace: Path) -> None:
    result = compile_yjs(workspace, NB_YJS)
    assert result.diagnostics == []


def yjs_does_not_crash(workspace: Path, text: str) -> None:
    result = compile_yjs(workspace, text)
    crashes = [d for d in result.diagnostics if d.code is Code.E900]
    assert not crashes, f"compiler crashed: {crashes[0].message}"


MUTATED_YJS = mutated_spec(tuple(NB_YJS.splitlines()))


@settings(FAST, max_examples=100)
@given(text=MUTATED_YJS)
# Found by the slow run: an answer of the wrong type once reached the evaluator (E900; now E112).
@example(text=NB_YJS.replace("answers { join_mi false }", "answers { join_mi :alse }"))
def test_mutated_valid_yjs_spec_never_crashes(workspace: Path, text: str) -> None:
    yjs_does_not_crash(workspace, text)


@pytest.mark.slow
@settings(FAST, max_examples=2000)
@given(text=MUTATED_YJS)
def test_mutated_valid_yjs_spec_never_crashes_at_length(workspace: Path, text: str) -> None:
    yjs_does_not_crash(workspace, text)


def single_mutations() -> Iterator[str]:
    for i in range(len(NB_LINES)):
        yield "\n".join(NB_LINES[:i] + NB_LINES[i + 1 :]) + "\n"
        yield "\n".join(NB_LINES[: i + 1] + NB_LINES[i:]) + "\n"


def test_every_single_line_deletion_and_duplication_is_handled(workspace: Path) -> None:
    for text in single_mutations():
        assert_no_crash(compile_bytes(workspace, text.encode("utf-8")), text)


# --- through the CLI --------------------------------------------------------------------------


@settings(FAST, max_examples=40)
@given(text=st.one_of(st.text(max_size=80), mutated_spec()))
def test_cli_exit_code_is_0_or_1_without_traceback(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.chdir(workspace)
    (workspace / "scenarios" / "fuzz.yaml").write_bytes(text.encode("utf-8"))
    for fmt in ("text", "json"):
        result = CliRunner().invoke(app, ["check", "scenarios", "--format", fmt])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        assert "E900" not in result.output


# --- inputs found by hand or by longer fuzzing runs -------------------------------------------

HEADER = NB_YAML.split("imports:")[0]
NASTY = {
    "flow lists 600 deep": "scenario: x\nname: " + "[" * 600 + "]" * 600 + "\n",
    "flow maps 600 deep": "scenario: x\nname: " + "{a: " * 600 + "1" + "}" * 600 + "\n",
    "block maps 600 deep": "scenario: x\nname:\n"
    + "".join(" " * i + "a:\n" for i in range(1, 600))
    + " " * 600
    + "a: 1\n",
    "flow lists 2000 deep": "scenario: x\nname: " + "[" * 2000 + "]" * 2000 + "\n",
    "control character": "scenario: x\nname: 出\x07生\n",
    "null byte in an import": NB_YAML.replace("[stdlib/base]", '["stdlib/ba\\0se"]'),
    "huge number": HEADER.replace("promised_days: 5", "promised_days: " + "9" * 5000),
    "self-dependent item": NB_YAML.replace("materials: [id_card_m]", "materials: [birth_cert]"),
}


@pytest.mark.parametrize("text", list(NASTY.values()), ids=list(NASTY))
def test_nasty_inputs_give_diagnostics_not_crashes(workspace: Path, text: str) -> None:
    result = compile_bytes(workspace, text.encode("utf-8"))
    assert_no_crash(result, text)
    assert result.diagnostics, "each of these inputs is wrong somehow"
