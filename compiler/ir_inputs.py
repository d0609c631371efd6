"""The IR of what an applicant fills in and hands over: fields (with their repeating groups),
materials, and the dated legal bases both cite.

Split from `compiler/ir.py`, which re-exports every name: read `ir.FieldDef` as before.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from compiler.delivery_terms import Pledge
from compiler.spec_types import Condition, Id, Model, Text, described
from compiler.vocabulary import (
    Acceptance,
    FieldType,
    MaterialForm,
    MaterialSource,
    Sensitivity,
)

# --- Validity in time, structured legal bases (issue 9.5) and repeating groups (issue 9.6) ---
# One convention for every dated thing: `valid_from` is the first day it holds, `valid_until`
# the first day it no longer does (a half-open period). So a law's successor starts on the very
# day written as its predecessor's `valid_until`, as 施行 and 同时废止 are published.
ValidFrom = Annotated[
    dt.date | None,
    Field(description="生效日期：当天起适用（法律依据写施行日期）；不写表示一直适用"),
]
ValidUntil = Annotated[
    dt.date | None,
    Field(
        description="失效日期：当天起不再适用（法律依据写废止日期）；须晚于 valid_from；"
        "不写表示没有失效日期"
    ),
]


def check_period(valid_from: dt.date | None, valid_until: dt.date | None) -> None:
    """A period that ends before it starts holds on no day: a slip, never what was meant."""
    if valid_from is not None and valid_until is not None and valid_until <= valid_from:
        raise ValueError(
            f"valid_until（{valid_until.isoformat()}）必须晚于 valid_from（{valid_from.isoformat()}）"
        )


def _check_choices(type_: FieldType, choices: list[str]) -> None:
    if type_ is FieldType.CHOICE and not choices:
        raise ValueError("choice 类型的字段必须列出 choices")
    if type_ is not FieldType.CHOICE and choices:
        raise ValueError("只有 choice 类型的字段可以有 choices")


class LegalBasis(Model):
    """One legal basis as data: which document, which article, and from when to when it holds.

    `yjs check --as-of DATE` warns when a basis is repealed or not yet in force on that date.
    A basis may also stay plain text (`《中华人民共和国民法典》`); both forms mix in one list.
    """

    model_config = described(
        "法律依据",
        "一条结构化的法律依据：名称、文号、条款和施行、废止日期。`yjs check --as-of 日期` "
        "对当天已废止的依据报 W701、尚未施行的报 W702",
    )

    title: Text = Field(description="法律、法规、规章或文件的名称，带书名号，如《婚姻登记条例》")
    number: str | None = Field(
        None, description="文号，如 国务院令第804号、国办发〔2022〕32号；法律写主席令号"
    )
    article: str | None = Field(None, description="适用的条款，如 第四条、第十二条第二款")
    valid_from: ValidFrom = None
    valid_until: ValidUntil = None
    replaced_by: str | None = Field(
        None,
        description="取代本条的规定的名称（同一清单中另一条的 title，其 valid_from 即本条的 "
        "valid_until）；写明后本条作为沿革保留，废止后也不报 W701",
    )

    @model_validator(mode="after")
    def _period(self) -> LegalBasis:
        check_period(self.valid_from, self.valid_until)
        return self


def _text_or_entry(value: Any) -> str:
    return "entry" if isinstance(value, dict | LegalBasis) else "text"


LegalBasisEntry = Annotated[
    Annotated[
        Text,
        Tag("text"),
        Field(description="一行文字写的依据，如“《中华人民共和国民法典》第一千零四十九条”"),
    ]
    | Annotated[LegalBasis, Tag("entry")],
    Discriminator(_text_or_entry),
]


class SubField(Model):
    """One column of a repeating group: every entry of the list gives it a value of its type."""

    model_config = described(
        "子字段",
        "列表字段（重复组）每一条记录中的一项，如股东的姓名、公民身份号码；每一条记录都按它的类型校验",
    )

    id: Id = Field(description="子字段标识：在本列表字段内唯一，是每一条记录中的键")
    label: Text = Field(description="子字段的名称，如 姓名、公民身份号码")
    type: FieldType = Field(
        FieldType.TEXT, description="子字段的类型，与字段相同（不能是 list：列表不能嵌套）"
    )
    help: str | None = Field(None, description="填写说明，显示在申请表这一项旁边")
    required: bool = Field(True, description="每一条记录是否必须填写这一项（默认 true）")
    sensitivity: Sensitivity = Field(
        Sensitivity.GENERAL, description="个人信息等级，平台据此脱敏（一般/个人信息/敏感个人信息）"
    )
    choices: list[Text] = Field([], description="choice 类型的可选项，如 [货币, 实物]")
    pattern: str | None = Field(
        None, description="text 类型须符合的正则表达式，如 `^[0-9]{6}$`（6 位数字）"
    )
    min: float | None = Field(None, description="数字的最小值（含），单位同字段，如 0")
    max: float | None = Field(None, description="数字的最大值（含），单位同字段")
    max_length: Annotated[int, Field(gt=0)] | None = Field(
        None, description="文字的最大长度（字数），如 50"
    )

    @model_validator(mode="after")
    def _typed(self) -> SubField:
        if self.type is FieldType.LIST:
            raise ValueError("子字段不能是 list 类型：列表字段不能嵌套")
        _check_choices(self.type, self.choices)
        return self


class FieldDef(Model):
    """One form field. `from_data` / `from_result` say where its value comes from instead."""

    model_config = described(
        "字段",
        "申请表中的一项信息。写了 from_data（共享数据源）或 from_result（前序事项的办件结果）的，"
        "由平台取得，不需要申请人填写。多个事项需要同一字段时，合并表单中只填一次",
    )

    id: Id = Field(
        description="字段标识（英文），如 `newborn_name`；事项的 fields、条件和规格测试的回答写它"
    )
    label: Text = Field(description="字段名称，申请表上显示的文字，如“新生儿姓名”")
    type: FieldType = Field(
        FieldType.TEXT,
        description="字段类型：text（默认）、integer、date、choice、id_number、list 等",
    )
    section: Text = Field(
        "基本信息", description="申请表中的分组标题，同一分组的字段排在一起；默认“基本信息”"
    )
    help: str | None = Field(None, description="填写说明，显示在申请表这一项旁边")
    required: bool = Field(
        True, description="是否必须填写（默认 true）；只在某些情形下必填时写 required_when"
    )
    sensitivity: Sensitivity = Field(
        Sensitivity.GENERAL, description="个人信息等级，平台据此脱敏（一般/个人信息/敏感个人信息）"
    )
    choices: list[Text] = Field([], description="choice 类型的可选项，如 [内资企业, 外资企业]")
    pattern: str | None = Field(
        None, description="text 类型须符合的正则表达式，如 `^[0-9]{6}$`（6 位数字）"
    )
    min: float | None = Field(None, description="数字的最小值（含），单位同字段，如面积写 0")
    max: float | None = Field(None, description="数字的最大值（含），单位同字段")
    max_length: Annotated[int, Field(gt=0)] | None = Field(
        None, description="文字的最大长度（字数），如 50"
    )
    from_data: Id | None = Field(
        None, description="值取自哪个共享数据源（data_sources 中的标识），申请人不必填写"
    )
    from_result: Id | None = Field(
        None,
        description="值取自哪个办件结果（前序事项 produces 中的材料标识），申请人不必填写；"
        "需要它的事项排在产出它的事项之后",
    )
    when: Condition | None = Field(
        None,
        description="条件：只在它成立时（且需要本字段的事项要办理时）才填写，如 `join_insurance`",
    )
    required_when: Condition | None = Field(
        None, description="条件：只在它成立时必填，如 `age(applicant_birth_date) < 18`"
    )
    fields: list[SubField] = Field(
        [], description="list 类型字段每一条记录的子字段（如股东的姓名、证件号码、出资额）"
    )
    min_count: Annotated[int, Field(ge=0, le=10000)] | None = Field(
        None, description="list 类型字段最少填写的条数；不写为 1"
    )
    max_count: Annotated[int, Field(ge=1, le=10000)] | None = Field(
        None, description="list 类型字段最多填写的条数；不写表示不限"
    )

    @model_validator(mode="after")
    def _choices_match_type(self) -> FieldDef:
        _check_choices(self.type, self.choices)
        if self.from_data and self.from_result:
            raise ValueError("from_data 与 from_result 只能二选一")
        return self

    @model_validator(mode="after")
    def _list_shape(self) -> FieldDef:
        """A list field is its sub-fields and its count bounds; a scalar field has neither."""
        if self.type is not FieldType.LIST:
            if self.fields or self.min_count is not None or self.max_count is not None:
                raise ValueError("只有 list 类型的字段可以有 fields、min_count、max_count")
            return self
        if not self.fields:
            raise ValueError("list 类型的字段必须在 fields 中列出子字段")
        scalar = [
            k for k in ("pattern", "min", "max", "max_length") if getattr(self, k) is not None
        ]
        if scalar:
            raise ValueError(
                f"list 类型的字段不能写 {'、'.join(scalar)}：条数用 min_count / max_count 限制，"
                "每一项的格式写在子字段上"
            )
        ids = [sub.id for sub in self.fields]
        if twice := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"子字段 `{'`、`'.join(twice)}` 重复：同一列表内子字段标识不能相同")
        if self.max_count is not None and self.least_count > self.max_count:
            raise ValueError(
                f"min_count（{self.least_count}）不能大于 max_count（{self.max_count}）"
            )
        return self

    @property
    def least_count(self) -> int:
        """The fewest entries a given list may have: `min_count`, 1 when not written."""
        return 1 if self.min_count is None else self.min_count


class Material(Model):
    """One material (申请材料). `license` makes it fetchable as an e-license (免提交)."""

    model_config = described(
        "材料",
        "申请材料，按实施清单的材料要素写：名称、形式、份数、来源渠道、受理要求。写了 license "
        "的可从电子证照库调取，申请人免于提交；多个事项需要同一材料时只交一次",
    )

    id: Id = Field(description="材料标识（英文），如 `household_register`；事项的 materials 写它")
    name: Text = Field(description="材料名称，如“居民户口簿”")
    form: MaterialForm = Field(
        MaterialForm.ORIGINAL, description="材料形式：原件（默认）、复印件、原件或复印件、电子件"
    )
    copies: Annotated[int, Field(ge=0, le=99)] = Field(
        1, description="纸质材料份数（默认 1）；不收纸质材料的（如电子件）写 0"
    )
    source: MaterialSource = Field(
        MaterialSource.APPLICANT,
        description="来源渠道：自备（默认）、部门核发、中介机构出具、办件结果、表单生成",
    )
    issuer: str | None = Field(None, description="出具材料的单位，如“出生医院”“公证机构”")
    license: Id | None = Field(
        None, description="对应的电子证照类型（licenses 中的标识）：能调取时申请人免于提交"
    )
    acceptance: Acceptance = Field(
        Acceptance.REQUIRED, description="受理要求：必需（默认）、容缺后补 或 告知承诺"
    )
    makeup_days: Annotated[int, Field(gt=0, le=365)] | None = Field(
        None,
        description="容缺后补的补交期限（工作日，自受理之日起），如 5；只用于 acceptance 为 容缺后补 的材料",
    )
    requirements: str | None = Field(
        None, description="对材料的具体要求，显示在一次告知单中，如“需加盖单位公章”"
    )
    when: Condition | None = Field(
        None,
        description="条件：只在它成立时（且需要本材料的事项要办理时）才提交，如 `has_house`",
    )
    pledge: Pledge | None = Field(
        None,
        description="告知承诺的事后核查：期限和核查部门（只用于 acceptance 为 告知承诺 的材料）",
    )
    valid_from: ValidFrom = None
    valid_until: ValidUntil = None

    @model_validator(mode="after")
    def _makeup_days_with_deferral(self) -> Material:
        if self.acceptance is Acceptance.DEFERRED and self.makeup_days is None:
            raise ValueError("容缺后补的材料必须写 makeup_days（后补期限，工作日）")
        if self.acceptance is not Acceptance.DEFERRED and self.makeup_days is not None:
            raise ValueError("只有容缺后补的材料可以写 makeup_days")
        return self

    @field_validator("pledge")
    @classmethod
    def _pledge_with_pledge_acceptance(
        cls, value: Pledge | None, info: ValidationInfo
    ) -> Pledge | None:
        if value is not None and info.data.get("acceptance") is not Acceptance.PLEDGE:
            raise ValueError("只有 acceptance 为 告知承诺 的材料可以写 pledge（事后核查）")
        return value

    @model_validator(mode="after")
    def _period(self) -> Material:
        check_period(self.valid_from, self.valid_until)
        return self
