"""`fmlint server` with counters, for tests: how often it lints, applies fixes, reads a config.

Run as the server command of a pytest-lsp client; the custom request `fmlint/counts` answers
`{"lints": ..., "fixes": ..., "configReads": ...}`. Counting happens where the work is done
(`Linter.lint_text`, `fix.apply`, TOML parsing), so no path through the server escapes it.
"""

from __future__ import annotations

from validator.fixing import edits as fix
from validator.run.linter import Linter
from validator.server.main import build_server

COUNTS = {"lints": 0, "fixes": 0, "configReads": 0}


def counted(name: str, function):
    def wrapper(*args, **kwargs):
        COUNTS[name] += 1
        return function(*args, **kwargs)

    return wrapper


Linter.lint_text = counted("lints", Linter.lint_text)
fix.apply = counted("fixes", fix.apply)
for toml_module in ("tomllib", "tomli"):
    try:
        module = __import__(toml_module)
    except ImportError:
        continue
    module.loads = counted("configReads", module.loads)

server = build_server()


@server.feature("fmlint/counts")
def counts(ls, params) -> dict:
    return dict(COUNTS)


if __name__ == "__main__":
    server.start_io()
