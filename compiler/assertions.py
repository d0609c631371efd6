"""What a scenario asserts about itself: its spec tests (`tests:`) and published targets.

Apart from the models of the bundle (compiler/ir.py) because they are not the bundle but claims
about it, judged after planning: spec tests by compiler/checks/spec_tests.py (E601), targets
by compiler/checks/targets.py (E507), both on the one plan and its metrics.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from compiler.spec_types import Id, Model, Text, described
from compiler.vocabulary import ExemptReason


class Expectation(Model):
    """What a spec test expects; materials and rules are compared only when written."""

    model_config = described("测试期望", "这组回答应当得到的结果")

    items: list[Id] = Field(description="应当办理的全部事项（标识），不多不少")
    materials: list[Id] | None = Field(
        None, description="应当提交或调取的全部材料（标识）；不写则不比较材料"
    )
    failed_rules: list[Id] | None = Field(
        None, description="这组回答应当违反的校验规则（标识）；不写则不比较规则"
    )
    submit: list[Id] | None = Field(
        None, description="申请人要提交的材料（不含免提交的电子证照和办件结果），按标识列出"
    )
    exempt: dict[Id, ExemptReason] | None = Field(
        None, description="免提交的材料及原因：材料标识 → 电子证照 或 办件结果"
    )
    fields: list[Id] | None = Field(
        None, description="表单中显示给申请人的字段（含共享数据、办件结果预填的），按标识列出"
    )
    days: Annotated[int, Field(ge=0, le=3650)] | None = Field(
        None, description="这组回答下一件事办结的总工作日（关键路径）"
    )
    visits: Annotated[int, Field(ge=0, le=10)] | None = Field(
        None, description="这组回答下申请人最多跑几次（按各事项最优的办理渠道）"
    )

    @property
    def needs_plan(self) -> bool:
        """Whether judging it needs the plan (and so runs after planning)."""
        return (self.submit, self.exempt, self.fields, self.days, self.visits) != (None,) * 5


# One answer; a list field's answer is a list of entries, each sub-field id → its answer.
Answer = bool | int | float | dt.date | str
AnswerValue = Annotated[
    Answer,
    Field(description="一个回答：是/否写 true/false，数字、日期（YYYY-MM-DD）或文字"),
]


class SpecTest(Model):
    """Given intake answers (and field values), which items apply and which rules fail."""

    model_config = described(
        "规格测试",
        "一组假设的回答和应有的结果。`yjs check` 逐一核对，结果不符时报 E601",
    )

    name: Text = Field(description="测试名称，说明这组回答代表的情况，如“只办理必办事项”")
    answers: dict[
        Id,
        Annotated[
            AnswerValue | list[dict[Id, AnswerValue]],
            Field(description="对这个情形或字段的回答；列表字段写每条记录一组 子字段标识: 回答"),
        ],
    ] = Field({}, description="情形或字段标识 → 回答，如 `{join_insurance: true}`")
    today: dt.date | None = Field(
        None, description="按哪一天计算 today()、age() 等；不写时取一件事的 batch 日期"
    )
    expect: Expectation = Field(
        description="期望：这组回答应当办理的事项，以及（写了才比较的）材料和未通过的校验规则"
    )


class Targets(Model):
    """The numbers a government publishes for a bundle (“≤ 3 环节、≤ 6 份材料、≤ 2 个工作日”);
    the build fails when the bundle's worst case exceeds one (E507). Equal is met."""

    model_config = described(
        "公开承诺的目标",
        "政府对这件一件事公开承诺的数字：最多提交几份材料、几个环节、几个工作日、跑几次，"
        "是否全程网办；按最坏情况检查，超过即报 E507，正好等于目标算达到",
    )

    materials: Annotated[int, Field(ge=0, le=999)] | None = Field(
        None, description="最多提交几份材料（不含免提交的电子证照和办件结果）"
    )
    steps: Annotated[int, Field(ge=1, le=99)] | None = Field(
        None,
        description="最多几个办理环节（一表申请、并联办理、统一出件，加上申请人参与的特别程序）",
    )
    days: Annotated[int, Field(ge=0, le=3650)] | None = Field(
        None, description="最多几个工作日办结（关键路径上的承诺时限之和）"
    )
    visits: Annotated[int, Field(ge=0, le=10)] | None = Field(
        None, description="最多跑几次（按各事项最优的办理渠道；0 即“零跑动”）"
    )
    online: bool = Field(False, description="是否要求每个依申请的事项都能全程网办")
