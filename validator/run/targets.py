"""What a run lints, streamed from the walk in walk order (`iter_targets`), and a target's bytes as
the run reads them (`read_target`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..disk.safe_read import ARTICLE_CAP, read_bytes
from ..model import FileError
from ..source.files import Missing, Selection, Target, discover
from ..source.reading import fenced


def iter_targets(
    settings, paths: Iterable, *, only_front_matter: bool = False, force_exclude: bool = False
) -> Iterator:
    """`Linter.targets`, streamed: what a run lints, in walk order, one at a time."""
    selection = Selection(settings.include, settings.walk_exclude, settings.root)
    for target in discover(list(paths), selection):
        if isinstance(target, Target) and target.explicit:
            if force_exclude and selection.excluded(target.path):
                continue
            if only_front_matter:
                target = Target(target.location, explicit=False)
        yield target


def read_target(target) -> bytes | FileError | None:
    """A target's bytes (as `reading.read` gives them, with fewer calls: a run reads every file);
    a `FileError`; or None for a walked file without front matter."""
    if isinstance(target, Missing):
        return FileError(str(target.path), target.reason)
    path = target.location
    try:
        data = read_bytes(path, ARTICLE_CAP)
    except OSError as error:
        return FileError(path, error.strerror or str(error))
    if target.explicit or fenced(data, path):
        return data
    return None
