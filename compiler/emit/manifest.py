"""Bundles and their artefacts → manifest.json: what was built, from which inputs, by which yjs.

Unlike the other emitters it reads no plan: it records hashes of the input files each bundle
was compiled from and of the artefacts written for it, so a platform can tell whether a copy
of `generated/` matches its specs without compiling them again. Outputs that belong to no
scenario (the JSON Schemas under `_schemas/`) are hashed under `shared`. A build asked to judge validity
at a given date (`yjs build --as-of`) records that date as `as_of`; a build on the default date
(today) records none, so the same specs give the same bytes on any day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from compiler.emit.encoding import json_bytes
from compiler.program import Bundle
from compiler.resolve import closure
from compiler.version import COMPILER_VERSION, FORMAT_VERSIONS

MANIFEST = "manifest.json"


def manifest_entry(bundle: Bundle, outputs: dict[str, bytes]) -> dict[str, object]:
    """One bundle's record; `outputs` maps paths under the output folder to their bytes."""
    spec = bundle.scenario
    inputs = {u.rel: u.doc.source.sha256 for u in closure(bundle.unit)}
    return {
        "id": spec.scenario,
        "name": spec.name,
        "batch": spec.batch.isoformat(),
        "source": bundle.unit.rel,
        "inputs": dict(sorted(inputs.items())),
        "outputs": {name: _sha256(data) for name, data in sorted(outputs.items())},
    }


def emit_manifest(
    entries: Iterable[dict[str, object]],
    as_of: dt.date | None = None,
    lists: dict[str, bytes] | None = None,
    shared: dict[str, bytes] | None = None,
) -> dict[str, bytes]:
    """The manifest over the entries, in the order given (the pipeline's bundle order), the
    hashes of the lists published across all of them (`_lists/`), and of the `shared` outputs
    that belong to no scenario (the published schemas, `_schemas/`), by path."""
    manifest: dict[str, object] = {
        "format": "yjs-manifest",
        "format_version": FORMAT_VERSIONS[MANIFEST],
        "compiler_version": COMPILER_VERSION,
        "formats": FORMAT_VERSIONS,
        "scenarios": list(entries),
        "lists": {name: _sha256(data) for name, data in sorted((lists or {}).items())},
        "shared": {name: _sha256(data) for name, data in sorted((shared or {}).items())},
    }
    if as_of is not None:
        manifest["as_of"] = as_of.isoformat()
    return {MANIFEST: json_bytes(manifest)}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
