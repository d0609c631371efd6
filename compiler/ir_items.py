"""The IR of an item (事项): its order without data, time limits, special procedures, and the
`use:` that takes an item from a library with overrides.

Split from `compiler/ir.py`, which re-exports every name: read `ir.Item` as before.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from compiler.delivery_terms import FeeSpec, Pledge, Service
from compiler.durations import (
    LimitValue,
)
from compiler.ir_inputs import (
    FieldDef,
    LegalBasisEntry,
    ValidFrom,
    ValidUntil,
    check_period,
)
from compiler.spec_types import Condition, Id, Model, Text, described
from compiler.vocabulary import (
    Application,
    ItemKind,
    Level,
)

# ---- Order without data (issue 9, point 1), and an item's time limits ----


class After(Model):
    """An item this one waits for although it takes none of its results (先后顺序)."""

    model_config = described(
        "先后顺序",
        "本事项要等另一个事项办结后才能办理，但不使用它的任何办件结果，如注销登记须在清税之后",
    )

    item: Id = Field(description="须先办结的事项的标识，如 `tax_deregistration`")
    reason: Text | None = Field(
        None,
        description="为什么要等它办结，显示在一次告知单的“办理顺序”中，如“清税后方可办理注销登记”",
    )


def _ref_or_after(value: Any) -> str:
    return "after" if isinstance(value, dict | After) else "ref"


AfterEntry = Annotated[
    Annotated[Id, Tag("ref"), Field(description="须先办结的事项的标识（不写原因）")]
    | Annotated[After, Tag("after")],
    Discriminator(_ref_or_after),
]


def after_id(entry: Id | After) -> str:
    return entry if isinstance(entry, str) else entry.item


def _unique_after(entries: list[Id | After]) -> list[Id | After]:
    ids = [after_id(e) for e in entries]
    if twice := sorted({i for i in ids if ids.count(i) > 1}):
        raise ValueError(f"after 中事项 `{twice[0]}` 写了不止一次")
    return entries


AfterList = Annotated[
    list[AfterEntry],
    AfterValidator(_unique_after),
    Field(
        description="须在这些事项办结后才能办理，但不使用它们的办件结果；"
        "写事项标识，或 {item, reason} 写明原因"
    ),
]


class TimeLimit(Model):
    """法定 and 承诺 time limits, each in its own unit (working days by default); 0 means 即办."""

    model_config = described(
        "办结时限",
        "事项的法定办结时限和承诺办结时限，各按规定原文的单位（工作日、自然日、小时）；0 为即办",
    )

    legal: LimitValue = Field(
        description="法定办结时限：法律、法规规定的作出决定的期限，如行政许可法第四十二条的"
        "“二十日”（以工作日计，第八十二条）；写 `20`（工作日）、`60 自然日` 等"
    )
    promised: LimitValue = Field(
        description="承诺办结时限：办理部门在实施清单、办事指南中对外承诺的期限，自受理之日起计算，"
        "不得长于法定时限（否则报 E502）；当场办结的即办件写 0"
    )


class SpecialProcedure(Model):
    """现场勘验, 技术审查, 听证, 公示 …: counted apart from the promised time."""

    model_config = described(
        "特别程序",
        "现场勘验、技术审查、听证、公示、检验检测、专家评审等特别程序：所需时间单列，不计入办结时限",
    )

    name: Text = Field(description="特别程序的名称，如“现场勘验”“专家评审”")
    days: LimitValue = Field(
        description="特别程序所需的时间，按规定原文的单位：`10`（工作日）、`20 自然日`（公示期、公告期）"
    )
    note: str | None = Field(None, description="说明，如何时需要")
    basis: LegalBasisEntry | None = Field(
        None,
        description="所需时间不计入时限的法律依据，写法同 legal_basis 的一条：一行文字，或 "
        "{title, number, article, valid_from, valid_until}；行政许可的听证、招标、拍卖、检验、"
        "检测、检疫、鉴定和专家评审通常依据《中华人民共和国行政许可法》第四十五条。没有时报 W510",
    )


def _ref_or_decl(value: Any) -> str:
    return "decl" if isinstance(value, dict | FieldDef) else "ref"


FieldUse = Annotated[
    Annotated[Id, Tag("ref"), Field(description="已定义字段的标识（本文件或导入的 fields 中）")]
    | Annotated[FieldDef, Tag("decl")],
    Discriminator(_ref_or_decl),
]


class Item(Model):
    """One administrative item (事项) inside the bundle."""

    model_config = described(
        "事项",
        "一件事中的一个政务服务事项，由一个部门办理：它需要的字段和材料、产出的办件结果、"
        "办结时限、办理条件，以及办理方式、收费和告知承诺",
    )

    id: Id = Field(description="事项标识（英文），如 `birth_registration`；after 和规格测试写它")
    name: Text = Field(description="事项名称，与实施清单一致，如“出生登记”")
    code: str | None = Field(
        None,
        description="国家实施编码：实施主体的统一社会信用代码（18 位）加事项部分，共 31 或 33 位，"
        "只含数字和大写字母（不符合时报 E309）；省级编码写在 local_code",
    )
    kind: ItemKind = Field(
        ItemKind.PUBLIC_SERVICE,
        description="事项类型：行政许可、行政确认、行政给付、公共服务（默认）等",
    )
    department: Id = Field(
        description="办理部门：部门标识，或共享事项中的部门职能标识（由认领该职能的部门办理）"
    )
    level: Level | None = Field(None, description="行使层级；不写时取办理部门的层级")
    days: TimeLimit = Field(
        description="办结时限：{legal 法定时限, promised 承诺时限}，如 `{legal: 20, promised: 5}`"
    )
    special_procedures: list[SpecialProcedure] = Field(
        [], description="不计入办结时限的特别程序，如现场勘验、专家评审"
    )
    fee: FeeSpec | None = Field(
        None,
        description="收费：`不收费`，或 {amount, standard, basis, exemptions, note}；不写时取一件事的 fee",
    )
    when: Condition | None = Field(
        None,
        description="办理条件：只在它成立时才办理本事项，如 `join_insurance`（选“是”时）或 "
        "`join_insurance and household_region in_region 330100`；不写即必办",
    )
    fields: list[FieldUse] = Field(
        [], description="本事项需要的字段：已定义字段的标识，或在这里直接定义的字段"
    )
    materials: list[Id] = Field([], description="本事项需要的材料（materials 中的标识）")
    produces: list[Id] = Field(
        [],
        description="本事项产出的办件结果（materials 中的标识），如出生医学证明；"
        "需要它的事项排在本事项之后",
    )
    field_codes: dict[Id, Text] = Field(
        {}, description="字段标识 → 办理部门业务系统中的字段编码，如 `{newborn_name: XM}`"
    )
    local_code: Text | None = Field(
        None, description="地方实施编码（省级实施清单自己的编码，不按国家格式校验）"
    )
    application: Application = Field(
        Application.ON_REQUEST,
        description="申请方式：依申请（默认）或 免申即享（按共享数据主动兑现，不向申请人要任何信息；"
        "when 只能引用取自共享数据的字段）",
    )
    service: Service | None = Field(
        None, description="本事项的办理方式，覆盖一件事 service 中的同名项"
    )
    pledge: Pledge | None = Field(
        None, description="事项告知承诺：凭申请人的书面承诺作出决定，写明事后核查期限和核查部门"
    )
    valid_from: ValidFrom = None
    valid_until: ValidUntil = None
    after: AfterList = Field(
        [],
        description="先后顺序：须在这些事项办结后才能办理，但不使用它们的办件结果；"
        "写事项标识，或 {item, reason} 写明原因",
    )

    @model_validator(mode="after")
    def _period(self) -> Item:
        check_period(self.valid_from, self.valid_until)
        return self


class ItemUse(Model):
    """An item the library defines, reused in this bundle; `when` gates it here.

    Every key besides `use` overrides the library item's key of the same name, in this bundle
    only (resolve.py applies it once): a city states its own department, level, condition,
    time limits, codes, fee, 办理方式, 告知承诺 or 免申即享 without copying the item. Only the
    keys below can be overridden; each accepts what the Item field of the same name accepts
    (tests/test_library_items.py holds them equal). Materials, fields and results cannot be:
    an item that needs other ones is another item, defined in the bundle under its own id.
    """

    model_config = described(
        "复用的事项",
        "引用参考库中定义的共享事项（`use: 事项标识`）。可在本一件事中覆盖办理部门、层级、时限、"
        "条件、编码、收费、办理方式、告知承诺和申请方式；材料、字段和办件结果不能覆盖",
    )

    use: Id = Field(description="参考库中共享事项的标识，如 `social_security_card_application`")
    when: Condition | None = Field(
        None, description="在本一件事中的办理条件：只在它成立时才办理，覆盖共享事项的 when"
    )
    department: Id | None = Field(
        None, description="覆盖共享事项的办理部门（部门或部门职能的标识），只在本一件事中生效"
    )
    level: Level | None = Field(None, description="覆盖共享事项的行使层级，只在本一件事中生效")
    days: TimeLimit | None = Field(
        None, description="覆盖共享事项的法定和承诺时限（两者都要写），只在本一件事中生效"
    )
    code: str | None = Field(
        None,
        description="本地实施该事项的国家实施编码（含实施主体的统一社会信用代码，31 或 33 位），"
        "覆盖共享事项的编码",
    )
    local_code: Text | None = Field(
        None, description="覆盖共享事项的地方实施编码，只在本一件事中生效"
    )
    fee: FeeSpec | None = Field(
        None,
        description="覆盖共享事项的收费（`不收费` 或 {amount, standard, basis, exemptions, note}）",
    )
    service: Service | None = Field(
        None, description="覆盖共享事项的办理方式（整体替换；未写的项取一件事 service 的默认值）"
    )
    pledge: Pledge | None = Field(
        None, description="覆盖共享事项的事项告知承诺（事后核查期限和核查部门），只在本一件事中生效"
    )
    application: Application | None = Field(
        None, description="覆盖共享事项的申请方式：依申请 或 免申即享（本地按共享数据主动兑现时）"
    )
    after: AfterList = Field(
        [], description="本一件事中此事项还须排在哪些事项之后（追加到共享事项自己的 after 之后）"
    )


# The keys a `use:` may override: ItemUse's fields besides `use`, each also a field of Item.
# `after` is not among them: it adds to the library item's order instead of replacing it.
USE_OVERRIDES: tuple[str, ...] = tuple(k for k in ItemUse.model_fields if k not in ("use", "after"))


def _item_or_use(value: Any) -> str:
    return (
        "use"
        if isinstance(value, ItemUse) or (isinstance(value, dict) and "use" in value)
        else "item"
    )


ItemEntry = Annotated[
    Annotated[Item, Tag("item")] | Annotated[ItemUse, Tag("use")], Discriminator(_item_or_use)
]
