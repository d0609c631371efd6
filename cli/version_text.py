"""What `yjs --version` prints: the compiler's version and each artefact format's.

Its own module, importing only the version constants, so the console script can answer
`yjs --version` before typer and the commands are imported (see `cli.main`).
"""

from __future__ import annotations

from compiler.version import COMPILER_VERSION, FORMAT_VERSIONS


def version_text() -> str:
    lines = [f"yjs {COMPILER_VERSION}"]
    lines += [f"{artefact} 格式版本 {version}" for artefact, version in FORMAT_VERSIONS.items()]
    return "\n".join(lines) + "\n"
