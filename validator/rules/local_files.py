"""Where a picture named in front matter is in the site, and its real size: offline, and never
outside the project (shared by FM407 and FM408).

A value names a file of the site unless it is a URL (a scheme, `https:` or `data:`, or `//host`),
a template (`{{`, `{%`) or empty. Its query and fragment are dropped and it is percent-decoded,
as a web server reads it. An alias a bundler resolves (`~/assets/a.png`, Astro's and Vite's) is
read from the site's `tsconfig.json` or `jsconfig.json` (`"paths": {"~/*": ["./src/*"]}`); one
no such file declares (or a file with comments, which is no JSON) is not judged.

The site's root is the nearest folder, from the page's up to the project root (the current
folder), that holds a generator's marker (`_config.yml`, `hugo.toml`, `config.toml`,
`astro.config.mjs`, `docusaurus.config.js`, `eleventy.config.js`, `mkdocs.yml`, `package.json`,
...) or fmlint's `.fmlint.toml` (the project's root, as `fmlint init` marks it). A site path
`/img/a.png` is served from one of its folders: `static/` (Hugo, Zola, Docusaurus), `public/`
(Astro, Next.js), `assets/` (Hugo mounts it), the root itself (Jekyll), `content/` (Hugo and Zola
publish a page bundle's files at the page's path), `docs/` (MkDocs), `src/` or the input folder
an Eleventy configuration names, and a Hugo theme's `static/` and `assets/`. A relative `a.png`
or `../x/a.png` is looked for beside the page first (a Hugo page bundle, Astro's `image()`), then
as a site path (Jekyll's `absolute_url` and Hugo's `absURL` read it from the site's root).
Without a marker the folders are no site fmlint can tell (records copied out of their site, a
run from inside `content/`): a picture is then judged only where it is found beside the page.

Nothing outside the project is read or even looked at: a path is walked one folder at a time, and
a `..` or a symbolic link that would lead out is not followed. Such a picture is not judged (it
may be there), nor is one a folder fmlint cannot read may hide. Its size is `picture_header`'s.

Kept between lookups only what cannot mislead: a picture's size, by its file's identity and time,
and each folder's site for `FRESH` seconds (many pages share a site; a language server that runs
for hours still sees a new `static/` within seconds). Whether a picture is there is asked anew at
every lookup. `lookups()` counts the lookups that asked the disk: a file's result that depends on
them is not cached (`run.job`), since a picture can appear, go or change without the file
changing.

One module past 400 lines, on purpose: finding the site's folders and walking to a picture share
one guard (`follow`, never outside the project) and one set of memos; apart, each would have to
be trusted to use the other's.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from posixpath import normpath
from urllib.parse import unquote

from ..disk.safe_read import read_bytes

FOUND, MISSING, UNKNOWN = "found", "missing", "unknown"

# Files whose folder is a site's root (`astro.config.*` and its kin: any extension).
MARKERS = frozenset(
    {
        "_config.yml",
        "_config.yaml",
        "_config.toml",
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
        "mkdocs.yml",
        "mkdocs.yaml",
        "package.json",
        ".fmlint.toml",
        ".eleventy.js",
        ".eleventy.cjs",
        ".eleventy.mjs",
    }
)
MARKER_STEMS = ("astro.config.", "docusaurus.config.", "eleventy.config.")
# Where a site serves files from, in the order they are looked in ("": the root itself).
SITE_FOLDERS = ("static", "public", "assets", "", "content", "docs", "src")
THEME_FOLDERS = ("static", "assets")
MAX_THEMES = 16
ELEVENTY_CONFIGS = (
    ".eleventy.js",
    ".eleventy.cjs",
    ".eleventy.mjs",
    "eleventy.config.js",
    "eleventy.config.cjs",
    "eleventy.config.mjs",
    "eleventy.config.ts",
)
_ELEVENTY_INPUT = re.compile(rb"""\binput\s*:\s*["'`]([^"'`\r\n]{1,200})["'`]""")
CONFIG_CAP = 1 << 20
ALIAS_CONFIGS = ("tsconfig.json", "jsconfig.json")
MAX_ALIASES = 64

MAX_VALUE = 1024  # characters: a longer value is no file name a site has
MAX_PICTURES = 1000  # different pictures looked up in one file; a hostile one may name millions
FRESH = 2.0  # seconds a folder's site is believed
MAX_KEPT = 4096  # answers kept in each memo
MAX_HOPS = 40  # symbolic links followed in one path (the kernel's own limit)

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_TEMPLATES = ("{{", "{%", "{#", "<%", "${")
_lookups = 0


def lookups() -> int:
    """How many lookups asked the disk in this process so far (see the module's docstring)."""
    return _lookups


def local_path(value: object) -> str | None:
    """The path `value` names on the site (`/img/a.png`, `a.png`, `../x/a.png`: decoded, without
    query or fragment), or None: no string, or a URL, template, alias or empty value."""
    path = _named(value)
    return None if path is None or path.startswith(_ALIAS_MARKS) else path


_ALIAS_MARKS = ("~", "@")


def _named(value: object) -> str | None:
    """`local_path`, aliases (`~/assets/a.png`) kept."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_VALUE or text.startswith(("//", "#", "?")):
        return None
    if "\\" in text or _SCHEME.match(text) or any(mark in text for mark in _TEMPLATES):
        return None
    path = text.partition("#")[0].partition("?")[0]
    return unquote(path, errors="surrogateescape") if path else None


class Picture:
    """A picture found: its real path, and its `stat` (what its size is remembered by)."""

    __slots__ = ("info", "path")

    def __init__(self, path: str, info: os.stat_result):
        self.path = path
        self.info = info


class Missing:
    """No file of the site has the name: the folders looked in (relative to the project root:
    `static/`, `content/post/`, `./`)."""

    __slots__ = ("looked",)

    def __init__(self, looked: tuple[str, ...]):
        self.looked = looked


def located(walk, page: str | None) -> dict:
    """`locate`'s answer for each of a record's picture sources (`walk.picture_sources`), by
    document path: worked out once for the rules that share the record's walk (FM407, FM408)."""
    global _last
    last = _last
    if last[0] is walk and last[1] == page:
        return last[2]
    by_value: dict = {}  # a picture named twice is looked up once
    answers = {}
    for path, value in walk.picture_sources:
        if value not in by_value:
            by_value[value] = locate(value, page) if len(by_value) < MAX_PICTURES else None
        answers[path] = by_value[value]
    _last = (walk, page, answers)
    return answers


def locate(value: object, page: str | None) -> Picture | Missing | None:
    """Where the file `value` names is, for the page at path `page` (as the engine was given it);
    None when the value names no local file, or where that cannot be told: no page on disk (stdin),
    a page outside the project, a path or a link that leads out of it, a folder that cannot be
    read."""
    relative = _named(value)
    if relative is None or not page:
        return None
    project = _projects.get(_cwd(), _real)
    if project is None:
        return None
    folder = _folders.get(os.path.dirname(os.path.abspath(page)), _real)
    if folder is None or not _inside(project, folder):
        return None
    global _lookups
    _lookups += 1
    root = _site_root(project, folder)
    site = _NO_SITE if root is None else _sites.get((project, root), _site)
    if relative.startswith(_ALIAS_MARKS):
        tries = site.resolve(relative)
        if not tries:
            return None  # an alias the site does not declare: the bundler's to judge
        uncertain = False
    else:
        served = normpath("/" + relative)  # as in a URL, `..` stops at the site's root
        tries = [] if relative.startswith("/") else [(folder, None, os.path.join(folder, relative))]
        tries.extend((base, shown, base.rstrip(os.sep) + served) for base, shown in site.folders)
        uncertain = site.uncertain
    for base, _, wanted in tries:
        outcome, real, info = follow(project, wanted, base)
        if outcome == FOUND and stat.S_ISREG(info.st_mode):
            return Picture(real, info)
        uncertain = uncertain or outcome == UNKNOWN
    if uncertain:
        return None
    looked = dict.fromkeys(shown or _shown(project, folder) for _, shown, _ in tries)  # each once
    return Missing(tuple(looked))


def follow(
    project: str, path: str, start: str | None = None
) -> tuple[str, str | None, os.stat_result | None]:
    """`(FOUND, real path, its lstat)`, `(MISSING, None, None)` or `(UNKNOWN, None, None)` for
    `path`, an absolute path, walked from `project` (a real folder) one name at a time: a `..` or
    a symbolic link is followed only where it stays inside, so nothing outside is ever looked at.
    UNKNOWN: it leads out, or a folder on the way cannot be read. `start`: a real folder inside
    the project the walk may begin at, when `path` is inside it."""
    path = os.path.normpath(path)
    if not _inside(project, path):
        return UNKNOWN, None, None
    current = start if start is not None and _inside(start, path) else project
    pending = _names(current, path)[::-1]  # popped from the end
    info, hops = None, 0
    while pending:
        name = pending.pop()
        if name in ("", "."):
            continue
        if name == "..":
            current, info = os.path.dirname(current), None
            if not _inside(project, current):
                return UNKNOWN, None, None
            continue
        step = os.path.join(current, name)
        try:
            info = os.lstat(step)
        except (FileNotFoundError, NotADirectoryError):
            return MISSING, None, None
        except ValueError:  # a NUL, or a character no file name can hold
            return MISSING, None, None
        except OSError:  # no permission, a name too long, ...
            return UNKNOWN, None, None
        if stat.S_ISLNK(info.st_mode):
            hops += 1
            try:
                target = os.readlink(step)
            except OSError:
                return UNKNOWN, None, None
            if hops > MAX_HOPS:
                return UNKNOWN, None, None
            if os.path.isabs(target):
                target = os.path.normpath(target)
                if not _inside(project, target):
                    return UNKNOWN, None, None
                current = project
                pending.extend(_names(project, target)[::-1])
            else:
                pending.extend(target.split(os.sep)[::-1])
            info = None
            continue
        if pending and not stat.S_ISDIR(info.st_mode):
            return MISSING, None, None
        current = step
    if info is None:
        try:
            info = os.lstat(current)  # a real path: nothing left to follow
        except OSError:
            return UNKNOWN, None, None
    return FOUND, current, info


# -- the site


class _Site:
    """The real folders a site serves files from, each with its name as a message shows it, and
    whether one of them cannot be told (`uncertain`: it leads out of the project, or cannot be
    read; a picture may be there)."""

    __slots__ = ("aliases", "folders", "uncertain")

    def __init__(self, folders: list, uncertain: bool, aliases: tuple = ()):
        self.folders = tuple(folders)
        self.uncertain = uncertain
        self.aliases = aliases  # (prefix, real folder, as shown), longest prefix first

    def resolve(self, value: str) -> list:
        """Where an aliased `value` (`~/assets/a.png`) is, as `locate` tries it: the folder its
        longest declared prefix stands for, never above that folder; [] without one."""
        for prefix, folder, shown in self.aliases:
            if value.startswith(prefix):
                rest = normpath("/" + value[len(prefix) :])
                return [(folder, shown, folder.rstrip(os.sep) + rest)]
        return []


_NO_SITE = _Site([], uncertain=True)  # no marker: the picture may be in folders fmlint cannot tell


def _site_root(project: str, folder: str) -> str | None:
    """The nearest folder from `folder` up to `project` holding a marker, or None."""
    while not _roots.get(folder, _has_marker):
        parent = os.path.dirname(folder)
        if folder == project or parent == folder:
            return None
        folder = parent
    return folder


def _has_marker(folder: str) -> bool:
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any(name in MARKERS or name.startswith(MARKER_STEMS) for name in names)


def _site(where: tuple[str, str]) -> _Site:
    project, root = where
    names = [os.path.join(root, name) if name else root for name in SITE_FOLDERS]
    names.extend(_eleventy_input(project, root))
    names.extend(_themes(project, root))
    folders, uncertain = {}, False
    for name in names:
        outcome, real, info = follow(project, name)
        if outcome == FOUND and stat.S_ISDIR(info.st_mode) and real not in folders:
            folders[real] = _shown(project, real)
        uncertain = uncertain or outcome == UNKNOWN
    return _Site(list(folders.items()), uncertain, _aliases(project, root))


def _aliases(project: str, root: str) -> tuple:
    """The path aliases a TypeScript or JavaScript configuration at `root` declares
    (`"compilerOptions": {"paths": {"~/*": ["./src/*"]}}`), each as (prefix, real folder, as
    shown), longest prefix first; only `prefix/*` to a folder inside the project."""
    found = []
    for name in ALIAS_CONFIGS:
        outcome, real, info = follow(project, os.path.join(root, name))
        if outcome != FOUND or not stat.S_ISREG(info.st_mode):
            continue
        try:
            options = json.loads(read_bytes(real, CONFIG_CAP, follow=False))["compilerOptions"]
            paths, base = options["paths"], options.get("baseUrl", ".")
            entries = list(paths.items())[:MAX_ALIASES]
        except (OSError, ValueError, RecursionError, KeyError, TypeError, AttributeError):
            continue  # comments or trailing commas (no JSON), or no paths: nothing declared
        for pattern, targets in entries:
            if not (
                isinstance(pattern, str)
                and pattern.startswith(_ALIAS_MARKS)
                and pattern.endswith("/*")
                and isinstance(targets, list)
                and targets
                and isinstance(targets[0], str)
                and targets[0].endswith("/*")
                and isinstance(base, str)
            ):
                continue
            wanted = os.path.normpath(os.path.join(root, base, targets[0][:-2]))
            outcome, folder, info = follow(project, wanted)
            if outcome == FOUND and stat.S_ISDIR(info.st_mode):
                found.append((pattern[:-1], folder, _shown(project, folder)))
    return tuple(sorted(found, key=lambda alias: -len(alias[0])))


def _eleventy_input(project: str, root: str) -> list[str]:
    """The input folder an Eleventy configuration at `root` names (`dir: {input: "src"}`)."""
    found = []
    for name in ELEVENTY_CONFIGS:
        outcome, real, info = follow(project, os.path.join(root, name))
        if outcome != FOUND or not stat.S_ISREG(info.st_mode):
            continue
        try:
            text = read_bytes(real, CONFIG_CAP, follow=False)
        except OSError:
            continue
        for match in _ELEVENTY_INPUT.finditer(text):
            given = match.group(1).decode("utf-8", "surrogateescape").strip("/")
            found.append(os.path.join(root, given))
    return found


def _themes(project: str, root: str) -> list[str]:
    """Each Hugo theme's `static/` and `assets/` (`themes/<name>/`)."""
    outcome, real, info = follow(project, os.path.join(root, "themes"))
    if outcome != FOUND or not stat.S_ISDIR(info.st_mode):
        return []
    try:
        themes = sorted(os.listdir(real))[:MAX_THEMES]
    except OSError:
        return []
    return [os.path.join(real, theme, name) for theme in themes for name in THEME_FOLDERS]


# -- paths


def _inside(project: str, path: str) -> bool:
    return path == project or path.startswith(project.rstrip(os.sep) + os.sep)


def _names(folder: str, path: str) -> list[str]:
    """The names of `path` below `folder` (`path` inside it)."""
    rest = path[len(folder) :].strip(os.sep)
    return rest.split(os.sep) if rest else []


def _shown(project: str, folder: str) -> str:
    """`static/`, `content/post/`, or `./` for the project root itself."""
    relative = os.path.relpath(folder, project)
    return "./" if relative == "." else relative.replace(os.sep, "/") + "/"


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:  # the current folder was removed
        return ""


def _real(path: str) -> str | None:
    """The real path of a folder fmlint already works in (the project, a linted page's)."""
    return os.path.realpath(path) if path and os.path.isdir(path) else None


# -- memos


class _Recent:
    """Answers by key, each believed for `FRESH` seconds; at most `MAX_KEPT`, the oldest go."""

    def __init__(self) -> None:
        self._kept: dict = {}

    def get(self, key, make):
        now = time.monotonic()
        kept = self._kept.get(key)
        if kept is not None and now - kept[0] < FRESH:
            return kept[1]
        answer = make(key)
        self._kept.pop(key, None)
        keep(self._kept, key, (now, answer))
        return answer


def keep(memo: dict, key, value) -> None:
    """Put `value` in `memo`, dropping its oldest answer once it holds `MAX_KEPT`."""
    if len(memo) >= MAX_KEPT:
        memo.pop(next(iter(memo)), None)
    memo[key] = value


_projects = _Recent()  # the current folder -> its real path
_folders = _Recent()  # a page's folder -> its real path
_roots = _Recent()  # a real folder -> whether it holds a generator's marker
_sites = _Recent()  # a site's root -> its `_Site`
_last: tuple = (None, None, {})  # the last walk `located` answered for: (walk, page, answers)
