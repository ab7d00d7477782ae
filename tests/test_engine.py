"""The engine decides before it runs: a deselected check is never called, and a rule that defers
to another reports when the other does not run."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.config import Settings
from validator.engine import Engine
from validator.rules import all_rules
from validator.schema.checker import SchemaChecker

VALID = Path(__file__).resolve().parent.parent / "examples" / "valid"
SEED = (VALID / "seed.md").read_text(encoding="utf-8")
HTTP_CACHE = SEED.replace(
    'cdnAmpWebUrl: "https://www-bbc-co-uk.cdn.ampproject.org/c/s/',
    'cdnAmpWebUrl: "http://www-bbc-co-uk.cdn.ampproject.org/c/s/',
    1,
)


def codes(text: str, **settings) -> list[str]:
    engine = Engine(settings=Settings(**settings))
    return [d.code for d in engine.lint_text(text, "post.md").diagnostics]


def rule(code: str):
    return next(module for module in all_rules() if code == module.CODE)


def explode(*args, **kwargs):
    raise AssertionError("a deselected check was called")


@pytest.mark.parametrize("code", [module.CODE for module in all_rules()])
def test_a_deselected_rule_is_never_called(monkeypatch, code):
    monkeypatch.setattr(rule(code), "check", explode)
    assert codes(SEED, ignore=(code,)) == []
    assert codes(SEED, select=("FM0", "FM1")) == []


def test_per_file_ignores_deselect_before_running(monkeypatch):
    monkeypatch.setattr(rule("FM203"), "check", explode)
    engine = Engine(settings=Settings(per_file_ignores=(("post.md", ("FM2",)),)))
    assert engine.lint_text(HTTP_CACHE, "post.md").diagnostics == ()
    with pytest.raises(AssertionError, match="deselected check was called"):
        engine.lint_text(HTTP_CACHE, "other.md")


def test_the_schema_is_not_checked_when_no_schema_code_runs(monkeypatch):
    monkeypatch.setattr(SchemaChecker, "check", explode)
    assert codes(SEED.replace("quality: 57", 'quality: "57"'), ignore=("FM1",)) == []


def test_fm202_defers_to_fm203_only_while_fm203_runs():
    assert codes(HTTP_CACHE) == ["FM203"]  # one problem, one finding
    assert codes(HTTP_CACHE, ignore=("FM203",)) == ["FM202"]


def test_fm505_defers_to_fm506_only_while_fm506_runs():
    unscored = SEED.replace("heat: 67\npublished: false", "heat: -1\npublished: true")
    assert "heat: -1" in unscored and "published: true" in unscored
    assert codes(unscored) == ["FM506"]
    assert codes(unscored, ignore=("FM506",)) == ["FM505"]


def test_rules_defer_only_to_schema_findings_that_are_reported():
    relative = SEED.replace(
        'webUrl: "https://www.bbc.co.uk/news/technology-67521226"',
        'webUrl: "/news/technology-67521226"',
    )
    assert codes(relative) == ["FM105"]  # FM201 leaves the value to the schema's finding
    assert codes(relative, ignore=("FM105",)) == ["FM201"]
