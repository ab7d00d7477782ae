"""A local picture's format and size, from its file's first bytes (FM408, by way of
`local_files`, which finds the file): Pillow reads the header, no pixel is decoded, so a picture
of any size costs the same, and a decompression bomb is only a header.

Sizes are kept by the file's identity and time, so a picture changed on disk is read again.
"""

from __future__ import annotations

import os
import stat

from .local_files import Picture, keep

HEADER_BYTES = 256 * 1024  # a JPEG's EXIF, ICC and XMP segments before its size: rarely 100 KB
_WEB_FORMATS = ("PNG", "JPEG", "MPO", "GIF", "WEBP", "AVIF", "BMP", "ICO", "TIFF")
_ORIENTED = ("JPEG", "MPO", "WEBP", "TIFF")  # where EXIF may turn the picture
_ORIENTATION = 0x0112
_READ = (
    os.O_RDONLY
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
)
_formats: tuple | None = None  # `_WEB_FORMATS` this Pillow has, found on first use


def picture_size(picture: Picture) -> tuple[str, int, int, bool] | None:
    """(format, width, height, turned) of a picture from its header; `turned`: its EXIF
    orientation turns it a quarter (it is shown `height` wide). None: not a picture Pillow knows
    (an SVG, a truncated file), or a file that changed under the lookup."""
    info = picture.info
    key = (picture.path, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    size = _sizes.get(key, _UNSEEN)
    if size is not _UNSEEN:
        return size
    start = _start_of(picture)
    size = None if start is None else header_size(start)
    keep(_sizes, key, size)
    return size


def header_size(start: bytes) -> tuple[str, int, int, bool] | None:
    """(format, width, height, turned) from a picture's first bytes, or None."""
    import io
    import warnings

    Image = _pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(start), formats=_formats) as image:
                width, height = image.size
                kind = image.format or ""
                turned = kind in _ORIENTED and _orientation(image) in (5, 6, 7, 8)
    except Exception:  # Pillow raises what an unknown, truncated or strange file makes it raise
        return None
    return kind, width, height, turned


def _orientation(image) -> int | None:
    try:
        return image.getexif().get(_ORIENTATION)
    except Exception:  # a broken EXIF block says nothing of the size
        return None


def _start_of(picture: Picture) -> bytes | None:
    """The first `HEADER_BYTES` of the picture's file, if it is still that regular file."""
    try:
        descriptor = os.open(picture.path, _READ)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_ino != picture.info.st_ino:
            return None
        return os.read(descriptor, HEADER_BYTES)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _pillow():
    """Pillow's `Image`, imported where a local picture is found (not on every run), and the
    picture formats a site serves that it knows."""
    global _formats
    from PIL import Image

    if _formats is None:
        Image.MAX_IMAGE_PIXELS = None  # only the header is read: no decompression bomb to fear
        Image.init()
        _formats = tuple(kind for kind in _WEB_FORMATS if kind in Image.OPEN)
    return Image


_sizes: dict = {}  # (path, device, inode, bytes, mtime) -> `header_size`
_UNSEEN = object()
