"""`--online` for a whole run: collect the URLs, answer from the cache, fetch the rest once.

`collect.wanted_urls` says what to fetch; `answers_for` returns a `Tally`: the answers
({url: Answer}) and the counts the summary line is made of. The caller hands
the answers to the engine (`Engine.answers`), whose rules read them through their context.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .answer import DEAD, OK, Answer
from .settings import NetworkSettings
from .store import AnswerStore


@dataclass
class Tally:
    """What the summary says: URLs checked, from the cache, dead, redirected, unchecked."""

    checked: int = 0
    cached: int = 0
    dead: int = 0
    redirected: int = 0
    unchecked: int = 0
    requests: int = 0
    answers: dict = field(default_factory=dict, repr=False)

    def line(self) -> str:
        urls = "URL" if self.checked == 1 else "URLs"
        cached = f", {self.cached} from the cache" if self.cached else ""
        return (
            f"Online: {self.checked} {urls} checked{cached}: {self.dead} dead, "
            f"{self.redirected} redirected, {self.unchecked} could not be checked."
        )


def answers_for(
    wanted: dict,
    network: NetworkSettings,
    *,
    allow_private: bool = False,
    store: AnswerStore | None = None,
    progress=None,
) -> Tally:
    """Answers for `wanted` ({url: kind}, from `collect.wanted_urls`): from the cache, else
    fetched; `progress(n)` is told of each answer."""
    answers: dict[str, Answer] = {}
    missing = {}
    for url, kind in wanted.items():
        found = store.get(url, kind) if store is not None else None
        if found is not None:
            answers[url] = found
        else:
            missing[url] = kind
    if progress is not None and answers:
        progress(len(answers))
    requests = 0
    if missing:  # imported only now: aiohttp and Pillow cost ~150 ms, a cached run needs neither
        import asyncio

        from .fetcher import Fetcher  # aiohttp (~100 ms): only when something is fetched

        fetcher = Fetcher(network, allow_private)
        fetched = asyncio.run(
            fetcher.fetch_all(missing, (lambda _found: progress(1)) if progress else None)
        )
        requests = fetcher.requests
        answers.update(fetched)
        if store is not None:
            for url, found in fetched.items():
                store.put(url, missing[url], found)
    if store is not None and store.changed():
        store.save()
    tally = Tally(checked=len(answers), cached=len(answers) - len(missing), answers=answers)
    tally.requests = requests
    for found in answers.values():
        verdict = found.verdict(network.accept)
        if verdict == DEAD:
            tally.dead += 1
        elif verdict != OK:
            tally.unchecked += 1
        elif found.hops:
            tally.redirected += 1
    return tally
