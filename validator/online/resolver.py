"""The resolver the HTTP client connects through: it drops every address fmlint may not reach.

aiohttp asks it for a host's addresses before each connection (every redirect hop included) and
connects to exactly what it returns, so the address checked is the address used: no second
lookup an attacker's DNS could answer differently. A name whose addresses are all refused
fails with `Refused`, one that does not resolve with `NoSuchHost`; the fetcher turns both into
answers. `allowed(address)` says which addresses may be used (the fetcher's policy).
`overrides` (`--resolve HOST=ADDRESS`, `*` for every host) answer for names as curl's
`--resolve` does; the addresses they give are checked like any other. `answered` counts the
names DNS gave addresses for: with none, a name that "does not exist" may only mean no DNS.

aiohttp does not ask the resolver about a host that is an IP address, and yarl turns some hosts
into one (`①②⑦.⓪.⓪.①` is 127.0.0.1 after IDNA's NFKC), so `guarded_sockets` is the gate no
path skips: aiohttp makes every socket it connects through it, with the address to connect to.
"""

from __future__ import annotations

import asyncio
import socket

from aiohttp.abc import AbstractResolver

from .addresses import why_refused

_NUMERIC = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV


class Refused(OSError):
    """Every address of the name is one fmlint may not connect to."""


class NoSuchHost(OSError):
    """The name does not resolve (NXDOMAIN, no address)."""


class DnsTrouble(OSError):
    """The resolver could not answer (no network, a temporary failure)."""


def _public(address: str) -> bool:
    return why_refused(address) is None


def refused(address: str) -> str:
    """The answer's detail for an IP address fmlint will not connect to."""
    return (
        f"{address} is {why_refused(address) or 'not allowed'}, which fmlint does not connect "
        "to (--allow-private-hosts allows it)"
    )


class GuardedResolver(AbstractResolver):
    def __init__(self, allowed=None, overrides: dict | None = None):
        self.allowed = allowed or _public
        self.overrides = dict(overrides or {})
        self.answered = 0  # names DNS gave addresses for (`--resolve` answers are not DNS)

    async def resolve(self, host: str, port: int = 0, family=socket.AF_INET) -> list:
        address = self.overrides.get(host.lower(), self.overrides.get("*"))
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(
                address or host, port, type=socket.SOCK_STREAM, family=family
            )
        except socket.gaierror as error:
            if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
                raise NoSuchHost(f"the name {host} does not resolve") from None
            raise DnsTrouble(f"the name {host} could not be resolved ({error.strerror})") from None
        if address is None and infos:
            self.answered += 1
        found, dropped = [], []
        for info_family, _, proto, _, sockaddr in infos:
            ip = sockaddr[0]
            if not self.allowed(ip):
                dropped.append(f"{ip} ({why_refused(ip) or 'not allowed'})")
                continue
            found.append(
                {
                    "hostname": host,
                    "host": ip,
                    "port": sockaddr[1],
                    "family": info_family,
                    "proto": proto,
                    "flags": _NUMERIC,
                }
            )
        if not found:
            if dropped:
                raise Refused(
                    f"{host} resolves to {dropped[0]}, which fmlint does not connect to "
                    "(--allow-private-hosts allows it)"
                )
            raise NoSuchHost(f"the name {host} has no address")
        return found

    async def close(self) -> None:
        return None


def guarded_sockets(allowed=None):
    """aiohttp's `socket_factory`: a socket for an address `allowed` accepts, else `Refused`.
    It sees the address actually connected to, after yarl's normalising and DNS alike."""
    allowed = allowed or _public

    def make(info) -> socket.socket:
        family, kind, proto, _, sockaddr = info
        if not allowed(sockaddr[0]):
            raise Refused(refused(sockaddr[0]))
        return socket.socket(family, kind, proto)

    return make
