"""`fmlint infer`: a 2020-12 schema the records fit, with fmlint's knowledge, and the outliers.

The proof is the real `_games` collection of diablo4: its inferred schema lints the 360 records
with errors only on their real defect, and finds defects planted in copies of them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from .conftest import SHARED

GAMES = SHARED / "corpus" / "sites" / "diablo4" / "_games"
needs_games = pytest.mark.skipif(
    not GAMES.is_dir(), reason=f"the real diablo4 _games records are not here ({GAMES}); CI has it"
)
# the real defect: one writer's channel name `DM: Diablo Immortal`, unquoted (a YAML error)
REAL_DEFECT = "  name: DM: Diablo Immortal\n"


def record(n: int, **changes) -> str:
    fields = {
        "title": f'"Run {n}"',
        "kind": "video" if n % 2 else "article",
        "heat": str(10 + n),
        "score": f"{n}.5" if n == 3 else str(n),
        "day": f"2023-01-{n + 1:02d}",
        "at": f"2023-01-{n + 1:02d}T10:00:00Z",
        "url": f"https://example.com/{n}",
        "link": f"https://example.com/pokémon/{n}",
        "length": f"PT{n + 1}M3S",
    }
    fields.update(changes)
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


@pytest.fixture
def folder(tmp_path):
    site = tmp_path / "_runs"
    site.mkdir()
    for n in range(12):
        extra = {"note": '"seen"'} if n < 6 else {}
        (site / f"r{n:02d}.md").write_text(record(n, **extra))
    (site / "README.md").write_text("# no front matter: not a record\n")
    return site


def infer(run, *paths):
    result = run("infer", *map(str, paths))
    return result, (json.loads(result.stdout) if result.exit_code == 0 else None)


def test_the_schema_says_what_the_records_hold(run, folder):
    result, schema = infer(run, folder)
    assert result.exit_code == 0
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    props = schema["properties"]
    assert list(props) == sorted(props)
    assert props["at"]["format"] == "date-time" and props["at"]["type"] == "string"
    assert props["day"]["format"] == "date"
    assert props["url"]["format"] == "uri"
    assert props["link"]["format"] == "iri"  # non-ASCII: an IRI, not a URI
    assert props["length"]["pattern"].startswith("^P")
    assert props["heat"] == {"type": "integer", "examples": [10, 11, 12]}
    assert props["score"]["type"] == "number"  # 3.5 among whole numbers
    assert props["kind"] == {"type": "string", "enum": ["article", "video"]}
    assert props["title"]["examples"] == ["Run 0", "Run 1", "Run 2"]
    assert "enum" not in props["title"]  # twelve different titles: not a closed set
    assert schema["required"] == sorted(set(props) - {"note"})  # `note`: only half have it
    assert schema["additionalProperties"] is False
    assert schema["x-fmlint-unknown-keys"] == "warning"
    assert "Inferred a schema from 12 records (0 skipped, 0 outliers reported)." in result.stderr


def test_the_same_files_give_the_same_bytes(run, folder):
    first = run("infer", str(folder)).stdout
    assert run("infer", str(folder)).stdout == first
    assert first.endswith("}\n")


def test_a_format_is_set_only_when_every_value_has_it(run, folder):
    (folder / "r05.md").write_text(record(5, day="2023-02-30", at="2023-01-06 10:00:00"))
    _, schema = infer(run, folder)
    assert "format" not in schema["properties"]["day"]
    assert "format" not in schema["properties"]["at"]


def outliers(result) -> list[str]:
    prefix = "fmlint: infer: outlier: "
    return [line[len(prefix) :] for line in result.stderr.splitlines() if line.startswith(prefix)]


def test_outliers_are_reported_on_stderr(run, tmp_path):
    site = tmp_path / "many"
    site.mkdir()
    for n in range(60):
        changes = {"width": str(600 + n), "score": str(n)}
        if n == 7:
            changes.update(heat='"hot"', tittle='"typo"')
        if n == 8:
            changes.update(width="640000")
        if n == 9:
            changes.update(at="2023-01-10T10:00:00")  # no time zone: the `local` layout
        if n == 10:
            changes.update(day="2023-01-11 10:00:00 2023")  # a year written twice
        (site / f"r{n:02d}.md").write_text(record(n % 28, **changes))
    result, schema = infer(run, site)
    assert outliers(result) == [
        f'{site}/r07.md:4: heat: "hot" is a string where 59 of 60 are integers',
        f"{site}/r07.md:12: tittle: a key only 1 of 60 have",
        f"{site}/r08.md:11: width: 640000 is far outside the others "
        "(nine in ten lie between 602.95 and 657.05)",
        f'{site}/r10.md:6: day: "2023-01-11 10:00:00 2023" is in no date layout; the other 59 '
        "are written date",
    ]
    assert schema["properties"]["heat"]["type"] == ["integer", "string"]  # what the data says
    at = schema["properties"]["at"]
    assert "format" not in at and at["x-fmlint-date-layouts"] == ["rfc3339", "local"]
    day = schema["properties"]["day"]  # still a date, though one value is no date
    assert "format" not in day and day["x-fmlint-date-layouts"] == ["date"]
    assert schema["properties"]["width"]["minimum"] == 1
    assert result.stdout.startswith("{") and result.exit_code == 0


def test_unreadable_front_matter_is_skipped_with_its_reason(run, folder):
    (folder / "r03.md").write_text("---\ntitle: a: b\n---\n")
    result, _ = infer(run, folder)
    assert (
        f"fmlint: infer: skipped {folder}/r03.md: line 2: YAML syntax error: mapping values are "
        "not allowed in this context (FM005)"
    ) in result.stderr.splitlines()
    assert "11 records (1 skipped" in result.stderr


def test_nothing_to_infer_from_exits_2(run, tmp_path):
    (tmp_path / "README.md").write_text("# x\n")
    result = run("infer", str(tmp_path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "fmlint: error: no front matter to infer a schema from" in result.stderr
    missing = run("infer", str(tmp_path / "nope"))
    assert missing.exit_code == 2
    assert f"fmlint: error: {tmp_path / 'nope'}: no such file or directory" in missing.stderr


def lint(run, folder, schema_file, *flags):
    config = folder.parent / ".fmlint.toml"
    config.write_text(f'[collections]\n"{folder.name}/**" = "{schema_file.name}"\n')
    return run("check", "--output-format", "concise", "--no-cache", "--config", str(config), *flags)


@needs_games
def test_the_inferred_games_schema_flags_only_the_real_defect(run, tmp_path, monkeypatch):
    games = tmp_path / "_games"
    shutil.copytree(GAMES, games)
    assert len(list(games.glob("*.md"))) == 360
    result = run("infer", str(games))
    assert result.exit_code == 0, result.stderr
    schema_file = tmp_path / "game.schema.json"
    schema_file.write_text(result.stdout)
    broken = sorted(p.name for p in games.glob("*.md") if REAL_DEFECT in p.read_text())
    assert len(broken) == 4
    assert "Inferred a schema from 356 records (4 skipped, 0 outliers reported)." in result.stderr
    monkeypatch.chdir(tmp_path)
    checked = lint(run, games, schema_file, "_games")
    errors = [line for line in checked.stdout.splitlines() if "[warning]" not in line]
    assert errors == [
        f"_games/{name}:13:11: FM005 YAML syntax error: mapping values are not allowed in this "
        "context"
        for name in broken
    ]
    # `images` hold pictures (`x-fmlint-role`), so the picture checks run: YouTube's
    # "unsupported browser" placeholder, a picture of no game, is a warning wherever it is used
    warned = {line.split(":")[0] for line in checked.stdout.splitlines() if "[warning]" in line}
    assert {line.split()[1] for line in checked.stdout.splitlines() if "[warning]" in line} == {
        "FM206"
    }
    placeholder = "supported_browsers/dinosaur.png"
    assert warned == {
        f"_games/{p.name}" for p in games.glob("*.md") if placeholder in p.read_text()
    }


@needs_games
def test_the_inferred_games_schema_finds_planted_defects(run, tmp_path, monkeypatch):
    games = tmp_path / "_games"
    games.mkdir()
    sound = [p for p in sorted(GAMES.glob("*.md")) if REAL_DEFECT not in p.read_text()][:40]
    for path in sound:
        shutil.copy(path, games / path.name)
    schema_file = tmp_path / "game.schema.json"
    schema_file.write_text(run("infer", str(GAMES)).stdout)
    first, second, third = sorted(games.glob("*.md"))[:3]
    plant(first, r"length: .*\n", "")  # `length` missing
    date_line = plant(second, r"(publishedDateTime: )(.*)", r"\g<1>2023-02-30T10:00:00Z")
    heat_line = plant(third, r"(heat: )(.*)", r'\g<1>"hot"')
    monkeypatch.chdir(tmp_path)
    found = lint(run, games, schema_file, "_games").stdout.splitlines()
    found = [line for line in found if "[warning]" not in line]  # the placeholder's FM206
    codes = sorted((line.split(":")[0], line.split(":")[1], line.split()[1]) for line in found)
    assert codes == [
        (f"_games/{first.name}", "2", "FM102"),  # at the mapping that lacks it
        (f"_games/{second.name}", str(date_line), "FM105"),
        (f"_games/{third.name}", str(heat_line), "FM103"),
    ]


def plant(path, pattern: str, replacement: str) -> int:
    """Replace the first match in the file; the line it was on."""
    import re

    text = path.read_text()
    match = re.search(pattern, text)
    assert match, pattern
    path.write_text(text[: match.start()] + match.expand(replacement) + text[match.end() :])
    return text[: match.start()].count("\n") + 1


NEWS = SHARED / "corpus" / "sites" / "diablo4" / "_news"


@pytest.mark.skipif(not NEWS.is_dir(), reason=f"the real diablo4 _news are not here ({NEWS})")
def test_the_outliers_of_real_news_are_its_null_topics(run):
    """The corpus README's seven records with a bare `-` in `topics`: the only outliers."""
    result = run("infer", str(NEWS))
    found = outliers(result)
    assert len(found) == 7
    assert all(
        o.endswith(": topics[]: an empty value where 1653 of 1660 are strings") for o in found
    )
    for outlier in found:
        path, line = outlier.split(":")[:2]
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        assert lines[int(line) - 1].strip() == "-"


def test_mixed_kinds_and_impossible_times(run, tmp_path):
    """A key that is text in one record and a mapping in another is an `anyOf`; a date-time
    whose hour is 25 is no `date-time`, though it is shaped like one."""
    (tmp_path / "a.md").write_text("---\nauthor: Ann\nat: 2023-01-01T10:00:00Z\n---\n")
    (tmp_path / "b.md").write_text("---\nauthor:\n  name: Bob\nat: 2023-01-01T25:00:00Z\n---\n")
    _, schema = infer(run, tmp_path)
    jsonschema.Draft202012Validator.check_schema(schema)
    props = schema["properties"]
    assert [branch["type"] for branch in props["author"]["anyOf"]] == ["string", "object"]
    assert props["at"] == {
        "type": "string",
        "examples": ["2023-01-01T10:00:00Z", "2023-01-01T25:00:00Z"],
    }
    records = [{"author": "Ann", "at": "x"}, {"author": {"name": "Bob"}, "at": "y"}]
    validator = jsonschema.Draft202012Validator(schema)
    assert [list(validator.iter_errors(r)) for r in records] == [[], []]


def write(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(texts):
        (folder / f"p{n:03d}.md").write_text(f"---\n{text}---\n", encoding="utf-8")
    return folder


def inferred(run, folder: Path, texts: list[str]) -> tuple:
    result, schema = infer(run, write(folder, texts))
    assert result.exit_code == 0, result.stderr
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema["properties"], schema, outliers(result)


def test_each_date_layout_the_site_uses(run, tmp_path):
    dates = ["2016-01-28 17:21:50 -0800", "2016-01-29", "2016-01-30T10:00:00+01:00"] * 4
    props, _, _ = inferred(run, tmp_path / "a", [f"date: {d}\n" for d in dates])
    assert props["date"] == {
        "type": "string",
        "x-fmlint-date-layouts": ["rfc3339", "date", "space"],
        "examples": dates[:3],
    }
    props, _, _ = inferred(
        run, tmp_path / "b", [f"at: 2023-01-0{n + 1}T10:00:00Z\n" for n in range(5)]
    )
    assert props["at"]["format"] == "date-time"  # every value RFC 3339
    words = [f"date: 2023-01-0{n + 1}\n" for n in range(5)] + ["date: Last Modified\n"]
    props, _, found = inferred(run, tmp_path / "c", words * 4)
    assert "x-fmlint-date-layouts" not in props["date"]  # Eleventy's word: not all dates
    assert found == []


def test_a_key_empty_in_some_records_is_nullable(run, tmp_path):
    texts = ["image: a.png\nhero:\n  title: A\nnone:\n"] * 3 + ["image:\nhero:\nnone:\n"]
    props, _, _ = inferred(run, tmp_path, texts)
    assert props["image"]["type"] == ["string", "null"]
    assert props["image"]["x-fmlint-role"] == "picture"
    assert props["hero"]["type"] == ["object", "null"]
    assert props["hero"]["properties"] == {"title": {"type": "string", "examples": ["A"]}}
    assert props["none"] == {"description": "Empty in every record."}  # no `type: null`


def test_urls_absolute_or_relative_to_the_site(run, tmp_path):
    texts = [
        f"home: https://example.org/{n}\nlink: {'/docs/' if n % 2 else 'https://x.org/'}{n}/\n"
        f"name: page{n}\nbad: {'https://x.org/a b' if n == 0 else f'https://x.org/{n}'}\n"
        for n in range(30)
    ]
    props, _, found = inferred(run, tmp_path, texts)
    assert props["home"]["format"] == "uri"
    assert props["link"]["format"] == "uri-reference"
    assert "format" not in props["name"]
    assert "format" not in props["bad"]
    assert found == [
        f'{tmp_path}/p000.md:5: bad: "https://x.org/a b" is not a URL like the other 29 '
        "(left out of the schema's `format`)"
    ]


def test_pictures_by_the_shape_of_their_values(run, tmp_path):
    texts = [
        f"cover: img/{n}.JPG?v=2\nhero:\n  image:\n    src: /a/{n}.webp\n    alt: x\n"
        f"images:\n  - https://cdn.example.org/{n}.avif\nfile: notes-{n}.pdf\n"
        for n in range(5)
    ]
    props, _, _ = inferred(run, tmp_path, texts)
    assert props["cover"]["x-fmlint-role"] == "picture"
    image = props["hero"]["properties"]["image"]
    assert image["x-fmlint-role"] == "picture"  # the mapping is the picture
    assert "x-fmlint-role" not in image["properties"]["src"]  # not its location again
    assert props["images"]["items"]["x-fmlint-role"] == "picture"
    assert "x-fmlint-role" not in props["file"]


def test_a_floor_for_sizes_and_counts_only_where_every_value_is_above_it(run, tmp_path):
    texts = [
        f"width: {n + 1}\nweight: {n}\nsortOrder: {n - 1}\nmaxHeadingLevel: {n + 2}\nyear: {n}\n"
        for n in range(5)
    ]
    props, _, _ = inferred(run, tmp_path, texts)
    assert props["width"]["minimum"] == 1
    assert props["weight"]["minimum"] == 0  # one is 0: no floor of 1
    assert "minimum" not in props["sortOrder"]  # one is -1
    assert props["maxHeadingLevel"]["minimum"] == 0
    assert "minimum" not in props["year"]  # not a size nor a count


def test_required_from_what_nearly_every_record_has(run, tmp_path):
    texts = [f"title: T{n}\nsummary: S\ntags: [a]\nnote: n\n" for n in range(100)]
    texts[3] = "summary: S\ntags: [a]\nnote: n\n"  # 99 of 100 have `title`
    for n in range(4):
        texts[10 + n] = f"title: T{n}\ntags: [a]\n"  # 96 of 100 have `summary` and `note`
    texts[20] = "title: T\nsummary: S\ntags: []\nnote: n\n"  # `tags` is left empty once
    _, schema, found = inferred(run, tmp_path, texts)
    assert schema["required"] == ["title"]
    lacking = [line for line in found if "lacks" in line]
    assert lacking[0] == (
        f"{tmp_path}/p003.md:2: (the front matter): lacks 'title', which 99 of 100 have (required)"
    )
    assert lacking[1:] == [
        f"{tmp_path}/p{n:03d}.md:2: (the front matter): lacks {key!r}, which 96 of 100 have "
        "(left optional)"
        for n in range(10, 14)
        for key in ("note", "summary")
    ]


def test_an_index_page_lacking_a_key_keeps_it_optional(run, tmp_path):
    folder = write(tmp_path / "blog", [f"title: T{n}\nnav: blog\n" for n in range(120)])
    (folder / "_index.md").write_text("---\ntitle: Blog\n---\n")
    _, schema = infer(run, folder)
    assert schema["required"] == ["title"]  # not `nav`, which the list page lacks


def test_one_value_everywhere_is_no_closed_set(run, tmp_path):
    props, _, _ = inferred(run, tmp_path, ["layout: docs\n"] * 12)
    assert "enum" not in props["layout"]


@pytest.mark.parametrize(
    ("published", "unpublished", "threshold"),
    [
        ([70, 71, 90, 300], [-1, 0, 65, 69], 70),
        ([72, 80, 99], [3, 66, 50], 70),  # any of 67-72 fits: the roundest
        ([100, 100, 150], [99, 10, 0], 100),
        ([71, 73, 80], [5, 6, 70], 71),
    ],
)
def test_published_heat_is_where_published_flips(published, unpublished, threshold):
    from validator.schema.infer import published_heat

    class Record:
        def __init__(self, value):
            self.value = value

    records = [Record({"heat": h, "published": True}) for h in published]
    records += [Record({"heat": h, "published": False}) for h in unpublished]
    records.append(Record({"heat": 500, "published": False, "removed": True}))  # withdrawn
    found = published_heat(records)
    assert found is not None and found.threshold == threshold


def test_no_published_heat_where_the_records_follow_none():
    from validator.schema.infer import published_heat

    class Record:
        def __init__(self, value):
            self.value = value

    mixed = [Record({"heat": h, "published": h % 2 == 0}) for h in range(40)]
    assert published_heat(mixed) is None
    assert published_heat([Record({"heat": 80, "published": True})] * 9) is None


def test_dates_a_generator_reads_one_way_get_that_layout(tmp_path):
    """`init` passes the layouts a generator reads every date in (Jekyll's `ruby`): the field
    takes them, with no `format`, and only a value the generator cannot read is an outlier."""
    from validator.schema.infer import gather
    from validator.schema.infer import infer as infer_schema

    dates = [f"2016-01-{n % 28 + 1:02d} 17:21:50 -0800" for n in range(38)]
    dates += ["2023-01-29 18:30:22 2023 -0800", "2023-02-30"]  # Ruby: a year twice; no day
    folder = write(tmp_path / "_posts", [f"date: {d}\n" for d in dates])
    records, _, _ = gather([folder])
    schema, found = infer_schema(records, date_layouts=("ruby",))
    assert schema["properties"]["date"] == {
        "type": "string",
        "x-fmlint-date-layouts": ["ruby"],
        "examples": dates[:3],
    }
    assert [str(o) for o in found] == [
        f'{folder}/p039.md:2: date: "2023-02-30" is in no date layout; the other 39 are '
        "written ruby"
    ]
    schema, found = infer_schema(records)  # `fmlint infer`: no generator, the layouts used
    assert schema["properties"]["date"]["x-fmlint-date-layouts"] == ["space"]
    assert [o.path for o in found] == [f"{folder}/p038.md", f"{folder}/p039.md"]
