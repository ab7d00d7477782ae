"""Settings from `[tool.fmlint]` in pyproject.toml or `.fmlint.toml`, and the command line.

The nearest config file from the current directory upward wins (`--config` names one, `--isolated`
ignores all); command-line options override it. Every key is checked: an unknown key or a bad value
is a ConfigError naming the key and the file (exit 2). Each setting remembers where it came from,
which `fmlint config` prints.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .rules.options import BadValue, RuleOptions, toml
from .value import Value, replace

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

    from .rules.options import Option

CONFIG_NAMES = (".fmlint.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.mdx", "*.txt")
SEVERITIES = ("error", "warning")
SCHEMA_FORMATS = ("assert", "annotation")
# Settings that let URLs reach this machine's own network: a repository's config must not
# turn them on (CI lints pull requests); only the command line and the environment can.
COMMAND_LINE_ONLY = ("resolve",)
PRIVATE_ENV = "FMLINT_ALLOW_PRIVATE_HOSTS"
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


class _Context:
    """What a key's parser may need besides its value: the settings so far, where the value
    comes from (`command line` or a file's path), and the whole table it was written in."""

    def __init__(self, settings: Settings, origin: str, table: dict):
        self.settings, self.origin, self.table = settings, origin, table

    @property
    def command_line(self) -> bool:
        """Whether the value comes from the user (trusted), not from a file in the tree."""
        return self.origin in (COMMAND_LINE, ENVIRONMENT)


def _codes(value: Any, where: str, _context: _Context) -> tuple[str, ...]:
    return tuple(_code(item, where) for item in _strings(value, where))


def _globs(gitignore: bool):
    def parse(value: Any, where: str, _context: _Context) -> tuple[str, ...]:
        items = _strings(value, where)
        _check_globs(items, where, gitignore=gitignore)
        return items

    return parse


def _per_file_ignores(value: Any, where: str, _context: _Context) -> tuple:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of glob = [codes]")
    _check_globs(value, where)
    return tuple(
        (glob, tuple(_code(c, f"{where}.{glob}") for c in _strings(codes, where)))
        for glob, codes in value.items()
    )


def _severity(value: Any, where: str, _context: _Context) -> tuple:
    if not isinstance(value, dict):
        raise ConfigError(f'{where} must be a table of code = "error" | "warning"')
    pairs = []
    for code, level in value.items():
        if level not in SEVERITIES:
            raise ConfigError(f'{where}.{code} must be "error" or "warning", not {level!r}')
        pairs.append((_code(code, where), level))
    return tuple(pairs)


def _schema(value: Any, where: str, context: _Context) -> dict:
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


def _boolean(value: Any, where: str, _context: _Context) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where} must be true or false, not {value!r}")
    return value


def _private_hosts(value: Any, where: str, context: _Context) -> bool:
    if not context.command_line:
        raise ConfigError(f"{where}: {WIDENS_NETWORK}")
    return _boolean(value, where, context)


def _schema_format(value: Any, where: str, _context: _Context) -> str:
    if value not in SCHEMA_FORMATS:
        raise ConfigError(f'{where} must be "assert" or "annotation", not {value!r}')
    return value


def _network_key(value: Any, where: str, context: _Context) -> tuple:
    return _network(context.settings.network, value, where, context.origin)


def _collections_key(value: Any, where: str, context: _Context) -> tuple:
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
_KEYS: dict[str, tuple] = {
    "select": ("select", ("FM",), _codes, toml_value),
    "extend-select": ("extend_select", (), _codes, toml_value),
    "ignore": ("ignore", (), _codes, toml_value),
    "per-file-ignores": ("per_file_ignores", (), _per_file_ignores, _table),
    "severity": ("severity", (), _severity, _table),
    "include": ("include", DEFAULT_INCLUDE, _globs(gitignore=False), toml_value),
    "exclude": ("exclude", (), _globs(gitignore=True), toml_value),
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
    # glob (relative to `root`) -> schema, first match wins (shown glob by glob)
    "collections": ("collections", (), _collections_key, None),
}
KEYS = tuple(_KEYS)


class Settings(
    Value,
    defaults={
        **{field: default for field, default, _parse, _show in _KEYS.values()},
        "config_file": None,
        "sources": (),
    },
    factories={"options": RuleOptions, "root": Path.cwd},
):
    """A run's resolved settings (`load`); `replace` makes changed ones."""

    FIELDS = (
        *(field for field, _default, _parse, _show in _KEYS.values()),
        "options",
        "root",
        "config_file",
        "sources",
    )
    __slots__ = FIELDS
    select: tuple[str, ...]
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...]
    severity: tuple[tuple[str, str], ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    online: bool
    allow_private_hosts: bool
    network: tuple[tuple[str, Any], ...]
    schema: Path | str | None
    schema_format: str
    schema_fetch: bool
    collections: tuple[Collection, ...]
    options: RuleOptions
    root: Path
    config_file: Path | None
    sources: tuple[tuple[str, str], ...]

    def enabled(self, code: str) -> bool:
        """ruff's rule: the longest matching prefix decides; on a tie, `ignore` wins."""
        chosen = _longest(code, (*self.select, *self.extend_select))
        return chosen > _longest(code, self.ignore)

    def severity_of(self, code: str, default: str) -> str:
        best, level = -1, default
        for prefix, value in self.severity:
            if code.startswith(prefix) and len(prefix) > best:
                best, level = len(prefix), value
        return level

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """Codes and prefixes `per-file-ignores` switches off for this file."""
        if not self.per_file_ignores:
            return ()
        from .source.files import gitignore_spec

        relative = _relative(path, self.root)
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores:
            if gitignore_spec((pattern,), "per-file-ignores").match_file(relative):
                codes.extend(ignored)
        return tuple(codes)

    def collection_of(self, path: str) -> Collection | None:
        """The first collection whose glob matches this file (relative to `root`), or None."""
        return self.collection_at(_relative(path, self.root))

    def collection_at(self, relative: str) -> Collection | None:
        """`collection_of` for a path already relative to `root` (`/`-separated)."""
        from .source.files import gitignore_spec

        for collection in self.collections:
            if gitignore_spec((collection.glob,), "collections").match_file(relative):
                return collection
        return None

    def source(self, key: str) -> str:
        return dict(self.sources).get(key, "default")


FIELDS = Settings.FIELDS  # every setting's name, in order (`cache.run_key` reads them)


def _longest(code: str, prefixes) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def _relative(path: str, root: Path) -> str:
    candidate = Path(path)
    try:
        return candidate.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return candidate.as_posix()


def find_config(start: Path) -> tuple[Path, dict] | None:
    """The nearest `.fmlint.toml`, or `pyproject.toml` with a `[tool.fmlint]` table."""
    for directory in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                if directory.resolve() not in candidate.resolve().parents:
                    raise ConfigError(
                        f"{candidate}: links outside its folder; a configuration file is read "
                        "only from the project itself (name another with --config)"
                    )
                table = _read(candidate)
                if table is not None:
                    return candidate, table
    return None


def _read(path: Path) -> dict | None:
    if sys.version_info >= (3, 11):  # imported here: most runs find no config file
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    from .disk.safe_read import CONFIG_CAP, read_text

    try:
        data = tomllib.loads(read_text(path, CONFIG_CAP))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        return tool.get("fmlint") if isinstance(tool, dict) else None
    return data


def load(
    config: Path | None = None, *, isolated: bool = False, cli: dict[str, Any] | None = None
) -> Settings:
    """Resolve settings: defaults < config file < command line (`cli`, keys as in the file)."""
    settings = Settings()
    if not isolated:
        found = None
        if config is not None:
            if not config.is_file():
                what = "not a regular file" if config.exists() else "config file not found"
                raise ConfigError(f"{config}: {what}")
            table = _read(config)
            found = (config, table if table is not None else {})
        else:
            found = find_config(Path.cwd())
        if found is not None:
            path, table = found
            settings = replace(settings, root=path.parent.resolve(), config_file=path)
            settings = _apply(settings, table, str(path))
    if os.environ.get(PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
        settings = _apply(settings, {"allow-private-hosts": True}, ENVIRONMENT)
    cli = {k: v for k, v in (cli or {}).items() if v is not None}
    if cli:
        settings = _apply(settings, cli, COMMAND_LINE)
    return settings


def _apply(settings: Settings, table: dict, origin: str) -> Settings:
    changes: dict[str, Any] = {}
    sources = dict(settings.sources)
    option_changes: dict[Option, Any] = {}
    for key, value in table.items():
        where = f"{origin}: '{key}'"
        if key in _KEYS:
            field, _default, parse, _show = _KEYS[key]
            parsed = parse(value, where, _Context(settings, origin, table))
            changes.update(parsed if isinstance(parsed, dict) else {field: parsed})
        elif key in option_tables():
            option_changes.update(_options(key, value, where))
        else:
            raise ConfigError(f"{origin}: unknown key '{key}'{_did_you_mean(key)}")
        sources[key] = origin
    if option_changes:
        changes["options"] = settings.options.with_written(option_changes)
    return replace(settings, **changes, sources=tuple(sources.items()))


def _network(written: tuple, value: Any, where: str, origin: str) -> tuple:
    """`[tool.fmlint.network]` merged over what was written before, each key checked."""
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
    from .schema.checker import BUNDLED_SCHEMAS

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
    from .source.files import check_glob

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
    from .codes import all_codes

    return tuple(code.code for code in all_codes())


def _did_you_mean(key: str) -> str:
    import difflib

    names = [*KEYS, *option_tables()]
    close = difflib.get_close_matches(key, names, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def option_tables() -> dict[str, dict[str, Option]]:
    """`[tool.fmlint.<table>]` -> key -> Option, from every rule's `OPTIONS`."""
    from .rules import all_options

    tables: dict[str, dict[str, Option]] = {}
    for option in all_options():
        tables.setdefault(option.table, {})[option.key] = option
    return tables


def _options(table: str, value: Any, where: str) -> dict[Option, Any]:
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


def _describe_collections(settings: Settings) -> list[str]:
    if not settings.collections:
        return [
            "collections = (none)  # every front-matter file is an article: map folders to "
            "schemas in [tool.fmlint.collections] (`fmlint init` writes them)"
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
        "closes, parses as YAML, no duplicate keys, no tags (FM0xx)"
    )
    return lines


def describe(settings: Settings) -> str:
    """`fmlint config`: every setting as TOML you can paste, and where it came from."""
    lines = [f"config file: {settings.config_file or '(none)'}"]
    for key, (field, _default, _parse, show) in _KEYS.items():
        value = getattr(settings, field)
        if show is None:
            continue
        if value is None:  # not set: a comment, so the output still pastes as TOML
            lines.append(f"# {key}: not set (the bundled article schema)  # default")
        else:
            lines.append(f"{key} = {show(value)}  # {settings.source(key)}")
    from .online.settings import OPTIONS

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
