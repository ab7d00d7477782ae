"""FM4xx, images: each rule fires on one edit of a valid record, and not on the real records."""

from __future__ import annotations

from pathlib import Path

import pytest

import validator
from validator.rules import RuleOptions
from validator.rules.images import stated_width
from validator.run.linter import Linter

from .helpers import edit

VALID = Path(__file__).resolve().parent.parent.parent / "examples" / "valid"
SEED = (VALID / "seed.md").read_text(encoding="utf-8")
VIDEO = (VALID / "video.md").read_text(encoding="utf-8")
# video.md: images[0] is lines 27-30 (url value at 27:10, width at 28:12, height at 29:13);
# provider.images[0] is lines 18-20. seed.md: images[0] 23-26, related[0].images[0] 41-44.
THUMB = '  - url: "https://i.ytimg.com/vi/q7XbN2cVd4M/maxresdefault.jpg"\n'
GUARDIAN = (
    "https://i.guim.co.uk/img/media/b272cd542e5684d86340330a4d6dd1bb3385af98/0_347_5200_3119/"
    "master/5200.jpg?width=620&quality=85&auto=format&fit=max&s=d07f1aceb9aea985d88dea55d4426980"
)


def lint(text: str, options=None) -> list[tuple[int, int, str, str]]:
    """Findings, with `options` by config key (`{"max-size": 1000}`)."""
    if options:
        diagnostics = Linter(options=RuleOptions(options)).lint_text(text).diagnostics
    else:
        diagnostics = validator.lint_text(text)
    return [(d.line, d.column, d.code, d.message) for d in diagnostics]


def codes(text: str, options=None) -> list[str]:
    return [found[2] for found in lint(text, options)]


@pytest.mark.parametrize("text", [SEED, VIDEO], ids=["seed", "video"])
def test_valid_records_are_clean(text):
    assert lint(text) == []


# FM401 image-too-large


def test_too_wide_fires():
    text = edit(VIDEO, "    width: 1280\n", "    width: 20000\n").replace(
        "    height: 720\n", "    height: 11250\n"
    )
    assert lint(text) == [
        (
            28,
            12,
            "FM401",
            "images[0].width: 20000 pixels is more than 16384, the largest width allowed",
        )
    ]


def test_too_high_fires_in_provider_images():
    text = edit(
        VIDEO, "      width: 50\n      height: 50\n", "      width: 17000\n      height: 17000\n"
    )
    assert lint(text) == [
        (
            19,
            14,
            "FM401",
            "provider.images[0].width: 17000 pixels is more than 16384, the largest width allowed",
        ),
        (
            20,
            15,
            "FM401",
            "provider.images[0].height: 17000 pixels is more than 16384, "
            "the largest height allowed",
        ),
    ]


def test_largest_size_itself_is_allowed():
    text = edit(VIDEO, "    width: 1280\n    height: 720\n", "    width: 16384\n    height: 9216\n")
    assert lint(text) == []


def test_image_max_is_configurable():
    assert lint(SEED, {"max-size": 1000}) == [
        (
            24,
            12,
            "FM401",
            "images[0].width: 1024 pixels is more than 1000, the largest width allowed",
        )
    ]


def test_a_huge_size_is_one_finding():
    """FM401 says the width is wrong; the aspect ratio it gives is no second problem."""
    text = edit(VIDEO, "    width: 1280\n", "    width: 1" + "0" * 400 + "\n")
    assert codes(text) == ["FM401"]
    text = edit(SEED, "    width: 1024\n", "    width: 102400\n")  # the URL says /1024/
    assert codes(text) == ["FM401"]


@pytest.mark.parametrize("value", ['"20000"', "20000.5", "true", "null", "0", "-20000"])
def test_sizes_the_schema_rejects_are_left_to_it(value):
    found = codes(edit(VIDEO, "    width: 1280\n", f"    width: {value}\n"))
    assert found and not any(code.startswith("FM4") for code in found)


# FM402 image-aspect-ratio


def test_extreme_aspect_ratio_warns():
    text = edit(VIDEO, "    height: 720\n", "    height: 72\n")
    assert lint(text) == [
        (
            28,
            12,
            "FM402",
            "images[0]: 1280x72 has an aspect ratio of 17.78:1, outside 1:10 to 10:1; "
            "check the width and height",
        )
    ]
    assert validator.lint_text(text)[0].severity == "warning"


def test_tall_image_warns():
    text = edit(VIDEO, "      height: 50\n", "      height: 501\n")
    assert lint(text) == [
        (
            19,
            14,
            "FM402",
            "provider.images[0]: 50x501 has an aspect ratio of 1:10.02, outside 1:10 to 10:1; "
            "check the width and height",
        )
    ]


@pytest.mark.parametrize(("width", "height"), [(1280, 128), (72, 720), (1, 1)])
def test_aspect_ratio_limits_are_inclusive(width, height):
    text = edit(
        VIDEO, "    width: 1280\n    height: 720\n", f"    width: {width}\n    height: {height}\n"
    )
    assert lint(text) == []


def test_aspect_range_is_configurable():
    found = lint(SEED, {"aspect-max": 1.5})
    assert [f[:3] for f in found] == [(24, 12, "FM402"), (42, 16, "FM402")]
    assert found[0][3] == (
        "images[0]: 1024x576 has an aspect ratio of 1.78:1, outside 1:10 to 1.5:1; "
        "check the width and height"
    )
    assert lint(SEED, {"aspect-min": 0.5, "aspect-max": 2}) == []


# FM403 image-width-mismatch


def test_original_width_next_to_a_resized_url_warns():
    text = edit(
        SEED,
        "        width: 620\n        height: 372\n",
        "        width: 5200\n        height: 3119\n",
    )
    assert lint(text) == [
        (
            42,
            16,
            "FM403",
            "related[0].images[0].width: 5200 is wider than the 620 pixels the URL asks its "
            "resizer for (width=620); a resizer never serves a wider picture",
        )
    ]


def test_path_width_exceeded_warns():
    text = edit(SEED, "    width: 1024\n    height: 576\n", "    width: 1600\n    height: 900\n")
    assert lint(text) == [
        (
            24,
            12,
            "FM403",
            "images[0].width: 1600 is wider than the 1024 pixels the URL asks its resizer for "
            "(/1024/); a resizer never serves a wider picture",
        )
    ]


def test_a_file_named_with_the_declared_size_passes():
    """`-1024x683-1.jpg?w=260` on a site without a resizer is the 1024-pixel file itself."""
    named = "https://thelogic.co/wp-content/uploads/2020/05/a-1024x683-1.jpg?w=260&h=195&crop=1"
    bbc = "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_131809931_mediaitem"
    text = edit(SEED, bbc + '131809929.jpg"', named + '"')
    text = edit(text, "    height: 576\n", "    height: 683\n")
    assert codes(text) == []
    assert codes(edit(text, "a-1024x683-1.jpg", "a.jpg")) == ["FM403"]


def test_narrower_than_asked_or_within_rounding_passes():
    """A smaller original is served as it is, and resizers round: neither is a mismatch."""
    assert lint(edit(SEED, "    width: 1024\n", "    width: 976\n")) == []
    assert lint(edit(SEED, "    width: 1024\n", "    width: 1026\n")) == []
    assert codes(edit(SEED, "    width: 1024\n", "    width: 1027\n")) == ["FM403"]


def test_guardian_master_file_name_is_not_a_width():
    """The seed's `.../master/5200.jpg?width=620...` declares 620: no finding."""
    assert GUARDIAN in SEED
    assert stated_width(GUARDIAN, 16384).width == 620
    assert lint(SEED) == []


def test_bounding_fit_may_give_a_narrower_picture():
    narrower = edit(
        SEED,
        "        width: 620\n        height: 372\n",
        "        width: 400\n        height: 240\n",
    )
    assert lint(narrower) == []  # fit=max never enlarges: a 400-pixel master stays 400
    wider = edit(SEED, "        width: 620\n", "        width: 630\n")
    assert codes(wider) == ["FM403"]


def test_w_query_and_dpr():
    url = 'url: "https://i.ytimg.com/vi/q7XbN2cVd4M/maxresdefault.jpg'
    assert codes(edit(VIDEO, url + '"', url + '?w=1280"')) == []
    assert codes(edit(VIDEO, url + '"', url + '?w=640&dpr=2"')) == []
    assert codes(edit(VIDEO, url + '"', url + '?w=640"')) == []  # 2x: a high-density copy
    found = lint(edit(VIDEO, url + '"', url + '?w=480"'))
    assert found == [
        (
            28,
            12,
            "FM403",
            "images[0].width: 1280 is wider than the 480 pixels the URL asks its resizer for "
            "(w=480); a resizer never serves a wider picture",
        )
    ]
    found = lint(edit(VIDEO, url + '"', url + '?width=620&dpr=1.5"'))
    assert found[0][3] == (
        "images[0].width: 1280 is wider than the 620 at dpr=1.5 pixels the URL asks its resizer "
        "for (width=620); a resizer never serves a wider picture"
    )


@pytest.mark.parametrize(
    ("url", "width"),
    [
        # stated widths
        ("https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_1.jpg", 1024),
        ("https://www.zdnet.com/a/img/resize/04c0/2022/05/09/47/p.jpg?width=1200&fit=bounds", 1200),
        ("https://variety.com/wp-content/uploads/2023/11/S.png?w=1000&h=563&crop=1", 1000),
        ("https://a57.foxnews.com/content/uploads/2023/11/1200/675/typing.jpg?ve=1&tl=1", None),
        ("https://www.livemint.com/lm-img/img/2023/11/25/1600x900/NVIDIA.JPG", 1600),
        ("https://x.example/news/1024/a.jpg?width=640", 640),  # the query wins
        ("https://x.example/img/a.jpg?a=1&amp;width=800", 800),
        # no stated width
        (GUARDIAN.replace("?width=620", "?w_=620"), None),  # only a file name: 5200.jpg
        ("https://www.techspot.com/images2/news/bigimage/2023/11/2023-11-24-image-18.jpg", None),
        ("https://i.dailymail.co.uk/1s/2021/08/23/22/47017191-0-image.jpg", None),  # date + hour
        ("https://x.example/wp-content/uploads/sites/25/2023/11/a.jpg", None),  # a site number
        ("https://x.example/article/2023/a.jpg", None),  # a year, not a width
        ("https://x.example/a/12345/1024/b.jpg", None),  # an ID and a width: ambiguous
        ("https://x.example/a/1024/b/2048/c.jpg", None),  # two numbers: ambiguous
        ("https://x.example/gallery/221/1/a.png", None),  # an ID: other numbers in the path
        ("https://x.example/a/1200/80/b.jpg", None),  # 80 is no height of a 1200-wide picture
        ("https://x.example/a/²²²/b.jpg", None),  # not ASCII digits
        ("https://x.example/a/99999/b.jpg", None),  # beyond max-size: an ID
        ("https://x.example/a/" + "9" * 5000 + "/b.jpg", None),
        ("https://x.example/a/64/b.jpg", None),  # too small to be read as a width
        ("https://static.toiimg.com/thumb/msid-1,width-1070,height-580/photo.jpg", None),
        ("https://techcrunch.com/wp-content/uploads/2023/05/G.jpg?resize=1200,799", 1200),
        ("https://x.example/a.jpg?w=724&h=483&crop=1&resize=1280,720", 1280),  # resize wins
        ("https://x.example/a.jfif?crop=533,301,x0,y0&width=1200", None),  # a crop box
        ("https://b.s3.amazonaws.com/uploads/a.jpg?resize=1200,600", None),  # storage: no resizer
        ("https://cdn.images.express.co.uk/img/dynamic/143/590x/a.jpg", None),  # 143 is an ID
        ("https://x.example/image/12703334/16x9/991/557/a.jpg", None),  # an aspect ratio
        ("https://x.example/r/1200x0/c/x.com/r/0x0:4726x3146/1400x932/a.jpg", None),  # nested
        ("https://powerappsblogscdn.azureedge.net/wp-content/uploads/2023/10/i-1024x531.png", None),
        ("https://x.example/a.jpg?width=auto", None),
        ("https://x.example/a.jpg?width=0", None),
        ("https://x.example/a.jpg?width=620&dpr=" + "9" * 400, None),
        ("https://x.example/a.jpg?width=620&dpr=0", None),
        ("not a url/1024/a.jpg", None),
    ],
)
def test_stated_width(url, width):
    stated = stated_width(url, 16384)
    assert (stated.width if stated else None) == width


# FM404 duplicate-image-url


def test_same_url_twice_warns():
    block = THUMB + "    width: 1280\n    height: 720\n    isCached: true\n"
    text = edit(VIDEO, block, block + block)
    assert lint(text) == [
        (31, 10, "FM404", "images[1].url: the same image as images[0]; list each image once")
    ]


def test_same_url_with_other_sizes_warns_in_provider_images():
    logo = '    - url: "https://smartableai.github.io/microsoft-power-apps/assets/images/organizations/microsoft.com-50x50.jpg"\n'
    block = logo + "      width: 50\n      height: 50\n"
    text = edit(VIDEO, block, block + block.replace("50\n", "60\n"))
    assert [f[:3] for f in lint(text)] == [(21, 12, "FM404")]
    assert lint(text)[0][3].startswith(
        "provider.images[1].url: the same image as provider.images[0]"
    )


def test_same_url_in_two_lists_is_fine():
    url = 'url: "https://ichef.bbci.co.uk/news/1024/branded_news/36A6/production/_131809931_mediaitem131809929.jpg"'
    text = edit(SEED, f'url: "{GUARDIAN}"', url).replace(
        "        width: 620\n        height: 372\n", "        width: 1024\n        height: 576\n"
    )
    assert lint(text) == []


def test_different_urls_are_fine():
    block = THUMB + "    width: 1280\n    height: 720\n    isCached: true\n"
    other = block.replace("maxresdefault", "hqdefault").replace("1280", "480").replace("720", "360")
    assert lint(edit(VIDEO, block, block + other)) == []


# Robustness


@pytest.mark.parametrize(
    "images",
    ["images: 5", "images: [1, null, []]", "images:\n  - url: 5\n    width: 1\n    height: 1"],
)
def test_odd_image_shapes_do_not_crash(images):
    block = THUMB + "    width: 1280\n    height: 720\n    isCached: true\n"
    text = edit(VIDEO, "images:\n" + block, images + "\n")
    assert not any(code.startswith("FM4") for code in codes(text))
