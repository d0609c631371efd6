"""One function per part of a scenario page, each reading the plan or an emitter's data.

These are the seams where richer artefacts plug in as they land: `notice_html` (today the
Markdown notice rendered to HTML), `form_ui` (today derived from the plan: the order the form
asks in), `supervision` (today the plan's 告知承诺 and 容缺 terms and its rules). Each returns
plain data or `Markup` built from escaped text; the templates only lay it out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from compiler import vocabulary
from compiler.emit.diagram import diagram
from compiler.emit.form_schema import emit_form_schema
from compiler.emit.form_ui import emit_form_ui
from compiler.emit.formats import JS_MODULE, emit_formats
from compiler.emit.notice import render_notice
from compiler.emit.notice_doc import build_notice
from compiler.emit.supervision_json import supervision_data
from compiler.emit.svg import to_svg
from compiler.plan import SITUATION_SECTION, Plan

# The generated-by comment notice.md opens with: a note for someone reading the file, not for
# the applicant reading the page.
_NOTICE_COMMENT = re.compile(r"\A<!--[^\n]*-->\n")
_EXPORT = re.compile(r"^export ", re.MULTILINE)
_VECTORS = "/** [format, value, expected verdict]"  # where the module's test vectors begin
# What the preview says under a field whose value fails its format.
FORMAT_MESSAGES = {
    "gb11643-id-number": "公民身份号码不正确：应为 18 位，出生日期真实，末位校验码正确（X 大写）",
    "gb32100-credit-code": "统一社会信用代码不正确：应为 18 位（不用 I、O、S、V、Z），末位校验码正确",
    "gb2260-region-code": "行政区划代码不正确：应为 6 位数字，前两位是省级代码",
    "date": "日期不正确：写作 年-月-日，如 2024-05-31",
    "yjs-date-not-future": "日期不能晚于今天",
}
_SVG_PROLOGUE = re.compile(r'\A<\?xml[^>]*\?>\n<svg xmlns="[^"]*" ')


@cache
def _markdown() -> MarkdownIt:
    """CommonMark plus tables; raw HTML off, so any `<` left in the text is shown, not parsed."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def notice_html(plan: Plan) -> Markup:
    """The 一次告知单 as HTML: notice.md (whose spec text is Markdown-escaped) rendered. Only the
    Markdown is rendered: emitting all three formats here cost two renders the page never used."""
    text = render_notice(build_notice(plan), "md")
    return Markup(_markdown().render(_NOTICE_COMMENT.sub("", text)))  # html off: text only


def diagram_svg(plan: Plan) -> Markup:
    """`yjs graph --format svg` inline: without the XML prologue and the namespace URI, which
    HTML supplies for an `<svg>` element (and which would be the one URL a page names)."""
    svg = to_svg(diagram(plan))
    return Markup(_SVG_PROLOGUE.sub("<svg ", svg))  # svg.py escapes every text it draws


def form_schema(plan: Plan) -> dict[str, Any]:
    """form.schema.json as data, without `$schema`: the page needs the fields, not the dialect
    URL (a page names no address outside the site)."""
    schema: dict[str, Any] = json.loads(emit_form_schema(plan)["form.schema.json"])
    schema.pop("$schema", None)
    return schema


def form_ui(plan: Plan) -> dict[str, Any]:
    """form.ui.json as data: the preview lays the form out as a platform would."""
    ui: dict[str, Any] = json.loads(emit_form_ui(plan)["form.ui.json"])
    return ui


def formats_script() -> str:
    """The published format module (generated/_formats/yjs-formats.mjs) as a classic script.

    A page opened from `file://` cannot import a module file, so the module's own text up to
    its test vectors is inlined with its `export`s dropped, inside a function that hands
    `FORMATS` to the form preview: the checks a visitor sees are the published ones.
    """
    module = emit_formats()[JS_MODULE].decode("utf-8")
    body = _EXPORT.sub("", module.split(_VECTORS, 1)[0])  # the checks, not their test vectors
    return (
        '(function () {\n"use strict";\n'
        + body
        + "\nwindow.yjsFormats = { formats: FORMATS, messages: "
        + json.dumps(FORMAT_MESSAGES, ensure_ascii=False, sort_keys=True)
        + " };\n})();\n"
    )


@dataclass(frozen=True, slots=True)
class Control:
    """One input of the preview, as the template draws it."""

    id: str
    title: str
    kind: str  # radio | select | date | number | text | list
    options: tuple[tuple[str, str], ...] = ()  # (value, what the applicant reads)
    help: str = ""
    parts: tuple[Control, ...] = ()  # a list field's sub-fields (one entry)
    required: bool = False  # always, or whenever its `x-yjs-required-if` holds


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    controls: list[Control] = field(default_factory=list)


def ui_order(schema: dict[str, Any], ui: dict[str, Any]) -> list[str]:
    """The properties in `ui:order` as react-jsonschema-form reads it: `*` stands for every
    property not named; without `*`, properties left unnamed come last rather than vanish.

    >>> ui_order({"properties": {"a": {}, "b": {}, "c": {}}}, {"ui:order": ["c", "*"]})
    ['c', 'a', 'b']
    """
    properties = list(schema["properties"])
    named = [p for p in ui.get("ui:order", []) if p in schema["properties"]]
    rest = [p for p in properties if p not in named]
    order = ui.get("ui:order", ["*"])
    if "*" not in order:
        return named + rest
    at = order.index("*")
    before = [p for p in order[:at] if p in named]
    return before + rest + [p for p in order[at + 1 :] if p in named]


def form_sections(schema: dict[str, Any], ui: dict[str, Any]) -> list[Section]:
    """The schema's properties in `ui:order`, grouped by their `x-yjs-section`."""
    sections: dict[str, Section] = {}
    for pid in ui_order(schema, ui):
        prop = schema["properties"][pid]
        if prop.get("readOnly"):  # the platform fills it (`x-yjs-prefill`): nothing to type
            continue
        title = prop.get("x-yjs-section", SITUATION_SECTION)
        widget = ui.get(pid, {}).get("ui:widget")
        control = _control(pid, prop, widget)
        if pid in schema.get("required", []) or "x-yjs-required-if" in prop:
            control = replace(control, required=True)
        sections.setdefault(title, Section(title)).controls.append(control)
    return list(sections.values())


def _control(pid: str, prop: dict[str, Any], widget: str | None) -> Control:
    help_text = str(prop.get("description", ""))
    if prop.get("type") == "boolean":
        return Control(pid, prop["title"], "radio", (("true", "是"), ("false", "否")), help_text)
    # A choice: radio buttons where form.ui.json says so (a short list), else a drop-down.
    kind = "radio" if widget == "radio" else "select"
    if "enum" in prop:
        options = tuple((str(v), str(v)) for v in prop["enum"])
        return Control(pid, prop["title"], kind, options, help_text)
    if "oneOf" in prop and all("const" in o for o in prop["oneOf"]):  # const with a title
        options = tuple((str(o["const"]), str(o.get("title", o["const"]))) for o in prop["oneOf"])
        return Control(pid, prop["title"], kind, options, help_text)
    if prop.get("type") == "array":
        entry = prop["items"]["properties"]
        parts = tuple(_control(sub, entry[sub], None) for sub in entry)
        return Control(pid, prop["title"], "list", (), help_text, parts)
    if prop.get("format") == "date":
        return Control(pid, prop["title"], "date", (), help_text)
    if prop.get("type") in ("integer", "number"):
        return Control(pid, prop["title"], "number", (), help_text)
    return Control(pid, prop["title"], "text", (), help_text)


def _cards(entry: dict[str, Any]) -> str:
    """`承诺 5 个工作日；黄牌 4 个工作日；红牌 超过 5 个工作日` from a supervision.json entry."""

    def limit(value: dict[str, Any]) -> str:
        unit = value["unit"]
        return f"{value['amount']} 小时" if unit == "小时" else f"{value['amount']} 个{unit}"

    if entry.get("instant"):
        return "电子监察：即办，受理后当场办结"
    text = f"电子监察：承诺 {limit(entry['promised'])}"
    if entry.get("yellow"):
        text += f"；黄牌预警 {limit(entry['yellow'])}"
    if entry.get("red"):
        text += f"；红牌 超过 {limit(entry['red'])}"
    return text


@dataclass(frozen=True, slots=True)
class Route:
    """What one department receives (routing.json's view of it, in words)."""

    department: str
    items: tuple[str, ...]
    accepts: tuple[str, ...]
    fields: tuple[str, ...]
    materials: tuple[str, ...]


def routing(plan: Plan) -> list[Route]:
    items = {p.item.id: p.item.name for p in plan.items}
    labels = {f.definition.id: f.definition.label for f in plan.form}
    materials = {m.material.id: m.material.name for m in plan.materials}
    return [
        Route(
            view.department.name,
            tuple(items[i] for i in view.items),
            tuple(items[i] for i in view.accepts),
            tuple(labels[f] for f in view.fields),
            tuple(materials[m] for m in view.materials),
        )
        for view in plan.departments
    ]


@dataclass(frozen=True, slots=True)
class Rule:
    """One supervision rule: what is checked, by whom, within what time, on what basis."""

    subject: str
    rule: str
    by: str
    basis: str = ""


def supervision(plan: Plan) -> list[Rule]:
    """supervision.json's 电子监察 cards per item and for the bundle, then the 事后核查 of every
    告知承诺, the deadline of every 容缺 material and the form's rules."""
    data = supervision_data(plan)
    names = {p.department.id: p.department.name for p in plan.items}
    names[plan.lead.id] = plan.lead.name
    rules = [
        Rule(entry["name"], _cards(entry), names.get(entry["accountable"], entry["accountable"]))
        for entry in data["items"]
    ]
    rules.append(
        Rule("整个一件事", _cards(data["bundle"]), names.get(data["bundle"]["accountable"], ""))
    )
    for p in plan.items:
        if p.pledge is not None:
            by = "、".join(d.name for d in p.pledge.checked_by)
            check = f"告知承诺：作出决定之日起 {p.pledge.period}内核查承诺内容"
            rules.append(Rule(p.item.name, check, by, p.pledge.basis or ""))
    for m in plan.materials:
        if m.pledge is not None:
            by = "、".join(d.name for d in m.pledge.checked_by)
            check = f"以告知承诺书代替：作出决定之日起 {m.pledge.period}内核查"
            rules.append(Rule(m.material.name, check, by, m.pledge.basis or ""))
        elif m.material.acceptance is vocabulary.Acceptance.DEFERRED:
            check = f"容缺受理：{m.material.makeup_days} 个工作日内补交"
            rules.append(Rule(m.material.name, check, "受理部门"))
    for r in plan.rules:
        rules.append(Rule("申请表", r.rule.message, "申请表校验"))
    return rules
