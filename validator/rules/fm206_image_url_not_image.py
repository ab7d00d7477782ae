"""An image URL does not look like a picture.

The `url` of an image or provider logo (`images[i].url`, `provider.images[i].url`, and inside
`related`) should point at a picture. A page URL pasted there, a script, or a video shows as
a broken image. The rule accepts a URL whose file name has an image extension (`.jpg`, `.jpeg`,
`.png`, `.gif`, `.webp`, `.avif`, `.svg`, `.bmp`, `.ico`, `.tif`, `.heic`, `.jxl`, any case,
query ignored, so `.../5200.jpg?width=620` and `.png.jpg` pass), or a query that asks for an
image format (`?format=jpg`, `?fm=webp`), or a URL on a known image CDN or resizer, whose
pictures often have no extension: the picture hosts the corpus uses (`i.ytimg.com`,
`i.guim.co.uk`, `ichef.bbci.co.uk`, `static.toiimg.com`, `images.idgesg.net`,
`image.cnbcfm.com`, `th-i.thgim.com`, ...), WordPress Photon (`i0.wp.com`), Cloudinary,
imgix, Contentful, Unsplash, Twitter and Imgur, and resizer paths such as `/img/resize/`,
`/image/upload/` and the Khoros community image server's `/t5/image/serverpage/` (pictures of
`powerusers.microsoft.com`). A known host does not excuse a file that is plainly something
else (`.html`, `.php`, `.js`, `.pdf`, `.mp4`, ...), nor an empty path.

Severity: warning; an image service may serve pictures from any address.

Bad:

    images:
      - url: "https://www.bbc.co.uk/news/technology-67521226"

Good:

    images:
      - url: "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_131809931_mediaitem131809929.jpg"
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import WARNING, Finding, format_path
from .urls import image_problem, is_image, parse, show, urls

CODE = "FM206"
NAME = "image-url-not-image"
SEVERITY = WARNING
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    for path, url in urls(record):
        if not is_image(path) or context.rejected(path):
            continue
        parsed = parse(url)
        if isinstance(parsed, str):
            continue  # FM201's
        problem = image_problem(parsed)
        if problem:
            yield Finding(CODE, f"{format_path(path)}: {show(url, 60)} {problem}", path)
