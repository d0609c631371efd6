"""Whether `yjs build` would rewrite the output folder byte for byte: then it need not compile.

The manifest of the last build records, per bundle, the hash of every input file it was
compiled from (the spec and everything it imports) and of every file written, plus the shared
and cross-bundle files, with the compiler and format versions and any `--as-of` date. When the
same spec files are asked for, every input still has its recorded hash, this compiler writes
the same formats, and the folder holds exactly the recorded files with their recorded hashes,
a build would write the same bytes: `yjs build` says so and stops (a no-op build reads and
hashes files instead of compiling them). Anything else — a changed, added or removed spec or
library, another compiler, a file edited or deleted in the output — means a full build.

The manifest names the compiler's version, not its code; while yjs itself is being changed the
version stays, so a fingerprint of the compiler's own files (its modules, grammars, templates
and explain pages) is kept in the user cache directory for each output folder a build wrote,
and a build whose compiler differs from the one that wrote the folder compiles.

`yjs build --check` never relies on this: CI compiles for real, so a manifest edited along with
an output cannot pass for current.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from compiler.emit.output import MANIFEST, MANIFEST_MAX_BYTES
from compiler.resolve import find_root
from compiler.version import COMPILER_VERSION, FORMAT_VERSIONS
from dsl.front_ends import spec_files
from dsl.lark_cache import cache_dir


def unchanged_bundles(paths: Iterable[Path], out: Path, as_of: dt.date | None) -> int | None:
    """How many bundles a build of `paths` into `out` would leave exactly as they are, when
    that is the whole build; None when anything may differ (or cannot be read)."""
    try:
        return _unchanged(list(paths), out, as_of)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError):
        return None  # a manifest or file not as recorded: build


def _unchanged(paths: list[Path], out: Path, as_of: dt.date | None) -> int | None:
    files = spec_files(paths)
    if not files:
        return None
    manifest = _manifest(out)
    if manifest is None or not _same_compiler(manifest, as_of):
        return None
    if _stamp(out).read_text("utf-8") != compiler_fingerprint():
        return None  # written by other compiler code (or never recorded): build
    root = find_root(files[0])
    entries: list[dict[str, Any]] = manifest["scenarios"]
    asked = {path.resolve().relative_to(root).as_posix() for path in files}
    if asked != {entry["source"] for entry in entries}:
        return None  # a spec added, removed or renamed, or a library asked for as well
    inputs: dict[str, str] = {}
    outputs: dict[str, str] = {}
    for entry in entries:
        inputs |= entry["inputs"]
        outputs |= entry["outputs"]
    for key in ("lists", "shared"):
        outputs |= manifest.get(key) or {}
    if any(_sha256(root / rel) != sha for rel, sha in inputs.items()):
        return None
    if _files_in(out) != {*outputs, MANIFEST}:
        return None
    if any(_sha256(out / name) != sha for name, sha in outputs.items()):
        return None
    return len(entries)


def record_build(out: Path) -> None:
    """Note which compiler code wrote `out`; a failure only costs the next no-op build."""
    try:
        stamp = _stamp(out)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(compiler_fingerprint(), "utf-8")
    except (OSError, RuntimeError):
        pass


def compiler_fingerprint() -> str:
    """A hash of every file of the `compiler`, `dsl` and `cli` packages."""
    digest = hashlib.sha256()
    for package in ("compiler", "dsl", "cli"):
        folder = Path(__file__).resolve().parents[1] / package
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder.parent).as_posix().encode("utf-8"))
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _stamp(out: Path) -> Path:
    key = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:24]
    return cache_dir() / "builds" / key


def _manifest(out: Path) -> dict[str, Any] | None:
    path = out / MANIFEST
    if path.is_symlink() or not path.is_file() or path.stat().st_size > MANIFEST_MAX_BYTES:
        return None
    data = json.loads(path.read_bytes())
    return data if isinstance(data, dict) and isinstance(data.get("scenarios"), list) else None


def _same_compiler(manifest: dict[str, Any], as_of: dt.date | None) -> bool:
    return (
        manifest.get("compiler_version") == COMPILER_VERSION
        and manifest.get("formats") == FORMAT_VERSIONS
        and manifest.get("as_of") == (as_of.isoformat() if as_of else None)
    )


def _files_in(folder: Path) -> set[str]:
    found = set()
    for top, _, names in os.walk(folder):
        found |= {Path(top, name).relative_to(folder).as_posix() for name in names}
    return found


def _sha256(path: Path) -> str:
    if path.is_symlink():
        raise ValueError(f"{path} is a link")  # never recorded as such: build
    return hashlib.sha256(path.read_bytes()).hexdigest()
