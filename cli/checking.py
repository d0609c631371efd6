"""`yjs check` and `yjs build`: compile the specs, report, and (build) write generated/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    DEFAULT_OUT,
    DEFAULT_SCENARIOS,
    REFUSAL_EXIT,
    AsOfOpt,
    Format,
    FormatOpt,
    IgnoreOpt,
    JobsOpt,
    LangOpt,
    PathsArg,
    ProgressOpt,
    WarnErrorOpt,
    app,
    as_of_date,
    compile_specs,
    existing,
    io_errors,
    jobs_count,
    policy_of,
    report,
    say,
)
from compiler.emit import output
from dsl.diagnostics import Lang


@app.command()
def check(
    paths: PathsArg = None,
    fmt: FormatOpt = Format.TEXT,
    as_of: AsOfOpt = None,
    lang: LangOpt = Lang.ZH,
    warn_error: WarnErrorOpt = None,
    ignore: IgnoreOpt = None,
    progress: ProgressOpt = False,
    jobs: JobsOpt = "1",
) -> None:
    """检查规格，报告全部错误和警告。"""
    policy = policy_of(ignore, warn_error)
    processes = jobs_count(jobs)
    result = compile_specs(
        paths, emit=False, as_of=as_of_date(as_of), progress=progress, jobs=processes
    )
    if not report(result, fmt, lang=lang, policy=policy, root=result.root):
        raise typer.Exit(1)
    if fmt is Format.TEXT:
        typer.echo(
            f"检查通过：{len(result.planned)} 个一件事，共 {len(result.sources)} 个文件", err=True
        )


@app.command()
@io_errors
def build(
    paths: PathsArg = None,
    out: Annotated[
        Path,
        typer.Option("--out", help="输出目录（整体替换；只替换不存在的、空的或 yjs 生成的目录）"),
    ] = DEFAULT_OUT,
    check_only: Annotated[
        bool, typer.Option("--check", help="不写文件；输出目录过期或缺文件时退出码为 1")
    ] = False,
    wait: Annotated[
        float,
        typer.Option("--wait", min=0, help="另一个 yjs build 正在写同一输出目录时最多等待的秒数"),
    ] = output.DEFAULT_WAIT,
    fmt: FormatOpt = Format.TEXT,
    as_of: AsOfOpt = None,
    lang: LangOpt = Lang.ZH,
    warn_error: WarnErrorOpt = None,
    ignore: IgnoreOpt = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="即使规格、导入和生成物都未改变，也重新编译并写入"),
    ] = False,
    progress: ProgressOpt = False,
    jobs: JobsOpt = "1",
) -> None:
    """编译规格，生成 generated/ 下的表单、路由、告知单和清单。"""
    policy = policy_of(ignore, warn_error)
    day = as_of_date(as_of)
    processes = jobs_count(jobs)
    if not (force or check_only or warn_error or ignore) and fmt is Format.TEXT:
        from compiler.up_to_date import unchanged_bundles

        unchanged = unchanged_bundles(existing(paths or [DEFAULT_SCENARIOS]), out, day)
        if unchanged is not None:
            say(
                f"{out} 已是最新：{unchanged} 个一件事的规格、导入和生成物都未改变，跳过编译",
                err=True,
            )
            return
    result = compile_specs(paths, emit=True, as_of=day, progress=progress, jobs=processes)
    if not report(result, fmt, lang=lang, policy=policy, root=result.root):
        say("有错误，未生成任何文件", err=True)
        raise typer.Exit(1)
    if check_only:
        stale = output.stale_entries(result.artifacts, out)
        for line in stale:  # with --format json or sarif, stdout carries only the diagnostics
            say(line, err=fmt in (Format.JSON, Format.SARIF))
        if stale:
            say(f"{out} 已过期：请运行 yjs build", err=True)
            raise typer.Exit(1)
        say(f"{out} 是最新的（{len(result.artifacts)} 个文件）", err=True)
        return
    inputs = [*(paths or [DEFAULT_SCENARIOS]), *map(Path, result.sources)]
    try:
        output.write_output(
            result.artifacts, out, inputs, wait=wait, on_wait=lambda m: say(m, err=True)
        )
    except output.OutputRefused as refusal:
        say(f"yjs: {refusal.message}", err=True)
        raise typer.Exit(REFUSAL_EXIT[refusal.kind]) from None
    from compiler.up_to_date import record_build

    record_build(out)
    say(f"已生成 {len(result.artifacts)} 个文件到 {out}", err=True)
