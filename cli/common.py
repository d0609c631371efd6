"""What every `yjs` command shares: the typer app, the common options, path checks and reporting.

Each command checks the paths it was given (a missing one is a usage error), calls the one
`compiler/` module that does its work, prints what that module reports and sets the exit code:
0 clean (warnings allowed), 1 errors found or outputs stale, 2 usage error.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, Protocol

import typer

from compiler.emit import output
from dsl.diagnostics import Diagnostic, Lang, Severity, localise
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
MAX_JOBS = 256  # more processes than that is a typo, not a machine


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


def say(message: str, *, err: bool = False) -> None:
    """A status line: paths and names in it come from the user, so they are made printable."""
    typer.echo(printable(message), err=err)


def _version(value: bool) -> None:
    if not value:
        return
    from cli.version_text import version_text

    typer.echo(version_text(), nl=False)
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
        say(f"yjs: {err}", err=True)
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
ProgressOpt = Annotated[
    bool,
    typer.Option(
        "--progress",
        help="显示进度（已检查、已生成几个一件事）；默认只在终端上、编译超过约 1 秒时显示",
    ),
]
JobsOpt = Annotated[
    str,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N|auto",
        help="用 N 个进程编译（各编译一部分一件事，结果与 1 个进程完全相同）；0 或 auto 为 CPU 核数",
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


def io_errors(command: Callable[P, None]) -> Callable[P, None]:
    """A file that cannot be written is the user's to fix: say which, never a traceback."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except OSError as err:
            say(f"yjs: 无法读写 {err.filename or ''}：{err.strerror or err}", err=True)
            raise typer.Exit(1) from None

    return run


def existing(paths: list[Path]) -> list[Path]:
    """Every command treats a path it was given that does not exist as a usage error (exit 2)."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        say(f"yjs: 找不到 {', '.join(map(str, missing))}", err=True)
        raise typer.Exit(2)
    return paths


def as_of_date(text: str | None) -> dt.date | None:
    """`--as-of` as a date; anything but a real YYYY-MM-DD date is a usage error."""
    if text is None:
        return None
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):  # not 20261129 nor 2026-W48-7
            return dt.date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        pass
    say(f"yjs: --as-of 的值 `{text}` 不是日期：请写成 YYYY-MM-DD，例如 2026-11-29", err=True)
    raise typer.Exit(2)


def jobs_count(text: str) -> int:
    """`-j` as a number of processes: a positive integer, or 0/auto for every CPU core; anything
    else is a usage error (a typo must not quietly compile in one process, or in a thousand)."""
    value = text.strip().lower()
    if value.isascii() and value.isdigit() and int(value) <= MAX_JOBS:
        return int(value) or os.cpu_count() or 1
    if value == "auto":
        return os.cpu_count() or 1
    say(
        f"yjs: -j 的值 `{text}` 无效：请写 1 到 {MAX_JOBS} 的整数，或 0、auto（按 CPU 核数）",
        err=True,
    )
    raise typer.Exit(2)


class ProgressLine:
    """`检查 12/33` on one line of stderr, rewritten in place, for a compile that takes a while.

    Shown only on a terminal and only once a second has passed (a quick check stays silent),
    or always when asked (`--progress`); never in a pipe or a CI log otherwise. The line is
    cleared when the compile ends, so the report that follows starts on a clean line.
    """

    def __init__(self, forced: bool) -> None:
        self.enabled = forced or sys.stderr.isatty()
        self.forced = forced
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled or not (self.forced or time.monotonic() - self.start >= 1.0):
            return
        sys.stderr.write(f"\r{phase} {done}/{total} 个一件事")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K" if sys.stderr.isatty() else "\n")
            sys.stderr.flush()


def compile_specs(
    paths: list[Path] | None,
    *,
    emit: bool,
    as_of: dt.date | None = None,
    progress: bool = False,
    jobs: int = 1,
) -> CompileResult:
    from compiler.pipeline import compile_paths

    line = ProgressLine(progress)
    try:
        return compile_paths(
            existing(paths or [DEFAULT_SCENARIOS]),
            emit=emit,
            as_of=as_of,
            progress=line,
            jobs=jobs,
        )
    finally:
        line.close()


def policy_of(ignore: list[str] | None, warn_error: list[str] | None) -> Policy:
    try:
        return policy_from(ignore, warn_error)
    except ValueError as err:
        say(f"yjs: {err}", err=True)
        raise typer.Exit(2) from None


def report(
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
