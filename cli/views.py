"""Commands that show a compiled bundle another way: stats, tests, dates, site, diagram,
provenance, semantic diff and the tailored notice."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    DEFAULT_SCENARIOS,
    REFUSAL_EXIT,
    Format,
    PathsArg,
    app,
    compile_specs,
    existing,
    io_errors,
    report,
    say,
)
from compiler.emit import output
from dsl.reporting import Policy


class StatsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


@app.command()
@io_errors
def stats(
    paths: PathsArg = None,
    readme: Annotated[
        Path | None, typer.Option("--readme", help="把总览表写入该 README 的标记之间")
    ] = None,
    fmt: Annotated[
        StatsFormat, typer.Option("--format", help="输出格式：text（表格）、json 或 csv")
    ] = StatsFormat.TEXT,
) -> None:
    """列出各一件事的总览，以及材料、环节、时限、跑动在一件事前后的数字和减少的百分比。"""
    from compiler.emit.overview import README_END, README_START, render_overview, update_readme
    from compiler.stats import stats_csv, stats_json, stats_text

    result = compile_specs(paths, emit=False)
    if not report(result, Format.TEXT, policy=Policy()):
        raise typer.Exit(1)
    if readme is None:
        metrics = result.metrics.values()
        if fmt is StatsFormat.JSON:
            typer.echo(stats_json(result.plans, metrics), nl=False)
        elif fmt is StatsFormat.CSV:
            typer.echo(stats_csv(result.plans, metrics), nl=False)
        else:
            overview = render_overview(result.plans.values())
            typer.echo(overview + "\n" + stats_text(result.plans, metrics), nl=False)
        return
    table = render_overview(result.plans.values())
    try:
        changed = update_readme(readme, table)
    except ValueError:
        say(f"yjs: {readme} 中没有 {README_START} … {README_END} 标记", err=True)
        raise typer.Exit(2) from None
    if changed:
        say(f"已更新 {readme} 的总览表", err=True)


class TestFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command("test")
@io_errors
def test_command(
    paths: PathsArg = None,
    fmt: Annotated[
        TestFormat,
        typer.Option("--format", help="输出格式：text（每个测试一行，失败时列出差异）或 json"),
    ] = TestFormat.TEXT,
) -> None:
    """运行规格中的测试（tests:），每个测试一行通过或未通过；未通过的列出期望和实际的差异。"""
    from compiler.spec_runner import render_json, render_text, run_tests

    run = run_tests(existing(paths or [DEFAULT_SCENARIOS]))
    report(run, Format.TEXT)
    if fmt is TestFormat.JSON:
        typer.echo(json.dumps(render_json(run), ensure_ascii=False, indent=2))
    elif run.outcomes or run.ok:
        typer.echo(render_text(run), nl=False)
    if not run.ok:
        raise typer.Exit(1)


@app.command("plan")
def plan_command(
    sid: Annotated[str, typer.Argument(metavar="ID", help="一件事的标识，例如 newborn")],
    start: Annotated[
        str, typer.Option("--start", metavar="DATE", help="申请日期 YYYY-MM-DD，例如 2026-09-28")
    ],
    paths: PathsArg = None,
) -> None:
    """按真实日历（法定节假日和调休）列出某日申请时每个事项的开始和办结日期。"""
    from compiler.plan_dates import parse_start, plan_dates, render_dates, unknown_hint

    try:
        applied = parse_start(start)
    except ValueError as err:
        say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None
    run = plan_dates(existing(paths or [DEFAULT_SCENARIOS]), sid, applied)
    if not report(run, Format.TEXT, policy=Policy()):
        raise typer.Exit(1)
    if run.dated is None:
        say(f"yjs: {unknown_hint(sid, run.unknown)}", err=True)
        raise typer.Exit(2)
    typer.echo(render_dates(run.dated), nl=False)


class GraphFormat(StrEnum):
    MERMAID = "mermaid"
    DOT = "dot"
    SVG = "svg"


@app.command()
@io_errors
def docs(
    out: Annotated[
        Path,
        typer.Option("--out", help="站点目录（整体替换；只替换不存在的、空的或 yjs 生成的目录）"),
    ],
    paths: PathsArg = None,
    wait: Annotated[
        float,
        typer.Option("--wait", min=0, help="另一个 yjs 正在写同一目录时最多等待的秒数"),
    ] = output.DEFAULT_WAIT,
) -> None:
    """生成可离线浏览的静态站点：全部一件事的索引和数字，每个一件事的告知单、表单预览、路由、关系图和监管规则。"""
    from compiler.site.build import site_files, write_site

    result = compile_specs(paths, emit=False)
    if not report(result, Format.TEXT, policy=Policy()):
        say("有错误，未生成站点", err=True)
        raise typer.Exit(1)
    files = site_files(result)
    inputs = [*(paths or [DEFAULT_SCENARIOS]), *map(Path, result.sources)]
    try:
        write_site(files, out, inputs, wait=wait, on_wait=lambda m: say(m, err=True))
    except output.OutputRefused as refusal:
        say(f"yjs: {refusal.message}", err=True)
        raise typer.Exit(REFUSAL_EXIT[refusal.kind]) from None
    say(f"已生成站点（{len(files)} 个文件）到 {out}：用浏览器打开 {out / 'index.html'}", err=True)


@app.command()
def graph(
    sid: Annotated[str, typer.Argument(metavar="ID", help="一件事的标识，例如 newborn")],
    paths: PathsArg = None,
    fmt: Annotated[
        GraphFormat,
        typer.Option(
            "--format",
            help="mermaid（可贴进 Markdown）、dot（Graphviz）或 svg（yjs 自己绘制，无需 Graphviz）",
        ),
    ] = GraphFormat.MERMAID,
) -> None:
    """画出一件事的事项关系图：阶段为列，按部门着色，有条件的事项用虚线框，先后顺序用虚线箭头。"""
    from compiler.emit.diagram import DiagramFormat, render_diagram
    from compiler.pipeline import compile_paths
    from compiler.plan_dates import unknown_hint

    result = compile_paths(existing(paths or [DEFAULT_SCENARIOS]), emit=False)
    if not report(result, Format.TEXT, policy=Policy()):
        raise typer.Exit(1)
    plan = result.plans.get(sid)
    if plan is None:
        say(f"yjs: {unknown_hint(sid, sorted(result.plans))}", err=True)
        raise typer.Exit(2)
    typer.echo(render_diagram(plan, DiagramFormat(fmt.value)), nl=False)


class WhyFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def why(
    sid: Annotated[str, typer.Argument(metavar="ID", help="一件事的标识，例如 newborn")],
    name: Annotated[
        str,
        typer.Argument(metavar="FIELD_OR_MATERIAL", help="字段或材料的标识（或名称），例如 hukou"),
    ],
    paths: PathsArg = None,
    fmt: Annotated[
        WhyFormat, typer.Option("--format", help="输出格式：text 或 json")
    ] = WhyFormat.TEXT,
) -> None:
    """说明一个字段或材料由哪些事项需要、在什么条件下需要，以及为什么免提交或需要提交。"""
    from compiler.why import render_json, render_text, why

    found = why(existing(paths or [DEFAULT_SCENARIOS]), sid, name)
    if not report(found, Format.TEXT, policy=Policy()):
        raise typer.Exit(1)
    if found.problem is not None:
        say(f"yjs: {found.problem}", err=True)
        raise typer.Exit(2)
    if fmt is WhyFormat.JSON:
        typer.echo(json.dumps(render_json(found), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text(found), nl=False)


@app.command("diff")
@io_errors
def diff_command(
    specs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="OLD NEW | [PATH]",
            help="两个规格文件或目录（旧、新）；用 --rev 时是要比较的目录（默认 scenarios/）",
            show_default=False,
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            metavar="A..B",
            help="比较 git 中两个修订的规格（A..B；只写 A 时与工作区比较）",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        WhyFormat, typer.Option("--format", help="输出格式：text（Markdown）或 json")
    ] = WhyFormat.TEXT,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="有变化时退出码为 1（与 git diff --exit-code 相同）")
    ] = False,
) -> None:
    """比较两份规格（或 git 的两个修订）的语义变化及其对指标的影响。"""
    from compiler.diff_render import render_json, render_text
    from compiler.revisions import RevisionError, parse_range
    from compiler.spec_diff import diff_paths, diff_revisions, labels

    given = specs or []
    if rev is None and len(given) != 2:
        say("yjs: diff 需要两个规格（旧 新），或用 --rev A..B [PATH] 比较 git 修订", err=True)
        raise typer.Exit(2)
    if rev is not None and len(given) > 1:
        say("yjs: 用 --rev 时只能给一个目录或文件", err=True)
        raise typer.Exit(2)
    try:
        if rev is None:
            old, new = existing(given)
            run = diff_paths([old], [new], labels([old]), labels([new]))
        else:
            path = given[0] if given else DEFAULT_SCENARIOS
            run = diff_revisions(parse_range(rev), path, Path.cwd())
    except RevisionError as err:
        say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None
    if not report(run, Format.TEXT, policy=Policy()):
        say(f"yjs: {run.failed} 中的规格有错误，无法比较", err=True)
        raise typer.Exit(1)
    if fmt is WhyFormat.JSON:
        data = render_json(run.diffs, run.old_label, run.new_label)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text(run.diffs, run.old_label, run.new_label), nl=False)
    if exit_code and run.changed:
        raise typer.Exit(1)


@app.command("notice")
def notice_command(
    sid: Annotated[str, typer.Argument(metavar="ID", help="一件事的标识，例如 newborn")],
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer", metavar="KEY=VALUE", help="申请人的回答，可重复，例如 join_insurance=是"
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="DATE", help="申请日期 YYYY-MM-DD：写出每个事项的办结日期"),
    ] = None,
    kind: Annotated[
        str, typer.Option("--format", metavar="md|html|txt", help="输出格式（默认 md）")
    ] = "md",
    paths: PathsArg = None,
) -> None:
    """按申请人的回答生成个人版一次告知单：只列适用的事项和材料，可按申请日期写出办结日期。"""
    from compiler.emit.notice import FORMATS
    from compiler.plan_dates import parse_start, unknown_hint
    from compiler.tailor import AnswerError, notice_for

    if kind not in FORMATS:
        say(f"yjs: --format 只能是 {'、'.join(FORMATS)}；这里是 “{kind}”", err=True)
        raise typer.Exit(2)
    try:
        applied = parse_start(start) if start is not None else None
        run = notice_for(existing(paths or [DEFAULT_SCENARIOS]), sid, answer or [], applied, kind)
    except (ValueError, AnswerError) as err:
        say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None
    if not report(run, Format.TEXT, policy=Policy()):
        raise typer.Exit(1)
    if run.text is None:
        say(f"yjs: {unknown_hint(sid, run.unknown)}", err=True)
        raise typer.Exit(2)
    typer.echo(run.text, nl=False)
