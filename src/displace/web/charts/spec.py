"""What a chart is, for every page that draws one: a spec the template and charts.js read.

A `ChartSpec` carries the chart's words (title, one-sentence summary), its figures as a table
(the text alternative a screen reader or a browser without JavaScript gets) and `data`, the
JSON that `static/displace/charts.js` turns into a Chart.js configuration. `data` has this
shape, whatever the kind:

    {"kind": "scatter" | "bar" | "stacked-bar" | "line" | "timeline",
     "labels": [str, ...],            # categories (bar, stacked-bar, line) or rows (timeline)
     "series": [{"label": str, "tone": TONE,
                 "values": [number | null, ...],   # bar, stacked-bar, line: one per label
                 "texts": [str, ...],              # the same values as a reader writes them
                 "points": [{"x": number, "y": number | str, "text": str, "href": str}]}],
     "x": AXIS, "y": AXIS,            # {"title": str, "unit": UNIT, "currency": str,
                                      #  "min": number, "max": number} (all optional)
     "horizontal": bool, "diagonal": bool, "lang": "en" | "vi"}

Units: "percent" (0-100), "money" (with "currency"), "count", "rate", "seconds", "turn".
Tones name colours that displace.css defines on figure.chart (--chart-<tone>).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any, Literal

from django.utils.safestring import SafeString, mark_safe

__all__ = ["KINDS", "TONES", "Cell", "ChartKind", "ChartSpec", "Table", "series"]

ChartKind = Literal["scatter", "bar", "stacked-bar", "line", "timeline"]
KINDS: tuple[ChartKind, ...] = ("scatter", "bar", "stacked-bar", "line", "timeline")
# Colours that mean something (risk, good, info, the seller's blue), then a neutral palette.
TONES = ("risk", "good", "info", "accent", "muted", "c1", "c2", "c3", "c4", "c5")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a chart's table: its text, a link when it names something, and whether it
    is a figure (right-aligned)."""

    text: str
    href: str = ""
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    """A chart's figures as a table: every number the chart draws is in it."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...] = ()

    @property
    def body_html(self) -> SafeString:
        """The rows as escaped HTML: a page of charts has hundreds of cells, and a template
        loop over them costs far more than the rest of the page."""
        return mark_safe("".join(  # every text and address is escaped by _cell_html
            "<tr>" + "".join(_cell_html(cell) for cell in row) + "</tr>" for row in self.rows))


def _cell_html(cell: Cell) -> str:
    # The standard library's escape, as Django's own escape calls it, without its wrappers.
    text = escape(cell.text, quote=True)
    if cell.href:
        text = f'<a href="{escape(cell.href, quote=True)}">{text}</a>'
    return f'<td class="num">{text}</td>' if cell.numeric else f"<td>{text}</td>"


@dataclass(frozen=True)
class ChartSpec:
    """One chart: what `templates/charts/chart.html` renders and charts.js draws.

    `empty`, when set, is what to show instead of a chart (there is nothing to draw): a sentence
    that says what to do for the chart to show something.
    """

    id: str
    kind: ChartKind
    title: str
    summary: str
    data: dict[str, Any]
    table: Table
    empty: str = ""
    caption: str = ""  # how to read it, below the title (optional)
    classes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"chart {self.id!r}: kind {self.kind!r} is not one of {KINDS}")
        if self.data and self.data.get("kind") != self.kind:
            raise ValueError(f"chart {self.id!r}: data kind {self.data.get('kind')!r} "
                             f"differs from {self.kind!r}")

    @property
    def data_id(self) -> str:
        """The id of the json_script element holding `data`."""
        return f"{self.id}-data"

    @property
    def css_class(self) -> str:
        """The figure's classes: chart, its kind, and any the builder added."""
        return " ".join(("chart", f"chart-{self.kind}", *self.classes))


def series(label: str, tone: str, **fields: Any) -> dict[str, Any]:
    """One series of `data`: a label, a tone from TONES, and values/texts or points."""
    if tone not in TONES:
        raise ValueError(f"series {label!r}: tone {tone!r} is not one of {TONES}")
    return {"label": label, "tone": tone, **fields}
