"""A compiled result → the site's files, with a manifest so `yjs docs` may replace the folder.

The site is written like `yjs build` writes `generated/` (compiler/emit/output.py: the whole
folder replaced atomically, and only a folder yjs made); the manifest is what proves a folder
is yjs's, and it records which specs each page was built from.
"""

from __future__ import annotations

from compiler.emit.manifest import emit_manifest, manifest_entry
from compiler.pipeline import CompileResult
from compiler.site.pages import index_page, page_name, scenario_page

INDEX = "index.html"


def site_files(result: CompileResult) -> dict[str, bytes]:
    """Every page of a clean result (plans and metrics of each scenario) plus manifest.json."""
    plans = [
        result.plans[sid]
        for sid in result.plans
        if sid in result.metrics and sid in result.analyses
    ]
    files: dict[str, bytes] = {}
    entries = []
    for plan in plans:
        sid = plan.scenario.scenario
        page = {page_name(sid): scenario_page(plan, result.metrics[sid])}
        files |= page
        entries.append(manifest_entry(result.analyses[sid].bundle, page))
    if not plans:
        return {}
    files[INDEX] = index_page(plans, result.metrics)
    files |= emit_manifest(entries)
    return files
