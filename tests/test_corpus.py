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


# Every warning the real records still get, and why it is right.
EXPECTED_WARNINGS = {
    (
        "2022-11-09-security-in-microsoft-dataverse.md",
        3,
        "FM502",
    ): "the title ends in a no-break space (U+00A0) copied from HTML: invisible, and a real defect",
    (
        "2023-11-28-aws-unveils-new-trainium-ai-chip-and-graviton-4-extends-nvidia-partnership.md",
        101,
        "FM205",
    ): "related[4].ampWebUrl is on m.timesofindia.com while its provider.domain is indiatimes.com: "
    "a different registrable domain, which deserves a look even if one publisher owns both",
}


def test_every_corpus_warning_is_known_and_right(corpus_results):
    warnings = {
        (d.path.rsplit("/", 1)[-1], d.line, d.code)
        for d in corpus_results.diagnostics
        if d.severity == "warning"
    }
    assert warnings == set(EXPECTED_WARNINGS)
