"""`--online` against hostile or missing networks: what a site or a resolver says may make a URL
"could not be checked", never reach the user's network, end the run, or cache a false "dead".

The SSRF tests need the local server (127.0.0.1) reachable while the guard still holds:
`LoopbackServerOnly` allows that one address and nothing else private (not `--allow-private-
hosts`, which would let every test pass whatever the guard does). The redirects they follow
name hosts in Unicode digits that yarl turns into IP addresses; a loopback target is a listener
on 127.0.0.2 (a loopback address the policy refuses), which records any connection made to it.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time

import aiohttp
import pytest
from yarl import URL

from tests.article_config import as_articles
from tests.online_server import Route, Server
from tests.test_online import HOST, ONLINE, LoopbackServerOnly, lint, record
from validator.online import answer as kinds
from validator.online.answer import DEFAULT_ACCEPT, Answer
from validator.online.fetcher import Fetcher, _no_dns, _retry_after
from validator.online.resolver import Refused, guarded_sockets
from validator.online.settings import NetworkSettings
from validator.online.store import lasting

METADATA = "http://\u2460\u2465\u2468.\u2461\u2464\u2463.\u2460\u2465\u2468.\u2461\u2464\u2463"
FULLWIDTH_LOOPBACK = "\uff11\uff12\uff17.\uff10.\uff10.\uff12"  # 127.0.0.2
IDEOGRAPHIC_LOOPBACK = "127\u30020\u30020\u30022"  # 127。0。0。2
CIRCLED_PRIVATE = "\u2469.\u2460.\u2461.\u2462"  # ⑩.①.②.③: 10.1.2.3


@pytest.fixture
def site():
    with Server() as running:
        yield running


class Listener:
    """A TCP port on 127.0.0.2 that only counts the connections made to it."""

    def __init__(self):
        self.sock = socket.socket()
        try:
            self.sock.bind(("127.0.0.2", 0))
        except OSError:
            self.sock.close()
            pytest.skip("127.0.0.2 is no loopback address here")
        self.sock.listen(8)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def connections(self) -> int:
        count = 0
        while True:
            try:
                connection, _ = self.sock.accept()
            except BlockingIOError:
                return count
            connection.close()
            count += 1


@pytest.fixture
def victim():
    listener = Listener()
    yield listener
    listener.sock.close()


class NoJudging(LoopbackServerOnly):
    """The fetcher without its own check before a request: only the socket gate is left."""

    def _target(self, current: str) -> URL:
        return URL(current)


def settings(**written) -> NetworkSettings:
    given = {"resolve": [f"{HOST}=127.0.0.1"], "max-retries": 0, "timeout": 3, **written}
    return NetworkSettings.from_written(given.items())


def raw(value: str) -> str:
    """`value` sent as its UTF-8 bytes (http.server writes headers in Latin-1)."""
    return value.encode("utf-8").decode("latin-1")


def fetch(fetcher: Fetcher, url: str) -> Answer:
    return asyncio.run(fetcher.fetch_all({url: "page"}))[url]


# 1. Unicode digits in a host: judged as the IP address yarl makes of them


@pytest.mark.parametrize(
    "url, refusal",
    [
        (f"{METADATA}/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "127.0.0.1 is a loopback address"),
        ("http://127\u30020\u30020\u30021/", "127.0.0.1 is a loopback address"),
        (f"http://{CIRCLED_PRIVATE}/", "10.1.2.3 is a private address"),
        (f"http://{FULLWIDTH_LOOPBACK}:8080/", "127.0.0.2 is a loopback address"),
    ],
)
def test_a_unicode_ip_address_is_judged_as_the_address_it_becomes(url, refusal):
    said = Fetcher(settings())._target(url)
    assert isinstance(said, str) and said.startswith(refusal)
    judged = LoopbackServerOnly(settings())._target(url)  # 127.0.0.1 allowed, no other
    if refusal.startswith("127.0.0.1 "):
        assert isinstance(judged, URL) and judged.raw_host == "127.0.0.1"
    else:
        assert isinstance(judged, str) and judged.startswith(refusal)


def test_the_url_judged_is_the_one_requested():
    target = Fetcher(settings())._target("http://\uff25\uff38.example.com/a")
    assert isinstance(target, URL) and target.raw_host == "ex.example.com"


def test_the_socket_gate_refuses_what_the_policy_refuses():
    make = guarded_sockets()
    for address in ("127.0.0.1", "169.254.169.254", "::ffff:10.0.0.1", "not-an-address"):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        with pytest.raises(Refused):
            make((family, socket.SOCK_STREAM, 6, "", (address, 80)))
    sock = make((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80)))
    sock.close()


def test_the_socket_gate_holds_without_the_fetchers_own_check(victim):
    """aiohttp given an IP literal asks no resolver: the socket gate alone must refuse it."""

    async def get(url):
        connector = aiohttp.TCPConnector(
            socket_factory=guarded_sockets(lambda address: address == "127.0.0.1")
        )
        async with aiohttp.ClientSession(connector=connector) as session, session.get(url):
            pass

    for host in ("127.0.0.2", FULLWIDTH_LOOPBACK, IDEOGRAPHIC_LOOPBACK):
        with pytest.raises(aiohttp.ClientConnectorError) as caught:
            asyncio.run(get(URL(f"http://{host}:{victim.port}/")))
        assert isinstance(caught.value.os_error, Refused)
    assert victim.connections() == 0


@pytest.mark.parametrize(
    "where, refusal",
    [
        ("{metadata}/latest/meta-data/", "169.254.169.254 is a link-local address"),
        (f"http://{CIRCLED_PRIVATE}/admin", "10.1.2.3 is a private address"),
        (f"http://{FULLWIDTH_LOOPBACK}:{{port}}/", "127.0.0.2 is a loopback address"),
        (f"http://{IDEOGRAPHIC_LOOPBACK}:{{port}}/", "127.0.0.2 is a loopback address"),
    ],
)
@pytest.mark.parametrize("check", ["fetcher", "socket gate alone"])
def test_a_redirect_to_a_unicode_ip_address_is_refused(site, victim, where, refusal, check):
    location = where.format(metadata=METADATA, port=victim.port)
    site.routes["/hop"] = Route(302, headers={"Location": raw(location)})
    fetcher = (LoopbackServerOnly if check == "fetcher" else NoJudging)(settings())
    found = fetch(fetcher, site.url(HOST, "/hop"))
    assert found.error == kinds.REFUSED, found
    assert found.detail.startswith(refusal)
    assert found.verdict(DEFAULT_ACCEPT) == kinds.UNCHECKED  # FM209, never a fetched page
    assert found.hops == ((302, location),)
    assert site.count("/hop") == 1
    assert victim.connections() == 0


def test_a_location_that_is_no_url_is_an_answer_not_a_crash(site):
    site.routes["/hop"] = Route(302, headers={"Location": "http://[oops/"})
    found = fetch(LoopbackServerOnly(settings()), site.url(HOST, "/hop"))
    assert (found.error, found.detail) == (kinds.REFUSED, "a redirect to no URL")


# 2. Retry-After: only ASCII digits or an HTTP date count

BAD_RETRY_AFTER = [
    "\u00b2",  # ²
    "\u0663",  # Arabic-Indic three
    "\uff15",  # fullwidth five
    "1e999",
    "-5",
    "+5",
    "5.5",
    "nan",
    "inf",
    "Mon, 01 Jan 99999999999999999999 00:00:00 GMT",
    "Mon, 01 Jan 2000 00:00:00 +99999999999999999999",
    "Mon, 99999999999999999999 Jan 2000 00:00:00 GMT",
    "Fri, 31 Dec 99999 23:59:59 GMT",
    "Mon, 01 Jan 2000 25:61:61 GMT",
]


@pytest.mark.parametrize("value", BAD_RETRY_AFTER)
def test_a_bad_retry_after_is_as_if_absent(value):
    assert _retry_after(value) is None


def test_a_good_retry_after_is_read():
    assert _retry_after(" 7 ") == 7.0
    assert _retry_after("0") == 0.0
    assert _retry_after("9" * 5000) == float("inf")  # longer than any max-retry-wait
    assert _retry_after("Mon, 01 Jan 2001 00:00:00 GMT") == 0.0  # past: no wait
    soon = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 60))
    assert 50 < _retry_after(soon) <= 60


@pytest.mark.parametrize("status", [429, 503])
def test_a_bad_retry_after_never_ends_the_run(run, tmp_path, site, status):
    paths = []
    for n, value in enumerate(BAD_RETRY_AFTER):
        headers = {"Retry-After": raw(value)}
        site.routes[f"/r{n}"] = Route(status, headers=headers, then=Route(200, b"ok"))
        paths.append(tmp_path / f"r{n:02}.md")
        paths[-1].write_text(record(site.url(HOST, f"/r{n}")))
    found, result = lint(run, *paths, extra=("--max-retries", "1", "--host-request-interval", "0"))
    assert found == []  # retried after the usual wait, as without the header
    assert [site.count(f"/r{n}") for n in range(len(BAD_RETRY_AFTER))] == [2] * len(paths)
    assert f"Online: {len(paths)} URLs checked: 0 dead" in result.stderr


# 3. No DNS: a name that "does not resolve" is could-not-check, never a cached dead link


def test_with_no_name_resolving_nothing_is_dead_and_nothing_is_cached(run, tmp_path):
    """Names under example.com (reserved, no such subdomains; FM201 refuses `.invalid`) fail
    everywhere: NXDOMAIN with a network, no answer without one. Either way no name resolved in
    the run, so neither is dead, and neither is cached."""
    urls = ["https://a.fmlint-test.example.com/x", "https://b.fmlint-test.example.com/y"]
    for n, url in enumerate(urls):
        (tmp_path / f"{n}.md").write_text(record(url))
    cache = tmp_path / "cache"
    args = ["check", *as_articles(tmp_path), "--online", "--cache-dir", str(cache)]
    args += ["--max-retries", "0"]
    args += ["--select", ",".join(ONLINE), "--output-format", "json", "--timeout", "10"]
    for _ in range(2):
        result = run(*args, str(tmp_path / "0.md"), str(tmp_path / "1.md"))
        assert result.exit_code in (0, 1), result.output
        found = [(d["code"], d["message"]) for d in json.loads(result.stdout)]
        assert [code for code, _ in found] == ["FM209", "FM209"]
        assert all("could not be checked: the name " in message for _, message in found)
        assert "Online: 2 URLs checked: 0 dead, 0 redirected, 2 could not be checked." in (
            result.stderr
        )
    saved = json.loads((cache / "online-v1.json").read_text())
    assert not set(saved["answers"]) & set(urls)


def test_a_dead_name_among_names_that_resolve_is_dead(site):
    """`localhost` resolves (through the system's resolver, no `--resolve`): the resolver
    works, so a name it says does not exist is a dead link."""
    dead = "http://a.fmlint-test.invalid/x"
    try:
        socket.getaddrinfo("a.fmlint-test.invalid", 80)
    except socket.gaierror as error:
        if error.errno != socket.EAI_NONAME:
            pytest.skip(f"this machine's resolver cannot answer ({error})")
    else:
        pytest.skip("this machine's resolver answers for .invalid")
    site.routes["/p"] = Route(200, b"ok")
    alive = f"http://localhost:{site.port}/p"
    fetcher = Fetcher(settings(resolve=[]), allow_private=True)
    found = asyncio.run(fetcher.fetch_all({alive: "page", dead: "page"}))
    assert found[alive].status == 200
    assert found[dead].error == kinds.NO_SUCH_HOST
    assert found[dead].verdict(DEFAULT_ACCEPT) == kinds.DEAD
    alone = asyncio.run(Fetcher(settings(resolve=[])).fetch_all({dead: "page"}))[dead]
    assert alone.error == kinds.DNS_TROUBLE  # no name resolved in that run


def test_a_name_that_does_not_resolve_in_a_run_with_no_dns_is_unchecked_and_not_kept():
    dead = Answer("https://a.example/", error=kinds.NO_SUCH_HOST, detail="the name a does not")
    assert lasting(dead) and dead.verdict(DEFAULT_ACCEPT) == kinds.DEAD
    unsure = _no_dns(dead)
    assert unsure.verdict(DEFAULT_ACCEPT) == kinds.UNCHECKED
    assert not lasting(unsure)
    assert unsure.detail.startswith("the name a does not")
    other = Answer("https://b.example/", 404)
    assert _no_dns(other) is other


def test_any_odd_answer_is_an_unchecked_url_never_the_end_of_the_run(monkeypatch):
    """Whatever a library raises on one site's answer, that URL could not be checked (FM209,
    never cached) and the others go on."""

    async def broken(self, url, kind):
        raise ValueError("an answer nobody foresaw")

    monkeypatch.setattr(Fetcher, "_with_retries", broken)
    url = "https://example.com/odd"
    found = asyncio.run(Fetcher(NetworkSettings.from_written(())).fetch(url, "page"))
    assert (found.error, found.detail) == (
        kinds.CONNECTION,
        "an answer fmlint could not read (ValueError)",
    )
    assert found.retryable()  # transient: never stored as an answer
