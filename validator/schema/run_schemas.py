"""The schemas of a run, loaded once: the run's own (none with collections, where each file is
checked against its collection's) and each collection's.

`Engine` is built from them; `lazy_engine.LazyEngine` loads them before any file is linted (the
cache key holds them) and builds its engine from them on the first miss.
"""

from __future__ import annotations

from .download import fetch_policy
from .load import load_collection_schemas, load_schema


def load_run_schemas(
    settings, schema: dict | None = None, collection_schemas: dict[str, dict] | None = None
) -> tuple[dict | None, dict[str, dict]]:
    """The run's schema (None with collections) and each collection's by name: those given, the
    others loaded as the settings say (a `SchemaError` for one that cannot be used)."""
    if schema is None and not settings.collections:
        schema = load_schema(settings.schema, fetch=fetch_policy(settings))
    if collection_schemas is None:
        collection_schemas = load_collection_schemas(
            settings.collections, fetch=fetch_policy(settings)
        )
    return schema, collection_schemas
