"""`fmlint check --online` against a real HTTP server on 127.0.0.1 (tests/online_server.py).

Records name hosts such as `www.example.com` (FM201 refuses IP addresses); `--resolve
*=127.0.0.1` connects them to the local server, and `--allow-private-hosts` lets fmlint reach
it: without that opt-in, a loopback address is refused (tested here too). The records are article
records by configuration (`as_articles`): they hold only the keys a test needs, too few to be told
for articles by their keys alone, as a first run without configuration tells them.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

import pytest
from PIL import features

from tests.article_config import as_articles
from tests.online_server import Route, Server, picture
from validator.online import answer as kinds
from validator.online.addresses import why_refused
from validator.online.answer import Answer
from validator.online.fetcher import Fetcher
from validator.online.resolver import GuardedResolver, Refused
from validator.online.settings import NetworkSettings
from validator.rules.fm208_url_redirected import judge

ONLINE = ("FM207", "FM208", "FM209", "FM405", "FM406")
HOST = "www.example.com"


def record(page: str, image: str | None = None, width: int = 64, height: int = 48) -> str:
    text = f'---\ntitle: "x"\nwebUrl: "{page}"\n'
    if image is not None:
        text += f'images:\n  - url: "{image}"\n    width: {width}\n    height: {height}\n'
    return text + "---\n"


def lint(run, *paths, select=ONLINE, extra=(), cache_dir=None):
    first = Path(paths[0])
    args = ["check", *as_articles(first if first.is_dir() else first.parent)]
    args += ["--online", "--allow-private-hosts", "--resolve", "*=127.0.0.1"]
    args += ["--output-format", "json", "--select", ",".join(select)]
    args += ["--no-cache"] if cache_dir is None else ["--cache-dir", str(cache_dir)]
    result = run(*args, *extra, *map(str, paths))
    assert result.exit_code in (0, 1), result.output
    found = [(d["code"], d["line"], d["column"], d["message"]) for d in json.loads(result.stdout)]
    return found, result


@pytest.fixture
def server():
    with Server() as running:
        yield running


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP", "AVIF"])
def test_each_format_gives_its_real_size(run, tmp_path, server, fmt):
    if fmt == "AVIF" and not features.check("avif"):
        pytest.skip("this Pillow reads no AVIF")
    server.routes["/p"] = Route(200, b"<html></html>", {"Content-Type": "text/html"})
    server.routes["/pic"] = Route(200, picture(fmt, 320, 200), {"Content-Type": "image/x"})
    right = tmp_path / "right.md"
    right.write_text(record(server.url(HOST, "/p"), server.url(HOST, "/pic"), 320, 200))
    wrong = tmp_path / "wrong.md"
    wrong.write_text(record(server.url(HOST, "/p"), server.url(HOST, "/pic"), 640, 400))
    found, result = lint(run, right, wrong)
    assert found == [
        (
            "FM406",
            6,
            12,
            f'images[0]: declared 640x400, but the picture at "{server.url(HOST, "/pic")}" '
            f"is 320x200 ({fmt})",
        )
    ]
    assert server.count("/pic") == 1  # one URL, two files: fetched once
    assert "Online: 2 URLs checked: 0 dead, 0 redirected, 0 could not be checked." in result.stderr


def test_fix_writes_the_real_size(run, tmp_path, server):
    server.routes["/p"] = Route(200, b"ok")
    server.routes["/pic.jpg"] = Route(
        200, picture("JPEG", 300, 150), {"Content-Type": "image/jpeg"}
    )
    path = tmp_path / "a.md"
    path.write_text(record(server.url(HOST, "/p"), server.url(HOST, "/pic.jpg"), 1280, 720))
    found, result = lint(run, path, extra=("--fix",))
    assert found == []
    assert "Fixed 2 findings in 1 file." in result.stderr
    assert path.read_text() == record(
        server.url(HOST, "/p"), server.url(HOST, "/pic.jpg"), 300, 150
    )
    assert server.count("/pic.jpg") == 1  # the fix passes reuse the run's answers


def test_an_image_read_only_as_far_as_its_header(run, tmp_path, server):
    big = picture("PNG", 2000, 1000)  # then zeros for ever: a body never read to its end
    server.routes["/p"] = Route(200, b"ok")
    server.routes["/big.png"] = Route(200, big, {"Content-Type": "image/png"}, endless=True)
    path = tmp_path / "a.md"
    path.write_text(record(server.url(HOST, "/p"), server.url(HOST, "/big.png"), 2000, 1000))
    found, _ = lint(run, path, extra=("--timeout", "5"))
    assert found == []
    ranges = [headers.get("Range") for where, _, headers in server.seen if where == "/big.png"]
    assert ranges == ["bytes=0-65535"]


def test_html_or_video_instead_of_a_picture(run, tmp_path, server):
    server.routes["/p"] = Route(200, b"ok")
    server.routes["/page"] = Route(200, b"<!DOCTYPE html><html>", {"Content-Type": "text/html"})
    server.routes["/clip"] = Route(200, b"\0\0\0\x18ftypmp42", {"Content-Type": "video/mp4"})
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    one.write_text(record(server.url(HOST, "/p"), server.url(HOST, "/page")))
    two.write_text(record(server.url(HOST, "/p"), server.url(HOST, "/clip")))
    found, _ = lint(run, one, two)
    page, clip = server.url(HOST, "/page"), server.url(HOST, "/clip")
    assert found == [
        (
            "FM405",
            5,
            10,
            f'images[0].url: "{page}" serves an HTML page ("text/html"), not a picture',
        ),
        ("FM405", 5, 10, f'images[0].url: "{clip}" serves a video ("video/mp4"), not a picture'),
    ]


def test_the_verified_answer_replaces_the_offline_guesses(run, tmp_path, server):
    """FM206 guesses from `.html` that this is no picture, FM403 from `?w=120` that 300 is too
    wide; the network says it is a 300x150 JPEG: no guess stands, and the size agrees."""
    server.routes["/p"] = Route(200, b"ok")
    server.routes["/x.html?w=120"] = Route(200, picture("JPEG", 300, 150))
    path = tmp_path / "a.md"
    image = server.url(HOST, "/x.html?w=120")
    path.write_text(record(server.url(HOST, "/p"), image, 300, 150))
    codes = ("FM206", "FM403", *ONLINE)
    offline = run(
        "check",
        *as_articles(tmp_path),
        "--select",
        ",".join(codes),
        "--output-format",
        "json",
        str(path),
    )
    assert [d["code"] for d in json.loads(offline.stdout)] == ["FM206", "FM403"]
    assert server.seen == []  # offline: no request
    found, _ = lint(run, path, select=codes)
    assert found == []


def test_dead_pages_and_redirects(run, tmp_path, server):
    server.routes["/gone"] = Route(410)
    server.routes["/old"] = Route(301, headers={"Location": "/new"})
    server.routes["/new"] = Route(200, b"ok")
    server.routes["/away"] = Route(302, headers={"Location": server.url("cdn.example.org", "/x")})
    server.routes["/x"] = Route(200, b"ok")
    server.routes["/moved"] = Route(302, headers={"Location": "/new"})  # same host, temporary
    names = {
        "missing": "/missing",
        "gone": "/gone",
        "old": "/old",
        "away": "/away",
        "moved": "/moved",
    }
    for name, where in names.items():
        (tmp_path / f"{name}.md").write_text(record(server.url(HOST, where)))
    found, result = lint(run, *(tmp_path / f"{name}.md" for name in sorted(names)))
    u = lambda where: server.url(HOST, where)  # noqa: E731
    assert found == [
        (
            "FM208",
            3,
            9,
            f'webUrl: "{u("/away")}" redirects (302) to another host: '
            f'"{server.url("cdn.example.org", "/x")}"',
        ),
        ("FM207", 3, 9, f'webUrl: "{u("/gone")}" is dead: HTTP 410'),
        ("FM207", 3, 9, f'webUrl: "{u("/missing")}" is dead: HTTP 404'),
        (
            "FM208",
            3,
            9,
            f'webUrl: "{u("/old")}" redirects permanently (301) to "{u("/new")}"; '
            "write the final URL",
        ),
    ]
    assert "Online: 5 URLs checked: 2 dead, 3 redirected, 0 could not be checked." in result.stderr
    fixed, _ = lint(run, tmp_path / "old.md", extra=("--fix", "--unsafe-fixes"))
    assert fixed == []
    assert (tmp_path / "old.md").read_text() == record(u("/new"))


def test_http_served_over_https_is_a_safe_fix():
    found = Answer("http://www.example.com/a", 200, hops=((301, "https://www.example.com/a"),))
    assert judge("http://www.example.com/a", found) == (
        'is served over https: write "https://www.example.com/a"',
        ("https://www.example.com/a", "safe"),
    )


def test_http_that_the_site_serves_over_https_end_to_end(tmp_path):
    """A real HTTPS answer (a certificate from a throwaway CA the run trusts): the http URL
    redirects to the same address over https, FM208 says so with a safe fix, FM202 stays quiet."""
    import ssl
    import subprocess
    import sys

    import trustme

    ca = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOST).configure_cert(tls)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    env = {**os.environ, "SSL_CERT_FILE": str(tmp_path / "ca.pem"), "NO_COLOR": "1"}
    with Server(tls=tls) as server:
        http = server.url(HOST, "/a")
        https = "https://" + http[len("http://") :]
        server.routes["/a"] = Route(301, headers={"Location": https})
        server.routes["https:/a"] = Route(200, b"ok")
        page = tmp_path / "page.md"
        page.write_text(record(http))
        argv = [sys.executable, "-m", "validator", "check", *as_articles(tmp_path), "--online"]
        argv += ["--allow-private-hosts", "--resolve", "*=127.0.0.1", "--no-cache"]
        argv += ["--select", "FM202,FM207,FM208,FM209", "--output-format", "json", str(page)]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
        found = [(d["code"], d["message"]) for d in json.loads(done.stdout)]
        assert found == [("FM208", f'webUrl: "{http}" is served over https: write "{https}"')]
        fixed = subprocess.run(
            [*argv[:-3], "--fix", str(page)], env=env, capture_output=True, text=True, timeout=120
        )
        assert fixed.returncode == 0, fixed.stderr
        assert f'webUrl: "{https}"' in page.read_text()
        assert server.count("/a") == 4  # each run: the http request, then the https one


def test_retries_honour_retry_after_then_give_up(run, tmp_path, server):
    server.routes["/busy"] = Route(
        429,
        headers={"Retry-After": "0"},
        then=Route(429, headers={"Retry-After": "0"}, then=Route(200, b"ok")),
    )
    server.routes["/broken"] = Route(500)
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    one.write_text(record(server.url(HOST, "/busy")))
    two.write_text(record(server.url(HOST, "/broken")))
    found, result = lint(run, one, two, extra=("--max-retries", "2"))
    assert server.count("/busy") == 3  # 429, 429, then 200: no finding
    assert server.count("/broken") == 3  # one try and two retries
    broken = server.url(HOST, "/broken")
    assert found == [
        ("FM209", 3, 9, f'webUrl: "{broken}" could not be checked: HTTP 500 after 3 attempts')
    ]
    assert "1 could not be checked." in result.stderr


def test_retry_after_in_seconds_and_as_an_http_date_is_waited_for(run, tmp_path, server):
    from email.utils import formatdate

    server.routes["/seconds"] = Route(429, headers={"Retry-After": "1"}, then=Route(200, b"ok"))
    # a date two seconds on: a wait of one to two seconds (an HTTP date has whole seconds)
    date = formatdate(time.time() + 2, usegmt=True)
    server.routes["/date"] = Route(503, headers={"Retry-After": date}, then=Route(200, b"ok"))
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    one.write_text(record(server.url(HOST, "/seconds")))
    two.write_text(record(server.url("other.example.com", "/date")))
    found, _ = lint(run, one, two)
    assert found == []
    (seconds,) = server.gaps("/seconds")
    (dated,) = server.gaps("/date")
    assert seconds >= 0.95  # lower bounds only: a busy machine makes waits longer, never shorter
    assert dated >= 0.95


def test_a_retry_after_longer_than_max_retry_wait_gives_up_at_once(run, tmp_path, server):
    server.routes["/later"] = Route(429, headers={"Retry-After": "3600"})
    one = tmp_path / "one.md"
    one.write_text(record(server.url(HOST, "/later")))
    found, _ = lint(run, one)
    assert server.count("/later") == 1
    later = server.url(HOST, "/later")
    assert found == [("FM209", 3, 9, f'webUrl: "{later}" could not be checked: HTTP 429')]


def test_a_slow_answer_times_out(run, tmp_path, server):
    server.routes["/slow"] = Route(200, b"ok", delay=3)
    path = tmp_path / "a.md"
    path.write_text(record(server.url(HOST, "/slow")))
    found, _ = lint(run, path, extra=("--timeout", "0.3", "--max-retries", "0"))
    slow = server.url(HOST, "/slow")
    assert found == [
        ("FM209", 3, 9, f'webUrl: "{slow}" could not be checked: a timeout after 0.3 s')
    ]


def test_endless_bodies_are_not_read_to_their_end(run, tmp_path, server):
    server.routes["/page"] = Route(200, b"<html>", {"Content-Type": "text/html"}, endless=True)
    server.routes["/img"] = Route(200, b"<html>", {"Content-Type": "text/html"}, endless=True)
    path = tmp_path / "a.md"
    path.write_text(record(server.url(HOST, "/page"), server.url(HOST, "/img")))
    found, _ = lint(run, path, extra=("--timeout", "10"))
    img = server.url(HOST, "/img")
    assert found == [
        ("FM405", 5, 10, f'images[0].url: "{img}" serves an HTML page ("text/html"), not a picture')
    ]


def test_per_host_concurrency(run, tmp_path, server):
    for n in range(12):
        server.routes[f"/a{n}"] = Route(200, b"ok", delay=0.15)
        server.routes[f"/b{n}"] = Route(200, b"ok", delay=0.15)
        (tmp_path / f"a{n}.md").write_text(record(server.url("a.example.com", f"/a{n}")))
        (tmp_path / f"b{n}.md").write_text(record(server.url("b.example.com", f"/b{n}")))
    found, _ = lint(
        run, tmp_path, extra=("--host-concurrency", "3", "--host-request-interval", "0")
    )
    assert found == []
    assert server.most_busy == {"a.example.com": 3, "b.example.com": 3}


def test_a_second_run_is_served_from_the_cache_but_not_a_500(run, tmp_path, server):
    server.routes["/p"] = Route(200, b"ok")
    server.routes["/err"] = Route(503)
    server.routes["/pic"] = Route(200, picture("PNG", 64, 48))
    (tmp_path / "a.md").write_text(record(server.url(HOST, "/p"), server.url(HOST, "/pic")))
    (tmp_path / "b.md").write_text(record(server.url(HOST, "/err")))
    cache = tmp_path / "cache"
    first, _ = lint(
        run, tmp_path / "a.md", tmp_path / "b.md", cache_dir=cache, extra=("--max-retries", "0")
    )
    second, result = lint(
        run, tmp_path / "a.md", tmp_path / "b.md", cache_dir=cache, extra=("--max-retries", "0")
    )
    assert (
        first
        == second
        == [("FM209", 3, 9, f'webUrl: "{server.url(HOST, "/err")}" could not be checked: HTTP 503')]
    )
    assert (server.count("/p"), server.count("/pic"), server.count("/err")) == (1, 1, 2)
    assert "Online: 3 URLs checked, 2 from the cache: 0 dead" in result.stderr


def test_a_loopback_address_is_refused_without_the_opt_in(run, tmp_path, server):
    server.routes["/p"] = Route(200, b"ok")
    path = tmp_path / "a.md"
    path.write_text(record(server.url(HOST, "/p")))
    result = run(
        "check",
        *as_articles(tmp_path),
        "--online",
        "--resolve",
        "*=127.0.0.1",
        "--no-cache",
        "--select",
        ",".join(ONLINE),
        "--output-format",
        "json",
        str(path),
    )
    [finding] = json.loads(result.stdout)
    assert finding["code"] == "FM209"
    assert finding["message"] == (
        f'webUrl: "{server.url(HOST, "/p")}" could not be checked: {HOST} resolves to 127.0.0.1 '
        "(a loopback address), which fmlint does not connect to (--allow-private-hosts allows it)"
    )
    assert server.seen == []
    assert "allow-private-hosts" not in result.stderr  # no opt-in, no warning


def test_the_opt_in_warns(run, tmp_path, server):
    server.routes["/p"] = Route(200, b"ok")
    path = tmp_path / "a.md"
    path.write_text(record(server.url(HOST, "/p")))
    _, result = lint(run, path)
    assert "fmlint: warning: --allow-private-hosts: URLs may reach loopback and private" in (
        result.stderr
    )


@pytest.mark.parametrize(
    "address, reason",
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"),
        ("169.254.169.254", "a link-local address"),  # cloud metadata
        ("224.0.0.1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("100.64.0.1", "not a public address"),
        ("93.184.216.34", None),
    ],
)
def test_which_addresses_are_refused(address, reason):
    assert why_refused(address) == reason


def test_the_resolver_refuses_private_answers():
    resolver = GuardedResolver(overrides={"*": "127.0.0.1"})
    with pytest.raises(Refused, match=r"resolves to 127\.0\.0\.1"):
        asyncio.run(resolver.resolve("www.example.com", 80))


class LoopbackServerOnly(Fetcher):
    """The local test server stands for a public site: its address, and only it, is allowed."""

    def allowed(self, address: str) -> bool:
        return address == "127.0.0.1" or super().allowed(address)


@pytest.mark.parametrize(
    "location, refusal",
    [
        ("http://10.0.0.7/admin", "10.0.0.7 is a private address"),
        ("http://intranet.example.com/admin", "intranet.example.com resolves to 10.0.0.7"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ],
)
def test_a_redirect_to_a_private_address_is_not_followed(server, location, refusal):
    server.routes["/hop"] = Route(302, headers={"Location": location})
    resolve = [f"{HOST}=127.0.0.1", "intranet.example.com=10.0.0.7"]
    settings = NetworkSettings.from_written({"resolve": resolve, "max-retries": 0}.items())
    url = server.url(HOST, "/hop")
    found = asyncio.run(LoopbackServerOnly(settings).fetch_all({url: "page"}))[url]
    assert found.error == kinds.REFUSED
    assert found.detail.startswith(refusal)
    assert found.hops == ((302, location),)
    assert server.count("/hop") == 1
    plain = asyncio.run(Fetcher(settings).fetch_all({url: "page"}))[url]
    assert plain.error == kinds.REFUSED and plain.hops == ()  # the loopback server itself
    assert server.count("/hop") == 1


def test_no_request_without_online_or_with_online_rules_deselected(run, tmp_path, server):
    server.routes["/p"] = Route(404)
    path = tmp_path / "a.md"
    path.write_text(record(server.url(HOST, "/p"), server.url(HOST, "/pic")))
    offline = run(
        "check", *as_articles(tmp_path), "--select", "FM2,FM4", "--output-format", "json", str(path)
    )
    assert not any(d["code"] in ONLINE for d in json.loads(offline.stdout))
    found, _ = lint(run, path, select=("FM206",))
    assert found == []
    assert server.seen == []


def test_online_in_the_configuration(run, tmp_path, server, monkeypatch):
    server.routes["/p"] = Route(404)
    (tmp_path / "a.md").write_text(record(server.url(HOST, "/p")))
    (tmp_path / ".fmlint.toml").write_text(
        'online = true\nselect = ["FM207"]\n[network]\nmax-retries = 0\n'
        '[collections]\n"**" = "article"\n'
    )
    monkeypatch.chdir(tmp_path)
    # what widens the network comes from the command line or the environment only
    widen = ("--allow-private-hosts", "--resolve", "*=127.0.0.1")
    result = run("check", "--no-cache", "--output-format", "json", *widen, "a.md")
    assert [(d["code"], d["line"]) for d in json.loads(result.stdout)] == [("FM207", 3)]
    offline = run("check", "--offline", "--no-cache", "--output-format", "json", *widen, "a.md")
    assert json.loads(offline.stdout) == []
    (tmp_path / ".fmlint.toml").write_text('[network]\naccept = ["2xx"]\n')
    bad = run("check", "a.md")
    assert bad.exit_code == 2
    assert "'network'.accept has '2xx', which is no HTTP status or range like 200..299" in (
        bad.stderr
    )


def test_a_name_that_does_not_resolve_is_dead_or_unchecked_never_a_traceback(run, tmp_path):
    """No network here: the resolver says the name does not exist (dead) or cannot answer
    (could not check); either way a finding, never a crash."""
    path = tmp_path / "a.md"
    path.write_text(record("https://no-such-host.fmlint-test.example.com/a"))
    result = run(
        "check",
        *as_articles(tmp_path),
        "--online",
        "--no-cache",
        "--select",
        ",".join(ONLINE),
        "--output-format",
        "json",
        "--max-retries",
        "0",
        "--timeout",
        "5",
        str(path),
    )
    [finding] = json.loads(result.stdout)
    assert (finding["code"], finding["line"]) in (("FM207", 3), ("FM209", 3))
    assert "Traceback" not in result.output


def test_a_cached_result_is_never_served_for_other_answers(run, tmp_path, server):
    """The file is unchanged, its page now answers 404: the per-file result cache, keyed by the
    answers too, does not serve the first run's clean result."""
    server.routes["/p"] = Route(200, b"ok")
    path = tmp_path / "a.md"
    path.write_text(record(server.url(HOST, "/p")))
    cache = tmp_path / "cache"
    first, _ = lint(run, path, cache_dir=cache)
    server.routes["/p"] = Route(404)
    cached, _ = lint(run, path, cache_dir=cache)
    fresh, _ = lint(run, path, cache_dir=cache, extra=("--max-cache-age", "0"))
    assert first == cached == []
    assert fresh == [("FM207", 3, 9, f'webUrl: "{server.url(HOST, "/p")}" is dead: HTTP 404')]
    assert server.count("/p") == 2


def test_the_docs_options_block_is_the_defaults(tmp_path, monkeypatch):
    from tests.conftest import ROOT
    from validator.config import load

    readme = (ROOT / "docs" / "online.md").read_text(encoding="utf-8")
    start = readme.index("The options follow lychee's")
    block = readme[start:].split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pyproject.toml").write_text(block)
    monkeypatch.chdir(tmp_path)
    settings = load()
    assert settings.online is True and settings.allow_private_hosts is False
    assert NetworkSettings.from_written(settings.network) == NetworkSettings.from_written()


def test_worker_processes_get_the_answers(run, tmp_path, server):
    """Over 64 files `--jobs 2` lints in worker processes: they judge the parent's answers."""
    for n in range(70):
        if n % 2:
            server.routes[f"/p{n}"] = Route(200, b"ok")
        (tmp_path / f"a{n:02}.md").write_text(record(server.url(HOST, f"/p{n}")))
    serial, _ = lint(run, tmp_path, extra=("--jobs", "1", "--host-request-interval", "0"))
    parallel, _ = lint(run, tmp_path, extra=("--jobs", "2", "--host-request-interval", "0"))
    assert serial == parallel
    assert [code for code, *_ in parallel] == ["FM207"] * 35


def test_the_url_index_holds_the_last_runs_files_only(run, tmp_path, server):
    server.routes["/p"] = Route(200, b"ok")
    server.routes["/q"] = Route(404)
    path, cache = tmp_path / "a.md", tmp_path / "cache"
    path.write_text(record(server.url(HOST, "/p")))
    lint(run, path, cache_dir=cache)
    saved = json.loads((cache / "online-v1.json").read_text())
    assert list(saved["files"].values()) == [[[server.url(HOST, "/p"), "page"]]]
    path.write_text(record(server.url(HOST, "/q")))  # the file changes: its URLs are read anew
    found, _ = lint(run, path, cache_dir=cache)
    assert found == [("FM207", 3, 9, f'webUrl: "{server.url(HOST, "/q")}" is dead: HTTP 404')]
    saved = json.loads((cache / "online-v1.json").read_text())
    assert list(saved["files"].values()) == [[[server.url(HOST, "/q"), "page"]]]


def test_the_html_report_counts_dead_links_and_wrong_sizes_by_host(run, tmp_path, server):
    """Issue 15's "for online runs, dead links and wrong image sizes by host", from a real run."""
    from .report_page import Page

    server.routes["/missing"] = Route(404)
    server.routes["/p"] = Route(200, b"ok")
    server.routes["/pic"] = Route(200, picture("PNG", 320, 200), {"Content-Type": "image/png"})
    pictures = "img.example.net"
    (tmp_path / "dead.md").write_text(record(server.url(HOST, "/missing")))
    (tmp_path / "size.md").write_text(
        record(server.url(HOST, "/p"), server.url(pictures, "/pic"), 640, 400)
    )
    report = tmp_path / "report.html"
    args = ["check", *as_articles(tmp_path), "--online", "--allow-private-hosts"]
    args += ["--resolve", "*=127.0.0.1"]
    args += ["--no-cache", "--select", ",".join(ONLINE), "--output-format", "html"]
    result = run(*args, "-o", str(report), str(tmp_path / "dead.md"), str(tmp_path / "size.md"))
    assert result.exit_code == 1, result.output
    page = Page(report.read_text(encoding="utf-8"))
    named = [a["data-name"] for t, a in page.tags if t == "tr" and "data-name" in a]
    assert HOST in named and pictures in named
    text = " ".join(" ".join(page.text).split())
    assert f"{HOST} 1 1 0 1 FM207 \u00d71" in text
    assert f"{pictures} 1 1 0 1 FM406 \u00d71" in text


def test_a_progress_bar_of_urls_for_a_person_never_for_a_machine(
    run, tmp_path, server, monkeypatch
):
    from validator.cli import check as checking

    server.routes["/p"] = Route(200, b"ok")
    one = tmp_path / "one.md"
    one.write_text(record(server.url(HOST, "/p")))
    monkeypatch.setattr(checking, "_watching", lambda: True)
    args = ["check", *as_articles(tmp_path), "--online", "--allow-private-hosts"]
    args += ["--resolve", "*=127.0.0.1"]
    args += ["--no-cache", "--select", ",".join(ONLINE)]
    person = run(*args, "--output-format", "concise", str(one))
    assert "Checking URLs" in person.stderr
    assert "Checking URLs" not in person.stdout
    machine = run(*args, "--output-format", "json", str(one))
    assert "Checking URLs" not in machine.stderr


POST_SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "link": {"type": "string", "format": "uri"},
        "cover": {
            "x-fmlint-role": "picture",
            "type": "object",
            "properties": {
                "src": {"type": "string", "format": "uri"},
                "width": {"type": "integer"},
                "height": {"type": "integer"},
            },
        },
        "thumb": {"x-fmlint-role": "picture", "type": "string"},
        "note": {"type": "string"},
    },
}


def test_a_users_schema_says_which_urls_and_pictures_are_fetched(run, tmp_path, server):
    """The URLs are where the file's schema puts them (`format: uri`, `x-fmlint-role:
    picture`), whatever their keys are called; a string the schema does not call a URL is not
    fetched, nor is any URL of a file in no collection."""
    server.routes["/pic"] = Route(200, picture("PNG", 320, 200), {"Content-Type": "image/png"})
    server.routes["/page"] = Route(200, b"<!DOCTYPE html><html>", {"Content-Type": "text/html"})
    (tmp_path / "post.schema.json").write_text(json.dumps(POST_SCHEMA), encoding="utf-8")
    config = tmp_path / ".fmlint.toml"
    config.write_text('[collections]\n"posts/**" = "post.schema.json"\n', encoding="utf-8")
    dead, pic, page = (server.url(HOST, where) for where in ("/missing", "/pic", "/page"))
    front = (
        f'---\ntitle: "A post"\nlink: "{dead}"\ncover:\n  src: "{pic}"\n  width: 640\n'
        f'  height: 400\nthumb: "{page}"\nnote: "{server.url(HOST, "/note")}"\n---\n'
    )
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text(front, encoding="utf-8")
    (tmp_path / "about.md").write_text(front.replace("/missing", "/elsewhere"), encoding="utf-8")
    args = ["check", "--config", str(config), "--online", "--allow-private-hosts"]
    args += ["--resolve", "*=127.0.0.1", "--no-cache", "--output-format", "json"]
    result = run(*args, "--select", ",".join(ONLINE), str(tmp_path))
    found = [(d["code"], d["line"], d["column"], d["message"]) for d in json.loads(result.stdout)]
    assert found == [
        ("FM207", 3, 7, f'link: "{dead}" is dead: HTTP 404'),
        (
            "FM406",
            6,
            10,
            f'cover: declared 640x400, but the picture at "{pic}" is 320x200 (PNG)',
        ),
        ("FM405", 8, 8, f'thumb: "{page}" serves an HTML page ("text/html"), not a picture'),
    ]
    assert sorted(where for where, _, _ in server.seen) == ["/missing", "/page", "/pic"]
    assert "Online: 3 URLs checked: 1 dead, 0 redirected, 0 could not be checked." in (
        result.stderr
    )


def test_a_changed_schema_is_not_answered_from_the_url_index(run, tmp_path, server):
    """The answers cache remembers the URLs of each file by its bytes; a schema that now calls
    another key a URL gets that URL fetched, though the file did not change."""
    server.routes["/p"] = Route(200, b"ok")
    schema = tmp_path / "post.schema.json"
    schema.write_text(json.dumps(POST_SCHEMA), encoding="utf-8")
    config = tmp_path / ".fmlint.toml"
    config.write_text('[collections]\n"*.md" = "post.schema.json"\n', encoding="utf-8")
    path, cache = tmp_path / "a.md", tmp_path / "cache"
    note = server.url(HOST, "/note")
    path.write_text(f'---\nlink: "{server.url(HOST, "/p")}"\nnote: "{note}"\n---\n')
    args = ["check", "--config", str(config), "--online", "--allow-private-hosts"]
    args += ["--resolve", "*=127.0.0.1", "--cache-dir", str(cache), "--output-format", "json"]
    args += ["--select", ",".join(ONLINE)]
    first = run(*args, str(path))
    assert json.loads(first.stdout) == []
    assert server.count("/note") == 0
    uri = {**POST_SCHEMA["properties"], "note": {"type": "string", "format": "uri"}}
    schema.write_text(json.dumps({**POST_SCHEMA, "properties": uri}), encoding="utf-8")
    second = run(*args, str(path))
    found = [(d["code"], d["line"], d["message"]) for d in json.loads(second.stdout)]
    assert found == [("FM207", 3, f'note: "{note}" is dead: HTTP 404')]
    assert (server.count("/p"), server.count("/note")) == (1, 1)  # /p from the cache


def test_urls_are_collected_from_yaml_read_as_the_run_reads_it(run, tmp_path, server):
    """The documents parsed to collect the URLs are the ones the lint then checks: read with
    the run's `yaml-version` (1.1: `no` is false, as Jekyll reads it), or the schema would see
    the string "no" where the site has a boolean."""
    server.routes["/p"] = Route(200, b"ok")
    schema = {"properties": {"link": {"format": "uri"}, "published": {"type": "boolean"}}}
    (tmp_path / "s.json").write_text(json.dumps(schema), encoding="utf-8")
    config = tmp_path / ".fmlint.toml"
    config.write_text('yaml-version = "1.1"\n[collections]\n"*.md" = "s.json"\n', encoding="utf-8")
    path = tmp_path / "a.md"
    path.write_text(f'---\nlink: "{server.url(HOST, "/p")}"\npublished: no\n---\n')
    args = ["check", "--config", str(config), "--allow-private-hosts", "--resolve", "*=127.0.0.1"]
    args += ["--no-cache", "--output-format", "json", "--select", ",".join(("FM1", *ONLINE))]
    assert json.loads(run(*args, "--online", str(path)).stdout) == []
    assert server.count("/p") == 1
    config.write_text('[collections]\n"*.md" = "s.json"\n', encoding="utf-8")  # YAML 1.2
    found = [(d["code"], d["line"]) for d in json.loads(run(*args, "--online", str(path)).stdout)]
    assert found == [("FM103", 3)]
