"""An archive health report: one self-contained HTML page (`--output-format html -o report.html`).

Totals, findings per code (each linked to its rule's page on the documentation site, and the page
holds that documentation too), findings by the records' publishing month stacked by family, the
providers and files with the most findings, URL and image findings by host, and every finding in a
table that filters by code, severity, path and provider. Nothing is fetched: the style and the one
script are inline and a Content-Security-Policy allows only those two (by hash), no other script,
style, font, frame or connection, so the page works as a CI artifact opened from disk.

Everything a file contributes (paths, messages, source lines, provider names) is made visible
(`safe.visible`) and HTML-escaped, in text and in attributes alike; the script reads rows'
`data-` attributes and sets `hidden` and `textContent` only, never markup. Findings are listed one
row each, the same findings as `--output-format json`: the errors first, then the warnings, each
in the order of every other format (path order), as the job summary lists them. Each finding's
`path:line:column` links to its file: a relative URL (`./` and the path, percent-encoded, relative
to the report's folder when `render` is told it) or, for an absolute path, a `file:` URL, so a
name from the disk can never become another scheme (`javascript:`) or another host.

One module past 400 lines, on purpose: it is one page (its markup, style and script are one
template); the charts it draws are `charts`', the counting `tally`'s.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
from urllib.parse import quote

from .. import __version__
from ..codes import all_codes
from ..escape import visible
from . import charts
from .ruledocs import heading, options_text, rule_url
from .summary import fixable as fixable_words
from .tally import FAMILY_NAMES, NO_PROVIDER, family, tally

SOURCE_LIMIT = 160  # characters of a source line shown each side of the finding's span

STYLE = """
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
margin:0 auto;max-width:1240px;padding:16px 24px;color:#1b1b1b;background:#fff}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;
border-bottom:1px solid #ccc;padding-bottom:4px}h3{font-size:15px;margin:14px 0 4px}
.summary{margin:0 0 12px;color:#333}
dl.totals{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
dl.totals div{border:1px solid #bbb;border-radius:6px;padding:8px 14px;min-width:110px}
dl.totals dt{font-size:12px;color:#444;text-transform:uppercase;letter-spacing:.04em;
white-space:nowrap}
dl.totals dd{margin:0;font-size:24px;font-weight:600;white-space:nowrap}
dl.totals dd.more{font-size:12px;font-weight:400;color:#444}
th{white-space:nowrap}form.filter label{white-space:nowrap}
table{border-collapse:collapse;margin:6px 0 10px}
th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #e2e2e2;vertical-align:top}
th{font-size:12px;color:#333;border-bottom:2px solid #999}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font:12px/1.4 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:6px 0;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:5px}
svg.columns{max-width:100%;height:auto}svg .tick{font-size:10px;fill:#333}
svg.defs{position:absolute}
.sev-error{font-weight:600;color:#a33a00}.sev-warning{color:#5c4a00}
.sev-error::before{content:"\\2716  "}.sev-warning::before{content:"\\25B2  "}
pre.src{margin:3px 0 0;padding:3px 6px;background:#f4f4f4;border-left:3px solid #999;
white-space:pre-wrap;word-break:break-all}
pre.src mark{background:#ffe08a;text-decoration:underline wavy #a33a00}
form.filter{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin:8px 0;
padding:8px;background:#f4f4f4;border-radius:6px}
form.filter label{display:flex;flex-direction:column;font-size:12px;gap:2px}
form.filter input,form.filter select{font:inherit;padding:2px 4px;max-width:260px}
#findings{width:100%;table-layout:fixed}#findings td{overflow-wrap:anywhere}
#findings th:nth-child(1){width:25%}#findings th:nth-child(2){width:8%}
#findings th:nth-child(3){width:6%}#findings th:nth-child(5){width:12%}
table.worst td:first-child,table.hosts td:first-child{overflow-wrap:anywhere}
.muted{color:#555}details pre{white-space:pre-wrap;background:#f8f8f8;padding:8px}
form.filter[hidden]{display:none}@media print{form.filter{display:none}}
"""

SCRIPT = """
(function () {
  var form = document.getElementById("filter");
  var rows = document.querySelectorAll("#findings tbody tr");
  var shown = document.getElementById("shown");
  function apply() {
    var code = form.elements.code.value, severity = form.elements.severity.value;
    var provider = form.elements.provider.value;
    var path = form.elements.path.value.toLowerCase(), count = 0;
    for (var i = 0; i < rows.length; i++) {
      var d = rows[i].dataset;
      var keep = (!code || d.code === code) && (!severity || d.severity === severity) &&
        (!provider || d.provider === provider) &&
        (!path || d.path.toLowerCase().indexOf(path) !== -1);
      rows[i].hidden = !keep;
      if (keep) count++;
    }
    shown.textContent = String(count);
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var links = document.querySelectorAll("a[data-code]");
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", function (event) {
      form.reset();
      form.elements.code.value = event.currentTarget.dataset.code;
      apply();
    });
  }
  form.hidden = false;
  apply();
})();
"""


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# Only the page's own style and script run; nothing loads from anywhere (images: none but SVG).
POLICY = (
    f"default-src 'none'; style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)};"
    " img-src data:; base-uri 'none'; form-action 'none'"
)


def esc(value: object) -> str:
    """Text from a file (or anything) as HTML text or a quoted attribute value: non-printable
    characters as visible escapes, then `& < > " '` as character references."""
    return html.escape(visible(str(value)), quote=True)


def _lines(text: str) -> str:
    """Text of many lines (a rule's documentation), each escaped as `esc` does."""
    return "\n".join(esc(line) for line in text.split("\n"))


def render(results, *, color: bool = False, report_dir: str | None = None) -> str:
    """The page. `report_dir`: the folder the page is written to (`-o`'s), which the links to
    the files are made relative to; None for the current folder (`-o report.html`, `>`)."""
    t = tally(results)
    codes = {code.code: code for code in all_codes()}
    out = [
        "<!DOCTYPE html>\n",
        '<html lang="en"><head><meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        "<title>fmlint report</title>\n",
        f"<style>{STYLE}</style>\n</head><body>\n",
        charts.definitions(),
        "\n<h1>fmlint report</h1>\n",
        f'<p class="summary">{esc(_summary(t))} <span class="muted">fmlint {esc(__version__)}'
        "</span></p>\n",
        _totals(t, fixable_words(results).strip()),
    ]
    if results.errors:
        out.append("<h2>Paths that could not be read</h2>\n<ul>\n")
        out += [f"<li><code>{esc(e.path)}</code>: {esc(e.message)}</li>\n" for e in results.errors]
        out.append("</ul>\n")
    out += [
        _months(t),
        _per_code(t, codes),
        _providers(t),
        _worst(t),
        _hosts(t),
        _table(results, t, report_dir),
        _rules(t, codes),
        f"<script>{SCRIPT}</script>\n</body></html>\n",
    ]
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _summary(t) -> str:
    if not (t.errors or t.warnings):
        return f"No findings in {_plural(t.files, 'file')}."
    return (
        f"{_plural(t.errors, 'error')} and {_plural(t.warnings, 'warning')} in "
        f"{t.files - t.clean:,} of {_plural(t.files, 'file')}."
    )


def _totals(t, fixes: str) -> str:
    """The cards; Fixable counts what `--fix` fixes, as the summary line does, and says how many
    more `--unsafe-fixes` would (never a bare 0 when there are fixes), and `fixes` (the summary
    line's own words on them) follows the cards."""
    items = [
        ("files", "Files", t.files),
        ("clean", "Clean files", t.clean),
        ("errors", "Errors", t.errors),
        ("warnings", "Warnings", t.warnings),
        ("fixable", "Fixable", t.fixable),
    ]
    cells = []
    for key, label, value in items:
        more = ""
        if key == "fixable" and t.unsafe_fixable:
            also = " more" if t.fixable else ""  # "0 / 21 with --unsafe-fixes"
            more = (
                f'<dd class="more" data-more="unsafe-fixable">{t.unsafe_fixable:,}{also} with'
                " <code>--unsafe-fixes</code></dd>"
            )
        cells.append(f'<div><dt>{label}</dt><dd data-total="{key}">{value:,}</dd>{more}</div>')
    words = f'<p class="muted" id="fixes">{esc(fixes)}</p>\n' if fixes else ""
    return f'<dl class="totals">{"".join(cells)}</dl>\n{words}'


def _severity_parts(row) -> list:
    return [(row.errors, charts.ERROR_FILL), (row.warnings, charts.WARNING_FILL)]


def _severity_legend() -> str:
    return (
        '<ul class="legend">'
        f"<li>{charts.swatch(charts.ERROR_FILL)} errors (hatched)</li>"
        f"<li>{charts.swatch(charts.WARNING_FILL)} warnings (plain)</li></ul>\n"
    )


def _per_code(t, codes: dict) -> str:
    if not t.codes:
        return ""
    top = max(row.findings for row in t.codes)
    out = [
        '<h2 id="codes">Findings per code</h2>\n',
        _severity_legend(),
        '<table class="codes"><thead><tr><th>code</th><th>rule</th><th>family</th>'
        '<th class="n">findings</th><th class="n">errors</th><th class="n">warnings</th>'
        '<th class="n">files</th><th></th></tr></thead><tbody>\n',
    ]
    for row in t.codes:
        code = codes.get(row.name)
        name = esc(code.name) if code else ""
        if code is not None:
            name = f'<a href="{esc(rule_url(code))}">{name}</a>'
        out.append(
            f'<tr data-code="{esc(row.name)}"><td><a href="#findings" data-code="{esc(row.name)}"'
            f' title="show these findings">{esc(row.name)}</a></td><td>{name}</td>'
            f"<td>{esc(family(row.name))}</td>"
            f'<td class="n">{row.findings:,}</td><td class="n">{row.errors:,}</td>'
            f'<td class="n">{row.warnings:,}</td><td class="n">{row.files:,}</td>'
            f"<td>{charts.bar(_severity_parts(row), top)}</td></tr>\n"
        )
    out.append("</tbody></table>\n")
    return "".join(out)


def _family_counts(counts: dict) -> list:
    return [counts.get(name, 0) for name in FAMILY_NAMES]


def _months(t) -> str:
    if not t.months and not t.undated:
        return ""
    out = [
        '<h2 id="months">Findings by publishing month</h2>\n',
        '<p id="months-caption" class="muted">Findings in records by the month of their'
        " <code>publishedDateTime</code>, stacked by family.</p>\n",
        '<ul class="legend">',
        *(
            f"<li>{charts.swatch(charts.family_fill(i))} {esc(name)}</li>"
            for i, name in enumerate(FAMILY_NAMES)
        ),
        "</ul>\n",
    ]
    columns = []
    for month, counts in t.months:
        parts = ", ".join(f"{name} {counts[name]}" for name in FAMILY_NAMES if counts.get(name))
        title = f"{month}: {_plural(sum(counts.values()), 'finding')}"
        columns.append(
            (month, esc(f"{title} ({parts})" if parts else title), _family_counts(counts))
        )
    out.append(charts.stacked_columns(columns, len(FAMILY_NAMES)))
    if t.undated:
        out.append(
            f'<p class="muted" data-undated="{sum(t.undated.values())}">'
            f"{_plural(sum(t.undated.values()), 'finding')} in records without a readable"
            " <code>publishedDateTime</code> are not in the chart.</p>\n"
        )
    head = "".join(f'<th class="n">{esc(name)}</th>' for name in FAMILY_NAMES)
    out.append(
        "<details><summary>The same numbers as a table</summary>"
        f'<table class="months"><thead><tr><th>month</th>{head}<th class="n">total</th></tr>'
        "</thead><tbody>\n"
    )
    rows = [*t.months, *([("no date", t.undated)] if t.undated else [])]
    for month, counts in rows:
        if not counts:
            continue
        cells = "".join(f'<td class="n">{c}</td>' for c in _family_counts(counts))
        out.append(
            f'<tr data-month="{esc(month)}"><td>{esc(month)}</td>{cells}'
            f'<td class="n">{sum(counts.values())}</td></tr>\n'
        )
    out.append("</tbody></table></details>\n")
    return "".join(out)


def _ranking(rows, *, title: str, anchor_id: str, label: str, note: str = "") -> str:
    if not rows:
        return ""
    top = max(row.findings for row in rows)
    out = [
        f'<h2 id="{anchor_id}">{title}</h2>\n',
        note,
        f'<table class="{anchor_id}"><thead><tr><th>{label}</th><th class="n">findings</th>'
        '<th class="n">errors</th><th class="n">warnings</th><th class="n">files</th>'
        "<th>codes</th><th></th></tr></thead><tbody>\n",
    ]
    for row in rows:
        codes = ", ".join(f"{code} \u00d7{n}" for code, n in sorted(row.codes.items()))
        out.append(
            f'<tr data-name="{esc(row.name)}"><td>{esc(row.name)}</td>'
            f'<td class="n">{row.findings:,}</td><td class="n">{row.errors:,}</td>'
            f'<td class="n">{row.warnings:,}</td><td class="n">{row.files:,}</td>'
            f"<td>{esc(codes)}</td><td>{charts.bar(_severity_parts(row), top)}</td></tr>\n"
        )
    out.append("</tbody></table>\n")
    return "".join(out)


def _providers(t) -> str:
    return _ranking(
        t.providers,
        title="Providers with the most findings",
        anchor_id="providers",
        label="provider",
    )


def _hosts(t) -> str:
    note = (
        '<p class="muted">URL and image findings by the host of the URL they name (in the'
        " message or on the line): on an <code>--online</code> run, where dead links and"
        " pictures of the wrong size are.</p>\n"
    )
    return _ranking(
        t.hosts, title="URL and image findings by host", anchor_id="hosts", label="host", note=note
    )


def _worst(t) -> str:
    if not t.worst:
        return ""
    top = max(row.findings for row in t.worst)
    out = [
        '<h2 id="worst">Files with the most findings</h2>\n',
        '<table class="worst"><thead><tr><th>file</th><th class="n">errors</th>'
        '<th class="n">warnings</th><th>provider</th><th>month</th><th>codes</th><th></th>'
        "</tr></thead><tbody>\n",
    ]
    for row in t.worst:
        codes = ", ".join(f"{code} \u00d7{n}" for code, n in sorted(row.codes.items()))
        out.append(
            f'<tr data-name="{esc(row.name)}"><td><code>{esc(row.name)}</code></td>'
            f'<td class="n">{row.errors:,}</td><td class="n">{row.warnings:,}</td>'
            f"<td>{esc(row.facts.get('provider', ''))}</td>"
            f"<td>{esc(row.facts.get('month', ''))}</td><td>{esc(codes)}</td>"
            f"<td>{charts.bar(_severity_parts(row), top)}</td></tr>\n"
        )
    out.append("</tbody></table>\n")
    return "".join(out)


def _options(values, label_all: str, name: str, label: str) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
    return (
        f'<label>{label}<select name="{name}"><option value="">{label_all}</option>'
        f"{options}</select></label>"
    )


def file_href(path: str, report_dir: str | None = None) -> str | None:
    """The URL a finding's file is linked by, HTML-escaped for an attribute: `./` and the path
    relative to `report_dir` (the current folder when None), or `file:///` and an absolute path,
    percent-encoded (`quote`: `:` too, so no scheme; a name's undecodable bytes as they are on
    disk). None for stdin, which has no file."""
    if path == "<stdin>":
        return None
    url = None
    if report_dir is not None or not os.path.isabs(path):
        try:
            relative = os.path.relpath(os.path.abspath(path), os.path.abspath(report_dir or "."))
        except ValueError:  # another drive (Windows): only an absolute URL reaches it
            relative = None
        if relative is not None:
            url = "./" + quote(relative.replace(os.sep, "/"), safe="/", errors="surrogateescape")
    if url is None:
        absolute = os.path.abspath(path).replace(os.sep, "/").lstrip("/")
        url = "file:///" + quote(absolute, safe="/", errors="surrogateescape")
    return html.escape(url, quote=True)


def _in_order(results) -> list:
    """(file result, finding): the errors first, then the warnings, each in the report's order."""
    found = [(result, d) for result in results.files for d in result.diagnostics]
    return sorted(found, key=lambda pair: pair[1].severity != "error")


def _table(results, t, report_dir: str | None = None) -> str:
    total = t.errors + t.warnings
    if not total:
        return ""
    providers = sorted(
        {dict(r.facts).get("provider", NO_PROVIDER) for r in results.files if r.diagnostics}
    )
    out = [
        '<h2 id="findings">Findings</h2>\n',
        '<form id="filter" class="filter" hidden>',
        _options(
            [row.name for row in sorted(t.codes, key=lambda r: r.name)],
            "every code",
            "code",
            "code",
        ),
        _options(["error", "warning"], "both", "severity", "severity"),
        '<label>path contains<input name="path" type="search" autocomplete="off"></label>',
        _options(providers, "every provider", "provider", "provider"),
        f'<span>showing <output id="shown">{total}</output> of {total:,}</span></form>\n',
        '<table id="findings"><thead><tr><th>where</th><th>severity</th><th>code</th>'
        "<th>finding</th><th>provider</th></tr></thead><tbody>\n",
    ]
    hrefs: dict = {}
    for number, (result, d) in enumerate(_in_order(results), 1):
        provider = dict(result.facts).get("provider", NO_PROVIDER)
        where = f"<code>{esc(f'{d.path}:{d.line}:{d.column}')}</code>"
        if d.path not in hrefs:
            hrefs[d.path] = file_href(d.path, report_dir)
        if hrefs[d.path] is not None:
            where = f'<a class="file" href="{hrefs[d.path]}">{where}</a>'
        out.append(
            f'<tr id="f{number}" data-code="{esc(d.code)}" data-severity="{esc(d.severity)}"'
            f' data-path="{esc(d.path)}" data-provider="{esc(provider)}" data-line="{d.line}"'
            f' data-column="{d.column}" data-end-line="{d.end_line}"'
            f' data-end-column="{d.end_column}">'
            f'<td class="loc">{where}</td>'
            f'<td class="sev-{esc(d.severity)}">{esc(d.severity)}</td>'
            f'<td><a href="#rule-{esc(d.code)}">{esc(d.code)}</a></td>'
            f'<td class="msg"><span class="message">{esc(d.message)}</span>'
            f"{_source(d, result.lines.get(d.line))}</td>"
            f"<td>{esc(provider)}</td></tr>\n"
        )
    out.append("</tbody></table>\n")
    return "".join(out)


def _source(d, line: str | None) -> str:
    """The finding's source line, its span marked, cut to SOURCE_LIMIT characters each side."""
    if line is None:
        return ""
    start = min(d.column - 1, len(line))
    end = max(start, min(d.end_column - 1 if d.end_line == d.line else len(line), len(line)))
    before, inside, after = line[:start], line[start:end], line[end:]
    if len(before) > SOURCE_LIMIT:
        before = "\u2026" + before[-SOURCE_LIMIT:]
    if len(inside) > SOURCE_LIMIT:
        inside = inside[:SOURCE_LIMIT] + "\u2026"
    if len(after) > SOURCE_LIMIT:
        after = after[:SOURCE_LIMIT] + "\u2026"
    return (
        f'<pre class="src"><span class="muted">{d.line} | </span>{esc(before)}'
        f"<mark>{esc(inside)}</mark>{esc(after)}</pre>"
    )


def _rules(t, codes: dict) -> str:
    found = [codes[row.name] for row in sorted(t.codes, key=lambda r: r.name) if row.name in codes]
    if not found:
        return ""
    out = ['<h2 id="rules">The rules found here</h2>\n']
    for code in found:
        link = f' <a href="{esc(rule_url(code))}">{esc(code.code)} documentation</a>'
        text = code.documentation.strip() + "\n" + options_text(code)
        out.append(
            f'<section id="rule-{esc(code.code)}"><h3>{esc(heading(code))}</h3>'
            f"<p>{esc(code.summary)}{link}</p>"
            f"<details><summary>Documentation</summary><pre>{_lines(text)}</pre></details>"
            "</section>\n"
        )
    return "".join(out)
