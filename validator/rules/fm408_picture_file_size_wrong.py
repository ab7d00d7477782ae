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

from ..diagnostic import ERROR, Finding, Fix, format_path
from .images import pixels
from .local_files import Picture, located
from .picture_header import picture_size
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
    # a picture object's location: the source string the walk found among its own keys
    sources = {path[:-1]: (path, value) for path, value in walk.picture_sources if path}
    for path, picture in walk.pictures:
        source = sources.get(path)
        if source is None or picture.get(source[0][-1]) is not source[1]:
            continue
        width, height = pixels(picture.get("width")), pixels(picture.get("height"))
        if (width is None and height is None) or context.rejected(source[0]):
            continue
        found = answers[source[0]]
        size = picture_size(found) if isinstance(found, Picture) else None
        if size is None:
            continue
        kind, real_width, real_height, turned = size
        shown = [(real_width, real_height)] + ([(real_height, real_width)] if turned else [])
        if any(_fits(width, height, *sides) for sides in shown):
            continue
        real_width, real_height = shown[-1]  # a turned photo is shown turned
        wrong = [
            (key, real)
            for key, declared, real in (
                ("width", width, real_width),
                ("height", height, real_height),
            )
            if declared is not None and declared != real and not context.rejected((*path, key))
        ]
        if not wrong:
            continue
        key, real = wrong[0]
        where = (*path, key)
        yield Finding(
            CODE,
            f"{format_path(path)}: declared {_side(width)}x{_side(height)}, but the picture file "
            f"{show(source[1])} is {real_width}x{real_height} ({kind or 'image'})",
            where,
            fix=Fix(where, f"write the picture's {key}, {real}", real),
        )


def _fits(width: int | None, height: int | None, real_width: int, real_height: int) -> bool:
    return width in (None, real_width) and height in (None, real_height)


def _side(value) -> str:
    return "?" if value is None else str(value)
