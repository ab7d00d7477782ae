"""Planting defects in a real site's pages where its schemas say a value of each kind is, for
`test_ssg_sites.py`: each kind's planter reads a page's front matter (`front_slots`, not fmlint's
reader) and the schema `fmlint init` wrote for its collection, and writes the defect in place,
saying the line and column fmlint must report it at.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .front_slots import Front, Slot, read_front

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# The kinds the issue asks for, in the order they are planted (the scarce ones first), and those
# that stand in, in turn, for a kind no page of a site has a value of.
ASKED = (
    "picture-missing",
    "picture-size",
    "width-zero",
    "february-30",
    "htps",
    "space-in-url",
    "missing-key",
    "syntax",
    "duplicate-key",
    "wrong-type",
)
SUBSTITUTES = ("month-first-date", "unknown-tld", "javascript-url", "missing-nested-key")
PER_KIND = 3

_URL_FORMATS = ("uri", "iri", "uri-reference", "iri-reference")
_ABSOLUTE_FORMATS = ("uri", "iri")
_DATE_FORMATS = ("date", "date-time")
_LOCATION_KEYS = ("url", "src", "file", "path", "image")  # a picture object's location key
_WEB = re.compile(r"(https?://)([^/?#:\s]+)(.*)")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Plant:
    """A defect planted: its kind, the file, and where fmlint must place it (`column` None: a
    syntax error, which the parser places where it stops on that line)."""

    kind: str
    file: str
    line: int
    column: int | None


@dataclass
class Page:
    """A page of a collection, as the planter reads it: its text, front matter and schema."""

    file: str
    path: Path
    text: str
    front: Front
    schema: dict

    def slots(self) -> list[Slot]:
        """Its one-line scalars, the top level's first (a kind is planted where it is plainest)."""
        return sorted(self.front.slots.values(), key=lambda slot: len(slot.path))


def plant(pages: list[Page]) -> tuple[list[Plant], dict]:
    """Plant each asked kind in 3 of `pages` (or the next substitute, where fewer than 3 take
    the kind), each page one defect."""
    used: set[str] = set()
    plants: list[Plant] = []
    substituted: dict[str, str] = {}
    spare = list(SUBSTITUTES)
    for kind in ASKED:
        done = plant_kind(kind, pages, used)
        while not done and spare:
            stand_in = spare.pop(0)
            done = plant_kind(stand_in, pages, used)
            if done:
                substituted[kind] = stand_in
        plants += done
    return plants, substituted


def collection_pages(root: Path, fenced: dict[str, str], skip: set[str]) -> list[Page]:
    """The pages of the collections `init` wrote, in order, each with its schema, less `skip`
    (those with a finding before planting)."""
    config = tomllib.loads((root / ".fmlint.toml").read_text(encoding="utf-8"))
    schemas = {}
    for glob, schema in config["collections"].items():
        assert glob.endswith("/**"), glob  # what `init` writes: a folder and all below it
        schemas[glob[: -len("**")]] = json.loads((root / schema).read_text(encoding="utf-8"))
    pages = []
    for file in sorted(fenced):
        folder = next((folder for folder in schemas if file.startswith(folder)), None)
        if folder is None or file in skip:
            continue
        text = (root / file).read_text(encoding="utf-8")
        if len(text.splitlines()) != len(text.split("\n")) - text.endswith("\n"):
            continue  # a line break other than \n: lines would be counted two ways
        front = read_front(text)
        if front is not None:
            pages.append(Page(file, root / file, text, front, schemas[folder]))
    return pages


def offers(kind: str, page: Page) -> bool:
    """Whether `page` has a place for `kind`, in any of its planter's passes."""
    planter, passes = PLANTERS[kind]
    return any(planter(page, way) is not None for way in range(passes))


def plant_kind(kind: str, pages: list[Page], used: set[str]) -> list[Plant]:
    """`kind` planted in 3 pages not `used` yet (the planter's first pass over all pages, then
    its next), or in none when fewer than 3 take it."""
    planter, passes = PLANTERS[kind]
    chosen: list[tuple[Page, str, Plant]] = []
    for way in range(passes):
        for page in pages:
            if len(chosen) == PER_KIND:
                break
            if page.file in used or any(page is taken for taken, _, _ in chosen):
                continue
            made = planter(page, way)
            if made is not None:
                text, (line, column) = made
                chosen.append((page, text, Plant(kind, page.file, line, column)))
    if len(chosen) < PER_KIND:
        return []
    for page, text, _ in chosen:
        page.path.write_text(text, encoding="utf-8")
        used.add(page.file)
    return [made for _, _, made in chosen]


# A planter: `(page, way)` -> (the page's new text, (line, column) the defect must be reported
# at), or None where the page has no place for it; `way` is the pass over all pages (a planter
# with two passes prefers what its first finds anywhere).


def _missing(page: Page, way: int, nested: bool = False) -> tuple | None:
    """A required key deleted (its line: a key with a one-line value, of a mapping that keeps
    another), the top level's in the first pass, a nested mapping's (YAML) in the second; the
    finding goes to the mapping's first remaining key."""
    if (way == 1 or nested) and page.front.syntax != "yaml":
        return None
    for slot in page.slots():
        parent = slot.path[:-1]
        if slot.key is None or bool(parent) != (way == 1 or nested) or slot.key[0] != slot.line:
            continue
        if any(isinstance(step, int) for step in parent):
            continue
        required = {key for node in nodes(page.schema, parent) for key in node.get("required", ())}
        siblings = [p for p in page.front.keys if p[:-1] == parent and len(p) == len(slot.path)]
        if slot.path[-1] not in required or len(siblings) < 2:
            continue
        lines = page.text.splitlines(keepends=True)
        del lines[slot.line - 1]
        line, column = page.front.keys[next(p for p in siblings if p != slot.path)]
        return "".join(lines), (line - (line > slot.line), column)
    return None


def _missing_nested(page: Page, way: int) -> tuple | None:
    return _missing(page, way, nested=True)


def _syntax(page: Page, way: int) -> tuple | None:
    """YAML: an unquoted colon after a top-level value (`title: Jekyll: the guide`); TOML: a
    string left unterminated (`title = "Jekyll`)."""
    for slot in page.slots():
        if slot.key is None or len(slot.path) != 1 or slot.key[0] != slot.line:
            continue
        if not slot.string:
            continue
        if page.front.syntax == "yaml" and ": " not in slot.text:
            return _replaced(page, slot, slot.raw + ": an unquoted colon"), (slot.line, None)
        if page.front.syntax == "toml" and slot.raw.startswith('"'):
            return _replaced(page, slot, slot.raw[:-1]), (slot.line, None)
    return None


def _duplicate(page: Page, way: int) -> tuple | None:
    """A top-level key's line written twice: the second is the duplicate."""
    for slot in page.slots():
        if slot.key is not None and len(slot.path) == 1 and slot.key[0] == slot.line:
            lines = page.text.splitlines(keepends=True)
            lines.insert(slot.line, lines[slot.line - 1])
            return "".join(lines), (slot.line + 1, slot.key[1])
    return None


def _wrong_type(page: Page, way: int) -> tuple | None:
    """A list where the schema says string: `author: ["parkr", "another"]`."""
    for slot in page.slots():
        types = {kind for node in nodes(page.schema, slot.path) for kind in _types(node)}
        if slot.string and types == {"string"}:
            listed = f'[{json.dumps(slot.text, ensure_ascii=False)}, "another"]'
            return _replaced(page, slot, listed), (slot.line, slot.column)
    return None


def _urls(page: Page, way: int, absolute: bool = True):
    """The URL values of the page that are no picture: in a field whose format is `uri`/`iri` in
    the first pass, `uri-reference`/`iri-reference` in the second; only absolute web URLs where
    `absolute`."""
    wanted = _ABSOLUTE_FORMATS if way == 0 else _URL_FORMATS[2:]
    for slot in page.slots():
        said = nodes(page.schema, slot.path)
        if not slot.string or not {node.get("format") for node in said} & set(wanted):
            continue
        if any(node.get("x-fmlint-role") == "picture" for node in said):
            continue
        if not absolute or _WEB.fullmatch(slot.text):
            yield slot


def _url_planter(change):
    """A planter writing `change(url)` for an absolute web URL: in a URL field of the page, or,
    in a third pass, in a top-level `uri` field its schema knows that the page lacks (written
    first, with the schema's first example)."""

    def planter(page: Page, way: int) -> tuple | None:
        if way < 2:
            for slot in _urls(page, way):
                return _replaced(page, slot, _written(page, slot, change(slot.text))), (
                    slot.line,
                    slot.column,
                )
            return None
        for name, field in page.schema.get("properties", {}).items():
            examples = [e for e in field.get("examples", ()) if _WEB.fullmatch(str(e))]
            if (
                field.get("format") in _ABSOLUTE_FORMATS
                and examples
                and (name,) not in (page.front.keys)
            ):
                value = change(examples[0])
                if page.front.syntax == "yaml":
                    line, column = f"{name}: {value}\n", len(name) + 3
                else:
                    line, column = f"{name} = {json.dumps(value)}\n", len(name) + 4
                lines = page.text.splitlines(keepends=True)
                lines.insert(page.front.opening, line)
                return "".join(lines), (page.front.opening + 1, column)
        return None

    return planter


def _htps(url: str) -> str:
    return _WEB.sub(r"htps://\2\3", url)


def _spaced(url: str) -> str:
    return _WEB.sub(r"\1\2/release notes\3", url)


def _unknown_tld(url: str) -> str:
    """`https://github.com/x` -> `https://github.comm/x`: the last letter of the top-level
    domain doubled."""
    scheme, host, rest = _WEB.fullmatch(url).groups()
    return f"{scheme}{host}{host[-1]}{rest}"


def _javascript(page: Page, way: int) -> tuple | None:
    """`javascript:alert(1)` in a URL field, absolute or relative."""
    for slot in _urls(page, way, absolute=False):
        return _replaced(page, slot, _written(page, slot, "javascript:alert(1)")), (
            slot.line,
            slot.column,
        )
    return None


def _dates(page: Page):
    """The dates of the page (a field whose schema has a date format or layouts) that start
    with a day written as ISO 8601 does."""
    for slot in page.slots():
        said = nodes(page.schema, slot.path)
        dated = any(n.get("format") in _DATE_FORMATS or "x-fmlint-date-layouts" in n for n in said)
        if dated and _ISO_DAY.match(slot.text):
            yield slot


def _february_30(page: Page, way: int) -> tuple | None:
    """The day of a date made `2023-02-30`, its layout and quoting kept."""
    for slot in _dates(page):
        day = slot.raw.replace(slot.text[:10], "2023-02-30", 1)
        return _replaced(page, slot, day), (slot.line, slot.column)
    return None


def _month_first(page: Page, way: int) -> tuple | None:
    """A date written month first, `01/23/2023`, as in the US: Ruby (Jekyll) reads day/month/year
    and finds no month 23, failing the build; Hugo, Zola and Eleventy read no such layout."""
    for slot in _dates(page):
        return _replaced(page, slot, _written(page, slot, "01/23/2023")), (slot.line, slot.column)
    return None


def _pictures(page: Page):
    """The picture locations of the page: a string the schema marks a picture, or the first
    location key (`url`, `src`, `file`, ...) of a mapping it marks so."""
    for slot in page.slots():
        if not slot.string:
            continue
        if any(n.get("x-fmlint-role") == "picture" for n in nodes(page.schema, slot.path)):
            yield slot
        elif slot.path[:-1] and _picture_object(page, slot.path[:-1]):
            present = [key for key in _LOCATION_KEYS if (*slot.path[:-1], key) in page.front.keys]
            if present[:1] == [slot.path[-1]]:
                yield slot


def _picture_object(page: Page, path: tuple) -> bool:
    return any(n.get("x-fmlint-role") == "picture" for n in nodes(page.schema, path))


def _picture_missing(page: Page, way: int) -> tuple | None:
    """A local picture renamed to a file the site does not have: `/img/a.png` ->
    `/img/missing-a.png`; an alias or a name beside the page -> `./missing-a.png`."""
    for slot in _pictures(page):
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", slot.text):
            continue  # a URL: no file of the site
        folder, _, name = slot.text.rpartition("/")
        renamed = f"{folder}/missing-{name}" if slot.text.startswith("/") else f"./missing-{name}"
        return _replaced(page, slot, _written(page, slot, renamed)), (slot.line, slot.column)
    return None


def _picture_width(page: Page, way: int, size: bool) -> tuple | None:
    """A picture object's `width` made 0 (or, for `size`, one pixel wider than written, where
    its `height` is written too)."""
    for slot in page.slots():
        parent = slot.path[:-1]
        if slot.path[-1:] != ("width",) or not parent or not _picture_object(page, parent):
            continue
        if size and not ((*parent, "height") in page.front.slots and slot.text.isdigit()):
            continue
        value = str(int(slot.text) + 1) if size else "0"
        return _replaced(page, slot, value), (slot.line, slot.column)
    return None


def _width_zero(page: Page, way: int) -> tuple | None:
    return _picture_width(page, way, size=False)


def _picture_size(page: Page, way: int) -> tuple | None:
    return _picture_width(page, way, size=True)


# kind -> (planter, passes over the pages)
PLANTERS = {
    "picture-missing": (_picture_missing, 1),
    "picture-size": (_picture_size, 1),
    "width-zero": (_width_zero, 1),
    "february-30": (_february_30, 1),
    "htps": (_url_planter(_htps), 3),
    "space-in-url": (_url_planter(_spaced), 3),
    "missing-key": (_missing, 2),
    "syntax": (_syntax, 1),
    "duplicate-key": (_duplicate, 1),
    "wrong-type": (_wrong_type, 1),
    "month-first-date": (_month_first, 1),
    "unknown-tld": (_url_planter(_unknown_tld), 3),
    "javascript-url": (_javascript, 2),
    "missing-nested-key": (_missing_nested, 1),
}


def _replaced(page: Page, slot: Slot, raw: str) -> str:
    """The page's text with `raw` written where the slot's value is."""
    lines = page.text.splitlines(keepends=True)
    line, start = lines[slot.line - 1], slot.column - 1
    assert line[start : start + len(slot.raw)] == slot.raw, (page.file, slot)
    lines[slot.line - 1] = line[:start] + raw + line[start + len(slot.raw) :]
    return "".join(lines)


def _written(page: Page, slot: Slot, text: str) -> str:
    """`text` written as the slot's value is: in its quotes, else plain in YAML, quoted in TOML."""
    quote = slot.raw[:1]
    if quote in ("'", '"') and len(slot.raw) > 1 and slot.raw.endswith(quote):
        return f"{quote}{text}{quote}"
    return json.dumps(text, ensure_ascii=False) if page.front.syntax == "toml" else text


def nodes(schema: dict, path: tuple) -> list[dict]:
    """The subschemas that apply at `path` of a record: through `properties`, `items` and the
    branches of `anyOf`, `oneOf`, `allOf` (what `init` writes; no `$ref`)."""
    here = _branches([schema])
    for step in path:
        following = []
        for node in here:
            child = node.get("items") if isinstance(step, int) else node.get("properties", {})
            if not isinstance(step, int) and isinstance(child, dict):
                child = child.get(step)
            if isinstance(child, dict):
                following.append(child)
        here = _branches(following)
    return here


def _branches(schemas: list[dict]) -> list[dict]:
    found, waiting = [], list(schemas)
    while waiting:
        schema = waiting.pop(0)
        found.append(schema)
        for name in ("anyOf", "oneOf", "allOf"):
            waiting += [branch for branch in schema.get(name, ()) if isinstance(branch, dict)]
    return found


def _types(node: dict) -> list[str]:
    kind = node.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)
