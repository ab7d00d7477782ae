"""One shared HTTP client per run: every URL fetched once, politely, safely, asynchronously.

Limits as lychee has them: `max-concurrency` requests in flight overall, `host-concurrency` per
host with `host-request-interval` between two starts to one host, a `timeout` per request and
`max-time` per URL (retries and waits included). A 429, a 5xx, a timeout or a lost connection is
retried `max-retries` times, after `retry-wait-time` doubled each time, or what `Retry-After`
asks (up to `max-retry-wait`; asking more ends the retries). Redirects are followed here, one hop
at a time (at most `max-redirects`), so each hop goes through the guarded resolver again and
may only lead to http or https. Each URL is judged as the `yarl.URL` aiohttp requests, never as
its raw text: yarl applies IDNA (NFKC), so `http://①⑥⑨.②⑤④.①⑥⑨.②⑤④/` is a request to
169.254.169.254, an IP address the resolver is not asked about; and every socket is made by
`resolver.guarded_sockets`, which refuses a forbidden address whatever led to it. No cookies
are kept, no credentials or proxies are taken from the environment, and at most `max-bytes`
are read from a response: a page's body is not needed (its status is), an image's only up to
its header. When not one name resolved in the run, a name that "does not resolve" says nothing
about the link (no DNS, not a dead host): it is could-not-check, never a dead link to cache.
"""

from __future__ import annotations

import asyncio
import email.utils
import heapq
import time
from collections.abc import Callable
from urllib.parse import urljoin

import aiohttp
from yarl import URL

from . import answer as kinds
from .addresses import why_refused
from .answer import Answer
from .pictures import Header, not_a_picture
from .resolver import (
    DnsTrouble,
    GuardedResolver,
    NoSuchHost,
    Refused,
    guarded_sockets,
    refused,
)
from .settings import NetworkSettings

PAGE, IMAGE = "page", "image"
_CHUNK = 16384
_PAGE_BYTES = 65536  # read of a page before the connection is given back (or closed)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class _Host:
    __slots__ = ("left", "lock", "next_start", "slots")

    def __init__(self, concurrency: int):
        self.slots = asyncio.Semaphore(concurrency)
        self.lock = asyncio.Lock()
        self.next_start = 0.0
        self.left = 0  # URLs of this host not answered yet


class _Slots:
    """The global limit, handing a free slot to the waiter whose host has the most URLs left:
    the host with the longest chain of spaced requests sets the run's length, so it must never
    queue behind hosts with one URL each (longest-processing-time-first scheduling)."""

    def __init__(self, count: int):
        self.free = count
        self.waiting: list = []  # heap of (priority, order, future)
        self.order = 0

    async def acquire(self, priority: int) -> None:
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return
        future = asyncio.get_running_loop().create_future()
        self.order += 1
        heapq.heappush(self.waiting, (priority, self.order, future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # handed a slot just as the wait was cancelled: pass it on
            raise

    def release(self) -> None:
        while self.waiting:
            _, _, future = heapq.heappop(self.waiting)
            if not future.done():
                future.set_result(None)
                return
        self.free += 1


class Fetcher:
    """`await Fetcher(settings, allow_private).fetch_all({url: kind})` -> {url: Answer}."""

    def __init__(self, settings: NetworkSettings, allow_private: bool = False):
        self.settings = settings
        self.allow_private = allow_private
        self.requests = 0  # requests sent, retries and redirect hops included

    async def fetch_all(self, wanted: dict, done: Callable[[Answer], None] | None = None) -> dict:
        settings = self.settings
        self._slots = _Slots(settings.max_concurrency)
        self._hosts: dict[str, _Host] = {}
        for url in wanted:
            self._host(_host_of(url)).left += 1
        resolver = GuardedResolver(self.allowed, dict(settings.resolve))
        connector = aiohttp.TCPConnector(
            limit=settings.max_concurrency,
            limit_per_host=0,
            resolver=resolver,
            ttl_dns_cache=300,
            socket_factory=guarded_sockets(self.allowed),
        )
        timeout = aiohttp.ClientTimeout(total=settings.timeout)
        async with aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,
            headers={"User-Agent": settings.user_agent},
        ) as session:
            self._session = session

            async def one(url: str, kind: str) -> tuple[str, Answer]:
                found = await self.fetch(url, kind)
                self._host(_host_of(url)).left -= 1
                if done is not None:
                    done(found)
                return url, found

            pairs = await asyncio.gather(*(one(url, kind) for url, kind in wanted.items()))
        if not resolver.answered:
            return {url: _no_dns(found) for url, found in pairs}
        return dict(pairs)

    def allowed(self, address: str) -> bool:
        """Whether fmlint may connect to this IP address (public, or `--allow-private-hosts`)."""
        return self.allow_private or why_refused(address) is None

    async def fetch(self, url: str, kind: str) -> Answer:
        """The answer for one URL, retried as the settings say, within `max-time`."""
        settings = self.settings
        try:
            return await asyncio.wait_for(self._with_retries(url, kind), settings.max_time)
        except asyncio.TimeoutError:
            return Answer(
                url, error=kinds.TIMEOUT, detail=f"no answer within {settings.max_time:g} s"
            )
        except Exception as error:  # one site's odd answer must not end the run: unchecked
            detail = f"an answer fmlint could not read ({type(error).__name__})"
            return Answer(url, error=kinds.CONNECTION, detail=detail)

    async def _with_retries(self, url: str, kind: str) -> Answer:
        settings = self.settings
        attempt = 0
        while True:
            attempt += 1
            found = await self._follow(url, kind)
            if not found.retryable() or attempt > settings.max_retries:
                return _with(found, attempts=attempt)
            wait = settings.retry_wait_time * 2 ** (attempt - 1)
            if found.retry_after is not None:
                if found.retry_after > settings.max_retry_wait:
                    return _with(found, attempts=attempt)
                wait = found.retry_after
            await asyncio.sleep(min(wait, settings.max_retry_wait))

    async def _follow(self, url: str, kind: str) -> Answer:
        hops: list = []
        current = url
        for _ in range(self.settings.max_redirects + 1):
            found = await self._one_request(url, current, kind)
            if isinstance(found, Answer):
                return _with(found, hops=tuple(hops))
            status, location = found
            try:
                target = urljoin(current, location)
            except ValueError:  # `http://[oops/`: no URL at all
                return Answer(
                    url, hops=tuple(hops), error=kinds.REFUSED, detail="a redirect to no URL"
                )
            hops.append((status, target))
            current = target
        return Answer(
            url,
            hops=tuple(hops),
            error=kinds.TOO_MANY_REDIRECTS,
            detail=f"more than {self.settings.max_redirects} redirects",
        )

    async def _one_request(self, url: str, current: str, kind: str):
        """An `Answer`, or (status, location) for a redirect to follow."""
        target = self._target(current)
        if isinstance(target, str):
            return Answer(url, error=kinds.REFUSED, detail=target)
        slot = self._host(target.raw_host or "")
        async with slot.slots:
            await self._space(slot)
            await self._slots.acquire(-slot.left)
            try:
                self.requests += 1
                return await self._request(url, target, kind)
            finally:
                self._slots.release()

    def _target(self, current: str) -> URL | str:
        """The URL aiohttp is to request for `current` (the very object it is handed), or why
        it may not be requested. Its host is yarl's, after IDNA's NFKC: `①②⑦.⓪.⓪.①` is
        judged as the 127.0.0.1 aiohttp would connect to without asking the resolver."""
        try:
            target = URL(current)
        except ValueError:  # a bad IPv6 literal, a host IDNA refuses
            return "a URL that does not parse"
        if target.scheme not in ("http", "https"):
            return f"a redirect to a {target.scheme}: URL"
        if target.raw_user is not None or target.raw_password is not None:
            return "a URL with credentials"
        host = target.raw_host or ""
        if _is_ip(host) and not self.allowed(host):
            return refused(host)
        return target

    def _host(self, host: str) -> _Host:
        slot = self._hosts.get(host)
        if slot is None:
            slot = self._hosts[host] = _Host(self.settings.host_concurrency)
        return slot

    async def _space(self, slot: _Host) -> None:
        interval = self.settings.host_request_interval
        if not interval:
            return
        async with slot.lock:
            now = time.monotonic()
            if slot.next_start > now:
                await asyncio.sleep(slot.next_start - now)
            slot.next_start = max(now, slot.next_start) + interval

    async def _request(self, url: str, target: URL, kind: str):
        headers = {"Accept": "image/*,*/*;q=0.8" if kind == IMAGE else "text/html,*/*;q=0.8"}
        if kind == IMAGE:
            headers["Range"] = "bytes=0-65535"  # a header is in the first bytes; 200 also works
        timeout = self.settings.timeout
        try:
            async with self._session.get(target, headers=headers, allow_redirects=False) as got:
                status = got.status
                if status in _REDIRECTS and "Location" in got.headers:
                    return status, got.headers["Location"]
                content_type = got.headers.get("Content-Type", "")
                retry_after = _retry_after(got.headers.get("Retry-After"))
                if kind == IMAGE and status in (200, 203, 206):
                    return await self._picture(url, got, status, content_type)
                await _drain(got, _PAGE_BYTES)
                return Answer(url, status, content_type=content_type, retry_after=retry_after)
        except aiohttp.ClientConnectorError as error:
            cause = error.os_error
            if isinstance(cause, Refused):
                return Answer(url, error=kinds.REFUSED, detail=str(cause))
            if isinstance(cause, NoSuchHost):
                return Answer(url, error=kinds.NO_SUCH_HOST, detail=str(cause))
            if isinstance(cause, DnsTrouble):
                return Answer(url, error=kinds.DNS_TROUBLE, detail=str(cause))
            return Answer(url, error=kinds.CONNECTION, detail=f"no connection ({_reason(error)})")
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError):
            return Answer(url, error=kinds.TIMEOUT, detail=f"a timeout after {timeout:g} s")
        except aiohttp.ClientError as error:
            return Answer(url, error=kinds.CONNECTION, detail=f"a broken answer ({_reason(error)})")

    async def _picture(self, url: str, got, status: int, content_type: str) -> Answer:
        header = Header()
        read, limit = 0, self.settings.max_bytes
        while read < limit:
            chunk = await got.content.read(min(_CHUNK, limit - read))
            if not chunk:
                break
            read += len(chunk)
            if header.feed(chunk):
                break
        got.close()  # the rest of the picture is not needed: no reading to the end
        instead = not_a_picture(content_type, header)
        return Answer(
            url, status, content_type=content_type, image=header.found, not_picture=instead or ""
        )


async def _drain(got, limit: int) -> None:
    read = 0
    while read < limit:
        chunk = await got.content.read(_CHUNK)
        if not chunk:
            return  # the whole body: the connection can be used again
        read += len(chunk)
    got.close()  # a long or endless body: not read to its end


def _with(found: Answer, **changes) -> Answer:
    from dataclasses import replace

    return replace(found, **changes)


def _is_ip(host: str) -> bool:
    return why_refused(host) != "not an IP address"


def _host_of(url: str) -> str:
    """The host a URL's requests are limited by: yarl's, as `Fetcher._target` sees it."""
    try:
        return URL(url).raw_host or ""
    except ValueError:
        return ""


def _no_dns(found: Answer) -> Answer:
    """A name that "does not resolve" in a run where none did: no DNS, not a dead link. The
    answer becomes a resolver that could not answer, which is not dead and not cached."""
    if found.error != kinds.NO_SUCH_HOST:
        return found
    detail = f"{found.detail}, and no other name resolved either (is there a network?)"
    return _with(found, error=kinds.DNS_TROUBLE, detail=detail)


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text if text.isprintable() else type(error).__name__


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: ASCII digits, or an HTTP date (RFC 9110 10.2.3); anything else
    (`²`, `-5`, `1e999`, `nan`, the year 10**20) is as if the header were absent: what one
    site says must never end the run."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # `str.isdigit` alone takes `²` and `٣`
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, OSError):
        return None
