"""Rules find values by what the schema says they are (`rules.roles`, `rules.record.Walk`), not by
their keys: a Jekyll-like schema's `image`, `link` and `date` get the URL, picture and date rules;
the article schema's annotations give the article-only rules their values; a schema without them
gets none."""

from __future__ import annotations

import json

import pytest

from validator.decide import _applies
from validator.engine import Engine
from validator.reporters import ruledocs
from validator.rules import all_rules
from validator.rules.record import Walk
from validator.rules.roles import NO_ROLES, article_roles, compile_roles
from validator.schema.load import bundled_schema_path

from .conftest import EXAMPLES
from .schema_lint import lint_with_schema

SEED = (EXAMPLES / "valid" / "seed.md").read_text(encoding="utf-8")
JEKYLL = {
    "properties": {
        "image": {"type": "string", "format": "uri-reference", "x-fmlint-role": "picture"},
        "link": {"format": "uri"},
        "date": {"x-fmlint-date-layouts": ["space", "date"]},
    }
}


def walk(record: dict, schema) -> Walk:
    return Walk(record, compile_roles(schema))


lint = lint_with_schema


# The role tree ------------------------------------------------------------------------------


def test_formats_and_annotations_give_roles():
    found = walk(
        {"image": "/img/a.png", "link": "mailto:a@example.com", "date": "2023-01-20", "x": "y"},
        JEKYLL,
    )
    assert found.picture_sources == [(("image",), "/img/a.png")]
    assert found.urls == [(("link",), "mailto:a@example.com")]  # the site path is not judged
    assert found.open_urls == {("link",)}  # any scheme is fine in a plain `format: uri`
    assert found.dates == [(("date",), "2023-01-20")]
    assert found.date_layouts == {("date",): ("space", "date")}
    assert found.page_urls == [(("link",), "mailto:a@example.com")]


def test_a_schema_without_roles_walks_nothing():
    schema = {"properties": {"title": {"type": "string"}, "tags": {"items": {"type": "string"}}}}
    tree = compile_roles(schema)
    assert tree.root is not None and not tree.root.live
    found = Walk({"title": "x", "tags": ["a"]}, tree)
    assert (found.items, found.urls, found.titles) == (
        [((), {"title": "x", "tags": ["a"]})],
        [],
        [],
    )
    assert Walk({"webUrl": "htps://x.com"}, NO_ROLES).urls == []


def test_subtrees_without_roles_are_pruned():
    schema = {
        "properties": {
            "meta": {"properties": {"a": {"type": "string"}, "b": {"items": {"type": "integer"}}}},
            "link": {"format": "uri"},
        }
    }
    root = compile_roles(schema).root
    assert root.props["meta"] is None  # named, nothing below it to visit
    assert root.props["link"].url == "absolute"
    assert root.rest is None


def test_refs_unions_and_conditions_are_followed():
    schema = {
        "$defs": {"url": {"format": "iri"}, "when": {"format": "date-time"}},
        "definitions": {"pic": {"x-fmlint-role": "picture"}},
        "properties": {
            "a": {"$ref": "#/$defs/url"},
            "b": {"allOf": [{"type": "string"}, {"$ref": "#/$defs/when"}]},
            "c": {"anyOf": [{"format": "uri-reference"}, {"format": "uri"}]},
            "d": {"oneOf": [{"$ref": "#/definitions/pic"}, {"type": "string", "maxLength": 0}]},
            "e": {"if": {"type": "string"}, "then": {"format": "date"}, "else": {"type": "null"}},
            "f": {"$ref": "other.json#/$defs/url"},  # another document: not followed
            "g": {"$ref": "#/$defs/nowhere"},
        },
    }
    values = ["https://x.com/", "t", "c", "p.png", "d", "f", "g"]
    record = dict(zip("abcdefg", values, strict=True))
    found = walk(record, schema)
    assert found.urls == [(("a",), "https://x.com/")]  # `c` may be relative, and is
    assert found.page_urls == [(("a",), "https://x.com/"), (("c",), "c")]
    assert found.date_layouts == {("b",): ("rfc3339",), ("e",): ("date",)}
    assert found.picture_sources == [(("d",), "p.png")]


def test_a_recursive_schema_is_a_finite_graph():
    schema = {
        "$defs": {
            "entry": {
                "properties": {
                    "url": {"format": "uri"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/entry"}},
                }
            }
        },
        "properties": {"menu": {"type": "array", "items": {"$ref": "#/$defs/entry"}}},
    }
    tree = compile_roles(schema)
    record = {"menu": [{"url": "https://a.com/", "children": [{"children": [{"url": "x"}]}]}]}
    assert Walk(record, tree).urls == [
        (("menu", 0, "url"), "https://a.com/"),
        (("menu", 0, "children", 0, "children", 0, "url"), "x"),
    ]
    assert len(tree._memo) < 10


def test_additional_pattern_and_positional_children():
    schema = {
        "patternProperties": {"^link": {"format": "uri"}},
        "additionalProperties": {"x-fmlint-role": "title"},
        "properties": {
            "pair": {"prefixItems": [{"format": "date"}, {"format": "uri"}], "items": False},
            "old": {"items": [{"format": "date"}], "additionalItems": {"format": "uri"}},
        },
    }
    found = walk(
        {
            "linkA": "https://a.com/",
            "heading": "T",
            "pair": ["2023-01-20", "https://b.com/"],
            "old": ["2023-01-21", "https://c.com/", "https://d.com/"],
        },
        schema,
    )
    assert [path for path, _ in found.urls] == [
        ("linkA",),
        ("pair", 1),
        ("old", 1),
        ("old", 2),
    ]
    assert found.titles == [(("heading",), "T")]
    assert list(found.date_layouts) == [("pair", 0), ("old", 0)]


@pytest.mark.parametrize("depth", [3000])
def test_a_reference_chain_deeper_than_python_goes_gives_no_roles(depth):
    defs = {f"d{i}": {"properties": {"n": {"$ref": f"#/$defs/d{i + 1}"}}} for i in range(depth)}
    defs[f"d{depth}"] = {"format": "uri"}
    tree = compile_roles({"$defs": defs, "$ref": "#/$defs/d0"})
    assert tree.root is None and Walk({"n": {"n": "x"}}, tree).urls == []


def test_a_schema_of_many_unions_stays_bounded():
    branches = [{"properties": {f"k{j}": {"format": "uri"} for j in range(i)}} for i in range(300)]
    tree = compile_roles({"anyOf": branches})
    assert Walk({"k5": "https://x.com/"}, tree).urls == [(("k5",), "https://x.com/")]


# The article schema's annotations ----------------------------------------------------------


def test_the_article_schema_marks_each_items_roles():
    keys = article_roles().root.keys
    assert keys == {
        "title": (("title",),),
        "publication-date": (("publishedDateTime",),),
        "original-page": (("originalUrl",),),
        "page": (("webUrl",),),
        "amp-page": (("ampWebUrl",),),
        "amp-cache": (("cdnAmpWebUrl",),),
        "item-type": (("type",),),
        "heat": (("heat",),),
        "published": (("published",),),
        "removed": (("removed",),),
        "provider-domain": (("provider", "domain"),),
        "topics": (("topics",),),
        "related": (("related",),),
        "secured": (("secured",),),
    }
    assert article_roles().record_roles == {"article"}


def test_the_article_walk_finds_its_values_by_role():
    from validator.source import frontmatter
    from validator.source.reader import parse_front

    record = parse_front(frontmatter.split(SEED)).value
    found = Walk(record, article_roles())
    assert [path for path, _ in found.items] == [(), ("related", 0)]
    assert [path for path, _ in found.titles] == [("title",), ("related", 0, "title")]
    assert list(found.date_layouts.items()) == [
        (("publishedDateTime",), ("rfc3339",)),
        (("related", 0, "publishedDateTime"), ("rfc3339",)),
    ]
    assert [path for path, _ in found.picture_lists] == [
        ("images",),
        ("related", 0, "images"),
    ]
    assert found.open_urls == set()  # every article URL is a web page or a picture
    assert found.is_picture(("images", 0, "url")) and not found.is_picture(("webUrl",))


def test_the_engine_reads_each_schemas_roles_once(tmp_path):
    engine = Engine()
    first = engine.roles_for(engine.schema)
    assert engine.roles_for(engine.schema) is first
    assert first.root.keys == article_roles().root.keys
    assert engine.roles_for(None) is NO_ROLES


def test_what_each_rule_applies_to_is_what_decide_and_the_docs_say():
    scopes = {module.CODE: module.APPLIES_TO for module in all_rules()}
    article_only = {"FM203", "FM204", "FM205", "FM301", "FM302", "FM503", "FM504", "FM505"}
    article_only |= {"FM506", "FM507"}
    assert {code for code, scope in scopes.items() if scope == "annotated"} == article_only
    assert all(scope in ("schema", "annotated", "any") for scope in scopes.values())
    assert _applies("annotated", "schema") and _applies("annotated", "article")
    assert not _applies("annotated", None)
    code = next(c for c in ruledocs_codes() if c.code == "FM505")
    assert ruledocs.runs_on(code) == (
        "every file whose schema marks the values it reads (`x-fmlint-role`), as the article "
        "schema does"
    )


def ruledocs_codes():
    from validator.codes import all_codes

    return all_codes()


# Linted through the CLI with a user's schema -------------------------------------------------


def test_a_jekyll_schema_gets_the_url_picture_and_date_rules(run, tmp_path):
    front = (
        "title: Hello\n"
        "image: htps://example.com/a.png\n"
        "link: htps://example.com/a\n"
        "date: 23/01/2023\n"
        "heat: 5\n"
        "published: true\n"
        "topics: [a, a]\n"
    )
    assert lint(run, tmp_path, JEKYLL, front) == [
        "3:8: FM201 image: \"htps://example.com/a.png\" has the scheme 'htps:', a typo of 'https:'",
        "4:7: FM201 link: \"htps://example.com/a\" has the scheme 'htps:', a typo of 'https:'",
        '5:7: FM304 date: "23/01/2023" is not a date in a layout the schema accepts; write it as '
        "space (2023-01-20 10:00:00 +01:00) or date (2023-01-20)",
    ]  # heat, published and topics are not marked: no article rule runs on them


def test_a_jekyll_schemas_sound_values_are_clean(run, tmp_path):
    front = (
        "image: /assets/img/a.png\n"  # a site path: never judged as an absolute URL
        "link: mailto:me@example.com\n"  # a real scheme: fine where any URL is
        "date: 2016-01-28 17:21:50 -0800\n"
    )
    assert lint(run, tmp_path, JEKYLL, front) == []
    assert lint(run, tmp_path, JEKYLL, "image: photos/a.png\ndate: 2016-01-28\n") == []
    assert lint(run, tmp_path, JEKYLL, "image: tel:+441234567\n") == []  # relative allowed


def test_a_url_with_a_space_is_one_error_at_its_line(run, tmp_path):
    assert lint(run, tmp_path, JEKYLL, 'title: x\nlink: "https://example.com/a b"\n') == [
        '3:7: FM105 link: "https://example.com/a b" contains a space, which no URL may hold'
    ]
    # with the schema's formats not asserted, FM201 says it
    assert lint(
        run, tmp_path, JEKYLL, 'link: "https://example.com/a b"\n', "--schema-format", "annotation"
    ) == ['2:7: FM201 link: "https://example.com/a b" contains a space']


def test_a_web_page_of_the_article_allows_only_http(run, tmp_path):
    schema = {"properties": {"webUrl": {"format": "iri", "x-fmlint-role": "page"}}}
    assert lint(run, tmp_path, schema, "webUrl: mailto:me@example.com\n") == [
        "2:9: FM201 webUrl: \"mailto:me@example.com\" has the scheme 'mailto:'; only http and "
        "https URLs are links to pages"
    ]


def test_pictures_of_a_users_schema_get_the_image_rules(run, tmp_path):
    schema = {
        "properties": {
            "gallery": {
                "type": "array",
                "items": {
                    "x-fmlint-role": "picture",
                    "properties": {"src": {"format": "uri-reference"}},
                },
            }
        }
    }
    front = (
        "gallery:\n"
        "  - src: https://example.com/page.html\n"
        "    width: 4000\n"
        "    height: 100\n"
        "  - src: https://example.com/page.html\n"
    )
    assert lint(run, tmp_path, schema, front) == [
        '3:10: FM206 [warning] gallery[0].src: "https://example.com/page.html" ends in '
        "'.html', which is a web page, not a picture",
        "4:12: FM402 [warning] gallery[0]: 4000x100 has an aspect ratio of 40:1, outside 1:10 "
        "to 10:1; check the width and height",
        '6:10: FM206 [warning] gallery[1].src: "https://example.com/page.html" ends in '
        "'.html', which is a web page, not a picture",
        "6:10: FM404 [warning] gallery[1].src: the same image as gallery[0]; list each image once",
    ]


def test_a_users_copy_of_the_article_schema_gets_the_article_rules(run, tmp_path):
    schema = json.loads(bundled_schema_path().read_text(encoding="utf-8"))
    heat = SEED.replace("heat: 57", "heat: 50").replace("published: false", "published: true")
    assert heat != SEED
    front = heat.split("---\n")[1]
    found = lint(run, tmp_path, schema, front)
    assert [line.split()[1] for line in found] == ["FM505"]
    # the same schema without fmlint's annotations: the article-only rules find nothing
    text = json.dumps(schema).replace('"x-fmlint-role": "published"', '"x-other": 1')
    assert lint(run, tmp_path, json.loads(text), front) == []
