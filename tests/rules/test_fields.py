"""FM5xx, other fields and consistency: each rule fires on one edit of a valid record only."""

from __future__ import annotations

from pathlib import Path

import pytest

import validator
from validator.rules import RuleOptions
from validator.rules.fm507_related_duplicate import _address
from validator.run.linter import Linter

VALID = Path(__file__).resolve().parent.parent.parent / "examples" / "valid"
SEED = (VALID / "seed.md").read_text(encoding="utf-8")
RELATED = (VALID / "related.md").read_text(encoding="utf-8")
UNSCORED = (VALID / "unscored.md").read_text(encoding="utf-8")
LAYOUT_2021 = (VALID / "2021-layout.md").read_text(encoding="utf-8")

IV = "uhaHxG2U0wSdCJfjqE6BaA=="  # 16 bytes
BLOCK2 = "Tboza6osc7iJl9Bl/gf7rxhbr6jNPlaCzVt76OwcgwY="  # 32 bytes: two blocks


def edit(text: str, line: int | tuple[int, int], *new: str) -> str:
    """The text with its 1-based `line` (or `(first, last)` lines) replaced by the `new` lines."""
    first, last = line if isinstance(line, tuple) else (line, line)
    lines = text.split("\n")
    lines[first - 1 : last] = list(new)
    return "\n".join(lines)


def seed(line: int | tuple[int, int], *new: str) -> str:
    return edit(SEED, line, *new)


def lint(text: str, options=None) -> list[tuple[str, int, int, str]]:
    """Findings, with `options` by config key (`{"published-heat": 80}`)."""
    if options:
        diagnostics = Linter(options=RuleOptions(options)).lint_text(text).diagnostics
    else:
        diagnostics = validator.lint_text(text)
    return [(d.code, d.line, d.column, d.message) for d in diagnostics]


def codes(text: str, options=None) -> list[str]:
    return [code for code, *_ in lint(text, options)]


@pytest.mark.parametrize("name", sorted(p.name for p in VALID.iterdir()))
def test_valid_examples_are_clean(name):
    assert lint((VALID / name).read_text(encoding="utf-8")) == []


# FM501 empty-string


def test_fm501_empty_excerpt_is_legitimate():
    # real writers leave `excerpt: ""` for items that had no description; the schema allows it
    assert lint(seed(4, 'excerpt: ""')) == []


def test_fm501_whitespace_only_excerpt():
    assert lint(seed(4, 'excerpt: "  "')) == [
        (
            "FM501",
            4,
            10,
            "excerpt: the value is only whitespace (space); write the text, or leave out an "
            "optional key",
        )
    ]


def test_fm501_whitespace_only_title_is_fm501_not_fm502():
    assert lint(seed(3, 'title: "   "')) == [
        (
            "FM501",
            3,
            8,
            "title: the value is only whitespace (space); write the text, "
            "or leave out an optional key",
        )
    ]


def test_fm501_nested_value_and_named_whitespace():
    assert lint(seed(37, '      name: "\\u00a0\\t"')) == [
        (
            "FM501",
            37,
            13,
            "related[0].provider.name: the value is only whitespace (U+00A0, tab); "
            "write the text, or leave out an optional key",
        )
    ]


def test_fm501_whitespace_only_topic_is_not_also_a_duplicate():
    assert codes(seed(20, "  - AI", '  - " "', '  - " "')) == ["FM501", "FM501"]


@pytest.mark.parametrize(
    ("line", "new", "code"),
    [
        (3, 'title: ""', "FM107"),  # minLength 1: the schema's finding
        (7, 'webUrl: ""', "FM105"),  # not a URI
        (7, 'webUrl: "  "', "FM105"),  # nor is only whitespace
        (46, 'secured: ""', "FM107"),
        (20, '  - ""', "FM107"),
    ],
)
def test_fm501_leaves_values_the_schema_rejected(line, new, code):
    assert codes(seed(line, new)) == [code]


def test_fm501_excerpt_ending_in_a_newline_is_fine():
    assert lint(seed(4, 'excerpt: "Speed up your canvas app creation. \\n"')) == []


# FM502 surrounding-whitespace


def test_fm502_title_trailing_space():
    assert lint(seed(3, 'title: "Children making AI images "')) == [
        (
            "FM502",
            3,
            8,
            'title: trailing whitespace (space); write "Children making AI images"',
        )
    ]


def test_fm502_names_a_no_break_space():
    # the corpus's 2022-11-09-security-in-microsoft-dataverse.md has exactly this
    assert lint(seed(3, 'title: "Security in Microsoft Dataverse\u00a0"')) == [
        (
            "FM502",
            3,
            8,
            'title: trailing whitespace (U+00A0); write "Security in Microsoft Dataverse"',
        )
    ]


def test_fm502_leading_and_trailing_in_a_related_title():
    assert lint(seed(29, '  - title: "\\tUK school pupils  "')) == [
        (
            "FM502",
            29,
            12,
            "related[0].title: leading whitespace (tab) and trailing whitespace (space); "
            'write "UK school pupils"',
        )
    ]


def test_fm502_url_supersedes_the_schema_bad_uri():
    url = "https://www.bbc.co.uk/news/technology-67521226"
    assert lint(seed(7, f'webUrl: " {url}"')) == [
        ("FM502", 7, 9, f'webUrl: leading whitespace (space); write "{url}"')
    ]


@pytest.mark.parametrize(
    ("line", "new", "path"),
    [
        (23, '  - url: "https://ichef.bbci.co.uk/news/1024/a.jpg "', "images[0].url"),
        (9, 'cdnAmpWebUrl: "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/x "', None),
        (
            32,
            '    webUrl: "https://www.theguardian.com/global-development/x\\u00a0"',
            "related[0].webUrl",
        ),
    ],
)
def test_fm502_urls_at_any_depth(line, new, path):
    found = lint(seed(line, new))
    assert [code for code, *_ in found] == ["FM502"]
    if path:
        assert found[0][3].startswith(f"{path}: trailing whitespace")


def test_fm502_url_bad_once_stripped_keeps_the_schema_finding():
    assert codes(seed(7, 'webUrl: " not a url "')) == ["FM105"]


def test_fm502_does_not_look_at_excerpts_or_names():
    assert lint(seed(4, 'excerpt: " Children are making images. "')) == []
    assert lint(seed(16, '  name: "BBC "')) == []


# FM503 duplicate-topic


def test_fm503_exact_repeat():
    assert lint(seed(20, "  - AI", "  - Power Apps", "  - AI")) == [
        ("FM503", 22, 5, 'topics[2]: "AI" repeats topics[0]; remove this entry')
    ]


def test_fm503_compares_case_insensitively_and_spaces_as_one():
    assert lint(seed(20, "  - Power  Apps", "  - power apps")) == [
        (
            "FM503",
            21,
            5,
            'topics[1]: "power apps" repeats "Power  Apps" at topics[0]; remove this entry',
        )
    ]


def test_fm503_distinct_topics_are_fine():
    assert lint(seed(20, "  - AI", "  - AI Builder", "  - Power Apps")) == []


def test_fm503_skips_topics_of_the_wrong_type():
    assert codes(edit(seed(20), 19, "topics: AI")) == ["FM103"]
    assert codes(seed(20, "  - AI", "  - 7", "  - AI")) == ["FM103", "FM503"]


# FM504 secured-format


def secured(value: str) -> str:
    return seed(46, f'secured: "{value}"')


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (BLOCK2, "no ';' between the parts"),
        (f"{BLOCK2};{IV};{IV}", "3 parts, not 2"),
        (f";{IV}", "the ciphertext (before ';') is empty"),
        (f"{BLOCK2};", "the IV (after ';') is empty"),
        (
            f"{BLOCK2[:-1]};{IV}",
            "the ciphertext (before ';') is not valid base64 (incorrect padding)",
        ),
        (
            f"{BLOCK2[:10]} {BLOCK2[10:]};{IV}",
            "the ciphertext (before ';') is not valid base64 (only base64 data is allowed)",
        ),
        (
            f"{BLOCK2};-{IV[1:]}",
            "the IV (after ';') is not valid base64 (only base64 data is allowed)",
        ),
        (
            f"{BLOCK2};{IV}x",
            "the IV (after ';') is not valid base64 (excess data after padding)",
        ),
        (f"QUJD;{IV}", "the ciphertext is 3 bytes, not a whole number of 16-byte blocks"),
        (f"{BLOCK2};uhaHxG2U0wSdCJfj", "the IV is 12 bytes, not 16"),
    ],
)
def test_fm504_fires(value, problem):
    assert lint(secured(value)) == [
        (
            "FM504",
            46,
            10,
            f"secured: {problem}; expected base64(ciphertext);base64(16-byte IV)",
        )
    ]


def test_fm504_shortest_good_payload_is_fine():
    assert lint(secured(f"{BLOCK2};{IV}")) == []


def test_fm504_leaves_blank_and_wrong_types_to_others():
    assert codes(secured("  ")) == ["FM501"]
    assert codes(seed(46, "secured: 42")) == ["FM103"]


# FM505 published-heat


def test_fm505_published_below_the_threshold():
    assert lint(seed(13, "published: true")) == [
        (
            "FM505",
            13,
            12,
            "published: true, but heat 67 is below 70; the feed publishes a record exactly "
            "when heat is 70 or more (write published: false, or set published-heat to your "
            "site's threshold)",
        )
    ]


def test_fm505_unpublished_at_the_threshold():
    assert lint(seed(12, "heat: 70")) == [
        (
            "FM505",
            13,
            12,
            "published: false, but heat 70 is 70 or more; the feed publishes such a record "
            "(write published: true, or removed: true for a withdrawn record; or set "
            "published-heat to your site's threshold)",
        )
    ]


def test_fm505_boundary_published_at_70_is_fine():
    assert lint(seed((12, 13), "heat: 70", "published: true")) == []


def test_fm505_removed_record_may_be_unpublished_whatever_its_heat():
    assert lint(seed((12, 13), "heat: 142", "published: false", "removed: true")) == []


def test_fm505_removed_does_not_excuse_publishing_a_low_heat():
    assert codes(seed(13, "published: true", "removed: true")) == ["FM505"]


def test_fm505_threshold_is_configurable():
    assert lint(SEED, {"published-heat": 67})[0][:3] == ("FM505", 13, 12)
    assert lint(seed(13, "published: true"), {"published-heat": 60}) == []
    assert (
        "below 80"
        in lint(seed((12, 13), "heat: 75", "published: true"), {"published-heat": 80})[0][3]
    )


def test_fm505_skips_missing_and_rejected_fields():
    assert lint(LAYOUT_2021) == []  # no quality, heat or published
    assert lint(seed(13, "")) == []  # heat without published
    assert codes(seed(12, 'heat: "142"')) == ["FM103"]
    assert codes(seed(13, "published: yes")) == ["FM103"]


def test_fm505_leaves_unscored_records_to_fm506():
    assert lint(UNSCORED) == []  # heat -1, published false


# FM506 unscored-published


def test_fm506_unscored_and_published():
    assert lint(edit(UNSCORED, 13, "published: true")) == [
        (
            "FM506",
            13,
            12,
            "published: true, but heat is -1 (not yet scored); "
            "an unscored record must have published: false",
        )
    ]


def test_fm506_whatever_the_threshold():
    assert codes(edit(UNSCORED, 13, "published: true"), {"published-heat": 0}) == ["FM506"]


def test_fm506_scored_or_unpublished_is_fine():
    assert "FM506" not in codes(seed(13, "published: true"))


# FM507 related-duplicate

THEVERGE = 53  # related[1].webUrl in related.md
ZDNET = "https://www.zdnet.com/article/microsoft-power-platform-gets-copilot-heres-what-it-can-do/"
OWN = "https://techcrunch.com/2023/03/16/microsoft-adds-copilot-to-power-apps-for-building-apps-through-conversation/"


def related(url: str, name: str = "ZDNet", domain: str = "zdnet.com") -> str:
    """related.md with its second entry's webUrl (and provider, to match it) replaced."""
    return edit(
        RELATED,
        (THEVERGE, THEVERGE + 4),
        f'    webUrl: "{url}"',
        "    type: article",
        "    provider:",
        f"      name: {name}",
        f"      domain: {domain}",
    )


def test_fm507_repeats_another_entry():
    assert lint(related(ZDNET)) == [
        ("FM507", 53, 13, "related[1].webUrl: repeats related[0].webUrl; remove this entry")
    ]


@pytest.mark.parametrize(
    "url",
    [OWN, OWN.rstrip("/"), OWN.replace("techcrunch.com", "TechCrunch.com") + "#comments"],
)
def test_fm507_points_at_the_record_itself(url):
    assert lint(related(url, "TechCrunch", "techcrunch.com")) == [
        (
            "FM507",
            53,
            13,
            "related[1].webUrl: points at the record itself (its webUrl); remove this entry",
        )
    ]


def test_fm507_self_by_original_url():
    original = "https://techcrunch.com/2023/03/16/copilot-power-apps/"
    text = edit(related(original, "TechCrunch", "techcrunch.com"), 6, f'originalUrl: "{original}"')
    assert lint(text) == [
        (
            "FM507",
            53,
            13,
            "related[1].webUrl: points at the record itself (its originalUrl); remove this entry",
        )
    ]


def test_fm507_a_different_query_is_a_different_page():
    assert lint(related(ZDNET + "?page=2")) == []


def test_fm507_address_normal_form():
    assert _address(" HTTPS://Example.COM/a/#x") == "https://example.com/a"
    assert _address("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert _address("http://[::1") == "http://[::1"  # unparsable: kept as written


def test_fm507_skips_rejected_entries():
    # an entry with a bad webUrl is the schema's; it does not count as seen either
    assert codes(related("zdnet.com/article")) == ["FM105"]
