"""Read an HTML report back with the standard library's HTML parser, as a browser would tokenise
it: its elements, the findings table's rows, the totals. Shared by the report's tests."""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """Every start tag (name, attributes), the rows of `#findings` and the text of the page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.rows: list[dict] = []  # a finding row's data- attributes, plus its texts
        self.totals: dict[str, str] = {}
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self._total: str | None = None
        self._row: dict | None = None
        self._cell: str | None = None
        self._cell_tag = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "dd" and "data-total" in attributes:
            self._total = attributes["data-total"]
            self.totals[self._total] = ""
        if tag == "tr" and "data-severity" in attributes:
            self._row = {**attributes, "where": "", "message": "", "source": ""}
            self.rows.append(self._row)
        if self._row is not None and self._cell is None:
            cell = {
                ("td", "loc"): "where",
                ("span", "message"): "message",
                ("pre", "src"): "source",
            }
            self._cell = cell.get((tag, attributes.get("class")))
            self._cell_tag = tag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "dd":
            self._total = None
        if tag == "tr":
            self._row = None
        if self._cell is not None and tag == self._cell_tag:
            self._cell = None

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
            return
        self.text.append(data)
        if self._total is not None:
            self.totals[self._total] += data
        if self._row is not None and self._cell is not None:
            self._row[self._cell] += data


def findings_of(page: Page) -> list[dict]:
    """The table's rows as `--output-format json` objects (texts as the page shows them)."""
    return [
        {
            "path": row["data-path"],
            "line": int(row["data-line"]),
            "column": int(row["data-column"]),
            "end_line": int(row["data-end-line"]),
            "end_column": int(row["data-end-column"]),
            "code": row["data-code"],
            "severity": row["data-severity"],
            "message": row["message"],
        }
        for row in page.rows
    ]
