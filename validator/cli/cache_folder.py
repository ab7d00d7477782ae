"""A run's cache: the folder it is kept in (or none: `--no-cache`, `FMLINT_NO_CACHE`, or a folder
that came with the repository's content, never believed), and the `Cache` keyed for the run.

`cache` and `trust` are imported only when there is a cache: a `--no-cache` run never pays for
them (about 1 ms).
"""

from __future__ import annotations

from pathlib import Path

from ..config import env_flag
from ..escape import visible
from .console import echo


def cache_folder(settings, no_cache: bool, cache_dir: Path | None) -> Path | None:
    """Where this run keeps what it remembers (results, network answers), or None: with
    `--no-cache` / `FMLINT_NO_CACHE`, and for a folder that came with the repository's content
    (`trust.distrust`: committed, or a symbolic link), which is never believed: one warning."""
    if no_cache or env_flag("FMLINT_NO_CACHE"):
        return None
    from ..disk.trust import distrust  # with a cache only
    from ..run.cache import ENTRIES, folder_for  # with a cache only (see above)

    folder = folder_for(settings, cache_dir)
    why = distrust(folder, (ENTRIES,))
    if why is None:
        return folder
    echo(
        f"fmlint: warning: the cache folder {visible(str(folder))} {why}: it is neither read "
        "nor written (a cache that comes with the repository's content could forge results; "
        "delete it from the repository)",
        err=True,
    )
    return None


def open_cache(settings, folder: Path | None, schema: dict, collection_schemas: dict):
    """The run's cache in `folder` (`cache_folder`), keyed by the settings and the schemas (the
    run's, and with collections each collection's), or None without a folder."""
    if folder is None:
        return None
    from ..run.cache import Cache, run_key  # with a cache only (see above)

    schemas = schema
    if settings.collections:  # every collection's schema decides results too
        schemas = {"": schema, **collection_schemas}
    return Cache(folder, run_key(settings, schemas))
