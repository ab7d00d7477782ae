"""Settings from `[tool.fmlint]` in pyproject.toml or `.fmlint.toml`, and the command line.

The nearest config file from the current directory upward wins (`--config` names one, `--isolated`
ignores all); command-line options override it. Every key is checked: an unknown key or a bad value
is a ConfigError naming the key and the file (exit 2). Each setting remembers where it came from,
which `fmlint config` prints.
"""

from __future__ import annotations

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
# The top-level keys; rule options add one table each (`[tool.fmlint.images]`, ...).
KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "severity",
    "include",
    "exclude",
    "schema",
    "online",
    "allow-private-hosts",
    "network",
    "schema-format",
    "schema-fetch",
    "collections",
)
SCHEMA_FORMATS = ("assert", "annotation")
# Settings that let URLs reach this machine's own network: a repository's config must not
# turn them on (CI lints pull requests); only the command line and the environment can.
COMMAND_LINE_ONLY = ("resolve",)
PRIVATE_ENV = "FMLINT_ALLOW_PRIVATE_HOSTS"
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


class Settings(
    Value,
    defaults={
        "select": ("FM",),
        "extend_select": (),
        "ignore": (),
        "per_file_ignores": (),
        "severity": (),
        "include": DEFAULT_INCLUDE,
        "exclude": (),
        "online": False,  # `--online`: never on by default
        "allow_private_hosts": False,
        "network": (),  # `[tool.fmlint.network]` as written, by key
        "schema": None,  # a path, or an http(s) URL (read with schema_fetch)
        "schema_format": "assert",  # "annotation": `format` never fails a value
        "schema_fetch": False,  # download a schema given by URL and remote `$ref`s
        # glob (relative to `root`) -> schema, first match wins; empty: every file is an article
        "collections": (),
        "config_file": None,
        "sources": (),
    },
    factories={"options": RuleOptions, "root": Path.cwd},
):
    """A run's resolved settings (`load`); `replace` makes changed ones."""

    FIELDS = (
        "select",
        "extend_select",
        "ignore",
        "per_file_ignores",
        "severity",
        "include",
        "exclude",
        "online",
        "allow_private_hosts",
        "network",
        "schema",
        "schema_format",
        "schema_fetch",
        "collections",
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
        from .files import gitignore_spec

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
        from .files import gitignore_spec

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
    from .safe_read import CONFIG_CAP, read_text

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
    cli = {k: v for k, v in (cli or {}).items() if v is not None}
    if os.environ.get(PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
        cli.setdefault("allow-private-hosts", True)
    if cli:
        settings = _apply(settings, cli, "command line")
    return settings


def _apply(settings: Settings, table: dict, origin: str) -> Settings:
    changes: dict[str, Any] = {}
    sources = dict(settings.sources)
    option_changes: dict[Option, Any] = {}
    for key, value in table.items():
        where = f"{origin}: '{key}'"
        if key in ("select", "extend-select", "ignore", "include", "exclude"):
            items = _strings(value, where)
            if key in ("include", "exclude"):
                _check_globs(items, where, gitignore=key == "exclude")
            if key not in ("include", "exclude"):
                items = tuple(_code(item, where) for item in items)
            changes[key.replace("-", "_")] = items
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table of glob = [codes]")
            _check_globs(value, where)
            changes["per_file_ignores"] = tuple(
                (glob, tuple(_code(c, f"{where}.{glob}") for c in _strings(codes, where)))
                for glob, codes in value.items()
            )
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f'{where} must be a table of code = "error" | "warning"')
            pairs = []
            for code, level in value.items():
                if level not in SEVERITIES:
                    raise ConfigError(f'{where}.{code} must be "error" or "warning", not {level!r}')
                pairs.append((_code(code, where), level))
            changes["severity"] = tuple(pairs)
        elif key == "schema":
            if not isinstance(value, str):
                raise ConfigError(f"{where} must be a path to a JSON Schema file")
            if value.startswith(("http://", "https://")):
                changes["schema"] = value
            elif origin == "command line":
                changes["schema"] = (Path.cwd() / value).resolve()
            else:
                changes["schema"] = _inside(settings.root, value, where)
            if origin == "command line":  # `--schema`: every file against it, as without
                changes["collections"] = ()  # collections
        elif key == "allow-private-hosts" and origin != "command line":
            raise ConfigError(f"{where}: {WIDENS_NETWORK}")
        elif key in ("online", "allow-private-hosts"):
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false, not {value!r}")
            changes[key.replace("-", "_")] = value
        elif key == "network":
            changes["network"] = _network(settings.network, value, where, origin)
        elif key == "schema-format":
            if value not in SCHEMA_FORMATS:
                raise ConfigError(f'{where} must be "assert" or "annotation", not {value!r}')
            changes["schema_format"] = value
        elif key == "schema-fetch":
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false")
            changes["schema_fetch"] = value
        elif key == "collections":
            if "schema" in table:
                raise ConfigError(
                    f"{origin}: 'schema' and 'collections' do not go together: "
                    f'map the files to that schema instead (`"**" = "{table["schema"]}"`)'
                )
            changes["collections"] = _collections(value, where, settings.root)
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
        if key in COMMAND_LINE_ONLY and origin != "command line":
            raise ConfigError(f"{where}.{key}: {WIDENS_NETWORK}")
        try:
            check(key, item)
        except BadNetworkValue as error:
            raise ConfigError(f"{where}.{key} {error}") from None
        merged[key] = tuple(item) if isinstance(item, list) else item  # settings stay hashable
    return tuple(merged.items())


def _collections(value: Any, where: str, root: Path) -> tuple[Collection, ...]:
    from .schema import BUNDLED_SCHEMAS

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
    from .files import check_glob

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
    """`fmlint config`: every setting, its value, and where it came from."""
    lines = [f"config file: {settings.config_file or '(none)'}"]
    plain = {
        "select": list(settings.select),
        "extend-select": list(settings.extend_select),
        "ignore": list(settings.ignore),
        "per-file-ignores": {glob: list(codes) for glob, codes in settings.per_file_ignores},
        "severity": dict(settings.severity),
        "include": list(settings.include),
        "exclude": list(settings.exclude),
        "schema": str(settings.schema) if settings.schema else "(bundled article schema)",
        "online": settings.online,
        "allow-private-hosts": settings.allow_private_hosts,
        "schema-format": settings.schema_format,
        "schema-fetch": settings.schema_fetch,
    }
    for key, value in plain.items():
        lines.append(f"{key} = {value!r}  # {settings.source(key)}")
    from .online.settings import OPTIONS

    written = dict(settings.network)
    for key, (default, _convert, _help) in OPTIONS.items():
        value = written.get(key, default)
        shown = repr(list(value)) if isinstance(value, (list, tuple)) else toml(value)
        lines.append(f"network.{key} = {shown}  # {settings.source('network')}")
    lines.extend(_describe_collections(settings))
    for table, keys in option_tables().items():
        for option in keys.values():
            shown = toml(settings.options.raw(option))
            lines.append(f"{option.name} = {shown}  # {settings.source(table)}")
    return "\n".join(lines) + "\n"
