"""A compiled result → the site's files, with a manifest so `yjs docs` may replace the folder.

The site is written like `yjs build` writes `generated/` (compiler/emit/output.py: the whole
folder replaced atomically, and only a folder yjs made); the manifest is what proves a folder
is yjs's, and it records which specs each page was built from. It also says the folder holds a
site (`"content": "site"`), so `yjs docs --out generated` cannot wipe a build's artefacts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from compiler.emit import output
from compiler.emit.encoding import json_bytes
from compiler.emit.manifest import MANIFEST, emit_manifest, manifest_entry
from compiler.pipeline import CompileResult
from compiler.site.pages import index_page, page_name, scenario_page

INDEX = "index.html"
CONTENT = "site"


def site_files(result: CompileResult) -> dict[str, bytes]:
    """Every page of a clean result (plans and metrics of each scenario) plus manifest.json."""
    plans = [
        result.plans[sid]
        for sid in result.plans
        if sid in result.metrics and sid in result.analyses
    ]
    if not plans:
        return {}
    files: dict[str, bytes] = {}
    entries = []
    for plan in plans:
        sid = plan.scenario.scenario
        page = {page_name(sid): scenario_page(plan, result.metrics[sid])}
        files |= page
        entries.append(manifest_entry(result.analyses[sid].bundle, page))
    files[INDEX] = index_page(plans, result.metrics)
    manifest = json.loads(emit_manifest(entries)[MANIFEST])
    files[MANIFEST] = json_bytes(manifest | {"content": CONTENT})
    return files


def write_site(
    files: dict[str, bytes],
    out: Path,
    inputs: Iterable[Path],
    *,
    wait: float = output.DEFAULT_WAIT,
    on_wait: Callable[[str], None] | None = None,
) -> None:
    """Replace `out` by the site, as `yjs build` replaces its output; never a build's output."""
    if output.is_yjs_output(out) and not _holds_site(out):
        raise output.OutputRefused(
            output.Refusal.NOT_OURS,
            f"{out} 是 yjs build 生成的目录（表单、路由、告知单），不是站点；为免删除这些生成物，"
            f"未改动它。请给站点另用一个目录，例如 --out site",
        )
    output.write_output(files, out, inputs, wait=wait, on_wait=on_wait)


def _holds_site(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("content") == CONTENT
