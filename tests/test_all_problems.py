"""A record with every kind of problem at once: each finding at its own line, in line order."""

from __future__ import annotations

from datetime import datetime, timezone

from validator.rules import RuleOptions
from validator.run.linter import Linter

RECORD = """\
---
category: news
title: " Copilot arrives in Power Apps"
excerpt: "   "
publishedDateTime: 2023-11-27 16:07:00Z
originalUrl: "htps://www.bbc.co.uk/news/technology-67521226"
webUrl: "http://www.bbc.co.uk/news/technology-67521226"
ampWebUrl: "https://www.bbc.co.uk/news/technology-67521226.amp"
cdnAmpWebUrl: "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/wrong.amp"
type: article
quality: "57"
heat: -1
published: true
provider:
  name: BBC
  domain: bbc.co.uk
topics:
  - AI
  - AI
images:
  - url: "https://ichef.bbci.co.uk/news/1024/branded_news/a.jpg"
    width: 1100
    height: 20000
  - url: "https://ichef.bbci.co.uk/news/1024/branded_news/a.jpg"
    width: 1024
    height: 50
related:
  - title: "Related story"
    excerpt: "x"
    publishedDateTime: 2090-01-01T00:00:00Z
    webUrl: "https://www.theguardian.com/a"
    type: article
    provider:
      name: The Guardian
      domain: theguardian.com
    quality: 5
  - title: "Older story"
    excerpt: "x"
    publishedDateTime: 1990-01-01T00:00:00Z
    webUrl: "https://www.theguardian.com/a"
    type: article
    provider:
      name: The Guardian
      domain: theguardian.com
    quality: 5
secured: "not base64"
remvoed: false
writer: "v2"
---
"""

EXPECTED = [
    (3, 8, "FM502"),
    (4, 10, "FM501"),
    (5, 20, "FM303"),
    (6, 14, "FM201"),
    (7, 9, "FM202"),
    (9, 15, "FM203"),
    (11, 10, "FM103"),
    (13, 12, "FM506"),
    (19, 5, "FM503"),
    (22, 12, "FM403"),
    (23, 13, "FM401"),  # an absurd height: the aspect-ratio rule leaves this image alone
    (24, 10, "FM404"),
    (25, 12, "FM402"),  # on the width's value
    (30, 24, "FM301"),
    (39, 24, "FM302"),
    (40, 13, "FM507"),
    (46, 10, "FM504"),
    (47, 1, "FM101"),  # a near miss of `removed`, which is then missing
    (48, 1, "FM110"),  # a key the schema does not describe: a warning
]


def test_every_problem_is_reported_at_its_line_in_order():
    now = datetime(2024, 1, 1, tzinfo=timezone.utc)
    diagnostics = Linter(options=RuleOptions(now=now)).lint_text(RECORD, "all.md").diagnostics
    found = [(d.line, d.column, d.code) for d in diagnostics]
    assert found == sorted(found)
    assert found == EXPECTED
