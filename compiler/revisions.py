"""Git revisions → spec trees on disk, for `yjs diff --rev A..B`.

A spec imports libraries from anywhere under its project root, so one file at a revision is not
enough: the whole tree as of that commit is exported (`git archive`, read locally, no network)
into a temporary folder and compiled there. Tar members are extracted with the standard
library's `data` filter: no absolute paths, no links out of the folder, no device files.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

WORKTREE = None  # the right side of `A` alone: the files as they are now


class RevisionError(ValueError):
    """A usage error: not a git repository, an unknown revision, a path outside the repository."""


@dataclass(frozen=True, slots=True)
class Range:
    old: str
    new: str | None  # None: the working tree


def parse_range(text: str) -> Range:
    """`A..B`, `A..` (to HEAD), `..B` (from HEAD) or `A` (to the working tree), as git reads them.

    >>> parse_range("main..HEAD")
    Range(old='main', new='HEAD')
    >>> parse_range("v1")
    Range(old='v1', new=None)
    """
    text = text.strip()
    if "..." in text:
        raise RevisionError(f"--rev 只接受 A..B 或 A，不接受三个点：“{text}”")
    if ".." not in text:
        if not text:
            raise RevisionError("--rev 需要修订，例如 main..HEAD")
        return Range(text, WORKTREE)
    old, new = text.split("..", 1)
    return Range(old or "HEAD", new or "HEAD")


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as err:  # git is not installed
        raise RevisionError(f"无法运行 git：{err.strerror or err}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {args[0]} 失败：{message[-1] if message else done.returncode}")
    return done.stdout


def repository_root(cwd: Path) -> Path:
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except RevisionError:
        raise RevisionError(f"{cwd} 不在 git 仓库中，不能用 --rev") from None
    return Path(out.decode("utf-8").strip()).resolve()


def in_repository(path: Path, root: Path) -> Path:
    """`path` (relative to the current folder, or absolute) relative to the repository root."""
    absolute = Path.cwd() / path if not path.is_absolute() else path
    try:
        return Path(*Path(absolute).resolve().relative_to(root).parts)
    except ValueError:
        raise RevisionError(f"{path} 不在 git 仓库 {root} 中") from None


def export(revision: str, root: Path, into: Path) -> None:
    """The tree of `revision` of the repository at `root`, written under `into`."""
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root)
    except RevisionError:
        raise RevisionError(f"找不到修订 `{revision}`") from None
    archive = _git(["archive", "--format=tar", revision], root)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
