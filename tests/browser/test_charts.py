"""The charts in a real browser, on the demo team: Chart.js draws each one under the
Content-Security-Policy with what the page says (a point or a bar per row of the figures'
table), a click on a point goes where it says, and every chart fits a 390 px phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api
import pytest

pytestmark = pytest.mark.browser

PHONE: playwright_api.ViewportSize = {"width": 390, "height": 844}
DRAWN = "() => [...document.querySelectorAll('figure.chart[data-chart] canvas')]" \
        ".every(c => window.Chart && Chart.getChart(c))"
# Per chart: its id, kind, the elements Chart.js drew per dataset, the rows of its table.
CHARTS = """() => [...document.querySelectorAll('figure.chart[data-chart]')].map(f => {
  const chart = Chart.getChart(f.querySelector('canvas'));
  return {id: f.id, type: chart.config.type,
          drawn: chart.data.datasets.map((d, i) => chart.getDatasetMeta(i).data.length),
          rows: f.querySelectorAll('details table tbody tr').length,
          label: f.querySelector('canvas').getAttribute('aria-label'),
          animated: chart.options.animation !== false};
})"""
# Where on the page Chart.js drew the first point of a chart's first non-empty dataset.
FIRST_POINT = """(id) => {
  const canvas = document.querySelector('#' + id + ' canvas');
  const chart = Chart.getChart(canvas);
  const i = chart.data.datasets.findIndex(d => d.data.length);
  const point = chart.getDatasetMeta(i).data[0];
  const box = canvas.getBoundingClientRect();
  return {x: box.left + point.x, y: box.top + point.y, href: chart.data.datasets[i].data[0].href};
}"""
TOO_WIDE = """(width) => [...document.querySelectorAll('figure.chart')]
  .filter(f => f.getBoundingClientRect().right > width + 0.5
            || (f.querySelector('canvas') && f.querySelector('canvas').getBoundingClientRect().right
                > f.getBoundingClientRect().right + 0.5)).map(f => f.id)"""


def _watch(page: playwright_api.Page) -> list[str]:
    """Console errors (a refused script or style among them) and uncaught exceptions."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" or "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def _sign_in(page: playwright_api.Page, base: str, username: str, lang: str) -> None:
    page.goto(base + "login/")
    if page.locator("html").get_attribute("lang") != lang:
        page.locator(f"form.language button[value='{lang}']").click()
        page.wait_for_load_state()
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(f"{username}-demo-pass")
    page.locator("main form button").click()
    page.wait_for_load_state()
    if page.locator("html").get_attribute("lang") != lang:
        page.locator(f"form.language button[value='{lang}']").click()
        page.wait_for_load_state()


def _charts(page: playwright_api.Page) -> dict[str, dict[str, Any]]:
    page.wait_for_function(DRAWN)
    return {chart["id"]: chart for chart in page.evaluate(CHARTS)}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_conversation_and_manager_charts_draw_what_their_tables_say(
    demo_server: str, page: playwright_api.Page, artefacts: Path, lang: str
) -> None:
    expect = playwright_api.expect
    problems = _watch(page)
    # Drawn at once, without animation (charts.js follows the setting): a point is where it
    # stays, for the clicks below.
    page.emulate_media(reduced_motion="reduce")
    _sign_in(page, demo_server, "ruth", lang)

    # The demo's first call: its analysis runs in the background; the page reloads when done.
    page.goto(demo_server + "conversations/1/")
    expect(page.locator("figure#findings-timeline")).to_be_visible(timeout=120_000)
    charts = _charts(page)
    talk, timeline = charts["talk-share"], charts["findings-timeline"]
    assert talk["type"] == "bar" and sum(talk["drawn"]) == talk["rows"] >= 2
    assert timeline["type"] == "scatter"
    assert sum(timeline["drawn"]) == timeline["rows"] > 0
    expect(page.locator("#findings-timeline details table")).to_be_attached()
    page.screenshot(path=str(artefacts / "conversation-charts.png"))
    point = page.evaluate(FIRST_POINT, "findings-timeline")
    assert re.fullmatch(r"#s-\d+", point["href"])
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function(f"() => location.hash === '{point['href']}'")
    expect(page.locator(point["href"])).to_be_attached()  # the sentence is there to land on

    page.goto(demo_server + "manager/")
    charts = _charts(page)
    scatter = charts["confidence-scatter"]
    # The demo team's open deals (about thirty), each with both figures.
    assert scatter["type"] == "scatter" and sum(scatter["drawn"]) == scatter["rows"] >= 20
    for currency in ("usd", "vnd"):  # the demo sells in both; never added together
        bars = charts[f"stage-value-{currency}"]
        assert bars["drawn"] == [5, 5, 5]  # value, × evidence, × confidence for 5 open stages
        assert bars["rows"] == 6  # the 5 stages and their total
    lines = [c for key, c in charts.items() if key.startswith("hot-spots-")]
    assert lines, "the demo calls' risks make at least one rep's hot-spots"
    for chart in lines:
        assert chart["type"] == "line" and set(chart["drawn"]) == {chart["rows"]} == {12}
    assert all(chart["label"] for chart in charts.values())  # each canvas says what it shows
    assert not any(chart["animated"] for chart in charts.values())  # prefers-reduced-motion
    page.screenshot(path=str(artefacts / "manager-charts.png"), full_page=True)
    # Below the flagged deals: brought into view, where the mouse can reach it.
    page.locator("figure#confidence-scatter canvas").scroll_into_view_if_needed()
    point = page.evaluate(FIRST_POINT, "confidence-scatter")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(r"/deals/\d+/$"))

    page.set_viewport_size(PHONE)
    for name, address in (("manager", "manager/"), ("conversation", "conversations/1/")):
        page.goto(demo_server + address)
        _charts(page)
        assert page.evaluate(TOO_WIDE, PHONE["width"]) == [], address
        page.screenshot(path=str(artefacts / f"{name}-charts-390.png"), full_page=True)
    assert problems == []
