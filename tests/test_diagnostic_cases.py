"""mypy-style diagnostic cases: each tests/cases/diagnostics/*.yaml or *.yjs marks its own errors.

A line carrying `# expect: CODE col=N` (several may be separated by `;`) must get exactly that
diagnostic, and no other diagnostic may appear anywhere: the set of (file, code, line, column)
reported by `yjs check --format json` must equal the set of expectations. The project root is
tests/cases (it has a `stdlib/` folder), so cases import the small library `stdlib/base`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli import app

CASES_ROOT = Path(__file__).parent / "cases"
CASES = sorted(p for p in (CASES_ROOT / "diagnostics").iterdir() if p.suffix in (".yaml", ".yjs"))
EXPECT = re.compile(r"#\s*expect:\s*(.+)$")
ONE = re.compile(r"^([EW]\d{3})\s+col=(\d+)$")

Key = tuple[str, str, int, int]  # file, code, line, column


def expectations(case: Path) -> set[Key]:
    name = case.relative_to(CASES_ROOT).as_posix()
    out: set[Key] = set()
    for number, line in enumerate(case.read_text(encoding="utf-8").splitlines(), start=1):
        if (found := EXPECT.search(line)) is None:
            continue
        for part in found.group(1).split(";"):
            match = ONE.match(part.strip())
            assert match, f"{name}:{number}: malformed expectation {part!r}"
            out.add((name, match.group(1), number, int(match.group(2))))
    return out


def check(case: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[dict[str, Any]]]:
    """Run `yjs check CASE --format json` from the cases root; (exit code, diagnostics)."""
    monkeypatch.chdir(CASES_ROOT)
    result = CliRunner().invoke(
        app, ["check", case.relative_to(CASES_ROOT).as_posix(), "--format", "json"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def reported(diagnostics: list[dict[str, Any]]) -> set[Key]:
    out = set()
    for d in diagnostics:
        span = d["span"] or {"file": "<no span>", "line": 0, "column": 0}
        out.add((span["file"], d["code"], span["line"], span["column"]))
    return out


def by_code(diagnostics: list[dict[str, Any]], code: str) -> dict[str, Any]:
    found = [d for d in diagnostics if d["code"] == code]
    assert len(found) == 1, diagnostics
    return found[0]


def case(name: str) -> Path:
    [path] = [p for p in CASES if name in (p.stem, p.name)]
    return path


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_case_reports_exactly_its_expectations(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = expectations(path)
    code, diagnostics = check(path, monkeypatch)
    got = reported(diagnostics)
    missing, unexpected = sorted(expected - got), sorted(got - expected)
    assert not missing and not unexpected, (
        f"missing: {missing}\nunexpected: {unexpected}\n"
        + json.dumps(diagnostics, ensure_ascii=False, indent=1)
    )
    errors = any(c.startswith("E") for _, c, _, _ in expected)
    assert code == (1 if errors else 0)


def test_every_case_but_the_clean_one_expects_something() -> None:
    assert len(CASES) >= 20
    for path in CASES:
        assert bool(expectations(path)) == (path.stem != "ok_clean"), path.name


ACCEPTANCE = {
    "e201_unknown_department": "E201",
    "e103_duplicate_key": "E103",
    "e401_cycle": "E401",
    "e302_field_type_conflict": "E302",
    "e501_material_not_supplied": "E501",
}


def test_acceptance_cases_fail_with_distinct_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    codes = {}
    for name, wanted in ACCEPTANCE.items():
        exit_code, diagnostics = check(case(name), monkeypatch)
        assert exit_code == 1, name
        codes[name] = {d["code"] for d in diagnostics}
        assert codes[name] == {wanted}, name
    assert len({c for found in codes.values() for c in found}) == len(ACCEPTANCE)


def test_cycle_names_every_item_in_it(monkeypatch: pytest.MonkeyPatch) -> None:
    _, diagnostics = check(case("e401_cycle"), monkeypatch)
    cycle = by_code(diagnostics, "E401")
    # Rotated to start at the smallest id, so the message is the same whatever the spec order.
    assert "card → cert → hukou → card" in cycle["message"]
    assert "outside" not in cycle["message"]
    related = {(r["span"]["line"], r["span"]["column"]) for r in cycle["related"]}
    assert related == {(14, 9), (20, 9)}  # cert and hukou, the other members
    for word in ("r_cert", "r_hh", "r_card"):  # the hint says which result closes each step
        assert word in cycle["hint"]


def test_duplicate_definition_names_both_places(monkeypatch: pytest.MonkeyPatch) -> None:
    _, diagnostics = check(case("e202_duplicate_definition"), monkeypatch)
    dup = by_code(diagnostics, "E202")
    assert "birth_cert" in dup["message"]
    assert dup["span"]["line"] == 12
    [first] = dup["related"]
    assert first["span"] == {
        "file": "diagnostics/e202_duplicate_definition.yaml",
        "line": 9,
        "column": 9,
        "end_line": 9,
        "end_column": 19,
    }


def test_redefining_an_imported_name_points_at_both_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, diagnostics = check(case("e202_redefines_library"), monkeypatch)
    dup = by_code(diagnostics, "E202")
    assert "police" in dup["message"]
    places = {(s["file"], s["line"]) for s in [dup["span"], *(r["span"] for r in dup["related"])]}
    assert places == {("diagnostics/e202_redefines_library.yaml", 11), ("stdlib/base.yaml", 6)}


def test_unknown_key_suggests_the_close_one(monkeypatch: pytest.MonkeyPatch) -> None:
    _, diagnostics = check(case("e110_unknown_key"), monkeypatch)
    unknown = by_code(diagnostics, "E110")
    assert "nmae" in unknown["message"]
    assert "`name`" in unknown["hint"]


def test_unknown_department_suggests_the_close_one(monkeypatch: pytest.MonkeyPatch) -> None:
    _, diagnostics = check(case("e201_unknown_department"), monkeypatch)
    unknown = by_code(diagnostics, "E201")
    assert "polise" in unknown["message"]
    assert "`police`" in unknown["hint"]


def test_missing_key_names_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    _, diagnostics = check(case("e111_missing_key"), monkeypatch)
    assert "`name`" in by_code(diagnostics, "E111")["message"]


def test_import_not_found_suggests_the_close_path(monkeypatch: pytest.MonkeyPatch) -> None:
    _, diagnostics = check(case("e203_import_not_found"), monkeypatch)
    assert "`stdlib/base`" in by_code(diagnostics, "E203")["hint"]


def test_fullwidth_colon_hint_mentions_fullwidth(monkeypatch: pytest.MonkeyPatch) -> None:
    _, diagnostics = check(case("e101_fullwidth_colon"), monkeypatch)
    hint = by_code(diagnostics, "E101")["hint"]
    assert "全角" in hint
    assert "“：”→“:”" in hint


def test_warnings_alone_exit_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("w501_lead_handles_nothing", "w201_unused_definition"):
        exit_code, diagnostics = check(case(name), monkeypatch)
        assert exit_code == 0, name
        assert diagnostics and all(d["severity"] == "warning" for d in diagnostics)


def test_fullwidth_colon_is_blamed_not_the_comma_in_the_next_comment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, diagnostics = check(case("e101_fullwidth_colon_before_comment"), monkeypatch)
    hint = by_code(diagnostics, "E101")["hint"]
    assert "“：”→“:”" in hint
    assert "，" not in hint.split("；")[0]


def test_fullwidth_colon_in_yjs_says_to_delete_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A half-width colon would be E126: the hint must not suggest one."""
    _, diagnostics = check(case("e125_fullwidth_colon_key"), monkeypatch)
    hint = by_code(diagnostics, "E125")["hint"]
    assert "删除" in hint and "`produces …`" in hint
    assert "换成" not in hint


def test_unknown_use_does_not_ask_to_rename_the_right_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, diagnostics = check(case("e201_unknown_use_no_cascade"), monkeypatch)
    [unknown] = diagnostics
    assert unknown["hint"] == "是否应为 `mi_enrollment`？"


def test_field_codes_hint_says_the_field_is_defined_but_not_listed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, diagnostics = check(case("e201_field_codes_not_listed"), monkeypatch)
    hint = by_code(diagnostics, "E201")["hint"]
    assert "已定义" in hint and "`fields`" in hint
    assert "请先定义" not in hint


def test_sensitivity_conflict_names_both_declarations(monkeypatch: pytest.MonkeyPatch) -> None:
    _, diagnostics = check(case("e308_field_sensitivity_conflict"), monkeypatch)
    conflict = by_code(diagnostics, "E308")
    assert "敏感个人信息" in conflict["message"] and "一般" in conflict["message"]
    [first] = conflict["related"]
    assert (first["span"]["line"], first["span"]["column"]) == (15, 70)


def test_control_character_escapes_name_the_code_point(monkeypatch: pytest.MonkeyPatch) -> None:
    _, diagnostics = check(case("e116_control_escape.yaml"), monkeypatch)
    assert sorted(d["message"][-6:] for d in diagnostics) == ["U+0000", "U+001B"]
