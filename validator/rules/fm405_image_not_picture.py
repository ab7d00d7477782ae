"""An image URL serves no picture: an HTML page, a video, a sound or a document (`--online`).

With `--online`, each picture's URL (where the schema marks a picture; in an article each image
and logo URL, `images[i].url`, `provider.images[i].url`, also in `related`) is fetched as far as
the picture's header. When the site answers with a page (an
`text/html` content type, or a body that starts like HTML), a video, a sound or a text
document instead, a consumer shows a broken image: an error, naming what came back. A body
the image library cannot read under an `image/*` type (an SVG, a format it does not know) is
no finding: it may be a picture all the same. Runs wherever there is a schema.

This verified finding replaces FM206's guess from the URL (one problem, one finding); FM206's
placeholder warning stays, since a placeholder is a real picture.

Bad (the URL serves the article page):

    images:
      - url: "https://www.bbc.co.uk/news/technology-67521226"

Good:

    images:
      - url: "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_131809931_mediaitem131809929.jpg"
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import ERROR, Finding, format_path
from .fetched import answered
from .urls import show

CODE = "FM405"
NAME = "image-not-picture"
SEVERITY = ERROR
FIX = ""
ONLINE = True
APPLIES_TO = "schema"


def check(record: dict, context) -> Iterable[Finding]:
    walk = context.record(record)
    for path, url, found in answered(record, context):
        if (
            not walk.is_picture(path)
            or not found.not_picture
            or context.online.verdict(found) != "ok"
        ):
            continue
        kind = found.content_type.split(";", 1)[0].strip()
        typed = f" ({show(kind, 40)})" if kind else ""
        yield Finding(
            CODE,
            f"{format_path(path)}: {show(url)} serves {found.not_picture}{typed}, not a picture",
            path,
        )
