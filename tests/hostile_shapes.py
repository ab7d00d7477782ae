"""Hostile or just large front matter, one builder per shape of issue 11 (time and memory).

Each builder takes `n`, the number of repeated parts (entries, lines, characters), and returns a
whole file's text: a valid record (the seed's fields) with one part repeated `n` times, so the
findings are those of that part. Shared by `tests/test_growth.py` (growth at n and 4n),
`tests/test_bad_input.py` and `benchmarks/hostile.py` (each shape at 10 MB); `pad` lengthens each
part, so that a 10 MB file stays under the document's value budget (`document.MAX_NODES`).
"""

from __future__ import annotations

_FIELDS = (
    "category: news\n"
    'title: "Children making AI-generated child abuse images, says charity"\n'
    'excerpt: "Children are making indecent images of other children using AI image generators."\n'
    "publishedDateTime: 2023-11-27T16:07:00Z\n"
    'originalUrl: "https://www.bbc.co.uk/news/technology-67521226"\n'
    'webUrl: "https://www.bbc.co.uk/news/technology-67521226"\n'
    'ampWebUrl: "https://www.bbc.co.uk/news/technology-67521226.amp"\n'
    'cdnAmpWebUrl: "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/'
    'technology-67521226.amp"\n'
    "type: article\nquality: 57\nheat: 67\npublished: false\n"
    "provider:\n  name: BBC\n  domain: bbc.co.uk\n"
    'secured: "Tboza6osc7iJl9Bl/gf7rxhbr6jNPlaCzVt76OwcgwZJRbct2wzfK4VdLDW8q9btN/OJ3bBocePGFw2JCV'
    "MTBqWmnR0TXhb/jl89gnmD3sH+FHPxN5U8uoow7UcLCNXmNx8QTopGYMqFpZqUO1jwoOgoWXXLc7XJFbuz6qJy4edFWS4u3B5yRn"
    "VZM8WhQl0SFTVljGdGeYfBMJU8GmzxyBmXRC4zf4Hnlj8KIJX/ZaJ6A8oqjuGOYEa8ZhE17UPdQzc0bErwFh69/7Vbnuw"
    "XyLn5H/BgdrLqCZwdpLZgghcUl+9qxKD+xSp+GEmqrYgdl8K/YRuZrzXQFgbd+pYm2l5wsoRe4xpYxCVtnqfVD+o=;uhaHxG"
    '2U0wSdCJfjqE6BaA=="\n'
)
_TOPICS = "topics:\n  - AI\n"
_IMAGES = (
    "images:\n"
    '  - url: "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_131809931.jpg"\n'
    "    width: 1024\n    height: 576\n    isCached: true\n"
)
_FOOT = "---\nbody\n"


def record(*, fields: str = _FIELDS, topics: str = _TOPICS, images: str = _IMAGES, rest="") -> str:
    return f"---\n{fields}{topics}{images}{rest}{_FOOT}"


def _related(i: int, date: str, url: str, pad: str) -> str:
    return (
        f'  - title: "UK school pupils using AI {i}{pad}"\n'
        '    excerpt: "Protection groups call for urgent action"\n'
        f"    publishedDateTime: {date}\n"
        f'    webUrl: "{url}"\n'
        "    type: article\n"
        "    provider:\n      name: The Guardian\n      domain: theguardian.com\n"
        "    quality: 56\n"
    )


def related_bad_dates(n: int, pad: int = 0) -> str:
    """`related` entries whose dates are wrong (the schema's FM105 on each; rules defer)."""
    text = "x" * pad
    entries = "".join(
        _related(i, f'"2023-13-{i % 90:02d}"', f"https://www.theguardian.com/a/{i}", text)
        for i in range(n)
    )
    return record(rest=f"related:\n{entries}")


def related_bad_urls(n: int, pad: int = 0) -> str:
    """`related` entries whose URLs are wrong in different ways (FM201, FM105, FM202, FM507)."""
    text = "x" * pad
    bad = (
        "htp://www.theguardian.com/a{i}",
        "https://www.theguard ian.com/{i}",
        "/relative/{i}",
        "http://www.theguardian.com/{i}",
        "https://www.theguardian.com/same",
    )
    entries = "".join(
        _related(i, "2023-11-27T04:02:00Z", bad[i % len(bad)].format(i=i), text) for i in range(n)
    )
    return record(rest=f"related:\n{entries}")


def image_findings(n: int, pad: int = 0) -> str:
    """Images that are too large, oddly shaped, mis-sized and repeated (FM401-FM404)."""
    path = "p" * pad
    entries = "".join(
        f'  - url: "https://img.example.com/{i % 50}/{path}x.jpg?w=100"\n'
        f"    width: {(20000, 1000, 300)[i % 3] + i % 7}\n    height: {1 + i % 3}\n"
        for i in range(n)
    )
    return record(images=f"images:\n{entries}")


def suppressions(n: int, pad: int = 0) -> str:
    """`n` related titles with a finding each (FM502), each silenced by a comment on its line;
    every fourth comment names another code, so it silences nothing (FM020) and the finding
    stays."""
    text = "t" * pad
    entries = "".join(
        _related(i, "2023-11-27T04:02:00Z", f"https://www.theguardian.com/a/{i}", text).replace(
            f'{i}{text}"\n',
            f'{i}{text} "  # fmlint: disable={"FM401" if i % 4 == 3 else "FM502"}\n',
            1,
        )
        for i in range(n)
    )
    return record(rest=f"related:\n{entries}")


def unclosed_quote(n: int, pad: int = 0) -> str:
    """A string that is never closed, then `n` short lines without a key, then the next key:
    libyaml fails there, and the heuristic looks back for the quote that is missing its pair."""
    line = "a" * (1 + pad)
    excerpt = _FIELDS.split("\n")[2]
    fields = _FIELDS.replace(excerpt, f'excerpt: "never closed\n{(line + chr(10)) * n}')
    return record(fields=fields)


def long_url(n: int, pad: int = 0) -> str:
    """A `webUrl` of `n` characters, and an `originalUrl` as long with a space in it."""
    del pad
    half = "b" * (n // 2)
    fields = _FIELDS.replace(
        'originalUrl: "https://www.bbc.co.uk/news/technology-67521226"',
        f'originalUrl: "https://www.bbc.co.uk/{half} {half}"',
    ).replace(
        'webUrl: "https://www.bbc.co.uk/news/technology-67521226"\n',
        f'webUrl: "https://www.bbc.co.uk/{"a" * n}"\n',
    )
    return record(fields=fields)


SHAPES = {
    "related-bad-dates": related_bad_dates,
    "related-bad-urls": related_bad_urls,
    "image-findings": image_findings,
    "suppressions": suppressions,
    "unclosed-quote": unclosed_quote,
    "long-url": long_url,
}
