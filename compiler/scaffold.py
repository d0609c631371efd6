"""`yjs new ID`: a commented starting spec that already checks clean.

An analyst copies from a working example more easily than from a manual; every comment says
what the key means and what to replace, and the spec uses only stdlib names, so the first
`yjs check` passes and every later diagnostic is about their own change.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from compiler.spec_types import ID_PATTERN

TEMPLATE = """\
# {name}
# 由 `yjs new {sid}` 生成的起步规格：按注释把示例内容换成本一件事的真实事项，然后运行 yjs check。
scenario: {sid}                 # 标识：小写英文、数字和下划线，与文件名一致
name: {name}
subject: 个人                   # 服务对象：个人 / 企业 / 项目
batch: 2023-12-31               # 计划上线日期
lead: cs_hrss                   # 牵头部门（stdlib/changsha/departments 中的标识）
promised_days: 3                # 整个一件事承诺的办结时限（工作日）
scope: 全市                     # 通办范围：全国 / 全省 / 全市 / 全县
imports:                        # 引用参考库，不带扩展名
  - stdlib/changsha/departments
  - stdlib/common/data_sources
  - stdlib/common/licenses
  - stdlib/common/fields
  - stdlib/common/materials
legal_basis:
  - 《中华人民共和国社会保险法》
channels:
  - {{kind: 线上, name: “湘易办”App}}
  - {{kind: 线下, name: 各区县（市）政务服务中心“一件事一次办”综合窗口}}
consult: "12345"
notes: |
  写下编写时的假设和依据（只给审核人看，不会出现在告知单中）。

situations:                     # 申请时先回答的“是/否”问题，决定办理哪些事项
  - id: apply_card
    question: 是否同时申领社会保障卡？

items:                          # 合并办理的事项；B 需要 A 产出的结果时，B 排在 A 之后
  - id: first_item
    name: 示例事项一（请改为实施清单中的事项名称）
    kind: 公共服务              # 行政许可 / 行政确认 / 行政给付 / 公共服务 ...
    department: cs_hrss
    days: {{legal: 5, promised: 1}}   # 法定时限、承诺时限（工作日，0 为即办）
    fields: [applicant_name, applicant_id_number, applicant_phone]
    materials: [applicant_id_card]    # 可调取电子证照的材料自动免提交
    produces: [{sid}_result]
  - id: second_item
    name: 示例事项二（选办）
    department: cs_medical_insurance
    when: apply_card                  # 只有申请人选“是”时才办理
    days: {{legal: 5, promised: 1}}
    fields: [applicant_id_number]
    materials: [{sid}_result]         # 由示例事项一产出，部门间共享，免提交

materials:
  - id: {sid}_result
    name: 示例办件结果
    source: 办件结果

tests:                          # 规格测试：给定回答，应办理哪些事项
  - name: 不申领社会保障卡时只办理事项一
    answers: {{apply_card: false}}
    expect: {{items: [first_item]}}
  - name: 申领社会保障卡时两项都办理
    answers: {{apply_card: true}}
    expect: {{items: [first_item, second_item]}}
"""


def new_spec(sid: str, name: str | None = None) -> str:
    """The starting spec for scenario `sid`; raises ValueError for an id yjs would reject."""
    if not re.fullmatch(ID_PATTERN.strip("^$"), sid) or len(sid) > 40:
        raise ValueError(f"标识 `{sid}` 不合规：只能用小写英文字母、数字和下划线，且以字母开头")
    return TEMPLATE.format(sid=sid, name=name or f"{sid} 一件事")


def create_spec(sid: str, name: str | None, folder: Path, *, workbook: bool = False) -> Path:
    """Write the starting spec to `folder/<sid>.yaml` (or `.xlsx`); ValueError for a bad id or
    a taken name. The file is created exclusively: an existing spec is never overwritten.

    The workbook is the same spec converted (`yjs convert`), so its comments are cell notes
    and its `department` drop-down offers the departments of its imports.
    """
    text = new_spec(sid, name)
    path = folder / f"{sid}.{'xlsx' if workbook else 'yaml'}"
    folder.mkdir(parents=True, exist_ok=True)
    data = _workbook(text, folder) if workbook else text.encode("utf-8")
    try:
        with path.open("xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise ValueError(f"{path} 已存在，未覆盖") from None
    return path


def _workbook(text: str, folder: Path) -> bytes:
    """The starting spec as a workbook. Converted from a copy written beside where it will
    live, so its imports resolve from the same project root (and the copy is removed)."""
    from compiler.convert_file import convert_file
    from dsl.document import Syntax

    # `.tmp`, read as YAML: no folder scan takes it for a spec, even if a crash left it behind
    handle, name = tempfile.mkstemp(prefix=".yjs-new-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as copy:
            copy.write(text)
        result = convert_file(Path(name), Syntax.XLSX)
    finally:
        os.unlink(name)
    if not result.ok:  # the template is checked by the tests; this is a defect, not user input
        raise RuntimeError("; ".join(d.message for d in result.diagnostics))
    return result.data
