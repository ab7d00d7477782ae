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

from ..diagnostic import ERROR, Finding, Fix, format_path
from .images import pixels
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
        width, height = pixels(image.get("width")), pixels(image.get("height"))
        wrong = [
            (key, declared, real)
            for key, declared, real in (
                ("width", width, real_width),
                ("height", height, real_height),
            )
            if declared is not None and declared != real and not context.rejected((*path, key))
        ]
        if not wrong:
            continue
        key, _, real = wrong[0]
        where = (*path, key)
        declared = f"{_side(width)}x{_side(height)}"
        yield Finding(
            CODE,
            f"{format_path(path)}: declared {declared}, but the picture at {show(url)} is "
            f"{real_width}x{real_height} ({kind or 'image'})",
            where,
            fix=Fix(where, f"write the picture's {key}, {real}", real),
        )


def _side(value) -> str:
    return "?" if value is None else str(value)
