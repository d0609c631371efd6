"""Conditions written once per artefact (compiler/emit/condition_data.py) keep their own words.

`x > 1` and `x > 1.0` are equal as condition nodes (the numbers compare equal) but are written
differently; a memo keyed by equality would print whichever came first for both.
"""

from __future__ import annotations

import json
from pathlib import Path

from compiler.pipeline import compile_paths

SPEC = """\
scenario: numbers
name: 数字条件一件事
subject: 个人
batch: 2024-01-01
lead: d
promised_days: 5
departments:
  - {id: d, name: 长沙市数据资源局, level: 市, region: "430100"}
fields:
  - {id: n, label: 家庭人数, type: decimal}
items:
  - {id: a, name: 事项甲, department: d, days: {legal: 5, promised: 1}, fields: [n]}
  - id: b
    name: 事项乙
    department: d
    days: {legal: 5, promised: 1}
    fields: [{id: f1, label: 说明一}]
    when: n > 1
  - id: c
    name: 事项丙
    department: d
    days: {legal: 5, promised: 1}
    fields: [{id: f2, label: 说明二}]
    when: n > 1.0
"""


def test_equal_conditions_written_differently_keep_their_own_text(tmp_path: Path) -> None:
    (tmp_path / "yjs.toml").write_text("", encoding="utf-8")
    spec = tmp_path / "scenarios" / "numbers.yaml"
    spec.parent.mkdir()
    spec.write_text(SPEC, encoding="utf-8")
    result = compile_paths([spec.parent])
    assert result.ok, [d.message for d in result.diagnostics]
    routing = json.loads(result.artifacts["numbers/routing.json"])
    when = {item["id"]: item["when"] for item in routing["items"]}
    assert when["b"]["text"] == "n > 1"
    assert when["c"]["text"] == "n > 1.0"
    # {"and": [n answered, n > …]}: the number as written, 1 or 1.0
    assert when["b"]["jsonlogic"]["and"][1] == {">": [{"var": "n"}, 1]}
    assert when["c"]["jsonlogic"]["and"][1] == {">": [{"var": "n"}, 1.0]}
    assert isinstance(when["b"]["jsonlogic"]["and"][1][">"][1], int)
    assert isinstance(when["c"]["jsonlogic"]["and"][1][">"][1], float)
    fields = {f["id"]: f["when"] for f in routing["fields"]}
    assert fields["f1"]["text"] == "n > 1"
    assert fields["f2"]["text"] == "n > 1.0"
