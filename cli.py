"""The `yjs` command line: arguments in, messages and exit codes out; no command logic here.

Each command checks the paths it was given (a missing one is a usage error), calls the one
`compiler/` module that does its work, prints what that module reports and sets the exit code:
0 clean (warnings allowed), 1 errors found or outputs stale, 2 usage error.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, Protocol

import typer

from compiler.emit import output
from dsl.diagnostics import Code, Diagnostic, Lang, Severity, localise
from dsl.document import Syntax
from dsl.render import printable, render_text, to_github, to_json
from dsl.reporting import Policy, apply_policy, policy_from
from dsl.source import SourceFile

if TYPE_CHECKING:
    from compiler.pipeline import CompileResult

# The compiler is imported inside the commands that use it: `yjs --help`, `yjs explain` and
# usage errors then start in ~0.17 s instead of ~0.7 s (pydantic models, networkx, lark).

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="yjs：一件事一次办规格编译器。检查规格，生成合并表单、分办路由和一次告知单。",
)

P = ParamSpec("P")
DEFAULT_SCENARIOS = Path("scenarios")
DEFAULT_OUT = Path("generated")


# A path that is not yjs's to replace is a usage error; an empty build or a busy lock is not.
REFUSAL_EXIT = {
    output.Refusal.NOT_OURS: 2,
    output.Refusal.NOTHING_BUILT: 1,
    output.Refusal.BUSY: 1,
}


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


class Reported(Protocol):
    """What a command's module hands back for printing: its diagnostics and their sources."""

    @property
    def diagnostics(self) -> list[Diagnostic]: ...
    @property
    def sources(self) -> dict[str, SourceFile]: ...


def _say(message: str, *, err: bool = False) -> None:
    """A status line: paths and names in it come from the user, so they are made printable."""
    typer.echo(printable(message), err=err)


def _version(value: bool) -> None:
    if not value:
        return
    from compiler.version import COMPILER_VERSION, FORMAT_VERSIONS  # constants only: stays fast

    typer.echo(f"yjs {COMPILER_VERSION}")
    for artefact, version in FORMAT_VERSIONS.items():
        typer.echo(f"{artefact} 格式版本 {version}")
    raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="显示编译器和各生成物格式的版本"
        ),
    ] = False,
) -> None:
    # Runs before every command (`--version` has already answered in its eager callback).
    # A mistyped $YJS_MAX_FILE_BYTES is a usage error before any command runs, not a crash
    # in the middle of a build nor a limit silently lifted.
    from dsl.source import max_file_bytes

    try:
        max_file_bytes()
    except ValueError as err:
        _say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="规格文件或目录（默认 scenarios/）", show_default=False),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="诊断信息的输出格式")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="诊断信息的语言：zh 中文，en 英文")]
WarnErrorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--warn-error",
        metavar="all|CODE",
        help="把警告当作错误（退出码 1）：all 是全部警告，写代码时只是这个代码（可重复）",
        show_default=False,
    ),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore",
        metavar="CODE",
        help="不报告这个代码的警告（可重复；错误不能忽略）",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="按这一天检查法律依据、事项和材料是否有效（YYYY-MM-DD，默认今天）",
        show_default=False,
    ),
]


def _io_errors(command: Callable[P, None]) -> Callable[P, None]:
    """A file that cannot be written is the user's to fix: say which, never a traceback."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except OSError as err:
            _say(f"yjs: 无法读写 {err.filename or ''}：{err.strerror or err}", err=True)
            raise typer.Exit(1) from None

    return run


def _existing(paths: list[Path]) -> list[Path]:
    """Every command treats a path it was given that does not exist as a usage error (exit 2)."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        _say(f"yjs: 找不到 {', '.join(map(str, missing))}", err=True)
        raise typer.Exit(2)
    return paths


def _as_of(text: str | None) -> dt.date | None:
    """`--as-of` as a date; anything but a real YYYY-MM-DD date is a usage error."""
    if text is None:
        return None
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):  # not 20261129 nor 2026-W48-7
            return dt.date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        pass
    _say(f"yjs: --as-of 的值 `{text}` 不是日期：请写成 YYYY-MM-DD，例如 2026-11-29", err=True)
    raise typer.Exit(2)


def _compile(
    paths: list[Path] | None, *, emit: bool, as_of: dt.date | None = None
) -> CompileResult:
    from compiler.pipeline import compile_paths

    return compile_paths(_existing(paths or [DEFAULT_SCENARIOS]), emit=emit, as_of=as_of)


def _policy(ignore: list[str] | None, warn_error: list[str] | None) -> Policy:
    try:
        return policy_from(ignore, warn_error)
    except ValueError as err:
        _say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None


def _report(
    result: Reported,
    fmt: Format,
    *,
    lang: Lang = Lang.ZH,
    policy: Policy | None = None,
    root: Path | None = None,
) -> bool:
    """Print what `result` found, after `policy`; True when no error is left.

    Without a policy the diagnostics are printed as found: `fmt` and `convert` only parse, so
    every suppression comment would look unused to them.
    """
    found = result.diagnostics
    if policy is not None:
        # a compile names its library files, whose suppressions a partial run may not reach
        libraries: frozenset[str] = getattr(result, "libraries", frozenset())
        found = apply_policy(found, result.sources, policy, libraries)
    diagnostics = [localise(d, lang) for d in found]
    if fmt is Format.JSON:
        typer.echo(json.dumps([to_json(d) for d in diagnostics], ensure_ascii=False, indent=2))
    elif fmt is Format.SARIF:
        from compiler.version import COMPILER_VERSION
        from dsl.sarif import to_sarif

        log = to_sarif(diagnostics, root or Path.cwd(), version=COMPILER_VERSION, lang=lang)
        typer.echo(json.dumps(log, ensure_ascii=False, indent=2))
    for d in diagnostics:
        if fmt is Format.GITHUB:
            typer.echo(to_github(d))
        elif fmt is Format.TEXT:
            typer.echo(render_text(d, result.sources) + "\n", err=True)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    if fmt is Format.TEXT and (errors or warnings):
        if lang is Lang.EN:
            typer.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
        else:
            typer.echo(f"共 {errors} 个错误，{warnings} 个警告", err=True)
    return errors == 0


@app.command()
def check(
    paths: PathsArg = None,
    fmt: FormatOpt = Format.TEXT,
    as_of: AsOfOpt = None,
    lang: LangOpt = Lang.ZH,
    warn_error: WarnErrorOpt = None,
    ignore: IgnoreOpt = None,
) -> None:
    """检查规格，报告全部错误和警告。"""
    policy = _policy(ignore, warn_error)
    result = _compile(paths, emit=False, as_of=_as_of(as_of))
    if not _report(result, fmt, lang=lang, policy=policy, root=result.root):
        raise typer.Exit(1)
    if fmt is Format.TEXT:
        typer.echo(
            f"检查通过：{len(result.plans)} 个一件事，共 {len(result.sources)} 个文件", err=True
        )


@app.command()
@_io_errors
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
) -> None:
    """编译规格，生成 generated/ 下的表单、路由、告知单和清单。"""
    policy = _policy(ignore, warn_error)
    result = _compile(paths, emit=True, as_of=_as_of(as_of))
    if not _report(result, fmt, lang=lang, policy=policy, root=result.root):
        _say("有错误，未生成任何文件", err=True)
        raise typer.Exit(1)
    if check_only:
        stale = output.stale_entries(result.artifacts, out)
        for line in stale:  # with --format json or sarif, stdout carries only the diagnostics
            _say(line, err=fmt in (Format.JSON, Format.SARIF))
        if stale:
            _say(f"{out} 已过期：请运行 yjs build", err=True)
            raise typer.Exit(1)
        _say(f"{out} 是最新的（{len(result.artifacts)} 个文件）", err=True)
        return
    inputs = [*(paths or [DEFAULT_SCENARIOS]), *map(Path, result.sources)]
    try:
        output.write_output(
            result.artifacts, out, inputs, wait=wait, on_wait=lambda m: _say(m, err=True)
        )
    except output.OutputRefused as refusal:
        _say(f"yjs: {refusal.message}", err=True)
        raise typer.Exit(REFUSAL_EXIT[refusal.kind]) from None
    _say(f"已生成 {len(result.artifacts)} 个文件到 {out}", err=True)


@app.command()
@_io_errors
def fmt(
    paths: PathsArg = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="不改文件；有文件需要整理时退出码为 1")
    ] = False,
) -> None:
    """把 .yjs 文件整理成统一格式（保留注释；整理结果再整理不变）。"""
    from compiler.format_files import format_files

    defaults = [p for p in (DEFAULT_SCENARIOS, Path("stdlib")) if p.exists()]
    run = format_files(_existing(paths) if paths else defaults, write=not check_only)
    _report(run, Format.TEXT)
    if run.skipped:
        _say(f"yjs fmt 只整理 .yjs 文件，未处理 {', '.join(run.skipped)}", err=True)
    for name in run.changed:
        _say(f"{'需要整理' if check_only else '已整理'} {name}")
    if not run.ok or (check_only and run.changed):
        raise typer.Exit(1)
    if run.files and not run.changed:
        _say(f"{len(run.files)} 个 .yjs 文件已是统一格式，无需整理", err=True)
    elif not run.files and not run.skipped:
        _say("没有找到 .yjs 文件，无需整理", err=True)


@app.command()
@_io_errors
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
        _say("yjs: 工作簿不能输出到屏幕，请用 --out 指定 .xlsx 文件", err=True)
        raise typer.Exit(2)
    result = convert_file(_existing([file])[0], to, out)
    _report(result, Format.TEXT)
    if not result.ok:
        raise typer.Exit(1)
    if out is None:
        typer.echo(result.text, nl=False)
    else:
        _say(f"已写入 {out}", err=True)


class StatsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


@app.command()
@_io_errors
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

    result = _compile(paths, emit=False)
    if not _report(result, Format.TEXT, policy=Policy()):
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
        _say(f"yjs: {readme} 中没有 {README_START} … {README_END} 标记", err=True)
        raise typer.Exit(2) from None
    if changed:
        _say(f"已更新 {readme} 的总览表", err=True)


class TestFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command("test")
@_io_errors
def test_command(
    paths: PathsArg = None,
    fmt: Annotated[
        TestFormat,
        typer.Option("--format", help="输出格式：text（每个测试一行，失败时列出差异）或 json"),
    ] = TestFormat.TEXT,
) -> None:
    """运行规格中的测试（tests:），每个测试一行通过或未通过；未通过的列出期望和实际的差异。"""
    from compiler.spec_runner import render_json, render_text, run_tests

    run = run_tests(_existing(paths or [DEFAULT_SCENARIOS]))
    _report(run, Format.TEXT)
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
        _say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None
    run = plan_dates(_existing(paths or [DEFAULT_SCENARIOS]), sid, applied)
    if not _report(run, Format.TEXT, policy=Policy()):
        raise typer.Exit(1)
    if run.dated is None:
        _say(f"yjs: {unknown_hint(sid, run.unknown)}", err=True)
        raise typer.Exit(2)
    typer.echo(render_dates(run.dated), nl=False)


class GraphFormat(StrEnum):
    MERMAID = "mermaid"
    DOT = "dot"
    SVG = "svg"


@app.command()
@_io_errors
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

    result = _compile(paths, emit=False)
    if not _report(result, Format.TEXT, policy=Policy()):
        _say("有错误，未生成站点", err=True)
        raise typer.Exit(1)
    files = site_files(result)
    inputs = [*(paths or [DEFAULT_SCENARIOS]), *map(Path, result.sources)]
    try:
        write_site(files, out, inputs, wait=wait, on_wait=lambda m: _say(m, err=True))
    except output.OutputRefused as refusal:
        _say(f"yjs: {refusal.message}", err=True)
        raise typer.Exit(REFUSAL_EXIT[refusal.kind]) from None
    _say(f"已生成站点（{len(files)} 个文件）到 {out}：用浏览器打开 {out / 'index.html'}", err=True)


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

    result = compile_paths(_existing(paths or [DEFAULT_SCENARIOS]), emit=False)
    if not _report(result, Format.TEXT, policy=Policy()):
        raise typer.Exit(1)
    plan = result.plans.get(sid)
    if plan is None:
        _say(f"yjs: {unknown_hint(sid, sorted(result.plans))}", err=True)
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

    found = why(_existing(paths or [DEFAULT_SCENARIOS]), sid, name)
    if not _report(found, Format.TEXT, policy=Policy()):
        raise typer.Exit(1)
    if found.problem is not None:
        _say(f"yjs: {found.problem}", err=True)
        raise typer.Exit(2)
    if fmt is WhyFormat.JSON:
        typer.echo(json.dumps(render_json(found), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text(found), nl=False)


@app.command("diff")
@_io_errors
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
        _say("yjs: diff 需要两个规格（旧 新），或用 --rev A..B [PATH] 比较 git 修订", err=True)
        raise typer.Exit(2)
    if rev is not None and len(given) > 1:
        _say("yjs: 用 --rev 时只能给一个目录或文件", err=True)
        raise typer.Exit(2)
    try:
        if rev is None:
            old, new = _existing(given)
            run = diff_paths([old], [new], labels([old]), labels([new]))
        else:
            path = given[0] if given else DEFAULT_SCENARIOS
            run = diff_revisions(parse_range(rev), path, Path.cwd())
    except RevisionError as err:
        _say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None
    if not _report(run, Format.TEXT, policy=Policy()):
        _say(f"yjs: {run.failed} 中的规格有错误，无法比较", err=True)
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
        _say(f"yjs: --format 只能是 {'、'.join(FORMATS)}；这里是 “{kind}”", err=True)
        raise typer.Exit(2)
    try:
        applied = parse_start(start) if start is not None else None
        run = notice_for(_existing(paths or [DEFAULT_SCENARIOS]), sid, answer or [], applied, kind)
    except (ValueError, AnswerError) as err:
        _say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None
    if not _report(run, Format.TEXT, policy=Policy()):
        raise typer.Exit(1)
    if run.text is None:
        _say(f"yjs: {unknown_hint(sid, run.unknown)}", err=True)
        raise typer.Exit(2)
    typer.echo(run.text, nl=False)


@app.command()
@_io_errors
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
        _say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None
    _say(f"已生成 {path}；修改后运行 yjs check {path}", err=True)


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
