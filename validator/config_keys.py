"""Every key of the config file, once: the Settings field it sets, its default, its parser, and how
`fmlint config` writes it back as TOML (`KEY_TABLE`); the rule-option tables the rules declare
(`option_tables`); and the values the parsers give (`Collection`) or raise (`ConfigError`).

A parser checks what one key was given, from a file or the command line (`Context` says which),
and gives the field's value: an unknown key or a bad value is a ConfigError naming the key and the
file. `config` applies the parsers to a table (`config._apply`) and resolves the settings.
"""

from __future__ import annotations

import json
from pathlib import Path

from .rules import all_options
from .rules.options import BadValue, toml
from .schema.load import BUNDLED_SCHEMAS
from .source.files import SUFFIXES, check_glob
from .value import Value

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

    from .rules.options import Option

DEFAULT_INCLUDE = tuple(f"*{suffix}" for suffix in SUFFIXES)  # Markdown, text, templates
SEVERITIES = ("error", "warning")
SCHEMA_FORMATS = ("assert", "annotation")
YAML_VERSIONS = ("1.2", "1.1")
# Settings that let URLs reach this machine's own network: a repository's config must not
# turn them on (CI lints pull requests); only the command line and the environment can.
COMMAND_LINE_ONLY = ("resolve",)
COMMAND_LINE, ENVIRONMENT = "command line", "environment"  # where a trusted setting came from
WIDENS_NETWORK = (
    "widens what URLs may reach, so a configuration file cannot set it: give it on the "
    "command line (or allow-private-hosts as FMLINT_ALLOW_PRIVATE_HOSTS=1)"
)


class ConfigError(Exception):
    """A configuration problem, worded for the user: exit code 2."""


class Collection(Value, defaults={"path": None}):
    """`"_games/**" = "schemas/game.schema.json"`: the files a glob matches, linted against a
    bundled schema (`schema` is its name, `path` None), a schema file (`path`, resolved against
    the config file's folder) or a schema URL (`path` is the URL, read with `schema-fetch`)."""

    FIELDS = ("glob", "schema", "path")
    __slots__ = FIELDS
    glob: str
    schema: str
    path: Path | str | None

    @property
    def name(self) -> str:
        """What the file's decision (and its cache key) records: the bundled name or the path."""
        return self.schema if self.path is None else str(self.path)


class Context:
    """What a key's parser may need besides its value: the settings so far (a `config.Settings`),
    where the value comes from (`command line` or a file's path), and the whole table it was
    written in."""

    def __init__(self, settings: Any, origin: str, table: dict):
        self.settings, self.origin, self.table = settings, origin, table

    @property
    def command_line(self) -> bool:
        """Whether the value comes from the user (trusted), not from a file in the tree."""
        return self.origin in (COMMAND_LINE, ENVIRONMENT)


def _codes(value: Any, where: str, _context: Context) -> tuple[str, ...]:
    return tuple(_code(item, where) for item in _strings(value, where))


def _globs(gitignore: bool):
    def parse(value: Any, where: str, _context: Context) -> tuple[str, ...]:
        items = _strings(value, where)
        _check_globs(items, where, gitignore=gitignore)
        return items

    return parse


def _extend_exclude(value: Any, where: str, context: Context) -> tuple[str, ...]:
    """More `exclude` globs: from the command line (`--extend-exclude`), added to what the
    configuration file's `extend-exclude` holds, as both add to its `exclude`."""
    items = _globs(gitignore=True)(value, where, context)
    return context.settings.extend_exclude + items if context.command_line else items


def _per_file_ignores(value: Any, where: str, _context: Context) -> tuple:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of glob = [codes]")
    _check_globs(value, where)
    return tuple(
        (glob, tuple(_code(c, f"{where}.{glob}") for c in _strings(codes, where)))
        for glob, codes in value.items()
    )


def _severity(value: Any, where: str, _context: Context) -> tuple:
    if not isinstance(value, dict):
        raise ConfigError(f'{where} must be a table of code = "error" | "warning"')
    pairs = []
    for code, level in value.items():
        if level not in SEVERITIES:
            raise ConfigError(f'{where}.{code} must be "error" or "warning", not {level!r}')
        pairs.append((_code(code, where), level))
    return tuple(pairs)


def _schema(value: Any, where: str, context: Context) -> dict:
    if not isinstance(value, str):
        raise ConfigError(f"{where} must be a path to a JSON Schema file")
    if value.startswith(("http://", "https://")):
        schema: Path | str = value
    elif context.command_line:
        schema = (Path.cwd() / value).resolve()
    else:
        schema = _inside(context.settings.root, value, where)
    if context.command_line:  # `--schema`: every file against it, as without collections
        return {"schema": schema, "collections": ()}
    return {"schema": schema}


def _boolean(value: Any, where: str, _context: Context) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where} must be true or false, not {value!r}")
    return value


def _private_hosts(value: Any, where: str, context: Context) -> bool:
    if not context.command_line:
        raise ConfigError(f"{where}: {WIDENS_NETWORK}")
    return _boolean(value, where, context)


def _schema_format(value: Any, where: str, _context: Context) -> str:
    if value not in SCHEMA_FORMATS:
        raise ConfigError(f'{where} must be "assert" or "annotation", not {value!r}')
    return value


def _yaml_version(value: Any, where: str, _context: Context) -> str:
    if isinstance(value, float) and str(value) in YAML_VERSIONS:  # written unquoted: 1.1
        value = str(value)
    if value not in YAML_VERSIONS:
        raise ConfigError(f'{where} must be "1.2" or "1.1", not {value!r}')
    return value


def _network_key(value: Any, where: str, context: Context) -> tuple:
    return _network(context.settings.network, value, where, context.origin)


def _collections_key(value: Any, where: str, context: Context) -> tuple:
    if "schema" in context.table:
        raise ConfigError(
            f"{context.origin}: 'schema' and 'collections' do not go together: "
            f'map the files to that schema instead (`"**" = "{context.table["schema"]}"`)'
        )
    return _collections(value, where, context.settings.root)


def toml_value(value: Any) -> str:
    """A setting's value as TOML: `["FM"]`, `{ "a/**" = ["FM101"] }`, `true`, `"text"`."""
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(item, tuple) and len(item) == 2 for item in value):
            return toml_value(dict(value))
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + pairs + " }" if pairs else "{}"
    if isinstance(value, Path):
        return json.dumps(str(value))
    return toml(value)


def _table(pairs: tuple) -> str:
    return toml_value(dict(pairs))


# Every top-level key, once: key -> (Settings field, default, parser, how `fmlint config` shows
# it, None for a key shown its own way). Rule options add one table each (`[tool.fmlint.dates]`).
KEY_TABLE: dict[str, tuple] = {
    "select": ("select", ("FM",), _codes, toml_value),
    "extend-select": ("extend_select", (), _codes, toml_value),
    "ignore": ("ignore", (), _codes, toml_value),
    "per-file-ignores": ("per_file_ignores", (), _per_file_ignores, _table),
    "severity": ("severity", (), _severity, _table),
    "include": ("include", DEFAULT_INCLUDE, _globs(gitignore=False), toml_value),
    "exclude": ("exclude", (), _globs(gitignore=True), toml_value),
    # globs excluded as well as `exclude`'s (`--extend-exclude` adds to the file's)
    "extend-exclude": ("extend_exclude", (), _extend_exclude, toml_value),
    # `--online`: never on by default; what widens the network only from the command line
    "online": ("online", False, _boolean, toml_value),
    "allow-private-hosts": ("allow_private_hosts", False, _private_hosts, toml_value),
    # `[tool.fmlint.network]` as written, by key (shown key by key)
    "network": ("network", (), _network_key, None),
    # a path, or an http(s) URL (read with schema-fetch)
    "schema": ("schema", None, _schema, toml_value),
    # "annotation": `format` never fails a value
    "schema-format": ("schema_format", "assert", _schema_format, toml_value),
    # download a schema given by URL and remote `$ref`s
    "schema-fetch": ("schema_fetch", False, _boolean, toml_value),
    # "1.1": plain yes/no/on/off are booleans, as Jekyll's YAML reader (Ruby's Psych) reads them
    "yaml-version": ("yaml_version", "1.2", _yaml_version, toml_value),
    # glob (relative to `root`) -> schema, first match wins (shown glob by glob)
    "collections": ("collections", (), _collections_key, None),
}
KEYS = tuple(KEY_TABLE)


def _network(written: tuple, value: Any, where: str, origin: str) -> tuple:
    """`[tool.fmlint.network]` merged over what was written before, each key checked."""
    # imported here: online.settings imports dataclasses, which a run without a network table
    # never needs
    from .online.settings import OPTIONS, BadNetworkValue, check

    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table")
    merged = dict(written)
    for key, item in value.items():
        if key not in OPTIONS:
            raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(OPTIONS)})")
        if key in COMMAND_LINE_ONLY and origin not in (COMMAND_LINE, ENVIRONMENT):
            raise ConfigError(f"{where}.{key}: {WIDENS_NETWORK}")
        try:
            check(key, item)
        except BadNetworkValue as error:
            raise ConfigError(f"{where}.{key} {error}") from None
        merged[key] = tuple(item) if isinstance(item, list) else item  # settings stay hashable
    return tuple(merged.items())


def _collections(value: Any, where: str, root: Path) -> tuple[Collection, ...]:
    if not isinstance(value, dict) or not value:
        raise ConfigError(f'{where} must be a table of glob = schema (`"_news/**" = "article"`)')
    _check_globs(value, where)
    found = []
    for glob, schema in value.items():
        if not isinstance(schema, str) or not schema.strip():
            raise ConfigError(
                f"{where}.{glob!r} must name a bundled schema "
                f"({', '.join(BUNDLED_SCHEMAS)}), a schema file or a schema URL"
            )
        if schema in BUNDLED_SCHEMAS:
            found.append(Collection(glob, schema))
        elif schema.startswith(("http://", "https://")):
            found.append(Collection(glob, schema, schema))
        else:
            found.append(Collection(glob, schema, _inside(root, schema, f"{where}.{glob!r}")))
    return tuple(found)


def _inside(root: Path, written: str, where: str) -> Path:
    """A path a config file names, resolved (links followed): it must stay inside the project
    (the config file's folder), as everything a repository holds must."""
    base = root.resolve()
    path = (base / written).resolve()
    if path != base and base not in path.parents:
        raise ConfigError(
            f"{where}: {written!r} is outside the project ({base}): a configuration file may "
            "only name files inside it (give an outside schema with --schema)"
        )
    return path


def _check_globs(globs, where: str, gitignore: bool = True) -> None:
    """A glob the walk could not use (`[z-a]`, a lone `\\`, 100k characters) is a config error."""
    for glob in globs:
        problem = check_glob(glob, where, gitignore)
        if problem is not None:
            raise ConfigError(problem)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def _code(text: str, where: str) -> str:
    code = text.strip().upper()
    if not any(k.startswith(code) for k in _known_codes()):
        raise ConfigError(f"{where}: '{text}' is not a code or prefix of one (see `fmlint rules`)")
    return code


def _known_codes() -> tuple[str, ...]:
    """Every code: asked only when a code is given (finding them imports every rule)."""
    from .codes import all_codes  # the table of codes: not on a run that names no code

    return tuple(code.code for code in all_codes())


def option_tables() -> dict[str, dict[str, Option]]:
    """`[tool.fmlint.<table>]` -> key -> Option, from every rule's `OPTIONS`."""
    tables: dict[str, dict[str, Option]] = {}
    for option in all_options():
        tables.setdefault(option.table, {})[option.key] = option
    return tables


def parse_options(table: str, value: Any, where: str) -> dict[Option, Any]:
    """A rule-option table's values as written, each checked by its option."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table")
    allowed = option_tables()[table]
    out = {}
    for key, item in value.items():
        if key not in allowed:
            names = ", ".join(allowed)
            raise ConfigError(f"{where}: unknown key '{key}' (known: {names})")
        option = allowed[key]
        try:
            option.convert(item)
        except BadValue as error:
            raise ConfigError(f"{where}.{key} {error}") from None
        out[option] = item
    return out
