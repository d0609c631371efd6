"""Workbook bytes → an openpyxl workbook, or E140: the one place a hostile file is unpacked.

An .xlsx is a zip archive, so its size on disk (bounded by E130) says little about what it
unpacks to; the archive's directory is read first and a workbook that would unpack to more
than MAX_UNPACKED_BYTES is refused before openpyxl inflates anything. Whatever else openpyxl
finds wrong with the file becomes the same diagnostic, never a traceback.
"""

from __future__ import annotations

import io
import warnings
import zipfile

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from dsl.diagnostics import Code, CompileError, Diagnostic
from dsl.source import Span

MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # a zip bomb unpacks to gigabytes from a small file


def open_workbook(name: str, raw: bytes) -> Workbook:
    """The workbook in `raw` (formulas kept as formulas); raises CompileError with E140."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            problem = f"解压后有 {unpacked} 字节，超过上限 {MAX_UNPACKED_BYTES} 字节"
            raise CompileError([_refused(name, problem)])
        with warnings.catch_warnings():  # openpyxl warns about extensions it drops (styles)
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(raw), data_only=False)
    except CompileError:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as err:
        problem = f"不是有效的 .xlsx 文件（{type(err).__name__}）"
        raise CompileError([_refused(name, problem)]) from None
    except Exception as err:  # any defect of a hostile file is a diagnostic, not a crash
        problem = f"文件内容损坏（{type(err).__name__}: {str(err)[:80]}）"
        raise CompileError([_refused(name, problem)]) from None


def _refused(name: str, problem: str) -> Diagnostic:
    hint = "请用 Excel 或 WPS 打开后另存为“Excel 工作簿 (*.xlsx)”；或用 `yjs new ID --xlsx` 生成起步工作簿"
    return Diagnostic.of(Code.E140, Span.point(name, 1, 1), problem=problem, hint=hint)
