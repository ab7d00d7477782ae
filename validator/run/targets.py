"""What a run lints, streamed from the walk in walk order (`iter_targets`), and a target's bytes as
the run reads them (`read_target`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..decide import ARTICLE
from ..disk.safe_read import ARTICLE_CAP, read_bytes
from ..model import FileError
from ..source.files import MARKDOWN, Missing, Selection, Target, discover
from ..source.reading import fenced, misplaced

RECORDS = (*MARKDOWN, ".txt")  # what an article collection's records are written in


def iter_targets(
    settings, paths: Iterable, *, only_front_matter: bool = False, force_exclude: bool = False
) -> Iterator:
    """`Linter.targets`, streamed: what a run lints, in walk order, one at a time."""
    selection = Selection(settings.include, settings.walk_exclude, settings.root)
    records = _article_records(settings)
    for target in discover(list(paths), selection):
        if isinstance(target, Target) and target.explicit:
            if force_exclude and selection.excluded(target.path):
                continue
            if only_front_matter:
                target = Target(target.location, explicit=False)
        if records is not None and isinstance(target, Target) and not target.explicit:
            target.records = records
        yield target


def _article_records(settings):
    """`ArticleRecords` for a run with an article collection, else None."""
    if not any(c.path is None and c.schema == ARTICLE for c in settings.collections):
        return None
    return ArticleRecords(settings)


class ArticleRecords:
    """Whether a walked file is a record of an article collection (`"_news/**" = "article"`):
    there a Markdown file whose fence comes after a blank line or a space (`reading.misplaced`)
    is a record Jekyll will not read, a defect (FM001), not a page to skip; one with no fence at
    all (a README) is still no record. Asked only of such a file, so it may take its time; it
    travels with each target to a worker process (a plain object: its settings)."""

    __slots__ = ("settings",)

    def __init__(self, settings) -> None:
        self.settings = settings

    def __call__(self, location: str) -> bool:
        if not location.lower().endswith(RECORDS):
            return False
        found = self.settings.collection_of(location)
        return found is not None and found.path is None and found.schema == ARTICLE


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
    if target.explicit or fenced(data, path) or misplaced(target, data):
        return data
    return None
