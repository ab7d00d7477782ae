"""Write a corpus of seed-sized article records for the benchmarks.

Every file is the seed record with its values rewritten line by line, so the layout, key order,
quoting and size stay those of a real record while titles, dates, numbers, URLs and the `secured`
blob differ. File `i` depends only on `--seed` and `i`, so a corpus can be regenerated or extended
and stays byte-identical. `--invalid-fraction` gives a share of the files exactly one schema error.

    python benchmarks/generate.py --count 10000 --out benchmarks/_generated/corpus
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import random
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEED_RECORD = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_9a993db882aadba2.txt"
DEFAULT_OUT = Path(__file__).resolve().parent / "_generated" / "corpus"

_VOCABULARY = (
    "AI charity children school report government data model privacy online safety images "
    "research users platform security cloud policy students teachers parents regulator "
    "technology startup market chips network energy climate health hospital doctors patients "
    "city council transport rail football music streaming games developers software update "
    "launch warning review study experts scientists survey investment budget jobs workers"
)
_WORDS = _VOCABULARY.split()
_LINE = re.compile(r"^( *)(- )?([A-Za-z]+):( ?)(.*?)(\r?)$")
_START = dt.datetime(2019, 1, 1, tzinfo=dt.timezone.utc)
_SPAN_SECONDS = 6 * 365 * 24 * 3600


@dataclass(frozen=True)
class Record:
    """The values one generated file carries; the URLs of one story agree with each other."""

    index: int
    title: str
    excerpt: str
    published: dt.datetime
    story_id: int
    quality: int
    heat: int
    related_title: str
    related_excerpt: str
    related_published: dt.datetime
    related_quality: int
    secured: str
    image_hex: str


def _words(rng: random.Random, length: int) -> str:
    """Words up to about `length` characters: no quotes or backslashes, so quoting stays valid."""
    out: list[str] = []
    while sum(len(w) + 1 for w in out) < length:
        out.append(rng.choice(_WORDS))
    text = " ".join(out)
    return text[0].upper() + text[1:]


def _secured(rng: random.Random) -> str:
    """`base64(ciphertext);base64(iv)`: 240-416 bytes in blocks of 16, then a 16-byte IV."""
    cipher = rng.randbytes(16 * rng.randint(15, 26))
    return f"{base64.b64encode(cipher).decode()};{base64.b64encode(rng.randbytes(16)).decode()}"


def make_record(seed: int, index: int) -> Record:
    """The values of file `index`; one private random stream per file keeps files independent."""
    rng = random.Random(seed * 1_000_003 + index)
    published = _START + dt.timedelta(seconds=rng.randrange(_SPAN_SECONDS))
    return Record(
        index=index,
        title=f"{_words(rng, 55)} {index}",
        excerpt=_words(rng, 280) + ".",
        published=published,
        story_id=60_000_000 + index * 97 + rng.randrange(97),
        quality=rng.randint(0, 120),
        heat=rng.randint(-1, 100),
        related_title=_words(rng, 70),
        related_excerpt=_words(rng, 130),
        related_published=published - dt.timedelta(minutes=rng.randint(1, 48 * 60)),
        related_quality=rng.randint(0, 120),
        secured=_secured(rng),
        image_hex=rng.randbytes(20).hex(),
    )


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _story_url(rec: Record) -> str:
    return f"https://www.bbc.co.uk/news/technology-{rec.story_id}"


def _related_path(rec: Record) -> str:
    day = rec.related_published
    month = day.strftime("%b").lower()
    return f"global-development/{day.year}/{month}/{day.day:02d}/{_slug(rec.related_title)}"


def _image_url(rec: Record, host: str) -> str:
    digest = rec.image_hex
    if host == "bbc":
        media = f"_{rec.story_id * 2}_mediaitem{rec.story_id * 2 - 2}.jpg"
        return f"https://ichef.bbci.co.uk/news/1024/branded_news/{digest[:4].upper()}/production/{media}"
    query = f"width=620&quality=85&auto=format&fit=max&s={digest[8:40]}"
    return f"https://i.guim.co.uk/img/media/{digest}/0_347_5200_3119/master/5200.jpg?{query}"


def _q(text: str) -> str:
    return f'"{text}"'


# (section, key) -> the new YAML value text. The section is the enclosing top-level key, with
# ".images"/".provider" added for the related entry's own sub-blocks; "" is the top level.
_REWRITES: dict[tuple[str, str], Callable[[Record], str]] = {
    ("", "title"): lambda r: _q(r.title),
    ("", "excerpt"): lambda r: _q(r.excerpt),
    ("", "publishedDateTime"): lambda r: _stamp(r.published),
    ("", "originalUrl"): lambda r: _q(_story_url(r)),
    ("", "webUrl"): lambda r: _q(_story_url(r)),
    ("", "ampWebUrl"): lambda r: _q(_story_url(r) + ".amp"),
    ("", "cdnAmpWebUrl"): lambda r: _q(
        "https://www-bbc-co-uk.cdn.ampproject.org/c/s/" + _story_url(r)[8:] + ".amp"
    ),
    ("", "quality"): lambda r: str(r.quality),
    ("", "heat"): lambda r: str(r.heat),
    ("", "published"): lambda r: "true" if r.heat >= 70 else "false",
    ("", "secured"): lambda r: _q(r.secured),
    ("images", "url"): lambda r: _q(_image_url(r, "bbc")),
    ("related", "title"): lambda r: _q(r.related_title),
    ("related", "excerpt"): lambda r: _q(r.related_excerpt),
    ("related", "publishedDateTime"): lambda r: _stamp(r.related_published),
    ("related", "webUrl"): lambda r: _q("https://www.theguardian.com/" + _related_path(r)),
    ("related", "ampWebUrl"): lambda r: _q("https://amp.theguardian.com/" + _related_path(r)),
    ("related", "cdnAmpWebUrl"): lambda r: _q(
        "https://amp-theguardian-com.cdn.ampproject.org/c/s/amp.theguardian.com/" + _related_path(r)
    ),
    ("related", "quality"): lambda r: str(r.related_quality),
    ("related.images", "url"): lambda r: _q(_image_url(r, "guardian")),
}


def render(seed_lines: list[str], rec: Record) -> str:
    """The seed text with every known value replaced; unknown lines pass through unchanged."""
    out, section, top = [], "", ""
    for line in seed_lines:
        match = _LINE.match(line)
        if match is None:
            out.append(line)
            continue
        indent, dash, key, space, _value, cr = match.groups()
        depth = len(indent) + len(dash or "")
        if depth == 0:
            section = key if not space else ""
            top = key
        elif depth == 4 and top == "related" and not space:
            section = f"related.{key}"
        elif depth <= 4 and top == "related":
            section = "related"
        rewrite = _REWRITES.get((section if depth else "", key))
        if rewrite is None or not space:
            out.append(line)
        else:
            out.append(f"{indent}{dash or ''}{key}: {rewrite(rec)}{cr}")
    return "\n".join(out)


# One schema error each. Every mutation touches a single line of a valid record.
def _wrong_type(text: str, rec: Record) -> str:
    return text.replace(f"\nquality: {rec.quality}\n", f'\nquality: "{rec.quality}"\n', 1)


def _unknown_key(text: str, rec: Record) -> str:
    return text.replace("\ncategory: news\n", "\ncategory: news\nauthr: Jane Doe\n", 1)


def _bad_enum(text: str, rec: Record) -> str:
    return text.replace("\ntype: article\n", "\ntype: artcle\n", 1)


def _bad_format(text: str, rec: Record) -> str:
    stamp = _stamp(rec.published)
    return text.replace(
        f"\npublishedDateTime: {stamp}\n", f"\npublishedDateTime: {stamp[:10]}\n", 1
    )


def _missing_key(text: str, rec: Record) -> str:
    return text.replace("\ncategory: news\n", "\n", 1)


MUTATIONS: tuple[Callable[[str, Record], str], ...] = (
    _wrong_type,
    _unknown_key,
    _bad_enum,
    _bad_format,
    _missing_key,
)


def file_text(seed_lines: list[str], seed: int, index: int, invalid: bool) -> str:
    """File `index` of the corpus, with one mutation when `invalid`."""
    rec = make_record(seed, index)
    text = render(seed_lines, rec)
    if invalid:
        mutate = MUTATIONS[index % len(MUTATIONS)]
        changed = mutate(text, rec)
        if changed == text:
            raise RuntimeError(f"mutation {mutate.__name__} did not apply to file {index}")
        text = changed
    return text


def file_name(seed: int, index: int) -> str:
    rec = make_record(seed, index)
    return f"{rec.published:%Y-%m-%d}-{_slug(rec.title)[:60]}.md"


def is_invalid(index: int, fraction: float) -> bool:
    """Spread the invalid files evenly: file i is invalid when floor(i*f) steps up."""
    return int((index + 1) * fraction) > int(index * fraction)


def generate(
    out: Path,
    count: int,
    invalid_fraction: float = 0.0,
    seed: int = 2023,
    source: Path = SEED_RECORD,
) -> list[Path]:
    """Write the corpus into `out` (emptied first) and return the file paths in order."""
    seed_lines = source.read_text(encoding="utf-8").split("\n")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    paths = []
    for index in range(count):
        path = out / file_name(seed, index)
        text = file_text(seed_lines, seed, index, is_invalid(index, invalid_fraction))
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--invalid-fraction", type=float, default=0.0, metavar="F")
    parser.add_argument("--seed", type=int, default=2023, help="random seed (default 2023)")
    parser.add_argument("--source", type=Path, default=SEED_RECORD, help="the seed record")
    args = parser.parse_args(argv)
    if not 0.0 <= args.invalid_fraction <= 1.0:
        parser.error("--invalid-fraction must be between 0 and 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    paths = generate(args.out, args.count, args.invalid_fraction, args.seed, args.source)
    size = sum(p.stat().st_size for p in paths)
    invalid = sum(is_invalid(i, args.invalid_fraction) for i in range(args.count))
    print(
        f"wrote {len(paths):,} files ({invalid:,} with one schema error), "
        f"{size / max(len(paths), 1):,.0f} bytes each on average, to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
