"""The small self-contained project most tests build: one library and one three-stage scenario.

Written inline (not copied from disk) so the suite runs on a clean machine. The scenario has
three items in a chain a → b → c: `b` needs the birth certificate `a` produces, `c` needs the
household register `b` produces and applies only when the applicant answers `join_mi` with yes.
"""

from __future__ import annotations

from pathlib import Path

BASE_YAML = """\
library: base
name: 测试基础库
departments:
  - {id: hosp, name: 助产机构, level: 市, region: "430100", kind: 医疗机构}
  - {id: police, name: 长沙市公安局, level: 市, region: "430100"}
  - {id: mi, name: 长沙市医疗保障局, level: 市, region: "430100"}
licenses:
  - {id: id_card, name: 居民身份证, issuer: 公安机关}
data_sources:
  - {id: pop, name: 人口库, provider: 省公安厅}
fields:
  - {id: mother_id, label: 母亲身份证号, type: id_number}
  - {id: address, label: 户籍地址, from_data: pop}
materials:
  - {id: id_card_m, name: 居民身份证, source: 部门核发, license: id_card}
"""

NB_YAML = """\
scenario: nb
name: 新生儿出生一件事
subject: 个人
batch: 2023-05-31
lead: hosp
promised_days: 5
imports: [stdlib/base]
situations:
  - {id: join_mi, question: 是否参保？}
fields:
  - {id: cert_no, label: 出生医学证明编号, from_result: birth_cert}
materials:
  - {id: birth_cert, name: 出生医学证明, source: 办件结果}
  - {id: hh, name: 户口簿, source: 办件结果}
items:
  - id: a
    name: 出生医学证明签发
    department: hosp
    days: {legal: 20, promised: 2}
    fields: [mother_id, {id: baby_name, label: 新生儿姓名}]
    materials: [id_card_m]
    produces: [birth_cert]
  - id: b
    name: 出生登记
    department: police
    days: {legal: 10, promised: 1}
    fields: [cert_no, address, baby_name]
    materials: [birth_cert]
    produces: [hh]
  - id: c
    name: 医保参保
    when: join_mi
    department: mi
    days: {legal: 5, promised: 1}
    fields: [{id: bank, label: 银行卡号}]
    materials: [hh]
tests:
  - name: 不参保
    answers: {join_mi: false}
    expect: {items: [a, b]}
"""

PROJECT_FILES = {"stdlib/base.yaml": BASE_YAML, "scenarios/nb.yaml": NB_YAML}
SCENARIO = "scenarios/nb.yaml"
LISTS = tuple(
    f"_lists/{name}.{ext}"
    for name in ("deferred_acceptance", "pledge_items", "limited_completion", "special_procedures")
    for ext in ("md", "csv")
)
OUTPUTS = (
    "nb/form.schema.json",
    "nb/form.ui.json",
    "nb/metrics.json",
    "nb/notice.html",
    "nb/notice.md",
    "nb/notice.txt",
    "nb/process.bpmn",
    "nb/routing.csv",
    "nb/routing.json",
    "nb/routing/hosp.json",
    "nb/routing/mi.json",
    "nb/routing/police.json",
    "nb/supervision.json",
    "_formats/yjs-formats.mjs",
    "_formats/yjs_formats.py",
    "_schemas/department.schema.json",
    "_schemas/manifest.schema.json",
    "_schemas/metrics.schema.json",
    "_schemas/routing.schema.json",
    "_schemas/supervision.schema.json",
    *LISTS,
    "manifest.json",
)


def write_project(root: Path, files: dict[str, str] | None = None) -> Path:
    """Write the sample project (or `files`) under `root` as UTF-8 with LF line ends."""
    for name, text in (files or PROJECT_FILES).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (posix relative path → bytes): compares whole output trees."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
