"""The catalogue of codes: each one's slug and message templates, its severity, its explain page.

Codes are stable: never renumber or reuse one. E1xx syntax and shape (E13x the limits that keep
the work on any input bounded, E14x workbooks), E2xx names and imports,
E3xx types and conditions, E4xx the dependency graph, E5xx policy (time limits, materials),
E6xx spec tests, E7xx validity in time (dated legal bases, items, materials), E8xx data
minimisation, E9xx internal. Codes starting with W are warnings. The wording of each message
lives here, not in the passes; `yjs explain CODE` prints `dsl/explain/CODE.md`.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from importlib import resources


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Lang(StrEnum):
    """The language messages and explain pages are shown in (`--lang`); Chinese by default."""

    ZH = "zh"
    EN = "en"


class Code(Enum):
    """Each member is (slug, Chinese message template, English message template).

    Both templates take the same keyword arguments; `--lang en` formats the English one with
    the arguments the Chinese message was made from (see `localise`).
    """

    E100 = ("file-unreadable", "无法读取文件：{reason}", "cannot read the file: {reason}")
    E101 = ("yaml-syntax", "YAML 语法错误：{problem}", "YAML syntax error: {problem}")
    E102 = ("not-utf8", "文件不是 UTF-8 编码", "the file is not UTF-8 encoded")
    E103 = ("duplicate-key", "键 `{key}` 重复出现", "key `{key}` appears more than once")
    E104 = ("non-string-key", "键必须是文本，这里是{kind}", "keys must be text; this one is {kind}")
    E105 = ("forbidden-tag", "不允许使用 YAML 标签 `{tag}`", "YAML tag `{tag}` is not allowed")
    E106 = (
        "too-many-aliases",
        "YAML 别名（*引用）超过 {limit} 个",
        "more than {limit} YAML aliases (*references)",
    )
    E107 = (
        "not-a-mapping",
        "文件顶层必须是“键: 值”映射",
        "the top level of the file must be a `key: value` mapping",
    )
    E108 = (
        "multiple-documents",
        "一个文件只能包含一个 YAML 文档",
        "a file may contain only one YAML document",
    )
    E109 = ("too-deep", "嵌套超过 {limit} 层", "nested more than {limit} levels deep")
    E110 = ("unknown-key", "未知的键 `{key}`", "unknown key `{key}`")
    E111 = ("missing-key", "缺少必填的键 `{key}`", "required key `{key}` is missing")
    E112 = ("wrong-type", "`{key}` 的值应为{expected}", "the value of `{key}` should be {expected}")
    E113 = ("invalid-value", "`{key}` 的值无效：{problem}", "invalid value for `{key}`: {problem}")
    E114 = (
        "bad-id",
        "标识 `{value}` 不合规：只能用小写英文字母、数字和下划线，且以字母开头",
        "identifier `{value}` is not valid: use a-z, 0-9 and _, starting with a letter",
    )
    E115 = (
        "unknown-document-kind",
        "无法判断文件类型：顶层应有 `scenario:` 或 `library:`",
        "cannot tell what kind of file this is: the top level should have `scenario:` or `library:`",
    )
    E116 = (
        "control-character",
        "文件中有不允许的控制字符 {char}",
        "the file contains a forbidden control character {char}",
    )
    E120 = ("yjs-syntax", ".yjs 语法错误：{problem}", ".yjs syntax error: {problem}")
    E121 = ("unclosed-bracket", "`{bracket}` 没有闭合", "`{bracket}` is never closed")
    E122 = ("missing-value", "{place}缺少值", "missing value: {place}")
    E123 = ("unexpected-token", "这里不能出现 {found}", "{found} cannot appear here")
    E124 = (
        "unterminated-string",
        "字符串缺少结尾的 `{quote}`",
        "string lacks its closing `{quote}`",
    )
    E125 = (
        "fullwidth-syntax",
        "全角符号“{char}”不能当作 .yjs 的语法符号",
        "the full-width symbol “{char}” cannot be used as .yjs syntax",
    )
    E126 = ("colon-after-key", ".yjs 的键后面不写冒号", "a .yjs key is not followed by a colon")
    E127 = (
        "too-many-values",
        "{place}只能写一个值，这里有 {count} 个",
        "only one value is allowed ({place}); found {count}",
    )
    E128 = ("bad-escape", "字符串中的转义 `{escape}` 无效", "invalid escape `{escape}` in a string")
    E129 = (
        "misplaced-form",
        "`{key}` 不能这样写：{problem}",
        "`{key}` cannot be written this way: {problem}",
    )
    E130 = (
        "file-too-large",
        "文件超过 {limit} 字节的大小上限",
        "the file exceeds the size limit of {limit} bytes",
    )
    E131 = (
        "alias-expansion-too-large",
        "YAML 别名展开后多出 {count} 个节点，超过上限 {limit} 个",
        "expanding YAML aliases adds {count} nodes, more than the limit of {limit}",
    )
    E132 = (
        "recursive-alias",
        "YAML 别名 `*{name}` 引用了包含它自己的内容，会无穷展开",
        "YAML alias `*{name}` refers to content that contains itself and would expand forever",
    )
    E133 = ("condition-too-long", "条件过长：{problem}", "condition too long: {problem}")
    E140 = (
        "bad-workbook",
        "无法作为 Excel 工作簿读取：{problem}",
        "cannot be read as an Excel workbook: {problem}",
    )
    E141 = (
        "formula-in-cell",
        "单元格中是公式 `{formula}`，规格只接受值",
        "the cell holds the formula `{formula}`; a spec takes values only",
    )
    E142 = (
        "merged-cells",
        "工作表中有合并单元格 {cells}",
        "the sheet has merged cells {cells}",
    )
    E143 = ("hidden-sheet", "工作表“{sheet}”被隐藏", "the sheet “{sheet}” is hidden")
    E144 = (
        "unknown-column",
        "工作表“{sheet}”没有列 `{key}`",
        "the sheet “{sheet}” has no column `{key}`",
    )
    E145 = ("unknown-sheet", "无法识别的工作表“{sheet}”", "unrecognised sheet “{sheet}”")
    E146 = (
        "sheet-too-large",
        "工作表“{sheet}”过大：{problem}",
        "the sheet “{sheet}” is too large: {problem}",
    )
    E147 = (
        "bad-cell-value",
        "单元格的值无法读取：{problem}",
        "the cell's value cannot be read: {problem}",
    )
    E201 = ("unknown-name", "找不到{kind} `{name}`", "cannot find {kind} `{name}`")
    E202 = (
        "duplicate-definition",
        "{kind} `{name}` 重复定义",
        "{kind} `{name}` is defined more than once",
    )
    E203 = (
        "import-not-found",
        "找不到导入的文件 `{name}`",
        "cannot find the imported file `{name}`",
    )
    E204 = (
        "import-outside-root",
        "导入 `{name}` 超出了项目根目录",
        "import `{name}` leaves the project root",
    )
    E205 = (
        "spec-outside-root",
        "规格文件 `{name}` 是指向项目根目录之外的链接",
        "spec file `{name}` is a link to a place outside the project root",
    )
    E210 = (
        "role-unclaimed",
        "事项 `{item}` 由{role_name}（`{role}`）办理，但本一件事导入的部门中没有部门认领这一职能",
        "item `{item}` is handled by {role_name} (`{role}`); no department imported here claims it",
    )
    E211 = (
        "role-claimed-twice",
        "事项 `{item}` 由{role_name}（`{role}`）办理，但有多个部门认领这一职能：{departments}",
        "item `{item}` is handled by {role_name} (`{role}`), but several departments claim that role: {departments}",
    )
    E301 = (
        "bad-condition",
        "条件 `{condition}` 无法理解：{problem}",
        "cannot understand condition `{condition}`: {problem}",
    )
    E302 = (
        "field-type-conflict",
        "字段 `{name}` 的类型声明不一致：{first} 与 {second}",
        "field `{name}` is declared with conflicting types: {first} and {second}",
    )
    E303 = (
        "condition-type-mismatch",
        "条件中的类型不匹配：{problem}",
        "type mismatch in a condition: {problem}",
    )
    E304 = (
        "unknown-choice-value",
        "`{name}` 没有选项“{value}”，可选的是：{choices}",
        "`{name}` has no choice “{value}”; the choices are: {choices}",
    )
    E305 = (
        "not-boolean-condition",
        "{what}应是“是/否”的判断，这里是{found}",
        "{what} should be a yes/no test; found {found}",
    )
    E306 = (
        "bad-function-call",
        "函数调用 `{call}` 有误：{problem}",
        "function call `{call}` is wrong: {problem}",
    )
    E307 = (
        "bad-region-code",
        "区划代码 `{value}` 无效：{problem}",
        "region code `{value}` is not valid: {problem}",
    )
    E308 = (
        "field-sensitivity-conflict",
        "字段 `{name}` 的敏感级别声明不一致：{first} 与 {second}",
        "field `{name}` is declared with conflicting sensitivity levels: {first} and {second}",
    )
    E309 = (
        "bad-item-code",
        "实施编码 `{value}` 不符合国家格式：{problem}",
        "item code `{value}` does not follow the national format: {problem}",
    )
    E401 = (
        "dependency-cycle",
        "事项之间存在循环依赖：{cycle}",
        "the items depend on each other in a cycle: {cycle}",
    )
    E402 = (
        "result-not-produced",
        "字段 `{field}` 取自办件结果 `{result}`，但本一件事中没有事项产出它",
        "field `{field}` is taken from the result `{result}`, but no item in this bundle produces it",
    )
    E501 = (
        "material-not-supplied",
        "材料 `{name}` 没有来源：它应由本一件事的事项产出，但没有事项产出它",
        "material `{name}` has no source: an item of this bundle should produce it, but none does",
    )
    E502 = (
        "promised-exceeds-legal",
        "事项 `{item}` 的承诺时限 {promised}超过法定时限 {legal}",
        "the promised time limit of item `{item}` ({promised}) exceeds the legal time limit ({legal})",
    )
    E503 = (
        "bundle-time-exceeded",
        "关键路径需要 {days} 个工作日，超过一件事承诺的 {promised} 个工作日",
        "the critical path takes {days} working days, more than the {promised} working days the bundle promises",
    )
    E504 = (
        "result-sometimes-missing",
        "材料 `{name}` 只在办理“{producer}”时产生，但事项 `{item}` 在不办理它时也需要这份材料",
        "material `{name}` is produced only when “{producer}” is handled; item `{item}` needs it otherwise too",
    )
    E505 = (
        "proactive-asks-applicant",
        "免申即享事项 `{item}` 不能要求申请人{what}",
        "the proactive (no-application) item `{item}` cannot ask the applicant for {what}",
    )
    E506 = (
        "proactive-trigger",
        "免申即享事项 `{item}` 的触发条件{problem}",
        "the trigger of the proactive item `{item}` {problem}",
    )
    E507 = (
        "target-missed",
        "一件事未达到公开承诺的目标：{problem}",
        "the bundle misses a published target: {problem}",
    )
    E601 = (
        "spec-test-failed",
        "规格测试“{name}”未通过：{problem}",
        "spec test “{name}” failed: {problem}",
    )
    W201 = (
        "unused-definition",
        "{kind} `{name}` 已定义但没有被使用",
        "{kind} `{name}` is defined but never used",
    )
    W202 = (
        "import-cycle",
        "文件之间循环导入：{cycle}",
        "files import each other in a cycle: {cycle}",
    )
    W203 = (
        "unused-suppression",
        "抑制注释 `{comment}` 没有作用：这一行没有报告 {codes}",
        "suppression comment `{comment}` has no effect: no {codes} is reported on this line",
    )
    W210 = (
        "item-level-above-department",
        "事项 `{item}` 的行使层级是{level}级，高于办理部门 `{department}` 的层级（{department_level}级）",
        "item `{item}` is exercised at level {level}, above its department `{department}` ({department_level})",
    )
    W301 = (
        "condition-never-holds",
        "{what} 的条件在任何回答下都不成立",
        "the condition of {what} holds for no answer",
    )
    W302 = (
        "condition-always-holds",
        "{what} 写了条件，但在任何回答下都成立",
        "{what} has a condition, but it holds for every answer",
    )
    W303 = (
        "situation-unused",
        "情形 `{name}` 没有被任何条件使用",
        "situation `{name}` is used by no condition",
    )
    W304 = (
        "answers-not-told-apart",
        "情形 `{name}` 的回答“{first}”和“{second}”在所有条件中结果都相同",
        "answers “{first}” and “{second}” to situation `{name}` give the same result in every condition",
    )
    W305 = (
        "conditions-contradict",
        "{what} 的条件与列出它的事项的条件不能同时成立",
        "the condition of {what} can never hold together with the condition of an item listing it",
    )
    W401 = (
        "result-unused",
        "事项 `{item}` 产出的 `{result}` 既没有事项使用，也没有交给申请人",
        "the result `{result}` of item `{item}` is used by no item and not delivered to the applicant",
    )
    W402 = (
        "after-implied",
        "`{item}` 写在 `{first}` 之后（after），但这个顺序已由依赖关系保证",
        "`{item}` is written after `{first}`, but the dependencies already imply that order",
    )
    W501 = (
        "lead-handles-nothing",
        "牵头部门 `{lead}` 不办理本一件事的任何事项",
        "lead department `{lead}` handles none of this bundle's items",
    )
    W504 = (
        "answer-space-too-large",
        "未能检查{what}：{reason}",
        "could not check {what}: {reason}",
    )
    W505 = (
        "holidays-not-announced",
        "{year} 年的法定节假日安排不在日历数据中，按周六、周日休息计算",
        "the public holidays of {year} are not in the calendar data; counting Saturdays and Sundays as days off",
    )
    W506 = (
        "deferred-material-needed-early",
        "容缺材料 `{name}` 可在受理后 {makeup} 个工作日内补交，事项 `{item}` 第 {start} 个工作日就要用它",
        "deferred material `{name}` is due {makeup} working days after acceptance; `{item}` needs it on day {start}",
    )
    W510 = (
        "special-procedure-without-basis",
        "事项 `{item}` 的特别程序“{procedure}”不计入时限，却没有写明依据",
        "special procedure “{procedure}” of `{item}` is counted apart from the limit with no legal basis",
    )
    W511 = (
        "immediate-with-special-procedures",
        "事项 `{item}` 承诺即办（时限 0），却有另计时间的特别程序“{procedure}”",
        "item `{item}` promises an immediate decision (time limit 0) but has the special procedure “{procedure}”",
    )
    W701 = (
        "no-longer-valid",
        "{what}自 {date} 起{verb}（检查日期 {as_of}）",
        "{what} {verb} as of {date} (checked on {as_of})",
    )
    W702 = (
        "not-yet-valid",
        "{what}自 {date} 起才{verb}（检查日期 {as_of}）",
        "{what} only {verb} from {date} (checked on {as_of})",
    )
    W703 = (
        "ended-before-batch",
        "{what}自 {date} 起不再办理，早于或等于一件事的上线批次日期 {batch}",
        "{what} is no longer handled from {date}, on or before the bundle's batch date {batch}",
    )
    W801 = (
        "sensitive-field-unmapped",
        "事项 `{item}` 把敏感个人信息 {fields} 发给 `{department}`，但字段对照（field_codes）中没有它们",
        "item `{item}` sends sensitive personal information {fields} to `{department}`; its field_codes lack them",
    )
    E900 = ("internal-error", "编译器内部错误：{problem}", "internal compiler error: {problem}")

    def __init__(self, slug: str, template: str, english: str) -> None:
        self.slug = slug
        self.template = template
        self.english = english

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.name.startswith("W") else Severity.ERROR

    def explanation(self, lang: Lang = Lang.ZH) -> str:
        """The long explanation with a wrong and a right example (Markdown).

        Chinese pages sit in `dsl/explain/`, English ones in `dsl/explain/en/`.
        """
        folder = resources.files("dsl") / "explain"
        if lang is Lang.EN:
            folder = folder / "en"
        return (folder / f"{self.name}.md").read_text(encoding="utf-8")

    def template_in(self, lang: Lang) -> str:
        return self.english if lang is Lang.EN else self.template
