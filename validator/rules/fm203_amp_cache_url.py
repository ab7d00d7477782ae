"""cdnAmpWebUrl is not the AMP cache URL of ampWebUrl.

`cdnAmpWebUrl` is the Google AMP Cache address of the page at `ampWebUrl`, and it is fully
determined by it; in the real records the two always agree (53,682 pairs counted upstream;
the 22 pairs of the corpus here and the seed's 2 are checked by the tests). A different value
is a link to a page the cache does not have, or to another page.
The cache URL is derived by the AMP project's documented rule:

- the subdomain: punycode-decode the host, double every `-`, turn every `.` into `-`, wrap the
  result in `0-` ... `-0` when its characters 3 and 4 are `--`, punycode-encode (`www.bbc.co.uk`
  -> `www-bbc-co-uk`, `en-us.example.com` -> `0-en--us-example-com-0`); when that is longer
  than a DNS label (63 characters), mixes left-to-right and right-to-left letters, or the host
  has no dot, the subdomain is instead the SHA-256 of the host in lower-case base32 (52
  characters);
- then `.cdn.ampproject.org`, and the path `/c/s/` for an https page (`/c/` for http) followed
  by the page's host (and port, if any), path, query and fragment.

The message shows the expected URL. The pair is checked in the record and in each `related`
entry; when either URL is itself invalid, FM201 (or the schema) reports that instead. Hosts are
compared without regard to case. Runs where the schema marks the pair (`"x-fmlint-role":
"amp-page"` and `"amp-cache"`, as the article schema does for `ampWebUrl` and `cdnAmpWebUrl`).

Bad:

    cdnAmpWebUrl: "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/wrong"

Good:

    cdnAmpWebUrl: "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/technology-67521226.amp"

Fix: safe; `--fix` replaces cdnAmpWebUrl with the derived URL.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import ERROR, Finding, Fix, format_path
from .amp import amp_cache_url
from .urls import parse, show

CODE = "FM203"
NAME = "amp-cache-url"
SEVERITY = ERROR
APPLIES_TO = "annotated"
FIX = "safe"


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    for base, item in walk.items:
        pages, caches = walk.in_item(base, item, "amp-page"), walk.in_item(base, item, "amp-cache")
        if not (pages and caches):
            continue
        (amp_path, amp), (cdn_path, cdn) = pages[0], caches[0]
        if not (isinstance(amp, str) and isinstance(cdn, str)):
            continue
        if context.rejected(amp_path) or context.rejected(cdn_path):
            continue
        if isinstance(parse(amp), str) or isinstance(parse(cdn), str):
            continue  # FM201's
        expected = amp_cache_url(amp)
        if _same(cdn, expected):
            continue
        yield Finding(
            CODE,
            f"{format_path(cdn_path)}: {show(cdn, 60)} is not the AMP cache URL of "
            f'{format_path(amp_path[len(base) :])}; expected "{expected}"',
            cdn_path,
            fix=Fix(cdn_path, f"write {expected}", expected),
        )


def _same(written: str, expected: str) -> bool:
    """Equal, but for the case of the scheme and the host (which name the same thing)."""
    if written == expected:
        return True
    head, _, tail = written.partition("://")
    host, slash, rest = tail.partition("/")
    return f"{head.lower()}://{host.lower()}{slash}{rest}" == expected
