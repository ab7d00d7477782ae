"""The real records are the truth about the format: every one of them lints without errors."""

from __future__ import annotations

import pytest

from validator.linter import Linter

from .conftest import CORPUS, SEED, needs_corpus

pytestmark = needs_corpus


@pytest.fixture(scope="module")
def corpus_results():
    return Linter().lint_paths([CORPUS, SEED])


def test_the_whole_corpus_is_linted(corpus_results):
    assert len(corpus_results.files) == len(list(CORPUS.glob("*.md"))) + 1 == 109
    assert corpus_results.errors == ()


def test_no_errors_on_real_records(corpus_results):
    errors = [d for d in corpus_results.diagnostics if d.severity == "error"]
    assert errors == []
