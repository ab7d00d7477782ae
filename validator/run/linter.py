"""`Linter`: the engine plus what a whole run needs (targets, reading, the fix loop).

Kept as the library's entry point (`validator.lint_paths`, the CLI, tests); the work lives in
`engine` (one file), `reading` (bytes of targets), `fixing` (the fix loop) and `model` (values).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..engine import Engine, decode
from ..model import Change, FileError, FileResult, Results
from ..source.reading import read
from .targets import iter_targets

__all__ = ["Change", "FileError", "FileResult", "Linter", "Results", "decode"]


class Linter(Engine):
    def targets(
        self,
        paths: Iterable[str | Path],
        *,
        only_front_matter: bool = False,
        force_exclude: bool = False,
    ) -> list:
        """What `lint_targets` reads: files, and `Missing` for paths that are not there.

        `only_front_matter` treats named files as a walk does (skipped without `---`), and
        `force_exclude` applies `exclude` to them: what a pre-commit hook, which names every
        file, wants.
        """
        return list(
            iter_targets(
                self.settings,
                paths,
                only_front_matter=only_front_matter,
                force_exclude=force_exclude,
            )
        )

    def lint_stdin(self, data: bytes, name: str) -> Results:
        """Text from stdin, under the name `--stdin-filename` gives it."""
        return Results((self.lint_bytes(data, name),))

    def lint_targets(self, targets: Iterable) -> Results:
        files, errors = [], []
        for target, data in read(targets):
            if isinstance(data, FileError):
                errors.append(data)
                continue
            try:
                files.append(self.lint_bytes(data, target.location))
            except Exception as error:  # a bug must not hide the other files' findings
                errors.append(FileError(target.location, f"internal error: {error!r}"))
        return Results(tuple(files), tuple(errors))

    def fix_text(self, text: str, path: str, unsafe: bool = False) -> tuple[str, list, FileResult]:
        from ..fixing.passes import fix_text  # the fixer (dataclasses, ruamel.yaml): only to fix

        return fix_text(self, text, path, unsafe)

    def fix_targets(self, targets: Iterable, unsafe: bool = False) -> tuple[Results, list]:
        from ..fixing.passes import fix_targets  # the fixer: only to fix

        return fix_targets(self, targets, unsafe)

    def lint_paths(self, paths: Iterable[str | Path]) -> Results:
        return self.lint_targets(self.targets(paths))
