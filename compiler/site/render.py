"""The site's HTML machinery: the sandboxed, autoescaped jinja environment, the inline assets
and the JSON data islands, each made safe for the place in the page it is written to.

Every page is one self-contained file (it must open from `file://`, where Chromium refuses ES
module imports and fetch() of local files), so stylesheets and scripts are inlined and the data
a script reads travels in `<script type="application/json">`. Spec text reaches a page only
through `{{ … }}` (HTML-escaped by autoescape) or through `json_island` (where `<`, `>` and `&`
become `\\u003c`… so a `</script>` in a name cannot end the island). The Content-Security-Policy
of each page allows only the inline scripts it ships, by hash: a script smuggled in by spec
text would not run even if an escape were missed, and no page may fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

SITE_FORMAT_VERSION = "1"
# Characters that could end a <script> element or start a comment or entity inside it, and the
# two JavaScript line terminators JSON allows in strings (harmless to JSON.parse, kept uniform).
_ISLAND = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


@cache
def environment() -> SandboxedEnvironment:
    """Templates may format data and nothing else: sandboxed, HTML-escaping every value."""
    return SandboxedEnvironment(
        loader=jinja2.PackageLoader("compiler.site", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


@cache
def asset(name: str) -> str:
    """A file of compiler/site/assets as text (UTF-8, LF)."""
    return (resources.files("compiler.site") / "assets" / name).read_text(encoding="utf-8")


def json_island(data: Any) -> Markup:
    """`data` as JSON that can stand inside `<script type="application/json">` unchanged.

    >>> str(json_island({"name": "</script><script>alert(1)</script>"}))
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.translate(_ISLAND))  # escaped for a script element above


def script_hash(source: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(scripts: list[str]) -> str:
    """The page's Content-Security-Policy: its own inline styles and scripts, nothing else."""
    allowed = " ".join(script_hash(s) for s in scripts) or "'none'"
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {allowed}; base-uri 'none'; form-action 'none'"
    )
