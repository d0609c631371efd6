"""How an item is delivered and what the applicant promises, as data: service terms (受理 point,
channels and visits, result delivery, 就近办, 帮代办/上门办), fees, and 告知承诺 with its 核查.

A bundle states defaults and an item overrides them key by key; `compiler/delivery.py`
computes the effective terms once per item. The bundle's own steps (环节) are defined here too.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from compiler.durations import (
    PeriodValue,
)
from compiler.spec_types import Id, Model, Text, described
from compiler.vocabulary import (
    Nearby,
    ResultDelivery,
    ServiceChannel,
)

ONE_WINDOW = "综合窗口"  # `accept`: 一窗受理, the bundle's 综合窗口 accepts for every item
OWN_DEPARTMENT = "办理部门"  # `accept`: each item is accepted by the department handling it
NO_FEE = "不收费"  # `fee` shorthand; what an item charges when nothing says otherwise
# The steps (环节) of every 一件事 as the applicant sees them, defined once for all bundles:
# one application for all items, the departments handling them in parallel, one issuing of
# the results. An item's special procedure the applicant takes part in adds a step
# (compiler/metrics.py); nothing else does.
BUNDLE_STEPS: tuple[str, ...] = ("一表申请", "并联办理", "统一出件")


Visits = Annotated[int, Field(ge=0, le=10, description="到办事现场的次数，0 为不跑动")]


class Service(Model):
    """办理方式. Under the scenario: defaults for every item; under an item: its overrides.

    Every key is optional at both levels: a key written nowhere is "not stated" (null in
    routing.json), never a guess.
    """

    model_config = described(
        "办理方式",
        "受理点、办理渠道和到现场次数、结果送达、就近办、帮办代办和上门办理。写在一件事下是各事项的"
        "默认值，写在事项下逐项覆盖默认值；哪里都没写的项在 routing.json 中为 null（未说明）",
    )

    accept: Text | None = Field(
        None,
        description="受理点：综合窗口（一窗受理，代所有事项收件）、办理部门（各事项由办理部门受理）"
        "或受理部门的标识（如医院代公安受理出生登记）",
    )
    channels: dict[ServiceChannel, Visits] | None = Field(
        None,
        description="办理渠道及到现场次数：键为 全程网办、窗口、自助终端、移动端，值为到办事现场的次数"
        "（0、1 或更多；全程网办只能是 0）",
    )
    result_delivery: list[ResultDelivery] | None = Field(
        None,
        description="办件结果送达方式：电子证照、邮寄、窗口领取、统一出件（在牵头部门统一出件）",
    )
    nearby: list[Nearby] | None = Field(
        None, description="就近办：可委托 街道（乡镇）或 社区（村）便民服务中心受理"
    )
    assisted: bool | None = Field(None, description="是否提供帮办代办")
    home_visit: bool | None = Field(None, description="是否提供上门办理")

    @field_validator("channels")
    @classmethod
    def _online_means_no_visit(
        cls, value: dict[ServiceChannel, int] | None
    ) -> dict[ServiceChannel, int] | None:
        if value is not None and not value:
            raise ValueError("至少列出一个办理渠道；不说明时整个删去")
        if (value or {}).get(ServiceChannel.ONLINE, 0) != 0:
            raise ValueError("全程网办的到现场次数只能是 0")
        return value

    @field_validator("result_delivery", "nearby")
    @classmethod
    def _no_repeats(cls, value: list[StrEnum] | None) -> list[StrEnum] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("同一个值写了两次")
        return value


class Fee(Model):
    """收费 as the 实施清单 records it: 是否收费, 收费标准, 收费依据, 减免. Amounts in 元."""

    model_config = described(
        "收费",
        "按实施清单的收费要素写：是否收费、收费金额或收费标准、收费依据、减免。金额以元为单位",
    )

    charged: bool = Field(True, description="是否收费；不收费时也可以直接写 `fee: 不收费`")
    amount: Annotated[float, Field(gt=0, le=1_000_000_000)] | None = Field(
        None, description="收费金额（元，每件），一个固定金额能说清时填写"
    )
    standard: Text | None = Field(
        None, description="收费标准：按比例、分档等一个金额说不清时用文字写明"
    )
    basis: Text | None = Field(None, description="收费依据（文件名称和文号）")
    exemptions: Text | None = Field(None, description="减免的对象和依据")
    note: Text | None = Field(None, description="备注")

    @model_validator(mode="after")
    def _terms_match_charged(self) -> Fee:
        if self.amount is not None and round(self.amount, 2) != self.amount:
            raise ValueError("amount 以元为单位，最多两位小数")
        if self.charged and self.amount is None and self.standard is None:
            raise ValueError("收费的事项要写 amount（金额，元）或 standard（收费标准）")
        if not self.charged and (self.amount, self.standard, self.exemptions) != (None,) * 3:
            raise ValueError("不收费（charged: false）时不能写 amount、standard 或 exemptions")
        return self


def _terms_or_text(value: Any) -> str:
    return "terms" if isinstance(value, dict | Fee) else "text"


# `fee: 不收费`, `fee: {amount: 80, basis: …}`, or (older specs) one text: the 收费标准 in words.
FeeSpec = Annotated[
    Annotated[Fee, Tag("terms")]
    | Annotated[
        Text,
        Tag("text"),
        Field(description="`不收费`，或用一段文字写的收费标准（视为收费）"),
    ],
    Discriminator(_terms_or_text),
]


class Pledge(Model):
    """告知承诺 (国办发〔2020〕42号): decided on the applicant's written promise, checked later.

    On an item the whole approval is given on the promise (涉企经营许可告知承诺); on a
    material the promise replaces that material. Either way a department checks within a time
    limit after the decision (事后核查), in the unit the rule setting it uses.
    """

    model_config = described(
        "告知承诺",
        "告知承诺制（国办发〔2020〕42号《关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》）："
        "行政机关以书面形式一次性告知证明义务、证明内容和不实承诺的法律责任，申请人书面承诺已经符合"
        "告知的要求的，不再索要有关证明，凭承诺办理，事后在核查期限内核查承诺内容。写在事项上表示"
        "整个事项凭承诺作出决定（如涉企经营许可告知承诺），写在材料上表示以承诺代替这份材料",
    )

    check_within: PeriodValue
    checked_by: Id | None = Field(
        None, description="负责核查的部门标识；不写时为办理该事项（或需要该材料的事项）的部门"
    )
    basis: Text | None = Field(
        None, description="实行告知承诺和设定核查期限的依据，如“《中华人民共和国消防法》第十五条”"
    )
