"""Every default severity follows the README's policy: an error means a consumer breaks."""

from __future__ import annotations

from validator.codes import all_codes

# Each error code, and what breaks for a consumer of the record (the site, the feed, a crawler).
BREAKS = {
    "FM001": "no front matter: the site has no record",
    "FM002": "an unclosed fence: the whole file is front matter or none",
    "FM003": "no keys: no record",
    "FM004": "not a mapping: templates read keys",
    "FM005": "YAML that does not parse",
    "FM006": "a tab in indentation: YAML does not parse",
    "FM007": "a duplicate key: one value is silently lost",
    "FM008": "a tag: parsers construct objects or refuse",
    "FM009": "an alias bomb: parsers exhaust memory",
    "FM010": "absurd nesting: parsers exhaust the stack",
    "FM011": "not UTF-8 text: the site cannot read it",
    "FM101": "a key the schema forbids, or a misspelt one whose real key is missing",
    "FM102": "a required key is missing",
    "FM103": "a value of the wrong type",
    "FM104": "a value the templates do not know",
    "FM105": "a date that is not a date, a URL that is not a URL",
    "FM106": "a number out of its domain (an image size below 1)",
    "FM107": "a string that breaks its contract (an empty title)",
    "FM108": "a list that breaks its contract (no topic)",
    "FM109": "a key that kind of record may not have (a video's webUrl)",
    "FM199": "any other rule of the schema",
    "FM201": "a URL that is not an absolute http(s) URL with a valid host",
    "FM203": "an AMP cache URL that serves another page",
    "FM207": "a link that no longer opens (404, 410, a name that does not resolve; --online)",
    "FM303": "a date-time not in RFC 3339, which feeds require",
    "FM304": "a date in no layout the generator reads, or a day that does not exist",
    "FM405": "an image URL that serves a page or a video: a broken picture (--online)",
    "FM406": "a declared size that is not the picture's: the wrong space reserved (--online)",
    "FM407": "a picture file the site does not hold: a broken picture, or a failed build",
    "FM408": "a declared size that is not the site's picture file's: the wrong space reserved",
    "FM504": "a secured payload the site cannot decrypt",
}


def test_errors_are_exactly_what_breaks_a_consumer():
    errors = {code.code for code in all_codes() if code.severity == "error"}
    assert errors == set(BREAKS)


def test_site_conventions_and_guesses_are_warnings():
    warnings = {code.code for code in all_codes() if code.severity == "warning"}
    # published/heat threshold, sister domains, offline image guesses, plausibility, style
    assert {"FM505", "FM506", "FM205", "FM206", "FM403", "FM301", "FM302", "FM401"} <= warnings
    assert {"FM110", "FM202", "FM501", "FM502", "FM507"} <= warnings
    # the link works through a detour, or fmlint could not tell (--online)
    assert {"FM208", "FM209"} <= warnings
    # front matter fmlint cannot evaluate (`---js`): the generator may read it, fmlint cannot tell
    assert "FM012" in warnings
