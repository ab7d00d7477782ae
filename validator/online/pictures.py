"""A picture's format and pixel size from the first bytes of its file, fed as they arrive.

Pillow's incremental parser (`ImageFile.Parser`) opens the image as soon as its header is in,
so a 5 MB JPEG costs a few kilobytes; `Header.feed` says when the size is known and the fetcher
stops reading. What is not a picture is told by its content type (a page, a video, a sound) or,
without one, by its first bytes (`<!DOCTYPE html`, `<html`).
"""

from __future__ import annotations

from PIL import Image, ImageFile

Image.MAX_IMAGE_PIXELS = None  # only the header is read: no decompression bomb to fear

_NOT_PICTURES = (
    "text/html",
    "application/xhtml",
    "video/",
    "audio/",
    "text/plain",
    "application/json",
)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<?xml version")


class Header:
    """Bytes of a response, fed in order, until Pillow knows the picture's size."""

    def __init__(self) -> None:
        self._parser = ImageFile.Parser()
        self._start = b""
        self.found: tuple | None = None  # (format, width, height)

    def feed(self, data: bytes) -> bool:
        """Take the next bytes; True once the format and size are known."""
        if self.found is not None:
            return True
        if len(self._start) < 64:
            self._start += data[: 64 - len(self._start)]
        try:
            self._parser.feed(data)
        except Exception:  # Pillow raises what a truncated or strange file makes it raise
            return False
        image = self._parser.image
        if image is not None:
            self.found = (image.format or "", image.width, image.height)
            return True
        return False

    def looks_like_html(self) -> bool:
        return self._start.lstrip().lower().startswith(_HTML_STARTS)


def not_a_picture(content_type: str, header: Header) -> str | None:
    """What the URL serves instead of a picture ("an HTML page", "a video"), or None."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if header.found is not None:
        return None
    if kind.startswith(("text/html", "application/xhtml")) or header.looks_like_html():
        return "an HTML page"
    if kind.startswith("video/"):
        return "a video"
    if kind.startswith("audio/"):
        return "a sound file"
    if kind.startswith(_NOT_PICTURES):
        return f"a {kind} document"
    return None
