"""Settings from `[tool.fmlint]` in pyproject.toml or `.fmlint.toml`, and the command line.

The nearest config file from the current directory upward wins (`--config` names one, `--isolated`
ignores all); command-line options override it. Every key is checked (`config_keys`): an unknown key
or a bad value is a ConfigError naming the key and the file (exit 2). Each setting remembers where
it came from, which `fmlint config` prints (`config_show`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .config_keys import (
    COMMAND_LINE,
    ENVIRONMENT,
    KEY_TABLE,
    KEYS,
    Collection,
    ConfigError,
    Context,
    option_tables,
    parse_options,
)
from .disk.safe_read import CONFIG_CAP, read_text
from .rules.options import RuleOptions
from .source.files import gitignore_spec
from .value import Value, replace

TYPE_CHECKING = False  # typing costs ~2 ms to import; only type checkers need it
if TYPE_CHECKING:
    from typing import Any

    from .rules.options import Option

CONFIG_NAMES = (".fmlint.toml", "pyproject.toml")
PRIVATE_ENV = "FMLINT_ALLOW_PRIVATE_HOSTS"


class Settings(
    Value,
    defaults={
        **{field: default for field, default, _parse, _show in KEY_TABLE.values()},
        "config_file": None,
        "sources": (),
    },
    factories={"options": RuleOptions, "root": Path.cwd},
):
    """A run's resolved settings (`load`); `replace` makes changed ones."""

    FIELDS = (
        *(field for field, _default, _parse, _show in KEY_TABLE.values()),
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
    extend_exclude: tuple[str, ...]
    online: bool
    allow_private_hosts: bool
    network: tuple[tuple[str, Any], ...]
    schema: Path | str | None
    schema_format: str
    schema_fetch: bool
    collections: tuple[Collection, ...]
    yaml_version: str
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

    @property
    def walk_exclude(self) -> tuple[str, ...]:
        """What a walk leaves out: `exclude`, then `extend-exclude`."""
        return self.exclude + self.extend_exclude

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """Codes and prefixes `per-file-ignores` switches off for this file."""
        if not self.per_file_ignores:
            return ()
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


def env_flag(name: str) -> bool:
    """Whether the environment variable `name` is switched on (`1`, `true`, `yes`, `on`)."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


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
    if env_flag(PRIVATE_ENV):
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
        if key in KEY_TABLE:
            field, _default, parse, _show = KEY_TABLE[key]
            parsed = parse(value, where, Context(settings, origin, table))
            changes.update(parsed if isinstance(parsed, dict) else {field: parsed})
        elif key in option_tables():
            option_changes.update(parse_options(key, value, where))
        else:
            raise ConfigError(f"{origin}: unknown key '{key}'{_did_you_mean(key)}")
        sources[key] = origin
    if option_changes:
        changes["options"] = settings.options.with_written(option_changes)
    return replace(settings, **changes, sources=tuple(sources.items()))


def _did_you_mean(key: str) -> str:
    import difflib  # only for a key written wrong

    names = [*KEYS, *option_tables()]
    close = difflib.get_close_matches(key, names, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
