"""The network options of `--online`, named as lychee names them, in `[tool.fmlint.network]`.

Each key is checked when the configuration is read (a bad value is a config error, exit 2);
command-line flags override the file. `NetworkSettings.from_written` turns the written pairs into
the values the fetcher uses. Imports nothing heavy: the configuration reads this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .addresses import why_refused


class BadNetworkValue(ValueError):
    """The message completes "'network'.<key> ..."."""


def _count(value, least: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise BadNetworkValue(f"must be an integer of {least} or more, not {value!r}")
    return value


def _seconds(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 86400:
        raise BadNetworkValue(f"must be a number of seconds from 0 to 86400, not {value!r}")
    return float(value)


_AGE = re.compile(r"([0-9]+)\s*([smhd]?)")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _age(value) -> float:
    """`3600`, `"90m"`, `"12h"`, `"1d"`: how old a cached answer may be, in seconds."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return float(value)
    if isinstance(value, str):
        match = _AGE.fullmatch(value.strip())
        if match:
            return float(int(match.group(1)) * _UNIT[match.group(2)])
    raise BadNetworkValue(f'must be seconds or a duration like "12h" or "1d", not {value!r}')


def _statuses(value) -> frozenset:
    """`[200, 206, "200..299"]` (or one string `"200..299, 429"`): the statuses that pass."""
    items = [p for p in value.split(",")] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise BadNetworkValue(f"must be a list of statuses or ranges like 200..299, not {value!r}")
    found = set()
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool) and 100 <= item <= 999:
            found.add(item)
            continue
        if isinstance(item, str):
            low, dots, high = item.strip().partition("..")
            high = high.lstrip("=")
            if low.isdigit() and (not dots or high.isdigit()):
                first, last = int(low), int(high if dots else low)
                if 100 <= first <= last <= 999:
                    found.update(range(first, last + 1))
                    continue
        raise BadNetworkValue(f"has {item!r}, which is no HTTP status or range like 200..299")
    return frozenset(found)


def _patterns(value) -> tuple:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise BadNetworkValue("must be a list of regular expressions")
    for item in items:
        try:
            re.compile(item)
        except re.error as error:
            raise BadNetworkValue(
                f"has {item!r}, which is no regular expression ({error})"
            ) from None
    return tuple(items)


def _text(value) -> str:
    if not isinstance(value, str) or not value.isprintable() or not value.strip():
        raise BadNetworkValue(f"must be a line of printable text, not {value!r}")
    return value


def _resolve(value) -> tuple:
    """`["www.example.com=127.0.0.1", "*=127.0.0.1"]`: names answered without DNS."""
    items = [value] if isinstance(value, str) else value
    pairs = []
    for item in items if isinstance(items, (list, tuple)) else [None]:
        if not isinstance(item, str) or "=" not in item:
            raise BadNetworkValue(f"must be a list of HOST=ADDRESS, not {value!r}")
        host, _, address = item.partition("=")

        if why_refused(address.strip()) == "not an IP address":
            raise BadNetworkValue(f"has {item!r}, whose address is no IP address")
        pairs.append((host.strip().lower(), address.strip()))
    return tuple(pairs)


# key -> (default, converter, help)
OPTIONS = {
    "max-concurrency": (128, _count, "Requests in flight at once, over all hosts."),
    "host-concurrency": (8, _count, "Requests in flight at once to one host."),
    "host-request-interval": (
        0.05,
        _seconds,
        "Seconds between the starts of two requests to one host.",
    ),
    "timeout": (20, _seconds, "Seconds one request may take."),
    "max-retries": (
        2,
        lambda v: _count(v, 0),
        "Retries after a 429, a 5xx, a timeout or a lost connection.",
    ),
    "retry-wait-time": (
        1,
        _seconds,
        "Seconds before the first retry; doubled each time (Retry-After wins).",
    ),
    "max-retry-wait": (30, _seconds, "The longest wait fmlint accepts, Retry-After included."),
    "max-redirects": (5, lambda v: _count(v, 0), "Redirects followed before giving up."),
    "max-bytes": (2_000_000, _count, "Bytes read from one response (an image header is far less)."),
    "max-time": (60, _seconds, "Seconds one URL may take, retries and waits included."),
    "accept": ("200..299", _statuses, "Statuses that mean the URL works."),
    "exclude": ([], _patterns, "Regular expressions of URLs not to fetch."),
    "user-agent": ("fmlint (front matter link check)", _text, "The User-Agent header sent."),
    "max-cache-age": (
        "1d",
        _age,
        "How long a cached answer is used (429, 5xx and timeouts are never cached).",
    ),
    "resolve": (
        [],
        _resolve,
        "HOST=ADDRESS pairs answered without DNS, as curl's --resolve (`*`: every host).",
    ),
}


def check(key: str, value) -> None:
    """Raise BadNetworkValue or KeyError for what the configuration may not say."""
    _default, convert, _help = OPTIONS[key]
    convert(value)


@dataclass(frozen=True)
class NetworkSettings:
    max_concurrency: int
    host_concurrency: int
    host_request_interval: float
    timeout: float
    max_retries: int
    retry_wait_time: float
    max_retry_wait: float
    max_redirects: int
    max_bytes: int
    max_time: float
    accept: frozenset
    exclude: tuple
    user_agent: str
    max_cache_age: float
    resolve: tuple

    @classmethod
    def from_written(cls, written=()) -> NetworkSettings:
        given = dict(written)
        values = {
            key.replace("-", "_"): convert(given.get(key, default))
            for key, (default, convert, _help) in OPTIONS.items()
        }
        return cls(**values)

    def excluded(self, url: str) -> bool:
        return any(re.search(pattern, url) for pattern in self.exclude)
