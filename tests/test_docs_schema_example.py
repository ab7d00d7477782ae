"""docs/schemas.md's example of what the rules read in a schema (`format`, `x-fmlint-role`,
`x-fmlint-date-layouts`), run as written: its schema, its post and its command print its
findings; the same schema without those words prints none."""

from __future__ import annotations

import json
import shlex

from PIL import Image

from .test_docs import fenced, page

SECTION = page("schemas.md").split("### An example\n", 1)[1]


def unmarked(node):
    """The schema without fmlint's annotations and `format`: only types and keys."""
    if isinstance(node, dict):
        drop = ("x-fmlint-role", "x-fmlint-date-layouts", "format")
        return {key: unmarked(value) for key, value in node.items() if key not in drop}
    if isinstance(node, list):
        return [unmarked(value) for value in node]
    return node


def test_the_schema_example_prints_what_the_page_shows(run, tmp_path, monkeypatch):
    (schema,) = fenced(SECTION, "json")
    (post,) = fenced(SECTION, "markdown")
    (command,) = fenced(SECTION, "sh")
    (shown,) = fenced(SECTION, "text")
    (tmp_path / "_config.yml").write_text("title: A site\n")  # the site's root (FM407)
    (tmp_path / "assets" / "img").mkdir(parents=True)
    Image.new("RGB", (48, 48)).save(tmp_path / "assets" / "img" / "cover.png")
    (tmp_path / "post.schema.json").write_text(schema)
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2023-01-20-release.md").write_text(post)
    monkeypatch.chdir(tmp_path)
    words = shlex.split(command)
    assert words[:2] == ["fmlint", "check"]
    result = run(*words[1:], "--no-cache", "--isolated")
    assert (result.exit_code, result.stdout) == (1, shown)
    plain = json.dumps(unmarked(json.loads(schema)))
    (tmp_path / "post.schema.json").write_text(plain)
    result = run(*words[1:], "--no-cache", "--isolated")
    assert (result.exit_code, result.stdout) == (0, "")
