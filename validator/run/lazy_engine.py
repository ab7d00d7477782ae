"""`LazyEngine`: the engine of a plain lint, built on its first miss.

The run's schemas are loaded at once (`run_schemas`): the cache key holds them, and a bad one is
reported before any file is read. The engine itself (the YAML parser, the rules, the compiled
schemas) is built only when a file needs linting: a warm run whose every file is a cache hit
never imports them (`runner.Job` calls `build` on its first miss).
"""

from __future__ import annotations

from ..schema.run_schemas import load_run_schemas


class LazyEngine:
    """A run's schemas, loaded as `Engine` loads them, and the engine built from them (a `Linter`)
    when `build` is first called."""

    __slots__ = ("_engine", "collection_schemas", "run_schema", "settings")

    def __init__(self, settings):
        self.settings = settings
        schema, self.collection_schemas = load_run_schemas(settings)
        # what the engine's checker would hold: {} with collections (`Engine.schema.schema`)
        self.run_schema = schema if schema is not None else {}
        self._engine = None

    def build(self):
        if self._engine is None:
            from .linter import Linter  # the YAML parser, the rules: not for a warm run

            self._engine = Linter(
                settings=self.settings,
                schema=self.run_schema,
                collection_schemas=self.collection_schemas,
            )
        return self._engine
