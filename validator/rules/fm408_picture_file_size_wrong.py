"""A picture's declared `width` and `height` are not the size of its file in the site.

Where a picture names a file of the site (see FM407 for where it is looked for), its format and
pixel size are read from the file's header (Pillow, a few kilobytes: no pixel is decoded). A
declared `width` or `height` that differs makes the site reserve space of the wrong shape, or
stretch the picture: an error naming both sizes, as FM406 says of a remote picture with
`--online`. A photo whose EXIF orientation turns it a quarter is shown turned, so its size
either way round is right. A picture Pillow cannot read (an SVG, a truncated file) is not judged.

Bad (`static/img/cover.png` is 640x360):

    image:
      src: /img/cover.png
      width: 1280
      height: 720

Good:

    image:
      src: /img/cover.png
      width: 640
      height: 360

Fix: safe: `--fix` writes the picture's real width, then its height (one per pass).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import ERROR, Finding
from .images import pixels, size_finding
from .local_files import Picture, located
from .picture_header import picture_size
from .record import location_of
from .urls import show

CODE = "FM408"
NAME = "picture-file-size-wrong"
SEVERITY = ERROR
APPLIES_TO = "schema"
FIX = "safe"


def check(record: dict, context) -> Iterable[Finding]:
    if context.file is None:
        return
    walk = context.record(record)
    answers = located(walk, context.file)
    for path, picture in walk.pictures:
        key, source = location_of(picture)
        width, height = pixels(picture.get("width")), pixels(picture.get("height"))
        if not isinstance(source, str) or (width is None and height is None):
            continue
        found = answers.get((*path, key))
        if not isinstance(found, Picture) or context.rejected((*path, key)):
            continue
        size = picture_size(found)
        if size is None:
            continue
        kind, real_width, real_height, turned = size
        shown = [(real_width, real_height)] + ([(real_height, real_width)] if turned else [])
        if any(_fits(width, height, *sides) for sides in shown):
            continue
        where = f"the picture file {show(source)}"  # a turned photo: as it is shown, turned
        finding = size_finding(CODE, path, (width, height), shown[-1], kind, where, context)
        if finding is not None:
            yield finding


def _fits(width: int | None, height: int | None, real_width: int, real_height: int) -> bool:
    return width in (None, real_width) and height in (None, real_height)
