"""fmlint is true on real data: every article record of the shared corpus, each site linted by the
real CLI with the site's own configuration.

- An error means a consumer of the record (site templates, feed, crawler) breaks. The errors on
  the corpus must be exactly `KNOWN_DEFECTS`: real defects, found by reading the raw files, each
  with the reason it breaks something. Any other error is a false alarm; a known defect that is
  not reported (or only as a warning) is a miss.
- Warnings are quality problems. Each code found needs a reason in `WARNING_REASONS`, and every
  site gets fewer than `MAX_WARNINGS_PER_FILE` of them per file.

Sites: `news/` (the powerapps and ai records) and every `sites/<site>/_news/`; `_games` is another
collection, not article records, and is left out. `published` follows `heat` at a threshold that
is the site's own, so each site gets a config file that says it.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED, needs_corpus

SITES_DIR = SHARED / "corpus" / "sites"

# site -> (folder of its article records, its published/heat threshold)
SITES = {
    "news": (SHARED / "corpus" / "news", 70),
    "diablo4": (SITES_DIR / "diablo4" / "_news", 70),
    "coronavirus": (SITES_DIR / "coronavirus" / "_news", 100),
}
MAX_WARNINGS_PER_FILE = 0.3

pytestmark = [
    needs_corpus,
    pytest.mark.skipif(
        not all(folder.is_dir() for folder, _ in SITES.values()),
        reason=f"the real records of the other sites are not here ({SITES_DIR}); CI has them",
    ),
]

_SPACE = (
    "the URL has a space inside (the agency's name in the path): not a URL; a link to it breaks"
)
_NULL_TOPIC = (
    "`topics:` then a bare `-`: the topic is null, and templates that print or link each topic "
    "get nothing (or fail on it)"
)
_C1 = (
    "a C1 control character U+0097 (mojibake of an em dash) in the excerpt: YAML does not allow "
    "it, so libyaml, and any consumer that reads the front matter, refuses the whole record"
)

# (site, file name, line, code) -> why the record is broken. Found by scanning the raw files
# (URL values with whitespace or control characters inside, non-string list items, characters
# YAML does not allow), not by copying fmlint's output. The line is that of the value.
KNOWN_DEFECTS = {
    (
        "coronavirus",
        "2020-05-06-rent-a-center-inc-reports-strong-first-quarter-2020-results.md",
        6,
        "FM105",
    ): f"webUrl https://apnews.com/Business Wire/5054ac...: {_SPACE}",
    (
        "coronavirus",
        "2020-05-07-fortified-wine-market-in-the-asia-pacific-revised-forecasts-due-to-covid-19-"
        "impact-researchandmarketscom.md",
        24,
        "FM105",
    ): f"related[0].webUrl https://apnews.com/Business Wire/0fe343...: {_SPACE}",
    (
        "coronavirus",
        "2020-05-07-outlook-on-the-worldwide-digital-payments-industry-to-2030-the-market-is-"
        "experiencing-rapid-growth-due-to-covid-19-researchandmarketscom.md",
        6,
        "FM105",
    ): f"webUrl https://apnews.com/Business Wire/0fe343...: {_SPACE}",
    (
        "coronavirus",
        "2020-05-07-the-middleby-corporation-reports-first-quarter-results-and-provides-covid-19-"
        "update.md",
        6,
        "FM105",
    ): f"webUrl https://apnews.com/Business Wire/c951e6...: {_SPACE}",
    (
        "coronavirus",
        "2020-05-08-covid-19-impact-and-recovery-analysis-cold-pressed-juices-market-in-europe-"
        "2020-2024-high-nutritional-value-to-boost-growth-technavio.md",
        6,
        "FM105",
    ): f"webUrl https://apnews.com/Business Wire/09ecf2...: {_SPACE}",
    (
        "coronavirus",
        "2020-05-08-exelon-reports-first-quarter-2020-results.md",
        30,
        "FM105",
    ): f"related[0].webUrl https://apnews.com/Business Wire/2d242f...: {_SPACE}",
    (
        "coronavirus",
        "2020-05-10-jetblue-announces-first-quarter-2020-results.md",
        6,
        "FM105",
    ): f"webUrl https://apnews.com/Business Wire/2d242f...: {_SPACE}",
    (
        "coronavirus",
        "2020-05-07-sweden-is-testing-conservatives-preferred-coronavirus-response-and-its-not-"
        "going-well.md",
        4,
        "FM005",
    ): _C1,
    ("diablo4", "2019-11-01-diablo-iv-unveiled.md", 19, "FM103"): _NULL_TOPIC,
    ("diablo4", "2019-11-03-diablo-iv-feature-overview.md", 19, "FM103"): _NULL_TOPIC,
    (
        "diablo4",
        "2019-11-13-a-letter-from-our-game-director-blizzcon-2019.md",
        19,
        "FM103",
    ): _NULL_TOPIC,
    ("diablo4", "2019-11-19-system-design-in-diablo-iv-part-i.md", 19, "FM103"): _NULL_TOPIC,
    ("diablo4", "2019-12-03-system-design-in-diablo-iv-part-ii.md", 19, "FM103"): _NULL_TOPIC,
    ("diablo4", "2020-02-26-diablo-iv-quarterly-updatefebruary-2020.md", 19, "FM103"): _NULL_TOPIC,
    ("diablo4", "2020-06-25-diablo-iv-quarterly-updatejune-2020.md", 19, "FM103"): _NULL_TOPIC,
}

# Every warning code the corpus may get, and why it is a quality problem rather than a break.
WARNING_REASONS = {
    "FM020": "a suppression comment that silences nothing: dead weight in the file",
    "FM202": "plain http where the site serves https: works, but a mixed-content or redirect cost",
    "FM204": "only one of ampWebUrl and cdnAmpWebUrl: the AMP link is half there",
    "FM205": "a page URL off the provider's domain: may be a syndicated copy, worth a look",
    "FM206": "a placeholder (or no picture at all): the card shows no picture of the story",
    "FM402": "an extreme aspect ratio: the picture is probably cropped or a banner",
    "FM403": "declared width disagrees with the width the URL asks for: layout shifts",
    "FM404": "the same image twice in one list: the gallery repeats itself",
    "FM502": "a title or URL with surrounding whitespace (space, tab, U+00A0): invisible, cosmetic",
    "FM503": "a topic listed twice: the topic list repeats itself",
    "FM505": "published disagrees with heat at the site's threshold: a site convention",
    "FM507": "a related entry repeated (another headline) or pointing at the record itself",
}


def _site_config(directory: Path, threshold: int) -> Path:
    """The site's own configuration, written as a user would (see validator/config.py)."""
    path = directory / ".fmlint.toml"
    path.write_text(f"[consistency]\npublished-heat = {threshold}\n", encoding="utf-8")
    return path


def _fmlint(*args: str, cwd: Path) -> tuple[list[str], subprocess.CompletedProcess]:
    """`python -m validator ARGS...` in a subprocess, from `cwd`, importing this checkout."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "validator", *args]
    env = {**os.environ, "PYTHONPATH": path}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    return command, done


def _assert_threshold_applies(config: Path, threshold: int, cwd: Path) -> None:
    """`fmlint config --config FILE` shows the file's threshold: a harness check, so that a
    renamed table or key cannot leave a site linted at the default threshold unnoticed."""
    command, done = _fmlint("config", "--config", str(config), cwd=cwd)
    line = next((x for x in done.stdout.splitlines() if "published-heat" in x), "")
    assert done.returncode == 0 and f"= {threshold}" in line and str(config) in line, (
        f"`{' '.join(command)}` (exit {done.returncode}) does not show published-heat = "
        f"{threshold} from {config}:\n{done.stdout}{done.stderr[-2000:]}"
    )


def lint_site(folder: Path, config: Path, cwd: Path) -> list[dict]:
    """`fmlint check --output-format json --config CONFIG FOLDER` in a subprocess: its findings."""
    command, done = _fmlint(
        "check", "--output-format", "json", "--config", str(config), str(folder), cwd=cwd
    )
    assert done.returncode in (0, 1), (
        f"`{' '.join(command)}` exited {done.returncode} (0 or 1 expected)\n"
        f"stderr:\n{done.stderr[-3000:]}\nstdout:\n{done.stdout[:1000]}"
    )
    try:
        findings = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(f"not JSON ({error}):\n{done.stdout[:2000]}\n{done.stderr}") from None
    has_errors = any(f["severity"] == "error" for f in findings)
    assert done.returncode == int(has_errors), f"exit {done.returncode}, errors found: {has_errors}"
    return findings


@pytest.fixture(scope="module")
def corpus_findings(tmp_path_factory) -> dict[str, list[dict]]:
    """site -> its findings, one CLI run per site, with the site's own config file."""
    out = {}
    for site, (folder, threshold) in SITES.items():
        directory = tmp_path_factory.mktemp(site)
        config = _site_config(directory, threshold)
        _assert_threshold_applies(config, threshold, directory)
        out[site] = lint_site(folder, config, directory)
    return out


def _files(site: str) -> int:
    return len(list(SITES[site][0].glob("*.md")))


def _key(site: str, finding: dict) -> tuple[str, str, int, str]:
    return (site, Path(finding["path"]).name, finding["line"], finding["code"])


def test_every_site_of_the_corpus_is_linted():
    present = {p.parent.name for p in SITES_DIR.glob("*/_news") if p.is_dir()}
    assert present == set(SITES) - {"news"}, "a new site needs its threshold in SITES"


def test_the_findings_are_in_the_site_folders(corpus_findings):
    for site, findings in corpus_findings.items():
        folder = SITES[site][0].resolve()
        outside = {f["path"] for f in findings if Path(f["path"]).resolve().parent != folder}
        assert not outside, f"{site}: findings outside {folder}: {sorted(outside)[:5]}"


def test_errors_are_exactly_the_known_defects(corpus_findings):
    found: dict[tuple, dict] = {}
    at_line = collections.defaultdict(list)  # (site, name, line) -> every finding there
    for site, findings in corpus_findings.items():
        for finding in findings:
            at_line[_key(site, finding)[:3]].append(finding)
            if finding["severity"] == "error":
                found[_key(site, finding)] = finding
    unexpected = sorted(set(found) - set(KNOWN_DEFECTS))
    missing = sorted(set(KNOWN_DEFECTS) - set(found))
    assert not unexpected and not missing, _error_report(found, unexpected, missing, at_line)


def _error_report(found: dict, unexpected: list, missing: list, at_line=None, examples=3) -> str:
    lines = [
        f"{len(unexpected)} unexpected errors (false alarms?), {len(missing)} known defects missed"
    ]
    if unexpected:
        lines.append("\nUNEXPECTED errors, by site and code (count, then examples):")
        groups = collections.defaultdict(list)
        for key in unexpected:
            groups[key[0], key[3]].append(key)
        for (site, code), keys in sorted(groups.items(), key=lambda item: -len(item[1])):
            lines.append(f"  {site} {code}: {len(keys)}")
            for key in keys[:examples]:
                lines.append(f"    {key[1]}:{key[2]}: {found[key]['message'][:160]}")
    if missing:
        lines.append("\nMISSING errors (known defects fmlint no longer reports as errors):")
        for key in missing:
            lines.append(f"  {key[0]} {key[1]}:{key[2]} {key[3]}: {KNOWN_DEFECTS[key]}")
            there = (at_line or {}).get(key[:3], [])
            lines.append(
                "    fmlint reports there: "
                + (
                    "; ".join(f"{f['code']} {f['severity']}: {f['message'][:120]}" for f in there)
                    or "nothing"
                )
            )
    return "\n".join(lines)


def test_every_warning_code_has_a_reason(corpus_findings):
    codes = {f["code"] for fs in corpus_findings.values() for f in fs if f["severity"] == "warning"}
    assert codes <= set(WARNING_REASONS), (
        f"warnings without a reason: {sorted(codes - set(WARNING_REASONS))}"
    )


def test_fewer_than_0_3_warnings_per_file_on_every_site(corpus_findings):
    counts = {
        site: collections.Counter(f["code"] for f in findings if f["severity"] == "warning")
        for site, findings in corpus_findings.items()
    }
    over = [
        site for site in SITES if sum(counts[site].values()) / _files(site) >= MAX_WARNINGS_PER_FILE
    ]
    assert not over, f"sites at or over {MAX_WARNINGS_PER_FILE} warnings/file: {over}\n" + (
        _warning_table(counts)
    )


def _warning_table(counts: dict[str, collections.Counter]) -> str:
    sites = list(SITES)
    codes = sorted({code for counter in counts.values() for code in counter})
    width = max(len(site) for site in sites) + 12
    head = "code  " + "".join(f"{site:>{width}}" for site in sites) + "  reason"
    rows = [head, "files " + "".join(f"{_files(site):>{width}}" for site in sites)]
    for code in [*codes, "all"]:
        cells = []
        for site in sites:
            n = sum(counts[site].values()) if code == "all" else counts[site][code]
            cells.append(f"{f'{n} ({n / _files(site):.3f}/f)':>{width}}")
        reason = "" if code == "all" else WARNING_REASONS.get(code, "(NO REASON RECORDED)")
        rows.append(f"{code:<6}" + "".join(cells) + f"  {reason}")
    return "\n".join(rows)
