"""fmlint: lint the YAML front matter of article files, with exact positions.

Library use::

    import validator
    for d in validator.lint_text(text, path="post.md"):
        print(d.path, d.line, d.column, d.code, d.message)
    results = validator.lint_paths(["content/"])  # .files, .errors, .diagnostics
"""

from __future__ import annotations

from functools import lru_cache

__version__ = "0.2.0"
__all__ = ["__version__", "lint_paths", "lint_text"]

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from .diagnostic import Diagnostic
    from .model import Results
    from .run.linter import Linter  # the engine loads on the first call, not on `import validator`


@lru_cache(maxsize=1)
def _default_linter() -> Linter:
    from .run.linter import Linter  # the engine loads on the first call, not on `import validator`

    return Linter()


def lint_text(text: str, path: str = "<stdin>") -> list[Diagnostic]:
    """Lint one file's text; diagnostics come sorted by position."""
    return list(_default_linter().lint_text(text, path).diagnostics)


def lint_paths(paths: Iterable[str | Path]) -> Results:
    """Lint files and directories as `fmlint check` does; unreadable paths land in `.errors`."""
    return _default_linter().lint_paths(paths)
