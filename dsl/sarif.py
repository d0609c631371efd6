"""Diagnostics → SARIF 2.1.0, the static-analysis format code-scanning services read.

A run names each code it reports once as a rule (id, slug, the explain page as its help) and
points every result at that rule by id and index. Locations are relative to the project root
(`uriBaseId` PROJECTROOT), so the same log means the same lines on every checkout, and
percent-encoded, because a SARIF `uri` is an RFC 3986 reference and spec paths may be Chinese.
Columns count code points, as spans do (`columnKind`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from dsl.diagnostics import Code, Diagnostic, Lang, Severity
from dsl.source import Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_ID = "PROJECTROOT"


def to_sarif(
    diagnostics: Sequence[Diagnostic], root: Path, *, version: str, lang: Lang = Lang.ZH
) -> dict[str, Any]:
    """One SARIF log with one run: the rules the diagnostics use and one result each."""
    codes = sorted({d.code for d in diagnostics}, key=lambda c: c.name)
    index = {code: i for i, code in enumerate(codes)}
    root = root.resolve()
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "yjs",
                "version": version,
                "language": "en-US" if lang is Lang.EN else "zh-CN",
                "rules": [_rule(code, lang) for code in codes],
            }
        },
        "originalUriBaseIds": {ROOT_ID: {"uri": root.as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index[d.code], root) for d in diagnostics],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(code: Code, lang: Lang) -> dict[str, Any]:
    page = code.explanation(lang)
    heading, _, rest = page.partition("\n")
    title = re.split(r"[:：]", heading, maxsplit=1)[-1].strip()
    summary = rest.strip().split("\n\n", 1)[0].replace("\n", "")
    level = "error" if code.severity is Severity.ERROR else "warning"
    return {
        "id": code.name,
        "name": code.slug,
        "shortDescription": {"text": title},
        "fullDescription": {"text": summary},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": level},
    }


def _result(d: Diagnostic, rule_index: int, root: Path) -> dict[str, Any]:
    text = d.message + (f"\n{d.hint}" if d.hint else "")
    if d.span is not None and d.span.cell:
        text = f"{d.span.cell}: {text}"
    result: dict[str, Any] = {
        "ruleId": d.code.name,
        "ruleIndex": rule_index,
        "level": "error" if d.severity is Severity.ERROR else "warning",
        "message": {"text": text},
    }
    if d.span is not None:
        location = {"physicalLocation": _physical(d.span, root)}
        if d.label:
            location["message"] = {"text": d.label}
        result["locations"] = [location]
    if d.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(r.span, root), "message": {"text": r.message}}
            for i, r in enumerate(d.related)
        ]
    return result


def _physical(span: Span, root: Path) -> dict[str, Any]:
    """The file and the region in it. A workbook has no lines a viewer could show, so its
    location is the file alone and the cell (`事项!D7`) travels in the location's property bag
    (and at the head of the result's message, where a person reads it)."""
    if span.cell:
        return {
            "artifactLocation": _artifact(span.file, root),
            "properties": {"cell": span.cell},
        }
    return {
        "artifactLocation": _artifact(span.file, root),
        "region": {
            "startLine": span.line,
            "startColumn": span.column,
            "endLine": span.end_line,
            "endColumn": span.end_column,
        },
    }


def _artifact(name: str, root: Path) -> dict[str, Any]:
    """The file as a URI: relative to the project root when inside it, else absolute."""
    path = Path(os.path.abspath(name))
    if path.is_relative_to(root):
        relative = PurePosixPath(*path.relative_to(root).parts)
        return {"uri": quote(str(relative), safe="/"), "uriBaseId": ROOT_ID}
    return {"uri": path.as_uri()}
