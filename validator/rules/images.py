"""Shared by the image rules (FM4xx): where image lists are, and what width an image URL states.

Image lists sit at `images`, `provider.images`, `related[i].images` and
`related[i].provider.images`; each item is `{url, width, height, isCached?}`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..diagnostic import DocPath
from .options import Option, positive_int

# Read by FM401 (the bound itself), FM402 and FM403 (which leave larger sides to FM401).
MAX_SIZE = Option(
    "images", "max-size", 16384, positive_int, "The largest width or height allowed, in pixels."
)

# A width asked for in the query: `width=620`, `w=1000` (optionally `620px`).
_QUERY_WIDTH = re.compile(r"(?:^|[&;])(width|w)=([0-9]{1,5})(?:px)?(?=[&;]|$)", re.IGNORECASE)
_QUERY_DPR = re.compile(r"(?:^|[&;])dpr=([0-9]+(?:\.[0-9]+)?)(?=[&;]|$)", re.IGNORECASE)
_QUERY_FIT = re.compile(r"(?:^|[&;])fit=([a-z-]+)", re.IGNORECASE)
# Fits that only bound the size: the result may be narrower than asked (never wider).
_BOUNDING_FITS = {"max", "bounds", "inside", "scale-down", "clip", "contain"}
# Path segments that state a width: `/1024/` (BBC ichef), `/1200/675/` (width then height),
# `/1600x900/` (width x height). Two to five digits without a leading zero.
_NUMBER = re.compile(r"[1-9][0-9]{1,4}")
_SIZE = re.compile(r"([1-9][0-9]{1,4})[xX]([1-9][0-9]{1,4})")
_YEAR = re.compile(r"19[9][0-9]|20[0-3][0-9]")  # 1990-2039: read as a year, never a width
_MONTH = re.compile(r"0?[1-9]|1[0-2]")
_SMALL = re.compile(r"[0-9]{1,2}")
_DIGITS = re.compile(r"[0-9]+")
# A path number below this is more likely a day, an hour, a count or a site number than a width.
_LEAST_PATH_WIDTH = 100


def image_lists(record: dict) -> Iterator[tuple[DocPath, list]]:
    """Every image list, with its path."""
    yield from _lists_of(record, ())
    related = record.get("related")
    if isinstance(related, list):
        for index, item in enumerate(related):
            if isinstance(item, dict):
                yield from _lists_of(item, ("related", index))


def _lists_of(holder: dict, prefix: DocPath) -> Iterator[tuple[DocPath, list]]:
    images = holder.get("images")
    if isinstance(images, list):
        yield (*prefix, "images"), images
    provider = holder.get("provider")
    if isinstance(provider, dict):
        logos = provider.get("images")
        if isinstance(logos, list):
            yield (*prefix, "provider", "images"), logos


def images(record: dict) -> Iterator[tuple[DocPath, dict]]:
    """Every image mapping in every image list, with its path."""
    for path, items in image_lists(record):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield (*path, index), item


def pixels(value: object) -> int | None:
    """A width or height as an int, or None for anything else (the schema reports those)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


@dataclass(frozen=True)
class StatedWidth:
    """The width an image URL asks for, and how far a correct declared width may be from it."""

    width: int
    where: str  # `width=620` or `/1024/`, as the URL writes it
    dpr: float = 1.0  # device pixel ratio asked for: the picture is width * dpr wide
    bounding: bool = False  # a fit that may give a narrower picture than asked

    def agrees(self, declared: int) -> bool:
        wide = round(self.width * self.dpr)
        return declared == wide or (self.bounding and declared < wide)


@lru_cache(maxsize=4096)  # logos and CDN images repeat across records
def stated_width(url: str, largest: int) -> StatedWidth | None:
    """The width `url` itself states, from its query or else from its path, or None.

    Path numbers count only when they are plausible widths: not the last segment (a file name
    such as `master/5200.jpg` is not a width), not a year (1990-2039) nor part of a
    `/2023/11/27/` date, between 100 and `largest`, and either the only number in the path
    (dates aside) or the first of a width/height pair of plausible shape (`/1200/675/`).
    """
    scheme_end = url.find("://")
    if scheme_end < 0:
        return None
    rest = url[scheme_end + 3 :].split("#", 1)[0]
    path, _, query = rest.partition("?")
    if query:
        match = _QUERY_WIDTH.search(query)
        if match is not None and int(match.group(2)) > 0:
            dpr = _QUERY_DPR.search(query)
            ratio = float(dpr.group(1)) if dpr else 1.0
            if not 0 < ratio <= 10:
                return None  # no such screen: the width asked for is unclear
            fit = _QUERY_FIT.search(query)
            return StatedWidth(
                int(match.group(2)),
                match.group(0).lstrip("&;"),
                ratio,
                bool(fit and fit.group(1).lower() in _BOUNDING_FITS),
            )
    return _path_width(path.split("/")[1:-1], largest)


def _path_width(segments: list[str], largest: int) -> StatedWidth | None:
    numbers = []  # (segment index, first number, second number of a WxH segment, text)
    index = 0
    while index < len(segments):
        segment = segments[index]
        if _YEAR.fullmatch(segment):
            index += 1
            if index < len(segments) and _MONTH.fullmatch(segments[index]):
                index += 1  # a /YYYY/MM/ date, then perhaps its day, hour, minute
                while index < len(segments) and _SMALL.fullmatch(segments[index]):
                    index += 1
            continue
        size = _SIZE.fullmatch(segment)
        if size is not None:
            numbers.append((index, int(size.group(1)), int(size.group(2)), segment))
        elif _DIGITS.fullmatch(segment):
            numbers.append((index, int(segment) if len(segment) < 10 else 0, None, segment))
        index += 1
    # Any other number in the path (`/gallery/221/1/`) makes the candidate an ID, not a width.
    if len(numbers) == 1:
        _, width, _, text = numbers[0]
        if _plausible(text, width, largest):
            return StatedWidth(width, f"/{text}/")
    elif len(numbers) == 2:
        (first, width, size, text), (second, height, _, other) = numbers
        # `/1200/675/`: a width, then a height, of a plausible shape
        if (
            size is None
            and second == first + 1
            and _plausible(text, width, largest)
            and _plausible(other, height, largest)
            and 0.1 <= width / height <= 10
        ):
            return StatedWidth(width, f"/{text}/")
    return None  # no number, or several: which one is the width would be a guess


def _plausible(text: str, number: int, largest: int) -> bool:
    return (_DIGITS.fullmatch(text) is None or _NUMBER.fullmatch(text) is not None) and (
        _LEAST_PATH_WIDTH <= number <= largest
    )
