"""`fmlint config`: every setting as TOML you can paste, and where it came from."""

from __future__ import annotations

from .config_keys import KEY_TABLE, option_tables, toml_value
from .online.settings import OPTIONS
from .rules.options import toml

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from .config import Settings


def _describe_collections(settings: Settings) -> list[str]:
    if not settings.collections:
        return [
            "collections = (none)  # an article record (by its keys) against the article "
            "schema, any other file only the checks that hold for any front matter: map folders "
            "to schemas in [tool.fmlint.collections] (`fmlint init` writes them)"
        ]
    where = settings.source("collections")
    lines = [f"collections:  # {where}; the first glob that matches a file decides"]
    for collection in settings.collections:
        shown = collection.schema
        if collection.path is not None:
            shown = f"{collection.schema} ({collection.path})"
        lines.append(f"  {collection.glob!r} = {shown}")
    lines.append(
        "  (any other file) = only the checks that hold for any front matter: it opens and "
        "closes, parses (YAML, TOML or JSON), no duplicate keys, no tags (FM0xx)"
    )
    return lines


def describe(settings: Settings) -> str:
    """`fmlint config`: every setting as TOML you can paste, and where it came from."""
    lines = [f"config file: {settings.config_file or '(none)'}"]
    for key, (field, _default, _parse, show) in KEY_TABLE.items():
        value = getattr(settings, field)
        if show is None:
            continue
        if value is None:  # not set: a comment, so the output still pastes as TOML
            lines.append(f"# {key}: not set (the bundled article schema)  # default")
        else:
            lines.append(f"{key} = {show(value)}  # {settings.source(key)}")
    written = dict(settings.network)
    for key, (default, _convert, _help) in OPTIONS.items():
        shown = toml_value(written.get(key, default))
        lines.append(f"network.{key} = {shown}  # {settings.source('network')}")
    lines.extend(_describe_collections(settings))
    for table, keys in option_tables().items():
        for option in keys.values():
            shown = toml(settings.options.raw(option))
            lines.append(f"{option.name} = {shown}  # {settings.source(table)}")
    return "\n".join(lines) + "\n"
