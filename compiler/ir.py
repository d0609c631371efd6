"""The IR: frozen pydantic models of a 一件事 spec and of the reference library it imports.

The models are also the YAML format: keys are field names, `extra="forbid"` turns a typo into
E110, and each model's docstring and field descriptions feed `yjs schema` later. Time limits carry
their unit (工作日 by default, 自然日, 小时). Ids are ASCII snake_case: they become keys in JSON Schema,
BPMN and department systems; everything a user reads is Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
# A condition in the language of `dsl/condition.lark`, e.g. "join_insurance and area <= 300";
# checked against the bundle's situations and fields by `checks/condition_types.py`.
Condition = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
Days = Annotated[int, Field(ge=0, le=3650)]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Subject(StrEnum):
    PERSON = "个人"
    ENTERPRISE = "企业"
    PROJECT = "项目"


class Level(StrEnum):
    """行使层级, national codes 2–6 in order."""

    PROVINCE = "省"
    CITY = "市"
    COUNTY = "区县"
    TOWN = "乡镇街道"
    VILLAGE = "村社区"


class ItemKind(StrEnum):
    """事项类型 (national code list: 01 行政许可 … 20 公共服务)."""

    LICENSING = "行政许可"
    BENEFIT = "行政给付"
    CONFIRMATION = "行政确认"
    REWARD = "行政奖励"
    ADJUDICATION = "行政裁决"
    LEVY = "行政征收"
    OTHER_POWER = "其他行政权力"
    PUBLIC_SERVICE = "公共服务"


class ServiceArea(StrEnum):
    """通办范围."""

    NATION = "全国"
    PROVINCE = "全省"
    CITY = "全市"
    COUNTY = "全县"


class FieldType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    CHOICE = "choice"
    ID_NUMBER = "id_number"  # 公民身份号码, GB 11643
    CREDIT_CODE = "credit_code"  # 统一社会信用代码, GB 32100
    PHONE = "phone"  # 中国大陆手机号
    REGION = "region"  # GB/T 2260 行政区划代码
    MONEY = "money"  # 人民币元, two decimals
    LIST = "list"  # a repeating group (股东, 家庭成员): entries of typed sub-fields


class Sensitivity(StrEnum):
    """Personal-information grade (个人信息保护法): drives masking on the platform."""

    GENERAL = "一般"
    PERSONAL = "个人信息"
    SENSITIVE = "敏感个人信息"


class MaterialForm(StrEnum):
    ORIGINAL = "原件"
    COPY = "复印件"
    ORIGINAL_OR_COPY = "原件或复印件"
    ELECTRONIC = "电子件"


class MaterialSource(StrEnum):
    """来源渠道: who supplies the material (national codes 10/20/30 plus in-bundle results)."""

    APPLICANT = "自备"
    DEPARTMENT = "部门核发"
    INTERMEDIARY = "中介机构出具"
    RESULT = "办件结果"  # produced by an item of the same 一件事


class Acceptance(StrEnum):
    REQUIRED = "必需"
    DEFERRED = "容缺后补"  # accepted now, handed in within `makeup_days`
    PLEDGE = "告知承诺"  # a signed pledge replaces the material


class DepartmentKind(StrEnum):
    GOVERNMENT = "政府部门"
    INSTITUTION = "事业单位"
    MEDICAL = "医疗机构"
    UTILITY = "公用企业"
    BANK = "金融机构"


class Department(Model):
    """A body that handles items: a government department, a hospital, a utility, a bank."""

    id: Id
    name: Text
    level: Level
    region: Annotated[str, Field(pattern=r"^\d{6}$")]  # GB/T 2260 code of its jurisdiction
    kind: DepartmentKind = DepartmentKind.GOVERNMENT
    address: str | None = None
    phone: str | None = None
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

    id: Id = Field(description="职能标识，例如 `market_regulation`；共享事项的 `department` 写它")
    name: Text = Field(description="职能名称，按法律法规的称呼，例如“市场监督管理部门”")


class DataSource(Model):
    """A shared database the platform can read instead of asking the applicant."""

    id: Id
    name: Text
    provider: Text  # who maintains it, in words (e.g. 省公安厅)


class LicenseType(Model):
    """An e-license (电子证照) type the platform can fetch from the e-license library."""

    id: Id
    name: Text
    issuer: Text
    holder: Subject = Subject.PERSON


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
    Annotated[Text, Tag("text")] | Annotated[LegalBasis, Tag("entry")],
    Discriminator(_text_or_entry),
]


class SubField(Model):
    """One column of a repeating group: every entry of the list gives it a value of its type."""

    id: Id = Field(description="子字段标识：在本列表字段内唯一，是每一条记录中的键")
    label: Text = Field(description="子字段的名称，如 姓名、公民身份号码")
    type: FieldType = Field(
        FieldType.TEXT, description="子字段的类型，与字段相同（不能是 list：列表不能嵌套）"
    )
    help: str | None = Field(None, description="填写说明")
    required: bool = Field(True, description="每一条记录是否必须填写这一项")
    sensitivity: Sensitivity = Field(
        Sensitivity.GENERAL, description="个人信息等级，平台据此脱敏（一般/个人信息/敏感个人信息）"
    )
    choices: list[Text] = Field([], description="choice 类型的可选项")
    pattern: str | None = Field(None, description="text 类型的正则表达式")
    min: float | None = Field(None, description="数字的最小值")
    max: float | None = Field(None, description="数字的最大值")
    max_length: Annotated[int, Field(gt=0)] | None = Field(None, description="文字的最大长度")

    @model_validator(mode="after")
    def _typed(self) -> SubField:
        if self.type is FieldType.LIST:
            raise ValueError("子字段不能是 list 类型：列表字段不能嵌套")
        _check_choices(self.type, self.choices)
        return self


class FieldDef(Model):
    """One form field. `from_data` / `from_result` say where its value comes from instead."""

    id: Id
    label: Text
    type: FieldType = FieldType.TEXT
    section: Text = "基本信息"
    help: str | None = None
    required: bool = True
    sensitivity: Sensitivity = Sensitivity.GENERAL
    choices: list[Text] = []
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    max_length: Annotated[int, Field(gt=0)] | None = None
    from_data: Id | None = None
    from_result: Id | None = None
    when: Condition | None = None  # shown only when this holds (and an item needing it applies)
    required_when: Condition | None = None  # required only when this holds
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


# ---------------------------------------------------------------------------
# Service delivery (issue 9.3) and commitments, proactive service (issue 9.4)
# ---------------------------------------------------------------------------

ONE_WINDOW = "综合窗口"  # `accept`: 一窗受理, the bundle's 综合窗口 accepts for every item
OWN_DEPARTMENT = "办理部门"  # `accept`: each item is accepted by the department handling it
NO_FEE = "不收费"  # `fee` shorthand; what an item charges when nothing says otherwise


class ServiceChannel(StrEnum):
    """办理渠道, a closed list: what a platform can offer an applicant."""

    ONLINE = "全程网办"
    WINDOW = "窗口"
    KIOSK = "自助终端"
    MOBILE = "移动端"


class ResultDelivery(StrEnum):
    """办件结果送达方式."""

    E_LICENSE = "电子证照"
    MAIL = "邮寄"
    PICKUP = "窗口领取"
    UNIFIED = "统一出件"  # issued together at the lead department


class Nearby(StrEnum):
    """就近办: 受理 entrusted to a 街道（乡镇）or 社区（村）service centre."""

    STREET = "街道"
    COMMUNITY = "社区"


class Application(StrEnum):
    """申请方式: an item the applicant applies for, or one granted from shared data."""

    ON_REQUEST = "依申请"
    PROACTIVE = "免申即享"


class PeriodUnit(StrEnum):
    """The unit a 核查 period is written in, as the rule that sets it writes it."""

    WORKING_DAYS = "工作日"
    NATURAL_DAYS = "自然日"
    MONTHS = "月"


Visits = Annotated[int, Field(ge=0, le=10)]


class Service(Model):
    """办理方式. Under the scenario: defaults for every item; under an item: its overrides.

    Every key is optional at both levels: a key written nowhere is "not stated" (null in
    routing.json), never a guess.
    """

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
    Annotated[Fee, Tag("terms")] | Annotated[Text, Tag("text")], Discriminator(_terms_or_text)
]


class Pledge(Model):
    """告知承诺 (国办发〔2020〕42号): decided on the applicant's written promise, checked later.

    On an item the whole approval is given on the promise (涉企经营许可告知承诺); on a
    material the promise replaces that material. Either way a department checks within a time
    limit after the decision (事后核查), in the unit the rule setting it uses.
    """

    check_within: Annotated[int, Field(gt=0, le=3650)] = Field(
        description="事后核查期限：自作出决定（或受理）之日起多少个 check_unit 内核查"
    )
    check_unit: PeriodUnit = Field(
        PeriodUnit.WORKING_DAYS, description="核查期限的单位：工作日（默认）、自然日或月"
    )
    checked_by: Id | None = Field(
        None, description="负责核查的部门标识；不写时为办理该事项（或需要该材料的事项）的部门"
    )
    basis: Text | None = Field(None, description="实行告知承诺和核查期限的依据")


class Material(Model):
    """One material (申请材料). `license` makes it fetchable as an e-license (免提交)."""

    id: Id
    name: Text
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: Annotated[int, Field(ge=0, le=99)] = 1
    source: MaterialSource = MaterialSource.APPLICANT
    issuer: str | None = None
    license: Id | None = None
    acceptance: Acceptance = Acceptance.REQUIRED
    makeup_days: Annotated[int, Field(gt=0, le=365)] | None = None
    requirements: str | None = None
    when: Condition | None = None  # needed only when this holds (and an item needing it applies)
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


# ---- Time limits in the law's own unit, and order without data (issue 9, points 1 and 2) ----


class TimeUnit(StrEnum):
    """时限单位: a limit keeps the unit its law or promise is written in."""

    WORKING_DAY = "工作日"  # 行政许可法第八十二条: 以工作日计算，不含法定节假日
    NATURAL_DAY = "自然日"  # 民法典第二百零一条至第二百零三条: 次日起算，末日遇节假日顺延
    HOUR = "小时"  # working hours: a working day has 8 (国务院关于职工工作时间的规定第三条)


class Limit(Model):
    """A time limit: an amount and its unit; 0 is 即办 in any unit."""

    amount: Annotated[int, Field(ge=0, le=3650, description="时限的数值；0 表示即办")]
    unit: TimeUnit = Field(
        TimeUnit.WORKING_DAY, description="时限单位：工作日（默认）、自然日或小时（工作小时）"
    )

    def text(self) -> str:
        """As a notice or a message says it: `5 个工作日`, `60 个自然日`, `4 小时`."""
        if self.unit is TimeUnit.HOUR:
            return f"{self.amount} 小时"
        return f"{self.amount} 个{self.unit}"


_LIMIT_TEXT = re.compile(r"\s*([0-9]+)\s*(?:个\s*)?(工作日|自然日|小时)?\s*")
_LIMIT_UNITS = "、".join(TimeUnit)


def _limit(value: Any) -> Any:
    """`5` (working days), `"60 自然日"`, `"4 小时"` → Limit's fields; a mapping is passed on."""
    if isinstance(value, bool):
        raise ValueError("时限应是数字（工作日），或“数字 单位”，例如 `60 自然日`、`4 小时`")
    if isinstance(value, int):
        return {"amount": value}
    if not isinstance(value, str):
        return value  # a mapping {amount, unit}, or a wrong type pydantic then reports
    match = _LIMIT_TEXT.fullmatch(value)
    if match is None:
        day = "；“天”“日”请写明是工作日还是自然日" if re.search(r"[0-9]\s*(天|日)$", value) else ""
        raise ValueError(
            f"时限“{value}”应写作“数字 单位”，例如 `60 自然日`、`4 小时`；"
            f"单位可以是 {_LIMIT_UNITS}，不写单位即工作日{day}"
        )
    amount, unit = match.groups()
    return {"amount": int(amount), "unit": unit or TimeUnit.WORKING_DAY}


def _limit_data(limit: Limit) -> int | str:
    """Back to the shortest form a spec accepts: working days stay a plain number."""
    return limit.amount if limit.unit is TimeUnit.WORKING_DAY else f"{limit.amount} {limit.unit}"


class Phrase:
    """Metadata of a value that .yjs may write as several bare words, read as one text joined by
    spaces: `legal 60 自然日` is the text "60 自然日", as YAML's `legal: 60 自然日` is."""


LimitText = Annotated[str, Field(pattern=r"^\s*[0-9]+\s*(个\s*)?(工作日|自然日|小时)?\s*$")]
# A limit as written: a number of working days, "60 自然日" (in .yjs two words: `60 自然日`), or
# {amount, unit}. The validator's input type is what `yjs schema` and the .yjs reader accept.
LimitValue = Annotated[
    Limit,
    BeforeValidator(
        _limit, json_schema_input_type=Annotated[int, Field(ge=0, le=3650)] | LimitText | Limit
    ),
    PlainSerializer(_limit_data),
    Phrase(),
    Field(description="时限：数字（工作日），或“数字 单位”，如 `60 自然日`、`4 小时`；0 为即办"),
]


class After(Model):
    """An item this one waits for although it takes none of its results (先后顺序)."""

    item: Id = Field(description="须先办结的事项")
    reason: Text | None = Field(None, description="为什么要等它办结（显示在一次告知单中）")


def _ref_or_after(value: Any) -> str:
    return "after" if isinstance(value, dict | After) else "ref"


AfterEntry = Annotated[
    Annotated[Id, Tag("ref")] | Annotated[After, Tag("after")], Discriminator(_ref_or_after)
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

    legal: LimitValue
    promised: LimitValue


class SpecialProcedure(Model):
    """现场勘验, 技术审查, 听证, 公示 …: counted apart from the promised time."""

    name: Text
    days: Days
    note: str | None = None


def _ref_or_decl(value: Any) -> str:
    return "decl" if isinstance(value, dict | FieldDef) else "ref"


FieldUse = Annotated[
    Annotated[Id, Tag("ref")] | Annotated[FieldDef, Tag("decl")], Discriminator(_ref_or_decl)
]


class Item(Model):
    """One administrative item (事项) inside the bundle."""

    id: Id
    name: Text
    code: str | None = None  # national 实施编码 (GB/T 39554.1; format checked, E309)
    kind: ItemKind = ItemKind.PUBLIC_SERVICE
    department: Id
    level: Level | None = None  # defaults to the department's level
    days: TimeLimit
    special_procedures: list[SpecialProcedure] = []
    fee: FeeSpec | None = Field(
        None,
        description="收费：`不收费`，或 {amount, standard, basis, exemptions, note}；不写时取一件事的 fee",
    )
    when: Condition | None = None  # the item is handled only when this holds
    fields: list[FieldUse] = []
    materials: list[Id] = []
    produces: list[Id] = []
    field_codes: dict[Id, Text] = {}  # field id → the department system's own field code
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
    after: AfterList = []

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

    use: Id
    when: Condition | None = None
    department: Id | None = Field(
        None, description="覆盖共享事项的办理部门（部门或部门职能的标识），只在本一件事中生效"
    )
    level: Level | None = Field(None, description="覆盖共享事项的行使层级，只在本一件事中生效")
    days: TimeLimit | None = Field(
        None, description="覆盖共享事项的法定和承诺时限（两者都要写），只在本一件事中生效"
    )
    code: str | None = Field(
        None,
        description="本地实施该事项的国家实施编码（含实施主体的统一社会信用代码），覆盖共享事项的",
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

    id: Id
    question: Text
    type: FieldType = FieldType.BOOLEAN
    choices: list[Text] = []

    @model_validator(mode="after")
    def _boolean_or_choice(self) -> Situation:
        if self.type not in (FieldType.BOOLEAN, FieldType.CHOICE):
            raise ValueError("情形的 type 只能是 boolean 或 choice")
        if (self.type is FieldType.CHOICE) != bool(self.choices):
            raise ValueError("choice 类型的情形必须列出 choices，boolean 类型不能有 choices")
        return self


class Rule(Model):
    """A check over the applicant's answers, e.g. 出生日期不能晚于今天; `check` must hold."""

    id: Id
    check: Condition
    message: Text  # what the applicant reads when the check fails
    when: Condition | None = None  # the rule applies only when this holds


class Expectation(Model):
    items: list[Id]
    materials: list[Id] | None = None  # materials to submit or fetch, when the test says
    failed_rules: list[Id] | None = None  # rules that must fail for these answers


# One answer; a list field's answer is a list of entries, each sub-field id → its answer.
Answer = bool | int | float | dt.date | str


class SpecTest(Model):
    """Given intake answers (and field values), which items apply and which rules fail."""

    name: Text
    answers: dict[Id, Answer | list[dict[Id, Answer]]] = {}
    today: dt.date | None = None  # evaluation date; defaults to the scenario's batch date
    expect: Expectation


class Channel(Model):
    """Where and how to apply (办理渠道)."""

    kind: Annotated[str, Field(pattern=r"^(线上|线下)$")]
    name: Text
    address: str | None = None


class Definitions(Model):
    """Reference data a file may define: shared by scenarios and library files."""

    imports: list[Text] = []
    departments: list[Department] = []
    roles: list[Role] = Field(
        [],
        description="部门职能：法律法规对一类部门的称呼。共享事项以职能指代办理部门，由各地部门库中的部门认领",
    )
    data_sources: list[DataSource] = []
    licenses: list[LicenseType] = []
    fields: list[FieldDef] = []
    materials: list[Material] = []


class Library(Definitions):
    """A stdlib file: reference data, and items several bundles share (`use:` in a scenario)."""

    library: Id
    name: Text
    notes: str | None = None
    items: list[Item] = []


class Scenario(Definitions):
    """One 一件事."""

    scenario: Id
    name: Text
    subject: Subject
    batch: dt.date  # go-live date from the plan
    lead: Id
    promised_days: Days
    scope: ServiceArea = ServiceArea.CITY
    legal_basis: list[LegalBasisEntry] = []
    channels: list[Channel] = []
    delivery: list[Text] = []  # 一次送达 options
    special_services: list[Text] = []  # 帮代办 / 上门办
    consult: str | None = None  # 咨询电话
    notes: str | None = None  # assumptions of the author; never shown to applicants
    situations: list[Situation] = []
    items: Annotated[list[ItemEntry], Field(min_length=1)]
    rules: list[Rule] = []
    tests: list[SpecTest] = []
    service: Service | None = Field(
        None,
        description="各事项办理方式的默认值：受理点、渠道和到现场次数、结果送达、就近办、帮代办、上门办",
    )
    fee: FeeSpec | None = Field(
        None, description="各事项收费的默认值（不写即 不收费）；事项的 fee 覆盖它"
    )
