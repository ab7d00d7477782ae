"""An image's declared width is wider than the picture its URL asks for.

Image resizers take the size they serve from the URL: a query such as `?width=620`, `?w=1000` or
WordPress's `?resize=1280,720` (which overrides `w=`), BBC's path `https://ichef.bbci.co.uk/news/
1024/...`, or a size segment such as `/1200x630/`. A resizer serves a picture at most that wide:
narrower when the original is smaller or the size is only a bound (`fit=max`, `/800x800/`), never
wider. So a declared width above the width asked for (`dpr=2` doubles it; 2 px of rounding pass)
belongs to another rendition, often the original's size copied next to a resized URL, and the
site reserves space of the wrong size. The message names both numbers.

Only what is certain is read, so that the rule does not cry wolf: a declared width below the one
asked for passes; a query is ignored on plain file storage (`s3.amazonaws.com`, ...), which does
not resize, and where it carries a crop box (`crop=533,301,x0,y0`); a number alone in a path is
never read (`/sites/433/`, `/blogs.dir/2431/`, `/img/dynamic/143/` are IDs), nor a file name
(`-1024x683-1.jpg` names the original), nor paths with several size segments (nested
resizers). Twice or three times the width asked for is a rendition for high-density screens,
and a declared width equal to the one in the file name (`...-1024x683-1.jpg?w=260`) is the
file's own: a site without a resizer ignores the query.

Bad:

    - url: "https://i.guim.co.uk/img/media/b272cd542e5684d86340330a4d6dd1bb3385af98/0_347_5200_3119/master/5200.jpg?width=620&quality=85&auto=format&fit=max&s=d07f1aceb9aea985d88dea55d4426980"
      width: 5200
      height: 3119

Good:

    - url: "https://i.guim.co.uk/img/media/b272cd542e5684d86340330a4d6dd1bb3385af98/0_347_5200_3119/master/5200.jpg?width=620&quality=85&auto=format&fit=max&s=d07f1aceb9aea985d88dea55d4426980"
      width: 620
      height: 372

With `--online`, a picture whose real size was read is FM406's to judge (it knows the size,
this rule only guesses it), so this rule stays silent on it. Checked on every picture the schema
marks (`"x-fmlint-role": "picture"`, a mapping with its URL and `width`), wherever there is a
schema.

Fix: none automatic; offline, fmlint cannot tell which of the two is the picture's size.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .images import MAX_SIZE, named_width, pixels, stated_width
from .record import location_of

CODE = "FM403"
NAME = "image-width-mismatch"
SEVERITY = WARNING
APPLIES_TO = "schema"
FIX = ""
OPTIONS = (MAX_SIZE,)


def check(record: dict, context) -> Iterable[Finding]:
    largest = context.options.value(MAX_SIZE)
    for path, image in context.record(record).pictures:
        (key, url), width = location_of(image), pixels(image.get("width"))
        if not isinstance(url, str) or width is None:
            continue
        if width > largest and context.runs("FM401"):
            continue  # a width beyond max-size is FM401's
        found = context.answer(url)
        if found is not None and found.image is not None and context.runs("FM406"):
            continue  # the real size is known: FM406's
        stated = stated_width(url, largest)
        if stated is None or stated.agrees(width) or named_width(url) == width:
            continue  # a file named with the declared size may be served whatever the query
        where = (*path, "width")
        if context.rejected(where) or context.rejected((*path, key)):
            continue
        asked = f"{stated.width}" + (f" at dpr={stated.dpr:g}" if stated.dpr != 1 else "")
        yield Finding(
            CODE,
            f"{format_path(where)}: {width} is wider than the {asked} pixels the URL asks "
            f"its resizer for ({stated.where}); a resizer never serves a wider picture",
            where,
        )
