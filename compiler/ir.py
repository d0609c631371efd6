"""The IR: frozen pydantic models of a 一件事 spec and of the reference library it imports.

The models are also the YAML format: keys are field names, `extra="forbid"` turns a typo into
E110. Every key carries a Chinese `description`, every model a Chinese title and description
(`described`) and every closed list the meaning of each value (`choices`): `yjs schema` gives
them to the analyst's editor, while the English docstrings stay notes for developers. Durations
carry their unit (工作日 by default, 自然日, 小时, 月). Ids are ASCII snake_case: they become keys
in JSON Schema, BPMN and department systems; everything a user reads is Chinese.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from compiler.assertions import SpecTest, Targets
from compiler.delivery_terms import FeeSpec, Pledge, Service
from compiler.durations import (
    LimitValue,
)
from compiler.spec_types import Condition, Days, Id, Model, Text, described
from compiler.vocabulary import (
    Acceptance,
    Application,
    DepartmentKind,
    FieldType,
    ItemKind,
    Level,
    MaterialForm,
    MaterialSource,
    Sensitivity,
    ServiceArea,
    Subject,
)


class Department(Model):
    """A body that handles items: a government department, a hospital, a utility, a bank."""

    model_config = described(
        "部门",
        "办理或受理事项的单位：政府部门、事业单位、医疗机构、公用企业或金融机构。"
        "事项的 department、一件事的 lead 写它的标识",
    )

    id: Id = Field(description="部门标识（英文），如 `city_police`；事项的 department 写它")
    name: Text = Field(description="单位全称，如“××市公安局”“××市第一人民医院”")
    level: Level = Field(description="单位所在的层级；事项不写 level 时取它")
    region: Annotated[str, Field(pattern=r"^\d{6}$")] = Field(
        description="管辖区域的行政区划代码（GB/T 2260，6 位数字），YAML 中加引号写作文字，"
        '如 "330100"'
    )
    kind: DepartmentKind = Field(
        DepartmentKind.GOVERNMENT, description="单位类型：政府部门（默认）、事业单位、医疗机构等"
    )
    address: str | None = Field(None, description="办公或受理地址")
    phone: str | None = Field(None, description="联系电话")
    roles: list[Id] = Field(
        [],
        description="本部门在本地认领的部门职能（`roles` 中定义的标识）：共享事项以职能指代办理部门，"
        "一件事导入本地部门库后，这些事项就由认领该职能的部门办理",
    )


class Role(Model):
    """部门职能: a kind of department as laws name it (“市场监督管理部门”), not any city's body.

    A shared library item names its department by role, so the library says nothing about any
    one city; each city's department list claims the roles its departments fill, and resolution
    binds the item to the claiming department of the bundle that uses it.
    """

    model_config = described(
        "部门职能",
        "法律法规对一类部门的称呼（如“市场监督管理部门”），不指某个城市的具体部门。"
        "共享事项以职能写办理部门，由各城市部门库中的部门用 roles 认领",
    )

    id: Id = Field(description="职能标识，例如 `market_regulation`；共享事项的 `department` 写它")
    name: Text = Field(description="职能名称，按法律法规的称呼，例如“市场监督管理部门”")


class DataSource(Model):
    """A shared database the platform can read instead of asking the applicant."""

    model_config = described(
        "共享数据源",
        "平台可以直接查询、不必让申请人填写的共享数据库，如人口基础信息库。字段用 from_data 引用它",
    )

    id: Id = Field(description="数据源标识（英文），如 `population_db`；字段的 from_data 写它")
    name: Text = Field(description="数据源名称，如“人口基础信息库”")
    provider: Text = Field(description="维护和提供数据的单位，如“省公安厅”")


class LicenseType(Model):
    """An e-license (电子证照) type the platform can fetch from the e-license library."""

    model_config = described(
        "电子证照类型",
        "平台可以从电子证照库调取的证照种类，如居民身份证、营业执照。"
        "材料用 license 引用它后，申请人免于提交",
    )

    id: Id = Field(description="证照类型标识（英文），如 `business_license`；材料的 license 写它")
    name: Text = Field(description="证照名称，如“营业执照”")
    issuer: Text = Field(description="颁发证照的部门，如“市场监督管理部门”")
    holder: Subject = Field(Subject.PERSON, description="持证主体：个人（默认）、企业或项目")


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


def _check_period(valid_from: dt.date | None, valid_until: dt.date | None) -> None:
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
        _check_period(self.valid_from, self.valid_until)
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
        _check_period(self.valid_from, self.valid_until)
        return self


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
        _check_period(self.valid_from, self.valid_until)
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


class Situation(Model):
    """A question the applicant answers at intake (情形)."""

    model_config = described(
        "情形",
        "申请人一开始回答的问题（是/否或选择），决定要办哪些事项、填哪些字段、交哪些材料",
    )

    id: Id = Field(description="情形标识（英文），如 `join_insurance`；条件中写它")
    question: Text = Field(description="向申请人提的问题，如“是否办理医保参保？”")
    type: FieldType = Field(
        FieldType.BOOLEAN, description="回答的类型：boolean（是/否，默认）或 choice（选择）"
    )
    choices: list[Text] = Field([], description="choice 类型的可选项，如 [自有住房, 租赁住房]")

    @model_validator(mode="after")
    def _boolean_or_choice(self) -> Situation:
        if self.type not in (FieldType.BOOLEAN, FieldType.CHOICE):
            raise ValueError("情形的 type 只能是 boolean 或 choice")
        if (self.type is FieldType.CHOICE) != bool(self.choices):
            raise ValueError("choice 类型的情形必须列出 choices，boolean 类型不能有 choices")
        return self


class Rule(Model):
    """A check over the applicant's answers, e.g. 出生日期不能晚于今天; `check` must hold."""

    model_config = described(
        "校验规则",
        "对申请人所填内容的检查，如出生日期不能晚于申请当日；check 不成立时向申请人显示 message",
    )

    id: Id = Field(description="规则标识（英文），如 `birth_not_future`")
    check: Condition = Field(
        description="必须成立的条件，如 `newborn_birth_date <= today()`、`count(shareholders) <= 50`"
    )
    message: Text = Field(
        description="check 不成立时向申请人显示的提示，如“出生日期不能晚于申请当日”"
    )
    when: Condition | None = Field(None, description="只在这个条件成立时才检查")


class Channel(Model):
    """Where and how to apply (办理渠道)."""

    model_config = described(
        "申请渠道", "一件事的线上或线下申请渠道说明，显示在一次告知单的“办理渠道”中"
    )

    kind: Annotated[str, Field(pattern=r"^(线上|线下)$")] = Field(description="线上 或 线下")
    name: Text = Field(description="渠道名称，如“湖南政务服务网”“市民之家综合窗口”")
    address: str | None = Field(None, description="网址或地址")


class Definitions(Model):
    """Reference data a file may define: shared by scenarios and library files."""

    imports: list[Text] = Field(
        [],
        description="导入的参考库：项目根目录下不带扩展名的相对路径，如 `stdlib/common/fields`",
    )
    departments: list[Department] = Field([], description="本文件定义的部门")
    roles: list[Role] = Field(
        [],
        description="部门职能：法律法规对一类部门的称呼。共享事项以职能指代办理部门，由各地部门库中的部门认领",
    )
    data_sources: list[DataSource] = Field([], description="本文件定义的共享数据源")
    licenses: list[LicenseType] = Field([], description="本文件定义的电子证照类型")
    fields: list[FieldDef] = Field([], description="本文件定义的字段，事项按标识引用")
    materials: list[Material] = Field(
        [], description="本文件定义的材料（含办件结果），事项按标识引用"
    )


class Library(Definitions):
    """A stdlib file: reference data, and items several bundles share (`use:` in a scenario)."""

    model_config = described(
        "参考库",
        "参考库文件：部门、部门职能、共享数据源、电子证照、字段、材料，以及多个一件事可以用 use "
        "复用的共享事项",
    )

    library: Id = Field(description="参考库标识（英文），如 `common_fields`")
    name: Text = Field(description="参考库名称，如“通用字段”")
    notes: str | None = Field(
        None, description="作者的说明和假设（如默认值取自哪里），不对申请人展示"
    )
    items: list[Item] = Field([], description="共享事项：一件事用 `use: 事项标识` 复用")


class Scenario(Definitions):
    """One 一件事."""

    model_config = described(
        "一件事",
        "一个“一件事”：把多个相关联的事项集成为一次申请、一套材料、一次办结（国发〔2024〕3号"
        "“高效办成一件事”）。由它生成合并申请表、分办路由和一次告知单",
    )

    scenario: Id = Field(description="一件事标识（英文），如 `newborn`；也是生成物的目录名")
    name: Text = Field(description="一件事名称，如“新生儿出生一件事”")
    subject: Subject = Field(description="服务对象：个人、企业或项目")
    batch: dt.date = Field(
        description="上线日期（按工作计划的批次），如 2023-05-31；规格测试默认按这一天计算"
    )
    lead: Id = Field(description="牵头部门（departments 中的标识）：统一出件等在这里办理")
    promised_days: Days = Field(
        description="整件事的承诺办结时限（工作日），如 5；关键路径超过它时报 E503"
    )
    scope: ServiceArea = Field(
        ServiceArea.CITY, description="通办范围：全国、全省、全市（默认）、全县"
    )
    legal_basis: list[LegalBasisEntry] = Field(
        [],
        description="法律依据：每条写一行文字，或 {title, number, article, valid_from, valid_until}",
    )
    channels: list[Channel] = Field(
        [], description="申请渠道说明（线上、线下），显示在一次告知单中"
    )
    delivery: list[Text] = Field(
        [], description="办件结果一次送达的方式说明，如“免费邮寄送达”，显示在一次告知单中"
    )
    special_services: list[Text] = Field(
        [], description="帮办代办、上门办理等特色服务的说明，显示在一次告知单中"
    )
    consult: str | None = Field(None, description="咨询电话，如 12345")
    notes: str | None = Field(
        None, description="作者的说明和假设（写明来源或“假设”），不对申请人展示"
    )
    situations: list[Situation] = Field(
        [], description="情形：申请人一开始回答的问题，决定办哪些事项"
    )
    items: Annotated[list[ItemEntry], Field(min_length=1)] = Field(
        description="一件事包含的事项：在这里定义（id、name…），或用 `use: 标识` 复用参考库中的事项"
    )
    rules: list[Rule] = Field([], description="对申请人所填内容的校验规则")
    tests: list[SpecTest] = Field(
        [], description="规格测试：假设的回答和应当办理的事项，`yjs check` 逐一核对"
    )
    service: Service | None = Field(
        None,
        description="各事项办理方式的默认值：受理点、渠道和到现场次数、结果送达、就近办、帮代办、上门办",
    )
    fee: FeeSpec | None = Field(
        None, description="各事项收费的默认值（不写即 不收费）；事项的 fee 覆盖它"
    )
    targets: Targets | None = Field(
        None,
        description="政府公开承诺的目标：最多提交材料份数、环节数、工作日、跑动次数，是否全程网办；"
        "最坏情况超过任何一项即报错",
    )
