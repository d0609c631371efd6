"""Workbook → the same bytes on every run, so a workbook can be committed beside its spec.

openpyxl stamps the document properties with the time of saving and the zip entries with the
time of writing; both are fixed here: the properties before openpyxl writes them (its
`ExcelWriter`, without `save_workbook`'s stamp), the entries by copying them into a new zip
with one fixed date.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

FIXED_TIME = dt.datetime(2020, 1, 1)  # any fixed instant; the properties say nothing of the spec
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def stable_bytes(book: Workbook) -> bytes:
    book.properties.creator = "yjs"
    book.properties.lastModifiedBy = None
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    first = io.BytesIO()
    with zipfile.ZipFile(first, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(first.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
