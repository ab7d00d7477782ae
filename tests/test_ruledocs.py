"""`fmlint rules`, `fmlint rule CODE`, and docs/rules.md kept in step with the rule docstrings."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from validator.cli.main import cli
from validator.codes import Code, all_codes
from validator.reporters import ruledocs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules.md"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_docs_rules_md_is_up_to_date():
    rendered = ruledocs.render_markdown(all_codes())
    current = DOCS.read_text(encoding="utf-8") if DOCS.is_file() else ""
    assert current == rendered, (
        f"docs/rules.md is stale; regenerate it with `{ruledocs.REGENERATE}`"
    )


def test_markdown_format_prints_the_docs_file():
    result = invoke("rules", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout == ruledocs.render_markdown(all_codes())


def test_rules_lists_every_code_once():
    result = invoke("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "FIXABLE", "SUMMARY"]
    assert [line.split()[0] for line in lines[1:]] == [c.code for c in all_codes()]


def test_rules_line_of_a_core_code():
    lines = invoke("rules").stdout.splitlines()
    line = next(line for line in lines if line.startswith("FM102 "))
    assert line.split(None, 4) == [
        "FM102",
        "missing-key",
        "error",
        "no",
        "A key the schema requires is missing.",
    ]


def test_rules_line_of_a_rule_code():
    lines = invoke("rules").stdout.splitlines()
    line = next(line for line in lines if line.startswith("FM503 "))
    assert line.split(None, 4) == [
        "FM503",
        "duplicate-topic",
        "warning",
        "safe",
        "A topic is listed twice.",
    ]


def test_rules_columns_line_up():
    lines = invoke("rules").stdout.splitlines()
    column = lines[0].index("SEVERITY")
    assert all(line[column - 2 : column] == "  " for line in lines)
    assert all(line[column] != " " for line in lines)


def test_rule_of_a_core_code():
    result = invoke("rule", "FM102")
    assert result.exit_code == 0
    assert result.stdout == (
        "FM102 missing-key (error, fixable: no)\n\nA key the schema requires is missing.\n"
    )


def test_rule_in_lower_case_prints_the_docstring():
    from validator.rules import fm504_secured_format as module

    result = invoke("rule", "fm504")
    assert result.exit_code == 0
    heading, blank, *body = result.stdout.splitlines()
    assert heading == "FM504 secured-format (error, fixable: no)"
    assert blank == ""
    assert "\n".join(body) == module.__doc__.strip()


def test_rule_by_name():
    assert invoke("rule", "duplicate-topic").stdout == invoke("rule", "FM503").stdout


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("FM999", "fmlint: error: unknown rule code 'FM999'; did you mean 'FM199'?\n"),
        ("fm5077", "fmlint: error: unknown rule code 'fm5077'; did you mean 'FM507'?\n"),
        (
            "duplicate-topics",
            "fmlint: error: unknown rule code 'duplicate-topics'; did you mean 'FM503'?\n",
        ),
        ("nonsense", "fmlint: error: unknown rule code 'nonsense'\n"),
    ],
)
def test_unknown_rule_code_exits_2(query, message):
    result = invoke("rule", query)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


# The renderers on their own


RULE = Code(
    "FM900",
    "sample-rule",
    "warning",
    "A sample | with a pipe.",
    "safe",
    doc="A sample | with a pipe.\n\nWhy it matters.\n\nBad:\n\n    a: 1\n\n    b: 2\n\n"
    "Options: none.\n\nConfig:\n\n    [tool.fmlint.consistency]\n    published-heat = 70\n",
)


def test_markdown_fences_indented_examples():
    assert ruledocs.markdown_body(RULE.documentation) == [
        "A sample | with a pipe.",
        "",
        "Why it matters.",
        "",
        "Bad:",
        "",
        "```yaml",
        "a: 1",
        "",
        "b: 2",
        "```",
        "",
        "Options: none.",
        "",
        "Config:",
        "",
        "```toml",
        "[tool.fmlint.consistency]",
        "published-heat = 70",
        "```",
    ]


def test_markdown_index_escapes_pipes_and_links_sections():
    text = ruledocs.render_markdown([RULE])
    assert (
        "| [FM900](#fm900-sample-rule) | sample-rule | warning | safe | A sample \\| with a pipe. |"
        in text
    )
    assert (
        "\n### FM900 sample-rule\n\nSeverity: warning. Fixable: safe. "
        "Runs on: any front matter, in a collection or not.\n" in text
    )
    assert text.endswith("```\n") and not text.endswith("\n\n")


def test_markdown_code_fences_are_balanced():
    text = ruledocs.render_markdown(all_codes())
    assert sum(line.startswith("```") for line in text.splitlines()) % 2 == 0


def test_every_code_has_a_section_and_an_index_row():
    text = ruledocs.render_markdown(all_codes())
    for code in all_codes():
        assert f"\n### {code.code} {code.name}\n" in text
        assert f"| [{code.code}](#{ruledocs.anchor(code)}) |" in text
