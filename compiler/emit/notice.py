"""Plan → notice.md: the 一次告知单 an applicant reads before applying.

The template only formats; what it says and in which order comes from the plan. Spec text is
data: every `{{ … }}` is escaped as Markdown (`markdown.finalize`), and the environment is
sandboxed, so nothing a spec says is ever run or rendered as markup.
"""

from __future__ import annotations

from functools import cache, partial

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from compiler import ir
from compiler.conditions.describe import describe
from compiler.emit.markdown import finalize
from compiler.plan import Plan
from compiler.version import FORMAT_VERSIONS


@cache
def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=jinja2.PackageLoader("compiler.emit", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: `finalize` escapes instead
        finalize=finalize,
    )


def emit_notice(plan: Plan) -> dict[str, bytes]:
    situations = plan.scenario.situations
    questions = {s.id: s.question for s in situations if s.type is ir.FieldType.BOOLEAN}
    labels = {f.definition.id: f.definition.label for f in plan.form}
    labels |= {s.id: s.question for s in situations}
    template = environment().get_template("notice.md.j2")
    text = template.render(
        plan=plan,
        spec=plan.scenario,
        describe=partial(describe, labels=labels, questions=questions),
        items={p.item.id: p for p in plan.items},
        format_version=FORMAT_VERSIONS["notice.md"],
    )
    return {"notice.md": text.encode("utf-8")}
