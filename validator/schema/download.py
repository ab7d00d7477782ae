"""Downloading a schema, or a document a `$ref` names, when the user lets fmlint
(`--schema-fetch` / `schema-fetch = true`): the guarded download and its disk cache.

Downloads are cached on disk, like check-jsonschema's `--schemafile https://...`: one file per
URL in `$FMLINT_SCHEMA_CACHE` (default `$XDG_CACHE_HOME/fmlint/schemas`, or
`~/.cache/fmlint/schemas`), reused for a day. A schema URL comes from the repository being
linted, so a download connects to public addresses only, as `--online` does.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..disk.safe_read import SCHEMA_CAP

FETCH_HINT = "pass --schema-fetch (or set schema-fetch = true) to let fmlint download it"
CACHE_SECONDS = 24 * 3600
FETCH_TIMEOUT = 15.0
PRIVATE = "private"  # a loader's `fetch` that may reach private addresses (`fetch_policy`)


class SourceError(Exception):
    """A schema or referenced document that cannot be read, worded for the user."""


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def schema_cache_folder() -> Path:
    env = os.environ.get("FMLINT_SCHEMA_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fmlint" / "schemas"


def fetch_policy(settings) -> bool | str:
    """The `fetch` the schema loaders get: False (never download), True (public addresses
    only) or PRIVATE (`--allow-private-hosts`, from the command line or the environment)."""
    if not settings.schema_fetch:
        return False
    return PRIVATE if settings.allow_private_hosts else True


def download(url: str, folder: Path | None = None, private: bool = False) -> str:
    """The text at `url`, from the disk cache when a copy younger than a day is there."""
    import hashlib  # ~2 ms: only a schema URL needs it (every run imports `fetch_policy`)

    folder = folder or schema_cache_folder()
    cached = folder / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".schema")
    try:
        if time.time() - cached.stat().st_mtime < CACHE_SECONDS:
            return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    import urllib.error  # urllib.request (~30 ms): only a download that the cache misses
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "fmlint"})
    try:
        with _guarded_opener(private).open(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(SCHEMA_CAP + 1)
    except urllib.error.HTTPError as error:
        raise SourceError(f"cannot download {url}: HTTP {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise SourceError(f"cannot download {url}: {reason}") from None
    if len(data) > SCHEMA_CAP:
        raise SourceError(f"cannot download {url}: larger than {SCHEMA_CAP >> 20} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"{url} is not UTF-8 text") from None
    try:  # a whole file or none: write beside, then rename
        folder.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, cached)
    except OSError:
        pass  # no cache is no error: the download is in hand
    return text


def _guarded_opener(private: bool):
    """urllib that connects only to public addresses (every redirect hop too), as `--online`
    does: a schema URL comes from the repository, so it must not reach this machine's network.
    The address judged is the one connected to; `--allow-private-hosts` (or
    `FMLINT_ALLOW_PRIVATE_HOSTS`: `private`) lifts the guard."""
    import http.client  # the network's modules: only a download that the cache misses
    import socket
    import urllib.request

    from ..online.addresses import why_refused  # ipaddress: only a download

    def connect(address, timeout=None, source_address=None):
        host, port = address
        trouble: OSError = OSError(f"{host} has no address")
        for family, kind, proto, _, sockaddr in socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        ):
            why = None if private else why_refused(sockaddr[0])
            if why is not None:
                trouble = OSError(
                    f"{host} is {sockaddr[0]} ({why}), which fmlint does not connect to "
                    "(--allow-private-hosts allows it)"
                )
                continue
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                sock.connect(sockaddr)
                return sock
            except OSError as error:
                sock.close()
                trouble = error
        raise trouble

    def guarded(kind):
        def make(host, **options):
            connection = kind(host, **options)
            connection._create_connection = connect
            return connection

        return make

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(guarded(http.client.HTTPConnection), req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(guarded(http.client.HTTPSConnection), req, context=self._context)

    # only these handlers: no proxy from the environment, and no ftp:, file: or data: that a
    # redirect could lead to past the guard
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.UnknownHandler(),
        Plain(),
        Secure(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener
