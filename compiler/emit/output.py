"""The output directory: which paths yjs may replace, and how it replaces them without a gap.

`yjs build` replaces a whole directory, so the one question that matters before it does is
whether that directory is yjs's to replace. It is when it does not exist, is empty, or carries
the manifest yjs writes at the root of every output; the project root, an input, a folder that
holds an input, a file and `/` never are, whatever they contain.

Replacing is crash-safe: the new output is written and fsynced in a hidden sibling, then the two
directories trade places in one `renameat2(RENAME_EXCHANGE)`, so a reader (or a build killed at
any instant) sees the old complete output or the new one, never a mix and never nothing. Where
the kernel or the file system has no exchange, two renames are used and the old output waits in
a hidden sibling during the instant between them. Hidden siblings left by a killed build are
removed by the next build, under the lock that serialises builds into the same directory.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import cast

from compiler.atomic import umask

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "yjs-manifest"
MANIFEST_KEYS = frozenset({"format", "format_version", "compiler_version", "formats", "scenarios"})
MANIFEST_MAX_BYTES = 64 * 1024 * 1024  # a real manifest is a few dozen KB; never read a huge file
DEFAULT_WAIT = 60.0  # seconds a build waits for another build of the same output to finish
_POLL = 0.05
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_NO_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})


class Refusal(Enum):
    NOT_OURS = "not_ours"  # the path is not an output yjs may replace (a usage error)
    NOTHING_BUILT = "nothing_built"  # no scenario compiled: replacing would empty the output
    BUSY = "busy"  # another build held the lock for the whole wait


class OutputRefused(Exception):
    """Raised before anything on disk changes; `message` is the user's explanation (Chinese)."""

    def __init__(self, kind: Refusal, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True, slots=True)
class Siblings:
    """The hidden names beside an output `out`: the lock and the temporary directories."""

    out: Path

    @property
    def lock(self) -> Path:
        return self.out.parent / f".{self.out.name}.lock"

    @property
    def staging_prefix(self) -> str:
        return f".{self.out.name}.new-"

    @property
    def old_prefix(self) -> str:
        return f".{self.out.name}.old-"

    def leftovers(self) -> list[Path]:
        """Temporary directories of earlier builds (mkdtemp names only, never anything else)."""
        pattern = re.compile(rf"\.{re.escape(self.out.name)}\.(new|old)-[a-z0-9_]{{8}}")
        try:
            entries = list(os.scandir(self.out.parent))
        except FileNotFoundError:
            return []
        return sorted(
            Path(e.path)
            for e in entries
            if pattern.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
        )


def write_output(
    artifacts: dict[str, bytes],
    out: Path,
    inputs: Iterable[Path],
    *,
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[str], None] | None = None,
) -> None:
    """Replace `out` by exactly `artifacts`, or raise OutputRefused having changed nothing.

    `inputs` are the paths the build read (targets and every spec file): an output that is or
    holds one of them would delete the specs, so it is refused even when it looks like ours.
    """
    check_target(out, inputs)
    if MANIFEST not in artifacts:
        raise OutputRefused(
            Refusal.NOTHING_BUILT,
            f"输入中没有一件事（scenario）规格，没有编译出任何生成物；为免清空已有的生成结果，"
            f"未改动 {out}。请给出含 scenario 的规格文件或目录",
        )
    target = out.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(target, shown=out, wait=wait, on_wait=on_wait):
        check_target(out, inputs)  # again: another program may have written there meanwhile
        siblings = Siblings(target)
        for leftover in siblings.leftovers():
            shutil.rmtree(leftover)
        staging = _stage(artifacts, target, siblings)
        try:
            _swap(staging, target, siblings)
        finally:
            if staging.exists():  # after an exchange it holds the old output
                shutil.rmtree(staging)


def check_target(out: Path, inputs: Iterable[Path]) -> None:
    """Raise OutputRefused (NOT_OURS) unless yjs may replace `out` as a whole."""
    target = out.resolve()
    if target == Path(target.anchor):
        _refuse(f"不能把根目录 {target} 作为输出目录")
    if os.path.lexists(out) and not out.is_dir():
        what = "是一个文件" if out.is_file() else "不是目录"
        _refuse(f"{out} {what}，不能作为输出目录（yjs 会整体替换输出目录）")
    for path, role in _protected(inputs):
        if path == target:
            _refuse(f"{out} 是{role}，不能作为输出目录（yjs 会整体替换输出目录）")
        if target in path.parents:
            _refuse(f"{out} 包含{role} {_shown(path)}，不能作为输出目录（yjs 会整体替换输出目录）")
    if target.is_dir() and not is_yjs_output(target):
        entries = sorted(p.name for p in target.iterdir())
        if entries:
            shown = "、".join(entries[:3]) + ("等" if len(entries) > 3 else "")
            _refuse(
                f"{out} 不是 yjs 生成的目录（根部没有 yjs 写的 {MANIFEST}，却有 {shown}），"
                f"为免删除其中的内容，未改动它。请用一个不存在的目录或空目录作为输出目录"
            )


def is_yjs_output(folder: Path) -> bool:
    """True when `folder` holds the manifest yjs writes: proof that yjs made this directory."""
    manifest = folder / MANIFEST
    try:
        if manifest.is_symlink() or not manifest.is_file():
            return False
        if manifest.stat().st_size > MANIFEST_MAX_BYTES:
            return False
        data = json.loads(manifest.read_bytes())
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and data.keys() >= MANIFEST_KEYS
        and data["format"] == MANIFEST_FORMAT
        and isinstance(data["scenarios"], list)
    )


def stale_entries(artifacts: dict[str, bytes], out: Path) -> list[str]:
    """What `--check` reports: files missing, different or extra inside `out` (never siblings)."""
    lines = []
    for name, data in sorted(artifacts.items()):
        path = out / name
        if not path.is_file():
            lines.append(f"缺少 {path}")
        elif path.read_bytes() != data:
            lines.append(f"过期 {path}")
    if out.is_dir():
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            if path.relative_to(out).as_posix() not in artifacts:
                lines.append(f"多余 {path}")
    return lines


@contextlib.contextmanager
def build_lock(
    target: Path,
    *,
    shown: Path | None = None,
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the lock on the output `target` (an absolute path); wait at most `wait` seconds.

    The lock is an flock on the hidden sibling `.<name>.lock`, so the kernel releases it when a
    build dies. The holder deletes the file when done; a waiter that then gets the lock on the
    deleted file sees that the path no longer names its file and locks the new one instead.
    """
    path = Siblings(target).lock
    deadline = time.monotonic() + wait
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise OutputRefused(
                        Refusal.BUSY,
                        f"另一个 yjs build（{_holder(fd)}）正在写入 {shown or target}，"
                        f"等待 {wait:g} 秒后仍未结束；请等它结束后再运行，或用 --wait 加长等待",
                    )
                if on_wait is not None and not told:
                    on_wait(f"另一个 yjs build（{_holder(fd)}）正在写入 {shown or target}，等待中…")
                    told = True
                time.sleep(_POLL)
            if _names(fd, path):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)  # releases the lock, after the unlink, so no one locks a file still named


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _names(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def _holder(fd: int) -> str:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f"进程 {text}" if text.isdigit() else "进程号未知"


def _protected(inputs: Iterable[Path]) -> list[tuple[Path, str]]:
    """Paths an output must neither be nor contain, each with the word for it in a message."""
    from compiler.resolve import find_root  # resolve pulls in the IR; keep `yjs --help` quick

    given = [p for p in inputs if os.path.lexists(p)]
    paths = [(find_root(p), "项目根目录") for p in given]
    paths += [(p.resolve(), "输入目录" if p.is_dir() else "输入文件") for p in given]
    paths.append((Path.cwd().resolve(), "当前目录"))
    return list(dict.fromkeys(paths))


def _shown(path: Path) -> str:
    """A path as the user thinks of it: relative below the current directory, else absolute."""
    cwd = Path.cwd().resolve()
    return path.relative_to(cwd).as_posix() if cwd in path.parents else str(path)


def _refuse(message: str) -> None:
    raise OutputRefused(Refusal.NOT_OURS, message)


def _stage(artifacts: dict[str, bytes], target: Path, siblings: Siblings) -> Path:
    """Write every artefact into a new hidden sibling, then make it all durable at once. Paths
    are strings: a `Path` per file and its parents cost 17 ms CPU for 531 files, syscalls 8."""
    staging = Path(tempfile.mkdtemp(prefix=siblings.staging_prefix, dir=target.parent))
    try:
        staging.chmod(0o777 & ~umask())  # mkdtemp makes it private; the output is not
        root = os.fspath(staging)
        folders, files = [root], []
        made = {""}  # the folders made, relative to the staging folder
        for name, data in sorted(artifacts.items()):
            parts = _relative_parts(name)
            for depth in range(1, len(parts)):
                folder = "/".join(parts[:depth])
                if folder not in made:
                    os.mkdir(f"{root}/{folder}")
                    folders.append(f"{root}/{folder}")
                    made.add(folder)
            path = f"{root}/{'/'.join(parts)}"
            _write_file(path, data)
            files.append(path)
        _make_durable(staging, files, folders)
    except BaseException:
        shutil.rmtree(staging)
        raise
    return staging


def _relative_parts(name: str) -> list[str]:
    """An artefact path's parts as PurePosixPath reads them; absolute or `..` is refused."""
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if name.startswith("/") or ".." in parts or not parts:
        raise ValueError(f"artefact path leaves the output: {name}")
    return parts


def _write_file(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _make_durable(staging: Path, files: list[str], folders: list[str]) -> None:
    """Flush the staged files and folders to disk before they are swapped in.

    One syncfs() of the output's file system does it in one journal commit: an fsync per file
    and per folder costs a commit each (1.1 s for the 88 real artefacts on an ext4 disk, against
    0.02 s). Where syncfs is missing, every file and then every folder is fsynced.
    """
    if _syncfs(staging):
        return
    for path in files:
        _fsync(path, os.O_RDONLY)
    for folder in reversed(folders):  # deepest first: a folder after the entries in it
        _fsync(folder, os.O_RDONLY | os.O_DIRECTORY)


def _fsync(path: Path | str, flags: int) -> None:
    fd = os.open(path, flags | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap(staging: Path, target: Path, siblings: Siblings) -> None:
    """Put `staging` at `target`; afterwards `staging` holds the old output (or nothing)."""
    if not os.path.lexists(target):
        os.rename(staging, target)
    elif not exchange(staging, target):
        old = Path(tempfile.mkdtemp(prefix=siblings.old_prefix, dir=target.parent))
        os.rename(target, old / target.name)  # the window exchange() closes: no output here
        os.rename(staging, target)
        os.rename(old / target.name, staging)
        old.rmdir()
    _fsync(target.parent, os.O_RDONLY | os.O_DIRECTORY)  # the rename itself reaches the disk


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False when this system cannot (then nothing moved)."""
    argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    renameat2 = _libc_function("renameat2", argtypes)  # glibc ≥ 2.28, musl ≥ 1.2.4
    if renameat2 is None:
        return False
    status = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if status == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:  # an old kernel, or a file system without exchange
        return False
    raise OSError(code, os.strerror(code), str(b))


@functools.cache
def _libc_function(name: str, argtypes: Sequence[type]) -> Callable[..., int] | None:
    """A libc function through ctypes, or None where libc lacks it (other systems, old libc)."""
    try:
        function = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = list(argtypes)
    function.restype = ctypes.c_int
    return cast(Callable[..., int], function)


def _syncfs(folder: Path) -> bool:
    """syncfs() the file system holding `folder`; False when this system has no syncfs."""
    syncfs = _libc_function("syncfs", (ctypes.c_int,))
    if syncfs is None:
        return False
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        if syncfs(fd) == 0:
            return True
        code = ctypes.get_errno()
    finally:
        os.close(fd)
    if code == errno.ENOSYS:
        return False
    raise OSError(code, os.strerror(code), str(folder))
