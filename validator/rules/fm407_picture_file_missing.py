"""A picture names a file of the site that is not there.

A value the schema marks as a picture (`"x-fmlint-role": "picture"`; an article's `images` and
`provider.images`) that is no URL names a file of the site: `/img/cover.png` is served from the
site's `static/`, `public/` or `assets/` folder, or its root (Jekyll); a relative `cover.png`
sits beside the page (a Hugo page bundle, Astro's `image()`) or at the site's root. When no such
file is in any of them, the site shows a broken picture (Astro and Hugo's resources stop the
build). The message names the folders looked in, relative to the project root.

The site's root is the nearest folder above the page with a generator's configuration
(`_config.yml`, `hugo.toml`, `config.toml`, `astro.config.*`, `package.json`, ...) or fmlint's
`.fmlint.toml`, up to the project root (the folder fmlint runs in); without one, fmlint cannot
tell the site's folders and reports no picture missing. URLs and templates (`{{ ... }}`) are not
files; a bundler alias (`~/assets/x.png`) is one where the site's `tsconfig.json` or
`jsconfig.json` declares it (`"paths": {"~/*": ["./src/*"]}`, as Astro sites do). Nothing outside
the project is looked at: a path or a symbolic link that leads out, or a folder fmlint cannot
read, may hold the picture, so it is not reported. Text on stdin is checked only with
`--stdin-filename` (its folder is the page's).

Bad (no `static/img/cover.png`, `public/img/cover.png`, ... in the site):

    image: /img/cover.png

Good:

    image: /img/cover.png   # static/img/cover.png is there

Fix: none automatic; add the picture, or name the one that is there.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostic import ERROR, Finding, format_path
from .local_files import Missing, located
from .urls import show

CODE = "FM407"
NAME = "picture-file-missing"
SEVERITY = ERROR
APPLIES_TO = "schema"
FIX = ""


def check(record: dict, context) -> Iterable[Finding]:
    if context.file is None:
        return
    walk = context.record(record)
    answers = located(walk, context.file)
    for path, value in walk.picture_sources:
        found = answers[path]
        if isinstance(found, Missing) and not context.rejected(path):
            yield Finding(
                CODE,
                f"{format_path(path)}: {show(value)} names no file of the site "
                f"(looked in {', '.join(found.looked)})",
                path,
            )
