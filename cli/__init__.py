"""The `yjs` command line: arguments in, messages and exit codes out; no command logic here.

Each command checks the paths it was given (a missing one is a usage error), calls the one
`compiler/` module that does its work, prints what that module reports and sets the exit code:
0 clean (warnings allowed), 1 errors found or outputs stale, 2 usage error. The commands live
in the modules below by what they do; importing them registers them on `app`, in the order
`yjs --help` lists them.
"""

# isort: off
# Importing a module registers its commands, in the order `yjs --help` lists them.
from cli import checking, files, views, reference  # noqa: F401
from cli.common import app

# isort: on


def main() -> None:
    app()


__all__ = ["app", "main"]
