"""A sample project whose spec text tries every way into a page: a `</script>` that would end a
data island, a `<script>` and an `<img onerror>` that would run if they were markup, and a jinja
`{{ }}` that would print 49 if a template evaluated it. Used by the site's tests."""

from __future__ import annotations

from sample_project import PROJECT_FILES

HOSTILE = (
    '</script><script>window.__pwned=1</script>{{ 7*7 }}<img src=x onerror="window.__pwned=2">'
)


def hostile_files() -> dict[str, str]:
    """The sample project with HOSTILE in its name, a question, an item, a material, a field's
    label and its help: text that reaches every part of a scenario page and the index."""
    nb = PROJECT_FILES["scenarios/nb.yaml"]
    for plain, hostile in (
        ("name: 新生儿出生一件事", f"name: '新生儿{HOSTILE}'"),
        ("question: 是否参保？", f"question: '是否参保{HOSTILE}'"),
        ("name: 出生登记", f"name: '出生登记{HOSTILE}'"),
        (
            "{id: bank, label: 银行卡号}",
            f"{{id: bank, label: '银行卡号{HOSTILE}', help: '{HOSTILE}'}}",
        ),
        ("name: 户口簿,", f"name: '户口簿{HOSTILE}',"),
    ):
        assert plain in nb, plain
        nb = nb.replace(plain, hostile)
    return {**PROJECT_FILES, "scenarios/nb.yaml": nb}
