"""Starting and reference commands: `yjs new`, `yjs schema`, `yjs explain`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    DEFAULT_SCENARIOS,
    LangOpt,
    app,
    io_errors,
    say,
)
from dsl.diagnostics import Code, Lang


@app.command()
@io_errors
def new(
    sid: Annotated[str, typer.Argument(metavar="ID", help="一件事的标识，例如 school_enrollment")],
    name: Annotated[str | None, typer.Option("--name", help="一件事的中文名称")] = None,
    folder: Annotated[Path, typer.Option("--dir", help="写入的目录")] = DEFAULT_SCENARIOS,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="生成 Excel 工作簿（.xlsx）而不是 YAML")
    ] = False,
) -> None:
    """生成一份带注释、可直接通过检查的起步规格。"""
    from compiler.scaffold import create_spec

    try:
        path = create_spec(sid, name, folder, workbook=xlsx)
    except ValueError as err:
        say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None
    say(f"已生成 {path}；修改后运行 yjs check {path}", err=True)


@app.command()
def schema() -> None:
    """输出规格文件格式的 JSON Schema，供编辑器（YAML 语言服务）补全和检查键名。"""
    from compiler.spec_schema import spec_json_schema

    typer.echo(json.dumps(spec_json_schema(), ensure_ascii=False, indent=2, sort_keys=True))


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="诊断代码，例如 E201")], lang: LangOpt = Lang.ZH
) -> None:
    """解释一个诊断代码，并给出错误与正确的写法。"""
    try:
        member = Code[code.strip().upper()]
    except KeyError:
        typer.echo(
            f"yjs: 没有诊断代码 {code}。已有代码：{' '.join(c.name for c in Code)}", err=True
        )
        raise typer.Exit(2) from None
    typer.echo(member.explanation(lang))
