"""A configuration that makes every file under a test's folder an article record.

Without configuration a file is linted as an article only when its keys say it is one
(`decide.is_article_record`: a key only articles have, and half the keys the article schema
requires); a test's small record (`title`, a key or two) is not one, and gets only the checks
for any front matter. A test of the article schema or rules on such a record says so with this.
"""

from __future__ import annotations

from pathlib import Path

ARTICLES = '[collections]\n"**" = "article"\n'


def article_config(folder: Path) -> Path:
    """Write `folder/.fmlint.toml`, which maps every file under `folder` to the bundled article
    schema, found as any configuration is (from the current folder up) or named by `--config`."""
    config = Path(folder) / ".fmlint.toml"
    config.write_text(ARTICLES, encoding="utf-8")
    return config


def as_articles(folder: Path) -> tuple[str, str]:
    """The `--config` arguments of `article_config(folder)` (no other configuration is read)."""
    return "--config", str(article_config(folder))
