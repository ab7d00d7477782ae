"""The flags of `fmlint check`, declared once (`FLAGS`), and `CheckOptions`, the value they make.

From the table come `CheckOptions`' fields and defaults, the click options (`cli` builds them),
the lean launcher's flag maps (`launch`), and the settings the flags override (`settings_given`).
Both command lines turn what they read into `CheckOptions` with `options_from`, so they cannot
disagree. The lean launcher imports this module on every `fmlint check FILE`: it imports nothing
heavy (no click; `cli` makes the click options from the table).
"""

from __future__ import annotations

from ..reporters import FORMATS
from ..value import Value

# read by the run when `--output-format` is not given (as FMLINT_JOBS is), so that a bad value is
# worded as the variable's, not as a bad `--output-format`
OUTPUT_FORMAT_ENV = "FMLINT_OUTPUT_FORMAT"

# How each kind of flag is read (by click, and by the lean launcher for the flags it may take):
#   flag     given or not: True when given, else `default`
#   switch   `--on` / `--off` (`names`: the two), the last given wins; None when neither is
#   choice   one of `choices`
#   file     a path that is not a folder; folder: a path that is not a file
#   count    a whole number, 0 or more
#   int, float, text   one value of that type
#   age      text; a whole number is a number of seconds
#   codes    repeatable, each a comma-separated list of codes: one list (None when not given)
#   texts    repeatable: each value


class Flag(
    Value,
    defaults={
        "lean": False,
        "setting": None,
        "choices": None,
        "envvar": None,
        "metavar": None,
        "key": None,
        "show_default": False,
    },
):
    """One flag of `fmlint check`: its option `names`, the `CheckOptions` `field` it sets, its
    `kind` (how it is read: see above), the field's `default` when it is not given, its `help`
    in `--help`, and whether the `lean` launcher may read it (else the arguments go to click).
    `setting`: the configuration key it overrides. A `network` flag's value is kept under its
    `key` in the `network` field, as `[tool.fmlint.network]` would hold it."""

    FIELDS = (
        "names",
        "field",
        "kind",
        "default",
        "help",
        "lean",
        "setting",
        "choices",
        "envvar",
        "metavar",
        "key",
        "show_default",
    )
    __slots__ = FIELDS

    @property
    def dest(self) -> str:
        """The name its value goes by (click's parameter name)."""
        return self.field if self.key is None else self.key.replace("-", "_")


def _network(name: str, kind: str, help: str, key: str | None = None, **more) -> Flag:
    """A flag of `[tool.fmlint.network]`, for `--online`."""
    key = key or name.removeprefix("--")
    return Flag((name,), "network", kind, (), help, setting="network", key=key, **more)


# In `fmlint check --help`'s order.
FLAGS = (
    Flag(
        ("--output-format",),
        "output_format",
        "choice",
        None,
        "How to print findings [default: FMLINT_OUTPUT_FORMAT, else full; github under "
        "GitHub Actions].",
        lean=True,
        choices=tuple(FORMATS),
    ),
    Flag(("-o", "--output-file"), "output_file", "file", None, "Write the report here."),
    Flag(
        ("--statistics",),
        "statistics",
        "flag",
        False,
        "Print how often each code was found, most first.",
    ),
    Flag(
        ("-q", "--quiet"),
        "quiet",
        "flag",
        False,
        "Print findings only; nothing when clean.",
        lean=True,
    ),
    Flag(
        ("--exit-zero",),
        "exit_zero",
        "flag",
        False,
        "Exit 0 even when there are errors.",
        lean=True,
    ),
    Flag(("--strict",), "strict", "flag", False, "Warnings fail the run too.", lean=True),
    Flag(
        ("--color",),
        "color",
        "choice",
        "auto",
        "Colour the human formats.",
        choices=("auto", "always", "never"),
        show_default=True,
    ),
    Flag(
        ("--select",),
        "select",
        "codes",
        None,
        "Codes or prefixes to check (replaces the default).",
        setting="select",
    ),
    Flag(
        ("--extend-select",),
        "extend_select",
        "codes",
        None,
        "Codes or prefixes to check as well.",
        setting="extend-select",
    ),
    Flag(("--ignore",), "ignore", "codes", None, "Codes or prefixes to skip.", setting="ignore"),
    Flag(
        ("--schema",),
        "schema_path",
        "text",
        None,
        "Lint against this JSON Schema (a file or URL) instead.",
        setting="schema",
    ),
    Flag(
        ("--schema-format",),
        "schema_format",
        "choice",
        None,
        "Whether `format` fails a value (assert, the default) or only describes it.",
        setting="schema-format",
        choices=("assert", "annotation"),
    ),
    Flag(
        ("--schema-fetch", "--no-schema-fetch"),
        "schema_fetch",
        "switch",
        None,
        "Download a schema given by URL and remote $refs (cached for a day).",
        setting="schema-fetch",
    ),
    Flag(
        ("--stdin-filename",),
        "stdin_filename",
        "text",
        None,
        "With PATH `-`: the name the text from stdin goes by (messages, per-file settings).",
    ),
    Flag(
        ("--only-front-matter",),
        "only_front_matter",
        "flag",
        False,
        "Skip named files that do not open with `---`, as a directory walk does (pre-commit).",
        lean=True,
    ),
    Flag(
        ("--extend-exclude",),
        "extend_exclude",
        "texts",
        None,
        "Globs to exclude as well as `exclude` (gitignore-style; repeatable).",
        setting="extend-exclude",
        metavar="GLOB",
    ),
    Flag(
        ("--force-exclude",),
        "force_exclude",
        "flag",
        False,
        "Apply `exclude` to files named explicitly too.",
        lean=True,
    ),
    Flag(("--fix",), "apply_fixes", "flag", False, "Apply safe fixes, then report the rest."),
    Flag(
        ("--diff",),
        "show_diff",
        "flag",
        False,
        "Print the changes --fix would make (on stderr: what would remain); write nothing.",
    ),
    Flag(
        ("--unsafe-fixes",),
        "unsafe_fixes",
        "flag",
        False,
        "Also apply fixes that may change meaning.",
    ),
    Flag(("--show-fixes",), "show_fixes", "flag", False, "List each fix applied."),
    Flag(  # None: FMLINT_JOBS, else the cores this process may use; 0: those
        ("-j", "--jobs"),
        "jobs",
        "count",
        None,
        "Lint in this many processes [default: one per core; 0: the same].",
        lean=True,
        envvar="FMLINT_JOBS",
    ),
    Flag(
        ("--no-cache",),
        "no_cache",
        "flag",
        False,
        "Neither read nor write the cache (also FMLINT_NO_CACHE=1).",
        lean=True,
    ),
    Flag(  # None: as the configuration says (off by default)
        ("--online", "--offline"),
        "online",
        "switch",
        None,
        "Fetch every URL: dead links, redirects, the real size of each image [default: off].",
        lean=True,
        setting="online",
    ),
    Flag(  # None, not False: the configuration (or FMLINT_ALLOW_PRIVATE_HOSTS) decides
        ("--allow-private-hosts",),
        "allow_private_hosts",
        "flag",
        None,
        "With --online: let URLs reach loopback and private addresses (tests); warns.",
        setting="allow-private-hosts",
    ),
    _network("--max-concurrency", "int", "With --online: requests in flight [128]."),
    _network("--host-concurrency", "int", "With --online: requests in flight per host [8]."),
    _network(
        "--host-request-interval",
        "float",
        "With --online: seconds between requests to a host [0.05].",
    ),
    _network("--timeout", "float", "With --online: seconds one request may take [20]."),
    _network("--max-retries", "int", "With --online: retries after 429, 5xx, timeouts [2]."),
    _network("--max-redirects", "int", "With --online: redirects followed [5]."),
    _network(
        "--accept", "text", "With --online: statuses that pass, like 200..299,429 [200..299]."
    ),
    _network(
        "--exclude-url", "texts", "With --online: a regex of URLs not to fetch.", key="exclude"
    ),
    _network("--user-agent", "text", "With --online: the User-Agent header."),
    _network(
        "--max-cache-age", "age", 'With --online: how long answers are cached, like "1d" [1d].'
    ),
    _network(
        "--resolve",
        "texts",
        "With --online: connect to ADDRESS for HOST (`*`: every host), as curl's --resolve.",
        metavar="HOST=ADDRESS",
    ),
    Flag(
        ("--cache-dir",),
        "cache_dir",
        "folder",
        None,
        "Keep the cache here [default: .fmlint_cache beside the config file].",
        lean=True,
        envvar="FMLINT_CACHE_DIR",
    ),
    Flag(
        ("--config",),
        "config_path",
        "file",
        None,
        "Use this pyproject.toml or .fmlint.toml.",
    ),
    Flag(("--isolated",), "isolated", "flag", False, "Ignore every configuration file.", lean=True),
)
BY_DEST = {flag.dest: flag for flag in FLAGS}


class CheckOptions(
    Value,
    defaults={"paths": (), **{flag.field: flag.default for flag in FLAGS}},
):
    """What `fmlint check` is asked to do: the `paths`, and a field for each flag of `FLAGS`
    (`network`: the (key, value) pairs of `[tool.fmlint.network]` given as flags)."""

    FIELDS = ("paths", *dict.fromkeys(flag.field for flag in FLAGS))
    __slots__ = FIELDS


def options_from(paths, values: dict) -> CheckOptions:
    """`CheckOptions` from the flags' values by `Flag.dest`, as click gives them (every flag;
    None or () when not given) or the lean launcher (only those given)."""
    fields, network = {}, []
    for dest, value in values.items():
        flag = BY_DEST[dest]
        kind = flag.kind
        if flag.field == "network":
            if value in (None, ()):
                continue
            if kind == "age" and value.isascii() and value.isdigit():
                value = int(value)
            network.append((flag.key, list(value) if isinstance(value, tuple) else value))
        elif kind == "codes":
            fields[flag.field] = _codes(value)
        elif kind == "flag":
            fields[flag.field] = True if value else flag.default
        elif kind == "texts":  # None when not given
            fields[flag.field] = tuple(value) if value else flag.default
        else:
            fields[flag.field] = value
    return CheckOptions(paths=tuple(paths), network=tuple(network), **fields)


def _codes(values: tuple[str, ...]) -> list[str] | None:
    """`--select FM1,FM2 --select FM5` -> ["FM1", "FM2", "FM5"]; None when not given."""
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def settings_given(options: CheckOptions) -> dict:
    """What the flags say of the settings, keyed as a configuration file is (None: not said)."""
    given = {}
    for flag in FLAGS:
        if flag.setting is not None:
            value = getattr(options, flag.field)
            if flag.field == "network":
                value = dict(value) or None
            elif flag.kind == "texts" and value is not None:
                value = list(value)  # a list of strings, as a configuration file holds it
            given[flag.setting] = value
    return given


def online_only(flag: Flag) -> bool:
    """Whether a flag matters only to `--online` (`--help` lists these apart)."""
    return flag.setting == "network" or flag.field in ("online", "allow_private_hosts")
