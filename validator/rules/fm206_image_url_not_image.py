"""An image URL is certainly not a picture of the story.

A picture's URL (where the schema marks a picture, `"x-fmlint-role": "picture"`: in an article,
the `url` of an image or provider logo, `images[i].url`, `provider.images[i].url`, and inside
`related`) should point at the story's picture. The rule runs wherever there is a schema, on
absolute URLs (a path on the site or a relative file name is not judged), and reports only on
positive evidence, so that it never cries wolf: image services serve pictures from addresses of
every shape, many
without a file extension (`img-s-msn-com.akamaized.net/...img?`, `g.foolcdn.com/image/?url=`,
`o.aolcdn.com/images/dims?`, `images.barrons.com/im-NNN/social`, `thumbor.forbes.com`,
`www.washingtonpost.com/wp-apps/imrs.php?src=`), and such a URL passes. It reports:

- a file that is something else: a page (`.html`), a script or data file (`.js`, `.json`), a
  document (`.pdf`), a video or sound file (`.mp4`, `.m3u8`), a font. Dynamic pages (`.php`,
  `.aspx`, `.ashx`) are no evidence: image services answer from them;
- an ad server (`doubleclick.net`, `googlesyndication.com`, ...), which serves advertisements;
- a placeholder that stands in for a missing picture: YouTube's "unsupported browser" dinosaur
  (`www.youtube.com/img/desktop/supported_browsers/dinosaur.png`, the picture of 114 diablo4
  records) and publishers' default share images, whose file name says `default` or
  `placeholder` (`rcom-default.png`, `defaultPromoCrop.png`, `placeholder.png`).

Severity: warning. Offline, fmlint cannot fetch the picture; the evidence is in the URL.
With `--online` the picture's own answer replaces the guess: what the URL really serves is
FM405's (not a picture) or FM207's (dead) to say, and only the placeholder part of this rule
stays, since a placeholder is a real picture.

Bad:

    images:
      - url: "https://www.bbc.co.uk/news/technology-67521226.html"

    images:
      - url: "https://www.youtube.com/img/desktop/supported_browsers/dinosaur.png"

Good:

    images:
      - url: "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_131809931_mediaitem131809929.jpg"
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .images import image_problem, placeholder
from .urls import parse, show

CODE = "FM206"
NAME = "image-url-not-image"
SEVERITY = WARNING
APPLIES_TO = "schema"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    for path, url in walk.urls:
        if not walk.is_picture(path) or context.rejected(path):
            continue
        parsed = parse(url)
        if isinstance(parsed, str):
            continue  # FM201's
        problem = placeholder(parsed) if _verified(context, url) else image_problem(parsed)
        if problem:
            yield Finding(CODE, f"{format_path(path)}: {show(url, 60)} {problem}", path)


def _verified(context, url: str) -> bool:
    """The network answered for this picture and a rule that judges the answer runs: the
    guess from the URL is moot (one problem, one finding)."""
    found = context.answer(url)
    if found is None:
        return False
    verdict = context.online.verdict(found)
    if verdict == "dead":
        return context.runs("FM207")
    return (
        verdict == "ok"
        and (found.image is not None or bool(found.not_picture))
        and (found.image is not None or context.runs("FM405"))
    )
