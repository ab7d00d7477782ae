"""`fmlint server` whose lint of a document containing `slow-lint` takes 60 s, with a budget of
half a second: for the test that a slow document never wedges the server."""

from __future__ import annotations

import time

from validator.run.linter import Linter
from validator.server import main as server

_lint_text = Linter.lint_text


def slow_lint_text(self, text, *args, **kwargs):
    if "slow-lint" in text:
        time.sleep(60)
    return _lint_text(self, text, *args, **kwargs)


Linter.lint_text = slow_lint_text
server.LINT_BUDGET_SECONDS = 0.5

if __name__ == "__main__":
    server.serve()
