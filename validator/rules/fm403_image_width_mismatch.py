"""An image's declared width disagrees with the width its URL asks for.

Image CDNs put the size they serve into the URL: a query such as `?width=620` or `?w=1000`, or a
path segment such as BBC's `https://ichef.bbci.co.uk/news/1024/...`. When the record declares
another width, one of the two belongs to a different rendition of the picture (often the
original's size was copied next to a resized URL), and the site reserves space of the wrong size.
The message names both numbers.

To avoid false alarms: the query wins over the path; `dpr=2` doubles the width asked for; a
`fit` that only bounds the size (`max`, `bounds`, `inside`, `scale-down`, `clip`, `contain`) may
give a narrower picture, so a smaller declared width passes; a path number counts only when it is
a plausible width (two to five digits, 100 up to `max-size`, or the first half of a segment
such as `/1600x900/`), is not the file name (in `.../master/5200.jpg` 5200 is not a width), is not
a year (1990-2039) nor part of a `/2023/11/27/` date, and is the only number in the path or the
first of a width/height pair of plausible shape (`/1200/675/`): in `/AppFeedbackGallery/221/1/`
221 is an ID. Numbers written otherwise (`width-1070,height-580`, `?resize=1200,799`,
`image-4-1024x531.png`) are not read.

Bad:

    - url: "https://i.guim.co.uk/img/media/b272cd542e5684d86340330a4d6dd1bb3385af98/0_347_5200_3119/master/5200.jpg?width=620&quality=85&auto=format&fit=max&s=d07f1aceb9aea985d88dea55d4426980"
      width: 5200
      height: 3119

Good:

    - url: "https://i.guim.co.uk/img/media/b272cd542e5684d86340330a4d6dd1bb3385af98/0_347_5200_3119/master/5200.jpg?width=620&quality=85&auto=format&fit=max&s=d07f1aceb9aea985d88dea55d4426980"
      width: 620
      height: 372
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .images import MAX_SIZE, images, pixels, stated_width

CODE = "FM403"
NAME = "image-width-mismatch"
SEVERITY = WARNING
FIX = ""
OPTIONS = (MAX_SIZE,)


def check(record: dict, context) -> Iterable[Finding]:
    largest = context.options.value(MAX_SIZE)
    for path, image in images(record):
        url, width = image.get("url"), pixels(image.get("width"))
        if not isinstance(url, str) or width is None or width > largest:
            continue  # a width beyond max-size is FM401's
        stated = stated_width(url, largest)
        if stated is None or stated.agrees(width):
            continue
        where = (*path, "width")
        if context.rejected(where) or context.rejected((*path, "url")):
            continue
        asked = f"{stated.width}" + (f" at dpr={stated.dpr:g}" if stated.dpr != 1 else "")
        yield Finding(
            CODE,
            f"{format_path(where)}: {width} disagrees with the width {asked} that the URL "
            f"states ({stated.where})",
            where,
        )
