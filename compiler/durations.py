"""Durations in the law's own unit: time limits (工作日, 自然日, 小时) and 核查 periods (… 月).

A limit keeps the unit its law writes; the planner turns it into working days or due dates on
the holiday calendar (`compiler/workdays.py`). A spec may write a bare number (working days),
`"60 自然日"` or `{amount, unit}`; all read as one `Limit`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import partial
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
)

from compiler.spec_types import Model, choices, described


@choices(
    "时长单位",
    "时限或期限按规定原文的单位书写；不写单位即工作日",
    {
        "工作日": "工作日：不含法定节假日和休息日，调休上班的日子计入（行政许可法第八十二条）",
        "自然日": "自然日：开始的当日不计入，次日起算；最后一日是法定休假日的，顺延到休假日结束的次日"
        "（民法典第二百零一条、第二百零三条）",
        "小时": "工作小时：每个工作日 8 小时（国务院关于职工工作时间的规定第三条）；只用于办结时限",
        "月": "月：到期月的对应日为最后一日，没有对应日的为月末日（民法典第二百零二条）；"
        "只用于告知承诺的核查期限",
    },
)
class TimeUnit(StrEnum):
    """The unit a duration keeps: the one its law, rule or promise is written in.

    One list for every duration of the model; each use accepts the units its rules write
    (ITEM_LIMIT_UNITS, CHECK_PERIOD_UNITS), so no value reaches an artefact in a unit its
    consumers have not been told about.
    """

    WORKING_DAY = "工作日"  # 行政许可法第八十二条: 以工作日计算，不含法定节假日
    NATURAL_DAY = "自然日"  # 民法典第二百零一条至第二百零三条: 次日起算，末日遇节假日顺延
    HOUR = "小时"  # working hours: a working day has 8 (国务院关于职工工作时间的规定第三条)
    MONTH = "月"  # 民法典第二百零二条: 到期月的对应日为最后一日; 核查 periods only


# 法定/承诺办结时限: the planner counts them on the holiday calendar (compiler/workdays.py).
ITEM_LIMIT_UNITS = (TimeUnit.WORKING_DAY, TimeUnit.NATURAL_DAY, TimeUnit.HOUR)


# 告知承诺的事后核查期限: shown as written, never planned; rules set them in days or months.
CHECK_PERIOD_UNITS = (TimeUnit.WORKING_DAY, TimeUnit.NATURAL_DAY, TimeUnit.MONTH)


class Limit(Model):
    """A duration: an amount and its unit. A time limit of 0 is 即办 in any unit."""

    model_config = described(
        "时长",
        "一个时长写成数值和单位：办结时限用 工作日、自然日、小时，告知承诺的核查期限用 工作日、自然日、月。"
        "也可以简写为 `20`（工作日）或 `60 自然日`",
    )

    amount: Annotated[int, Field(ge=0, le=3650)] = Field(
        description="数值，如 60；办结时限为 0 表示即办（当场办结）"
    )
    unit: TimeUnit = Field(
        TimeUnit.WORKING_DAY,
        description="单位：工作日（默认）、自然日、小时（只用于办结时限）或月（只用于核查期限）",
    )

    def text(self) -> str:
        """As a notice or a message says it: `5 个工作日`, `60 个自然日`, `4 小时`, `2 个月`."""
        if self.unit is TimeUnit.HOUR:
            return f"{self.amount} 小时"
        return f"{self.amount} 个{self.unit}"


_LIMIT_TEXT = re.compile(r"\s*([0-9]+)\s*(?:个\s*)?(工作日|自然日|小时|月)?\s*")


def _limit(value: Any, *, units: tuple[TimeUnit, ...], what: str, example: str) -> Any:
    """`5` (working days), `"60 自然日"`, `"4 小时"` → Limit's fields; a mapping is passed on."""
    if isinstance(value, bool):
        raise ValueError(f"{what}应是数字（工作日），或“数字 单位”，{example}")
    if isinstance(value, int):
        return {"amount": value}
    if not isinstance(value, str):
        return value  # a mapping {amount, unit}, or a wrong type pydantic then reports
    match = _LIMIT_TEXT.fullmatch(value)
    if match is None:
        day = "；“天”“日”请写明是工作日还是自然日" if re.search(r"[0-9]\s*(天|日)$", value) else ""
        raise ValueError(
            f"{what}“{value}”应写作“数字 单位”，{example}；"
            f"单位可以是 {'、'.join(units)}，不写单位即工作日{day}"
        )
    amount, unit = match.groups()
    return {"amount": int(amount), "unit": unit or TimeUnit.WORKING_DAY}


def _in_units(limit: Limit, *, units: tuple[TimeUnit, ...], what: str, least: int) -> Limit:
    """The units (and the least amount) one use of a duration accepts."""
    if limit.unit not in units:
        raise ValueError(f"{what}不能以{limit.unit}计：单位可以是 {'、'.join(units)}")
    if limit.amount < least:
        raise ValueError(f"{what}至少为 {least}")
    return limit


def _limit_data(limit: Limit) -> int | str:
    """Back to the shortest form a spec accepts: working days stay a plain number."""
    return limit.amount if limit.unit is TimeUnit.WORKING_DAY else f"{limit.amount} {limit.unit}"


def _text_pattern(units: tuple[TimeUnit, ...]) -> str:
    return rf"^\s*[0-9]+\s*(个\s*)?({'|'.join(units)})?\s*$"


class Phrase:
    """Metadata of a value that .yjs may write as several bare words, read as one text joined by
    spaces: `legal 60 自然日` is the text "60 自然日", as YAML's `legal: 60 自然日` is."""


# A duration as written: a number of working days, "60 自然日" (in .yjs two words: `60 自然日`),
# or {amount, unit}. The validator's input type is what `yjs schema` and the .yjs reader accept.
LimitValue = Annotated[
    Limit,
    BeforeValidator(
        partial(_limit, units=ITEM_LIMIT_UNITS, what="时限", example="例如 `60 自然日`、`4 小时`"),
        json_schema_input_type=Annotated[
            int, Field(ge=0, le=3650, description="工作日数，如 `20`；0 为即办")
        ]
        | Annotated[
            str,
            Field(
                pattern=_text_pattern(ITEM_LIMIT_UNITS),
                description="“数字 单位”，单位为 工作日、自然日 或 小时，如 `60 自然日`、`4 小时`",
            ),
        ]
        | Limit,
    ),
    AfterValidator(partial(_in_units, units=ITEM_LIMIT_UNITS, what="时限", least=0)),
    PlainSerializer(_limit_data),
    Phrase(),
    Field(description="时限：数字（工作日），或“数字 单位”，如 `60 自然日`、`4 小时`；0 为即办"),
]


PeriodValue = Annotated[
    Limit,
    BeforeValidator(
        partial(
            _limit, units=CHECK_PERIOD_UNITS, what="核查期限", example="例如 `30 自然日`、`2 月`"
        ),
        json_schema_input_type=Annotated[int, Field(ge=1, le=3650, description="工作日数，如 `20`")]
        | Annotated[
            str,
            Field(
                pattern=_text_pattern(CHECK_PERIOD_UNITS),
                description="“数字 单位”，单位为 工作日、自然日 或 月，如 `30 自然日`、`2 月`",
            ),
        ]
        | Limit,
    ),
    AfterValidator(partial(_in_units, units=CHECK_PERIOD_UNITS, what="核查期限", least=1)),
    PlainSerializer(_limit_data),
    Phrase(),
    Field(
        description="事后核查期限：自作出决定之日起多长时间内核查承诺内容。写数字（工作日），"
        "或“数字 单位”（工作日、自然日、月，按设定该期限的规定原文），如 `20`、`30 自然日`、`2 月`"
    ),
]
