"""Versions written into artefacts: the compiler's, and each artefact format's.

A format version changes only when a consumer would have to change its code; the compiler
version is the package version (pyproject reads it from here).
"""

# 0.2: the model of issue 9 (after, units, service, validity, groups, roles); 0.3: the
# artefacts platforms import (form.ui.json, slices, process.bpmn, supervision.json, _formats,
# _schemas, _lists), the complete notice, workbooks as specs, the reviewer checks.
COMPILER_VERSION = "0.3.0"

FORMAT_VERSIONS = {
    # 3: provenance (`x-yjs-needed-by`, `x-yjs.exempt`); 4: form order (x-order, required in
    # order), choices as oneOf, visibility as if/then/else, prefilled fields (readOnly), rules
    # as if/then and formats, errorMessage (ajv-errors)
    "form.schema.json": "4",
    "form.ui.json": "1",  # react-jsonschema-form uiSchema
    "routing.json": "9",  # 4: days as {amount, unit}; `after` per item; 5: `provenance`;
    # 6: per material `submit_when`, the answers it is handed in under
    # 7: special procedures' days as {amount, unit}; 8: each department's `slice`
    # 9: a special procedure's `basis`
    "routing.csv": "1",  # one row per item, for people
    # a department's slice: only what its items need; 2: a special procedure's `basis`
    "routing/<department>.json": "2",
    "_formats": "1",  # the published format checks (JavaScript and Python)
    "notice.md": "6",  # 5: every 一次性告知 element as a section; materials by answer-space verdict
    # 6: a 依据 column in the special procedures' table
    "notice.html": "1",  # 1: the notice.md content, self-contained HTML with a print stylesheet
    "notice.txt": "1",  # 1: the notice.md content as plain text
    "pledge_letter.md": "1",  # 1: one 告知承诺书 per pledged item or material
    "_lists/*.md": "2",  # 1: 容缺受理、告知承诺、限时办结、特别程序 lists across all bundles
    # 2: a 依据 column in the 特别程序 list
    "_lists/*.csv": "2",
    "manifest.json": "3",  # 2: `lists`, the hashes of the published lists; 3: `shared` (_schemas)
    "metrics.json": "2",  # 2: visits counted per place (`trips`)
    "process.bpmn": "1",  # BPMN 2.0 with diagram interchange, runnable in SpiffWorkflow
    "supervision.json": "3",  # 电子监察 card points, 核查 and 容缺 deadlines, 好差评 points;
    # 2: a special procedure's `max` in its own unit (自然日 for 公示、公告); 3: its `basis`
    # the JSON Schemas published with the artefacts (supervision.json's); 2: as above;
    # 3: routing, department slices, metrics and the manifest too; 4: a special procedure's `basis`
    "_schemas": "4",
}
