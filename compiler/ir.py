"""The IR: frozen pydantic models of a 一件事 spec and of the reference library it imports.

The models are also the YAML format: keys are field names, `extra="forbid"` turns a typo into
E110. Every key carries a Chinese `description`, every model a Chinese title and description
(`described`) and every closed list the meaning of each value (`choices`): `yjs schema` gives
them to the analyst's editor, while the English docstrings stay notes for developers. Durations
carry their unit (工作日 by default, 自然日, 小时, 月). Ids are ASCII snake_case: they become keys
in JSON Schema, BPMN and department systems; everything a user reads is Chinese.

Fields, materials and legal bases are in `ir_inputs.py`, items in `ir_items.py`: this module
re-exports them, so every reader writes `ir.FieldDef`, `ir.Item` as before.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import (
    Field,
    model_validator,
)

from compiler.assertions import SpecTest, Targets
from compiler.delivery_terms import FeeSpec, Service
from compiler.ir_inputs import (  # re-exported: the IR is read as `ir.X` everywhere
    FieldDef as FieldDef,
    LegalBasis as LegalBasis,
    LegalBasisEntry as LegalBasisEntry,
    Material as Material,
    SubField as SubField,
    ValidFrom as ValidFrom,
    ValidUntil as ValidUntil,
)
from compiler.ir_items import (
    USE_OVERRIDES as USE_OVERRIDES,
    After as After,
    AfterEntry as AfterEntry,
    AfterList as AfterList,
    FieldUse as FieldUse,
    Item as Item,
    ItemEntry as ItemEntry,
    ItemUse as ItemUse,
    SpecialProcedure as SpecialProcedure,
    TimeLimit as TimeLimit,
    after_id as after_id,
)
from compiler.spec_types import Condition, Days, Id, Model, Text, described
from compiler.vocabulary import (
    DepartmentKind,
    FieldType,
    Level,
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
