"""A URL is not an absolute http or https URL with a valid host.

Every URL of a record is a link a reader or a crawler follows: each value whose schema says it
is a URL (`format: uri` or `iri`; `uri-reference` or `iri-reference` where it is absolute) and
each picture's location; in an article record `originalUrl`, `webUrl`, `ampWebUrl`,
`cdnAmpWebUrl`, the `url` of each image and provider logo, and the same inside `related`. A path
on the site (`/img/a.png`) is no absolute URL and is not judged. The schema's `uri` format
accepts anything shaped like a URI, so `javascript:alert(1)`, `htps://www.bbc.co.uk/...` or
`https://localhost/` pass it; this rule says what is wrong:

- a `javascript:` URL (it runs code instead of opening a page) or a misspelt `http`/`https`
  (`htps:`, `htttp:`); where the schema says the value is a web page or a picture (the article's
  page URLs, a picture at a `uri`/`iri`), also another scheme such as `ftp:` or `mailto:`, which
  is fine in any other URL (`mailto:` in a `link`);
- a relative URL, or `https:` without `//` and a host;
- a space or a control character anywhere in it;
- a user name or password before the host (`https://user:pw@example.com/`), which browsers
  warn about and which leaks credentials into the site;
- a port that is not a number from 1 to 65535;
- a host that is no public domain name: without a dot (`localhost`), an IP address, a label
  that is not letters, digits and inner hyphens (`ex_ample.com`, `-bad.com`, `a..b`), invalid
  IDNA punycode (`xn--zz.com`), a trailing dot, over 253 characters, or a top-level domain the
  Public Suffix List does not know (`bbc.co.ukk`).

Values the schema already rejected (FM105, e.g. a URL with a space or without a scheme) are
left to the schema's finding. Runs wherever there is a schema, on the values it says are URLs.

Bad:

    webUrl: "htps://www.bbc.co.uk/news/technology-67521226"

Good:

    webUrl: "https://www.bbc.co.uk/news/technology-67521226"
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import ERROR, Finding, format_path
from .urls import other_scheme, parse, show

CODE = "FM201"
NAME = "url-invalid"
SEVERITY = ERROR
APPLIES_TO = "schema"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    for path, url in walk.urls:
        if context.rejected(path):
            continue
        parsed = parse(url)
        if isinstance(parsed, str):
            if path in walk.open_urls and other_scheme(url):
                continue  # `mailto:` where any URL will do
            yield Finding(CODE, f"{format_path(path)}: {show(url)} {parsed}", path)
