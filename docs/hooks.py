"""MkDocs hook (`hooks:` in mkdocs.yml): the site's address and one page per code, at build time.

Each code's page (`rules/FM203.md`, served at `rules/FM203/`) is rendered from the code table
(`validator.codes.all_codes()`: each rule's docstring) by `validator.reporters.ruledocs` whenever
the site is built, so no rule page is ever committed or stale, and a new code has its page. The
site's address is `ruledocs.DOCS_SITE`, the one place SARIF and the HTML report read it from.
"""

from __future__ import annotations

from mkdocs.structure.files import File

from validator.codes import all_codes
from validator.reporters import ruledocs

INDEX = "rules.md"  # docs/rules.md: every code on one page; the rule pages go beside it in the nav


def on_config(config):
    """The site's address (unless `mkdocs serve` has set its own), and the rule pages in the nav."""
    if not config.site_url:
        config.site_url = ruledocs.DOCS_SITE
    config.nav = [_with_rule_pages(item) for item in config.nav]
    return config


def on_files(files, config):
    """Add every code's page to the site's files."""
    for code in all_codes():
        page = ruledocs.render_rule_page(code)
        files.append(File.generated(config, ruledocs.rule_page(code), content=page))
    return files


def _with_rule_pages(item):
    """The nav entry `Title: rules.md` as a section: that page first, then one page per code."""
    if not isinstance(item, dict) or list(item.values()) != [INDEX]:
        return item
    (title,) = item
    pages = [{f"{code.code} {code.name}": ruledocs.rule_page(code)} for code in all_codes()]
    return {title: [{"Every rule": INDEX}, *pages]}
