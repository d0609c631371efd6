"""The `yjs` command line: arguments in, messages and exit codes out; no command logic here.

Each command checks the paths it was given (a missing one is a usage error), calls the one
`compiler/` module that does its work, prints what that module reports and sets the exit code:
0 clean (warnings allowed), 1 errors found or outputs stale, 2 usage error. The commands live
in the modules below by what they do; importing them registers them on `app`, in the order
`yjs --help` lists them. Importing this package imports none of them: `app` is made on first
use, so the console script (`main`) answers `yjs --version` with the version constants alone.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    app: typer.Typer


def __getattr__(name: str) -> Any:
    if name != "app":
        raise AttributeError(f"module 'cli' has no attribute {name!r}")
    # isort: off
    # Importing a module registers its commands, in the order `yjs --help` lists them.
    from cli import checking, files, views, reference  # noqa: F401
    from cli.common import app

    # isort: on
    return app


def main() -> None:
    """The `yjs` console script."""
    if sys.argv[1:] == ["--version"]:
        from cli.version_text import version_text

        sys.stdout.write(version_text())
        return
    __getattr__("app")()


__all__ = ["app", "main"]
