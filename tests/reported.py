"""What `yjs check` prints for a compile: its diagnostics after the suppression comments.

The real specs silence some warnings on their lines (`# yjs: ignore[W510]` where no rule leaves
a special procedure's time out of the limit, with the reason); a test of "no warnings" means no
warning the user would see, as the CLI applies the comments.
"""

from __future__ import annotations

from compiler.pipeline import CompileResult
from dsl.diagnostics import Diagnostic
from dsl.reporting import Policy, apply_policy


def reported(result: CompileResult) -> list[Diagnostic]:
    return apply_policy(result.diagnostics, result.sources, Policy(), result.libraries)


def silenced(result: CompileResult) -> set[tuple[str, str]]:
    """(code, message) of each warning a suppression comment in `result`'s specs silences.

    A spec printed from its data alone carries no comments: its compile reports these again,
    and a test that it "builds the same" forgives exactly them.
    """
    shown = {(d.code.name, d.message) for d in reported(result)}
    return {(d.code.name, d.message) for d in result.diagnostics} - shown
