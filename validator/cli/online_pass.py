"""`--online`'s pass before the lint: the URLs every file holds collected (the documents parsed
for it are kept for the lint), each fetched once or answered from the store in the cache folder,
and the answers handed to the engine, where the rules and the cache key read them.
"""

from __future__ import annotations

from ..online.answer import OnlineAnswers
from ..online.collect import wanted_urls
from ..online.run import answers_for
from ..online.settings import NetworkSettings
from ..online.store import AnswerStore
from ..run.targets import read_target
from .console import echo


def readable(targets):
    """(path, bytes) of each readable target, for collecting URLs."""
    for target in targets:
        data = read_target(target)
        if isinstance(data, bytes):
            yield str(target.path), data


def fetch_answers(linter, settings, sources, folder, bar=None):
    """Fetch every URL the `sources` ((path, bytes) pairs) hold, once, and give the answers to
    the engine (`linter.online`). `folder`: the cache folder, where answers are kept (None: not
    kept); `bar(length, label)`: a progress bar to draw, or None.

    Returns the `Tally` for the summary line."""
    network = NetworkSettings.from_written(settings.network)
    if settings.allow_private_hosts:
        echo(
            "fmlint: warning: --allow-private-hosts: URLs may reach loopback and private "
            "addresses of this machine's network",
            err=True,
        )
    store = None if folder is None else AnswerStore(folder, network.max_cache_age)
    collected = wanted_urls(sources, linter, network, None if store is None else store.files)
    wanted = collected.wanted
    if store is not None:
        store.files = collected.index  # the last run's files only: the index does not grow
    run = lambda progress=None: answers_for(  # noqa: E731
        wanted,
        network,
        allow_private=settings.allow_private_hosts,
        store=store,
        progress=progress,
    )
    if bar is not None and wanted:
        with bar(len(wanted), "Checking URLs") as shown:
            tally = run(shown.update)
    else:
        tally = run()
    linter.online = OnlineAnswers(tally.answers, network.accept, collected.by_file)
    return tally
