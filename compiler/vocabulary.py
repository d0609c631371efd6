"""The closed lists of the spec language: subjects, levels, item kinds, field types, material
forms and sources, acceptance, channels, delivery … each value with its Chinese meaning.

Most follow a national code list or the wording of a rule (the decorators cite them); the
models in `compiler/ir.py` use them, and so do the planner, the checks and the emitters.
"""

from __future__ import annotations

from enum import StrEnum

from compiler.spec_types import choices


@choices(
    "服务对象",
    "一件事的服务对象",
    {
        "个人": "自然人办理，如出生、婚姻、就业、退休",
        "企业": "企业等经营主体办理，如企业开办、变更、注销",
        "项目": "按工程建设项目办理，如项目立项、施工许可、竣工验收",
    },
)
class Subject(StrEnum):
    PERSON = "个人"
    ENTERPRISE = "企业"
    PROJECT = "项目"


@choices(
    "行使层级",
    "事项由哪一级行使（国家编码 2–6 级）；受理和初审也计入行使层级",
    {
        "省": "省级",
        "市": "市级（设区的市）",
        "区县": "县级（区、县、县级市）",
        "乡镇街道": "乡镇（街道）级",
        "村社区": "村（社区）级，多为公共服务事项",
    },
)
class Level(StrEnum):
    """行使层级, national codes 2–6 in order."""

    PROVINCE = "省"
    CITY = "市"
    COUNTY = "区县"
    TOWN = "乡镇街道"
    VILLAGE = "村社区"


@choices(
    "事项类型",
    "政务服务事项的类型，按国家事项类型代码表（01 行政许可 … 20 公共服务）",
    {
        "行政许可": "行政机关根据申请，经依法审查，准予其从事特定活动（行政许可法第二条），"
        "如食品经营许可",
        "行政给付": "依法向公民发放抚恤金、社会救助、补贴等物质帮助，如失业保险金",
        "行政确认": "对法律事实、法律关系或资格予以确认、认定、证明，如出生登记、婚姻登记",
        "行政奖励": "对有突出表现者给予物质或精神奖励",
        "行政裁决": "对与行政管理活动密切相关的特定民事纠纷作出裁决",
        "行政征收": "依法向公民、法人和其他组织征收税费",
        "其他行政权力": "不属于以上类别的其他行政权力事项",
        "公共服务": "政府部门和公共企事业单位提供的公共服务（默认），如社保卡申领、水电气开户",
    },
)
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


@choices(
    "通办范围",
    "申请人可以在多大范围内任一地点申请办理",
    {
        "全国": "全国通办",
        "全省": "全省通办",
        "全市": "全市通办（默认）",
        "全县": "全县通办",
    },
)
class ServiceArea(StrEnum):
    """通办范围."""

    NATION = "全国"
    PROVINCE = "全省"
    CITY = "全市"
    COUNTY = "全县"


@choices(
    "字段类型",
    "字段值的类型：决定申请表中的输入方式和校验",
    {
        "text": "文字（默认），可用 pattern 限定格式、max_length 限定长度",
        "integer": "整数，如 年龄、人数；可用 min、max 限定范围",
        "decimal": "数字，可有小数，如 面积（平方米）",
        "boolean": "是/否",
        "date": "日期，写作 YYYY-MM-DD，如 2024-07-01",
        "choice": "从 choices 列出的选项中选一项",
        "id_number": "公民身份号码（GB 11643），校验第 18 位校验码",
        "credit_code": "统一社会信用代码（GB 32100），校验第 18 位校验码",
        "phone": "中国大陆手机号码（11 位）",
        "region": "行政区划代码（GB/T 2260，6 位数字）",
        "money": "金额，单位为人民币元，最多两位小数",
        "list": "列表（重复组）：每一条记录由 fields 中的子字段组成，如股东、家庭成员",
    },
)
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


@choices(
    "个人信息等级",
    "字段所含个人信息的等级（个人信息保护法），平台据此脱敏、控制查看范围",
    {
        "一般": "不含个人信息（默认）",
        "个人信息": "与已识别或者可识别的自然人有关的信息（个人信息保护法第四条），如姓名、电话",
        "敏感个人信息": "一旦泄露或者非法使用，容易导致人格尊严受到侵害或者人身、财产安全受到危害的"
        "个人信息（个人信息保护法第二十八条），如生物识别、医疗健康、金融账户、行踪轨迹，"
        "以及不满十四周岁未成年人的个人信息",
    },
)
class Sensitivity(StrEnum):
    """Personal-information grade (个人信息保护法): drives masking on the platform."""

    GENERAL = "一般"
    PERSONAL = "个人信息"
    SENSITIVE = "敏感个人信息"


@choices(
    "材料形式",
    "申请人提交材料的形式",
    {
        "原件": "原件（默认）",
        "复印件": "复印件",
        "原件或复印件": "原件、复印件均可",
        "电子件": "电子文件，如扫描件、电子文档",
    },
)
class MaterialForm(StrEnum):
    ORIGINAL = "原件"
    COPY = "复印件"
    ORIGINAL_OR_COPY = "原件或复印件"
    ELECTRONIC = "电子件"


@choices(
    "来源渠道",
    "材料由谁出具（国家来源渠道代码 10、20、30，另加本一件事的办件结果）",
    {
        "自备": "申请人自备（代码 10，默认）",
        "部门核发": "政府部门核发（代码 20）",
        "中介机构出具": "中介机构出具（代码 30）",
        "办件结果": "本一件事中前序事项的办件结果（该事项 produces 中列出），申请人无需提交",
        "表单生成": "由申请表自动生成的文书（如网上申报时平台生成的申请书），申请人签名确认，"
        "无需另行准备和提交",
    },
)
class MaterialSource(StrEnum):
    """来源渠道: who supplies the material (national codes 10/20/30 plus in-bundle results)."""

    APPLICANT = "自备"
    DEPARTMENT = "部门核发"
    INTERMEDIARY = "中介机构出具"
    RESULT = "办件结果"  # produced by an item of the same 一件事
    FORM = "表单生成"  # generated from the one application form; the applicant only signs it


@choices(
    "受理要求",
    "受理时对这份材料的要求：必须提交、可容缺后补，或可用告知承诺代替",
    {
        "必需": "受理时必须提交（默认）",
        "容缺后补": "容缺受理：其他材料齐全、这份材料暂缺或有瑕疵时先予受理，申请人在 makeup_days "
        "个工作日内补交（国发〔2024〕3号“容缺事项承诺办”）",
        "告知承诺": "申请人签署告知承诺书代替这份证明材料（国办发〔2020〕42号），可写 pledge "
        "说明事后核查",
    },
)
class Acceptance(StrEnum):
    REQUIRED = "必需"
    DEFERRED = "容缺后补"  # accepted now, handed in within `makeup_days`
    PLEDGE = "告知承诺"  # a signed pledge replaces the material


@choices(
    "单位类型",
    "办理事项的单位的性质",
    {
        "政府部门": "政府及其工作部门（默认）",
        "事业单位": "事业单位，如医疗保障事务中心、不动产登记中心",
        "医疗机构": "医疗机构，如签发出生医学证明的医院",
        "公用企业": "供水、供电、供气等公用企业",
        "金融机构": "银行等金融机构，如代发社会保障卡",
    },
)
class DepartmentKind(StrEnum):
    GOVERNMENT = "政府部门"
    INSTITUTION = "事业单位"
    MEDICAL = "医疗机构"
    UTILITY = "公用企业"
    BANK = "金融机构"


@choices(
    "办理渠道",
    "申请人可以通过哪些渠道办理",
    {
        "全程网办": "全程网上办理，不到现场（到现场次数只能是 0）",
        "窗口": "到政务服务中心或部门窗口办理",
        "自助终端": "在政务服务自助终端办理",
        "移动端": "通过手机 App、小程序等移动端办理",
    },
)
class ServiceChannel(StrEnum):
    """办理渠道, a closed list: what a platform can offer an applicant."""

    ONLINE = "全程网办"
    WINDOW = "窗口"
    KIOSK = "自助终端"
    MOBILE = "移动端"


@choices(
    "结果送达方式",
    "办件结果交给申请人的方式",
    {
        "电子证照": "结果以电子证照发放，可在电子证照库调取",
        "邮寄": "邮寄送达",
        "窗口领取": "到窗口领取",
        "统一出件": "各事项的结果在牵头部门统一出件，一次领取",
    },
)
class ResultDelivery(StrEnum):
    """办件结果送达方式."""

    E_LICENSE = "电子证照"
    MAIL = "邮寄"
    PICKUP = "窗口领取"
    UNIFIED = "统一出件"  # issued together at the lead department


@choices(
    "就近办",
    "可以委托基层便民服务机构就近受理",
    {
        "街道": "委托街道（乡镇）便民服务中心受理",
        "社区": "委托社区（村）便民服务站受理",
    },
)
class Nearby(StrEnum):
    """就近办: 受理 entrusted to a 街道（乡镇）or 社区（村）service centre."""

    STREET = "街道"
    COMMUNITY = "社区"


@choices(
    "申请方式",
    "事项是申请人申请后办理，还是不需申请、依据共享数据主动兑现",
    {
        "依申请": "申请人提出申请后办理（默认）",
        "免申即享": "不需申请：依据共享数据主动识别符合条件的对象并兑现（国发〔2024〕3号"
        "“政策服务免申办”），不向申请人要任何信息；when 写触发条件",
    },
)
class Application(StrEnum):
    """申请方式: an item the applicant applies for, or one granted from shared data."""

    ON_REQUEST = "依申请"
    PROACTIVE = "免申即享"


@choices(
    "免提交原因",
    "规格测试中写明一份材料为什么不用申请人提交",
    {
        "电子证照": "可调取电子证照，申请人不用提交",
        "办件结果": "由本一件事的事项办理后产生，部门间共享，申请人不用提交",
        "表单生成": "由申请表自动生成，申请人签名确认，不用另行提交",
    },
)
class ExemptReason(StrEnum):
    """Why a material needs no submitting, as a spec test states it."""

    E_LICENSE = "电子证照"  # fetched as an e-licence
    RESULT = "办件结果"  # produced by an item of this bundle and shared
    FORM = "表单生成"  # generated from the application form (MaterialSource.FORM)
