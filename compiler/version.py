"""Versions written into artefacts: the compiler's, and each artefact format's.

A format version changes only when a consumer would have to change its code; the compiler
version is the package version (pyproject reads it from here).
"""

COMPILER_VERSION = (
    "0.2.0"  # 0.2: the model of issue 9 (after, units, service, validity, groups, roles)
)

FORMAT_VERSIONS = {
    "form.schema.json": "3",  # 3: provenance (`x-yjs-needed-by`, `x-yjs.exempt`)
    "routing.json": "5",  # 4: days as {amount, unit}; `after` per item; 5: `provenance`
    "notice.md": "4",  # 4: limits in their own unit; the order `after` sets, with its reason
    "manifest.json": "1",
    "metrics.json": "2",  # 2: visits counted per place (`trips`)
}
