"""Rule options: declared once by the rules, reachable from the configuration by their keys, and
documented by those keys (never by a Python name)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator import config
from validator.cli.main import cli
from validator.config import ConfigError, load
from validator.config_show import describe
from validator.rules import all_options, all_rules, dates, fields, images, urls
from validator.rules.fm505_published_heat import PUBLISHED_HEAT
from validator.rules.images import MAX_SIZE
from validator.rules.options import BadValue, Option, RuleOptions, toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "examples" / "valid" / "seed.md").read_text(encoding="utf-8")
# The names RuleOptions fields had before options were declared by the rules.
OLD_FIELDS = (
    "future_skew",
    "date_floor",
    "image_max",
    "aspect_min",
    "aspect_max",
    "published_heat",
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_option_is_declared_once_in_a_table_of_its_own():
    options = all_options()
    names = [option.name for option in options]
    assert names == [
        "urls.sister-domains",
        "dates.future-skew-hours",
        "dates.floor",
        "images.max-size",
        "images.aspect-min",
        "images.aspect-max",
        "consistency.published-heat",
    ]
    assert len(set(names)) == len(names)
    assert not {option.table for option in options} & set(config.KEYS)
    assert all(option.help and "\n" not in option.help for option in options)


def test_a_shared_option_is_one_object_listed_by_each_rule_that_reads_it():
    readers = [m.CODE for m in all_rules() if MAX_SIZE in getattr(m, "OPTIONS", ())]
    assert readers == ["FM401", "FM402", "FM403"]


def test_every_option_a_rule_reads_is_in_its_options():
    for module in all_rules():
        source = Path(module.__file__).read_text(encoding="utf-8")
        for name in re.findall(r"options\.value\((\w+)\)", source):
            assert getattr(module, name) in module.OPTIONS, (module.CODE, name)


@pytest.mark.parametrize("option", all_options(), ids=lambda option: option.name)
def test_every_option_is_reachable_from_config_by_its_key(tmp_path, option):
    path = write(tmp_path, f"[tool.fmlint.{option.table}]\n{option.key} = {toml(option.default)}\n")
    settings = load(path)
    written = tomllib.loads(path.read_text())["tool"]["fmlint"][option.table][option.key]
    assert settings.options.raw(option) == written
    assert settings.options.value(option) == option.value
    assert f"\n{option.name} = {toml(option.default)}  # {path}\n" in describe(settings)


def test_a_configured_option_reaches_the_rule(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text(SEED, encoding="utf-8")  # heat 67, published: false
    runner = CliRunner()
    arguments = ["check", "--select", "FM505", "--output-format", "concise", "post.md"]
    assert runner.invoke(cli, arguments).stdout == ""
    write(tmp_path, "[tool.fmlint.consistency]\npublished-heat = 60\n")
    found = runner.invoke(cli, arguments).stdout
    assert [line.split()[1] for line in found.splitlines()] == ["FM505"]


def test_config_command_names_every_option_by_its_key():
    shown = describe(load(isolated=True))
    for option in all_options():
        assert f"\n{option.name} = {toml(option.default)}  # default\n" in shown


def test_rule_command_names_the_config_key():
    result = CliRunner().invoke(cli, ["rule", "FM505"])
    assert result.exit_code == 0
    assert (
        "\n    [tool.fmlint.consistency]\n"
        "    # The heat from which the site's feed publishes a record.\n"
        "    published-heat = 70\n"
    ) in result.stdout


def test_rule_of_a_rule_without_options_has_no_options_section():
    assert "Options" not in CliRunner().invoke(cli, ["rule", "FM503"]).stdout


def test_unknown_option_key_lists_the_known_keys(tmp_path):
    path = write(tmp_path, "[tool.fmlint.images]\nmax = 3\n")
    with pytest.raises(ConfigError) as error:
        load(path)
    assert str(error.value) == (
        f"{path}: 'images': unknown key 'max' (known: max-size, aspect-min, aspect-max)"
    )


def test_unknown_option_table_suggests_one(tmp_path):
    path = write(tmp_path, "[tool.fmlint.imagez]\nmax-size = 3\n")
    with pytest.raises(ConfigError, match="unknown key 'imagez'; did you mean 'images'"):
        load(path)


@pytest.mark.parametrize(
    ("toml_text", "message"),
    [
        ('[tool.fmlint.dates]\nfloor = "1995"\n', "'dates'.floor must be a date, like 1995-01-01"),
        (
            "[tool.fmlint.dates]\nfuture-skew-hours = -1\n",
            "'dates'.future-skew-hours must be an integer of 0 or more, not -1",
        ),
        (
            "[tool.fmlint.images]\naspect-max = true\n",
            "'images'.aspect-max must be a positive number, not True",
        ),
        ("[tool.fmlint]\nconsistency = 70\n", "'consistency' must be a table"),
    ],
)
def test_bad_option_value_names_key_and_file(tmp_path, toml_text, message):
    path = write(tmp_path, toml_text)
    with pytest.raises(ConfigError) as error:
        load(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_rule_options_by_config_key():
    options = RuleOptions({"published-heat": 100, "images.max-size": 1000})
    assert options.value(PUBLISHED_HEAT) == 100
    assert options.value(MAX_SIZE) == 1000
    assert RuleOptions().value(PUBLISHED_HEAT) == 70
    assert RuleOptions({PUBLISHED_HEAT: 5}) == RuleOptions({"published-heat": 5})
    with pytest.raises(BadValue, match="must be an integer of 0 or more"):
        RuleOptions({"published-heat": -5})
    with pytest.raises(KeyError, match="'heat' is not an option"):
        RuleOptions({"heat": 5})


def test_no_docstring_or_doc_names_a_python_field():
    """Users write config keys (`max-size`); the docs never name Python fields (`image_max`)."""
    python_names = {*OLD_FIELDS, "now"}
    for module in all_rules():
        python_names.update(
            name.lower() for name, value in vars(module).items() if isinstance(value, Option)
        )
    python_names.update(option.key.replace("-", "_") for option in all_options())
    python_names -= {option.key for option in all_options()}  # `floor` is both
    texts = {m.__name__: m.__doc__ or "" for m in (*all_rules(), dates, fields, images, urls)}
    texts["docs/rules.md"] = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for where, text in texts.items():
        for name in python_names:
            assert f"`{name}`" not in text, (where, name)
            assert "_" not in name or not re.search(rf"\b{name}\b", text), (where, name)
