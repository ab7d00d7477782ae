"""Lint rules beyond the schema: one module per rule, its docstring is its documentation.

A rule module defines `CODE`, `NAME`, `SEVERITY`, `FIX` ("", "safe" or "unsafe"),
`check(record, context) -> Iterable[Finding]`, `OPTIONS`, the `Option`s it reads (each declared
once, by its rule or its family's helper module; see `options`), and `APPLIES_TO`: the records
it runs on, "schema" (any record with a schema: it finds its values by what the schema says
they are, `format`s and fmlint's annotations, through `context.record`), "annotated" (the same,
for values only some schemas mark, as the article schema does: its page URLs, `secured`, ...)
or "any" (it holds for any front matter, whatever the collection). A rule with `ONLINE = True`
judges what the network said (`context.answer(url)`) and runs only with `--online`. Modules named
`fm*.py` are found on their own, so a new rule is one new module. Rules see plain values and
speak in document paths; the linter places them.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from ..codespec import Code
from . import options as _options
from .context import Context
from .options import Option, RuleOptions

__all__ = ["Context", "Option", "RuleOptions", "all_options", "all_rules", "rule_codes", "run"]


@lru_cache(maxsize=1)
def all_rules() -> tuple[ModuleType, ...]:
    """Every rule module, in code order."""
    folder = Path(__file__).parent  # (pkgutil would import typing: ~2 ms of every start)
    modules = [importlib.import_module(f"{__name__}.{path.stem}") for path in folder.glob("fm*.py")]
    return tuple(sorted(modules, key=lambda module: module.CODE))


@lru_cache(maxsize=1)
def all_options() -> tuple[Option, ...]:
    """Every rule's options, each once, in the order the rules (by code) list them."""
    found: dict[int, Option] = {}
    names: dict[str, Option] = {}
    for module in all_rules():
        for option in getattr(module, "OPTIONS", ()):
            if names.setdefault(option.name, option) is not option:
                raise RuntimeError(f"{module.__name__}: option {option.name} is declared twice")
            found.setdefault(id(option), option)
    return tuple(found.values())


_options.provide(all_options)  # config keys -> Options (`RuleOptions({"published-heat": 5})`)


def rule_codes() -> tuple[Code, ...]:
    return tuple(
        Code(
            module.CODE,
            module.NAME,
            module.SEVERITY,
            (module.__doc__ or "").strip().splitlines()[0],
            module.FIX,
            doc=(module.__doc__ or "").strip(),
            options=tuple(getattr(module, "OPTIONS", ())),
            applies_to=module.APPLIES_TO,
        )
        for module in all_rules()
    )


def run(record: dict, context: Context) -> tuple[list, set]:
    """The findings of the rules that run on this file (`context.enabled`), and the (path, code)
    schema findings they replace. A deselected rule is never called.

    A rule that names schema codes in `SUPERSEDES` (e.g. a date written with a space, which the
    schema rejects as FM105) may report on values the schema rejected; its more precise finding
    then stands instead of the schema's, so one problem still gives one finding.
    """
    found, replaced = [], set()
    online = context.online is not None
    for module in all_rules():
        if not context.runs(module.CODE) or (getattr(module, "ONLINE", False) and not online):
            continue  # a network rule runs only with --online
        superseded = getattr(module, "SUPERSEDES", ())
        for finding in module.check(record, context):
            found.append(finding)
            replaced.update((finding.path, code) for code in superseded)
    return found, replaced
