"""`yjs fmt` and `yjs convert`: commands that rewrite spec files, never artefacts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    DEFAULT_SCENARIOS,
    Format,
    PathsArg,
    app,
    existing,
    io_errors,
    report,
    say,
)
from dsl.document import Syntax


@app.command()
@io_errors
def fmt(
    paths: PathsArg = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="不改文件；有文件需要整理时退出码为 1")
    ] = False,
) -> None:
    """把 .yjs 文件整理成统一格式（保留注释；整理结果再整理不变）。"""
    from compiler.format_files import format_files

    defaults = [p for p in (DEFAULT_SCENARIOS, Path("stdlib")) if p.exists()]
    run = format_files(existing(paths) if paths else defaults, write=not check_only)
    report(run, Format.TEXT)
    if run.skipped:
        say(f"yjs fmt 只整理 .yjs 文件，未处理 {', '.join(run.skipped)}", err=True)
    for name in run.changed:
        say(f"{'需要整理' if check_only else '已整理'} {name}")
    if not run.ok or (check_only and run.changed):
        raise typer.Exit(1)
    if run.files and not run.changed:
        say(f"{len(run.files)} 个 .yjs 文件已是统一格式，无需整理", err=True)
    elif not run.files and not run.skipped:
        say("没有找到 .yjs 文件，无需整理", err=True)


@app.command()
@io_errors
def convert(
    file: Annotated[Path, typer.Argument(help="要转换的规格文件（.yaml、.yjs 或 .xlsx）")],
    to: Annotated[Syntax, typer.Option("--to", help="目标写法")],
    out: Annotated[
        Path | None, typer.Option("--out", help="写入该文件（默认输出到屏幕；xlsx 必须指定）")
    ] = None,
) -> None:
    """在 YAML、.yjs 和 Excel 工作簿之间转换规格（编译结果相同，注释随内容转换，工作簿中为批注）。"""
    from compiler.convert_file import convert_file

    if to is Syntax.XLSX and out is None:
        say("yjs: 工作簿不能输出到屏幕，请用 --out 指定 .xlsx 文件", err=True)
        raise typer.Exit(2)
    result = convert_file(existing([file])[0], to, out)
    report(result, Format.TEXT)
    if not result.ok:
        raise typer.Exit(1)
    if out is None:
        typer.echo(result.text, nl=False)
    else:
        say(f"已写入 {out}", err=True)
