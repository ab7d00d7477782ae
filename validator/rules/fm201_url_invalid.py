"""A URL is not an absolute http or https URL with a valid host.

Every URL of a record is a link a reader or a crawler follows: `originalUrl`, `webUrl`,
`ampWebUrl`, `cdnAmpWebUrl`, the `url` of each image and provider logo, and the same inside
`related`. The schema's `uri` format accepts anything shaped like a URI, so `javascript:alert(1)`,
`htps://www.bbc.co.uk/...` or `https://localhost/` pass it; this rule says what is wrong:

- a `javascript:` URL (it runs code instead of opening a page), another scheme such as `ftp:`
  or `mailto:`, or a misspelt `http`/`https` (`htps:`, `htttp:`);
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
left to the schema's finding.

Bad:

    webUrl: "htps://www.bbc.co.uk/news/technology-67521226"

Good:

    webUrl: "https://www.bbc.co.uk/news/technology-67521226"
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import ERROR, Finding, format_path
from .urls import parse, show

CODE = "FM201"
NAME = "url-invalid"
SEVERITY = ERROR
APPLIES_TO = "article"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    for path, url in context.record(record).urls:
        if context.rejected(path):
            continue
        parsed = parse(url)
        if isinstance(parsed, str):
            yield Finding(CODE, f"{format_path(path)}: {show(url)} {parsed}", path)
