"""LALR parsers whose tables are cached on disk, in the user's cache directory.

Analysing a grammar into LALR tables costs tens of milliseconds at every start of `yjs`, for
the `.yjs` grammar and the condition language alike; lark can save the analysed parser and
load it back (its `cache` option). The file goes to `$YJS_CACHE_DIR`, else
`$XDG_CACHE_HOME/yjs`, else `~/.cache/yjs` — never into the project, so a spec repository
never sees it. Its name carries a hash of the grammar, the options, lark's version and
Python's, so a changed grammar never loads stale tables; lark checks its own hash too.

Any failure to use the cache only costs time: lark catches a failed write, and a file it
cannot load (cut short by a full disk, or half-written by a second `yjs` starting at the same
instant) makes it build the tables in memory and write the file again.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import lark
from lark import Lark

# Options that are functions or objects: not part of what the tables depend on.
_RUNTIME_OPTIONS = {"lexer_callbacks", "transformer", "postlex"}


def cache_dir() -> Path:
    explicit = os.environ.get("YJS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "yjs"


def cached_lark(grammar: str, name: str, **options: Any) -> Lark:
    """`Lark(grammar, **options)` (LALR), with its tables loaded from or saved to the cache."""
    fixed = sorted((k, repr(v)) for k, v in options.items() if k not in _RUNTIME_OPTIONS)
    key = "\0".join([grammar, repr(fixed), lark.__version__, sys.version])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home directory to find
        return Lark(grammar, **options)
    # lark hashes its options, `cache` included, into the file: the same path must be given
    # when saving and loading, so lark writes the file itself.
    return Lark(grammar, cache=str(folder / f"{name}-{digest}.lark"), **options)
