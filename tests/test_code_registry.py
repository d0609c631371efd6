"""The diagnostic code registry: codes are unique, and the code base names only registered codes
and uses every one of them (the explain pages are checked in test_explain.py)."""

from __future__ import annotations

import re
from pathlib import Path

from dsl.diagnostics import Code

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    [
        *(ROOT / "compiler").rglob("*.py"),
        *(ROOT / "dsl").rglob("*.py"),
        *(ROOT / "cli").glob("*.py"),
    ]
)
NAMED = re.compile(r"\bCode\.([A-Za-z_]\w*)")


def test_codes_are_unique_and_well_formed() -> None:
    # Two members with the same (slug, template) would silently become one Enum member, the
    # second an alias of the first: `list(Code)` would then miss a name `__members__` has.
    assert list(Code.__members__) == [c.name for c in Code]
    slugs = [c.slug for c in Code]
    assert len(set(slugs)) == len(slugs), sorted(s for s in slugs if slugs.count(s) > 1)
    for code in Code:
        assert re.fullmatch(r"[EW][1-9]\d\d", code.name), code.name
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code.slug), code.slug
        assert code.template.strip() == code.template and code.template, code.name


def test_the_code_base_names_only_registered_codes_and_uses_each() -> None:
    """A misspelt `Code.E1O9` fails only when its line runs; a code no pass reports is dead."""
    assert len(SOURCES) > 20
    named: dict[str, list[str]] = {}
    for path in SOURCES:
        for name in NAMED.findall(path.read_text(encoding="utf-8")):
            named.setdefault(name, []).append(path.relative_to(ROOT).as_posix())
    assert {name: files for name, files in named.items() if not hasattr(Code, name)} == {}
    assert [code.name for code in Code if code.name not in named] == []
