"""Pictures on the site's own disk, checked offline (FM407, FM408, `rules.local_files`): where the
picture a page names is in its site, its real size read from its header, nothing outside the
project ever looked at, and a cache that never serves a verdict a picture has changed since."""

from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from validator.rules import local_files, picture_header
from validator.rules.local_files import (
    MAX_PICTURES,
    Missing,
    Picture,
    local_path,
    locate,
)
from validator.rules.picture_header import HEADER_BYTES
from validator.run.linter import Linter

PAGE = "content/post/index.md"
SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "image": {"type": "string", "x-fmlint-role": "picture"},
        "cover": {
            "type": "object",
            "x-fmlint-role": "picture",
            "properties": {
                "src": {"type": "string"},
                "width": {"type": "integer"},
                "height": {"type": "integer"},
            },
        },
        "gallery": {"type": "array", "items": {"type": "string", "x-fmlint-role": "picture"}},
    },
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def picture(path: Path, size: tuple[int, int], kind: str = "PNG", **options) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "white").save(path, kind, **options)
    return path


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixel (what a decompression bomb looks like)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    size = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", size) + chunk(b"IEND", b"")


@pytest.fixture
def hugo(tmp_path, monkeypatch) -> Path:
    """A Hugo site, linted from its root: `static/img/a.png` (64x48), the page bundle
    `content/post/` with `cover.jpg` (30x20)."""
    site = tmp_path / "blog"
    write(site / "hugo.toml", 'title = "Blog"\n')
    picture(site / "static" / "img" / "a.png", (64, 48))
    picture(site / "content" / "post" / "cover.jpg", (30, 20), "JPEG")
    monkeypatch.chdir(site)
    return site


@pytest.fixture
def jekyll(tmp_path, monkeypatch) -> Path:
    """A Jekyll site, linted from its root: `assets/a.png` (50x50) at the root."""
    site = tmp_path / "jekyll"
    write(site / "_config.yml", "title: Blog\n")
    picture(site / "assets" / "a.png", (50, 50))
    monkeypatch.chdir(site)
    return site


@pytest.fixture
def touched(monkeypatch) -> list[str]:
    """Every path the file system is asked about while the test runs."""
    seen: list[str] = []

    def spying(original):
        def spy(path=".", *args, **kwargs):
            seen.append(os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else "")
            return original(path, *args, **kwargs)

        return spy

    for name in ("lstat", "stat", "open", "readlink", "listdir", "scandir"):
        monkeypatch.setattr(os, name, spying(getattr(os, name)))
    return seen


# -- what names a file


@pytest.mark.parametrize(
    "value",
    [
        "https://example.com/a.png",
        "HTTP://example.com/a.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "//cdn.example.com/a.png",
        "{{ .Site.Params.logo }}",
        "{% asset logo.png %}",
        "~/assets/hero.webp",
        "@/assets/hero.webp",
        "C:\\pictures\\a.png",
        "",
        "   ",
        "#top",
        "?v=1",
        None,
        42,
        "/" + "a" * 2000 + ".png",
    ],
)
def test_what_names_no_local_file(value):
    assert local_path(value) is None


@pytest.mark.parametrize(
    "value, path",
    [
        ("/img/a.png", "/img/a.png"),
        ("a.png", "a.png"),
        ("./a.png", "./a.png"),
        ("../x/a.png", "../x/a.png"),
        (" /img/a.png ", "/img/a.png"),
        ("/img/a%20b.png?v=2#top", "/img/a b.png"),
        ("/img/caf%C3%A9.png", "/img/café.png"),
    ],
)
def test_a_local_path_is_decoded_without_query_or_fragment(value, path):
    assert local_path(value) == path


# -- where a picture is


def real(path: Path) -> str:
    return str(path.resolve())


def test_a_site_path_is_served_from_static(hugo):
    found = locate("/img/a.png", PAGE)
    assert isinstance(found, Picture) and found.path == real(hugo / "static/img/a.png")
    for written in ("/img/a.png?v=3#x", "/img/%61.png", "/img/../img/a.png"):
        assert locate(written, PAGE).path == found.path


def test_a_relative_path_is_in_the_page_bundle(hugo):
    for written in ("cover.jpg", "./cover.jpg", "../post/cover.jpg"):
        assert locate(written, PAGE).path == real(hugo / "content/post/cover.jpg")


def test_a_relative_path_is_read_from_the_site_root_too(hugo):
    assert locate("img/a.png", PAGE).path == real(hugo / "static/img/a.png")  # Hugo's absURL


def test_a_missing_picture_names_the_folders_looked_in(hugo):
    assert locate("/img/b.png", PAGE).looked == ("static/", "./", "content/")
    assert locate("b.png", PAGE).looked == ("content/post/", "static/", "./", "content/")


def test_jekyll_serves_the_site_root(jekyll):
    page = "_posts/2024-01-01-hello.md"
    write(jekyll / page, "---\n---\n")
    assert locate("/assets/a.png", page).path == real(jekyll / "assets/a.png")
    assert locate("assets/a.png", page).path == real(jekyll / "assets/a.png")
    assert locate("/assets/b.png", page).looked == ("assets/", "./")


def test_the_site_is_the_nearest_folder_with_a_generator_marker(tmp_path, monkeypatch):
    write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    site = tmp_path / "www"
    write(site / "package.json", "{}\n")
    picture(site / "public" / "a.png", (8, 8))
    monkeypatch.chdir(tmp_path)
    page = "www/src/content/blog/post.md"
    write(tmp_path / page, "---\n---\n")
    assert locate("/a.png", page).path == real(site / "public/a.png")
    assert locate("/b.png", page).looked == ("www/public/", "www/", "www/src/")


def test_eleventy_serves_its_input_folder(tmp_path, monkeypatch):
    config = 'export default function (c) {\n  return { dir: { input: "web" } };\n}\n'
    write(tmp_path / "eleventy.config.js", config)
    picture(tmp_path / "web" / "blog" / "fa.png", (8, 8))
    monkeypatch.chdir(tmp_path)
    assert locate("/blog/fa.png", "web/blog/post.md").path == real(tmp_path / "web/blog/fa.png")


def test_a_hugo_theme_serves_its_static_folder(hugo):
    picture(hugo / "themes" / "ananke" / "static" / "images" / "logo.png", (8, 8))
    found = locate("/images/logo.png", PAGE)
    assert found.path == real(hugo / "themes/ananke/static/images/logo.png")


@pytest.fixture
def astro(tmp_path, monkeypatch) -> Path:
    """An Astro site whose `tsconfig.json` declares `~/*` as `./src/*` (Starlight's docs do)."""
    write(tmp_path / "astro.config.mjs", "export default {};\n")
    paths = {"compilerOptions": {"paths": {"~/*": ["./src/*"], "@out/*": ["../../*"]}}}
    write(tmp_path / "tsconfig.json", json.dumps(paths))
    picture(tmp_path / "src" / "assets" / "hero.webp", (8, 8), "WEBP")
    write(tmp_path / "src" / "content" / "docs" / "index.mdx", "---\ntitle: Home\n---\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_alias_the_site_declares_is_resolved(astro):
    page = "src/content/docs/index.mdx"
    assert locate("~/assets/hero.webp", page).path == real(astro / "src/assets/hero.webp")
    assert locate("~/assets/gone.webp", page).looked == ("src/",)
    assert locate("~/../../etc/passwd", page).looked == ("src/",)  # never above its folder


def test_an_alias_nobody_declares_or_leading_out_is_not_judged(astro, touched):
    local_files._sites._kept.clear()  # the site is read anew, under the spy
    page = "src/content/docs/index.mdx"
    assert locate("@/assets/hero.webp", page) is None  # no such alias
    assert locate("@out/etc/passwd", page) is None  # its folder is outside the project
    strays = [p for p in touched if os.path.isabs(p) and not str(astro).startswith(p)]
    assert [p for p in strays if not p.startswith(str(astro))] == []  # only the way down to it


def test_a_tsconfig_with_comments_declares_nothing(astro):
    write(
        astro / "tsconfig.json",
        '{\n  // Astro\n  "compilerOptions": {"paths": {"~/*": ["./src/*"]}}\n}\n',
    )
    local_files._sites._kept.clear()
    assert locate("~/assets/gone.webp", "src/content/docs/index.mdx") is None


def test_without_a_marker_only_a_picture_beside_the_page_is_judged(tmp_path, monkeypatch):
    """Records copied out of their site: where `/assets/...` is served from cannot be told."""
    picture(tmp_path / "_news" / "here.png", (8, 8))
    monkeypatch.chdir(tmp_path)
    page = "_news/2020-05-01-a.md"
    assert locate("/assets/images/organizations/cnn.com-50x50.jpg", page) is None
    assert locate("gone.png", page) is None
    assert locate("here.png", page).path == real(tmp_path / "_news/here.png")


def test_fmlints_configuration_marks_the_project_root(tmp_path, monkeypatch):
    write(tmp_path / ".fmlint.toml", "")  # as `fmlint init` writes it
    picture(tmp_path / "assets" / "logo.png", (8, 8))
    write(tmp_path / "_news" / "a.md", "---\n---\n")
    monkeypatch.chdir(tmp_path)
    assert locate("/assets/logo.png", "_news/a.md").path == real(tmp_path / "assets/logo.png")
    assert locate("/assets/gone.png", "_news/a.md").looked == ("assets/", "./")


def test_no_page_on_disk_or_outside_the_project_is_not_judged(hugo, monkeypatch):
    assert locate("/img/b.png", None) is None  # stdin
    assert locate("/img/b.png", "nowhere/index.md") is None
    monkeypatch.chdir(hugo / "content")  # the project is content/: the site's marker is above it
    assert locate("/img/b.png", "post/index.md") is None
    assert locate("/img/a.png", str(hugo / "about.md")) is None  # a page outside the project


# -- nothing outside the project


def test_a_link_out_of_the_project_is_not_followed(hugo, tmp_path, touched):
    outside = tmp_path / "outside"
    picture(outside / "x.png", (8, 8))
    os.symlink(outside / "x.png", hugo / "static" / "img" / "out.png")
    os.symlink(outside, hugo / "static" / "linked")
    os.symlink("../../../outside/x.png", hugo / "static" / "img" / "up.png")
    touched.clear()
    for value in ("/img/out.png", "/linked/x.png", "/img/up.png", "/linked/gone.png"):
        assert locate(value, PAGE) is None  # it may be there: not judged
    assert [path for path in touched if path.startswith(str(outside))] == []


def test_a_link_inside_the_project_is_followed(hugo):
    os.symlink("../../content/post/cover.jpg", hugo / "static" / "img" / "in.jpg")
    assert locate("/img/in.jpg", PAGE).path == real(hugo / "content/post/cover.jpg")


def test_a_site_folder_linked_out_leaves_missing_pictures_unjudged(hugo, tmp_path, touched):
    outside = tmp_path / "shared-static"
    outside.mkdir()
    os.symlink(outside, hugo / "public")
    touched.clear()
    assert locate("/img/gone.png", PAGE) is None
    assert locate("/img/a.png", PAGE).path == real(hugo / "static/img/a.png")
    assert [path for path in touched if path.startswith(str(outside))] == []


@pytest.mark.parametrize(
    "value", ["../../../../../../../../etc/passwd", "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd"]
)
def test_a_path_out_of_the_project_is_not_probed(hugo, touched, value):
    assert locate(value, PAGE) is None
    assert [path for path in touched if path.startswith("/etc")] == []


def test_a_site_path_stops_at_the_site_root_as_a_url_does(hugo, touched):
    """`/../../etc/passwd` is `/etc/passwd` on the site, as a browser reads it."""
    assert locate("/../../etc/passwd", PAGE).looked == ("static/", "./", "content/")
    assert [path for path in touched if path.startswith("/etc")] == []


# -- a picture's size


def test_the_size_comes_from_the_header(hugo):
    assert picture_header.picture_size(locate("/img/a.png", PAGE)) == ("PNG", 64, 48, False)
    assert picture_header.picture_size(locate("cover.jpg", PAGE)) == ("JPEG", 30, 20, False)


def test_a_photo_turned_by_its_exif_says_so(hugo):
    exif = Image.Exif()
    exif[0x0112] = 6  # turned a quarter clockwise
    picture(hugo / "content/post/turned.jpg", (40, 30), "JPEG", exif=exif)
    assert picture_header.picture_size(locate("turned.jpg", PAGE)) == ("JPEG", 40, 30, True)


def test_a_huge_picture_costs_its_header_only(hugo, monkeypatch):
    bomb = hugo / "static" / "bomb.png"
    bomb.write_bytes(png_header(100_000, 100_000))  # 10 gigapixels: never decoded
    with open(bomb, "r+b") as handle:
        handle.truncate(4 << 30)  # 4 GB on disk (sparse)
    reads = []
    original = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or original(fd, n))
    assert picture_header.picture_size(locate("/bomb.png", PAGE)) == (
        "PNG",
        100_000,
        100_000,
        False,
    )
    assert reads == [HEADER_BYTES]


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        b"\xff\xd8\xff\xe0\x00\x10JFIF",  # a JPEG cut before its size
        b"",
        b"GIF89a",
    ],
)
def test_what_pillow_cannot_size_has_no_size(hugo, content):
    (hugo / "static" / "odd.png").write_bytes(content)
    assert picture_header.picture_size(locate("/odd.png", PAGE)) is None


def test_a_changed_picture_is_read_again(hugo):
    path = hugo / "static/img/a.png"
    assert picture_header.picture_size(locate("/img/a.png", PAGE))[1:3] == (64, 48)
    picture(path, (32, 32))
    os.utime(path, ns=(1, 1))
    assert picture_header.picture_size(locate("/img/a.png", PAGE))[1:3] == (32, 32)


# -- the rules, end to end (`x-fmlint-role: picture` in the run's schema)


HUGO_PAGE = """\
---
title: Post
image: /img/a.png
cover:
  src: cover.jpg
  width: 31
  height: 20
gallery:
  - /img/a.png
  - /img/gone.png
  - https://example.com/remote.png
  - "{{ .Site.Params.logo }}"
  - ../../../../../../../../etc/passwd
---
Body.
"""


def check(run, *args, **kwargs):
    return run("check", "--output-format", "concise", "--schema", "schema.json", *args, **kwargs)


@pytest.fixture
def hugo_page(hugo) -> Path:
    write(hugo / "schema.json", json.dumps(SCHEMA))
    return write(hugo / PAGE, HUGO_PAGE)


def test_a_hugo_site_missing_picture_and_wrong_size(run, hugo_page):
    result = check(run, "--no-cache", "content")
    assert result.stdout.splitlines() == [
        f'{PAGE}:6:10: FM408 cover: declared 31x20, but the picture file "cover.jpg" is 30x20 '
        "(JPEG)",
        f'{PAGE}:10:5: FM407 gallery[1]: "/img/gone.png" names no file of the site (looked in '
        "static/, ./, content/)",
    ]
    assert result.exit_code == 1


def test_each_picture_is_looked_up_once_for_both_rules(run, hugo_page):
    """`/img/a.png` twice, `cover.jpg`, `/img/gone.png`, the `..` escape: the URL and the
    template are no file."""
    before = local_files.lookups()
    check(run, "--no-cache", "content")
    assert local_files.lookups() - before == 4


def test_a_file_naming_countless_pictures_is_looked_up_a_bounded_number_of_times(hugo):
    many = [((index,), f"/img/{index}.png") for index in range(MAX_PICTURES + 5)]
    walk = SimpleNamespace(picture_sources=[*many, (("again",), "/img/0.png")])
    before = local_files.lookups()
    answers = local_files.located(walk, PAGE)
    assert local_files.lookups() - before == MAX_PICTURES
    assert answers[("again",)] is answers[(0,)]
    assert isinstance(answers[(MAX_PICTURES - 1,)], Missing)
    assert answers[(MAX_PICTURES,)] is None


def test_fix_writes_the_real_size(run, hugo_page):
    check(run, "--no-cache", "--fix", "content")
    assert "  width: 30\n  height: 20\n" in hugo_page.read_text(encoding="utf-8")


def test_a_turned_photo_may_declare_its_shown_size(run, hugo_page):
    exif = Image.Exif()
    exif[0x0112] = 6
    picture(hugo_page.parent / "cover.jpg", (30, 20), "JPEG", exif=exif)
    for declared in ("width: 20\n  height: 30", "width: 30\n  height: 20"):
        hugo_page.write_text(HUGO_PAGE.replace("width: 31\n  height: 20", declared))
        assert "FM408" not in check(run, "--no-cache", "content").stdout


def test_a_jekyll_site_serves_its_root(run, jekyll):
    write(jekyll / "schema.json", json.dumps(SCHEMA))
    write(
        jekyll / "_posts/2024-01-01-good.md",
        "---\nimage: /assets/a.png\ncover:\n  src: assets/a.png\n  width: 50\n  height: 50\n---\n",
    )
    write(jekyll / "_posts/2024-01-02-bad.md", "---\ntitle: Bad\nimage: /assets/b.png\n---\n")
    result = check(run, "--no-cache", "_posts")
    assert result.stdout.splitlines() == [
        '_posts/2024-01-02-bad.md:3:8: FM407 image: "/assets/b.png" names no file of the site '
        "(looked in assets/, ./)"
    ]


def test_text_on_stdin_is_checked_under_its_file_name_only(run, hugo_page):
    text = HUGO_PAGE.encode()
    assert "FM407" not in check(run, "-", input=text).stdout
    named = check(run, "--stdin-filename", PAGE, input=text).stdout
    assert f"{PAGE}:10:5: FM407" in named


def test_a_cached_verdict_is_not_served_once_a_picture_is_gone(run, hugo_page, monkeypatch):
    monkeypatch.delenv("FMLINT_CACHE_DIR", raising=False)
    monkeypatch.delenv("FMLINT_NO_CACHE", raising=False)
    write(hugo_page.parent.parent / "plain.md", "---\ntitle: No picture\n---\n")
    linted = []
    original = Linter.lint_bytes

    def spy(self, data, path):
        linted.append(path)
        return original(self, data, path)

    monkeypatch.setattr(Linter, "lint_bytes", spy)
    sound = HUGO_PAGE.replace("width: 31", "width: 30").replace("/img/gone.png", "cover.jpg")
    hugo_page.write_text(sound, encoding="utf-8")
    assert check(run, "content").stdout == ""
    (Path("static") / "img" / "a.png").unlink()
    linted.clear()
    again = check(run, "content")
    assert linted == [PAGE]  # the page without pictures came from the cache
    assert [line.split(" FM407 ")[0] for line in again.stdout.splitlines()] == [
        f"{PAGE}:3:8:",
        f"{PAGE}:9:5:",
    ]
