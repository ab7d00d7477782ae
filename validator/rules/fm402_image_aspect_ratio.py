"""An image is far wider than high, or far higher than wide (by default beyond 10:1 or 1:10).

News pictures and logos are between about 3:1 and 1:3 (the records show 602x224 at the
widest). A declared size such as 1024x57 or 50x500 usually means a digit was lost or width and
height belong to different pictures; the site then reserves a strip of the wrong shape. Unusual
pictures (a banner, a tall infographic) do exist, so this is a warning. Checked on every picture
the schema marks (`"x-fmlint-role": "picture"`), wherever there is a schema: in an article,
every image list, `images`, `provider.images` and both inside `related` items; an image with a
side larger than `max-size` is left to FM401. The finding is on the image's `width` value, so a
`# fmlint: disable=FM402` at the end of the `width:` line silences it.

Bad:

    images:
      - url: "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_131809931_mediaitem131809929.jpg"
        width: 1024
        height: 57

Good:

    images:
      - url: "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_131809931_mediaitem131809929.jpg"
        width: 1024
        height: 576
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .images import MAX_SIZE, pixels
from .options import Option, positive_number

CODE = "FM402"
NAME = "image-aspect-ratio"
SEVERITY = WARNING
APPLIES_TO = "schema"
FIX = ""

ASPECT_MIN = Option(
    "images",
    "aspect-min",
    0.1,
    positive_number,
    "The narrowest width/height ratio allowed (0.1 is 1:10, a tall picture).",
)
ASPECT_MAX = Option(
    "images",
    "aspect-max",
    10.0,
    positive_number,
    "The widest width/height ratio allowed (10 is 10:1, a wide picture).",
)
OPTIONS = (ASPECT_MIN, ASPECT_MAX, MAX_SIZE)


def check(record: dict, context) -> Iterable[Finding]:
    options = context.options
    narrowest, widest = options.value(ASPECT_MIN), options.value(ASPECT_MAX)
    largest = options.value(MAX_SIZE)
    for path, image in context.record(record).pictures:
        width, height = pixels(image.get("width")), pixels(image.get("height"))
        if width is None or height is None:
            continue
        if max(width, height) > largest and context.runs("FM401"):
            continue  # a side beyond max-size is FM401's; its shape says nothing more
        ratio = width / height
        if narrowest <= ratio <= widest:
            continue
        if context.rejected((*path, "width")) or context.rejected((*path, "height")):
            continue
        yield Finding(
            CODE,
            f"{format_path(path)}: {width}x{height} has an aspect ratio of {_ratio(ratio)}, "
            f"outside {_ratio(narrowest)} to {_ratio(widest)}; check the width and height",
            (*path, "width"),  # on the value: `width: 4000  # fmlint: disable=FM402` silences it
        )


def _ratio(value: float) -> str:
    """0.1 -> `1:10`, 17.7777 -> `17.78:1`."""
    if value >= 1:
        return f"{round(value, 2):g}:1"
    return f"1:{round(1 / value, 2):g}"
