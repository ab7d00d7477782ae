"""The report's charts as inline SVG, written here rather than by a chart library.

The charts are bars (stacked by family over months, and one bar per row of a ranking); a library
would add an import (matplotlib: numpy and ~0.5 s) or a script blob to every report for that.
Readable without colour: each family has a pattern as well as a colour of the Okabe-Ito palette
(distinguishable with every common colour-vision deficiency), every bar carries its numbers in a
`<title>`, and the page prints the same numbers as tables. Only numbers and fixed names reach
these functions, except the `title` texts, which the caller escapes.
"""

from __future__ import annotations

# (fill, pattern) per family, in tally.FAMILY_NAMES order. Okabe & Ito (2008), "Color Universal
# Design": safe for protanopia, deuteranopia and tritanopia.
STYLES = (
    ("#CC79A7", "dots"),  # front matter: reddish purple
    ("#0072B2", "solid"),  # schema: blue
    ("#56B4E9", "diagonal"),  # URLs: sky blue
    ("#009E73", "horizontal"),  # dates: bluish green
    ("#E69F00", "cross"),  # images: orange
    ("#F0E442", "vertical"),  # fields: yellow
    ("#999999", "backslash"),  # other: grey
)
ERROR_FILL, WARNING_FILL = "url(#sev-error)", "url(#sev-warning)"

_MARKS = {
    "solid": "",
    "dots": '<circle cx="3" cy="3" r="1.3" fill="#000"/>',
    "diagonal": '<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="#000" stroke-width="1"/>',
    "backslash": '<path d="M0,0 L6,6 M5,-1 L7,1 M-1,5 L1,7" stroke="#000" stroke-width="1"/>',
    "horizontal": '<path d="M0,3 L6,3" stroke="#000" stroke-width="1"/>',
    "vertical": '<path d="M3,0 L3,6" stroke="#000" stroke-width="1"/>',
    "cross": '<path d="M0,6 L6,0 M0,0 L6,6" stroke="#000" stroke-width="0.8"/>',
}


def _pattern(name: str, fill: str, mark: str) -> str:
    return (
        f'<pattern id="{name}" patternUnits="userSpaceOnUse" width="6" height="6">'
        f'<rect width="6" height="6" fill="{fill}"/>{_MARKS[mark]}</pattern>'
    )


def definitions() -> str:
    """One hidden SVG holding every pattern the other charts refer to by id."""
    patterns = [_pattern(f"fam-{i}", fill, mark) for i, (fill, mark) in enumerate(STYLES)]
    patterns.append(_pattern("sev-error", "#D55E00", "diagonal"))  # vermillion, hatched
    patterns.append(_pattern("sev-warning", "#F0E442", "solid"))  # yellow
    return (
        '<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>'
        + "".join(patterns)
        + "</defs></svg>"
    )


def swatch(fill: str) -> str:
    """A legend's square in a fill (`url(#fam-2)`)."""
    return (
        '<svg class="swatch" width="14" height="14" aria-hidden="true">'
        f'<rect width="14" height="14" fill="{fill}" stroke="#222" stroke-width="1"/></svg>'
    )


def family_fill(index: int) -> str:
    return f"url(#fam-{index})"


def bar(parts: list, maximum: int, *, width: int = 220) -> str:
    """A horizontal bar of `(count, fill)` parts, scaled so `maximum` fills `width`."""
    x = 0.0
    rects = []
    for count, fill in parts:
        if not count:
            continue
        w = width * count / maximum if maximum else 0
        rects.append(
            f'<rect x="{x:.1f}" y="1" width="{max(w, 1):.1f}" height="12" fill="{fill}"'
            ' stroke="#222" stroke-width="0.5"/>'
        )
        x += w
    return f'<svg class="bar" width="{width}" height="14" aria-hidden="true">{"".join(rects)}</svg>'


def stacked_columns(columns: list, families: int, *, height: int = 200) -> str:
    """Columns (`(label, title, counts per family)`), stacked bottom-up in family order, with a
    y axis of counts and a label under each column that starts a year (every column when few)."""
    n = len(columns)
    if not n:
        return ""
    step = max(6, min(28, 960 // n))
    width = step - (2 if step > 8 else 1)
    left, top, bottom = 44, 10, 46
    top_value = _nice(max(sum(counts) for _, _, counts in columns))
    scale = height / top_value
    out = [
        f'<svg class="columns" viewBox="0 0 {left + n * step + 10} {top + height + bottom}"'
        f' width="{left + n * step + 10}" height="{top + height + bottom}" role="img"'
        ' aria-labelledby="months-caption">'
    ]
    for i in range(5):  # grid lines and counts
        value = top_value // 4 * i
        y = top + height - value * scale
        out.append(
            f'<line x1="{left}" x2="{left + n * step}" y1="{y:.1f}" y2="{y:.1f}"'
            ' stroke="#bbb" stroke-width="0.5"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="tick">{value}</text>'
        )
    every = n <= 24
    for index, (label, title, counts) in enumerate(columns):
        x = left + index * step
        y = top + height
        rects = []
        for family_index, count in enumerate(counts[:families]):
            if not count:
                continue
            h = count * scale
            y -= h
            rects.append(
                f'<rect x="{x}" y="{y:.1f}" width="{width}" height="{h:.1f}"'
                f' fill="{family_fill(family_index)}" stroke="#222" stroke-width="0.4"/>'
            )
        out.append(f"<g><title>{title}</title>{''.join(rects)}</g>")
        if every or label.endswith("-01") or index == 0:
            text = label if every else label[:4]
            lx, ly = x + width / 2, top + height + 12
            out.append(
                f'<text x="{lx:.1f}" y="{ly}" class="tick" text-anchor="end"'
                f' transform="rotate(-45 {lx:.1f} {ly})">{text}</text>'
            )
    out.append(
        f'<line x1="{left}" x2="{left + n * step}" y1="{top + height}" y2="{top + height}"'
        ' stroke="#222" stroke-width="1"/></svg>'
    )
    return "".join(out)


def _nice(value: int) -> int:
    """The top of the axis: four times the smallest step of 1, 2 or 5 times a power of ten that
    reaches `value` in four steps (so every grid line is a whole, round count)."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if 4 * factor * power >= value:
                return 4 * factor * power
        power *= 10
