"""An image's width or height is larger than any real picture (by default 16384 pixels).

The schema already requires every image to give both `width` and `height`, each a whole number
of at least 1; it sets no upper bound. A side of tens of thousands of pixels is a typo (an extra
digit), a byte size or an ID copied into the wrong field, and it breaks the layout that reserves
the picture's space from these numbers. Real pictures in the records are at most 9,790 pixels
wide and 6,480 high. Checked on every picture the schema marks (`"x-fmlint-role": "picture"`,
a mapping with `width` and `height`), wherever there is a schema: in an article, every image
list, `images`, `provider.images` and both inside `related` items.

Severity: warning; an implausible size is worth a look, while a size that is not a
positive whole number is the schema's error (FM103, FM106).

Bad:

    images:
      - url: "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_131809931_mediaitem131809929.jpg"
        width: 102400
        height: 576

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

CODE = "FM401"
NAME = "image-too-large"
SEVERITY = WARNING
APPLIES_TO = "schema"
FIX = ""
OPTIONS = (MAX_SIZE,)


def check(record: dict, context) -> Iterable[Finding]:
    largest = context.options.value(MAX_SIZE)
    for path, image in context.record(record).pictures:
        for side in ("width", "height"):
            size = pixels(image.get(side))
            if size is None or size <= largest:
                continue
            where = (*path, side)
            if context.rejected(where):
                continue
            yield Finding(
                CODE,
                f"{format_path(where)}: {size} pixels is more than {largest}, "
                f"the largest {side} allowed",
                where,
            )
