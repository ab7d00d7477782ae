"""FM2xx, URLs: each rule fires on one edit of a valid record, and not on the real records.

Also the shared helpers of `validator/rules/urls.py`: where URLs are, what makes one invalid,
and the AMP cache URL, against the AMP project's documented examples and every pair of the
corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import validator
from validator.rules.amp import amp_cache_subdomain, amp_cache_url, amp_page_url
from validator.rules.images import image_problem
from validator.rules.suffixes import registrable_domain
from validator.rules.urls import parse, urls
from validator.source import frontmatter

from ..conftest import CORPUS, SEED, needs_corpus
from .helpers import diagnostics, edit

VALID = Path(__file__).resolve().parent.parent.parent / "examples" / "valid"
RECORD = (VALID / "seed.md").read_text(encoding="utf-8")
VIDEO = (VALID / "video.md").read_text(encoding="utf-8")
# seed.md: originalUrl 6:14, webUrl 7:9, ampWebUrl 8:12, cdnAmpWebUrl 9:15, images[0].url
# 23:10; related[0]: webUrl 32:13, ampWebUrl 33:16, cdnAmpWebUrl 34:19, images[0].url 41:14.
WEB = "https://www.bbc.co.uk/news/technology-67521226"
AMP = "https://www.bbc.co.uk/news/technology-67521226.amp"
CDN = "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/technology-67521226.amp"
BBC_IMAGE = (
    "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/"
    "_131809931_mediaitem131809929.jpg"
)


def lint(text: str, family: str = "FM2") -> list[tuple[int, int, str, str]]:
    """The findings of one family (all codes with family="")."""
    return [
        (d.line, d.column, d.code, d.message)
        for d in validator.lint_text(text)
        if d.code.startswith(family)
    ]


def codes(text: str, options=None) -> list[str]:
    """The URL codes found, with rule options by config key."""
    return [d.code for d in diagnostics(text, options) if d.code.startswith("FM2")]


def with_web_url(url: str) -> str:
    return edit(RECORD, f'webUrl: "{WEB}"', f'webUrl: "{url}"')


@pytest.mark.parametrize("text", [RECORD, VIDEO], ids=["seed", "video"])
def test_valid_records_are_clean(text):
    assert lint(text, "") == []


# Where the URLs are


def test_urls_yields_every_url_at_any_depth():
    record = {
        "originalUrl": "o",
        "webUrl": "w",
        "ampWebUrl": "a",
        "cdnAmpWebUrl": "c",
        "images": [{"url": "i0"}, {"url": 5}, "junk", {"width": 1}],
        "provider": {"domain": "x.com", "images": [{"url": "logo"}]},
        "related": [
            {"webUrl": "rw", "images": [{"url": "ri"}], "provider": {"images": [{"url": "rl"}]}},
            "junk",
            {"webUrl": None, "ampWebUrl": "ra", "cdnAmpWebUrl": "rc"},
        ],
    }
    assert list(urls(record)) == [
        (("originalUrl",), "o"),
        (("webUrl",), "w"),
        (("ampWebUrl",), "a"),
        (("cdnAmpWebUrl",), "c"),
        (("images", 0, "url"), "i0"),
        (("provider", "images", 0, "url"), "logo"),
        (("related", 0, "webUrl"), "rw"),
        (("related", 0, "images", 0, "url"), "ri"),
        (("related", 0, "provider", "images", 0, "url"), "rl"),
        (("related", 2, "ampWebUrl"), "ra"),
        (("related", 2, "cdnAmpWebUrl"), "rc"),
    ]


@pytest.mark.parametrize("record", [{}, {"related": "x", "images": {}, "provider": []}])
def test_urls_skips_shapes_it_cannot_read(record):
    assert list(urls(record)) == []


# FM201 url-invalid


def test_scheme_typo_fires():
    assert lint(with_web_url("htps://www.bbc.co.uk/news/technology-67521226")) == [
        (
            7,
            9,
            "FM201",
            "webUrl: \"htps://www.bbc.co.uk/news/technology-67521226\" has the scheme 'htps:', "
            "a typo of 'https:'",
        )
    ]


def test_javascript_url_fires_on_an_image_in_related():
    text = edit(
        RECORD,
        '- url: "https://i.guim.co.uk/img/media/b272cd542e5684d86340330a4d6dd1bb3385af98/'
        "0_347_5200_3119/master/5200.jpg?width=620&quality=85&auto=format&fit=max"
        '&s=d07f1aceb9aea985d88dea55d4426980"',
        '- url: "javascript:alert(1)"',
    )
    assert lint(text) == [
        (
            41,
            14,
            "FM201",
            'related[0].images[0].url: "javascript:alert(1)" is a javascript: URL, '
            "not a link to a page",
        )
    ]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "is a javascript: URL, not a link to a page"),
        ("JavaScript:void(0)", "is a javascript: URL, not a link to a page"),
        ("htps://x.com/", "has the scheme 'htps:', a typo of 'https:'"),
        ("htttp://x.com/", "has the scheme 'htttp:', a typo of 'http:'"),
        ("htp://x.com/", "has the scheme 'htp:', a typo of 'http:'"),
        ("hhttps://x.com/", "has the scheme 'hhttps:', a typo of 'https:'"),
        ("ttps://x.com/", "has the scheme 'ttps:', a typo of 'https:'"),
        ("ftp://x.com/a.jpg", "has the scheme 'ftp:'; only http and https URLs are links to pages"),
        (
            "mailto:news@bbc.co.uk",
            "has the scheme 'mailto:'; only http and https URLs are links to pages",
        ),
        (
            "data:image/png;base64,iVBORw0KGgo=",
            "has the scheme 'data:'; only http and https URLs are links to pages",
        ),
        (
            "/news/technology-67521226",
            "is a relative URL; write an absolute URL starting with https://",
        ),
        ("//www.bbc.co.uk/news", "is a relative URL; write an absolute URL starting with https://"),
        ("https:/www.bbc.co.uk/news", "has no host; write 'https://' and the host name"),
        ("https:www.bbc.co.uk/news", "has no host; write 'https://' and the host name"),
        ("https:///news", "has no host; write 'https://' and the host name"),
        ("https://www.bbc.co.uk/a b", "contains a space"),
        ("https://www.bbc.co.uk/a\tb", "contains the control character U+0009"),
        ("https://www.bbc.co.uk/a\u200bb", "contains U+200B (ZERO WIDTH SPACE)"),
        (
            "https://user:secret@www.bbc.co.uk/",
            "carries a user name or password before '@'; remove it",
        ),
        (
            "https://www.bbc.co.uk:99999/",
            "has the port '99999'; a port is a number from 1 to 65535",
        ),
        ("https://www.bbc.co.uk:0/", "has the port '0'; a port is a number from 1 to 65535"),
        (
            "https://localhost/news",
            "has the host 'localhost', which has no dot; write the full domain name",
        ),
        ("https://127.0.0.1/news", "has the IP address 127.0.0.1 for a host, not a domain name"),
        ("https://[::1]/news", "has the IP address [::1] for a host, not a domain name"),
        ("https://www.bbc.co.uk./news", "has the host 'www.bbc.co.uk.', which ends with a dot"),
        (
            "https://ex_ample.com/",
            "has the host 'ex_ample.com', whose part 'ex_ample' is not a valid host name label",
        ),
        (
            "https://-bbc.co.uk/",
            "has the host '-bbc.co.uk', whose part '-bbc' is not a valid host name label",
        ),
        (
            "https://www..bbc.co.uk/",
            "has the host 'www..bbc.co.uk', whose part '' is not a valid host name label",
        ),
        (
            "https://xn--zz.com/",
            "has the host 'xn--zz.com', whose part 'xn--zz' is not valid punycode (IDNA)",
        ),
        (
            "https://www.bbc.co.ukk/",
            "has the host 'www.bbc.co.ukk', whose top-level domain 'ukk' does not exist",
        ),
        (
            "https://example.123/",
            "has the host 'example.123', whose top-level domain '123' does not exist",
        ),
        (
            "https://" + "a" * 64 + ".com/",
            f"has the host '{'a' * 64}.com', whose part '{'a' * 64}' "
            "is not a valid host name label",
        ),
        (
            "https://" + "abcdefghi." * 26 + "com/",
            "has a host of 263 characters; a host name has at most 253",
        ),
        (
            "https://exa%6dple.com/",
            "has the host 'exa%6dple.com', whose part 'exa%6dple' is not a valid host name label",
        ),
    ],
)
def test_invalid_urls(url, reason):
    assert parse(url) == reason


@pytest.mark.parametrize(
    "url",
    [
        WEB,
        "HTTPS://WWW.BBC.CO.UK/news/technology-67521226",
        "http://www.bbc.co.uk/news",
        "https://www.bbc.co.uk:8443/news?x=1#top",
        "https://www.bbc.co.uk:/news",
        "https://xn--bcher-kva.ch/",  # bücher.ch
        "https://bücher.ch/",  # an IRI; the schema rejects it, the host itself is fine
        "https://r3---sn-abc.googlevideo.com/videoplayback",  # '--' at 3-4 outside xn--
        "https://smartableai.github.io/microsoft-power-apps/assets/images/a.jpg",
        "https://abcnews.go.com/Technology/wireStory/x",
        "https://a.xn--p1ai/",  # .рф
    ],
)
def test_valid_urls(url):
    assert not isinstance(parse(url), str)


def test_valid_url_parts():
    parsed = parse("HTTPS://WWW.BBC.CO.UK:8443/News?x=1#top")
    assert parsed == ("https", "www.bbc.co.uk", 8443, "/News", "x=1", "top")
    assert parse("https://bücher.ch/").host == "xn--bcher-kva.ch"


def test_schema_rejected_url_is_left_to_the_schema():
    assert lint(with_web_url("/news/technology-67521226"), "FM") == [
        (
            7,
            9,
            "FM105",
            'webUrl: "/news/technology-67521226" is not an absolute URL, '
            "like https://example.com/news/story",
        )
    ]


def test_url_of_the_wrong_type_is_left_to_the_schema():
    text = edit(RECORD, f'webUrl: "{WEB}"', "webUrl: 5")
    assert [code for _, _, code, _ in lint(text, "FM")] == ["FM103"]


# FM202 url-insecure


def test_http_fires():
    assert lint(with_web_url("http://www.bbc.co.uk/news/technology-67521226")) == [
        (
            7,
            9,
            "FM202",
            'webUrl: "http://www.bbc.co.uk/news/technology-67521226" uses plain http; '
            'write "https://www.bbc.co.uk/news/technology-67521226"',
        )
    ]


def test_http_amp_page_warns_once_and_its_c_cache_url_is_right():
    text = edit(RECORD, f'ampWebUrl: "{AMP}"', 'ampWebUrl: "http' + AMP[5:] + '"')
    text = edit(text, f'cdnAmpWebUrl: "{CDN}"', f'cdnAmpWebUrl: "{CDN.replace("/c/s/", "/c/")}"')
    assert lint(text) == [
        (
            8,
            12,
            "FM202",
            'ampWebUrl: "http://www.bbc.co.uk/news/technology-67521226.amp" uses plain http; '
            'write "https://www.bbc.co.uk/news/technology-67521226.amp"',
        )
    ]


def test_http_cache_url_beside_an_amp_page_is_fm203s():
    text = edit(RECORD, f'cdnAmpWebUrl: "{CDN}"', 'cdnAmpWebUrl: "http' + CDN[5:] + '"')
    assert [code for _, _, code, _ in lint(text)] == ["FM203"]


def test_https_is_quiet():
    assert lint(RECORD, "FM202") == []


# FM203 amp-cache-url


def test_wrong_cache_url_fires_and_shows_the_expected_url():
    wrong = "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/wrong"
    assert lint(edit(RECORD, CDN, wrong)) == [
        (
            9,
            15,
            "FM203",
            'cdnAmpWebUrl: "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co..." '
            f'is not the AMP cache URL of ampWebUrl; expected "{CDN}"',
        )
    ]


def test_cache_url_of_an_http_page_has_no_s():
    text = edit(RECORD, f'ampWebUrl: "{AMP}"', 'ampWebUrl: "http' + AMP[5:] + '"')
    assert [(line, code) for line, _, code, _ in lint(text)] == [(8, "FM202"), (9, "FM203")]
    assert lint(text, "FM203")[0][3].endswith(f'expected "{CDN.replace("/c/s/", "/c/")}"')


def test_wrong_cache_url_in_related_fires():
    text = edit(RECORD, "amp-theguardian-com.cdn", "amp.theguardian-com.cdn")
    found = lint(text)
    assert [(line, column, code) for line, column, code, _ in found] == [(34, 19, "FM203")]
    assert found[0][3].startswith("related[0].cdnAmpWebUrl: ")
    assert (
        'expected "https://amp-theguardian-com.cdn.ampproject.org/c/s/amp.theguardian'
        in (found[0][3])
    )


def test_cache_url_host_case_does_not_matter():
    upper = CDN.replace("www-bbc-co-uk.cdn.ampproject.org", "WWW-BBC-CO-UK.CDN.AMPPROJECT.ORG")
    assert lint(edit(RECORD, CDN, upper)) == []


def test_cache_url_with_a_bad_amp_url_is_fm201s():
    text = edit(RECORD, f'ampWebUrl: "{AMP}"', 'ampWebUrl: "htps' + AMP[5:] + '"')
    assert [code for _, _, code, _ in lint(text)] == ["FM201"]


# The AMP project's documented examples (amp.dev "AMP Cache URL Format") and the AMP toolbox's
# test vectors (ampproject/amp-toolbox packages/cache-url/spec/AmpUrlSpec.js).
@pytest.mark.parametrize(
    ("host", "prefix"),
    [
        ("example.com", "example-com"),
        ("foo.example.com", "foo-example-com"),
        ("foo-example.com", "foo--example-com"),
        ("xn--57hw060o.com", "xn---com-p33b41770a"),  # ⚡😊.com
        ("en-us.example.com", "0-en--us-example-com-0"),
        ("in--example.com", "0-in----example-com-0"),
        ("SOMETHING.COM", "something-com"),
        ("hello--world.com", "hello----world-com"),
        ("www.bbc.co.uk", "www-bbc-co-uk"),
        # bücher.ch: the toolbox's vector; 'bücher-ch' punycode-encodes to 'bcher-ch-65a'
        # ('bcher-kva' is 'bücher' alone).
        ("xn--bcher-kva.ch", "xn--bcher-ch-65a"),
        ("bücher.ch", "xn--bcher-ch-65a"),
        # Wholly right-to-left is readable; mixed with left-to-right it falls back to the hash.
        (
            "xn--4gbrim.xn----rmckbbajlc6dj7bxne2c.xn--wgbh1c",
            "xn-------i5fvcbaopc6fkc0de0d9jybegt6cd",
        ),
        (
            "hello.xn--4gbrim.xn----rmckbbajlc6dj7bxne2c.xn--wgbh1c",
            "a6h5moukddengbsjm77rvbosevwuduec2blkjva4223o4bgafgla",
        ),
        # Longer than a DNS label: the base32 SHA-256 fallback, 52 characters.
        (
            "itwasadarkandstormynight.therainfellintorrents.exceptatoccasionalintervals"
            "whenitwascheckedby.aviolentgustofwindwhichsweptupthestreets.com",
            "dgz4cnrxufaulnwku4ow5biptyqnenjievjht56hd7wqinbdbteq",
        ),
        ("toplevelnohyphens", "qsgpfjzulvuaxb66z77vlhb5gu2irvcnyp6t67cz6tqo5ae6fysa"),
        ("no-dot-domain", "4lxc7wqq7b25walg4rdiil62veijrmqui5z3ept2lyfqqwpowryq"),
    ],
)
def test_amp_cache_subdomain(host, prefix):
    assert amp_cache_subdomain(host) == prefix


def test_fallback_starts_where_the_label_passes_63_characters():
    fits = "a" * 30 + "." + "b" * 28 + ".com"  # 30 + 1 + 28 + 1 + 3 = 63 characters
    assert amp_cache_subdomain(fits) == "a" * 30 + "-" + "b" * 28 + "-com"
    over = "a" * 30 + "-" + "b" * 28 + ".com"  # 63 characters, 64 once '-' is doubled
    fallback = amp_cache_subdomain(over)
    assert len(fallback) == 52 and fallback.isalnum() and fallback.islower()


@pytest.mark.parametrize(
    ("page", "cache"),
    [
        (
            "https://www.example.com",
            "https://www-example-com.cdn.ampproject.org/c/s/www.example.com",
        ),
        ("http://www.example.com", "https://www-example-com.cdn.ampproject.org/c/www.example.com"),
        (
            "https://www.example.com/index.html",
            "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/index.html",
        ),
        (
            "http://www.example.com/index.html",
            "https://www-example-com.cdn.ampproject.org/c/www.example.com/index.html",
        ),
        (
            "https://example.com/g?value=Hello%20World",
            "https://example-com.cdn.ampproject.org/c/s/example.com/g?value=Hello%20World",
        ),
        (
            "https://amp.dev/documentation/examples/api/query?value=Hello%20World",
            "https://amp-dev.cdn.ampproject.org/c/s/amp.dev/documentation/examples/api/query"
            "?value=Hello%20World",
        ),
        (AMP, CDN),
        (
            "HTTPS://WWW.BBC.CO.UK/News",
            "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/News",
        ),
    ],
)
def test_amp_cache_url(page, cache):
    assert amp_cache_url(page) == cache


@pytest.mark.parametrize(
    "page",
    [AMP, "http://www.example.com/index.html", "https://example.com/g?value=Hello%20World#top"],
)
def test_amp_page_url_inverts_amp_cache_url(page):
    assert amp_page_url(amp_cache_url(page)) == page


@pytest.mark.parametrize(
    "cache",
    ["https://x-com.cdn.ampproject.org/i/s/x.com/a.png", "https://x-com.cdn.ampproject.org/c/s/"],
)
def test_amp_page_url_of_something_else_is_none(cache):
    assert amp_page_url(cache) is None


def corpus_pairs() -> list[tuple[str, str, str]]:
    files = [*sorted(CORPUS.glob("*.md")), SEED, *sorted(VALID.glob("*.md"))]
    pairs = []
    for path in files:
        record = yaml.safe_load(frontmatter.split(path.read_text(encoding="utf-8")).yaml)
        holders = [record, *[r for r in record.get("related") or [] if isinstance(r, dict)]]
        for holder in holders:
            if "ampWebUrl" in holder or "cdnAmpWebUrl" in holder:
                pairs.append((path.name, holder.get("ampWebUrl"), holder.get("cdnAmpWebUrl")))
    return pairs


@needs_corpus
def test_every_pair_of_the_corpus_agrees():
    pairs = corpus_pairs()
    assert len(pairs) == 29  # 22 in the corpus, 2 in the seed, 5 in examples/valid
    for name, amp, cdn in pairs:
        assert amp_cache_url(amp) == cdn, name
        assert amp_page_url(cdn) == amp, name


# FM204 amp-pair-incomplete


def test_amp_url_alone_fires_on_its_key_and_names_the_cache_url():
    text = edit(RECORD, f'cdnAmpWebUrl: "{CDN}"\n', "")
    assert lint(text) == [
        (8, 1, "FM204", f'ampWebUrl has no cdnAmpWebUrl beside it; add cdnAmpWebUrl: "{CDN}"')
    ]


def test_cache_url_alone_fires_and_names_the_amp_page():
    text = edit(RECORD, f'ampWebUrl: "{AMP}"\n', "")
    assert lint(text) == [
        (8, 1, "FM204", f'cdnAmpWebUrl has no ampWebUrl beside it; add ampWebUrl: "{AMP}"')
    ]


def test_cache_url_alone_that_is_no_cache_url():
    text = edit(RECORD, f'ampWebUrl: "{AMP}"\n', "")
    text = edit(text, CDN, "https://www-bbc-co-uk.cdn.ampproject.org/v/s/www.bbc.co.uk/news/x")
    assert lint(text) == [
        (
            8,
            1,
            "FM204",
            "cdnAmpWebUrl has no ampWebUrl beside it; add the ampWebUrl or remove the cdnAmpWebUrl",
        )
    ]


def test_pair_incomplete_in_related():
    line = next(x for x in RECORD.splitlines(keepends=True) if x.startswith("    cdnAmpWebUrl: "))
    found = lint(edit(RECORD, line, ""))
    assert [(line, column) for line, column, _, _ in found] == [(33, 5)]
    assert found[0][3].startswith(
        'related[0].ampWebUrl has no cdnAmpWebUrl beside it; add cdnAmpWebUrl: "https://'
        "amp-theguardian-com.cdn.ampproject.org/c/s/amp.theguardian.com/global-development/"
    )


def test_neither_or_both_is_quiet():
    text = edit(RECORD, f'ampWebUrl: "{AMP}"\n', "")
    text = edit(text, f'cdnAmpWebUrl: "{CDN}"\n', "")
    assert lint(text) == []
    assert lint(RECORD, "FM204") == []


# FM205 url-domain-mismatch


def test_web_url_on_another_site_fires():
    text = with_web_url("https://www.theguardian.com/technology/2023/nov/27/ai-images")
    assert lint(text) == [
        (
            7,
            9,
            "FM205",
            'webUrl: "https://www.theguardian.com/technology/2023/nov/27/ai-i..." is on '
            "theguardian.com, not on the provider's domain bbc.co.uk (provider.domain); "
            "if one publisher owns both, add them to sister-domains",
        )
    ]


def test_related_url_is_judged_against_its_own_provider():
    text = edit(RECORD, "      domain: theguardian.com", "      domain: bbc.com")
    found = lint(text)
    assert [(line, column, code) for line, column, code, _ in found] == [
        (32, 13, "FM205"),
        (33, 16, "FM205"),
    ]
    assert found[1][3] == (
        'related[0].ampWebUrl: "https://amp.theguardian.com/global-development/2023/nov..." is on '
        "theguardian.com, not on the provider's domain bbc.com (related[0].provider.domain); "
        "if one publisher owns both, add them to sister-domains"
    )


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("feeds.bbc.co.uk", "bbc.co.uk"),
        ("bbc.co.uk", "bbc.co.uk"),
        ("www.bbc.co.uk", "www.bbc.co.uk"),
        ("amp.theguardian.com", "theguardian.com"),
        ("abcnews.go.com", "abcnews.go.com"),
        ("smartableai.github.io", "smartableai.github.io"),
        ("www.bbc.co.uk", "BBC.co.uk"),
    ],
)
def test_same_registrable_domain_is_quiet(host, domain):
    text = RECORD.replace("https://www.bbc.co.uk/", f"https://{host}/")
    text = edit(text, "  domain: bbc.co.uk", f"  domain: {domain}")
    assert lint(text, "FM205") == []


def test_registrable_domain():
    assert registrable_domain("www.bbc.co.uk") == "bbc.co.uk"
    assert registrable_domain("amp.theguardian.com") == "theguardian.com"
    assert registrable_domain("co.uk") is None


def test_video_on_youtube_is_quiet_but_an_article_on_youtube_is_not():
    assert lint(VIDEO) == []
    text = edit(
        RECORD, f'originalUrl: "{WEB}"', 'originalUrl: "https://youtube.com/watch?v=q7XbN2cVd4M"'
    )
    assert lint(text) == [
        (
            6,
            14,
            "FM205",
            'originalUrl: "https://youtube.com/watch?v=q7XbN2cVd4M" is on youtube.com, not on '
            "the provider's domain bbc.co.uk (provider.domain); if one publisher owns both, "
            "add them to sister-domains",
        )
    ]


@pytest.mark.parametrize("domain", ['"https://bbc.co.uk"', "bbc", '"bbc.co.uk/news"', "5"])
def test_provider_domain_that_is_no_domain_is_not_judged(domain):
    text = edit(RECORD, "  domain: bbc.co.uk", f"  domain: {domain}")
    assert lint(text, "FM205") == []


# FM206 image-url-not-image


def test_page_url_without_extension_as_image_is_no_evidence():
    """Image services serve pictures from addresses of any shape: offline, fmlint stays silent."""
    assert lint(edit(RECORD, f'- url: "{BBC_IMAGE}"', f'- url: "{WEB}"')) == []


def test_placeholder_image_fires():
    dinosaur = "https://www.youtube.com/img/desktop/supported_browsers/dinosaur.png"
    assert lint(edit(RECORD, f'- url: "{BBC_IMAGE}"', f'- url: "{dinosaur}"')) == [
        (
            23,
            10,
            "FM206",
            'images[0].url: "https://www.youtube.com/img/desktop/supported_browsers/..." is '
            "YouTube's 'unsupported browser' placeholder, not a picture of the story",
        )
    ]


def test_sister_domains_belong():
    bbc_com = with_web_url("https://www.bbc.com/news/technology-67521226")
    assert codes(bbc_com) == []  # one first label: bbc.com and bbc.co.uk
    toi = edit(
        with_web_url("https://m.timesofindia.com/business/story.cms"),
        "domain: bbc.co.uk",
        "domain: indiatimes.com",
    )
    # the default group: webUrl (line 7) belongs; originalUrl and ampWebUrl stay on bbc.co.uk
    assert [d.line for d in diagnostics(toi) if d.code == "FM205"] == [6, 8]
    groups = {"sister-domains": [["bbc.co.uk", "theguardian.com"]]}
    guardian = with_web_url("https://www.theguardian.com/technology/2023/nov/27/ai-images")
    assert codes(guardian) == ["FM205"]
    assert codes(guardian, groups) == []


def test_known_image_host_does_not_excuse_a_page():
    text = edit(
        RECORD, f'- url: "{BBC_IMAGE}"', '- url: "https://ichef.bbci.co.uk/news/index.html"'
    )
    assert lint(text) == [
        (
            23,
            10,
            "FM206",
            "images[0].url: \"https://ichef.bbci.co.uk/news/index.html\" ends in '.html', "
            "which is a web page, not a picture",
        )
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://i.ytimg.com/vi/q7XbN2cVd4M/maxresdefault.jpg",
        "https://i.guim.co.uk/img/media/b272/0_347_5200_3119/master/5200.jpg?width=620&s=d07f",
        BBC_IMAGE,
        "https://ichef.bbci.co.uk/ace/standard/976/cpsprodpb/1234/production/_1_image.png.webp",
        "https://cdn2.psychologytoday.com/assets/public/teaser_image/a%20%283%29.png.jpg?itok=-P",
        "https://th-i.thgim.com/public/incoming/s7bnqg/article67569502.ece/alternates/FREE_1200/A.JPG",
        "https://static.toiimg.com/photo/105464858.cms",
        "https://i0.wp.com/indiaeducationdiary.in/wp-content/uploads/2020/08/Image-IED",
        "https://img-s-msn-com.akamaized.net/tenant/amp/entityid/AA1aBcD.img?h=0&w=720&m=6",
        "https://g.foolcdn.com/image/?url=https%3A%2F%2Fg.foolcdn.com%2Feditorial%2Fa.jpg",
        "https://www.washingtonpost.com/wp-apps/imrs.php?src=https://x.example/a.jpg&w=1440",
        "https://example.com/image.php?id=3",
        "https://www.bbc.co.uk/news/technology-67521226",
        "https://www.rawstory.com/wp-content/uploads/2020/05/confederate_dinosaur-758x430.jpg",
        "https://publicintegrity.org/wp-content/uploads/2020/05/2-croppedB-1170x600-c-default.jpg",
        "https://images.unsplash.com/photo-1518770660439-4636190af475?fm=jpg&w=1080",
        "https://example.com/image?id=3&format=webp",
        "https://www.zdnet.com/a/img/resize/04c0ab9db0a1944578f005d794d90370a11893b4/2022/05/09/x",
        "https://media.itpro.co.uk//image/upload/f_auto,t_primary-image-mobile@1/v1629795010/itpro/x",
        "https://powerusers.microsoft.com/t5/image/serverpage/image-id/182921i56FF007C4C1F11A3",
        "https://everyday-cc.github.io/powerapps/assets/images/organizations/bbc.co.uk-50x50.jpg",
    ],
)
def test_images_that_look_like_images(url):
    assert image_problem(parse(url)) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.bbc.co.uk/",
        "https://i.ytimg.com/",
        "https://i.ytimg.com/vi/q7XbN2cVd4M/embed.js",
        "https://example.com/video.mp4",
        "https://example.com/story.HTML?id=3",
        "https://ad.doubleclick.net/ddm/trackimp/N1234.5/B6;ord=1",
        "https://www.youtube.com/img/desktop/supported_browsers/dinosaur.png",
        "https://s4.reutersmedia.net/resources_v3/images/rcom-default.png",
        "https://static01.nyt.com/newsgraphics/images/icons/defaultPromoCrop.png",
        "https://d29xw9s9x32j3w.cloudfront.net/players/library/placeholder.png",
    ],
)
def test_urls_that_are_no_images(url):
    assert image_problem(parse(url)) is not None


def test_page_url_keys_are_not_judged_as_images():
    assert lint(with_web_url("https://www.bbc.co.uk/news/photo.jpg")) == []


# The real records: no URL errors; the only warnings are publishers' placeholder pictures (the
# Times of India AMP page of an indiatimes.com provider is a sister domain).


@needs_corpus
def test_corpus_gets_only_placeholder_warnings():
    results = validator.lint_paths([CORPUS, SEED])
    found = [d for d in results.diagnostics if d.code.startswith("FM2")]
    assert {d.code for d in found} == {"FM206"}
    assert len(found) == 8
    assert all("placeholder picture ('" in d.message for d in found)
    assert {d.message.split("('")[1].split("')")[0] for d in found} == {
        "social-default-image.png",  # powerapps.microsoft.com's share image, 7 records
        "Default-Image-IED.png",  # India Education Diary's
    }


@needs_corpus
def test_every_image_url_of_the_corpus_is_a_picture_or_a_placeholder():
    seen = 0
    for path in [
        *sorted(CORPUS.glob("*.md")),
        *sorted((CORPUS.parent / "other-collections").glob("*.md")),
        SEED,
    ]:
        record = yaml.safe_load(frontmatter.split(path.read_text(encoding="utf-8")).yaml)
        if not isinstance(record, dict):
            continue
        for where, url in urls(record):
            if where[-1] == "url" and not url.startswith("/"):  # events: site paths
                seen += 1
                parsed = parse(url)
                assert not isinstance(parsed, str), (path.name, url)
                problem = image_problem(parsed)
                assert problem is None or "placeholder" in problem, (path.name, url)
    assert seen > 200


def test_the_fast_path_of_parse_agrees_with_the_full_one():
    """`parse` reads plain URLs without urlsplit; for every URL it must say what the full
    reading says (the corpus's URLs, and random strings built from URL pieces)."""
    import random

    from validator.rules.urls import _parse_slowly

    pieces = [*"aZ09.-_~!$&'()*+,;=:@/?#%[] é\\\"<>{}|^`", "%2f", "https://", "http://"]
    pieces += [":80", ":0", ":99999", "x.com", "www.bbc.co.uk", "#f", "?q=1", "//", "HTTP://"]
    rng = random.Random(1)
    candidates = [WEB, AMP, CDN, BBC_IMAGE, "https://x.com", "https://x.com:8080/a?b#c"]
    candidates += [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(20000)
    ]
    hosts = [
        "www.bbc.co.uk",
        "x.com",
        "a-b.example.org",
        "ex--ample.com",
        "-x.com",
        "x.c0m",
        "X.COM",
    ]
    tails = ["", "/", "/a/b.jpg", "/a?w=1&h=2", "/#x", "/a%20b", "/a%zz", "?q", "/é", "/a b", "/@x"]
    for _ in range(2000):
        port = rng.choice(["", ":80", ":0", ":65535", ":65536"])
        scheme = rng.choice(["https", "http", "HTTPS"])
        candidates.append(f"{scheme}://{rng.choice(hosts)}{port}{rng.choice(tails)}")
    fast = 0
    for url in candidates:
        assert parse.__wrapped__(url) == _parse_slowly(url), url
        fast += _PLAIN_URL_SHAPE(url)
    assert fast > 100  # the fast path was taken, not only the slow one


def _PLAIN_URL_SHAPE(url: str) -> bool:
    from validator.rules.urls import _PLAIN

    return _PLAIN(url) is not None
