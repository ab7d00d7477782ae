"""Shared by the image rules (FM4xx): what width an image URL states, and what makes one no
picture. Where the pictures are is the record walk's business (`record.Walk.pictures`: each
mapping the schema marks `"x-fmlint-role": "picture"`, with its location and `width`/`height`;
in an article `images`, `provider.images` and both inside `related` items).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..diagnostic import DocPath, Finding, Fix, format_path
from ..value import Value
from .options import Option, positive_int
from .suffixes import registrable_domain

# Read by FM401 (the bound itself), FM402 and FM403 (which leave larger sides to FM401).
MAX_SIZE = Option(
    "images", "max-size", 16384, positive_int, "The largest width or height allowed, in pixels."
)

# A width asked for in the query: `width=620`, `w=1000` (optionally `620px`); WordPress's
# `resize=1280,720` (or `1280%2C720`), which overrides `w=`; `dpr=2`; a `crop=533,301,x0,y0`.
_QUERY_WIDTH = re.compile(r"(?:^|[&;])(width|w)=([0-9]{1,5})(?:px)?(?=[&;]|$)", re.IGNORECASE)
_QUERY_RESIZE = re.compile(r"(?:^|[&;])(resize=([0-9]{1,5})(?:,|%2C)[0-9]{1,5})(?=[&;]|$)", re.I)
_QUERY_DPR = re.compile(r"(?:^|[&;])dpr=([0-9]+(?:\.[0-9]+)?)(?=[&;]|$)", re.IGNORECASE)
_QUERY_CROP_BOX = re.compile(r"(?:^|[&;])crop=[0-9]+(?:,|%2C)[0-9]", re.IGNORECASE)
# A path segment that is a size, `/1200x630/` (bounding box of a resizer such as Arc's).
_SIZE = re.compile(r"([1-9][0-9]{2,4})[xX]([0-9]{1,5})")  # not `/16x9/`, an aspect ratio
# BBC's ichef resizer writes the width as a path segment: `/news/1024/`, `/ace/standard/976/`.
_ICHEF_WIDTH = re.compile(r"/(?:news|ace/standard|ace/ws)/([1-9][0-9]{1,4})/")
_ICHEF = "ichef.bbci.co.uk"
# Plain file storage ignores a query: `...s3.amazonaws.com/x.jpg?resize=1200,600` is the original.
_STORAGE = re.compile(
    r"(?:^|\.)(?:s3[.-].*amazonaws\.com|s3\.amazonaws\.com|storage\.googleapis\.com"
    r"|blob\.core\.windows\.net)$"
)
# A size in a file name, `-1024x683.jpg` or `-1024x683-1.jpg`: the size of that file.
_NAMED_SIZE = re.compile(r"-([1-9][0-9]{1,4})x[1-9][0-9]{1,4}(?:-[0-9]+)?\.[A-Za-z]+$")
# A served picture may be this many pixels off the size asked for (rounding of a resizer).
_ROUNDING = 2


def pixels(value: object) -> int | None:
    """A width or height as an int, or None for anything else (the schema reports those)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


class StatedWidth(Value):
    """The width an image URL asks a resizer for; the picture served is at most that wide."""

    FIELDS = ("width", "where", "dpr")
    __slots__ = FIELDS
    width: int
    where: str  # `w=620`, `resize=1280,720` or `/1024/`, as the URL writes it
    dpr: float  # device pixel ratio asked for: the picture is up to width * dpr wide

    def __init__(self, width: int, where: str, dpr: float = 1.0):
        put = object.__setattr__  # by hand: two an image, on the hot path
        put(self, "width", width)
        put(self, "where", where)
        put(self, "dpr", dpr)

    @property
    def widest(self) -> int:
        return round(self.width * self.dpr)

    def agrees(self, declared: int) -> bool:
        """A declared width up to the width asked for agrees: a resizer serves a narrower
        picture when the original is smaller or the size is a bound, never a wider one. So does
        twice or three times the width (a rendition for high-density screens)."""
        if declared <= self.widest + _ROUNDING:
            return True
        return any(abs(declared - self.widest * ratio) <= _ROUNDING for ratio in (2, 3))


def named_width(url: str) -> int | None:
    """The width a WordPress-style file name states, `...-1024x683-1.jpg` -> 1024, or None."""
    name = url.split("?", 1)[0].rpartition("/")[2]
    match = _NAMED_SIZE.search(name)
    return int(match.group(1)) if match else None


@lru_cache(maxsize=4096)  # logos and CDN images repeat across records
def stated_width(url: str, largest: int) -> StatedWidth | None:
    """The width `url` asks its resizer for, or None where the URL says nothing certain.

    Read: `resize=W,H` (which overrides `w=`), else `width=` or `w=` in the query, times `dpr=`;
    a query with a crop box (`crop=533,301,...`) says nothing certain. Else the path: BBC's
    `/news/1024/`, or the one `WxH` segment of a resizer path (`/1200x630/`). Any other number
    in a path is more often an ID (`/sites/433/`, `/blogs.dir/2431/`, `/img/dynamic/143/`)
    than a width, so it is not read.
    """
    scheme_end = url.find("://")
    if scheme_end < 0:
        return None
    rest = url[scheme_end + 3 :].split("#", 1)[0]
    where, _, query = rest.partition("?")
    host, _, path = where.partition("/")
    if query and not _STORAGE.search(host.lower()):
        stated = _query_width(query)
        if stated is not None or _QUERY_CROP_BOX.search(query):
            return stated if stated is not None and 0 < stated.width <= largest else None
    stated = _path_width(host.lower(), "/" + path)
    return stated if stated is not None and stated.width <= largest else None


def _query_width(query: str) -> StatedWidth | None:
    resize = _QUERY_RESIZE.search(query)
    if resize is not None:
        return StatedWidth(int(resize.group(2)), resize.group(1))
    match = _QUERY_WIDTH.search(query)
    if match is None or _QUERY_CROP_BOX.search(query):
        return None
    dpr = _QUERY_DPR.search(query)
    ratio = float(dpr.group(1)) if dpr else 1.0
    if not 0 < ratio <= 10:
        return None  # no such screen: the width asked for is unclear
    return StatedWidth(int(match.group(2)), match.group(0).lstrip("&;"), ratio)


def _path_width(host: str, path: str) -> StatedWidth | None:
    if host == _ICHEF:
        match = _ICHEF_WIDTH.match(path)
        return StatedWidth(int(match.group(1)), f"/{match.group(1)}/") if match else None
    segments = path.split("/")[1:-1]  # not the file name: `-1024x683-1.jpg` is the original's
    sizes = [segment for segment in segments if _SIZE.fullmatch(segment)]
    if len(sizes) != 1:
        return None  # none, or nested resizers (`/1200x0/.../1400x932/`): which one is a guess
    width = int(_SIZE.fullmatch(sizes[0]).group(1))
    return StatedWidth(width, f"/{sizes[0]}/")


# What makes an image URL no picture ---------------------------------------------------------

# Extensions of files that are something else than a picture: a page, a script, a document, a
# video or a font. Dynamic pages (`.php`, `.aspx`, `.ashx`, `.cms`, ...) are no evidence: image
# services serve pictures from them (`washingtonpost.com/wp-apps/imrs.php?src=...`).
NOT_IMAGE_EXTENSION = {
    **dict.fromkeys(("html", "htm", "shtml", "xhtml"), "a web page"),
    **dict.fromkeys(("js", "mjs", "css", "json", "xml", "rss", "atom"), "a script or data file"),
    **dict.fromkeys(("txt", "md", "pdf", "doc", "docx", "zip", "gz", "exe"), "a document"),
    **dict.fromkeys(
        ("mp4", "m4v", "webm", "mov", "avi", "mkv", "m3u8", "mpd", "mp3", "m4a", "wav", "ogg"),
        "a video or sound file",
    ),
    **dict.fromkeys(("woff", "woff2", "ttf", "otf", "eot"), "a font"),
}
# Ad servers: what they serve in place of a picture is an advertisement or a tracking pixel.
_AD_SERVERS = {
    "doubleclick.net",
    "googlesyndication.com",
    "googleadservices.com",
    "adnxs.com",
    "amazon-adsystem.com",
    "adsrvr.org",
    "moatads.com",
}
# Pictures that stand in for a missing one: YouTube's "unsupported browser" dinosaur (the picture
# of 114 diablo4 records), and publishers' default share images (`rcom-default.png`,
# `defaultPromoCrop.png`, `placeholder.png`, `SD-default-image.png`, `opengraph_default.png`).
_YOUTUBE_DINOSAUR = "/img/desktop/supported_browsers/dinosaur.png"
_PLACEHOLDER_WORD = re.compile(r"(?:^|[^a-z])(?:default|placeholder|no-?image)(?:[^a-z]|$)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CROP_NAME = re.compile(r"[0-9]+x[0-9]+-c-default$")  # a WordPress crop size, `-1170x600-c-default`


def image_problem(url) -> str | None:
    """Why an image URL is certainly not the story's picture, or None.

    Only positive evidence counts (precision first): a site's bare address, a file type that is
    no picture, an ad server, a known placeholder. A URL without an extension proves nothing,
    since image services serve pictures from any address (`img-s-msn-com.akamaized.net/...img?`,
    `g.foolcdn.com/image/?url=`, `thumbor.forbes.com`, `images.barrons.com/im-NNN/social`).
    """
    if url.path in ("", "/") and not url.query:
        return "is the address of a whole site, not of a picture"
    name = url.path.rpartition("/")[2]
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    kind = NOT_IMAGE_EXTENSION.get(extension)
    if kind:
        return f"ends in '.{extension}', which is {kind}, not a picture"
    site = registrable_domain(url.host)
    if site in _AD_SERVERS:
        return f"is on the ad server {site}, which serves advertisements, not pictures of a story"
    return placeholder(url)


def placeholder(url) -> str | None:
    """Why an image URL is a known stand-in for a missing picture, or None. A picture the
    network confirms is still a placeholder, so `--online` keeps this part of FM206."""
    if url.path == _YOUTUBE_DINOSAUR and registrable_domain(url.host) == "youtube.com":
        return "is YouTube's 'unsupported browser' placeholder, not a picture of the story"
    name = url.path.rpartition("/")[2]
    stem = name.rpartition(".")[0] if "." in name else name
    if _PLACEHOLDER_WORD.search(_CAMEL.sub("-", stem).lower()) and not _CROP_NAME.search(stem):
        return f"is a placeholder picture ('{name}'), not a picture of the story"
    return None


def size_finding(
    code: str, path: DocPath, declared: tuple, real: tuple, kind: str, where: str, context
) -> Finding | None:
    """The finding on a picture at `path` declared `(width, height)` (None: not given) whose
    real size is `real`: at the first declared side that differs and that the schema did not
    reject, with the safe fix that writes it; None when no such side differs. `where` names the
    picture in the message ("the picture at ...", "the picture file ...") (FM406, FM408)."""
    wrong = [
        (key, side, actual)
        for key, side, actual in zip(("width", "height"), declared, real, strict=True)
        if side is not None and side != actual and not context.rejected((*path, key))
    ]
    if not wrong:
        return None
    key, _, actual = wrong[0]
    at = (*path, key)
    sides = "x".join("?" if side is None else str(side) for side in declared)
    return Finding(
        code,
        f"{format_path(path)}: declared {sides}, but {where} is {real[0]}x{real[1]} "
        f"({kind or 'image'})",
        at,
        fix=Fix(at, f"write the picture's {key}, {actual}", actual),
    )
