"""The answers cache: what the network said, kept in `.fmlint_cache/online-v1.json` for
`max-cache-age` seconds, as lychee's `.lycheecache`.

Only answers that say something lasting are kept: a working URL, a dead one, a redirect, a
picture's size. A 429, a 5xx, a timeout, a lost connection or a refused address says nothing
about tomorrow and is never stored. An entry remembers what was asked (a page, or an image,
which also needs the header): a page answer does not serve an image question. A missing,
corrupt or foreign file is an empty cache; writing is atomic and any trouble writing only means
the next run fetches again.

The file also keeps the URLs each file of the last run held, by a digest of its bytes, so that
a file seen before is not parsed to find them (`collect`); the index holds only the last run's
files, and is dropped when it is older than `max-cache-age`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from ..disk.safe_read import read_bytes
from ..disk.write import ensure_folder, write_file
from .answer import DEAD_STATUSES, NO_SUCH_HOST, Answer

NAME = "online-v1.json"
_FORMAT = "fmlint-online-answers-1"
STORE_CAP = 64 << 20  # a few hundred thousand answers; a bigger file is not one fmlint wrote
CLOCK_SKEW = 300.0  # seconds a stored time may be ahead of this clock (another machine's)


def lasting(found: Answer) -> bool:
    """Whether an answer is worth keeping: never a 429, a 5xx, a timeout or a refusal."""
    if found.error:
        return found.error == NO_SUCH_HOST
    return found.status is not None and (found.status < 400 or found.status in DEAD_STATUSES)


class AnswerStore:
    def __init__(self, folder: Path, max_age: float, now: float | None = None):
        self.path = Path(folder) / NAME
        self.max_age = max_age
        self.now = time.time() if now is None else now
        self.entries: dict = {}
        self.files: dict = {}  # file digest -> [[url, kind], ...] (`collect.wanted_urls`)
        self.hits = 0
        try:
            data = json.loads(read_bytes(self.path, STORE_CAP, follow=False))
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            data = None
        if isinstance(data, dict) and data.get("format") == _FORMAT:
            answers, files = data.get("answers"), data.get("files")
            self.entries = answers if isinstance(answers, dict) else {}
            if self._fresh(data.get("files_time")) and isinstance(files, dict):
                self.files = files
        self._files_before = set(self.files)

    def _fresh(self, when) -> bool:
        """Whether a stored time is one this store could have written within `max_age`: a time
        in the future (`1e300`) is a forged one, not a fresh one."""
        return (
            isinstance(when, (int, float))
            and not isinstance(when, bool)
            and self.now - self.max_age <= when <= self.now + CLOCK_SKEW
        )

    def get(self, url: str, kind: str) -> Answer | None:
        entry = self.entries.get(url)
        if not isinstance(entry, dict) or not self._fresh(entry.get("time")):
            return None
        if kind == "image" and entry.get("kind") != "image":
            return None  # a page answer holds no picture size
        try:
            found = Answer.from_json(entry["answer"])
        except (KeyError, TypeError):
            return None
        self.hits += 1
        return found

    def put(self, url: str, kind: str, found: Answer) -> None:
        if lasting(found):
            self.entries[url] = {"time": self.now, "kind": kind, "answer": found.to_json()}
            self._dirty = True

    def changed(self) -> bool:
        return self._dirty or set(self.files) != self._files_before

    _dirty = False

    def save(self) -> None:
        fresh = {
            url: entry
            for url, entry in self.entries.items()
            if isinstance(entry, dict) and self._fresh(entry.get("time"))
        }
        blob = json.dumps(
            {"format": _FORMAT, "answers": fresh, "files": self.files, "files_time": self.now},
            separators=(",", ":"),
        )
        try:
            ensure_folder(self.path.parent)
            write_file(str(self.path), blob.encode("utf-8"))
        except OSError:
            pass
