"""What the network said about one URL: a plain, picklable value, and what it means.

An `Answer` keeps what was seen (the status of each hop, the final URL, an error kind, the
content type, an image's format and size, the attempts made); `verdict` says what it means for
a rule, with the run's accepted statuses: "ok", "dead", or "unchecked" (could not tell).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

OK, DEAD, UNCHECKED = "ok", "dead", "unchecked"
DEAD_STATUSES = frozenset({404, 410})
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
PERMANENT_REDIRECTS = frozenset({301, 308})

# error kinds: why there is no final status
NO_SUCH_HOST = "no-such-host"  # the name does not resolve (NXDOMAIN), others do: dead
DNS_TROUBLE = "dns-trouble"  # no answer, or no name resolved in the run (no DNS): unchecked
REFUSED = "refused"  # a private address, a scheme other than http(s), credentials in the URL
TIMEOUT = "timeout"
CONNECTION = "connection"
TOO_MANY_REDIRECTS = "too-many-redirects"
TRANSIENT_ERRORS = frozenset({DNS_TROUBLE, TIMEOUT, CONNECTION})


@dataclass(frozen=True)
class Answer:
    url: str
    status: int | None = None  # the final status; None with an error
    hops: tuple = ()  # ((status, location), ...) for each redirect followed
    error: str = ""  # one of the kinds above, or ""
    detail: str = ""  # what the error said, for the message
    content_type: str = ""
    image: tuple | None = None  # (format, width, height) read from the picture's header
    not_picture: str = ""  # what an image URL serves instead of a picture ("an HTML page")
    attempts: int = 1
    retry_after: float | None = None  # what the last answer's Retry-After asked for

    @property
    def final_url(self) -> str:
        return self.hops[-1][1] if self.hops else self.url

    def verdict(self, accept: frozenset) -> str:
        if self.error:
            return DEAD if self.error == NO_SUCH_HOST else UNCHECKED
        if self.status in accept:
            return OK
        if self.status in DEAD_STATUSES:
            return DEAD
        return UNCHECKED

    def retryable(self) -> bool:
        return self.error in TRANSIENT_ERRORS or self.status in RETRYABLE_STATUSES

    def seen(self) -> str:
        """What was seen, as a message says it: `HTTP 503`, `a timeout after 20 s`, ..."""
        if self.error:
            return self.detail or self.error
        return f"HTTP {self.status}"

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Answer:
        data = dict(data)
        data["hops"] = tuple(tuple(hop) for hop in data.get("hops", ()))
        if data.get("image") is not None:
            data["image"] = tuple(data["image"])
        return cls(**data)


DEFAULT_ACCEPT = frozenset(range(200, 300))


class OnlineAnswers:
    """The run's answers as rules see them (`context.online`): by URL, with the accepted
    statuses that turn an answer into a verdict."""

    __slots__ = ("_prints", "accept", "answers", "by_file")

    def __init__(self, answers: dict, accept: frozenset = DEFAULT_ACCEPT, by_file=None):
        self.answers = answers
        self.accept = accept
        self.by_file = by_file or {}  # path -> the URLs it holds (`collect.Collected`)
        self._prints: dict = {}

    def fingerprint(self, path: str) -> str:
        """What the answers of a file's URLs are, as one string: the result cache keys a file's
        result by it, so a result is never served for other answers."""
        prints = self._prints
        parts = []
        for url in self.by_file.get(path, ()):
            said = prints.get(url)
            if said is None:
                found = self.answers.get(url)
                said = prints[url] = "" if found is None else repr(found)
            parts.append(said)
        return "\n".join(parts)

    def get(self, url: str) -> Answer | None:
        return self.answers.get(url)

    def verdict(self, found: Answer) -> str:
        return found.verdict(self.accept)
