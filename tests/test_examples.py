"""Every file in examples/invalid/ produces exactly the findings its `.expected` sidecar lists.

A sidecar lists one `LINE:COL CODE` per finding, in line order; `#` starts a comment line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import validator
from validator import codes
from validator.cli.main import cli
from validator.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "examples" / "invalid"
VALID = ROOT / "examples" / "valid"
SIDECAR = ".expected"

# No input reaches FM199 with the bundled schema: each keyword it uses has its own code. Nor
# FM304: the article schema's `format: date-time` reports every date FM304 would (FM105), and
# FM304 leaves those to it; tests/test_dates_layouts.py shows it on schemas with date layouts.
UNREACHABLE = {"FM199", "FM304"}
# Codes that judge what the network says (`--online`): an example file cannot show them offline;
# tests/test_online.py asserts each against a real HTTP server on 127.0.0.1.
NEEDS_NETWORK = {module.CODE for module in all_rules() if getattr(module, "ONLINE", False)}

# Where fmlint is wrong today; the sidecar says what is right. Strict: a fix makes these fail.
WRONG_TODAY = {}
# By design a directory walk lints only files that open with `---` (a README.md beside the
# articles is no finding); named explicitly, this file gets its FM001.
NOT_WALKED = {"FM001-no-front-matter.md"}
# Empty front matter is legal in a page (Jekyll: it makes the file one); it is FM003 only in a
# record of the bundled article schema, which a file without keys is only through `collections`.
IN_ARTICLE_COLLECTION = {"FM003-empty-front-matter.md", "FM003-empty-front-matter-comments.md"}


def examples() -> list[Path]:
    return sorted(p for p in INVALID.iterdir() if p.is_file() and p.suffix != SIDECAR)


def expected(path: Path) -> list[str]:
    lines = Path(f"{path}{SIDECAR}").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def cases(wrong: dict[str, str]) -> list:
    return [
        pytest.param(
            path,
            id=path.name,
            marks=[pytest.mark.xfail(reason=f"{path.name}: {wrong[path.name]}", strict=True)]
            if path.name in wrong
            else [],
        )
        for path in examples()
    ]


def found(path: Path) -> list[str]:
    if path.name in IN_ARTICLE_COLLECTION:
        from validator.config import Collection, Settings
        from validator.run.linter import Linter

        settings = Settings(collections=(Collection("**", "article"),), root=INVALID)
        results = Linter(settings=settings).lint_paths([path])
    else:
        results = validator.lint_paths([path])
    assert results.errors == ()
    return [f"{d.line}:{d.column} {d.code}" for d in results.diagnostics]


@pytest.mark.parametrize("path", cases(WRONG_TODAY))
def test_example_gives_the_findings_of_its_sidecar(path):
    assert found(path) == expected(path)


def test_every_example_has_a_sidecar_and_every_sidecar_an_example():
    names = {p.name for p in INVALID.iterdir()}
    examples_ = {name for name in names if not name.endswith(SIDECAR)}
    sidecars = {name.removesuffix(SIDECAR) for name in names if name.endswith(SIDECAR)}
    assert sorted(examples_ - sidecars) == [], "examples without a sidecar"
    assert sorted(sidecars - examples_) == [], "sidecars without an example"


def test_every_code_has_an_example():
    known = {code.code for code in codes.CORE_CODES}
    all_codes = getattr(codes, "all_codes", None)
    if all_codes is not None:
        known |= {getattr(code, "code", code) for code in all_codes()}
    sidecars = INVALID.glob(f"*{SIDECAR}")
    covered = {line.split()[1] for path in sidecars for line in expected(path.with_suffix(""))}
    missing = sorted(known - covered - UNREACHABLE - NEEDS_NETWORK)
    assert not missing, f"no sidecar in examples/invalid/ lists {', '.join(missing)}"


@pytest.mark.parametrize("path", sorted(VALID.iterdir()), ids=lambda path: path.name)
def test_valid_example_is_clean(path):
    assert found(path) == []


@pytest.fixture(scope="module")
def check_examples():
    """`fmlint check --output-format concise examples`, run from the repository root."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return CliRunner().invoke(
            cli, ["check", "--output-format", "concise", "examples"], catch_exceptions=False
        )


def test_check_examples_exits_1(check_examples):
    assert check_examples.exit_code == 1


@pytest.mark.parametrize(
    "path",
    [p for p in cases(WRONG_TODAY) if p.values[0].name not in NOT_WALKED | IN_ARTICLE_COLLECTION],
)
def test_check_examples_shows_each_sidecar_finding(check_examples, path):
    shown = check_examples.stdout.splitlines()
    relative = path.relative_to(ROOT)
    for finding in expected(path):
        position, code = finding.split()
        prefix = f"{relative}:{position}: {code} "
        assert any(line.startswith(prefix) for line in shown), f"{prefix!r} not in the output"


def test_walk_skips_files_without_front_matter(check_examples):
    for name in NOT_WALKED:
        assert name not in check_examples.stdout
