"""A chart spec: the kinds charts.js draws, the tones the stylesheet colours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from displace.web.charts import TONES, Cell, ChartSpec, Table, series

STATIC = Path(__file__).resolve().parents[3] / "src" / "displace" / "web" / "static" / "displace"


def test_a_chart_refuses_a_kind_charts_js_does_not_draw() -> None:
    with pytest.raises(ValueError, match="pie"):
        ChartSpec(id="c", kind="pie", title="", summary="", data={},  # type: ignore[arg-type]
                  table=Table(()))


def test_a_chart_refuses_data_drawn_as_another_kind() -> None:
    with pytest.raises(ValueError, match="line"):
        ChartSpec(id="c", kind="bar", title="", summary="", data={"kind": "line"},
                  table=Table(()))


def test_a_series_refuses_a_tone_the_stylesheet_does_not_colour() -> None:
    assert series("Value", "good", values=[1])["tone"] == "good"
    with pytest.raises(ValueError, match="pink"):
        series("Value", "pink")


def test_the_stylesheet_colours_every_tone_and_charts_js_draws_every_kind() -> None:
    css = (STATIC / "displace.css").read_text(encoding="utf-8")
    script = (STATIC / "charts.js").read_text(encoding="utf-8")
    for tone in (*TONES, "ink", "grid"):
        assert re.search(rf"--chart-{tone}:", css), tone
    for kind in ("scatter", "bar", "stacked-bar", "line", "timeline"):
        assert f'case "{kind}":' in script, kind


def test_a_charts_data_sits_in_an_element_named_after_it() -> None:
    chart = ChartSpec(id="talk-share", kind="stacked-bar", title="t", summary="s",
                      data={"kind": "stacked-bar"}, table=Table(("a",)), classes=("small",))
    assert chart.data_id == "talk-share-data"
    assert chart.css_class == "chart chart-stacked-bar small"


def test_a_tables_rows_are_escaped_linked_and_figures_aligned() -> None:
    table = Table(("Deal", "Value"), ((Cell("<b>Kestrel</b> & co", href='/deals/1/?a="x"'),
                                       Cell("$1,000", numeric=True)),))
    assert str(table.body_html) == (
        '<tr><td><a href="/deals/1/?a=&quot;x&quot;">&lt;b&gt;Kestrel&lt;/b&gt; &amp; co</a>'
        '</td><td class="num">$1,000</td></tr>')
