"""An image's declared `width` and `height` are not the size of the picture at its URL
(`--online`).

With `--online`, each picture (a mapping the schema marks `"x-fmlint-role": "picture"`, with
its location and `width` and `height`: in an article, each image and logo; wherever there is a
schema) is fetched only as far as its header (a `Range` request, or the stream read until the size
is known; a few kilobytes) and its format and pixel size are read by Pillow. A declared `width` or
`height` that differs from the picture's makes a site reserve space of the wrong shape, or stretch
the picture: an error naming both sizes. The verified size replaces FM403's guess from the URL (one
problem, one finding).

Bad (the picture is 640x360):

    images:
      - url: "https://i.ytimg.com/vi/WJk-Y8LQlfE/mqdefault.jpg"
        width: 1280
        height: 720

Good:

    images:
      - url: "https://i.ytimg.com/vi/WJk-Y8LQlfE/mqdefault.jpg"
        width: 640
        height: 360

Fix: safe: `--fix` writes the picture's real width, then its height (one per pass).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import ERROR, Finding
from .images import pixels, size_finding
from .record import location_of
from .urls import show

CODE = "FM406"
NAME = "image-size-wrong"
SEVERITY = ERROR
FIX = "safe"
ONLINE = True
APPLIES_TO = "schema"


def check(record: dict, context) -> Iterable[Finding]:
    if context.online is None:
        return
    for path, image in context.record(record).pictures:
        key, url = location_of(image)
        if not isinstance(url, str) or context.rejected((*path, key)):
            continue
        found = context.answer(url)
        if found is None or found.image is None or context.online.verdict(found) != "ok":
            continue
        kind, real_width, real_height = found.image
        declared = (pixels(image.get("width")), pixels(image.get("height")))
        where = f"the picture at {show(url)}"
        finding = size_finding(
            CODE, path, declared, (real_width, real_height), kind, where, context
        )
        if finding is not None:
            yield finding
